//! The `clientgen` binary: exit codes, located diagnostics, untouched output on failure,
//! write-if-changed, and the drift check.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::repo_root;

fn clientgen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clientgen")).args(args).current_dir(dir).output().expect("clientgen runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `generate` on invalid input into a folder holding an earlier client, and checks that
/// it fails with exit code 1, a located message, and the earlier output intact.
fn assert_rejected(name: &str, specs: &[&str], extra: &[&str]) -> String {
    let invalid = repo_root().join("generator/tests/invalid");
    let out = tempfile::tempdir().expect("temp dir");
    let lib = out.path().join("src/lib.rs");
    std::fs::create_dir_all(lib.parent().unwrap()).unwrap();
    std::fs::write(&lib, "// the previous client\n").unwrap();
    let mut args = vec!["generate".to_owned()];
    for spec in specs {
        args.push("--spec".into());
        args.push((*spec).to_owned());
    }
    args.extend(["--out".into(), out.path().to_string_lossy().into_owned(), "--name".into(), "client".into()]);
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = clientgen(&invalid, &args);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{name}: expected exit code 1, stderr:\n{message}");
    assert!(!message.contains("panicked"), "{name}: panicked:\n{message}");
    assert_eq!(
        std::fs::read_to_string(&lib).unwrap(),
        "// the previous client\n",
        "{name}: earlier output was changed"
    );
    assert!(!out.path().join("Cargo.toml").exists(), "{name}: a partial crate was written");
    message
}

#[test]
fn bad_input_is_located_and_leaves_output_untouched() {
    let strict: &[&str] = &["--deny-warnings"];
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("malformed-yaml", &["malformed.yaml"], &[]),
        ("malformed-json", &["malformed.json"], &[]),
        ("missing-ref (strict)", &["missing-ref.yaml"], strict),
        ("missing-external-ref (strict)", &["missing-external-ref.yaml"], strict),
        ("ref-to-other-kind (strict)", &["ref-to-other-kind.yaml"], strict),
        ("null-list (strict)", &["null-list.yaml"], strict),
        ("ref-cycle", &["ref-cycle.yaml"], &[]),
        ("wrong-type", &["wrong-type.yaml"], &[]),
        ("unsupported-remote-ref", &["unsupported-remote-ref.yaml"], &[]),
        ("ref-outside-root", &["ref-outside-root.yaml"], &[]),
        ("not-openapi", &["not-openapi.yaml"], &[]),
        ("duplicate-operation-name", &["duplicate-operation-a.yaml", "duplicate-operation-b.yaml"], &[]),
        ("name-collision", &["collision-a.yaml", "collision-b.yaml"], &[]),
    ];
    let mut report = String::new();
    for (name, specs, extra) in cases {
        let message = assert_rejected(name, specs, extra);
        assert!(!message.contains("do-not-quote-me"), "{name}: quoted a file it must not read");
        report.push_str(&format!("== {name}\n{message}\n"));
    }
    insta::assert_snapshot!("diagnostics", report);
}

#[test]
fn usage_errors_exit_2() {
    let output = clientgen(&repo_root(), &["generate", "--out", "x"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let output = clientgen(&repo_root(), &["frobnicate"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn help_shows_examples() {
    let output = clientgen(&repo_root(), &["generate", "--help"]);
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("clientgen generate --spec petstore.yaml --out clients/petstore"), "{help}");
}

#[test]
fn committed_clients_are_up_to_date() {
    let output = clientgen(&repo_root(), &["check"]);
    assert!(
        output.status.success(),
        "generated/ is stale: run `cargo run -p clientgen -- generate` and commit the result\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(&output)
    );
}

/// A copy of the repo's specs, config and generated clients in a temp folder.
fn copy_of_repo() -> tempfile::TempDir {
    let root = repo_root();
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&root.join("specs"), &dir.path().join("specs"));
    copy_tree(&root.join("generated"), &dir.path().join("generated"));
    // clientgen.toml names the runtime path the committed manifests use; nothing depends on
    // where this copy, or the binary, is.
    std::fs::copy(root.join("clientgen.toml"), dir.path().join("clientgen.toml")).unwrap();
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn check_fails_with_a_diff_after_a_hand_edit() {
    let repo = copy_of_repo();
    let clean = clientgen(repo.path(), &["check"]);
    assert!(clean.status.success(), "the copy starts clean: {}", stderr(&clean));
    let lib = repo.path().join("generated/commbox/src/types/user_details.rs");
    let edited = std::fs::read_to_string(&lib)
        .unwrap()
        .replace("pub struct UserDetails {", "pub struct UserDetails {\n    pub hand_added: bool,");
    std::fs::write(&lib, edited).unwrap();
    let output = clientgen(repo.path(), &["check"]);
    let diff = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1));
    assert!(diff.contains("-    pub hand_added: bool,"), "the diff shows the edit:\n{diff}");
    assert!(stderr(&output).contains("cargo run -p clientgen -- generate"), "names the fix");
}

#[test]
fn check_fails_when_a_spec_changes() {
    let repo = copy_of_repo();
    let spec = repo.path().join("specs/commbox/users-update.yaml");
    let text = std::fs::read_to_string(&spec).unwrap().replace("User’s first name", "The user's given name");
    std::fs::write(&spec, text).unwrap();
    let output = clientgen(repo.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("+    /// The user's given name"));
}

#[test]
fn files_no_longer_generated_are_reported_then_removed() {
    let repo = copy_of_repo();
    let types = repo.path().join("generated/commbox/src/types");
    // A file an earlier spec version generated, and one a person added.
    let gone = types.join("removed_schema.rs");
    std::fs::write(&gone, "// Generated by clientgen from specs/commbox/users-update.yaml — do not edit.\n").unwrap();
    let mine = types.join("notes.rs");
    std::fs::write(&mine, "// kept: not generated\n").unwrap();
    let check = clientgen(repo.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stdout).contains("removed_schema.rs is no longer generated"));
    assert!(!String::from_utf8_lossy(&check.stdout).contains("notes.rs"));
    let generate = clientgen(repo.path(), &["generate"]);
    assert!(generate.status.success(), "{}", stderr(&generate));
    assert!(!gone.exists() && mine.exists());
    let clean = clientgen(repo.path(), &["check"]);
    assert!(clean.status.success(), "{}", stderr(&clean));
}

#[test]
fn generate_writes_a_crate_and_keeps_unchanged_files() {
    let out = tempfile::tempdir().expect("temp dir");
    let crate_dir: PathBuf = out.path().join("commbox");
    let spec = repo_root().join("specs/commbox/users-update.yaml");
    let args =
        ["generate", "--spec", spec.to_str().unwrap(), "--out", crate_dir.to_str().unwrap(), "--name", "commbox"];
    let first = clientgen(&repo_root(), &args);
    assert!(first.status.success(), "{}", stderr(&first));
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap();
    // By default the runtime is the registry version released with this clientgen, never a
    // path derived from where the binary was built; the spec path is relative to the crate.
    let runtime = manifest.lines().find(|l| l.starts_with("clientgen-runtime")).unwrap();
    assert_eq!(
        runtime,
        format!("clientgen-runtime = {{ version = \"{}\", default-features = false }}", env!("CARGO_PKG_VERSION"))
    );
    assert!(manifest.contains("default = [\"rustls-ring\"]"), "the TLS features:\n{manifest}");
    assert!(manifest.starts_with("# Generated by clientgen from ../"), "relative spec path:\n{manifest}");
    let code = std::fs::read_to_string(crate_dir.join("src/lib.rs")).unwrap();
    assert!(code.starts_with("// Generated by clientgen from ../"), "relative spec path in the code");
    let lib = crate_dir.join("src/lib.rs");
    let modified = std::fs::metadata(&lib).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = clientgen(&repo_root(), &args);
    assert!(second.status.success());
    assert_eq!(std::fs::metadata(&lib).unwrap().modified().unwrap(), modified, "an unchanged file is not rewritten");
    assert!(stderr(&second).contains("up to date"));
}

/// Issue 28: a crate generated into a folder that does not exist is written whole into a
/// sibling temporary folder renamed into place (nothing of it is left behind), with one summary
/// line (`-v` lists the files); an empty folder is used the same way.
#[test]
fn a_first_generation_is_one_rename_and_one_line() {
    let out = tempfile::tempdir().expect("temp dir");
    let spec = repo_root().join("specs/commbox/users-update.yaml");
    for (name, verbose) in [("fresh", false), ("listed", true)] {
        let crate_dir = out.path().join(name);
        let mut args = vec!["generate", "--spec", spec.to_str().unwrap(), "--out", crate_dir.to_str().unwrap()];
        args.extend(["--name", "commbox"]);
        if verbose {
            args.push("-v");
        }
        let run = clientgen(&repo_root(), &args);
        assert!(run.status.success(), "{}", stderr(&run));
        let text = stderr(&run);
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with("warning")).collect();
        let files = count_files(&crate_dir);
        let summary = format!("{}: wrote {files} files", crate_dir.display());
        assert_eq!(lines.last().copied(), Some(summary.as_str()), "{text}");
        let listed = lines.iter().filter(|l| l.starts_with("wrote ")).count();
        assert_eq!(listed, if verbose { files } else { 0 }, "{text}");
        assert!(crate_dir.join("src/lib.rs").is_file());
    }
    let empty = out.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let run =
        clientgen(&repo_root(), &["generate", "--spec", spec.to_str().unwrap(), "--out", empty.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(empty.join("Cargo.toml").is_file());
    let left: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("clientgen"))
        .collect();
    assert!(left.is_empty(), "temporary folders left: {left:?}");
}

/// Issue 25: the default crate name comes from `info.title`; a name cargo would refuse is an
/// error naming it, before anything is written.
#[test]
fn crate_names_default_to_the_title_and_keywords_are_refused() {
    let out = tempfile::tempdir().expect("temp dir");
    let spec = repo_root().join("specs/nuweb/customers-update.yaml");
    let crate_dir = out.path().join("client");
    let run =
        clientgen(&repo_root(), &["generate", "--spec", spec.to_str().unwrap(), "--out", crate_dir.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"nu-web-group\""), "{manifest}");
    let refused = out.path().join("refused");
    let args = ["generate", "--spec", spec.to_str().unwrap(), "--out", refused.to_str().unwrap(), "--name", "box"];
    let run = clientgen(&repo_root(), &args);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("`box` is a Rust keyword"), "{}", stderr(&run));
    assert!(!refused.exists(), "nothing written");
}

fn count_files(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| if p.is_dir() { count_files(&p) } else { 1 })
        .sum()
}

/// Issue 13: the output is a function of the inputs only. A copy of the repository at another
/// depth, regenerated with this checkout's binary (built elsewhere), matches the committed clients.
#[test]
fn a_copy_at_another_depth_regenerates_identically() {
    let outer = tempfile::tempdir().expect("temp dir");
    let deep = outer.path().join("a/b/c/clientgen");
    let root = repo_root();
    for folder in ["specs", "generated"] {
        copy_tree(&root.join(folder), &deep.join(folder));
    }
    std::fs::copy(root.join("clientgen.toml"), deep.join("clientgen.toml")).unwrap();
    let output = clientgen(&deep, &["check"]);
    assert!(output.status.success(), "{}{}", String::from_utf8_lossy(&output.stdout), stderr(&output));
}

/// Issue 15: what a vendor spec gets wrong is repaired with a located warning by default.
#[test]
fn repairable_mistakes_generate_with_warnings() {
    let invalid = repo_root().join("generator/tests/invalid");
    let mut report = String::new();
    for spec in ["missing-ref.yaml", "missing-external-ref.yaml", "ref-to-other-kind.yaml", "null-list.yaml"] {
        let out = tempfile::tempdir().expect("temp dir");
        let output = clientgen(
            &invalid,
            &["generate", "--spec", spec, "--out", out.path().to_str().unwrap(), "--name", "client"],
        );
        assert!(output.status.success(), "{spec}: {}", stderr(&output));
        assert!(out.path().join("src/lib.rs").exists());
        let warnings: Vec<String> =
            stderr(&output).lines().filter(|l| l.starts_with("warning:")).map(str::to_owned).collect();
        assert!(!warnings.is_empty(), "{spec}: no warning");
        report.push_str(&format!("== {spec}\n{}\n", warnings.join("\n")));
    }
    insta::assert_snapshot!("repairs", report);
}

/// `clientgen diff` against a git revision: the clients of the config file, generated from the
/// specs as committed and as they are now.
#[test]
fn diff_against_a_git_revision() {
    let repo = copy_of_repo();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@localhost", "-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(repo.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "base"]);
    let unchanged = clientgen(repo.path(), &["diff", "--base", "HEAD", "--fail-on", "any"]);
    assert!(unchanged.status.success(), "{}{}", String::from_utf8_lossy(&unchanged.stdout), stderr(&unchanged));
    // A breaking change to one client (a request property removed) and an additive one to another.
    let spec = repo.path().join("specs/flextell/customers-update.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let text = text.replacen("        first_name:\n", "        first_name_gone:\n", 1);
    std::fs::write(&spec, text).unwrap();
    let output = clientgen(repo.path(), &["diff", "--base", "HEAD", "--format", "markdown", "--fail-on", "breaking"]);
    let report = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{report}{}", stderr(&output));
    assert!(report.contains("## `flextell`"), "{report}");
    assert!(report.contains("| ⚠️ breaking | `types::UpdateCustomerRequest::first_name` |"), "{report}");
    assert!(report.contains("Suggested version: **0.2.0** (from 0.1.0)"), "{report}");
    // Without --fail-on the report is informational.
    let output = clientgen(repo.path(), &["diff", "--base", "HEAD", "--client", "flextell", "--format", "json"]);
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(json["changes"].as_array().unwrap().iter().any(|c| c["breaking"] == true));
}

#[test]
fn diff_of_two_spec_files() {
    let dir = tempfile::tempdir().unwrap();
    let old = repo_root().join("specs/flextell/customers-update.yaml");
    let text = std::fs::read_to_string(&old).unwrap();
    let new = dir.path().join("customers-update.yaml");
    // A new optional response property: additive (the response type is #[non_exhaustive]).
    std::fs::write(
        &new,
        text.replacen(
            "      properties:\n        id:\n",
            "      properties:\n        nickname:\n          type: string\n        id:\n",
            1,
        ),
    )
    .unwrap();
    let args = ["diff", "--old", old.to_str().unwrap(), "--new", new.to_str().unwrap(), "--fail-on", "breaking"];
    let output = clientgen(dir.path(), &args);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}{}", stderr(&output));
    assert!(text.contains("minor     types::CustomerResource::nickname"), "{text}");
    assert!(text.contains("Suggested version: 0.1.1"), "{text}");
    let refused = clientgen(dir.path(), &["diff", "--old", old.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2), "--old needs --new");
}

/// Issue 28: the command line gives a client with two or more groups a Cargo feature per group
/// (the fixture's `pets`, `stores`, `native-tls-api`, `other-types`); `--no-tag-features` and
/// `tag_features = false` in clientgen.toml leave them out.
#[test]
fn tag_features_are_on_by_default_and_can_be_turned_off() {
    let out = tempfile::tempdir().expect("temp dir");
    let spec = repo_root().join("generator/tests/fixtures/tag-features.yaml");
    let manifest = |dir: &Path| std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let gated = out.path().join("gated");
    let args = ["generate", "--spec", spec.to_str().unwrap(), "--out", gated.to_str().unwrap(), "--name", "tf"];
    let run = clientgen(&repo_root(), &args);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(manifest(&gated).contains("\npets = []\n"), "{}", manifest(&gated));
    let plain = out.path().join("plain");
    let mut args = args.to_vec();
    args[4] = plain.to_str().unwrap();
    args.push("--no-tag-features");
    let run = clientgen(&repo_root(), &args);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(manifest(&plain).contains("[features]\ndefault = [\"rustls-ring\"]\n"), "{}", manifest(&plain));
    assert!(!manifest(&plain).contains("pets"), "{}", manifest(&plain));
    let config = out.path().join("clientgen.toml");
    std::fs::copy(&spec, out.path().join("tag-features.yaml")).unwrap();
    std::fs::write(
        &config,
        "[clients.tf]\nspecs = [\"tag-features.yaml\"]\nout = \"configured\"\ntag_features = false\n",
    )
    .unwrap();
    let run = clientgen(out.path(), &["generate", "--config", config.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!manifest(&out.path().join("configured")).contains("pets"));
}
