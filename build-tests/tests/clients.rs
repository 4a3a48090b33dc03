//! The clients build.rs generated: identical to the committed ones, and usable.

use build_tests::{commbox, commercengine, flextell, nuweb};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::fmt::Debug;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

#[test]
fn build_rs_output_is_identical_to_generated() {
    fn files(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                files(root, &path, out);
            } else {
                out.push((path.strip_prefix(root).unwrap().to_path_buf(), std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    for name in ["nuweb", "flextell", "commercengine", "commbox"] {
        let (mut from_build_rs, mut committed) = (Vec::new(), Vec::new());
        let built = Path::new(env!("OUT_DIR")).join("layout").join(name);
        files(&built, &built.join("src"), &mut from_build_rs);
        let generated = repo().join("generated").join(name);
        files(&generated, &generated.join("src"), &mut committed);
        from_build_rs.sort();
        committed.sort();
        let names = |files: &[(PathBuf, String)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(names(&from_build_rs), names(&committed), "{name}: the files differ");
        for ((path, built), (_, committed)) in from_build_rs.iter().zip(&committed) {
            assert!(built == committed, "{name}: build.rs output differs from generated/{name}/{}", path.display());
        }
        // The single-file form build.rs includes holds the same modules.
        let single = std::fs::read_to_string(Path::new(env!("OUT_DIR")).join(format!("{name}.rs"))).unwrap();
        for (path, _) in &committed {
            let module = path.file_stem().unwrap().to_string_lossy();
            assert!(
                module == "mod" || module == "lib" || single.contains(&format!("mod {module} {{")),
                "{name}: {module}"
            );
        }
    }
}

/// The first JSON block of a vendor page: its request example.
fn page_request_example(page: &str) -> Value {
    let text = std::fs::read_to_string(repo().join("../shared/vendor-docs").join(page)).unwrap();
    let start = text.lines().position(|l| l == "{").expect("a JSON block");
    let end = start + text.lines().skip(start).position(|l| l == "}").expect("its end");
    let block: Vec<&str> = text.lines().skip(start).take(end - start + 1).collect();
    serde_json::from_str(&block.join("\n")).expect("the block is JSON")
}

/// Decodes `example` into `T`, encodes it, decodes again: the value survives and every
/// property of the example is still there.
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + Debug>(page: &str) {
    let example = page_request_example(page);
    let decoded: T = serde_json::from_value(example.clone()).unwrap_or_else(|e| panic!("{page}: {e}"));
    let encoded = serde_json::to_value(&decoded).unwrap();
    let again: T = serde_json::from_value(encoded.clone()).unwrap();
    assert_eq!(decoded, again, "{page}");
    fn keys(value: &Value, path: String, out: &mut Vec<String>) {
        if let Value::Object(map) = value {
            for (key, inner) in map {
                out.push(format!("{path}/{key}"));
                keys(inner, format!("{path}/{key}"), out);
            }
        }
    }
    let (mut before, mut after) = (Vec::new(), Vec::new());
    keys(&example, String::new(), &mut before);
    keys(&encoded, String::new(), &mut after);
    for key in before {
        assert!(after.contains(&key), "{page}: {key} was lost");
    }
}

#[test]
fn vendor_examples_round_trip_through_the_included_types() {
    round_trip::<nuweb::types::UpdateCustomerRequest>("nuweb-customers-update.txt");
    round_trip::<nuweb::types::UpdateCompanyUserRequest>("nuweb-company-users-update.txt");
    round_trip::<flextell::types::UpdateCustomerRequest>("flextell-customers-update.txt");
    round_trip::<commercengine::types::UpdateUserRequest>("commercengine-auth-user-update.txt");
    round_trip::<commbox::types::UpdateUserRequest>("commbox-users-update.txt");
}

#[test]
fn included_clients_build() {
    let client = commercengine::Client::builder().store_id("acme").bearer_token("t").build().unwrap();
    assert_eq!(client.base_url(), "https://staging.api.commercengine.io/api/v1/acme/storefront");
    assert!(nuweb::Client::builder().build().is_ok());
    assert!(flextell::Client::builder().build().is_ok());
    assert!(commbox::Client::builder().build().is_ok());
}
