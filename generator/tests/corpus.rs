//! Real-world coverage: generate a client for public OpenAPI documents and compile it.
//!
//! `cargo test -p clientgen --test corpus` runs a representative subset (and compiles every
//! fixture client). The whole corpus, which rewrites CORPUS.md, is its own command:
//!
//! ```text
//! cargo test --release -p clientgen --test corpus -- --ignored --nocapture
//! ```

mod support;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use support::{fixture_cases, repo_root, shared_dir};

/// The subset run by default: small documents that exercise distinct features, one 3.1
/// document and the multi-file DigitalOcean specification.
const SUBSET: &[&str] = &[
    "openapiv3-fixtures/petstore-discriminated.yaml",
    "openapiv3-fixtures/callback-example.yaml",
    "openapiv3-fixtures/link-example.yaml",
    "oas-examples-3.0/polymorphism.json",
    "oas-examples-3.0/schema-circular.json",
    "oas-examples-3.0/parameters-style.json",
    "oas-examples-3.0/schema-enums.json",
    "oas-examples-3.1/train-travel.json",
    "oas-examples-3.1/schema-types.json",
    "progenitor-samples/param-collision.json",
    "twilio/twilio_chat_v3.json",
    "digitalocean/specification/DigitalOcean-public.v2.yaml",
    "swagger-2.0/nytimes/archive_api.json",
    "swagger-2.0/oai-examples/petstore-separate/spec/swagger.yaml",
    "openapiv3-fixtures/petstore.yaml",
];

/// Documents whose references reach above their own folder, with the folder they may reach
/// (`ref_root`): the 2.0 multi-file petstore keeps its shared `Error` in `../common`.
const REF_ROOTS: &[(&str, &str)] =
    &[("swagger-2.0/oai-examples/petstore-separate/spec/swagger.yaml", "swagger-2.0/oai-examples/petstore-separate")];

/// One document's outcome.
#[derive(Debug, Default)]
struct Outcome {
    document: String,
    folder: String,
    bytes: u64,
    operations: usize,
    methods: usize,
    generation: Duration,
    generation_error: Option<String>,
    compiled: Option<bool>,
    warnings: usize,
    /// clientgen's own warnings (repairs and approximations), by kind.
    repairs: BTreeMap<String, usize>,
    compile_error: Option<String>,
    crate_name: String,
    /// What the HTTP edges of issue 26 give the client, counted over its operations.
    edges: Edges,
}

/// Operations that page, methods content negotiation adds (by the kind they read), and
/// operations documenting a redirect (followed by a safe method, returned by any other).
#[derive(Debug, Default, Clone, Copy)]
struct Edges {
    paged: usize,
    events: usize,
    records: usize,
    text: usize,
    bytes: usize,
    /// Methods sending another kind of request body than the plain method's JSON.
    bodies: usize,
    followed: usize,
    returned: usize,
}

impl Edges {
    fn of(api: &clientgen::ir::Api) -> Edges {
        use clientgen::ir::ResponseBody;
        let encoding = |op: &clientgen::ir::Operation| op.body.as_ref().map(|b| b.encoding.clone());
        let mut edges = Edges::default();
        for op in &api.operations {
            edges.paged += usize::from(op.pagination.is_some());
            let plain = op.stream_of.as_ref().and_then(|p| api.operations.iter().find(|o| &o.rust_name == p));
            if plain.is_some_and(|p| encoding(p) != encoding(op)) {
                edges.bodies += 1;
            } else if op.stream_of.is_some() {
                match op.success.body {
                    ResponseBody::Events(_) => edges.events += 1,
                    ResponseBody::Lines { .. } => edges.records += 1,
                    ResponseBody::Text => edges.text += 1,
                    ResponseBody::Bytes => edges.bytes += 1,
                    ResponseBody::Json(_) | ResponseBody::Parts(_) | ResponseBody::Empty => {}
                }
            }
            if op.documents_redirect() {
                if op.method.is_safe() {
                    edges.followed += 1;
                } else {
                    edges.returned += 1;
                }
            }
        }
        edges
    }

    fn add(&mut self, other: Edges) {
        self.paged += other.paged;
        self.events += other.events;
        self.records += other.records;
        self.text += other.text;
        self.bytes += other.bytes;
        self.bodies += other.bodies;
        self.followed += other.followed;
        self.returned += other.returned;
    }

    fn row(&self, label: &str) -> String {
        format!(
            "| {label} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            self.paged, self.events, self.records, self.text, self.bytes, self.bodies, self.followed, self.returned
        )
    }
}

/// Every document of the corpus (for DigitalOcean, the root of the multi-file specification).
fn all_documents() -> Vec<String> {
    let corpus = shared_dir().join("corpus");
    let mut documents = Vec::new();
    for folder in [
        "openapiv3-fixtures",
        "oas-examples-3.0",
        "oas-examples-3.1",
        "progenitor-samples",
        "twilio",
        "swagger-2.0/nytimes",
        "swagger-2.0/oai-examples",
    ] {
        let mut names: Vec<String> = std::fs::read_dir(corpus.join(folder))
            .unwrap_or_else(|e| panic!("{folder}: {e} (is ../shared beside the repository?)"))
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json") || n.ends_with(".yaml") || n.ends_with(".yml"))
            .collect();
        names.sort();
        documents.extend(names.into_iter().map(|n| format!("{folder}/{n}")));
    }
    documents.push("swagger-2.0/oai-examples/petstore-separate/spec/swagger.yaml".into());
    documents.push("digitalocean/specification/DigitalOcean-public.v2.yaml".into());
    documents
}

/// Operations declared in the document, counted independently of lowering (path items and
/// their methods, after external references are followed by the loader).
fn count_operations(path: &Path) -> usize {
    let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    if let Ok(loaded) = clientgen::load::load_documents(&[(path.to_path_buf(), path.display().to_string())]) {
        return loaded
            .openapi
            .paths
            .iter()
            .filter_map(|(_, item)| item.as_item())
            .map(|item| item.iter().count())
            .sum();
    }
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let value: Value = clientgen::load::parse_document(&text, &path.display().to_string()).unwrap_or(Value::Null);
    value
        .get("paths")
        .and_then(Value::as_object)
        .map_or(0, |paths| paths.values().map(|item| methods.iter().filter(|m| item.get(**m).is_some()).count()).sum())
}

fn crate_name_for(document: &str) -> String {
    let stem = document.rsplit('/').next().unwrap_or(document);
    let folder = document.split('/').next().unwrap_or("corpus");
    let raw = format!("{folder}_{}", stem.split('.').next().unwrap_or(stem));
    let name: String =
        raw.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    format!("c_{name}")
}

/// Generates every document into a scratch workspace and `cargo check`s them together.
fn run(documents: &[String], extra: &[(String, Vec<PathBuf>)], scratch: &Path) -> Vec<Outcome> {
    let corpus = shared_dir().join("corpus");
    let _ = std::fs::remove_dir_all(scratch);
    std::fs::create_dir_all(scratch).unwrap();
    let runtime = repo_root().join("generator/runtime");
    let mut outcomes = Vec::new();
    let mut jobs: Vec<(String, String, Vec<PathBuf>)> =
        documents.iter().map(|d| (d.clone(), crate_name_for(d), vec![corpus.join(d)])).collect();
    jobs.extend(extra.iter().map(|(name, specs)| (format!("fixture {name}"), format!("f_{name}"), specs.clone())));
    for (document, crate_name, specs) in jobs {
        let mut outcome = Outcome {
            folder: document.split('/').next().unwrap_or_default().to_owned(),
            bytes: specs.iter().map(|s| std::fs::metadata(s).map(|m| m.len()).unwrap_or(0)).sum(),
            operations: count_operations(&specs[0]),
            crate_name: crate_name.clone(),
            document,
            ..Outcome::default()
        };
        // Tag features on, as the command line writes crates (checked with all features on).
        let mut builder = clientgen::Builder::new().crate_name(&crate_name).source_root(repo_root()).tag_features(true);
        for spec in &specs {
            builder = builder.spec(spec);
        }
        if let Some((_, root)) = REF_ROOTS.iter().find(|(d, _)| *d == outcome.document) {
            builder = builder.ref_root(corpus.join(root));
        }
        let started = Instant::now();
        let result = std::panic::catch_unwind(|| builder.render());
        outcome.generation = started.elapsed();
        match result {
            Ok(Ok(generated)) => {
                outcome.methods = generated.api.operations.len();
                outcome.edges = Edges::of(&generated.api);
                for warning in &generated.warnings {
                    *outcome.repairs.entry(warning_kind(&warning.message)).or_default() += 1;
                }
                let out = scratch.join(&crate_name);
                for (path, contents) in
                    clientgen::crate_files(&generated, &out, &clientgen::RuntimeDependency::Path(runtime.clone()))
                {
                    clientgen::write::write_if_changed(&path, &contents).unwrap();
                }
            }
            Ok(Err(err)) => outcome.generation_error = Some(err.to_string()),
            Err(_) => outcome.generation_error = Some("PANIC (a clientgen bug)".into()),
        }
        outcomes.push(outcome);
    }
    let members: Vec<String> =
        outcomes.iter().filter(|o| o.generation_error.is_none()).map(|o| format!("    {:?},", o.crate_name)).collect();
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [\n{}\n]\n", members.join("\n")),
    )
    .unwrap();
    std::fs::copy(repo_root().join("Cargo.lock"), scratch.join("Cargo.lock")).unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["check", "--workspace", "--keep-going", "--message-format=json"])
        .env("CARGO_TARGET_DIR", repo_root().join("target/nested"))
        .current_dir(scratch)
        .output()
        .expect("cargo runs");
    let mut warnings: BTreeMap<String, usize> = BTreeMap::new();
    let mut errors: BTreeMap<String, String> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else { continue };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let target = message["target"]["name"].as_str().unwrap_or_default().to_owned();
        let rendered = message["message"]["rendered"].as_str().unwrap_or_default();
        match message["message"]["level"].as_str() {
            Some("warning") if !rendered.contains("warning emitted") && !rendered.contains("warnings emitted") => {
                *warnings.entry(target).or_default() += 1;
            }
            Some("error") => {
                errors.entry(target).or_insert_with(|| rendered.lines().take(3).collect::<Vec<_>>().join(" "));
            }
            _ => {}
        }
    }
    for outcome in outcomes.iter_mut().filter(|o| o.generation_error.is_none()) {
        outcome.warnings = warnings.get(&outcome.crate_name).copied().unwrap_or(0);
        outcome.compile_error = errors.get(&outcome.crate_name).cloned();
        outcome.compiled = Some(outcome.compile_error.is_none());
    }
    if !output.status.success() && errors.is_empty() {
        panic!("cargo check failed without compiler errors:\n{}", String::from_utf8_lossy(&output.stderr));
    }
    outcomes
}

/// A warning's kind, for the report: its message without the names and values it quotes.
fn warning_kind(message: &str) -> String {
    const KINDS: &[(&str, &str)] = &[
        ("unresolvable $ref", "dangling $ref repaired"),
        ("names a component of", "$ref to another component kind"),
        ("`null` where a list belongs", "null read as an empty list"),
        ("number written as the string", "number written as a string"),
        ("is not a number", "non-numeric constraint ignored"),
        ("is not a JSON Schema type", "unknown schema type"),
        ("type aliases refer to each other", "alias cycle broken"),
        ("allOf part is not an object", "non-object allOf part"),
        ("is used by another operation", "operation renamed"),
        ("has no `responses`", "operation without responses"),
        ("collectionFormat", "collectionFormat approximated"),
    ];
    KINDS.iter().find(|(pattern, _)| message.contains(pattern)).map(|(_, kind)| (*kind).to_owned()).unwrap_or_else(
        || {
            // Unlisted: the message with quoted names elided.
            let mut kind = String::new();
            let mut quoted = false;
            for c in message.chars() {
                if c == '`' {
                    quoted = !quoted;
                    if quoted {
                        kind.push('…');
                    }
                } else if !quoted {
                    kind.push(c);
                }
            }
            kind
        },
    )
}

fn problems(outcomes: &[Outcome]) -> Vec<String> {
    outcomes
        .iter()
        .filter(|o| o.compiled != Some(true) || o.warnings > 0 || o.methods < o.operations)
        .map(|o| {
            format!(
                "{}: {}",
                o.document,
                o.generation_error.clone().or(o.compile_error.clone()).unwrap_or_else(|| format!(
                    "{} warnings, {} of {} operations",
                    o.warnings, o.methods, o.operations
                ))
            )
        })
        .collect()
}

#[test]
fn corpus_subset_and_fixtures_compile_without_warnings() {
    let documents: Vec<String> = SUBSET.iter().map(|s| (*s).to_owned()).collect();
    let fixtures: Vec<(String, Vec<PathBuf>)> = fixture_cases().into_iter().map(|c| (c.name, c.specs)).collect();
    let outcomes = run(&documents, &fixtures, &repo_root().join("target/corpus-subset"));
    let problems = problems(&outcomes);
    // The repaired documents are there because they need repairs: they must report them.
    for document in ["openapiv3-fixtures/petstore.yaml", "swagger-2.0/nytimes/archive_api.json"] {
        let outcome = outcomes.iter().find(|o| o.document == document).expect("in the subset");
        assert!(!outcome.repairs.is_empty(), "{document}: no warning for its repairs");
    }
    assert!(
        problems.is_empty(),
        "documents that did not generate a warning-free client with every operation:\n{}",
        problems.join("\n")
    );
}

#[test]
#[ignore = "the whole corpus takes minutes; run it with --ignored (see the module docs)"]
fn corpus_full_report() {
    let outcomes = run(&all_documents(), &[], &repo_root().join("target/corpus-full"));
    let report = render_report(&outcomes);
    std::fs::write(repo_root().join("CORPUS.md"), &report).unwrap();
    println!("{report}");
}

/// The HTTP edges table (issue 26): per folder, over documents that generate.
fn render_edges(outcomes: &[Outcome]) -> String {
    let mut out = String::from(
        "\n## HTTP edges\n\n\
         Operations that page (a cursor, offset, page number or next-page URL the client follows with\n\
         `.pages()`/`.items()`; `Link` headers need no declaration and are not counted), methods\n\
         content negotiation adds beside an operation's JSON method (`…_stream` for events or JSON\n\
         records, `…_text`, `…_bytes`; `…_with_text`/`…_with_bytes` for request bodies), and\n\
         operations documenting a redirect: followed by a safe method (`GET`, `HEAD`, `QUERY`),\n\
         returned as a documented status by any other.\n\n\
         | folder | paged | event-stream methods | JSON-records methods | text methods | binary methods | request-body methods | redirect followed | redirect returned |\n\
         |---|---|---|---|---|---|---|---|---|\n",
    );
    let mut folders: BTreeMap<&str, Edges> = BTreeMap::new();
    for o in outcomes.iter().filter(|o| o.generation_error.is_none()) {
        folders.entry(o.folder.as_str()).or_default().add(o.edges);
    }
    let mut total = Edges::default();
    for (folder, edges) in &folders {
        out.push_str(&edges.row(folder));
        total.add(*edges);
    }
    out.push_str(&total.row("**total**"));
    out
}

fn render_report(outcomes: &[Outcome]) -> String {
    let mut out = String::from(
        "# Corpus coverage\n\n\
         Every document under `../shared/corpus` (for DigitalOcean and the Swagger 2.0 petstore-separate,\n\
         the root of the multi-file specification), generated with clientgen and compiled with\n\
         `cargo check`; Swagger 2.0 documents are converted to OpenAPI 3.0 on load. \"clientgen\n\
         warnings\" are the repairs and approximations clientgen reported (see the last section). Regenerate with\n\
         `cargo test --release -p clientgen --test corpus -- --ignored --nocapture`.\n\
         Generation time is in-process (load → lower → emit → render) in that release build.\n\n\
         ## Summary\n\n\
         | folder | documents | generated | compile without warnings | operations | methods |\n\
         |---|---|---|---|---|---|\n",
    );
    let mut folders: BTreeMap<&str, (usize, usize, usize, usize, usize)> = BTreeMap::new();
    for o in outcomes {
        let entry = folders.entry(o.folder.as_str()).or_default();
        entry.0 += 1;
        entry.1 += usize::from(o.generation_error.is_none());
        entry.2 += usize::from(o.compiled == Some(true) && o.warnings == 0);
        entry.3 += o.operations;
        entry.4 += if o.compiled == Some(true) { o.methods } else { 0 };
    }
    let mut total = (0, 0, 0, 0, 0);
    for (folder, (docs, generated, clean, operations, methods)) in &folders {
        out.push_str(&format!("| {folder} | {docs} | {generated} | {clean} | {operations} | {methods} |\n"));
        total = (total.0 + docs, total.1 + generated, total.2 + clean, total.3 + operations, total.4 + methods);
    }
    out.push_str(&format!(
        "| **total** | **{}** | **{}** | **{} ({:.0}%)** | **{}** | **{} ({:.1}%)** |\n\n",
        total.0,
        total.1,
        total.2,
        100.0 * total.2 as f64 / total.0.max(1) as f64,
        total.3,
        total.4,
        100.0 * total.4 as f64 / total.3.max(1) as f64
    ));
    out.push_str("\"methods\" counts the client methods of documents whose client compiles.\n\n## Documents\n\n");
    out.push_str("| document | size | operations | methods | compiles | rustc warnings | clientgen warnings | generation | error |\n|---|---|---|---|---|---|---|---|---|\n");
    for o in outcomes {
        let compiles = match o.compiled {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "—",
        };
        let error = o
            .generation_error
            .clone()
            .or(o.compile_error.clone())
            .unwrap_or_default()
            .replace('|', "\\|")
            .replace('\n', " ");
        out.push_str(&format!(
            "| {} | {} KB | {} | {} | {} | {} | {} | {:.1} ms | {} |\n",
            o.document,
            o.bytes.div_ceil(1024),
            o.operations,
            o.methods,
            compiles,
            o.warnings,
            o.repairs.values().sum::<usize>(),
            o.generation.as_secs_f64() * 1000.0,
            error.chars().take(300).collect::<String>()
        ));
    }
    out.push_str(&render_edges(outcomes));
    out.push_str("\n## clientgen warnings by kind\n\nWhat clientgen repaired or approximated, per document (`--deny-warnings` refuses all of them).\n\n| document | warnings |\n|---|---|\n");
    for o in outcomes.iter().filter(|o| !o.repairs.is_empty()) {
        let kinds: Vec<String> = o.repairs.iter().map(|(kind, n)| format!("{kind} ×{n}")).collect();
        out.push_str(&format!("| {} | {} |\n", o.document, kinds.join("; ").replace('|', "\\|")));
    }
    out
}
