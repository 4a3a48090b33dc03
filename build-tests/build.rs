//! Generates every vendor client from ../specs into OUT_DIR, as a downstream crate would.

use std::path::Path;

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("build-tests lives in the repository");
    let clients: [(&str, &[&str]); 4] = [
        ("nuweb", &["specs/nuweb/customers-update.yaml", "specs/nuweb/company-users-update.yaml"]),
        ("flextell", &["specs/flextell/customers-update.yaml"]),
        ("commercengine", &["specs/commercengine/auth-user-update.yaml"]),
        ("commbox", &["specs/commbox/users-update.yaml"]),
    ];
    // Clients for the streaming, upload and auth tests (tests/streams.rs, tests/auth.rs): fixtures, and the
    // OpenAPI 3.0 feature samples' file uploads from the shared corpus.
    let more: [(&str, &[&str]); 3] = [
        ("streams", &["generator/tests/fixtures/streams.yaml"]),
        ("oauth", &["generator/tests/fixtures/oauth.yaml"]),
        ("file_uploads", &["../shared/corpus/oas-examples-3.0/file-uploads.json"]),
    ];
    for (name, specs) in clients.into_iter().chain(more) {
        // Paths in the generated header are shown relative to the repository, as in generated/.
        let mut builder = clientgen::Builder::new().crate_name(name).source_root(repo).serialize_both_ways(true);
        for spec in specs {
            builder = builder.spec(repo.join(spec));
        }
        if let Err(err) = builder.generate() {
            // A readable build failure, not a panic backtrace.
            eprintln!("error: generating the {name} client failed:\n{err}");
            std::process::exit(1);
        }
    }
}
