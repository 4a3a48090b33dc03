//! JSON Schema 2020-12's keywords in OpenAPI 3.1 documents (issue 29): `$id` resources, `$defs`,
//! `$anchor`/`$dynamicAnchor` and the references that name them (`$ref`, `$dynamicRef`, hostile
//! URIs among them), tuples (`prefixItems`, list-form `items`, `items: false`), boolean schemas,
//! `if`/`then`/`else`, `dependentSchemas` and `unevaluatedProperties`, nested in each other and in
//! compositions, as component schemas of a small document. Load and lower only (the stages these
//! keywords touch; the whole pipeline is `structured`'s), so that runs are cheap enough for
//! millions: a document is lowered or refused with a location, never a panic or a hang.
#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};
use std::path::PathBuf;

/// URIs for `$id`, `$ref` and `$dynamicRef`: fragments, pointers, anchors, relative and
/// absolute, malformed.
const URIS: &[&str] = &[
    "", "#", "#a", "#b", "#node", "#/$defs/a", "#/$defs/b", "#/$defs/~2", "#/$defs/a/$defs/a",
    "#/components/schemas/S0", "#/components/schemas/S1", "#/properties/x", "#/prefixItems/0",
    "r", "r#a", "r#/$defs/a", "s#node", "https://a.example/r", "https://a.example/r#a",
    "https://a.example/r#/$defs/a", "urn:x:y", "urn:x:y#a", "../r", "./r#a", "http://[::1", "%zz",
    "a b", "#%2F$defs%2Fa", "file:///etc/passwd", "r#/components/schemas/S0", "#/then", "#/else",
];
const NAMES: &[&str] = &["a", "b", "node", "x", "", "Self", "type", "a b", "é", "$ref", "0"];

fn uri(u: &mut Unstructured<'_>) -> Result<Value> {
    Ok(json!(*u.choose(URIS)?))
}

fn name(u: &mut Unstructured<'_>) -> Result<String> {
    Ok((*u.choose(NAMES)?).to_owned())
}

fn schemas(u: &mut Unstructured<'_>, depth: u8, most: usize) -> Result<Vec<Value>> {
    let count = u.int_in_range(0..=most)?;
    (0..count).map(|_| schema(u, depth)).collect()
}

fn properties(u: &mut Unstructured<'_>, depth: u8) -> Result<Value> {
    let mut map = Map::new();
    for _ in 0..u.int_in_range(0..=3usize)? {
        map.insert(name(u)?, schema(u, depth)?);
    }
    Ok(Value::Object(map))
}

fn schema(u: &mut Unstructured<'_>, depth: u8) -> Result<Value> {
    if depth > 4 || u.ratio(1, 8)? {
        return Ok(match u.int_in_range(0..=4u8)? {
            0 => json!(u.arbitrary::<bool>()?),
            1 => json!({"$ref": uri(u)?}),
            2 => json!({"$dynamicRef": uri(u)?}),
            3 => json!({"type": *u.choose(&["string", "integer", "number", "boolean", "null"])?}),
            _ => json!({"type": ["string", "null"], "const": name(u)?}),
        });
    }
    let depth = depth + 1;
    let mut map = Map::new();
    for _ in 0..u.int_in_range(1..=4usize)? {
        let (key, value) = match u.int_in_range(0..=16u8)? {
            0 => ("type", json!(*u.choose(&["object", "array", "string", "integer"])?)),
            1 => ("properties", properties(u, depth)?),
            2 => ("items", if u.ratio(1, 3)? { json!(schemas(u, depth, 2)?) } else { schema(u, depth)? }),
            3 => ("prefixItems", json!(schemas(u, depth, 3)?)),
            4 => ("$defs", properties(u, depth)?),
            5 => ("$id", uri(u)?),
            6 => ("$anchor", json!(name(u)?)),
            7 => ("$dynamicAnchor", json!(name(u)?)),
            8 => ("$ref", uri(u)?),
            9 => ("$dynamicRef", uri(u)?),
            10 => ("if", schema(u, depth)?),
            11 => ("then", schema(u, depth)?),
            12 => ("else", schema(u, depth)?),
            13 => ("dependentSchemas", properties(u, depth)?),
            14 => ("unevaluatedProperties", schema(u, depth)?),
            15 => (*u.choose(&["allOf", "oneOf", "anyOf"])?, json!(schemas(u, depth, 3)?)),
            _ => ("required", json!([name(u)?])),
        };
        map.insert(key.to_owned(), value);
    }
    Ok(Value::Object(map))
}

fn document(u: &mut Unstructured<'_>) -> Result<Value> {
    let mut components = Map::new();
    for index in 0..u.int_in_range(1..=3usize)? {
        components.insert(format!("S{index}"), schema(u, 0)?);
    }
    Ok(json!({
        "openapi": *u.choose(&["3.1.0", "3.2.0"])?,
        "info": {"title": "keywords", "version": "1"},
        "paths": {"/s": {"post": {
            "operationId": "post",
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema(u, 2)?}}}}
        }}},
        "components": {"schemas": components}
    }))
}

fn scratch() -> PathBuf {
    let base = if std::path::Path::new("/dev/shm").is_dir() { PathBuf::from("/dev/shm") } else { std::env::temp_dir() };
    let dir = base.join(format!("clientgen-fuzz-keywords-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fuzz_target!(|data: &[u8]| {
    thread_local!(static PATH: PathBuf = scratch().join("spec.json"));
    let mut u = Unstructured::new(data);
    let Ok(doc) = document(&mut u) else { return };
    let path = PATH.with(Clone::clone);
    std::fs::write(&path, serde_json::to_vec(&doc).expect("JSON")).expect("write");
    let loaded = match clientgen::load::load_documents(&[(path, "spec.json".into())]) {
        Ok(loaded) => loaded,
        Err(clientgen::Error::Spec(error)) => {
            assert!(!error.location.file.is_empty(), "unlocated: {error}");
            return;
        }
        Err(other) => panic!("refused without a location: {other}"),
    };
    let options = clientgen::lower::LowerOptions {
        crate_name: "fuzzed".into(),
        sources: vec!["spec.json".into()],
        pagination: Default::default(),
        flat: false,
    };
    match clientgen::lower::lower(&loaded, &options) {
        Ok(_) => {}
        Err(clientgen::Error::Spec(error)) => assert!(!error.location.file.is_empty(), "unlocated: {error}"),
        Err(other) => panic!("refused without a location: {other}"),
    }
});
