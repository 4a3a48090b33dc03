//! The round-trip oracle (see `clientgen_conformance::roundtrip`).
//!
//! ```text
//! cargo run -p clientgen-conformance --release --bin roundtrip -- --spec path/to/openapi.yaml [--spec ...]
//!     [--vendor] [--subset] [--corpus] [--folder NAME] [--count 12] [--seconds 8]
//!     [--report ROUNDTRIP.md] [--save results.json] [--from results.json ...]
//! ```
//!
//! Needs Python with `requirements-test.txt` (hypothesis-jsonschema, openapi-schema-validator).

use clientgen_conformance::{repo, report, roundtrip, roundtrip_report, spec_label, Job};
use std::path::PathBuf;

fn usage(message: &str) -> ! {
    eprintln!("{message}; see the module docs of conformance/src/bin/roundtrip.rs");
    std::process::exit(2);
}

fn main() {
    let mut jobs: Vec<Job> = Vec::new();
    let (mut report_path, mut save, mut saved) = (None::<PathBuf>, None::<PathBuf>, Vec::<roundtrip::DocResult>::new());
    let mut options =
        roundtrip::Options { scratch: repo().join("target/roundtrip"), repo: repo(), count: 12, seconds: 8 };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage(&format!("{arg} takes a value")));
        match arg.as_str() {
            "--spec" => {
                let spec = PathBuf::from(value());
                jobs.push(Job::new(&spec_label(&spec), spec));
            }
            "--vendor" => jobs.extend(report::vendor_jobs(&repo())),
            "--subset" => jobs.extend(report::subset_jobs(&repo())),
            "--corpus" => jobs.extend(report::corpus_jobs(&repo())),
            "--folder" => {
                let prefix = format!("{}/", value());
                let found: Vec<Job> =
                    report::corpus_jobs(&repo()).into_iter().filter(|j| j.label.starts_with(&prefix)).collect();
                if found.is_empty() {
                    usage(&format!("no corpus document under {prefix}"));
                }
                jobs.extend(found);
            }
            "--count" => options.count = value().parse().unwrap_or_else(|_| usage("--count takes a number")),
            "--seconds" => options.seconds = value().parse().unwrap_or_else(|_| usage("--seconds takes a number")),
            "--scratch" => options.scratch = PathBuf::from(value()),
            "--report" => report_path = Some(PathBuf::from(value())),
            "--save" => save = Some(PathBuf::from(value())),
            "--from" => {
                let path = PathBuf::from(value());
                let text =
                    std::fs::read_to_string(&path).unwrap_or_else(|e| usage(&format!("{}: {e}", path.display())));
                saved.extend(
                    serde_json::from_str::<Vec<roundtrip::DocResult>>(&text)
                        .unwrap_or_else(|e| usage(&format!("{}: not saved results: {e}", path.display()))),
                );
            }
            other => usage(&format!("unknown argument {other}")),
        }
    }
    if jobs.is_empty() && saved.is_empty() {
        usage("nothing to check: give --spec PATH, --vendor, --subset, --folder NAME or --corpus");
    }
    let mut combined = saved;
    for new in roundtrip::run(jobs, &options) {
        match combined.iter_mut().find(|old| old.label == new.label) {
            Some(old) => *old = new,
            None => combined.push(new),
        }
    }
    if let Some(path) = &save {
        std::fs::write(path, serde_json::to_string(&combined).expect("results serialize")).expect("write the results");
    }
    let text = roundtrip_report::render(&combined);
    match &report_path {
        Some(path) => std::fs::write(path, &text).expect("write the report"),
        None => print!("{text}"),
    }
    let lossy: usize = combined.iter().map(|d| d.schemas.iter().filter(|s| s.failed > 0).count()).sum();
    eprintln!(
        "roundtrip: {lossy} lossy schema(s), {} document(s) not run",
        combined.iter().filter(|d| d.error.is_some()).count()
    );
}
