//! The conformance harness: for every operation of a document, synthesize arguments, call the
//! generated client's own method through a recording proxy to Prism (request validation on), then
//! decode Prism's responses — the static example and dynamic ones for several seeds, for every
//! documented status Prism can produce — and ask a second validator (openapi-core) about each
//! request exactly as it was on the wire.

use super::proxy::{Exchange, Proxy};
use super::synth::Synth;
use super::{driver, Job};
use openapiv3::{ReferenceOr, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// What the harness found for one operation.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct OpResult {
    pub name: String,
    /// `POST /v1/customers`.
    pub route: String,
    /// Every request variant was accepted by Prism and by openapi-core.
    pub request_ok: bool,
    /// Response cases tried, and decoded through the generated types.
    pub responses: usize,
    pub decoded: usize,
    /// The validators' messages for what failed.
    pub failures: Vec<String>,
}

impl OpResult {
    pub fn passed(&self) -> bool {
        self.request_ok && self.decoded == self.responses
    }
}

/// One document's run.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct DocResult {
    pub label: String,
    pub folder: String,
    pub error: Option<String>,
    /// What the validators were given that differs from the document (said in the report).
    #[serde(default)]
    pub altered: Option<String>,
    pub ops: Vec<OpResult>,
    pub seconds: f64,
}

struct Prepared {
    job: Job,
    crate_name: String,
    api: clientgen::ir::Api,
    /// The document Prism serves (the original, or a copy without example-value `$ref`s).
    prism_spec: PathBuf,
    altered: Option<String>,
    /// The document given to openapi-core (the original, or for Swagger 2.0 the converted one).
    validator_spec: PathBuf,
    cases: Vec<Case>,
}

#[derive(Debug, Clone)]
struct Case {
    id: String,
    op: String,
    args: Value,
    prefer: String,
    /// Whether this case checks the request (a variant of the arguments) or a response.
    request: bool,
    /// For a response case: the spec gives an example for it, which Prism's static response
    /// is made from.
    example: bool,
}

pub struct Options {
    pub scratch: PathBuf,
    pub seeds: u32,
    pub repo: PathBuf,
    /// `false`: record-only, no Prism (for documents Prism cannot load in reasonable time):
    /// requests are judged by openapi-core alone and responses are not judged.
    pub prism: bool,
}

pub fn run(jobs: Vec<Job>, options: &Options) -> Vec<DocResult> {
    let _ = std::fs::remove_dir_all(&options.scratch);
    std::fs::create_dir_all(&options.scratch).expect("scratch folder");
    let mut results = Vec::new();
    let mut prepared = Vec::new();
    for job in jobs {
        match prepare(job.clone(), options) {
            Ok(p) => prepared.push(p),
            Err(error) => results.push(DocResult {
                label: job.label.clone(),
                folder: job.folder.clone(),
                error: Some(error),
                ..DocResult::default()
            }),
        }
    }
    let built = build(&prepared, options);
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("tokio runtime");
    for p in prepared {
        let started = Instant::now();
        let mut result = DocResult {
            label: p.job.label.clone(),
            folder: p.job.folder.clone(),
            altered: p.altered.clone(),
            ..DocResult::default()
        };
        match built.get(&p.crate_name) {
            Some(Ok(binary)) => match runtime.block_on(exercise(&p, binary, options)) {
                Ok(ops) => result.ops = ops,
                Err(error) => result.error = Some(error),
            },
            Some(Err(error)) => result.error = Some(error.clone()),
            None => result.error = Some("the driver was not built".into()),
        }
        result.seconds = started.elapsed().as_secs_f64();
        without_checkout_path(&mut result, &options.repo);
        eprintln!(
            "conformance: {} — {} of {} operations pass ({:.1} s)",
            result.label,
            result.ops.iter().filter(|o| o.passed()).count(),
            result.ops.len(),
            result.seconds
        );
        results.push(result);
    }
    results
}

/// The kept results and the report name no folder of this machine: the checkout's path in
/// Prism's stack traces (`/home/…/node_modules/…`) becomes `<checkout>`.
fn without_checkout_path(result: &mut DocResult, repo: &Path) {
    let prefix = repo.display().to_string();
    let (error, failures) = (result.error.iter_mut(), result.ops.iter_mut().flat_map(|o| o.failures.iter_mut()));
    for text in error.chain(failures).filter(|t| t.contains(&prefix)) {
        *text = text.replace(&prefix, "<checkout>");
    }
}

fn prepare(job: Job, options: &Options) -> Result<Prepared, String> {
    let crate_name = format!("conf_{}", job.name);
    let mut builder = clientgen::Builder::new().spec(&job.spec).crate_name(&crate_name).serialize_both_ways(true);
    let mut load = clientgen::load::LoadOptions::default();
    if let Some(root) = &job.ref_root {
        builder = builder.ref_root(root);
        load.ref_root = Some(root.clone());
    }
    let generated = builder.render().map_err(|e| format!("generation failed: {e}"))?;
    let shown = job.spec.display().to_string();
    let loaded =
        clientgen::load::load_documents_with(&[(job.spec.clone(), shown)], &load).map_err(|e| e.to_string())?;
    let served =
        served_document(&job.spec, &loaded.files_read, &options.scratch.join(format!("{crate_name}.prism.json")))?;
    let driver_dir = write_client_and_driver(&generated, &options.scratch, &options.repo, &crate_name, TOKIO);
    write(&driver_dir.join("src/main.rs"), &driver::source(&generated.api, &crate_name));
    let validator_spec = if served.swagger2 || loaded.files_read.len() > 1 {
        // openapi-core reads OpenAPI 3 only: it gets the converted document (Prism reads the 2.0
        // one). A document in several files it gets bundled into one, as clientgen read it:
        // openapi-core fails on DigitalOcean's `description: {$ref: description.yml#/…}`.
        let converted = options.scratch.join(format!("{crate_name}.openapi.json"));
        write(&converted, &serde_json::to_string_pretty(&loaded.openapi).unwrap_or_default());
        converted
    } else {
        served.path.clone()
    };
    let mut cases = cases(&generated.api, &loaded.openapi);
    for (index, (op, args)) in job.given.iter().enumerate() {
        let id = format!("{op}#given-{index}");
        cases.push(Case {
            id,
            op: op.clone(),
            args: args.clone(),
            prefer: String::new(),
            request: true,
            example: false,
        });
    }
    let (prism_spec, altered) = (served.path, served.altered);
    Ok(Prepared { job, crate_name, api: generated.api, prism_spec, altered, validator_spec, cases })
}

/// The document the validators are given, and what is known of it from reading it once.
struct Served {
    /// The document itself, or a copy without example-value `$ref`s to another host.
    path: PathBuf,
    /// What the copy changed, said in the report.
    altered: Option<String>,
    /// Swagger 2.0 (a top-level `swagger` key, however the YAML is indented).
    swagger2: bool,
}

/// Nothing may leave this machine: Prism resolves every `$ref` it meets, even one inside an
/// example value (GitHub's SCIM examples carry `$ref: https://api.github.com/…` as data), and
/// would try to download it. In a one-file document, such keys inside example values are renamed
/// in a copy written to `copy` (the client is made from the document as it is); any other `$ref`
/// to another host refuses the document.
fn served_document(spec: &Path, files_read: &[PathBuf], copy: &Path) -> Result<Served, String> {
    let refuse = |file: &Path, url: String| {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Err(format!(
            "not sent to Prism: {name} has `$ref: {url}`, which Prism would try to download (it resolves `$ref` even in example values), and the harness reaches no address but 127.0.0.1"
        ))
    };
    let mut document = read_document(spec).unwrap_or_default();
    let swagger2 = document.get("swagger").is_some();
    let single = files_read.len() <= 1;
    let renamed = if single { rename_example_refs(&mut document) } else { 0 };
    if let Some(url) = find_remote(&document) {
        return refuse(spec, url);
    }
    for file in files_read.iter().filter(|f| f.as_path() != spec) {
        if let Some(url) = remote_reference(file) {
            return refuse(file, url);
        }
    }
    if renamed == 0 {
        return Ok(Served { path: spec.to_owned(), altered: None, swagger2 });
    }
    write(copy, &serde_json::to_string(&document).unwrap_or_default());
    let altered = format!(
        "{renamed} `$ref` key(s) naming another host inside example values renamed `{RENAMED_REF}` in the copy the validators read, so that Prism has nothing to download"
    );
    Ok(Served { path: copy.to_owned(), altered: Some(altered), swagger2 })
}

/// A spec file, parsed (YAML or JSON), or `None` if it cannot be read.
fn read_document(file: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(file).ok()?;
    clientgen::load::parse_document(&text, &file.display().to_string()).ok()
}

/// Whether a `$ref` names another host (not 127.0.0.1 or localhost).
fn names_another_host(reference: &str) -> bool {
    let rest = reference.strip_prefix("https://").or_else(|| reference.strip_prefix("http://"));
    rest.is_some_and(|rest| !(rest.starts_with("127.0.0.1") || rest.starts_with("localhost")))
}

/// The first `$ref` in `value` that names another host, if any.
fn find_remote(value: &Value) -> Option<String> {
    match value {
        Value::Object(map) => {
            let remote = map.get("$ref").and_then(Value::as_str).filter(|r| names_another_host(r));
            remote.map(str::to_owned).or_else(|| map.values().find_map(find_remote))
        }
        Value::Array(items) => items.iter().find_map(find_remote),
        _ => None,
    }
}

/// The first `$ref` of a file that names another host (not 127.0.0.1 or localhost), if any.
pub fn remote_reference(file: &Path) -> Option<String> {
    find_remote(&read_document(file)?)
}

/// What a `$ref` key naming another host inside an example value is renamed to.
pub const RENAMED_REF: &str = "x-clientgen-example-ref";

/// Renames every `$ref` that names another host inside an example value (under `example`, or an
/// Example Object's `value`) [`RENAMED_REF`]; how many. References outside examples stay, for
/// `find_remote` to refuse.
fn rename_example_refs(document: &mut Value) -> usize {
    fn walk(value: &mut Value, in_example: bool, renamed: &mut usize) {
        match value {
            Value::Object(map) => {
                if in_example && map.get("$ref").and_then(Value::as_str).is_some_and(names_another_host) {
                    let reference = map.remove("$ref").unwrap_or_default();
                    map.insert(RENAMED_REF.to_owned(), reference);
                    *renamed += 1;
                }
                for (key, child) in map.iter_mut() {
                    walk(child, in_example || key == "example" || key == "examples", renamed);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| walk(item, in_example, renamed)),
            _ => {}
        }
    }
    let mut renamed = 0;
    walk(document, false, &mut renamed);
    renamed
}

/// The file's document with its example-value `$ref`s to another host renamed, and how many;
/// `None` when there is none.
pub fn without_example_refs(file: &Path) -> Option<(Value, usize)> {
    let mut document = read_document(file)?;
    let renamed = rename_example_refs(&mut document);
    (renamed > 0).then_some((document, renamed))
}

/// The conformance driver's extra dependency: it calls the async client.
const TOKIO: &str = "tokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n";

/// Writes the generated client into `<scratch>/<crate_name>` and its driver's manifest (the
/// client, the runtime, serde and `extra` dependencies) into `<scratch>/<crate_name>_driver`;
/// returns the driver's folder.
pub fn write_client_and_driver(
    generated: &clientgen::Generated,
    scratch: &Path,
    repo: &Path,
    crate_name: &str,
    extra: &str,
) -> PathBuf {
    let runtime = repo.join("generator/runtime");
    for (path, contents) in clientgen::crate_files(
        generated,
        &scratch.join(crate_name),
        &clientgen::RuntimeDependency::Path(runtime.clone()),
    ) {
        write(&path, &contents);
    }
    let driver_dir = scratch.join(format!("{crate_name}_driver"));
    write(
        &driver_dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"{crate_name}_driver\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\n{crate_name} = {{ path = \"../{crate_name}\", package = \"{}\" }}\n\
             clientgen-runtime = {{ path = {:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n{extra}",
            crate_name.replace('_', "-"),
            runtime.display().to_string()
        ),
    );
    driver_dir
}

pub fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folder");
    std::fs::write(path, contents).expect("write file");
}

/// Request cases (minimal and full arguments) and response cases (each documented status).
fn cases(api: &clientgen::ir::Api, openapi: &openapiv3::OpenAPI) -> Vec<Case> {
    let synth = Synth { api: openapi, examples: true };
    let mut cases = Vec::new();
    for op in &api.operations {
        let Some(operation) = find_operation(openapi, &op.path, op.method.as_str()) else { continue };
        let path_item = openapi.paths.paths.get(&op.path).and_then(|p| p.as_item());
        for full in [false, true] {
            let args = arguments(&synth, operation, path_item, full);
            let variant = if full { "full" } else { "required" };
            cases.push(Case {
                id: format!("{}#{variant}", op.rust_name),
                op: op.rust_name.clone(),
                args,
                prefer: String::new(),
                request: true,
                example: false,
            });
        }
        let args = arguments(&synth, operation, path_item, false);
        for (status, response) in &operation.responses.responses {
            let StatusCode::Code(code) = status else { continue };
            cases.push(Case {
                id: format!("{}#status-{code}", op.rust_name),
                op: op.rust_name.clone(),
                args: args.clone(),
                prefer: format!("code={code}"),
                request: false,
                example: has_example(openapi, response),
            });
        }
    }
    cases
}

/// Whether a response gives an example Prism's static response is made from: on a media type
/// (`example`, `examples`) or on its schema.
fn has_example(openapi: &openapiv3::OpenAPI, response: &ReferenceOr<openapiv3::Response>) -> bool {
    let response = match response {
        ReferenceOr::Item(r) => Some(r),
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/responses/")
            .and_then(|name| openapi.components.as_ref()?.responses.get(name)?.as_item()),
    };
    let schema_example = |schema: &ReferenceOr<openapiv3::Schema>| match schema {
        ReferenceOr::Item(s) => s.schema_data.example.is_some(),
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/schemas/")
            .and_then(|name| openapi.components.as_ref()?.schemas.get(name)?.as_item())
            .is_some_and(|s| s.schema_data.example.is_some()),
    };
    response.is_some_and(|r| {
        r.content
            .values()
            .any(|m| m.example.is_some() || !m.examples.is_empty() || m.schema.as_ref().is_some_and(schema_example))
    })
}

fn find_operation<'a>(openapi: &'a openapiv3::OpenAPI, path: &str, method: &str) -> Option<&'a openapiv3::Operation> {
    let item = openapi.paths.paths.get(path)?.as_item()?;
    item.iter().find(|(m, _)| m.eq_ignore_ascii_case(method)).map(|(_, op)| op)
}

fn arguments(
    synth: &Synth<'_>,
    operation: &openapiv3::Operation,
    path_item: Option<&openapiv3::PathItem>,
    full: bool,
) -> Value {
    let mut args = serde_json::Map::new();
    let shared = path_item.map(|p| p.parameters.as_slice()).unwrap_or_default();
    for parameter in shared.iter().chain(&operation.parameters) {
        let Some(parameter) = synth.parameter(parameter) else { continue };
        let data = parameter.parameter_data_ref();
        if data.required || full {
            // Path values are whole in both variants (an object with nothing required is not a path).
            let whole = full || matches!(parameter, openapiv3::Parameter::Path { .. });
            args.insert(data.name.clone(), synth.parameter_value(parameter, whole));
        }
    }
    if let Some(body) = operation.request_body.as_ref().and_then(|b| synth.request_body(b)) {
        let media = body
            .content
            .iter()
            .find(|(m, _)| m.contains("json"))
            .or_else(|| body.content.iter().find(|(m, _)| m.starts_with("application/x-www-form-urlencoded")))
            .or_else(|| body.content.iter().next());
        if let Some((_, media)) = media {
            args.insert("body".into(), synth.media_value(media, full));
        }
    }
    // Values built from the schemas alone, for the driver to fall back on where one of the
    // spec's examples does not fit the spec's own schema (the spec contradicts itself; the call
    // is still judged, with a value the schema allows).
    if synth.examples {
        let schemas_only = Synth { api: synth.api, examples: false };
        args.insert(FALLBACK.into(), arguments(&schemas_only, operation, path_item, full));
    }
    Value::Object(args)
}

/// The key of the schema-only arguments in a case's arguments (no parameter can be named so).
pub const FALLBACK: &str = "\u{1}schemas-only";

/// Builds every driver in one cargo invocation; crate name → the binary, or why not.
fn build(prepared: &[Prepared], options: &Options) -> BTreeMap<String, Result<PathBuf, String>> {
    let names: Vec<String> = prepared.iter().map(|p| p.crate_name.clone()).collect();
    build_drivers(&names, &options.scratch, &options.repo, "nested")
}

/// Builds the clients `names` (each in `<scratch>/<name>`) and their drivers (`<name>_driver`)
/// as one cargo workspace in `scratch`, into `target/<target>` of the repository; crate name →
/// the driver's binary, or why not.
pub fn build_drivers(
    names: &[String],
    scratch: &Path,
    repo: &Path,
    target: &str,
) -> BTreeMap<String, Result<PathBuf, String>> {
    let members: Vec<String> = names.iter().flat_map(|n| [format!("\"{n}\""), format!("\"{n}_driver\"")]).collect();
    write(
        &scratch.join("Cargo.toml"),
        // Drivers run once and are never debugged: without debug info and incremental caches a
        // whole-corpus sweep needs a few GiB of disk instead of tens.
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev]\ndebug = false\nincremental = false\n",
            members.join(", ")
        ),
    );
    let _ = std::fs::copy(repo.join("Cargo.lock"), scratch.join("Cargo.lock"));
    let target = repo.join("target").join(target);
    // A driver left by an earlier run must not pass for one built now.
    for name in names {
        let _ = std::fs::remove_file(target.join("debug").join(format!("{name}_driver")));
    }
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--workspace", "--keep-going", "--message-format=short"])
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(scratch)
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    names
        .iter()
        .map(|name| {
            let binary = target.join("debug").join(format!("{name}_driver"));
            let result = if binary.exists() {
                Ok(binary)
            } else {
                let mut errors: Vec<&str> =
                    stderr.lines().filter(|l| l.contains("error") && l.contains(name.as_str())).take(5).collect();
                if errors.is_empty() {
                    errors = stderr.lines().filter(|l| l.contains("error")).take(5).collect();
                }
                Err(format!("the client or its driver did not compile: {}", errors.join(" / ")))
            };
            (name.clone(), result)
        })
        .collect()
}

/// Prism on 127.0.0.1, stopped when dropped.
struct Prism {
    port: u16,
    child: Child,
    log: PathBuf,
}

impl Prism {
    /// Prism died (it does, on some inputs: see CONFORMANCE.md); the last error it printed.
    fn crashed(&mut self) -> Option<String> {
        if !matches!(self.child.try_wait(), Ok(Some(_))) {
            return None;
        }
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let error = log.lines().rfind(|l| l.contains("Error") || l.contains("error")).unwrap_or("no message");
        Some(format!("Prism crashed while handling this operation: {}", error.trim()))
    }

    fn start(repo: &Path, spec: &Path, seed: Option<u32>, log: &Path) -> Result<Prism, String> {
        let prism = repo.join("node_modules/.bin/prism");
        if !prism.exists() {
            return Err(format!("{} is missing: run `npm ci`", prism.display()));
        }
        let port =
            std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
        let mut command = Command::new(prism);
        command.arg("mock").arg(spec).args(["--errors", "--host", "127.0.0.1", "--port", &port.to_string()]);
        if let Some(seed) = seed {
            command.args(["--dynamic", "--seed", &seed.to_string()]);
        }
        let file = std::fs::File::create(log).map_err(|e| e.to_string())?;
        // Its progress, where it says why it cannot start (`fatal`), apart from its errors.
        let out = std::fs::File::create(log.with_extension("out")).map_err(|e| e.to_string())?;
        let child = command.stdout(out).stderr(file).spawn().map_err(|e| e.to_string())?;
        let mut prism = Prism { port, child, log: log.to_owned() };
        let started = Instant::now();
        // Ready when Prism says it listens on *this* port: a connect alone can reach another
        // server that took the freed port meanwhile (or be a TCP self-connect).
        let listening = format!("Prism is listening on http://127.0.0.1:{port}");
        let says_ready = || std::fs::read_to_string(log.with_extension("out")).is_ok_and(|o| o.contains(&listening));
        while !says_ready() {
            if let Ok(Some(status)) = prism.child.try_wait() {
                // Its own words: the `fatal` line (a dangling `$ref`, an unreadable document).
                let log = std::fs::read_to_string(log.with_extension("out")).unwrap_or_default();
                let fatal =
                    log.lines().find(|l| l.contains("fatal")).map(|l| l.split("fatal").nth(1).unwrap_or(l).trim());
                return Err(format!(
                    "Prism exited before listening ({status}): it could not read the document{}",
                    fatal.map(|f| format!(": `{f}`")).unwrap_or_default()
                ));
            }
            if started.elapsed() > Duration::from_secs(900) {
                return Err("Prism did not start within 900 s".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(prism)
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs the driver on `cases` against `proxy`; case id → the call's outcome.
fn drive(binary: &Path, proxy: &Proxy, cases: &[&Case], scratch: &Path) -> Result<BTreeMap<String, Value>, String> {
    let file = scratch.join("cases.json");
    let list: Vec<Value> =
        cases.iter().map(|c| json!({"id": c.id, "op": c.op, "args": c.args, "prefer": c.prefer})).collect();
    write(&file, &serde_json::to_string(&list).unwrap_or_default());
    let output = Command::new(binary).arg(&proxy.url).arg(&file).output().map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!("the driver failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .map(|v| (v["id"].as_str().unwrap_or_default().to_owned(), v))
        .collect())
}

/// What one pass over some cases gave: outcomes and exchanges by case id, and the operations
/// during which Prism crashed (it is restarted for the next one).
#[derive(Default)]
struct Pass {
    outcomes: BTreeMap<String, Value>,
    exchanges: BTreeMap<String, Exchange>,
    crashes: BTreeMap<String, String>,
}

/// Runs `cases` operation by operation against a Prism started with `seed`, restarting Prism
/// when an operation crashed it.
#[allow(clippy::too_many_arguments)]
fn pass(
    p: &Prepared,
    cases: &[&Case],
    seed: Option<u32>,
    prism_on: bool,
    proxy: &Proxy,
    binary: &Path,
    scratch: &Path,
    repo: &Path,
) -> Result<Pass, String> {
    let mut result = Pass::default();
    if !prism_on {
        proxy.set_upstream(0);
        let outcomes = tokio::task::block_in_place(|| drive(binary, proxy, cases, scratch))?;
        result.outcomes.extend(outcomes);
        result.exchanges.extend(proxy.take().into_iter().map(|e| (e.case.clone(), e)));
        return Ok(result);
    }
    let log = scratch.join(format!("prism-{}.log", seed.unwrap_or(0)));
    let mut prism = Prism::start(repo, &p.prism_spec, seed, &log)?;
    proxy.set_upstream(prism.port);
    let mut ops: Vec<&str> = cases.iter().map(|c| c.op.as_str()).collect();
    ops.dedup();
    for op in ops {
        let batch: Vec<&Case> = cases.iter().copied().filter(|c| c.op == op).collect();
        let outcomes = tokio::task::block_in_place(|| drive(binary, proxy, &batch, scratch))?;
        let hung = outcomes.values().any(|o| o["result"] == "timeout");
        // A call that found no server: give a dying Prism a moment to be seen as dead, so the
        // crash is put down to this operation and not the next.
        if outcomes.values().any(|o| o["result"] == "transport") {
            std::thread::sleep(Duration::from_millis(300));
        }
        result.outcomes.extend(outcomes);
        result.exchanges.extend(proxy.take().into_iter().map(|e| (e.case.clone(), e)));
        // Prism works on one request at a time: one it cannot finish (its response generator
        // running on, on some recursive schemas) holds every later one. It is restarted.
        let stopped = prism.crashed().or_else(|| hung.then(|| format!("{HUNG}{CALL_TIMEOUT_SECONDS} s; restarted")));
        if let Some(stop) = stopped {
            result.crashes.insert(op.to_owned(), stop);
            drop(prism);
            prism = Prism::start(repo, &p.prism_spec, seed, &log)?;
            proxy.set_upstream(prism.port);
        }
    }
    Ok(result)
}

async fn exercise(p: &Prepared, binary: &Path, options: &Options) -> Result<Vec<OpResult>, String> {
    let scratch = options.scratch.join(format!("{}_run", p.crate_name));
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    let proxy = Proxy::start(0).await;
    // Static: every case, requests recorded; then dynamic responses, one Prism per seed.
    let all: Vec<&Case> = p.cases.iter().collect();
    let first = pass(p, &all, None, options.prism, &proxy, binary, &scratch, &options.repo)?;
    // An operation Prism hung on is not sent to it again: it would hang again, each time
    // holding the harness for the call timeout.
    let hung_in = |pass: &Pass| -> Vec<String> {
        pass.crashes.iter().filter(|(_, m)| m.starts_with(HUNG)).map(|(op, _)| op.clone()).collect()
    };
    let mut hung: Vec<String> = hung_in(&first);
    let mut dynamic = Vec::new();
    for seed in 1..=options.seeds {
        let response_cases: Vec<&Case> = p.cases.iter().filter(|c| !c.request && !hung.contains(&c.op)).collect();
        if !response_cases.is_empty() && options.prism {
            let seeded = pass(p, &response_cases, Some(seed), true, &proxy, binary, &scratch, &options.repo)?;
            hung.extend(hung_in(&seeded));
            dynamic.push(seeded);
        }
    }
    // The operations with a server of their own are judged at that server.
    let servers: BTreeMap<String, String> = p
        .cases
        .iter()
        .filter_map(|c| {
            let op = p.api.operations.iter().find(|o| o.rust_name == c.op)?;
            Some((c.id.clone(), op.server.clone()?))
        })
        .collect();
    let requests: Vec<Asked> =
        first.exchanges.values().map(|e| (e.case.clone(), e, servers.get(&e.case), false)).collect();
    let validated = validate(&p.validator_spec, &requests, &scratch.join("requests.jsonl"), &options.repo);
    // Responses the client could not decode: does the spec allow them? (`case@run` → verdict)
    let mut undecoded: Vec<Asked> = Vec::new();
    for (index, pass) in std::iter::once(&first).chain(&dynamic).enumerate() {
        for case in p.cases.iter().filter(|c| !c.request) {
            let failed = pass.outcomes.get(&case.id).is_some_and(|o| o["result"] == "decode");
            if let Some(exchange) = pass.exchanges.get(&case.id).filter(|e| failed && e.own_response.is_none()) {
                undecoded.push((format!("{}@{}", case.id, run_name(index)), exchange, servers.get(&case.id), true));
            }
        }
    }
    let responses = validate(&p.validator_spec, &undecoded, &scratch.join("responses.jsonl"), &options.repo);
    Ok(p.api
        .operations
        .iter()
        .map(|op| {
            let mut result = OpResult {
                name: op.rust_name.clone(),
                route: format!("{} {}", op.method.as_str(), op.path),
                request_ok: true,
                ..OpResult::default()
            };
            for crash in std::iter::once(&first).chain(&dynamic).filter_map(|pass| pass.crashes.get(&op.rust_name)) {
                result.request_ok = false;
                result.failures.push(crash.clone());
            }
            for case in p.cases.iter().filter(|c| c.op == op.rust_name) {
                let outcome = first.outcomes.get(&case.id).cloned().unwrap_or(json!({"result": "missing"}));
                let exchange = first.exchanges.get(&case.id);
                if case.request {
                    judge_request(case, &outcome, exchange, validated.get(&case.id), &mut result);
                } else if options.prism {
                    let verdict = |run: &str| responses.get(&format!("{}@{run}", case.id));
                    judge_response(case, "static", &outcome, exchange, verdict("static"), &mut result);
                    for (index, pass) in dynamic.iter().enumerate() {
                        if hung.contains(&case.op) && !pass.outcomes.contains_key(&case.id) {
                            continue; // not sent: Prism had hung on the operation
                        }
                        let outcome = pass.outcomes.get(&case.id).cloned().unwrap_or(json!({"result": "missing"}));
                        let run = run_name(index + 1);
                        let exchange = pass.exchanges.get(&case.id);
                        judge_response(case, &run, &outcome, exchange, verdict(&run), &mut result);
                    }
                }
            }
            result
        })
        .collect())
}

fn judge_request(
    case: &Case,
    outcome: &Value,
    exchange: Option<&Exchange>,
    validated: Option<&(bool, String)>,
    result: &mut OpResult,
) {
    let mut fail = |message: String| {
        result.request_ok = false;
        result.failures.push(format!("request `{}`: {message}", case.id));
    };
    if let Some("args" | "invalid" | "transport" | "timeout" | "missing") = outcome["result"].as_str() {
        return fail(format!("not sent ({}): {}", outcome["result"], outcome["message"]));
    }
    match exchange {
        None => fail("no request reached the proxy".into()),
        Some(exchange) => {
            // An error about the response Prism made itself means it accepted the request.
            if let Some(error) = exchange.prism_error.as_ref().filter(|_| exchange.own_response.is_none()) {
                fail(error.clone());
            }
            match validated {
                Some((true, _)) => {}
                Some((false, message)) => fail(format!("openapi-core: {message}")),
                None => fail("openapi-core gave no verdict".into()),
            }
        }
    }
}

/// The name of a pass in failure messages: the static one, then the seeds.
fn run_name(index: usize) -> String {
    if index == 0 {
        "static".to_owned()
    } else {
        format!("seed {index}")
    }
}

fn judge_response(
    case: &Case,
    run: &str,
    outcome: &Value,
    exchange: Option<&Exchange>,
    verdict: Option<&(bool, String)>,
    result: &mut OpResult,
) {
    // A request Prism refused is judged as a request, not as a response.
    if exchange.is_some_and(|e| e.prism_error.is_some() && e.status == 422) {
        return;
    }
    result.responses += 1;
    let decoded = match outcome["result"].as_str() {
        Some("ok") => true,
        Some("api") => outcome["documented"] == json!(true),
        _ => false,
    };
    if decoded {
        result.decoded += 1;
    } else if let Some(messages) = exchange.and_then(|e| e.own_response.as_ref()) {
        let source = if run == "static" && case.example { OWN_EXAMPLE } else { OWN_GENERATED };
        result.failures.push(format!("response `{}` ({run}): {source}: {}", case.id, messages.join("; ")));
    } else if let Some((false, message)) = verdict.filter(|(_, m)| !m.starts_with("openapi-core could not run")) {
        // openapi-core finds the response itself outside the spec: not one a client must decode.
        let source = if run == "static" && case.example { BREAKS_EXAMPLE } else { BREAKS_GENERATED };
        let client = outcome["message"].as_str().unwrap_or_default();
        result
            .failures
            .push(format!("response `{}` ({run}): {source}: openapi-core: {message} [the client: {client}]", case.id));
    } else {
        let prism = exchange.and_then(|e| e.prism_error.clone()).map(|e| format!(" [{e}]")).unwrap_or_default();
        let valid = if verdict.is_some() { " [openapi-core finds this response valid]" } else { "" };
        result.failures.push(format!(
            "response `{}` ({run}): {} {}{prism}{valid}",
            case.id, outcome["result"], outcome["message"]
        ));
    }
}

/// The start of a response failure where the client could not decode Prism's static response,
/// made from the spec's example, and openapi-core finds that response invalid against the spec.
pub const BREAKS_EXAMPLE: &str = "the spec's example for this response breaks the spec, by openapi-core";
/// The same, for a response Prism generated from the schema.
pub const BREAKS_GENERATED: &str = "the response Prism generated from the schema breaks the spec, by openapi-core";

/// How long the driver waits for each call (its client's timeout; no retries).
pub const CALL_TIMEOUT_SECONDS: u64 = 15;
/// The start of the failure of an operation Prism did not answer.
pub const HUNG: &str = "Prism hung while handling this operation: no answer within ";

/// The start of a response failure where Prism refused the response it made from the spec's
/// example (see `report::attribution_by_message`).
pub const OWN_EXAMPLE: &str =
    "Prism accepted the request, then rejected its own response, made from the spec's example";
/// The same, for a response Prism generated from the schema.
pub const OWN_GENERATED: &str = "Prism accepted the request, then rejected its own response, generated from the schema";

/// What openapi-core is asked about: an id for its verdict, the exchange, the operation's own
/// server, and whether the question is the response (else the request).
type Asked<'a> = (String, &'a Exchange, Option<&'a String>, bool);

/// openapi-core's verdict on each request (or response) asked about: id → (valid, message).
fn validate(spec: &Path, asked: &[Asked], file: &Path, repo: &Path) -> BTreeMap<String, (bool, String)> {
    if asked.is_empty() {
        return BTreeMap::new();
    }
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let pairs = |headers: &[(String, String)]| headers.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>();
    let mut lines = String::new();
    for (id, exchange, server, response) in asked {
        let mut line = json!({
            "id": id,
            "method": exchange.method,
            "target": exchange.target,
            "headers": pairs(&exchange.headers),
            "body_hex": hex(&exchange.body),
            "server": server,
        });
        if *response {
            line["response"] = json!({
                "status": exchange.status,
                "headers": pairs(&exchange.response_headers),
                "body_hex": hex(&exchange.response_body),
            });
        }
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    write(file, &lines);
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let output = Command::new(python).arg(repo.join("scripts/validate-requests.py")).arg(spec).arg(file).output();
    let Ok(output) = output else { return BTreeMap::new() };
    if !output.status.success() && output.stdout.is_empty() {
        let message = String::from_utf8_lossy(&output.stderr).lines().last().unwrap_or_default().to_owned();
        return asked
            .iter()
            .map(|(id, ..)| (id.clone(), (false, format!("openapi-core could not run: {message}"))))
            .collect();
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .map(|v| {
            let id = v["id"].as_str().unwrap_or_default().to_owned();
            (id, (v["valid"] == json!(true), v["message"].as_str().unwrap_or_default().to_owned()))
        })
        .collect()
}
