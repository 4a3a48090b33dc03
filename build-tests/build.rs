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
    // Clients for the streaming, upload, auth, server and media type tests (tests/streams.rs,
    // tests/auth.rs, tests/servers.rs, tests/media_types.rs, tests/multipart_styles.rs,
    // tests/redirects.rs, tests/lossless_constructs.rs): fixtures, and from the shared corpus the OpenAPI 3.0 feature samples'
    // file uploads and Keeper's API (an `Authorization` header parameter, no security scheme).
    let more: [(&str, &[&str]); 11] = [
        ("lossless_constructs", &["generator/tests/fixtures/lossless-constructs.yaml"]),
        ("openapi_3_2", &["generator/tests/fixtures/openapi-3-2.yaml"]),
        ("streams", &["generator/tests/fixtures/streams.yaml"]),
        ("servers", &["generator/tests/fixtures/servers.yaml"]),
        ("media_types", &["generator/tests/fixtures/media-types.yaml"]),
        ("multipart_styles", &["generator/tests/fixtures/multipart-styles-3-1.yaml"]),
        ("redirects", &["generator/tests/fixtures/redirects.yaml"]),
        ("success_statuses", &["generator/tests/fixtures/success-statuses.yaml"]),
        ("oauth", &["generator/tests/fixtures/oauth.yaml"]),
        ("file_uploads", &["../shared/corpus/oas-examples-3.0/file-uploads.json"]),
        ("keeper", &["../shared/corpus/progenitor-samples/keeper.json"]),
    ];
    // GitHub's `GET /orgs/{org}/repos` with everything it refers to, cut from the corpus spec
    // (the whole client is 113,000 lines): the pagination tests' clients (tests/pagination.rs).
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let corpus = repo.join("../shared/corpus");
    let github = subset(&corpus.join("progenitor-samples/api.github.com.json"), "/orgs/{org}/repos", &["get"], &[]);
    // Stripe's `GET` and `POST /v1/customers` as its spec writes them (parameters, the list object with
    // `data`/`has_more`), except that `customer` and the error body `api_errors` are cut to a few
    // properties: the whole ones refer to some 240 other schemas, which this test does not need.
    let customer = serde_json::json!({"type": "object", "required": ["id", "object"], "properties": {
        "id": {"type": "string"}, "object": {"type": "string", "enum": ["customer"]},
        "email": {"type": "string", "nullable": true}}});
    let api_errors = serde_json::json!({"type": "object", "required": ["type"], "properties": {
        "type": {"type": "string"}, "message": {"type": "string"}, "code": {"type": "string"}}});
    let stripe = subset(
        &corpus.join("openapiv3-fixtures/stripe.yaml"),
        "/v1/customers",
        &["get", "post"],
        &[("customer", customer), ("api_errors", api_errors)],
    );
    // Slack's `GET /conversations.members` as its spec writes it (paged by Slack's cursor convention).
    let slack = subset(&corpus.join("openapiv3-fixtures/slack.json"), "/conversations.members", &["get"], &[]);
    // Slack's `GET /conversations.info`: its `objs_conversation` has `items` but no `type`
    // (tests/implicit_arrays.rs).
    let slack_info = subset(&corpus.join("openapiv3-fixtures/slack.json"), "/conversations.info", &["get"], &[]);
    for (name, text) in [("github", github), ("stripe", stripe), ("slack", slack), ("slack_info", slack_info)] {
        let path = out_dir.join(format!("{name}-subset.json"));
        std::fs::write(&path, text).expect("write the subset");
        if let Err(err) = clientgen::Builder::new().crate_name(name).source_root(repo).spec(&path).generate() {
            eprintln!("error: generating the {name} client failed:\n{err}");
            std::process::exit(1);
        }
    }
    // Offset, page-number and URL pagination and typed response headers
    // (generator/tests/fixtures/paging.yaml); `search` declares nothing, so its rule is given
    // here, as a downstream crate would.
    let paging = clientgen::Builder::new()
        .crate_name("paging")
        .source_root(repo)
        .spec(repo.join("generator/tests/fixtures/paging.yaml"))
        .paginate("search", clientgen::PaginationRule::offset("$skip", "$.value").limit("$top"));
    if let Err(err) = paging.generate() {
        eprintln!("error: generating the paging client failed:\n{err}");
        std::process::exit(1);
    }
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
        // The same client laid out as files (what `clientgen generate` commits, with a Cargo
        // feature per group as the command line gives them), for tests/clients.rs to compare
        // with generated/.
        match builder.clone().tag_features(true).render() {
            Ok(generated) => {
                // Start clean: files an earlier layout wrote must not linger.
                let _ = std::fs::remove_dir_all(out_dir.join("layout").join(name));
                for (path, text) in &generated.files() {
                    let target = out_dir.join("layout").join(name).join(path);
                    std::fs::create_dir_all(target.parent().expect("a file has a folder")).expect("create the folder");
                    std::fs::write(&target, text).expect("write the file");
                }
            }
            Err(err) => {
                eprintln!("error: generating the {name} client failed:\n{err}");
                std::process::exit(1);
            }
        }
    }
}

/// The document at `spec` (JSON or YAML) reduced to the GET operation of `path` and the
/// components it refers to, transitively (plus the security schemes); `replace` swaps schemas
/// for others first.
fn subset(spec: &Path, path: &str, methods: &[&str], replace: &[(&str, serde_json::Value)]) -> String {
    use serde_json::Value;
    println!("cargo:rerun-if-changed={}", spec.display());
    let text = std::fs::read_to_string(spec)
        .unwrap_or_else(|e| panic!("{}: {e} (../shared beside the checkout?)", spec.display()));
    let mut full: Value = if spec.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).expect("the spec is JSON")
    } else {
        serde_yaml::from_str(&text).expect("the spec is YAML")
    };
    for (name, schema) in replace {
        full["components"]["schemas"][*name] = schema.clone();
    }
    let mut cut = full.clone();
    let mut item = full["paths"][path].clone();
    if let Value::Object(map) = &mut item {
        map.retain(|key, _| methods.contains(&key.as_str()) || key == "parameters");
    }
    cut["paths"] = serde_json::json!({ path: item });
    fn refs(value: &Value, out: &mut Vec<(String, String)>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    let mut parts = r.trim_start_matches("#/components/").splitn(2, '/');
                    if let (Some(section), Some(name)) = (parts.next(), parts.next()) {
                        out.push((section.to_owned(), name.to_owned()));
                    }
                }
                map.values().for_each(|v| refs(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut wanted = Vec::new();
    refs(&cut["paths"], &mut wanted);
    let mut components = serde_json::Map::new();
    while let Some((section, name)) = wanted.pop() {
        let entry = components.entry(section.clone()).or_insert_with(|| Value::Object(Default::default()));
        if entry.get(&name).is_some() {
            continue;
        }
        let definition = full["components"][&section][&name].clone();
        refs(&definition, &mut wanted);
        entry[&name] = definition;
    }
    if let Some(schemes) = full["components"].get("securitySchemes") {
        components.insert("securitySchemes".into(), schemes.clone());
    }
    cut["components"] = Value::Object(components);
    serde_json::to_string_pretty(&cut).expect("serializable")
}
