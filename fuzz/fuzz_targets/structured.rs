//! Structure-aware: arbitrary *valid* OpenAPI documents (the grammar of
//! generator/tests/support/random_spec.rs: composition and cycles, every parameter style,
//! hostile names, a second file reached by relative `$ref`s) through load → lower → emit →
//! render. Accepted documents must render to Rust that parses (render checks with syn); refused
//! ones must carry a location.
#![no_main]

#[path = "../../generator/tests/support/random_spec.rs"]
mod random_spec;

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

fn scratch() -> PathBuf {
    let base = if std::path::Path::new("/dev/shm").is_dir() { PathBuf::from("/dev/shm") } else { std::env::temp_dir() };
    let dir = base.join(format!("clientgen-fuzz-structured-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("parts")).expect("scratch folder");
    dir
}

fuzz_target!(|data: &[u8]| {
    thread_local!(static DIR: PathBuf = scratch());
    let mut u = arbitrary::Unstructured::new(data);
    let Ok(spec) = random_spec::RandomSpec::arbitrary(&mut u) else { return };
    let root = DIR.with(|dir| {
        let root = dir.join("root.json");
        std::fs::write(&root, serde_json::to_vec(&spec.root).expect("JSON")).expect("write");
        let models = dir.join("parts/models.json");
        match &spec.models {
            Some(models_value) => std::fs::write(&models, serde_json::to_vec(models_value).expect("JSON")).expect("write"),
            None => {
                let _ = std::fs::remove_file(&models);
            }
        }
        root
    });
    match clientgen::Builder::new().spec(&root).crate_name("fuzzed").render() {
        Ok(_) => {}
        Err(clientgen::Error::Spec(error)) => assert!(!error.location.file.is_empty(), "unlocated: {error}"),
        Err(other) => panic!("a valid document was refused without a location: {other}"),
    }
});
