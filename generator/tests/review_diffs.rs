//! Quieter review diffs (issue 27, item 6): an unrelated spec change touches nothing else in the
//! reviewed files. A version bump of the spec changes one line of one file (the client's docs),
//! not the manifest too.

mod support;

use clientgen::{Builder, RuntimeDependency};
use std::collections::BTreeMap;
use std::path::Path;
use support::repo_root;

fn crate_files(spec: &Path) -> BTreeMap<String, String> {
    let root = spec.parent().unwrap();
    let generated =
        Builder::new().crate_name("commbox").spec(spec).source_root(root).header_root(root).tag_features(true).render();
    let generated = generated.unwrap();
    let runtime = RuntimeDependency::Version("0.1.0".into());
    clientgen::crate_files(&generated, Path::new("out"), &runtime)
        .into_iter()
        .map(|(path, text)| (path.to_string_lossy().replace('\\', "/"), text))
        .collect()
}

#[test]
fn a_version_bump_changes_one_line_of_one_file() {
    let original = repo_root().join("specs/commbox/users-update.yaml");
    let text = std::fs::read_to_string(&original).unwrap();
    let version = text.lines().find_map(|l| l.trim().strip_prefix("version:")).expect("info.version").trim().to_owned();
    // The same file name in two folders, so the generated headers name the same path.
    let (old, new) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let copy = old.path().join("users-update.yaml");
    std::fs::write(&copy, &text).unwrap();
    let bumped = new.path().join("users-update.yaml");
    std::fs::write(&bumped, text.replacen(&format!("version: {version}"), "version: 99.0.0-bumped", 1)).unwrap();
    let (before, after) = (crate_files(&copy), crate_files(&bumped));
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    let changed: Vec<(&String, usize)> = before
        .iter()
        .filter(|(path, text)| after[*path] != **text)
        .map(|(path, text)| (path, text.lines().zip(after[path].lines()).filter(|(a, b)| a != b).count()))
        .collect();
    assert_eq!(changed, [(&"out/src/client.rs".to_owned(), 1)], "{changed:?}");
}
