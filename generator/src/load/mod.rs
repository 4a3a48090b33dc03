//! Stage 1: read OpenAPI documents (YAML or JSON) into one `openapiv3::OpenAPI`.
//!
//! Per document: parse to a JSON value, refuse Swagger 2.0, normalise OpenAPI 3.1 to 3.0, bundle
//! external `$ref`s (schemas become named components; everything else is inlined), inline internal
//! references that do not name a component, and check that component references resolve. Several
//! documents are then merged into one, and the result is deserialized into openapiv3 types with the
//! failing field's JSON pointer kept for the error message.

mod anchors;
pub mod overlay;
pub mod select;
mod swagger2;
mod tolerate;
mod v31;
mod v32;
pub use tolerate::UNTYPED as UNTYPED_EXTENSION;
pub use v32::{method_pointer, DEVICE_FLOW_EXTENSION, METHODS_EXTENSION};
mod yaml;

pub use yaml::parse_yaml;

use crate::diagnostics::{escape_pointer_token, unescape_pointer_token, Error, Location, Warning};
use indexmap::IndexMap;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// The documents of one client, merged and typed.
#[derive(Debug)]
pub struct LoadedApi {
    /// The merged document.
    pub openapi: openapiv3::OpenAPI,
    /// Which file each path and component came from, for diagnostics.
    pub origins: Origins,
    /// Every file read, root documents first, then referenced files in the order first read.
    pub files_read: Vec<PathBuf>,
    /// Things accepted but ignored (e.g. 3.1 webhooks).
    pub warnings: Vec<Warning>,
}

/// Maps top-level entries of the merged document back to the file they came from.
#[derive(Debug, Default, Clone)]
pub struct Origins {
    /// Display name of the first document.
    pub first_file: String,
    paths: HashMap<String, String>,
    components: HashMap<(String, String), String>,
    /// Files converted from Swagger 2.0: their pointers are shown as in the 2.0 document.
    swagger2_files: HashSet<String>,
}

impl Origins {
    /// The location of a JSON pointer in the merged document.
    pub fn locate(&self, pointer: &str) -> Location {
        let tokens: Vec<String> =
            pointer.trim_start_matches('#').split('/').skip(1).map(unescape_pointer_token).collect();
        let file = match tokens.as_slice() {
            [first, path, ..] if first == "paths" => self.paths.get(path),
            [first, section, name, ..] if first == "components" => {
                self.components.get(&(section.clone(), name.clone()))
            }
            _ => None,
        };
        let file = file.unwrap_or(&self.first_file);
        if self.swagger2_files.contains(file) {
            return Location::new(file.clone(), swagger2::original_pointer(pointer));
        }
        Location::new(file.clone(), pointer)
    }
}

/// Where references may reach.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// The folder relative `$ref`s may reach files in (default: each root document's folder).
    /// A spec is often untrusted input: nothing outside this folder (or a `remote` folder) is
    /// ever opened.
    pub ref_root: Option<PathBuf>,
    /// Remote references, offline: a URL prefix and the local folder holding the downloaded
    /// files (`https://example.com/schemas/` → `vendor/schemas/`). Nothing is fetched.
    pub remote: Vec<(String, PathBuf)>,
    /// OpenAPI Overlays applied, in order, to each root document as written.
    pub overlays: Vec<(PathBuf, String)>,
    /// Only these operations (by tag or operationId) and what they reach; empty: all.
    pub selection: select::Selection,
}

/// Loads `paths` with the default options; see [`load_documents_with`].
pub fn load_documents(paths: &[(PathBuf, String)]) -> Result<LoadedApi, Error> {
    load_documents_with(paths, &LoadOptions::default())
}

/// Loads `paths` and merges them into one API. Each path comes with the name diagnostics use
/// for it (referenced files are named relative to it).
pub fn load_documents_with(paths: &[(PathBuf, String)], options: &LoadOptions) -> Result<LoadedApi, Error> {
    if paths.is_empty() {
        return Err(Error::Config("no OpenAPI document given".into()));
    }
    let overlays: Vec<overlay::Overlay> =
        options.overlays.iter().map(|(path, file)| overlay::Overlay::read(path, file)).collect::<Result<_, _>>()?;
    let mut matched: Vec<Vec<usize>> = overlays.iter().map(|o| vec![0; o.action_count()]).collect();
    if let [(path, file)] = paths {
        if options.remote.is_empty() && overlays.is_empty() && options.selection.is_all() {
            if let Some(loaded) = load_plain_json(path, file) {
                return Ok(loaded);
            }
        }
    }
    let mut files_read = Vec::new();
    let mut warnings = Vec::new();
    let mut merged: Option<Value> = None;
    let mut origins = Origins { first_file: paths[0].1.clone(), ..Origins::default() };
    for (path, file) in paths {
        let file = file.clone();
        let mut bundler = Bundler::new(path, &file, options)?;
        let mut root = bundler.root_value.take().expect("the root value is set by Bundler::new");
        for (overlay, matched) in overlays.iter().zip(&mut matched) {
            overlay.apply(&mut root, matched);
        }
        if !overlays.is_empty() {
            bundler.refresh_root(&root);
        }
        check_version(&root, &file)?;
        tolerate::repair_values(&mut root, &file, &mut String::from("#"), &mut warnings);
        if root.get("swagger").is_some() {
            root = bundler.convert_swagger2(root, &mut warnings)?;
            origins.swagger2_files.insert(file.clone());
        }
        let version = root.get("openapi").and_then(Value::as_str).unwrap_or_default().to_owned();
        if version.starts_with("3.2") {
            if let Some(own) = root.get("$self").and_then(Value::as_str) {
                if let Some(prefix) = v32::self_base(own) {
                    bundler.map_self(own, prefix, &file, &mut warnings);
                }
            }
            v32::normalize(&mut root, &file, &mut warnings);
        }
        bundler.is_31 = version.starts_with("3.1") || version.starts_with("3.2");
        if bundler.is_31 {
            normalize_31_document(&mut root, &file, &mut warnings);
        }
        fill_missing_responses(&mut root, &file, bundler.is_31, &mut warnings);
        bundler.walk(&mut root, FileId(0), Ctx::Document, &mut String::from("#"))?;
        bundler.finish_mappings(&mut root)?;
        bundler.repair_component_refs(&mut root);
        bundler.install_bundled_schemas(&mut root);
        tolerate::drop_placeholders(&mut root);
        files_read.append(&mut bundler.files_read);
        warnings.append(&mut bundler.warnings);
        merged = Some(match merged {
            None => {
                record_origins(&root, &file, &mut origins);
                root
            }
            Some(mut into) => {
                merge_document(&mut into, root, &file, &mut origins)?;
                into
            }
        });
    }
    for (overlay, matched) in overlays.iter().zip(&matched) {
        warnings.extend(overlay.unmatched(matched));
        files_read.push(overlay.path.clone());
    }
    let mut merged = merged.expect("at least one document was loaded");
    if !options.selection.is_all() {
        select::apply(&mut merged, &options.selection)?;
    }
    explicit_explode(&mut merged);
    let openapi = deserialize_openapi(merged, &origins)?;
    Ok(LoadedApi { openapi, origins, files_read, warnings })
}

/// The fast path for the common case: one OpenAPI 3.0 JSON document whose `$ref`s all name
/// components deserializes straight from its text, with no intermediate JSON value and no
/// walk. Anything else (or any failure, which the full path then reports properly) returns
/// `None`.
fn load_plain_json(path: &Path, file: &str) -> Option<LoadedApi> {
    if !file.ends_with(".json") {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    // Deserializing openapiv3 types straight from text panics on an object with a duplicate
    // key (its untagged `ReferenceOr` fails on the buffered copy, then succeeds on a re-parsed
    // one, and `expect`s that never happens); such text takes the full path, which reads it
    // into a JSON value first (the last duplicate wins, as everywhere else).
    if !only_component_refs(&text) || serde_json::from_str::<UniqueKeys>(&text).is_err() {
        return None;
    }
    let openapi: openapiv3::OpenAPI = serde_json::from_str(&text).ok()?;
    // A request body with an `encoding` needs its `explode` defaults made explicit, which only
    // the full path does (openapiv3 reads a missing `explode` as false).
    if !openapi.openapi.starts_with("3.0")
        || has_encodings(&openapi)
        || !component_refs_resolve(&text, &openapi)
        || !refs_of_their_kind(&openapi)
    {
        return None;
    }
    let origins = Origins { first_file: file.to_owned(), ..Origins::default() };
    Some(LoadedApi { openapi, origins, files_read: vec![path.to_owned()], warnings: Vec::new() })
}

/// Deserializes from any JSON, failing on an object with a duplicate key; keeps nothing.
struct UniqueKeys;

impl<'de> serde::Deserialize<'de> for UniqueKeys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(UniqueKeys)
    }
}

impl<'de> serde::de::Visitor<'de> for UniqueKeys {
    type Value = UniqueKeys;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JSON without duplicate keys")
    }
    fn visit_bool<E>(self, _: bool) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_i64<E>(self, _: i64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_u64<E>(self, _: u64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_f64<E>(self, _: f64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_str<E>(self, _: &str) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_unit<E>(self) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<UniqueKeys, A::Error> {
        while seq.next_element::<UniqueKeys>()?.is_some() {}
        Ok(UniqueKeys)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<UniqueKeys, A::Error> {
        let mut keys: HashSet<std::borrow::Cow<'de, str>> = HashSet::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if !keys.insert(key) {
                return Err(serde::de::Error::custom("duplicate key"));
            }
            map.next_value::<UniqueKeys>()?;
        }
        Ok(UniqueKeys)
    }
}

/// Whether every `"$ref"` in a JSON text is `#/components/<section>/<name>`. Only a string
/// under a `"$ref"` key is a reference (as for the full path): a property named `$ref`, whose
/// value is a schema object, is not (GitHub's SCIM schemas have one).
fn only_component_refs(text: &str) -> bool {
    let mut rest = text;
    while let Some(found) = rest.find("\"$ref\"") {
        rest = rest[found + 6..].trim_start();
        let Some(after_colon) = rest.strip_prefix(':') else { continue };
        let Some(value) = after_colon.trim_start().strip_prefix('"') else { continue };
        let Some(end) = value.find('"') else { return false };
        let reference = &value[..end];
        // URLs under "$ref" are example data in real specs (SCIM payloads); a real remote
        // reference is still refused, by lowering, with its location.
        let is_url = reference.starts_with("http://") || reference.starts_with("https://");
        let names_a_component = reference.starts_with("#/components/") && reference.split('/').count() == 4;
        if !(is_url || names_a_component) {
            return false;
        }
        rest = &value[end..];
    }
    true
}

/// Whether any request body of the document declares an `encoding` for a media type.
fn has_encodings(openapi: &openapiv3::OpenAPI) -> bool {
    let declares = |body: &openapiv3::ReferenceOr<openapiv3::RequestBody>| {
        body.as_item().is_some_and(|b| b.content.values().any(|media| !media.encoding.is_empty()))
    };
    let in_operations = openapi
        .paths
        .paths
        .values()
        .filter_map(|item| item.as_item())
        .flat_map(|item| item.iter().map(|(_, op)| op))
        .any(|op| op.request_body.as_ref().is_some_and(declares));
    in_operations || openapi.components.as_ref().is_some_and(|c| c.request_bodies.values().any(declares))
}

/// The extension marking a multipart property whose `encoding` gives `style`, `explode` or
/// `allowReserved` in an OpenAPI 3.1 document, where they apply to multipart parts (3.0 says to
/// ignore them there): lowering writes such a property's value in its style.
pub const STYLED_PART: &str = "x-clientgen-styled-part";

/// Marks the styled multipart properties of a 3.1 document (see [`STYLED_PART`]), before the
/// loader writes out every `explode` default.
fn mark_styled_parts(root: &mut Value) {
    match root {
        Value::Object(map) => {
            if let Some(Value::Object(encoding)) =
                map.get_mut("multipart/form-data").and_then(|m| m.get_mut("encoding"))
            {
                for entry in encoding.values_mut().filter_map(Value::as_object_mut) {
                    if ["style", "explode", "allowReserved"].iter().any(|k| entry.contains_key(*k)) {
                        entry.insert(STYLED_PART.into(), Value::Bool(true));
                    }
                }
            }
            for (key, value) in map.iter_mut() {
                if key != "examples" && key != "example" {
                    mark_styled_parts(value);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mark_styled_parts),
        _ => {}
    }
}

/// OpenAPI's `explode` defaults to true for `style: form` (the default style) and false for the
/// others; openapiv3 reads a missing `explode` in an `encoding` entry as false. Every entry of
/// every request body's `encoding` gets its default written out before deserializing.
fn explicit_explode(root: &mut Value) {
    let Value::Object(root) = root else { return };
    let mut bodies: Vec<&mut Value> = Vec::new();
    for (key, section) in root.iter_mut() {
        match (key.as_str(), section) {
            ("paths", Value::Object(paths)) => {
                for item in paths.values_mut().filter_map(Value::as_object_mut) {
                    bodies.extend(item.values_mut().filter_map(|op| op.get_mut("requestBody")));
                }
            }
            ("components", Value::Object(components)) => {
                if let Some(Value::Object(named)) = components.get_mut("requestBodies") {
                    bodies.extend(named.values_mut());
                }
            }
            _ => {}
        }
    }
    for body in bodies {
        let Some(Value::Object(content)) = body.get_mut("content") else { continue };
        for media in content.values_mut() {
            let Some(Value::Object(encoding)) = media.get_mut("encoding") else { continue };
            for entry in encoding.values_mut().filter_map(Value::as_object_mut) {
                if !entry.contains_key("explode") {
                    let form = entry.get("style").is_none_or(|s| s == "form");
                    entry.insert("explode".into(), Value::Bool(form));
                }
            }
        }
    }
}

/// Whether every `#/components/<section>/<name>` reference of a JSON text names a component the
/// document defines (a dangling one takes the full path, which repairs it with a warning).
/// Whether every response and request body `$ref` of the operations names its own kind (a
/// response naming a request body takes the full path, which reads it as a response).
fn refs_of_their_kind(openapi: &openapiv3::OpenAPI) -> bool {
    use openapiv3::ReferenceOr;
    let of_kind = |r: &str, section: &str| r.starts_with(&format!("#/components/{section}/"));
    openapi.paths.iter().filter_map(|(_, item)| item.as_item()).flat_map(|item| item.iter()).all(|(_, op)| {
        let body_ok = match &op.request_body {
            Some(ReferenceOr::Reference { reference }) => of_kind(reference, "requestBodies"),
            _ => true,
        };
        let responses = op.responses.responses.values().chain(op.responses.default.as_ref());
        body_ok
            && responses.into_iter().all(|r| match r {
                ReferenceOr::Reference { reference } => of_kind(reference, "responses"),
                ReferenceOr::Item(_) => true,
            })
    })
}

fn component_refs_resolve(text: &str, openapi: &openapiv3::OpenAPI) -> bool {
    let Some(components) = &openapi.components else {
        return !text.contains("\"#/components/");
    };
    let mut rest = text;
    while let Some(found) = rest.find("\"#/components/") {
        rest = &rest[found + 14..];
        let Some(end) = rest.find('"') else { return false };
        let Some((section, name)) = rest[..end].split_once('/') else { return false };
        let name = unescape_pointer_token(name);
        let name = name.as_str();
        let exists = match section {
            "schemas" => components.schemas.contains_key(name),
            "responses" => components.responses.contains_key(name),
            "parameters" => components.parameters.contains_key(name),
            "examples" => components.examples.contains_key(name),
            "requestBodies" => components.request_bodies.contains_key(name),
            "headers" => components.headers.contains_key(name),
            "securitySchemes" => components.security_schemes.contains_key(name),
            "links" => components.links.contains_key(name),
            "callbacks" => components.callbacks.contains_key(name),
            _ => false,
        };
        if !exists {
            return false;
        }
        rest = &rest[end..];
    }
    true
}

/// Parses one file's text as YAML or JSON (chosen by extension; JSON is valid YAML too, but the
/// JSON parser is faster and gives better errors).
pub fn parse_document(text: &str, file: &str) -> Result<Value, Error> {
    if file.ends_with(".json") {
        serde_json::from_str(text).map_err(|err| {
            let mut location = Location::new(file, "");
            location.line = Some(err.line());
            location.column = Some(err.column());
            Error::spec(location, format!("invalid JSON: {err}"))
        })
    } else {
        parse_yaml(text, file)
    }
}

fn read_file(path: &Path, shown: &str) -> Result<Value, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io { path: PathBuf::from(shown), source })?;
    if tolerate::is_text_file(shown) {
        return Ok(Value::String(text));
    }
    parse_document(&text, shown)
}

fn check_version(root: &Value, file: &str) -> Result<(), Error> {
    match root.get("swagger") {
        Some(Value::String(v)) if v == "2.0" => return Ok(()),
        Some(other) => {
            return Err(Error::spec(
                Location::new(file, "#/swagger"),
                format!("unsupported Swagger version {other}; clientgen reads Swagger 2.0 and OpenAPI 3.0.x and 3.1.x"),
            ))
        }
        None => {}
    }
    match root.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0") || v.starts_with("3.1") || v.starts_with("3.2") => Ok(()),
        Some(other) => Err(Error::spec(
            Location::new(file, "#/openapi"),
            format!("unsupported OpenAPI version {other}; clientgen reads 3.0.x, 3.1.x and 3.2.x"),
        )),
        None if root.is_object() => {
            Err(Error::spec(Location::new(file, ""), "not an OpenAPI document: the `openapi` version field is missing"))
        }
        None => {
            Err(Error::spec(Location::new(file, ""), "not an OpenAPI document: expected a mapping at the top level"))
        }
    }
}

fn normalize_31_document(root: &mut Value, file: &str, warnings: &mut Vec<Warning>) {
    let Some(map) = root.as_object_mut() else {
        return;
    };
    map.insert("openapi".into(), Value::String("3.0.3".into()));
    if let Some(paths) = map.get_mut("paths") {
        mark_styled_parts(paths);
    }
    if let Some(bodies) = map.get_mut("components").and_then(|c| c.get_mut("requestBodies")) {
        mark_styled_parts(bodies);
    }
    for (key, what) in [
        ("webhooks", "webhooks are not part of a client; ignored"),
        ("jsonSchemaDialect", "jsonSchemaDialect is ignored: schemas are read as OpenAPI 3.1's default dialect"),
    ] {
        if map.remove(key).is_some() {
            warnings.push(Warning { location: Location::new(file, format!("#/{key}")), message: what.into() });
        }
    }
    map.entry("paths").or_insert_with(|| Value::Object(Map::new()));
    if let Some(Value::Object(components)) = map.get_mut("components") {
        components.remove("pathItems");
        // 3.1's mutualTLS has no 3.0 form; a client's TLS identity is set on the reqwest::Client
        // the caller passes to the builder.
        if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
            let mutual: Vec<String> = schemes
                .iter()
                .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
                .map(|(n, _)| n.clone())
                .collect();
            for name in mutual {
                schemes.remove(&name);
                warnings.push(Warning {
                    location: Location::new(file, format!("#/components/securitySchemes/{}", escape_pointer_token(&name))),
                    message: "mutualTLS is not configured by the generated client; pass a reqwest::Client with a TLS identity to the builder's http_client".into(),
                });
            }
        }
    }
    if let Some(Value::Object(license)) = map.get_mut("info").and_then(|i| i.get_mut("license")) {
        license.remove("identifier");
    }
}

/// OpenAPI 3.1 lets an operation omit `responses` (3.0 does not, but real 3.0 documents do it
/// too); openapiv3 requires the field, so an empty map stands in.
fn fill_missing_responses(root: &mut Value, file: &str, is_31: bool, warnings: &mut Vec<Warning>) {
    let Some(Value::Object(paths)) = root.get_mut("paths") else { return };
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        for method in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
            if let Some(Value::Object(operation)) = item.get_mut(method) {
                // An operation written as a `$ref` gets its responses from the file it names.
                if !operation.contains_key("responses") && !operation.contains_key("$ref") {
                    operation.insert("responses".into(), Value::Object(Map::new()));
                    if !is_31 {
                        let pointer = format!("#/paths/{}/{method}", escape_pointer_token(path));
                        warnings.push(Warning {
                            location: Location::new(file, pointer),
                            message: "operation has no `responses`; its success is taken to have no body".into(),
                        });
                    }
                }
            }
        }
    }
}

/// Index into the bundler's file table; 0 is the root document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct FileId(usize);

/// What kind of object the walk is in; decides which `$ref`s name schemas and what is skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Document,
    Components,
    SchemaMap,
    Schema,
    Other,
}

struct SourceFile {
    canonical: PathBuf,
    display: String,
    value: Value,
}

struct Bundler {
    files: Vec<SourceFile>,
    by_path: HashMap<PathBuf, FileId>,
    root_value: Option<Value>,
    /// The root document before the walk changed it, for inlining internal references.
    root_snapshot: Option<Value>,
    is_31: bool,
    files_read: Vec<PathBuf>,
    /// External schema (file, fragment) → the component name it was given.
    schema_names: HashMap<(FileId, String), String>,
    taken_names: HashSet<String>,
    bundled: IndexMap<String, Value>,
    /// References being inlined, to detect cycles that cannot be represented.
    inline_stack: Vec<(FileId, String)>,
    /// Component references seen in the root document, checked once the walk is done.
    component_refs: Vec<(String, String)>,
    /// Folders referenced files may be in (canonical): the reference root, then remote folders.
    allowed: Vec<PathBuf>,
    /// URL prefix → local folder (canonical).
    remote: Vec<(String, PathBuf)>,
    /// The root document's own URI (OpenAPI 3.2's `$self`, without a fragment): references to
    /// it are to the root file, whatever that file is called.
    own_uri: Option<String>,
    /// Repairs made while bundling.
    warnings: Vec<Warning>,
    /// Mapping targets met before their schemas were bundled: (file, fragment, the reference as
    /// written, where), in the order of their markers.
    pending_mappings: Vec<(FileId, String, String, String)>,
    /// The root document was Swagger 2.0: pointers into it are shown as in the 2.0 form, and
    /// schemas in other files get their 2.0 keywords converted.
    swagger2: bool,
    /// Per file (3.1 and later): the schemas' `$id`s and anchors, read when first needed.
    resources: HashMap<FileId, anchors::Resources>,
    /// Schemas a reference reached by an anchor's name: bundled as types of their own, named
    /// after the anchor (they may be anywhere, and refer to themselves).
    anchored: HashMap<(FileId, String), String>,
    /// Schemas being bundled, by where they are written.
    bundling: HashSet<(FileId, String)>,
}

impl Bundler {
    fn new(path: &Path, shown: &str, options: &LoadOptions) -> Result<Bundler, Error> {
        let value = read_file(path, shown)?;
        let canonical = std::fs::canonicalize(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
        let folder =
            |dir: &Path| std::fs::canonicalize(dir).map_err(|source| Error::Io { path: dir.to_owned(), source });
        let mut allowed = vec![match &options.ref_root {
            Some(root) => folder(root)?,
            None => canonical.parent().map(Path::to_path_buf).unwrap_or_default(),
        }];
        let mut remote = Vec::new();
        for (prefix, dir) in &options.remote {
            let dir = folder(dir)?;
            allowed.push(dir.clone());
            remote.push((prefix.clone(), dir));
        }
        let mut taken_names = HashSet::new();
        if let Some(Value::Object(schemas)) = value.pointer("/components/schemas") {
            taken_names.extend(schemas.keys().cloned());
        }
        let mut by_path = HashMap::new();
        by_path.insert(canonical.clone(), FileId(0));
        Ok(Bundler {
            files: vec![SourceFile { canonical, display: shown.to_owned(), value: Value::Null }],
            by_path,
            root_value: Some(value),
            root_snapshot: None,
            is_31: false,
            files_read: vec![path.to_owned()],
            schema_names: HashMap::new(),
            taken_names,
            bundled: IndexMap::new(),
            inline_stack: Vec::new(),
            component_refs: Vec::new(),
            allowed,
            remote,
            own_uri: None,
            warnings: Vec::new(),
            pending_mappings: Vec::new(),
            swagger2: false,
            resources: HashMap::new(),
            anchored: HashMap::new(),
            bundling: HashSet::new(),
        })
    }

    fn location(&self, file: FileId, pointer: &str) -> Location {
        let pointer =
            if self.swagger2 && file == FileId(0) { swagger2::original_pointer(pointer) } else { pointer.into() };
        Location::new(self.files[file.0].display.clone(), pointer)
    }

    /// Converts a Swagger 2.0 root document to OpenAPI 3.0. Parameters and responses in other
    /// files are read through the bundler (confined like every reference) and converted inline.
    fn convert_swagger2(&mut self, root: Value, warnings: &mut Vec<Warning>) -> Result<Value, Error> {
        let file = self.files[0].display.clone();
        let converted = {
            let mut fetch = |reference: &str, at: &str| -> Result<Option<Value>, Error> {
                let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
                match self.target_file(FileId(0), path, at)? {
                    Ok(target) if target != FileId(0) => self.lookup(target, fragment),
                    _ => Ok(None),
                }
            };
            swagger2::convert(root, &file, &mut fetch, warnings)?
        };
        self.swagger2 = true;
        // Internal references are looked up in the converted document, not the file on disk.
        self.root_snapshot = Some(converted.clone());
        Ok(converted)
    }

    /// A repair made while bundling; said once, however often the schema is walked (a `$defs`
    /// entry is walked in place and again as the type it is bundled as).
    fn warn(&mut self, file: FileId, pointer: &str, message: String) {
        let warning = Warning { location: self.location(file, pointer), message };
        if !self.warnings.contains(&warning) {
            self.warnings.push(warning);
        }
    }

    /// A reference that leads nowhere: the stand-in for what the position needs, and a warning.
    fn dangling(&mut self, file: FileId, ctx: Ctx, pointer: &str, reference: &str, why: &str) -> Value {
        let section = tolerate::expected_section(pointer, ctx == Ctx::Schema);
        let stand_in = tolerate::stand_in(section, reference);
        let done = match (&stand_in, section) {
            (None, _) => "left out",
            (Some(_), Some("schemas") | None) => "read as untyped JSON",
            (Some(_), _) => "read as an untyped JSON body",
        };
        self.warn(file, pointer, format!("unresolvable $ref `{reference}`: {why}; {done}"));
        stand_in.unwrap_or(Value::Null)
    }

    fn walk(&mut self, value: &mut Value, file: FileId, ctx: Ctx, pointer: &mut String) -> Result<(), Error> {
        if ctx == Ctx::Schema {
            if let Value::Bool(allowed) = value {
                // JSON Schema's boolean schemas: `true` allows anything (`{}`); `false` allows
                // nothing, which no Rust type says: read as untyped, with a warning.
                if !*allowed {
                    self.warn(file, pointer, "schema `false` (no value is valid): read as untyped JSON".into());
                }
                *value = Value::Object(Map::new());
                return Ok(());
            }
        }
        if let (Ctx::Schema, Value::Object(map)) = (ctx, &mut *value) {
            if let Some(message) = tolerate::tuple_items(map) {
                self.warn(file, pointer, message);
            }
        }
        match value {
            Value::Object(map) => {
                if let (true, Some(Value::String(dynamic)), None) =
                    (ctx == Ctx::Schema && self.is_31, map.get("$dynamicRef"), map.get("$ref"))
                {
                    // JSON Schema's extension point, read as the reference it starts from.
                    let dynamic = dynamic.clone();
                    let reference = self.by_name(&dynamic, file, pointer, true)?.unwrap_or(dynamic);
                    if let Some(replacement) = self.resolve_located(&reference, file, ctx, pointer)? {
                        *value = replacement;
                    }
                    return Ok(());
                }
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let reference = reference.clone();
                    if let Some(replacement) = self.resolve_ref(&reference, file, ctx, pointer)? {
                        *value = replacement;
                    }
                    return Ok(());
                }
                if ctx == Ctx::Schema && self.is_31 {
                    if let Some(name) = self.bundle_anchored(map, file, pointer)? {
                        *value = ref_value(&schema_ref(&name));
                        return Ok(());
                    }
                }
                if ctx == Ctx::Schema && self.swagger2 && file != FileId(0) {
                    swagger2::normalize_schema(map);
                }
                if ctx == Ctx::Schema && self.is_31 {
                    v31::normalize_schema(map);
                    if let Some(Value::String(reference)) = map.get("$ref") {
                        let reference = reference.clone();
                        if let Some(replacement) = self.resolve_ref(&reference, file, ctx, pointer)? {
                            *value = replacement;
                        }
                        return Ok(());
                    }
                }
                let keys: Vec<String> = map.keys().cloned().collect();
                for key in keys {
                    let child_ctx = child_context(ctx, &key);
                    if child_ctx.is_none() {
                        continue;
                    }
                    let child = map.get_mut(&key).expect("key was just listed");
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&escape_pointer_token(&key));
                    let result = match child_ctx {
                        Some(ChildCtx::Each(inner)) => self.walk_each(child, file, inner, pointer),
                        Some(ChildCtx::Value(inner)) => self.walk(child, file, inner, pointer),
                        None => Ok(()),
                    };
                    pointer.truncate(len);
                    result?;
                }
                // After the members, so that schemas are bundled (and named) in the order their
                // `$ref`s are met, as before mappings were read.
                if ctx == Ctx::Schema {
                    self.rewrite_mapping(map, file, pointer)?;
                }
                if ctx == Ctx::Schema && self.is_31 {
                    let declared = |part: &Value| self.declared_properties(part, 0);
                    for (key, why) in v31::fold_conditionals(map, declared) {
                        self.warn(file, &format!("{pointer}/{key}"), why);
                    }
                }
                Ok(())
            }
            Value::Array(items) if ctx != Ctx::Schema => {
                for (index, item) in items.iter_mut().enumerate() {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&index.to_string());
                    let result = self.walk(item, file, ctx, pointer);
                    pointer.truncate(len);
                    result?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// A discriminator's `mapping` values that are references (not bare schema names) name
    /// schemas as `$ref`s do, so they must name the components those schemas are bundled as, or
    /// the union's variants miss their tags (DigitalOcean maps
    /// `A: 'models/domain_record_types.yml#/domain_record_a'`). Each gets a marker, resolved once
    /// the walk is done (`finish_mappings`), so that schemas keep being bundled, and named, in the
    /// order their `$ref`s are met.
    fn rewrite_mapping(&mut self, schema: &mut Map<String, Value>, file: FileId, pointer: &str) -> Result<(), Error> {
        let Some(Value::Object(mapping)) = schema.get_mut("discriminator").and_then(|d| d.get_mut("mapping")) else {
            return Ok(());
        };
        for target in mapping.values_mut() {
            let Value::String(reference) = target else { continue };
            let Some((path, fragment)) = reference.split_once('#').or_else(|| {
                [".yaml", ".yml", ".json"].iter().any(|e| reference.ends_with(e)).then_some((reference.as_str(), ""))
            }) else {
                continue; // a schema name
            };
            let (path, fragment) = (path.to_owned(), fragment.to_owned());
            let Ok(target_file) = self.target_file(file, &path, pointer)? else { continue };
            if target_file == FileId(0) {
                continue; // the root document's own components keep their names
            }
            self.pending_mappings.push((target_file, fragment, reference.clone(), pointer.to_owned()));
            *target = Value::String(format!("{MAPPING_MARKER}{}", self.pending_mappings.len() - 1));
        }
        Ok(())
    }

    /// Bundles the schemas mappings name (those a `$ref` named already keep their component), and
    /// puts their component references in place of the markers `rewrite_mapping` left.
    fn finish_mappings(&mut self, root: &mut Value) -> Result<(), Error> {
        let mut names = Vec::new();
        // Bundling a schema may meet more mappings: their markers are appended and bundled too.
        while names.len() < self.pending_mappings.len() {
            let (file, fragment, reference, pointer) = self.pending_mappings[names.len()].clone();
            let name = self.bundle_schema(file, &fragment, &pointer, &reference)?;
            names.push(schema_ref(&name));
        }
        if names.is_empty() {
            return Ok(());
        }
        replace_mapping_markers(root, &names);
        for schema in self.bundled.values_mut() {
            replace_mapping_markers(schema, &names);
        }
        Ok(())
    }

    /// Walks every member of a map or array with the same context.
    fn walk_each(&mut self, value: &mut Value, file: FileId, ctx: Ctx, pointer: &mut String) -> Result<(), Error> {
        // The map itself may be a reference (real specs write `properties: {$ref: ...}`): put the
        // referenced map in its place and walk its members where they were written.
        if let Some(reference) =
            value.as_object().filter(|m| m.len() == 1).and_then(|m| m.get("$ref")).and_then(Value::as_str)
        {
            let reference = reference.to_owned();
            let (target_path, fragment) = reference.split_once('#').map_or((reference.as_str(), ""), |(p, f)| (p, f));
            let fragment = fragment.to_owned();
            let target_file = match self.target_file(file, target_path, pointer)? {
                Ok(target) => target,
                Err(why) => {
                    self.warn(file, pointer, format!("unresolvable $ref `{reference}`: {why}; read as empty"));
                    *value = Value::Object(Map::new());
                    return Ok(());
                }
            };
            let key = (target_file, fragment.clone());
            if self.inline_stack.contains(&key) {
                return Err(Error::spec(
                    self.location(file, pointer),
                    format!("reference cycle through `{reference}` cannot be represented"),
                ));
            }
            if target_file == FileId(0) && self.root_snapshot.is_none() {
                self.root_snapshot = self.files_root_original()?;
            }
            *value = match self.lookup(target_file, &fragment)? {
                Some(found) => found,
                None => {
                    let why = format!("nothing at `#{fragment}`");
                    self.warn(file, pointer, format!("unresolvable $ref `{reference}`: {why}; read as empty"));
                    Value::Object(Map::new())
                }
            };
            self.inline_stack.push(key);
            let mut inner_pointer = format!("#{fragment}");
            let result = self.walk_each(value, target_file, ctx, &mut inner_pointer);
            self.inline_stack.pop();
            return result;
        }
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&escape_pointer_token(key));
                    let result = self.walk(child, file, ctx, pointer);
                    pointer.truncate(len);
                    result?;
                }
                Ok(())
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&index.to_string());
                    let result = self.walk(item, file, ctx, pointer);
                    pointer.truncate(len);
                    result?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Resolves one `$ref` found at `pointer` in `file`. Returns the value to put in its place,
    /// or `None` when the reference stays (rewritten in place if needed).
    fn resolve_ref(&mut self, reference: &str, file: FileId, ctx: Ctx, pointer: &str) -> Result<Option<Value>, Error> {
        let named =
            if ctx == Ctx::Schema && self.is_31 { self.by_name(reference, file, pointer, false)? } else { None };
        self.resolve_located(named.as_deref().unwrap_or(reference), file, ctx, pointer)
    }

    /// `resolve_ref` once `$id`s and anchors are accounted for.
    fn resolve_located(
        &mut self,
        reference: &str,
        file: FileId,
        ctx: Ctx,
        pointer: &str,
    ) -> Result<Option<Value>, Error> {
        let (target_path, fragment) = match reference.split_once('#') {
            Some((path, fragment)) => (path, fragment.to_owned()),
            None => (reference, String::new()),
        };
        let target_file = match self.target_file(file, target_path, pointer)? {
            Ok(target) => target,
            Err(why) => return Ok(Some(self.dangling(file, ctx, pointer, reference, &why))),
        };
        let standard_component = component_ref(&fragment);
        if target_file == FileId(0) {
            if let Some((section, name)) = standard_component {
                let expected = tolerate::expected_section(pointer, ctx == Ctx::Schema);
                if expected.is_some_and(|e| e != section) {
                    return self.other_kind(file, ctx, pointer, reference, &fragment, &section, expected);
                }
                if section == "schemas" || ctx != Ctx::Schema {
                    self.component_refs.push((section, name));
                    return Ok(Some(ref_value(&format!("#{fragment}"))));
                }
            }
            if ctx == Ctx::Schema && (is_definition(&fragment) || self.anchored.contains_key(&(file, fragment.clone())))
            {
                if self.root_snapshot.is_none() {
                    self.root_snapshot = self.files_root_original()?;
                }
                let name = self.bundle_schema(target_file, &fragment, pointer, reference)?;
                return Ok(Some(ref_value(&schema_ref(&name))));
            }
            return self.inline(target_file, &fragment, ctx, pointer, reference).map(Some);
        }
        if ctx == Ctx::Schema {
            let name = self.bundle_schema(target_file, &fragment, pointer, reference)?;
            return Ok(Some(ref_value(&schema_ref(&name))));
        }
        self.inline(target_file, &fragment, ctx, pointer, reference).map(Some)
    }

    /// A schema with an anchor, written where schemas are not named (a property, an item): it
    /// is bundled as a type named after its anchor, and referred to where it was written, so
    /// that the references to its anchor and the place it is written share one type.
    fn bundle_anchored(
        &mut self,
        map: &Map<String, Value>,
        file: FileId,
        pointer: &str,
    ) -> Result<Option<String>, Error> {
        let Some(anchor) = ["$anchor", "$dynamicAnchor"].iter().find_map(|k| map.get(*k)?.as_str()) else {
            return Ok(None);
        };
        let fragment = pointer.trim_start_matches('#').to_owned();
        let key = (file, fragment.clone());
        if component_ref(&fragment).is_some() || is_definition(&fragment) || self.bundling.contains(&key) {
            return Ok(None);
        }
        if file == FileId(0) && self.root_snapshot.is_none() {
            self.root_snapshot = self.files_root_original()?;
        }
        // Where the walk's pointer is not where the file has it (a normalised 3.2 form), it stays inline.
        if self
            .peek(file, &fragment)?
            .is_none_or(|found| found.get("$anchor").or(found.get("$dynamicAnchor")).is_none())
        {
            return Ok(None);
        }
        self.anchored.entry(key).or_insert_with(|| anchor.to_owned());
        self.bundle_schema(file, &fragment, pointer, &format!("#{anchor}")).map(Some)
    }

    /// The properties a walked schema declares, through references to components (bundled or
    /// the root document's) and `allOf`/`oneOf`/`anyOf`: the first declaration of each name.
    fn declared_properties(&self, schema: &Value, depth: usize) -> Map<String, Value> {
        let mut found = Map::new();
        if depth > 16 {
            return found;
        }
        if let Some(name) =
            schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"))
        {
            let name = unescape_pointer_token(name);
            let root = self.root_snapshot.as_ref().and_then(|r| r.pointer("/components/schemas")?.get(&name));
            if let Some(target) = self.bundled.get(&name).or(root) {
                return self.declared_properties(target, depth + 1);
            }
        }
        if let Some(Value::Object(properties)) = schema.get("properties") {
            found.extend(properties.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for part in schema.get(key).and_then(Value::as_array).into_iter().flatten() {
                for (name, property) in self.declared_properties(part, depth + 1) {
                    found.entry(name).or_insert(property);
                }
            }
        }
        found
    }

    /// A schema reference that `$id`s or anchors decide (3.1 and later): the reference to a
    /// pointer of the same file it stands for. `dynamic`: a `$dynamicRef`, read as the static
    /// reference it starts from (with a warning where several dynamic anchors share its name).
    fn by_name(
        &mut self,
        reference: &str,
        file: FileId,
        pointer: &str,
        dynamic: bool,
    ) -> Result<Option<String>, Error> {
        if file == FileId(0) && self.root_snapshot.is_none() {
            self.root_snapshot = self.files_root_original()?;
        }
        if self.resources.get(&file).is_some_and(anchors::Resources::is_empty) {
            return Ok(None); // most documents: nothing named by `$id` or anchors
        }
        let document = self.document_uri(file);
        let source = if file == FileId(0) { self.root_snapshot.as_ref() } else { Some(&self.files[file.0].value) };
        let source = source.unwrap_or(&Value::Null);
        let resources = self.resources.entry(file).or_insert_with(|| anchors::Resources::of(source, &document));
        if resources.is_empty() {
            return Ok(None);
        }
        let exists = |p: &str| source.pointer(p).is_some();
        let resolved = resources.resolve(reference, pointer, &document, exists, dynamic);
        let anchor = reference.split_once('#').map(|(_, f)| f).filter(|f| !f.is_empty() && !f.starts_with('/'));
        if let (
            Some(anchor),
            Some(anchors::Resolved::Pointer(target) | anchors::Resolved::Static { pointer: target, .. }),
        ) = (anchor, &resolved)
        {
            if component_ref(target).is_none() {
                self.anchored.entry((file, target.clone())).or_insert_with(|| anchor.to_owned());
            }
        }
        Ok(match resolved {
            None | Some(anchors::Resolved::NoAnchor) => None,
            Some(anchors::Resolved::Pointer(target)) => Some(format!("#{target}")),
            Some(anchors::Resolved::Static { pointer: target, candidates }) => {
                let message = format!(
                    "`$dynamicRef: {reference}`: {candidates} schemas declare this `$dynamicAnchor`; read as a plain \
                     reference to the one at `#{target}` (a schema extending it through the dynamic scope is not followed)"
                );
                self.warn(file, pointer, message);
                Some(format!("#{target}"))
            }
        })
    }

    /// The URI a file's relative `$id`s resolve against: the root document's `$self`, or a name
    /// of its own that no real URI shares.
    fn document_uri(&self, file: FileId) -> url::Url {
        let own = self.own_uri.as_deref().filter(|_| file == FileId(0)).and_then(|uri| url::Url::parse(uri).ok());
        let placeholder = url::Url::parse("https://document.invalid/").expect("a valid URL");
        own.unwrap_or_else(|| placeholder.join(&self.files[file.0].display).unwrap_or(placeholder))
    }

    /// A reference to a component filed under another kind than its position needs (a response
    /// that names `#/components/requestBodies/X`): the JSON pointer resolves, so the object is
    /// read as the kind the position needs where the two kinds share enough, with a warning.
    #[allow(clippy::too_many_arguments)]
    fn other_kind(
        &mut self,
        file: FileId,
        ctx: Ctx,
        pointer: &str,
        reference: &str,
        fragment: &str,
        section: &str,
        expected: Option<&'static str>,
    ) -> Result<Option<Value>, Error> {
        let wanted = expected.unwrap_or("schemas");
        if self.root_snapshot.is_none() {
            self.root_snapshot = self.files_root_original()?;
        }
        if self.lookup(FileId(0), fragment)?.is_none() {
            return Ok(Some(self.dangling(file, ctx, pointer, reference, "no such component")));
        }
        let target = self.inline(FileId(0), fragment, ctx, pointer, reference)?;
        match tolerate::adapt_kind(target, section, wanted) {
            Some(adapted) => {
                let message = format!(
                    "$ref `{reference}` names a component of `{section}` where one of `{wanted}` belongs; read as one"
                );
                self.warn(file, pointer, message);
                Ok(Some(adapted))
            }
            None => Ok(Some(self.dangling(
                file,
                ctx,
                pointer,
                reference,
                &format!("a component of `{section}` cannot stand where one of `{wanted}` belongs"),
            ))),
        }
    }

    /// The file a reference's path part names (`from` itself when empty). `Ok(Err(why))`: the
    /// file does not exist or cannot be read, which the caller repairs; `Err`: a reference that
    /// must not be followed (outside the reference root, or remote without a local folder).
    fn target_file(&mut self, from: FileId, target_path: &str, pointer: &str) -> Result<Result<FileId, String>, Error> {
        if target_path.is_empty() {
            return Ok(Ok(from));
        }
        if self.own_uri.as_deref() == Some(target_path) {
            return Ok(Ok(FileId(0)));
        }
        self.open_relative(from, target_path, pointer)
    }

    fn open_relative(&mut self, from: FileId, relative: &str, pointer: &str) -> Result<Result<FileId, String>, Error> {
        let base = self.files[from.0].canonical.parent().map(Path::to_path_buf).unwrap_or_default();
        let joined =
            if relative.contains("://") {
                match self.remote.iter().find(|(prefix, _)| relative.starts_with(prefix.as_str())) {
                    Some((prefix, folder)) => folder.join(&relative[prefix.len()..]),
                    None => return Err(Error::spec_with_hint(
                        self.location(from, pointer),
                        format!("remote reference `{relative}`: clientgen never fetches from the network"),
                        "download the file and map its URL prefix to the local folder: `--map-remote URL_PREFIX=DIR` \
                         (clientgen.toml: `remote = { \"URL_PREFIX\" = \"DIR\" }`; Builder::map_remote)",
                    )),
                }
            } else {
                base.join(relative)
            };
        // Checked before the file system is asked anything, and again once links are resolved.
        let outside = |path: &Path| !self.allowed.iter().any(|root| path.starts_with(root));
        if outside(&crate::normalize(&joined)) {
            return Err(self.outside_root(from, pointer, relative));
        }
        let canonical = match std::fs::canonicalize(&joined) {
            Ok(canonical) => canonical,
            Err(err) => return Ok(Err(format!("cannot open `{relative}`: {err}"))),
        };
        if outside(&canonical) {
            return Err(self.outside_root(from, pointer, relative));
        }
        if let Some(id) = self.by_path.get(&canonical) {
            return Ok(Ok(*id));
        }
        let shown = lexical_join(Path::new(&self.files[from.0].display).parent().unwrap_or(Path::new("")), relative);
        let mut value = read_file(&canonical, &shown)?;
        tolerate::repair_values(&mut value, &shown, &mut String::from("#"), &mut self.warnings);
        let id = FileId(self.files.len());
        self.files.push(SourceFile { canonical: canonical.clone(), display: shown, value });
        self.by_path.insert(canonical.clone(), id);
        self.files_read.push(canonical);
        Ok(Ok(id))
    }

    /// OpenAPI 3.2's `$self` names the root document's URI: a reference to that URI is to the
    /// root file, and references to URIs under its folder are to the files beside the root
    /// document, as if mapped with `--map-remote` (a mapping given for the same prefix wins).
    fn map_self(&mut self, own: &str, prefix: String, file: &str, warnings: &mut Vec<Warning>) {
        self.own_uri = own.split('#').next().map(str::to_owned);
        let Some(folder) = self.files[0].canonical.parent().map(Path::to_path_buf) else { return };
        if self.remote.iter().any(|(given, _)| *given == prefix) {
            return;
        }
        let message = format!("`$self`: references under `{prefix}` are read from the files beside this document");
        warnings.push(Warning { location: Location::new(file, String::from("#/$self")), message });
        self.remote.push((prefix, folder));
    }

    fn outside_root(&self, from: FileId, pointer: &str, relative: &str) -> Error {
        Error::spec_with_hint(
            self.location(from, pointer),
            format!("$ref `{relative}` leads outside the folder references may reach; it was not opened"),
            "references may reach files under the root document's folder; name a wider folder with `--ref-root DIR` \
             (clientgen.toml: `ref_root`; Builder::ref_root) if you trust the spec",
        )
    }

    /// Looks up `fragment` in `file` (the root document as it was before the walk).
    /// `None`: nothing there.
    fn lookup(&mut self, file: FileId, fragment: &str) -> Result<Option<Value>, Error> {
        self.peek(file, fragment).map(|found| found.cloned())
    }

    /// [`Bundler::lookup`] without the copy.
    fn peek(&self, file: FileId, fragment: &str) -> Result<Option<&Value>, Error> {
        let source = if file == FileId(0) {
            self.root_snapshot.as_ref().ok_or_else(|| Error::Internal("root snapshot missing".into()))?
        } else {
            &self.files[file.0].value
        };
        Ok(if fragment.is_empty() { Some(source) } else { source.pointer(fragment) })
    }

    fn inline(
        &mut self,
        file: FileId,
        fragment: &str,
        ctx: Ctx,
        pointer: &str,
        reference: &str,
    ) -> Result<Value, Error> {
        let key = (file, fragment.to_owned());
        if self.inline_stack.contains(&key) {
            return Err(Error::spec_with_hint(
                self.location(file, pointer),
                format!("reference cycle through `{reference}` cannot be represented"),
                "a schema can only refer to itself through #/components/schemas/...; move the recursive schema there",
            ));
        }
        if file == FileId(0) && self.root_snapshot.is_none() {
            self.root_snapshot = self.files_root_original()?;
        }
        let Some(mut target) = self.lookup(file, fragment)? else {
            return Ok(self.dangling(file, ctx, pointer, reference, &format!("nothing at `#{fragment}`")));
        };
        if ctx == Ctx::Schema && is_api_document(&target) {
            return Ok(self.dangling(file, ctx, pointer, reference, WHOLE_DOCUMENT));
        }
        self.inline_stack.push(key);
        let mut inner_pointer = format!("#{fragment}");
        let result = self.walk(&mut target, file, ctx, &mut inner_pointer);
        self.inline_stack.pop();
        result.map(|()| target)
    }

    /// The root document is `root` (overlays changed what was read from disk): references into
    /// it resolve against it, and its schema names are taken.
    fn refresh_root(&mut self, root: &Value) {
        self.root_snapshot = Some(root.clone());
        self.taken_names.clear();
        if let Some(Value::Object(schemas)) = root.pointer("/components/schemas") {
            self.taken_names.extend(schemas.keys().cloned());
        }
    }

    /// The root document as read from disk (the walk mutates the live copy).
    fn files_root_original(&self) -> Result<Option<Value>, Error> {
        read_file(&self.files[0].canonical, &self.files[0].display).map(Some)
    }

    fn bundle_schema(&mut self, file: FileId, fragment: &str, pointer: &str, reference: &str) -> Result<String, Error> {
        if let Some(name) = self.schema_names.get(&(file, fragment.to_owned())) {
            return Ok(name.clone());
        }
        let anchor = self.anchored.get(&(file, fragment.to_owned())).filter(|_| !is_definition(fragment)).cloned();
        let last = fragment.rsplit('/').next().filter(|s| !s.is_empty()).map(unescape_pointer_token);
        let base_name = anchor.or(last).unwrap_or_else(|| {
            let shown = &self.files[file.0].display;
            Path::new(shown).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "Schema".into())
        });
        let mut name = base_name.clone();
        // `$defs/Name` of a component is `OwnerName` when `Name` is taken.
        if let Some(owner) =
            component_ref(fragment.rsplit_once('/').map_or("", |(p, _)| p).rsplit_once('/').map_or("", |(p, _)| p))
                .filter(|(section, _)| {
                    section == "schemas" && is_definition(fragment) && self.taken_names.contains(&name)
                })
        {
            name = format!("{}{base_name}", owner.1);
        }
        let mut n = 2;
        while self.taken_names.contains(&name) {
            name = format!("{base_name}{n}");
            n += 1;
        }
        self.taken_names.insert(name.clone());
        self.schema_names.insert((file, fragment.to_owned()), name.clone());
        let found = self.lookup(file, fragment)?;
        let whole_document = found.as_ref().is_some_and(is_api_document);
        let Some(mut target) = found.filter(|_| !whole_document) else {
            let why = if whole_document { WHOLE_DOCUMENT.to_owned() } else { format!("nothing at `#{fragment}`") };
            let stand_in = self.dangling(file, Ctx::Schema, pointer, reference, &why);
            self.bundled.insert(name.clone(), stand_in);
            return Ok(name);
        };
        let mut inner_pointer = format!("#{fragment}");
        self.bundling.insert((file, fragment.to_owned()));
        let walked = self.walk(&mut target, file, Ctx::Schema, &mut inner_pointer);
        self.bundling.remove(&(file, fragment.to_owned()));
        walked?;
        self.bundled.insert(name.clone(), target);
        Ok(name)
    }

    /// Component references of the root document that name nothing are replaced, where used,
    /// by the stand-in their kind allows, each with a warning.
    fn repair_component_refs(&mut self, root: &mut Value) {
        let mut dangling: Vec<(String, String)> = Vec::new();
        for (section, name) in std::mem::take(&mut self.component_refs) {
            let exists = root.get("components").and_then(|c| c.get(&section)).and_then(|s| s.get(&name)).is_some()
                || (section == "schemas" && self.bundled.contains_key(&name));
            if !exists && !dangling.contains(&(section.clone(), name.clone())) {
                dangling.push((section, name));
            }
        }
        for (section, name) in dangling {
            let reference = format!("#/components/{section}/{}", escape_pointer_token(&name));
            let stand_in = tolerate::stand_in(Some(&section), &reference);
            let done = match (&stand_in, section.as_str()) {
                (None, _) => "left out",
                (Some(_), "schemas" | "headers") => "read as untyped JSON",
                (Some(_), _) => "read as an untyped JSON body",
            };
            let message = format!("unresolvable $ref `{reference}`: no such component; {done}");
            let mut sites = Vec::new();
            replace_refs(root, &reference, &stand_in.unwrap_or(Value::Null), &mut String::from("#"), &mut sites);
            for site in sites {
                self.warn(FileId(0), &site, message.clone());
            }
        }
    }

    fn install_bundled_schemas(&mut self, root: &mut Value) {
        if self.bundled.is_empty() {
            return;
        }
        let Some(root) = root.as_object_mut() else {
            return;
        };
        let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
        let Some(components) = components.as_object_mut() else {
            return;
        };
        let schemas = components.entry("schemas").or_insert_with(|| Value::Object(Map::new()));
        if let Some(schemas) = schemas.as_object_mut() {
            for (name, schema) in std::mem::take(&mut self.bundled) {
                schemas.insert(name, schema);
            }
        }
    }
}

/// The reference to a component schema of the bundled document.
fn schema_ref(name: &str) -> String {
    format!("#/components/schemas/{}", escape_pointer_token(name))
}

/// Why a schema `$ref` to a whole OpenAPI document (`$ref: ""`, Fitbit's) names no schema.
const WHOLE_DOCUMENT: &str = "it names a whole OpenAPI document, not a schema";

/// Whether a value a reference leads to is an OpenAPI (or Swagger) document itself.
fn is_api_document(value: &Value) -> bool {
    value.get("openapi").or_else(|| value.get("swagger")).is_some_and(Value::is_string) && value.get("info").is_some()
}

/// What a mapping value waiting for its schema's component name holds meanwhile (a control
/// character, which no reference or schema name written in a document holds).
const MAPPING_MARKER: &str = "\u{1}mapping:";

/// Replaces `rewrite_mapping`'s markers in every discriminator mapping under `value`.
fn replace_mapping_markers(value: &mut Value, names: &[String]) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(mapping)) = map.get_mut("discriminator").and_then(|d| d.get_mut("mapping")) {
                for target in mapping.values_mut() {
                    let index =
                        target.as_str().and_then(|t| t.strip_prefix(MAPPING_MARKER)).and_then(|i| i.parse().ok());
                    if let Some(name) = index.and_then(|i: usize| names.get(i)) {
                        *target = Value::String(name.clone());
                    }
                }
            }
            map.values_mut().for_each(|v| replace_mapping_markers(v, names));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| replace_mapping_markers(v, names)),
        _ => {}
    }
}

enum ChildCtx {
    Value(Ctx),
    Each(Ctx),
}

/// Which context a child key of an object in `ctx` is walked in; `None` skips it.
fn child_context(ctx: Ctx, key: &str) -> Option<ChildCtx> {
    match ctx {
        Ctx::Document => match key {
            "components" => Some(ChildCtx::Value(Ctx::Components)),
            "paths" | "webhooks" => Some(ChildCtx::Each(Ctx::Other)),
            // Not used for code, but must deserialize: resolve references there too (Redocly's
            // `description: {$ref: file.md}` style).
            "info" | "tags" | "servers" => Some(ChildCtx::Value(Ctx::Other)),
            _ => None,
        },
        Ctx::Components => match key {
            "schemas" => Some(ChildCtx::Value(Ctx::SchemaMap)),
            "examples" => None,
            _ => Some(ChildCtx::Each(Ctx::Other)),
        },
        Ctx::SchemaMap => Some(ChildCtx::Value(Ctx::Schema)),
        Ctx::Schema => match key {
            // `description: {$ref: notes.md}` reads the text; a plain string is left alone.
            "description" => Some(ChildCtx::Value(Ctx::Other)),
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                Some(ChildCtx::Each(Ctx::Schema))
            }
            "items" | "additionalProperties" | "not" | "contains" | "propertyNames" | "if" | "then" | "else" => {
                Some(ChildCtx::Value(Ctx::Schema))
            }
            "allOf" | "oneOf" | "anyOf" | "prefixItems" => Some(ChildCtx::Each(Ctx::Schema)),
            _ => None,
        },
        Ctx::Other => match key {
            "schema" => Some(ChildCtx::Value(Ctx::Schema)),
            // Example values are data, never walked (`default` is walked: under `responses` it is
            // the default response; inside schemas, values are not walked at all).
            "example" | "examples" | "x-examples" => None,
            _ => Some(ChildCtx::Value(Ctx::Other)),
        },
    }
}

/// A schema filed under `$defs` (or `definitions`) somewhere other than the components: a named
/// definition, bundled as a component (and so free to refer to itself).
fn is_definition(fragment: &str) -> bool {
    let mut tokens = fragment.rsplit('/');
    let _name = tokens.next();
    matches!(tokens.next(), Some("$defs" | "definitions")) && component_ref(fragment).is_none()
}

/// `/components/<section>/<name>` → (section, name).
fn component_ref(fragment: &str) -> Option<(String, String)> {
    let mut tokens = fragment.strip_prefix("/components/")?.split('/');
    let section = tokens.next()?;
    let name = tokens.next()?;
    tokens.next().is_none().then(|| (section.to_owned(), unescape_pointer_token(name)))
}

fn ref_value(reference: &str) -> Value {
    let mut map = Map::new();
    map.insert("$ref".into(), Value::String(reference.into()));
    Value::Object(map)
}

/// Replaces every `{"$ref": wanted}` object under `value` with `with`, collecting the pointers.
fn replace_refs(value: &mut Value, wanted: &str, with: &Value, pointer: &mut String, sites: &mut Vec<String>) {
    if value.get("$ref").and_then(Value::as_str) == Some(wanted) {
        sites.push(pointer.clone());
        *value = with.clone();
        return;
    }
    let mut visit = |key: &str, child: &mut Value| {
        let len = pointer.len();
        pointer.push('/');
        pointer.push_str(&escape_pointer_token(key));
        replace_refs(child, wanted, with, pointer, sites);
        pointer.truncate(len);
    };
    match value {
        Value::Object(map) => map.iter_mut().for_each(|(key, child)| visit(key, child)),
        Value::Array(items) => items.iter_mut().enumerate().for_each(|(index, child)| visit(&index.to_string(), child)),
        _ => {}
    }
}

/// Joins a relative reference to a folder without touching the file system, folding `.` and `..`.
fn lexical_join(base: &Path, relative: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in base.join(relative).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.last().is_some_and(|p| p != "..") {
                    parts.pop();
                } else {
                    parts.push("..".into());
                }
            }
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    parts.join("/")
}

fn record_origins(root: &Value, file: &str, origins: &mut Origins) {
    if let Some(Value::Object(paths)) = root.get("paths") {
        for key in paths.keys() {
            origins.paths.entry(key.clone()).or_insert_with(|| file.to_owned());
        }
    }
    if let Some(Value::Object(components)) = root.get("components") {
        for (section, entries) in components {
            if let Value::Object(entries) = entries {
                for name in entries.keys() {
                    origins.components.entry((section.clone(), name.clone())).or_insert_with(|| file.to_owned());
                }
            }
        }
    }
}

/// Merges `other` (from `file`) into `into`: paths and components are unioned; the same
/// operation twice, or one component name with two different definitions, is an error.
fn merge_document(into: &mut Value, other: Value, file: &str, origins: &mut Origins) -> Result<(), Error> {
    let Value::Object(other) = other else {
        return Ok(());
    };
    let into_map = into.as_object_mut().ok_or_else(|| Error::Internal("merged document is not an object".into()))?;
    if let Some(Value::Object(paths)) = other.get("paths") {
        let target = into_map.entry("paths").or_insert_with(|| Value::Object(Map::new()));
        let target = target.as_object_mut().ok_or_else(|| Error::Internal("paths is not an object".into()))?;
        for (path, item) in paths {
            match (target.get_mut(path), item) {
                (Some(Value::Object(existing)), Value::Object(item)) => {
                    for (method, operation) in item {
                        if existing.contains_key(method) && existing.get(method) != Some(operation) {
                            let first = origins.paths.get(path).cloned().unwrap_or_default();
                            return Err(Error::spec_with_hint(
                                Location::new(file, format!("#/paths/{}/{method}", escape_pointer_token(path))),
                                format!(
                                    "duplicate operation: {} {path} is also defined in {first}",
                                    method.to_uppercase()
                                ),
                                "define each operation in one document only",
                            ));
                        }
                        existing.insert(method.clone(), operation.clone());
                    }
                }
                _ => {
                    target.insert(path.clone(), item.clone());
                    origins.paths.entry(path.clone()).or_insert_with(|| file.to_owned());
                }
            }
        }
    }
    if let Some(Value::Object(components)) = other.get("components") {
        let target = into_map.entry("components").or_insert_with(|| Value::Object(Map::new()));
        let target = target.as_object_mut().ok_or_else(|| Error::Internal("components is not an object".into()))?;
        for (section, entries) in components {
            let Value::Object(entries) = entries else {
                continue;
            };
            let section_map = target.entry(section.clone()).or_insert_with(|| Value::Object(Map::new()));
            let Some(section_map) = section_map.as_object_mut() else {
                continue;
            };
            for (name, definition) in entries {
                match section_map.get(name) {
                    Some(existing) if existing != definition => {
                        let first =
                            origins.components.get(&(section.clone(), name.clone())).cloned().unwrap_or_default();
                        return Err(Error::spec_with_hint(
                            Location::new(file, format!("#/components/{section}/{}", escape_pointer_token(name))),
                            format!("name collision: component `{name}` is defined differently in {first}"),
                            "give one of them another name, or make the two definitions identical",
                        ));
                    }
                    Some(_) => {}
                    None => {
                        section_map.insert(name.clone(), definition.clone());
                        origins.components.insert((section.clone(), name.clone()), file.to_owned());
                    }
                }
            }
        }
    }
    Ok(())
}

fn deserialize_openapi(value: Value, origins: &Origins) -> Result<openapiv3::OpenAPI, Error> {
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&value) {
        Ok(openapi) => Ok(openapi),
        Err(err) => {
            // openapiv3 flattens and untags much of its model, which hides where inside an
            // object deserialization failed; try the document's parts one by one to find the
            // innermost failing object.
            let (pointer, message) =
                narrow_error(&value).unwrap_or_else(|| (pointer_of(err.path(), "#"), err.inner().to_string()));
            Err(Error::spec(origins.locate(&pointer), format!("not a valid OpenAPI document: {message}")))
        }
    }
}

fn pointer_of(path: &serde_path_to_error::Path, base: &str) -> String {
    let mut pointer = base.to_owned();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            serde_path_to_error::Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(key));
            }
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    pointer
}

/// Deserializes `value` as `T`; on failure, the pointer (under `base`) and message.
fn try_part<T: serde::de::DeserializeOwned>(value: &Value, base: &str) -> Option<(String, String)> {
    serde_path_to_error::deserialize::<_, T>(value)
        .err()
        .map(|err| (pointer_of(err.path(), base), err.inner().to_string()))
}

/// Finds the innermost part of the document that fails to deserialize.
fn narrow_error(document: &Value) -> Option<(String, String)> {
    use openapiv3::{Parameter, ReferenceOr, RequestBody, Response, Schema};
    let token = |s: &str| escape_pointer_token(s);
    if let Some(Value::Object(paths)) = document.get("paths") {
        for (path, item) in paths {
            let item_pointer = format!("#/paths/{}", token(path));
            let Value::Object(fields) = item else {
                return try_part::<openapiv3::PathItem>(item, &item_pointer);
            };
            for (key, operation) in fields {
                let pointer = format!("{item_pointer}/{}", token(key));
                if key == "parameters" {
                    for (index, parameter) in operation.as_array().into_iter().flatten().enumerate() {
                        if let Some(found) =
                            try_part::<ReferenceOr<Parameter>>(parameter, &format!("{pointer}/{index}"))
                        {
                            return Some(found);
                        }
                    }
                }
                if !["get", "put", "post", "delete", "options", "head", "patch", "trace"].contains(&key.as_str()) {
                    continue;
                }
                for (index, parameter) in
                    operation.get("parameters").and_then(Value::as_array).into_iter().flatten().enumerate()
                {
                    if let Some(found) =
                        try_part::<ReferenceOr<Parameter>>(parameter, &format!("{pointer}/parameters/{index}"))
                    {
                        return Some(found);
                    }
                }
                if let Some(body) = operation.get("requestBody") {
                    if let Some(found) = try_part::<ReferenceOr<RequestBody>>(body, &format!("{pointer}/requestBody")) {
                        return Some(found);
                    }
                }
                if let Some(Value::Object(responses)) = operation.get("responses") {
                    for (status, response) in responses {
                        if let Some(found) = try_part::<ReferenceOr<Response>>(
                            response,
                            &format!("{pointer}/responses/{}", token(status)),
                        ) {
                            return Some(found);
                        }
                    }
                }
                if let Some(found) = try_part::<openapiv3::Operation>(operation, &pointer) {
                    return Some(found);
                }
            }
            if let Some(found) = try_part::<openapiv3::PathItem>(item, &item_pointer) {
                return Some(found);
            }
        }
    }
    if let Some(Value::Object(components)) = document.get("components") {
        for (section, entries) in components {
            let Value::Object(entries) = entries else { continue };
            for (name, entry) in entries {
                let pointer = format!("#/components/{}/{}", token(section), token(name));
                let found = match section.as_str() {
                    "schemas" => try_part::<ReferenceOr<Schema>>(entry, &pointer),
                    "parameters" => try_part::<ReferenceOr<Parameter>>(entry, &pointer),
                    "responses" => try_part::<ReferenceOr<Response>>(entry, &pointer),
                    "requestBodies" => try_part::<ReferenceOr<RequestBody>>(entry, &pointer),
                    "securitySchemes" => try_part::<ReferenceOr<openapiv3::SecurityScheme>>(entry, &pointer),
                    _ => None,
                };
                if found.is_some() {
                    return found;
                }
            }
        }
    }
    for (key, pointer) in [("info", "#/info"), ("servers", "#/servers")] {
        if let Some(part) = document.get(key) {
            let found = if key == "info" {
                try_part::<openapiv3::Info>(part, pointer)
            } else {
                try_part::<Vec<openapiv3::Server>>(part, pointer)
            };
            if found.is_some() {
                return found;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::only_component_refs;

    /// Found by fuzzing (load_bytes): a duplicate key made openapiv3 panic on the fast path.
    #[test]
    fn a_duplicate_key_takes_the_full_path_without_panicking() {
        let dir = std::env::temp_dir().join(format!("clientgen-dup-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("dup.json");
        let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {
            "responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"type": "string"}, "examples": {}, "examples": {}}}}}}}}}"#;
        std::fs::write(&path, text).unwrap();
        assert!(super::load_plain_json(&path, "dup.json").is_none());
        let loaded = super::load_documents(&[(path.clone(), "dup.json".into())]).expect("the full path reads it");
        assert_eq!(loaded.openapi.paths.paths.len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_fast_path_takes_only_documents_whose_references_all_name_components() {
        assert!(only_component_refs(r##"{"a": {"$ref": "#/components/schemas/Pet"}}"##));
        // A property named `$ref` (a schema, not a reference) and the word as a value.
        assert!(only_component_refs(r##"{"properties": {"$ref": {"type": "string"}}, "enum": ["$ref"]}"##));
        // Example data holding URLs.
        assert!(only_component_refs(r##"{"example": {"$ref": "https://example.com/Users/1"}}"##));
        assert!(!only_component_refs(r##"{"$ref": "other.yaml#/Pet"}"##));
        assert!(!only_component_refs(r##"{"$ref": "#/components/schemas/Pet/properties/id"}"##));
        assert!(!only_component_refs(r##"{"$ref": "#/paths/~1pets"}"##));
    }
}
