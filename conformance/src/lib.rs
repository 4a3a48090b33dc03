//! Tooling around clientgen that measures its clients, not an example of using the library:
//!
//! - the conformance harness (`conformance` binary): does every operation of a document put on
//!   the wire what the spec says, and does every response the spec allows decode? (`harness`,
//!   `synth`, `driver`, `proxy`; `report` renders CONFORMANCE.md from kept results);
//! - the round-trip oracle (`roundtrip` binary): does every value a schema allows survive
//!   decoding into the generated type and encoding back? (`roundtrip`; `roundtrip_report`
//!   renders ROUNDTRIP.md).
//!
//! README ("Conformance", "Round trip") has the commands.

pub mod driver;
pub mod harness;
pub mod proxy;
pub mod report;
pub mod roundtrip;
pub mod roundtrip_report;
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

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the generator is in the repository").to_path_buf()
}

/// How the report names a document given by path: relative to `../shared/corpus` when it is
/// in the corpus (as `--corpus` names it, so that the reviewed attributions apply however the
/// document was given), else the path as given.
pub fn spec_label(spec: &Path) -> String {
    let corpus = repo().parent().map(|p| p.join("shared/corpus")).and_then(|c| c.canonicalize().ok());
    let inside = corpus.zip(spec.canonicalize().ok()).and_then(|(c, s)| s.strip_prefix(&c).ok().map(Path::to_path_buf));
    match inside {
        Some(relative) => relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"),
        None => spec.display().to_string(),
    }
}

/// Stripe's document cut down to a few paths and every component they reach (the whole one has
/// 283 operations), written under target/conformance-inputs at test time: the corpus is read,
/// never copied. `only_method` keeps one method of each path, its responses cut to a plain object.
pub fn stripe_subset(paths: &[&str], only_method: Option<&str>, file_name: &str) -> PathBuf {
    use serde_json::Value;
    let text = std::fs::read_to_string(
        repo().parent().expect("the repository has a parent").join("shared/corpus/openapiv3-fixtures/stripe.yaml"),
    )
    .unwrap();
    let full: Value = serde_yaml::from_str(&text).unwrap();
    let mut cut = full.clone();
    let mut kept = serde_json::Map::new();
    for path in paths {
        let mut item = full["paths"][*path].clone();
        if let (Some(method), Value::Object(map)) = (only_method, &mut item) {
            map.retain(|key, _| key == method || key == "parameters");
            for operation in map.values_mut().filter(|v| v.get("responses").is_some()) {
                operation["responses"] = serde_json::json!({"200": {"description": "OK", "content":
                    {"application/json": {"schema": {"type": "object"}}}}});
            }
        }
        kept.insert((*path).to_owned(), item);
    }
    cut["paths"] = Value::Object(kept);
    let mut wanted: Vec<(String, String)> = Vec::new();
    fn refs(value: &Value, out: &mut Vec<(String, String)>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    let mut parts = r.trim_start_matches("#/components/").splitn(2, '/');
                    if let (Some(section), Some(name)) = (parts.next(), parts.next()) {
                        out.push((section.to_owned(), name.to_owned()));
                    }
                }
                map.values().for_each(|v| refs(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    refs(&cut["paths"], &mut wanted);
    let mut components = serde_json::Map::new();
    while let Some((section, name)) = wanted.pop() {
        let entry = components.entry(section.clone()).or_insert_with(|| Value::Object(Default::default()));
        if entry.get(&name).is_some() {
            continue;
        }
        let definition = full["components"][&section][&name].clone();
        refs(&definition, &mut wanted);
        entry[&name] = definition;
    }
    if let Some(schemes) = full["components"].get("securitySchemes") {
        components.insert("securitySchemes".into(), schemes.clone());
    }
    cut["components"] = Value::Object(components);
    let out = repo().join("target/conformance-inputs").join(file_name);
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    std::fs::write(&out, serde_json::to_vec_pretty(&cut).unwrap()).unwrap();
    out
}
