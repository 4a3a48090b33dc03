//! The conformance harness: does every operation of a document put on the wire what the spec
//! says, and does every response the spec allows decode? See `harness.rs` for how, and the
//! README ("Conformance") for the commands.
//!
//! ```text
//! cargo run -p clientgen-conformance --release --bin conformance -- --spec path/to/openapi.yaml [--spec ...]
//!     [--ref-root DIR] [--seeds 3] [--record-only] [--report CONFORMANCE.md] [--scratch target/conformance]
//!     [--save results.json] [--from results.json ...]   # keep results; report from kept ones
//!     (documents run now replace their kept results: `--from f.json --spec a --save f.json`)
//! cargo run -p clientgen-conformance --release --bin conformance -- --vendor --subset --report CONFORMANCE.md
//! cargo run -p clientgen-conformance --release --bin conformance -- --folder oas-examples-3.1 --save reports/conformance-results/oas-examples-3.1.json
//! cargo run -p clientgen-conformance --release --bin conformance -- --corpus --report target/conformance-corpus.md
//! ```
//!
//! Needs Prism (`npm ci`) and openapi-core (`pip install -r requirements-test.txt`).

use clientgen_conformance::{harness, repo, report, spec_label, Job};
use std::path::{Path, PathBuf};

/// The command line.
struct Args {
    jobs: Vec<Job>,
    report: Option<PathBuf>,
    seeds: u32,
    ref_root: Option<PathBuf>,
    prism: bool,
    /// Where the clients, drivers and logs go; two runs at once need two.
    scratch: Option<PathBuf>,
    /// Results to write as JSON (`--save`), and results of earlier runs to report with (`--from`).
    save: Option<PathBuf>,
    saved: Vec<harness::DocResult>,
}

fn usage(message: &str) -> ! {
    eprintln!("{message}; see the module docs of conformance/src/bin/conformance.rs");
    std::process::exit(2);
}

/// Reads the command line; exits with a message on a wrong argument.
fn parse_args() -> Args {
    let mut a = Args {
        jobs: Vec::new(),
        report: None,
        seeds: 3,
        ref_root: None,
        prism: true,
        scratch: None,
        save: None,
        saved: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage(&format!("{arg} takes a value")));
        match arg.as_str() {
            "--spec" => {
                let spec = PathBuf::from(value());
                a.jobs.push(Job::new(&spec_label(&spec), spec));
            }
            "--corpus" => a.jobs.extend(report::corpus_jobs(&repo())),
            "--folder" => {
                let folder = value();
                let before = a.jobs.len();
                let prefix = format!("{folder}/");
                a.jobs.extend(report::corpus_jobs(&repo()).into_iter().filter(|j| j.label.starts_with(&prefix)));
                if a.jobs.len() == before {
                    usage(&format!("no corpus document under {folder}"));
                }
            }
            "--vendor" => a.jobs.extend(report::vendor_jobs(&repo())),
            "--subset" => a.jobs.extend(report::subset_jobs(&repo())),
            "--report" => a.report = Some(PathBuf::from(value())),
            "--seeds" => a.seeds = value().parse().unwrap_or_else(|_| usage("--seeds takes a number")),
            "--record-only" => a.prism = false,
            "--ref-root" => a.ref_root = Some(PathBuf::from(value())),
            "--scratch" => a.scratch = Some(PathBuf::from(value())),
            "--save" => a.save = Some(PathBuf::from(value())),
            "--from" => {
                let path = PathBuf::from(value());
                let text =
                    std::fs::read_to_string(&path).unwrap_or_else(|e| usage(&format!("{}: {e}", path.display())));
                let results = serde_json::from_str::<Vec<harness::DocResult>>(&text);
                a.saved
                    .extend(results.unwrap_or_else(|e| usage(&format!("{}: not saved results: {e}", path.display()))));
            }
            other => usage(&format!("unknown argument {other}")),
        }
    }
    a
}

/// Writes the report to `path`, or to stdout.
fn write_report(path: Option<&Path>, results: &[harness::DocResult]) {
    let text = report::render(results);
    match path {
        Some(path) => std::fs::write(path, &text).expect("write the report"),
        None => print!("{text}"),
    }
}

fn main() {
    let mut args = parse_args();
    if args.jobs.is_empty() && !args.saved.is_empty() {
        // Only a report of saved results (attributions are reviewed again, nothing is run).
        return write_report(args.report.as_deref(), &args.saved);
    }
    if args.jobs.is_empty() {
        usage("nothing to check: give --spec PATH (repeatable), --vendor, --subset or --corpus");
    }
    if let Some(root) = &args.ref_root {
        for job in &mut args.jobs {
            job.ref_root.get_or_insert(root.clone());
        }
    }
    let scratch = args.scratch.unwrap_or_else(|| repo().join("target/conformance"));
    let options = harness::Options { scratch, seeds: args.seeds, repo: repo(), prism: args.prism };
    let results = harness::run(args.jobs, &options);
    // A document run now replaces its saved result in place (a re-run of a few documents of a
    // folder keeps the report's order); a new one goes last.
    let mut combined = args.saved;
    for new in results {
        match combined.iter_mut().find(|old| old.label == new.label) {
            Some(old) => *old = new,
            None => combined.push(new),
        }
    }
    if let Some(path) = &args.save {
        std::fs::write(path, serde_json::to_string(&combined).expect("results serialize")).expect("write the results");
    }
    write_report(args.report.as_deref(), &combined);
    let failing: usize = combined.iter().map(|r| r.ops.iter().filter(|o| !o.passed()).count()).sum();
    let broken = combined.iter().filter(|r| r.error.is_some()).count();
    eprintln!("conformance: {failing} failing operation(s), {broken} document(s) not run");
}
