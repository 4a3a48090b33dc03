//! OpenAPI Overlays (issue 29): the Overlay Specification's own compliant sets, and an overlay
//! that renames an operation, adds pagination and removes an operation from a vendor's spec.

mod support;

use clientgen::load::overlay::Overlay;
use clientgen::load::parse_document;
use clientgen::Builder;
use std::path::Path;

fn read(path: &Path) -> serde_json::Value {
    parse_document(&std::fs::read_to_string(path).unwrap(), &path.display().to_string()).unwrap()
}

/// Each compliant set's overlay, applied to its `openapi.yaml`, gives its `output.yaml`.
#[test]
fn the_specification_s_compliant_sets_apply_as_documented() {
    let sets = support::repo_root().join("generator/tests/overlays/compliant-sets");
    let mut checked = 0;
    for entry in std::fs::read_dir(&sets).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let overlay = Overlay::read(&dir.join("overlay.yaml"), "overlay.yaml").unwrap();
        let mut document = read(&dir.join("openapi.yaml"));
        let mut matched = vec![0; overlay.action_count()];
        overlay.apply(&mut document, &mut matched);
        assert_eq!(document, read(&dir.join("output.yaml")), "{}", dir.display());
        assert!(overlay.unmatched(&matched).is_empty(), "{}: every action selects something", dir.display());
        checked += 1;
    }
    assert_eq!(checked, 8, "the eight compliant sets");
}

/// An overlay renames an operation, adds pagination, removes an operation; an action that
/// selects nothing is a warning located in the overlay (an error with `deny_warnings`).
#[test]
fn an_overlay_renames_pages_and_removes() {
    let dir = support::repo_root().join("generator/tests/overlays");
    let builder =
        || Builder::new().crate_name("pets").spec(dir.join("pets.yaml")).overlay(dir.join("vendor.overlay.yaml"));
    let generated = builder().render().unwrap();
    let names: Vec<&str> = generated.api.operations.iter().map(|op| op.rust_name.as_str()).collect();
    assert_eq!(names, ["list_pets", "get_pet"], "renamed, and deletePet removed");
    let list = &generated.api.operations[0];
    assert!(list.pagination.is_some(), "the overlay's x-speakeasy-pagination applies");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("vendor.overlay.yaml at #/actions/3/target") && w.contains("selects nothing")),
        "{warnings:?}"
    );
    assert!(generated.files_read.iter().any(|p| p.ends_with("vendor.overlay.yaml")), "build scripts rerun on it");
    let Err(err) = builder().deny_warnings(true).render() else { panic!("an unmatched action is denied") };
    assert!(err.to_string().contains("selects nothing"), "{err}");
}

/// A broken overlay is a located error, never a panic.
#[test]
fn a_broken_overlay_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("overlay: 2.0.0\ninfo: {title: x, version: '1'}\nactions: [{target: $, remove: true}]\n", "#/overlay"),
        (
            "overlay: 1.0.0\ninfo: {title: x, version: '1'}\nactions: [{target: '$[', remove: true}]\n",
            "#/actions/0/target",
        ),
        ("overlay: 1.0.0\ninfo: {title: x, version: '1'}\nactions: [{target: $}]\n", "#/actions/0"),
        ("overlay: 1.0.0\ninfo: {title: x, version: '1'}\n", "#/actions"),
    ];
    for (text, pointer) in cases {
        let path = dir.path().join("o.yaml");
        std::fs::write(&path, text).unwrap();
        let Err(err) = Overlay::read(&path, "o.yaml") else { panic!("{text}: accepted") };
        let err = err.to_string();
        assert!(err.contains(&format!("o.yaml at {pointer}")), "{text}: {err}");
    }
}
