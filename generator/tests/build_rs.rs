//! The build-script API: what it writes, what it tells cargo, and that cargo really rebuilds
//! when a spec (or a file a spec refers to) changes.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::repo_root;

#[test]
fn every_file_read_is_reported_to_cargo() {
    let out = tempfile::tempdir().unwrap();
    let root = repo_root().join("generator/tests/fixtures/external/root.yaml");
    let builder = clientgen::Builder::new().spec(&root).crate_name("pets").out_dir(out.path());
    let generated = builder.render().unwrap();
    let lines = clientgen::cargo_instructions(&generated);
    for file in ["root.yaml", "paths/pet.yaml", "parameters.yaml", "models/pet.yaml", "models/owner.yaml"] {
        let wanted = std::fs::canonicalize(repo_root().join("generator/tests/fixtures/external").join(file)).unwrap();
        assert!(
            lines.iter().any(|l| l
                .strip_prefix("cargo:rerun-if-changed=")
                .is_some_and(|p| std::fs::canonicalize(p).ok() == Some(wanted.clone()))),
            "{file} is not reported: {lines:#?}"
        );
    }
    let written = builder.generate().unwrap();
    assert_eq!(written, out.path().join("pets.rs"));
    assert_eq!(std::fs::read_to_string(&written).unwrap(), generated.code());
}

#[test]
fn errors_without_out_dir_are_readable() {
    let err = clientgen::Builder::new().spec("x.yaml").crate_name("x").generate();
    // Under `cargo test`, OUT_DIR is not set for this test binary's runtime environment.
    if std::env::var_os("OUT_DIR").is_none() {
        assert!(err.unwrap_err().to_string().contains("OUT_DIR is not set"));
    }
}

fn cargo_build(dir: &Path, target: &Path) -> std::process::Output {
    Command::new(env!("CARGO"))
        .args(["build", "--quiet"])
        .env("CARGO_TARGET_DIR", target)
        .current_dir(dir)
        .output()
        .expect("cargo runs")
}

fn generated_file(target: &Path) -> PathBuf {
    let build = target.join("debug/build");
    std::fs::read_dir(&build)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("out/pets.rs"))
        .find(|p| p.exists())
        .expect("the build script wrote pets.rs")
}

/// A downstream crate whose build.rs generates from a multi-file spec: editing a referenced
/// file reruns the build script; building again without changes does not.
#[test]
fn editing_a_referenced_spec_file_triggers_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let crate_dir = dir.path();
    let fixtures = repo_root().join("generator/tests/fixtures/external");
    for file in ["root.yaml", "paths/pet.yaml", "parameters.yaml", "models/pet.yaml", "models/owner.yaml"] {
        let to = crate_dir.join("spec").join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixtures.join(file), &to).unwrap();
    }
    let generator = repo_root().join("generator");
    std::fs::write(
        crate_dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"downstream\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n\n[build-dependencies]\nclientgen = {{ path = {:?}, default-features = false }}\n",
            generator.to_string_lossy()
        ),
    )
    .unwrap();
    std::fs::copy(repo_root().join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
    std::fs::create_dir_all(crate_dir.join("src")).unwrap();
    std::fs::write(crate_dir.join("src/lib.rs"), "").unwrap();
    std::fs::write(
        crate_dir.join("build.rs"),
        "fn main() {\n    if let Err(e) = clientgen::Builder::new().spec(\"spec/root.yaml\").crate_name(\"pets\").generate() {\n        eprintln!(\"{e}\");\n        std::process::exit(1);\n    }\n}\n",
    )
    .unwrap();
    let target = repo_root().join("target/nested");
    // Each run's temp crate is a new package to cargo, with its own build folder: drop earlier
    // runs' folders so `generated_file` finds this run's output.
    if let Ok(entries) = std::fs::read_dir(target.join("debug/build")) {
        for entry in entries.flatten().filter(|e| e.file_name().to_string_lossy().starts_with("downstream-")) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let first = cargo_build(crate_dir, &target);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let file = generated_file(&target);
    assert!(!std::fs::read_to_string(&file).unwrap().contains("Given name"));
    let unchanged = std::fs::metadata(&file).unwrap().modified().unwrap();

    let second = cargo_build(crate_dir, &target);
    assert!(second.status.success());
    assert_eq!(
        std::fs::metadata(&file).unwrap().modified().unwrap(),
        unchanged,
        "nothing changed, nothing regenerated"
    );

    // Edit a file the root document only reaches through two $refs.
    let owner = crate_dir.join("spec/models/owner.yaml");
    let text = std::fs::read_to_string(&owner)
        .unwrap()
        .replace("  name:\n    type: string\n", "  name:\n    type: string\n    description: Given name\n");
    std::fs::write(&owner, text).unwrap();
    let third = cargo_build(crate_dir, &target);
    assert!(third.status.success(), "{}", String::from_utf8_lossy(&third.stderr));
    assert!(std::fs::read_to_string(generated_file(&target)).unwrap().contains("Given name"), "the build script reran");

    // A broken spec is a readable build failure, not a panic.
    std::fs::write(&owner, "type: [unclosed\n").unwrap();
    let broken = cargo_build(crate_dir, &target);
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(!broken.status.success());
    assert!(stderr.contains("spec/models/owner.yaml") && stderr.contains("invalid YAML"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
