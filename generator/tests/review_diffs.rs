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

/// A renamed operation changes its method's name, docs and the enums' names where they are
/// declared and imported, never the status arms: they name the enums by the closure's `S`/`E`.
#[test]
fn a_renamed_operation_leaves_its_status_arms_alone() {
    let spec = |operation_id: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: Items, version: '1'}}\npaths:\n  /items/{{id}}:\n    get:\n      \
             operationId: {operation_id}\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      \
             responses:\n        '200': {{description: found, content: {{application/json: {{schema: {{type: integer}}}}}}}}\n        \
             '202': {{description: pending, content: {{application/json: {{schema: {{type: string}}}}}}}}\n        \
             '404': {{description: missing, content: {{application/json: {{schema: {{type: string}}}}}}}}\n        \
             '4XX': {{description: refused}}\n        default: {{description: other, content: {{application/json: {{schema: {{type: string}}}}}}}}\n"
        )
    };
    let (old, new) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let copy = old.path().join("items.yaml");
    std::fs::write(&copy, spec("getItem")).unwrap();
    let renamed = new.path().join("items.yaml");
    std::fs::write(&renamed, spec("fetchItem")).unwrap();
    let (before, after) = (crate_files(&copy), crate_files(&renamed));
    let mut arms = 0;
    let mut arms_changed = Vec::new();
    let mut imports_changed = 0;
    for (path, text) in &after {
        let old_lines: std::collections::HashSet<&str> =
            before.get(path).map(|t| t.lines().collect()).unwrap_or_default();
        for line in text.lines() {
            let is_arm = line.contains("=> Err(response.") || line.contains("=> response.");
            arms += usize::from(is_arm);
            if old_lines.contains(line) {
                continue;
            }
            if is_arm {
                arms_changed.push(format!("{path}: {line}"));
            }
            imports_changed += usize::from(line.trim_start().starts_with("use types::FetchItem"));
        }
    }
    assert!(arms >= 5, "the success and error arms are there ({arms})");
    assert!(arms_changed.is_empty(), "status arms changed:\n{}", arms_changed.join("\n"));
    assert_eq!(imports_changed, 2, "the success and error enums are named where they are imported");
}
