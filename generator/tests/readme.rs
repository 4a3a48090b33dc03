//! The README's examples are the example programs `cargo test` compiles: every Rust block of
//! the README that starts with a `//!` line is, byte for byte, one of `generator/examples/*.rs`
//! or `build-tests/examples/*.rs`.

use std::path::Path;

#[test]
fn readme_examples_are_compiled_example_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let mut examples = Vec::new();
    for folder in ["generator/examples", "build-tests/examples"] {
        for entry in std::fs::read_dir(root.join(folder)).expect("examples folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "rs") {
                examples.push((path.clone(), std::fs::read_to_string(&path).expect("example")));
            }
        }
    }
    let mut checked = 0;
    for block in readme.split("```rust\n").skip(1) {
        let code = &block[..block.find("```").expect("a closed block")];
        if !code.starts_with("//!") {
            continue;
        }
        let first = code.lines().next().unwrap_or_default();
        let found = examples.iter().find(|(_, text)| text.lines().next() == Some(first));
        let (path, text) = found.unwrap_or_else(|| panic!("no example file starts with {first:?}"));
        assert_eq!(code, text, "the README's copy of {} differs from the file", path.display());
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} README examples found");
}
