//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod recording;

use std::path::{Path, PathBuf};

/// The repository root (the workspace).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("generator/ has a parent").to_path_buf()
}

/// `../shared` beside the repository.
pub fn shared_dir() -> PathBuf {
    repo_root().parent().expect("the repo has a parent").join("shared")
}

/// One client to generate in a test: a name and its spec documents.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub specs: Vec<PathBuf>,
}

/// The vendor clients of `clientgen.toml`.
pub fn vendor_cases() -> Vec<Case> {
    #[derive(serde::Deserialize)]
    struct Config {
        clients: std::collections::BTreeMap<String, Client>,
    }
    #[derive(serde::Deserialize)]
    struct Client {
        specs: Vec<PathBuf>,
    }
    let root = repo_root();
    let text = std::fs::read_to_string(root.join("clientgen.toml")).expect("clientgen.toml is readable");
    let config: Config = toml::from_str(&text).expect("clientgen.toml parses");
    config
        .clients
        .into_iter()
        .map(|(name, client)| Case { name, specs: client.specs.iter().map(|s| root.join(s)).collect() })
        .collect()
}

/// The fixture specs under `generator/tests/fixtures` (the multi-file one by its root).
pub fn fixture_cases() -> Vec<Case> {
    let dir = repo_root().join("generator/tests/fixtures");
    let mut cases: Vec<Case> = std::fs::read_dir(&dir)
        .expect("fixtures folder is readable")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .map(|path| Case { name: crate_name(&path), specs: vec![path] })
        .collect();
    cases.push(Case { name: "external".into(), specs: vec![dir.join("external/root.yaml")] });
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// A crate name from a file name: `maps-and-formats.yaml` → `maps_and_formats`.
pub fn crate_name(path: &Path) -> String {
    let stem = path.file_name().and_then(|n| n.to_str()).unwrap_or("spec");
    let stem = stem.split('.').next().unwrap_or(stem);
    stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect()
}

/// A builder for a case, with spec paths shown relative to the repository root.
pub fn builder(case: &Case) -> clientgen::Builder {
    // Vendor clients are generated as clientgen.toml says (both ways); fixtures with the default.
    let both = vendor_cases().iter().any(|v| v.name == case.name && v.specs == case.specs);
    let mut builder =
        clientgen::Builder::new().crate_name(&case.name).source_root(repo_root()).serialize_both_ways(both);
    for spec in &case.specs {
        builder = builder.spec(spec);
    }
    builder
}

/// An example from a spec document, by JSON pointer.
pub fn spec_example(spec: &str, pointer: &str) -> serde_json::Value {
    let path = repo_root().join(spec);
    let text = std::fs::read_to_string(&path).expect("spec is readable");
    let document = clientgen::load::parse_document(&text, spec).expect("spec parses");
    document.pointer(pointer).unwrap_or_else(|| panic!("{spec} has no example at {pointer}")).clone()
}

/// Fails if anything in `original` is missing or different in `reencoded`. Timestamps compare
/// as instants (`…00.000000Z` and `…00+00:00` are the same time); a `null` may be omitted.
pub fn assert_nothing_lost(what: &str, original: &serde_json::Value, reencoded: &serde_json::Value, path: &str) {
    use serde_json::Value;
    match (original, reencoded) {
        (Value::Object(o), Value::Object(r)) => {
            for (key, value) in o {
                match r.get(key) {
                    Some(inner) => assert_nothing_lost(what, value, inner, &format!("{path}/{key}")),
                    None if value.is_null() => {}
                    None => {
                        panic!("{what}: {path}/{key} was lost when decoding and encoding again")
                    }
                }
            }
        }
        (Value::Array(o), Value::Array(r)) => {
            assert_eq!(o.len(), r.len(), "{what}: {path} changed length");
            for (index, (a, b)) in o.iter().zip(r).enumerate() {
                assert_nothing_lost(what, a, b, &format!("{path}/{index}"));
            }
        }
        (Value::String(a), Value::String(b)) if a != b => {
            let instant = |s: &str| chrono::DateTime::parse_from_rfc3339(s).ok();
            assert!(instant(a).is_some() && instant(a) == instant(b), "{what}: {path} changed from {a:?} to {b:?}");
        }
        (Value::Number(a), Value::Number(b)) => {
            assert_eq!(a.as_f64(), b.as_f64(), "{what}: {path} changed")
        }
        (a, b) => assert_eq!(a, b, "{what}: {path} changed"),
    }
}
