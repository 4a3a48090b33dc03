//! Accepted ⇒ compiles (issue 14): random valid documents from the grammar in
//! `support/random_spec.rs` (hostile names, composition, cycles, every parameter style, a second
//! file): every document clientgen accepts must give a crate that passes `cargo clippy -D
//! warnings`; every one it refuses must be refused with a located error. A fixed sample of 24 runs
//! in the default suite; the full run of 500 is
//! `cargo test --release -p clientgen --test random_specs -- --ignored --nocapture`.

mod support;

#[path = "support/random_spec.rs"]
mod random_spec;

use rand::{RngExt as _, SeedableRng as _};
use std::path::Path;
use std::process::Command;
use support::repo_root;

struct Outcome {
    accepted: usize,
    refused: usize,
}

fn run(count: usize, seed: u64, scratch: &Path) -> Outcome {
    let _ = std::fs::remove_dir_all(scratch);
    std::fs::create_dir_all(scratch).unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let runtime = repo_root().join("generator/runtime");
    let mut members = Vec::new();
    let mut refused = 0;
    for index in 0..count {
        let bytes: Vec<u8> = (0..4096).map(|_| rng.random::<u8>()).collect();
        let mut u = arbitrary::Unstructured::new(&bytes);
        let Ok(spec) = random_spec::RandomSpec::arbitrary(&mut u) else { continue };
        let name = format!("r{index:03}");
        let dir = scratch.join(&name);
        let root = dir.join("spec/root.json");
        std::fs::create_dir_all(root.parent().unwrap().join("parts")).unwrap();
        std::fs::write(&root, serde_json::to_vec_pretty(&spec.root).unwrap()).unwrap();
        if let Some(models) = &spec.models {
            std::fs::write(dir.join("spec/parts/models.json"), serde_json::to_vec_pretty(models).unwrap()).unwrap();
        }
        let result = std::panic::catch_unwind(|| clientgen::Builder::new().spec(&root).crate_name(&name).render());
        match result {
            Err(_) => panic!("{}: clientgen panicked", root.display()),
            Ok(Err(clientgen::Error::Spec(error))) => {
                assert!(!error.location.file.is_empty(), "{}: refused without a location: {error}", root.display());
                refused += 1;
            }
            Ok(Err(other)) => panic!("{}: refused without a location: {other}", root.display()),
            Ok(Ok(generated)) => {
                for (path, contents) in
                    clientgen::crate_files(&generated, &dir, &clientgen::RuntimeDependency::Path(runtime.clone()))
                {
                    clientgen::write::write_if_changed(&path, &contents).unwrap();
                }
                members.push(format!("\"{name}\""));
            }
        }
    }
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")),
    )
    .unwrap();
    std::fs::copy(repo_root().join("Cargo.lock"), scratch.join("Cargo.lock")).unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["clippy", "--workspace", "--keep-going", "--quiet", "--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", repo_root().join("target/nested"))
        .current_dir(scratch)
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "generated crates that do not compile warning-free (specs under {}):\n{}",
        scratch.display(),
        stderr.lines().take(80).collect::<Vec<_>>().join("\n")
    );
    Outcome { accepted: members.len(), refused }
}

#[test]
fn random_documents_compile_or_are_refused_with_a_location() {
    let outcome = run(24, 20261123, &repo_root().join("target/random-specs-sample"));
    assert!(outcome.accepted > 12, "the sample exercised too little: {} accepted", outcome.accepted);
    eprintln!("random specs: {} accepted and compiled warning-free, {} refused", outcome.accepted, outcome.refused);
}

#[test]
#[ignore = "500 documents take minutes; run with --ignored (see the module docs)"]
fn five_hundred_random_documents() {
    let outcome = run(500, 14, &repo_root().join("target/random-specs-500"));
    println!(
        "random specs: {} accepted and compiled warning-free, {} refused with a location",
        outcome.accepted, outcome.refused
    );
    assert_eq!(outcome.accepted + outcome.refused, 500);
}
