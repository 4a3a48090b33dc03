//! A Cargo feature per top-level group (issue 28), on the fixture that states each case
//! (`tests/fixtures/tag-features.yaml`): the features a crate gets, the gate of each file, that
//! a build script's single file has none, and that the crate compiles warning-free (clippy
//! `-D warnings`) with all features, with none, and with each alone — and that a type a feature
//! does not reach is really left out.

mod support;

use clientgen::{Builder, RuntimeDependency};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use support::repo_root;

fn fixture() -> std::path::PathBuf {
    repo_root().join("generator/tests/fixtures/tag-features.yaml")
}

/// `mod name;` → the `cfg` predicate on its declaration (`""`: none), from a `mod.rs`.
fn gates(mod_rs: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut cfg = String::new();
    for line in mod_rs.lines() {
        if let Some(predicate) = line.strip_prefix("#[cfg(").and_then(|l| l.strip_suffix(")]")) {
            cfg = predicate.to_owned();
        } else if let Some(name) = line.strip_prefix("mod ").and_then(|l| l.strip_suffix(';')) {
            out.insert(name.to_owned(), std::mem::take(&mut cfg));
        } else if !line.starts_with("pub use") {
            cfg.clear();
        }
    }
    out
}

#[test]
fn each_file_compiles_with_the_features_that_reach_it() {
    let generated = Builder::new().crate_name("tf").spec(fixture()).tag_features(true).render().unwrap();
    assert_eq!(generated.rendered.features, ["native-tls-api", "pets", "stores", "other-types"]);
    let files: BTreeMap<String, String> = generated.files().into_iter().collect();
    let pets_or_other = r#"any(feature = "pets", feature = "other-types")"#;
    let expected_types = [
        // Pets and stores' inline response reach it; so does the unused `PetAdopted`, through `Pet`.
        ("address", r#"any(feature = "pets", feature = "stores", feature = "other-types")"#),
        ("get_store", r#"feature = "stores""#),
        // An operation outside the groups reaches it.
        ("health", ""),
        ("kind", pets_or_other),
        // The operation's own types: its parameters and errors.
        ("list_pets", r#"feature = "pets""#),
        ("pet", pets_or_other),
        ("pet_adopted", r#"feature = "other-types""#),
        ("problem", r#"feature = "pets""#),
        // The nested group's type: its top-level group's feature.
        ("stock", r#"feature = "stores""#),
    ];
    let expected: BTreeMap<String, String> =
        expected_types.iter().map(|(m, c)| ((*m).to_owned(), (*c).to_owned())).collect();
    assert_eq!(gates(&files["src/types/mod.rs"]), expected);
    let expected_resources = [
        ("native_tls", r#"feature = "native-tls-api""#),
        ("pets", r#"feature = "pets""#),
        ("stores", r#"feature = "stores""#),
        ("stores_inventory", r#"feature = "stores""#),
        ("untagged", ""),
    ];
    let expected: BTreeMap<String, String> =
        expected_resources.iter().map(|(m, c)| ((*m).to_owned(), (*c).to_owned())).collect();
    assert_eq!(gates(&files["src/resources/mod.rs"]), expected);
    // Every impl of a gated type carries its type's gate.
    let impls = &files["src/impls.rs"];
    assert!(
        impls.contains(&format!("#[cfg({pets_or_other})]\nimpl<'de> ::serde::Deserialize<'de> for Pet")),
        "{impls}"
    );
    assert!(files["src/lib.rs"].contains("#![cfg_attr(docsrs, feature(doc_cfg))]"));
}

#[test]
fn without_tag_features_nothing_is_gated() {
    let plain = Builder::new().crate_name("tf").spec(fixture()).render().unwrap();
    assert!(plain.rendered.features.is_empty());
    assert!(plain.files().iter().all(|(_, text)| !text.contains("cfg(") && !text.contains("docsrs")));
    // A build script's file is compiled with the includer's features: never gated.
    let out = tempfile::tempdir().unwrap();
    let path = Builder::new().crate_name("tf").spec(fixture()).tag_features(true).out_dir(out.path()).generate();
    let code = std::fs::read_to_string(path.unwrap()).unwrap();
    assert!(!code.contains("cfg(feature"), "{code}");
}

fn cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO"))
        .args(args)
        .env("CARGO_TARGET_DIR", repo_root().join("target/nested"))
        .current_dir(dir)
        .output()
        .expect("cargo runs")
}

#[test]
fn every_feature_set_compiles_warning_free_and_leaves_out_what_it_does_not_reach() {
    let scratch = repo_root().join("target/tag-features");
    let _ = std::fs::remove_dir_all(&scratch);
    let generated = Builder::new().crate_name("tf").spec(fixture()).tag_features(true).render().unwrap();
    let runtime = RuntimeDependency::Path(repo_root().join("generator/runtime"));
    for (path, text) in clientgen::crate_files(&generated, &scratch.join("tf"), &runtime) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    // A caller that needs only `stores` and names a type only `pets` reaches.
    let caller = scratch.join("caller");
    std::fs::create_dir_all(caller.join("src")).unwrap();
    std::fs::write(
        caller.join("Cargo.toml"),
        "[package]\nname = \"caller\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n\
         tf = { path = \"../tf\", default-features = false, features = [\"rustls-ring\", \"stores\"] }\n",
    )
    .unwrap();
    std::fs::write(caller.join("src/lib.rs"), "pub use tf::types::Stock;\npub use tf::types::Pet;\n").unwrap();
    std::fs::write(scratch.join("Cargo.toml"), "[workspace]\nresolver = \"2\"\nmembers = [\"tf\", \"caller\"]\n")
        .unwrap();
    std::fs::copy(repo_root().join("Cargo.lock"), scratch.join("Cargo.lock")).unwrap();
    let sets = [
        None,
        Some("rustls-ring"),
        Some("rustls-ring,pets"),
        Some("rustls-ring,stores"),
        Some("rustls-ring,native-tls-api"),
        Some("rustls-ring,other-types"),
    ];
    for set in sets {
        let mut args = vec!["clippy", "--quiet", "-p", "tf"];
        if let Some(set) = set {
            args.extend(["--no-default-features", "--features", set]);
        }
        args.extend(["--", "-D", "warnings"]);
        let output = cargo(&scratch, &args);
        assert!(output.status.success(), "features {set:?}:\n{}", String::from_utf8_lossy(&output.stderr));
    }
    let output = cargo(&scratch, &["check", "--quiet", "-p", "caller"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "`Pet` compiled without `pets`");
    assert!(stderr.contains("E0432") && stderr.contains("Pet"), "{stderr}");
    assert!(!stderr.contains("Stock"), "`Stock` is reached by `stores`: {stderr}");
}
