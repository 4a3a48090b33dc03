//! The round-trip oracle: does every value a schema allows survive the generated client?
//!
//! For every schema a client decodes or encodes (component schemas, and the JSON bodies of
//! requests, successes and documented errors), third-party tools make the instances
//! (`scripts/roundtrip-instances.py`: drawn by hypothesis-jsonschema, the spec's own examples
//! too, each certified valid by openapi-schema-validator against the schema as the spec wrote
//! it). A driver program per client decodes each into the generated type with `serde_json`,
//! as the client reads a response, encodes it back as the client writes a request, and the two
//! JSON values are compared. Equal is the pass; a refusal to decode, or anything lost, added or
//! changed, is the client's failure, proven by the instance. Nothing here explains a failure
//! away: a schema with no certified instance is reported as unjudged, never as lossless.

use crate::harness::{build_drivers, write, write_client_and_driver};
use crate::Job;
use clientgen::ir::{Api, BodyEncoding, ResponseBody, Scalar, StatusMatch, TypeId, TypeRef};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// How a run is made.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where the clients and drivers go.
    pub scratch: PathBuf,
    /// The repository (for the runtime, the lock file and the scripts).
    pub repo: PathBuf,
    /// Instances drawn per schema (the spec's examples come on top).
    pub count: u32,
    /// Time the drawing of one schema may take, in seconds.
    pub seconds: u32,
}

/// One schema the client decodes or encodes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Target {
    /// Where it is, as a JSON pointer into the document as written (`$ref`s are followed by
    /// the instance maker; a body's pointer names its response or request body).
    pub pointer: String,
    /// `read` (responses), `write` (requests) or `both` (components).
    pub direction: String,
    /// The Rust type it decodes into.
    pub rust: String,
}

/// What the oracle found for one schema.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SchemaResult {
    pub target: Target,
    /// The schema's location with `$ref`s followed (file and pointer, the file relative to the
    /// corpus or the repository).
    pub location: Option<String>,
    /// Certified instances tried, and how many of them are the spec's own examples.
    pub instances: usize,
    pub examples: usize,
    /// The spec's examples set aside, not judged: they break a narrowing (ROUNDTRIP.md).
    #[serde(default)]
    pub narrowed: usize,
    /// Why no instance could be made, when none was.
    pub unjudged: Option<String>,
    /// Each instance that did not come back equal (at most three are kept).
    pub failures: Vec<Failure>,
    /// How many instances failed in all.
    pub failed: usize,
}

impl SchemaResult {
    /// Every instance came back equal, and there was at least one.
    pub fn lossless(&self) -> bool {
        self.instances > 0 && self.failed == 0
    }
}

/// An instance the client did not give back unchanged.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Failure {
    /// The certified instance.
    pub instance: Value,
    /// What the client encoded, when it decoded the instance at all.
    pub output: Option<Value>,
    /// `refused: …` (decoding failed), or `lost`/`added`/`changed` and where (a JSON pointer
    /// into the instance).
    pub problem: String,
}

/// The oracle's result for one document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocResult {
    pub label: String,
    pub folder: String,
    /// Why the document could not be checked at all.
    pub error: Option<String>,
    pub schemas: Vec<SchemaResult>,
}

/// Runs the oracle on every job.
pub fn run(jobs: Vec<Job>, options: &Options) -> Vec<DocResult> {
    let _ = std::fs::remove_dir_all(&options.scratch);
    std::fs::create_dir_all(&options.scratch).expect("scratch folder");
    let mut prepared = Vec::new();
    let mut results = Vec::new();
    for job in jobs {
        match prepare(&job, options) {
            Ok(p) => prepared.push(p),
            Err(error) => results.push(DocResult {
                label: job.label.clone(),
                folder: job.folder.clone(),
                error: Some(error),
                schemas: Vec::new(),
            }),
        }
    }
    // The instances are drawn while the drivers compile: Python on one core, cargo on the rest.
    let names: Vec<String> = prepared.iter().map(|p| p.crate_name.clone()).collect();
    let (mut binaries, drawn) = std::thread::scope(|scope| {
        let drawing = scope.spawn(|| prepared.iter().map(|p| draw_instances(p, options)).collect::<Vec<_>>());
        // Each scratch folder its own target folder: two runs at once do not wait for each other.
        let folder = options.scratch.file_name().map_or("roundtrip".into(), |n| n.to_string_lossy().into_owned());
        let binaries = build_drivers(&names, &options.scratch, &options.repo, &format!("{folder}-target"));
        (binaries, drawing.join().expect("the instance thread does not panic"))
    });
    for (p, instances) in prepared.into_iter().zip(drawn) {
        let binary = binaries.remove(&p.crate_name).unwrap_or_else(|| Err("not built".into()));
        results.push(judge(p, binary, instances));
    }
    results
}

/// A client generated for the oracle, its driver written, its targets listed.
struct Prepared {
    job: Job,
    crate_name: String,
    dialect: &'static str,
    targets: Vec<Target>,
}

fn prepare(job: &Job, options: &Options) -> Result<Prepared, String> {
    let crate_name = format!("rt_{}", job.name);
    let mut builder = clientgen::Builder::new().spec(&job.spec).crate_name(&crate_name).serialize_both_ways(true);
    if let Some(root) = &job.ref_root {
        builder = builder.ref_root(root);
    }
    let generated = builder.render().map_err(|e| format!("generation failed: {e}"))?;
    let dialect = dialect(&job.spec)?;
    let targets = targets(&generated.api, dialect);
    let driver_dir = write_client_and_driver(&generated, &options.scratch, &options.repo, &crate_name, "");
    write(&driver_dir.join("src/main.rs"), &driver_source(&crate_name, &targets));
    Ok(Prepared { job: job.clone(), crate_name, dialect, targets })
}

/// Which schema dialect the document's schemas are written in.
fn dialect(spec: &Path) -> Result<&'static str, String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let document: serde_yaml::Value = serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", spec.display()))?;
    let version = |key: &str| match document.get(key) {
        Some(serde_yaml::Value::String(v)) => Some(v.clone()),
        Some(serde_yaml::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    match (version("openapi"), version("swagger")) {
        (Some(v), _) if v.starts_with("3.0") => Ok("3.0"),
        (Some(v), _) if v.starts_with('3') => Ok("3.1"),
        (_, Some(_)) => Ok("2.0"),
        _ => Err("no `openapi` or `swagger` version in the document".into()),
    }
}

/// Every schema the client decodes or encodes: component schemas with a type of their own, and
/// each JSON body whose type is not one of them (a body that names a component is that
/// component's schema, counted once).
pub fn targets(api: &Api, dialect: &str) -> Vec<Target> {
    let mut out = Vec::new();
    let mut components = BTreeSet::new();
    let prefix = "#/components/schemas/";
    for (index, ty) in api.types.iter().enumerate() {
        let Some(name) = ty.origin.strip_prefix(prefix) else { continue };
        if name.contains('/') {
            continue;
        }
        components.insert(TypeId(index));
        let pointer = if dialect == "2.0" { format!("#/definitions/{name}") } else { ty.origin.clone() };
        // Nullability is a property of where a component is used (the field or item is an
        // `Option`), so a component alone is decoded as its uses decode it.
        let rust = format!("Option<{}>", rust_type(api, &TypeRef::Named(TypeId(index))));
        out.push(Target { pointer, direction: "both".into(), rust });
    }
    let is_component = |ty: &TypeRef| matches!(ty, TypeRef::Named(id) if components.contains(id));
    let mut body = |pointer: String, direction: &str, ty: &TypeRef| {
        if !is_component(ty) {
            out.push(Target { pointer, direction: direction.into(), rust: rust_type(api, ty) });
        }
    };
    for op in &api.operations {
        if let Some(request) = &op.body {
            // Form bodies too: their type must hold every value before the form encoding writes it.
            if let (BodyEncoding::Json | BodyEncoding::Form, Some(ty)) = (&request.encoding, &request.ty) {
                body(format!("{}/requestBody", op.origin), "write", ty);
            }
        }
        if let (ResponseBody::Json(ty), None) = (&op.success.body, &op.success.variants) {
            if let Some(status) = op.success.statuses.first() {
                body(format!("{}/responses/{status}", op.origin), "read", ty);
            }
        }
        for error in &op.errors {
            let Some(ty) = &error.body else { continue };
            let status = match error.status {
                StatusMatch::Code(code) => code.to_string(),
                StatusMatch::Range(digit) => format!("{digit}XX"),
                StatusMatch::Default => "default".into(),
            };
            body(format!("{}/responses/{status}", op.origin), "read", ty);
        }
    }
    out
}

/// The Rust type a [`TypeRef`] is in the generated crate, as the driver names it.
fn rust_type(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => format!("types::{}", api.types[id.0].name),
        TypeRef::Scalar(scalar) => match scalar {
            Scalar::String => "String",
            Scalar::Bool => "bool",
            Scalar::I32 => "i32",
            Scalar::I64 => "i64",
            Scalar::U32 => "u32",
            Scalar::U64 => "u64",
            Scalar::I128 => "i128",
            Scalar::F64 => "f64",
            Scalar::DateTime => "clientgen_runtime::chrono::DateTime<clientgen_runtime::chrono::FixedOffset>",
            Scalar::Date => "clientgen_runtime::chrono::NaiveDate",
        }
        .to_owned(),
        TypeRef::Array(item) => format!("Vec<{}>", rust_type(api, item)),
        TypeRef::OneOrMany(item) => format!("clientgen_runtime::OneOrMany<{}>", rust_type(api, item)),
        TypeRef::Map(value) => format!("std::collections::BTreeMap<String, {}>", rust_type(api, value)),
        TypeRef::Nullable(inner) => format!("Option<{}>", rust_type(api, inner)),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".into(),
    }
}

/// The driver: reads `<target index>\t<instance JSON>` lines, decodes each instance from its
/// text into the target's type as a client reads a body, encodes it back as a client writes
/// one, and prints `<index>\tok\t<JSON>` or `<index>\terr\t<message>`.
fn driver_source(client: &str, targets: &[Target]) -> String {
    let mut out = format!(
        "// Generated by the clientgen round-trip oracle.\n\
         #![allow(clippy::all)]\n\
         use {client}::types;\n\
         use clientgen_runtime::serde_json;\n\
         use std::io::BufRead;\n\n\
         fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> Result<String, String> {{\n\
         \x20   let value: T = serde_json::from_str(text).map_err(|e| e.to_string())?;\n\
         \x20   serde_json::to_string(&value).map_err(|e| format!(\"encoding failed: {{e}}\"))\n\
         }}\n\n\
         fn main() {{\n\
         \x20   for line in std::io::stdin().lock().lines() {{\n\
         \x20       let line = line.expect(\"stdin\");\n\
         \x20       let Some((index, text)) = line.split_once('\\t') else {{ continue }};\n\
         \x20       let result: Result<String, String> = match index.parse::<usize>().unwrap_or(usize::MAX) {{\n"
    );
    for (index, target) in targets.iter().enumerate() {
        out.push_str(&format!("            {index} => round_trip::<{}>(text),\n", target.rust));
    }
    out.push_str(
        "            _ => Err(\"no such target\".into()),\n        };\n\
         \x20       match result {\n\
         \x20           Ok(json) => println!(\"{index}\\tok\\t{json}\"),\n\
         \x20           Err(e) => println!(\"{index}\\terr\\t{}\", e.replace(['\\n', '\\t'], \" \")),\n\
         \x20       }\n    }\n}\n",
    );
    out
}

/// What the instance maker said of one target.
#[derive(Debug, Deserialize)]
struct Drawn {
    id: usize,
    uri: Option<String>,
    instances: Vec<Value>,
    examples: usize,
    /// The spec's examples set aside by the narrowings (an undeclared property, ...).
    #[serde(default)]
    narrowed: usize,
    error: Option<String>,
    /// A component of another file, bundled into the client: not a schema of the root document
    /// as written (it is judged where the bodies reach it).
    #[serde(default)]
    absent: bool,
}

/// Runs the instance maker on one client's targets.
fn draw_instances(p: &Prepared, options: &Options) -> Result<Vec<Drawn>, String> {
    let request = serde_json::json!({
        "spec": p.job.spec,
        "dialect": p.dialect,
        "count": options.count,
        "seconds": options.seconds,
        "targets": p.targets.iter().enumerate().map(|(id, t)| serde_json::json!({
            "id": id, "pointer": t.pointer, "direction": t.direction,
        })).collect::<Vec<_>>(),
    });
    let request_file = options.scratch.join(format!("{}.targets.json", p.crate_name));
    write(&request_file, &request.to_string());
    let input = std::fs::File::open(&request_file).map_err(|e| e.to_string())?;
    let output = Command::new("python3")
        .arg(options.repo.join("scripts/roundtrip-instances.py"))
        .stdin(input)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("python3 did not start: {e}"))?;
    if !output.status.success() {
        return Err(format!("the instance maker failed ({})", output.status));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    write(&options.scratch.join(format!("{}.instances.jsonl", p.crate_name)), &text);
    text.lines().map(|line| serde_json::from_str(line).map_err(|e| format!("instance maker output: {e}"))).collect()
}

/// Decodes and re-encodes every instance with the driver and compares.
fn judge(p: Prepared, binary: Result<PathBuf, String>, drawn: Result<Vec<Drawn>, String>) -> DocResult {
    let mut result =
        DocResult { label: p.job.label.clone(), folder: p.job.folder.clone(), error: None, schemas: Vec::new() };
    let (binary, drawn) = match (binary, drawn) {
        (Ok(b), Ok(d)) => (b, d),
        (Err(e), _) | (_, Err(e)) => {
            result.error = Some(e);
            return result;
        }
    };
    let mut input = String::new();
    for d in &drawn {
        for instance in &d.instances {
            input.push_str(&format!("{}\t{}\n", d.id, instance));
        }
    }
    let answers = match run_driver(&binary, &input) {
        Ok(a) => a,
        Err(e) => {
            result.error = Some(e);
            return result;
        }
    };
    let mut answers = answers.into_iter();
    for d in drawn {
        let Some(target) = p.targets.get(d.id).cloned().filter(|_| !d.absent) else { continue };
        let mut schema = SchemaResult {
            target,
            location: d.uri.as_deref().map(shown_uri),
            instances: d.instances.len(),
            examples: d.examples,
            narrowed: d.narrowed,
            unjudged: None,
            failures: Vec::new(),
            failed: 0,
        };
        if d.instances.is_empty() {
            schema.unjudged = Some(d.error.unwrap_or_else(|| "no instance was certified valid".into()));
        }
        for instance in d.instances {
            let answer = answers.next().unwrap_or_else(|| Err("the driver gave no answer".into()));
            if let Some(failure) = compare(&instance, answer) {
                schema.failed += 1;
                if schema.failures.len() < 3 {
                    schema.failures.push(failure);
                }
            }
        }
        result.schemas.push(schema);
    }
    result
}

/// Feeds the driver its lines; one answer per line, in order.
fn run_driver(binary: &Path, input: &str) -> Result<Vec<Result<Value, String>>, String> {
    let mut child = Command::new(binary)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("the driver did not start: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped");
    let text = input.to_owned();
    let feeder = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    let _ = feeder.join();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("the driver failed: {}", stderr.lines().last().unwrap_or("")));
    }
    Ok(output
        .stdout
        .lines()
        .map(|line| {
            let line = line.unwrap_or_default();
            let mut parts = line.splitn(3, '\t');
            let (_, status, rest) = (parts.next(), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            match status {
                "ok" => serde_json::from_str(rest).map_err(|e| format!("the driver's output is not JSON: {e}")),
                _ => Err(rest.to_owned()),
            }
        })
        .collect())
}

/// A `file://` location shown without this machine's folders: relative to the corpus, or to
/// the repository.
fn shown_uri(uri: &str) -> String {
    let path = uri.trim_start_matches("file://");
    for marker in ["/shared/corpus/", "/generator/tests/fixtures/", "/specs/"] {
        if let Some(at) = path.find(marker) {
            let keep = if marker == "/shared/corpus/" { at + marker.len() } else { at + 1 };
            return path[keep..].to_owned();
        }
    }
    path.rsplit('/').next().unwrap_or(path).to_owned()
}

/// `None` when the client gave the instance back unchanged.
fn compare(instance: &Value, answer: Result<Value, String>) -> Option<Failure> {
    match answer {
        Err(message) => {
            Some(Failure { instance: instance.clone(), output: None, problem: format!("refused: {message}") })
        }
        Ok(output) => difference(instance, &output, &mut String::new()).map(|problem| Failure {
            instance: instance.clone(),
            output: Some(output),
            problem,
        }),
    }
}

/// The first difference between what was sent in and what came back, located by a JSON
/// pointer into the instance. Numbers compare by value (`1` and `1.0` are one number); strings
/// that are the same RFC 3339 instant at the same offset are one timestamp (`.5` and `.500`).
pub fn difference(sent: &Value, back: &Value, at: &mut String) -> Option<String> {
    match (sent, back) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let len = at.len();
                at.push('/');
                at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                let found = match b.get(key) {
                    None => Some(format!("lost `{at}`")),
                    Some(other) => difference(value, other, at),
                };
                if found.is_some() {
                    return found;
                }
                at.truncate(len);
            }
            let added = b.keys().find(|k| !a.contains_key(*k))?;
            Some(format!("added `{at}/{}`", added.replace('~', "~0").replace('/', "~1")))
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(format!("changed `{at}`: {} items became {}", a.len(), b.len()));
            }
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                let len = at.len();
                at.push_str(&format!("/{index}"));
                if let Some(found) = difference(x, y, at) {
                    return Some(found);
                }
                at.truncate(len);
            }
            None
        }
        (Value::Number(a), Value::Number(b)) if same_number(a, b) => None,
        (Value::String(a), Value::String(b)) if a == b || same_instant(a, b) => None,
        (a, b) if a == b => None,
        (a, b) => Some(format!("changed `{at}`: {} became {}", clip(a), clip(b))),
    }
}

fn same_number(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
        (Some(x), Some(y), _, _) => x == y,
        (_, _, Some(x), Some(y)) => x == y,
        _ => a.as_f64() == b.as_f64(),
    }
}

fn same_instant(a: &str, b: &str) -> bool {
    use chrono::DateTime;
    match (DateTime::parse_from_rfc3339(a), DateTime::parse_from_rfc3339(b)) {
        (Ok(x), Ok(y)) => x == y && x.offset() == y.offset(),
        _ => false,
    }
}

fn clip(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 80 {
        return text;
    }
    format!("{}…", text.chars().take(80).collect::<String>())
}
