//! The runtime as it would be published: `cargo package` of `clientgen-runtime`, unpacked, and a
//! client generated with the default (version) runtime dependency built against it through
//! `[patch.crates-io]`. Proves the package ships what generated code needs (and nothing it
//! cannot build without), before anything is uploaded.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("generator/ is in the repository").to_owned()
}

fn run(command: &mut Command) {
    let output = command.output().expect("the command runs");
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_generated_client_builds_against_the_packaged_runtime() {
    let repo = repo();
    let scratch = tempfile::tempdir().unwrap();
    let package_target = repo.join("target/package-check");
    run(Command::new(env!("CARGO"))
        .args(["package", "--quiet", "--no-verify", "--allow-dirty", "-p", "clientgen-runtime"])
        .env("CARGO_TARGET_DIR", &package_target)
        .current_dir(&repo));
    let version = env!("CARGO_PKG_VERSION");
    let crate_file = package_target.join(format!("package/clientgen-runtime-{version}.crate"));
    run(Command::new("tar").arg("-xzf").arg(&crate_file).arg("-C").arg(scratch.path()));
    let unpacked = scratch.path().join(format!("clientgen-runtime-{version}"));
    assert!(!unpacked.join("tests").exists() && unpacked.join("README.md").exists(), "the package's files");

    // The default dependency is the registry version matching clientgen.
    let client = scratch.path().join("client");
    run(Command::new(env!("CARGO_BIN_EXE_clientgen"))
        .args(["generate", "--name", "flextell", "--out"])
        .arg(&client)
        .arg("--spec")
        .arg(repo.join("specs/flextell/customers-update.yaml"))
        .current_dir(&repo));
    let manifest_path = client.join("Cargo.toml");
    let mut manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let dependency = manifest.lines().find(|l| l.starts_with("clientgen-runtime")).expect("a runtime dependency");
    assert!(dependency.contains(&format!("\"{version}\"")) && !dependency.contains("path"), "{dependency}");
    manifest.push_str(&format!(
        "\n[patch.crates-io]\nclientgen-runtime = {{ path = {:?} }}\n",
        unpacked.display().to_string()
    ));
    std::fs::write(&manifest_path, manifest).unwrap();
    // The repository's lock file pins the same dependency versions the runtime is tested with.
    std::fs::copy(repo.join("Cargo.lock"), client.join("Cargo.lock")).unwrap();
    // The corpus test's target folder: the dependencies are built there already.
    let output = Command::new(env!("CARGO"))
        .args(["check", "--offline", "--message-format=short"])
        .env("CARGO_TARGET_DIR", repo.join("target/nested"))
        .current_dir(&client)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}
