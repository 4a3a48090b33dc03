//! The conformance harness: does every operation of a document put on the wire what the spec
//! says, and does every response the spec allows decode? See `harness.rs` for how, and the
//! README ("Conformance") for the commands.
//!
//! ```text
//! cargo run -p clientgen --release --example conformance -- --spec path/to/openapi.yaml [--spec ...]
//!     [--ref-root DIR] [--seeds 3] [--record-only] [--report CONFORMANCE.md] [--scratch target/conformance]
//!     [--save results.json] [--from results.json ...]   # keep results; report from kept ones
//!     (documents run now replace their kept results: `--from f.json --spec a --save f.json`)
//! cargo run -p clientgen --release --example conformance -- --vendor --subset --report CONFORMANCE.md
//! cargo run -p clientgen --release --example conformance -- --folder oas-examples-3.1 --save reports/conformance-results/oas-examples-3.1.json
//! cargo run -p clientgen --release --example conformance -- --corpus --report target/conformance-corpus.md
//! ```
//!
//! Needs Prism (`npm ci`) and openapi-core (`pip install -r requirements-test.txt`).

pub mod driver;
pub mod harness;
pub mod proxy;
pub mod report;
pub mod synth;

use std::path::{Path, PathBuf};

/// One document to check.
#[derive(Debug, Clone)]
pub struct Job {
    /// How the report names it.
    pub label: String,
    /// The folder it is counted under.
    pub folder: String,
    /// A crate-name-safe name.
    pub name: String,
    pub spec: PathBuf,
    pub ref_root: Option<PathBuf>,
    /// Request cases given by hand (method name, arguments as JSON), tried besides the
    /// synthesized ones; their id is `<method>#given-<n>`.
    pub given: Vec<(String, serde_json::Value)>,
}

impl Job {
    pub fn new(label: &str, spec: PathBuf) -> Job {
        let name: String =
            label.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
        let folder = label.rsplit_once('/').map_or("", |(f, _)| f).to_owned();
        Job { label: label.to_owned(), folder, name, spec, ref_root: None, given: Vec::new() }
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the generator is in the repository").to_path_buf()
}

/// How the report names a document given by path: relative to `../shared/corpus` when it is
/// in the corpus (as `--corpus` names it, so that the reviewed attributions apply however the
/// document was given), else the path as given.
fn spec_label(spec: &Path) -> String {
    let corpus = repo().parent().map(|p| p.join("shared/corpus")).and_then(|c| c.canonicalize().ok());
    let inside = corpus.zip(spec.canonicalize().ok()).and_then(|(c, s)| s.strip_prefix(&c).ok().map(Path::to_path_buf));
    match inside {
        Some(relative) => relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"),
        None => spec.display().to_string(),
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut jobs = Vec::new();
    let mut report = None;
    let mut seeds = 3;
    let mut ref_root = None;
    let mut prism = true;
    // Where the clients, drivers and logs go; two runs at once need two.
    let mut scratch = None;
    // Results to write as JSON (--save), and results of earlier runs to report with (--from).
    let mut save = None;
    let mut saved = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--spec" => {
                let spec = PathBuf::from(args.next().expect("--spec takes a path"));
                jobs.push(Job::new(&spec_label(&spec), spec));
            }
            "--corpus" => jobs.extend(report::corpus_jobs(&repo())),
            "--folder" => {
                let folder = args.next().expect("--folder takes a corpus folder, e.g. oas-examples-3.1");
                let before = jobs.len();
                jobs.extend(
                    report::corpus_jobs(&repo()).into_iter().filter(|j| j.label.starts_with(&format!("{folder}/"))),
                );
                if jobs.len() == before {
                    eprintln!("no corpus document under {folder}");
                    std::process::exit(2);
                }
            }
            "--vendor" => jobs.extend(report::vendor_jobs(&repo())),
            "--subset" => jobs.extend(report::subset_jobs(&repo())),
            "--report" => report = Some(PathBuf::from(args.next().expect("--report takes a path"))),
            "--seeds" => seeds = args.next().and_then(|s| s.parse().ok()).expect("--seeds takes a number"),
            "--record-only" => prism = false,
            "--ref-root" => ref_root = Some(PathBuf::from(args.next().expect("--ref-root takes a folder"))),
            "--scratch" => scratch = Some(PathBuf::from(args.next().expect("--scratch takes a folder"))),
            "--save" => save = Some(PathBuf::from(args.next().expect("--save takes a path"))),
            "--from" => {
                let path = PathBuf::from(args.next().expect("--from takes a path"));
                let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                saved.extend(serde_json::from_str::<Vec<harness::DocResult>>(&text).expect("results saved by --save"));
            }
            other => {
                eprintln!("unknown argument {other}; see the module docs of generator/examples/conformance/main.rs");
                std::process::exit(2);
            }
        }
    }
    if jobs.is_empty() && !saved.is_empty() {
        // Only a report of saved results (attributions are reviewed again, nothing is run).
        let text = report::render(&saved);
        match report {
            Some(path) => std::fs::write(&path, &text).expect("write the report"),
            None => print!("{text}"),
        }
        return;
    }
    if jobs.is_empty() {
        eprintln!("nothing to check: give --spec PATH (repeatable), --vendor, --subset or --corpus");
        std::process::exit(2);
    }
    if let Some(root) = ref_root {
        for job in &mut jobs {
            job.ref_root.get_or_insert(root.clone());
        }
    }
    let scratch = scratch.unwrap_or_else(|| repo().join("target/conformance"));
    let options = harness::Options { scratch, seeds, repo: repo(), prism };
    let mut results = harness::run(jobs, &options);
    // A document run now replaces its saved result (a re-run of a few documents of a folder).
    let mut combined: Vec<harness::DocResult> =
        saved.into_iter().filter(|old| !results.iter().any(|new| new.label == old.label)).collect();
    combined.append(&mut results);
    if let Some(path) = save {
        std::fs::write(&path, serde_json::to_string(&combined).expect("results serialize")).expect("write the results");
    }
    let text = report::render(&combined);
    match report {
        Some(path) => std::fs::write(&path, &text).expect("write the report"),
        None => print!("{text}"),
    }
    let failing: usize = combined.iter().map(|r| r.ops.iter().filter(|o| !o.passed()).count()).sum();
    let broken = combined.iter().filter(|r| r.error.is_some()).count();
    eprintln!("conformance: {failing} failing operation(s), {broken} document(s) not run");
}
