//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod recording;

use std::path::{Path, PathBuf};

/// The repository root (the workspace).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("generator/ has a parent")
        .to_path_buf()
}

/// `../shared` beside the repository.
pub fn shared_dir() -> PathBuf {
    repo_root()
        .parent()
        .expect("the repo has a parent")
        .join("shared")
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
    let text =
        std::fs::read_to_string(root.join("clientgen.toml")).expect("clientgen.toml is readable");
    let config: Config = toml::from_str(&text).expect("clientgen.toml parses");
    config
        .clients
        .into_iter()
        .map(|(name, client)| Case {
            name,
            specs: client.specs.iter().map(|s| root.join(s)).collect(),
        })
        .collect()
}

/// The fixture specs under `generator/tests/fixtures` (the multi-file one by its root).
pub fn fixture_cases() -> Vec<Case> {
    let dir = repo_root().join("generator/tests/fixtures");
    let mut cases: Vec<Case> = std::fs::read_dir(&dir)
        .expect("fixtures folder is readable")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .map(|path| Case {
            name: crate_name(&path),
            specs: vec![path],
        })
        .collect();
    cases.push(Case {
        name: "external".into(),
        specs: vec![dir.join("external/root.yaml")],
    });
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// A crate name from a file name: `maps-and-formats.yaml` → `maps_and_formats`.
pub fn crate_name(path: &Path) -> String {
    let stem = path.file_name().and_then(|n| n.to_str()).unwrap_or("spec");
    let stem = stem.split('.').next().unwrap_or(stem);
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// A builder for a case, with spec paths shown relative to the repository root.
pub fn builder(case: &Case) -> clientgen::Builder {
    let mut builder = clientgen::Builder::new()
        .crate_name(&case.name)
        .source_root(repo_root());
    for spec in &case.specs {
        builder = builder.spec(spec);
    }
    builder
}
