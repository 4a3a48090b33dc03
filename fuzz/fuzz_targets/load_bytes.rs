//! The whole pipeline on arbitrary bytes as one document, YAML and JSON: clientgen must return
//! a client or a located error, never panic, hang or blow up.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

fn scratch() -> PathBuf {
    // tmpfs where there is one: a write per input.
    let base = if std::path::Path::new("/dev/shm").is_dir() { PathBuf::from("/dev/shm") } else { std::env::temp_dir() };
    let dir = base.join(format!("clientgen-fuzz-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fuzz_target!(|data: &[u8]| {
    thread_local!(static DIR: PathBuf = scratch());
    let Some((&selector, text)) = data.split_first() else { return };
    let name = if selector % 2 == 0 { "spec.yaml" } else { "spec.json" };
    let path = DIR.with(|dir| dir.join(name));
    std::fs::write(&path, text).expect("write the input");
    let result = clientgen::Builder::new().spec(&path).crate_name("fuzzed").render();
    if let Err(clientgen::Error::Internal(message)) = result {
        panic!("internal error (generated code did not parse): {message}");
    }
});
