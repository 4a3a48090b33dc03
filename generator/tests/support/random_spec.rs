//! Random *valid* OpenAPI documents, built from arbitrary bytes by a grammar of the constructs
//! clientgen supports: schemas of every type with composition (allOf/oneOf/anyOf, discriminators)
//! and cycles, enums, nullability, maps, parameters in every location and style, request bodies
//! (JSON, form with `encoding`, raw), responses, security schemes, 3.0 and 3.1 (with JSON
//! Schema 2020-12's tuples, boolean schemas, `$id`/`$defs`/anchors, `$dynamicRef`, conditions and
//! `unevaluatedProperties`), and a second file reached by relative `$ref`s. Names come from a dictionary of hostile identifiers.
//!
//! Shared by the structure-aware fuzz target (`fuzz/fuzz_targets/structured.rs`) and the
//! "accepted ⇒ compiles" property test (`generator/tests/random_specs.rs`).

use arbitrary::{Result, Unstructured};
use serde_json::{json, Map, Value};

/// Names chosen to collide, escape and confuse: keywords, raw-identifier spellings, std and
/// runtime type names, case and punctuation variants, non-ASCII, digits first, empty.
pub const HOSTILE_NAMES: &[&str] = &[
    "self",
    "Self",
    "self_",
    "fn",
    "type",
    "r#type",
    "crate",
    "super",
    "async",
    "await",
    "dyn",
    "union",
    "gen",
    "try",
    "Result",
    "Option",
    "String",
    "Vec",
    "Box",
    "Client",
    "ClientBuilder",
    "Error",
    "Patch",
    "Value",
    "Default",
    "Some",
    "None",
    "Ok",
    "Err",
    "types",
    "serde",
    "std",
    "core",
    "name",
    "Name",
    "NAME",
    "a-b",
    "a_b",
    "a.b",
    "a b",
    "A-B",
    "",
    " ",
    "_",
    "__",
    "1st",
    "123",
    "é",
    "e",
    "😀",
    "名前",
    "prénom",
    "x-y-z",
    "$ref",
    "@type",
    "#",
    "+1",
    "-1",
    "+",
    "-",
    "Unknown",
    "unknown",
    "additional_properties",
    "params",
    "body",
    "request",
    "response",
    "new",
    "builder",
    "call",
    "id",
    "ID",
    "Id",
    "aVeryLongNameThatGoesOnAndOnAndOnAndOnAndOnAndOnAndOnAndOnAndOnAndOnAndOn",
];

fn name(u: &mut Unstructured<'_>) -> Result<String> {
    let base = *u.choose(HOSTILE_NAMES)?;
    Ok(if u.ratio(1, 4)? { format!("{base}{}", u.int_in_range(0..=9u8)?) } else { base.to_owned() })
}

/// One generated document set: the root (`root.json`) and an optional second file
/// (`parts/models.json`) that the root refers to.
pub struct RandomSpec {
    pub root: Value,
    pub models: Option<Value>,
}

struct Ctx {
    components: Vec<String>,
    external: Vec<String>,
    is_31: bool,
    depth: usize,
    /// Generating `parts/models.json`: references to its own schemas are `#/M0`.
    in_models: bool,
    /// `$id`s and anchors given so far (each is unique in its document).
    names_given: usize,
}

impl RandomSpec {
    pub fn arbitrary(u: &mut Unstructured<'_>) -> Result<RandomSpec> {
        let is_31 = u.ratio(1, 3)?;
        let mut ctx =
            Ctx { components: Vec::new(), external: Vec::new(), is_31, depth: 0, in_models: false, names_given: 0 };
        let count = u.int_in_range(0..=6usize)?;
        for _ in 0..count {
            ctx.components.push(name(u)?);
        }
        ctx.components.dedup();
        let with_models = u.ratio(1, 3)?;
        if with_models {
            for _ in 0..u.int_in_range(1..=3usize)? {
                ctx.external.push(format!("M{}", ctx.external.len()));
            }
        }
        let mut schemas = Map::new();
        for component in ctx.components.clone() {
            schemas.insert(component, schema(u, &mut ctx)?);
        }
        let models = if with_models {
            ctx.in_models = true;
            let mut map = Map::new();
            for model in ctx.external.clone() {
                map.insert(model, schema(u, &mut ctx)?);
            }
            ctx.in_models = false;
            Some(Value::Object(map))
        } else {
            None
        };
        let mut paths = Map::new();
        for index in 0..u.int_in_range(0..=5usize)? {
            let path = format!("/{}{index}/{{{}}}", name(u)?.replace(['/', '{', '}', '?', '#'], "_"), "id");
            let mut item = Map::new();
            let methods = ["get", "put", "post", "delete", "patch"];
            for method in methods.iter().take(u.int_in_range(1..=3usize)?) {
                item.insert((*method).into(), operation(u, &mut ctx)?);
            }
            paths.insert(path, Value::Object(item));
        }
        let mut root = json!({
            "openapi": if is_31 { "3.1.0" } else { "3.0.3" },
            "info": {"title": name(u)?, "version": "1", "description": name(u)?},
            "servers": [{"url": "https://api.example.com/{version}", "variables": {"version": {"default": "v1"}}}],
            "paths": paths,
            "components": {
                "schemas": schemas,
                "securitySchemes": {
                    "bearer": {"type": "http", "scheme": "bearer"},
                    "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
                    "basic": {"type": "http", "scheme": "basic"}
                }
            }
        });
        if u.ratio(1, 2)? {
            root["security"] = json!([{"bearer": []}, {"key": []}]);
        }
        Ok(RandomSpec { root, models })
    }
}

fn schema_ref(u: &mut Unstructured<'_>, ctx: &Ctx) -> Result<Option<Value>> {
    // The models file cannot see the root's components.
    let local = !ctx.in_models && !ctx.components.is_empty() && u.ratio(1, 3)?;
    if local {
        let target = u.choose(&ctx.components)?;
        let token = target.replace('~', "~0").replace('/', "~1");
        return Ok(Some(json!({"$ref": format!("#/components/schemas/{token}")})));
    }
    if !ctx.external.is_empty() && u.ratio(1, 4)? {
        let target = u.choose(&ctx.external)?;
        let file = if ctx.in_models { "" } else { "parts/models.json" };
        return Ok(Some(json!({"$ref": format!("{file}#/{target}")})));
    }
    Ok(None)
}

fn schema(u: &mut Unstructured<'_>, ctx: &mut Ctx) -> Result<Value> {
    if let Some(reference) = schema_ref(u, ctx)? {
        return Ok(reference);
    }
    if ctx.is_31 && ctx.depth <= 3 && u.ratio(1, 6)? {
        ctx.depth += 1;
        let value = json_schema_2020(u, ctx);
        ctx.depth -= 1;
        return value;
    }
    ctx.depth += 1;
    let deep = ctx.depth > 3;
    let kind = if deep { u.int_in_range(0..=4u8)? } else { u.int_in_range(0..=11u8)? };
    let mut value = match kind {
        0 => json!({"type": "string", "maxLength": u.int_in_range(1..=64u32)?}),
        1 => json!({"type": "integer", "format": *u.choose(&["int32", "int64", "uint8"])?}),
        2 => json!({"type": "number"}),
        3 => json!({"type": "boolean"}),
        4 => json!({"type": "string", "format": *u.choose(&["date-time", "date", "uuid", "binary", "byte"])?}),
        5 => {
            let mut values = Vec::new();
            for _ in 0..u.int_in_range(1..=5usize)? {
                values.push(json!(name(u)?));
            }
            json!({"type": "string", "enum": values})
        }
        6 => {
            let mut properties = Map::new();
            let mut required = Vec::new();
            for _ in 0..u.int_in_range(0..=5usize)? {
                let property = name(u)?;
                if u.ratio(1, 2)? {
                    required.push(json!(property.clone()));
                }
                properties.insert(property, schema(u, ctx)?);
            }
            let mut object = json!({"type": "object", "properties": properties});
            if !required.is_empty() {
                object["required"] = Value::Array(required);
            }
            if u.ratio(1, 4)? {
                object["additionalProperties"] = schema(u, ctx)?;
            }
            object
        }
        7 => json!({"type": "array", "items": schema(u, ctx)?}),
        8 => json!({"type": "object", "additionalProperties": schema(u, ctx)?}),
        9 => {
            let mut parts = Vec::new();
            for _ in 0..u.int_in_range(1..=3usize)? {
                parts.push(schema(u, ctx)?);
            }
            json!({"allOf": parts})
        }
        10 => {
            let mut parts = Vec::new();
            for _ in 0..u.int_in_range(1..=4usize)? {
                parts.push(schema(u, ctx)?);
            }
            let key = if u.ratio(1, 2)? { "oneOf" } else { "anyOf" };
            json!({ key: parts })
        }
        _ => {
            // 3.1's const-style enum, through allOf, or an integer enum.
            if ctx.is_31 {
                json!({"oneOf": [{"const": 1, "description": name(u)?}, {"const": 2}]})
            } else {
                json!({"type": "integer", "enum": [1, 2, 3]})
            }
        }
    };
    ctx.depth -= 1;
    if u.ratio(1, 5)? {
        if ctx.is_31 {
            if let Some(Value::String(t)) = value.get("type").cloned() {
                value["type"] = json!([t, "null"]);
            }
        } else {
            value["nullable"] = json!(true);
        }
    }
    if u.ratio(1, 6)? {
        value["description"] = json!(format!("[{}](https://example.com) `code` <b>{}</b>", name(u)?, name(u)?));
    }
    Ok(value)
}

/// JSON Schema 2020-12 keywords (3.1) that a Rust type cannot state directly, or that name
/// schemas in other ways than components (issue 29): tuples, boolean schemas, `$id` resources
/// with `$defs` and anchors, `$dynamicRef` recursion, conditional and dependent properties,
/// `unevaluatedProperties`.
fn json_schema_2020(u: &mut Unstructured<'_>, ctx: &mut Ctx) -> Result<Value> {
    ctx.names_given += 1;
    let n = ctx.names_given;
    Ok(match u.int_in_range(0..=8u8)? {
        0 => {
            let rest = if u.ratio(1, 2)? { json!(false) } else { schema(u, ctx)? };
            json!({"type": "array", "prefixItems": [schema(u, ctx)?, schema(u, ctx)?], "items": rest})
        }
        1 => json!({"type": "array", "items": [schema(u, ctx)?, schema(u, ctx)?]}),
        2 => json!(u.ratio(1, 2)?),
        3 => {
            let defined = name(u)?;
            let token = defined.replace('~', "~0").replace('/', "~1");
            json!({
                "$id": format!("https://schemas.example.com/r{n}"),
                "type": "object",
                "$defs": {defined: schema(u, ctx)?, "Anchored": {"$anchor": format!("a{n}"), "type": "string"}},
                "properties": {
                    name(u)?: {"$ref": format!("#/$defs/{token}")},
                    name(u)?: {"$ref": format!("#a{n}")},
                    name(u)?: {"$ref": format!("r{n}#a{n}")}
                }
            })
        }
        4 => json!({
            "$dynamicAnchor": format!("node{n}"),
            "type": "object",
            "properties": {name(u)?: {"type": "array", "items": {"$dynamicRef": format!("#node{n}")}}, name(u)?: schema(u, ctx)?}
        }),
        5 => json!({
            "type": "object",
            "properties": {"k": {"type": "string"}},
            "dependentSchemas": {"k": {"properties": {name(u)?: schema(u, ctx)?}, "required": [name(u)?]}}
        }),
        6 => json!({
            "type": "object",
            "properties": {"kind": {"type": "string"}},
            "if": {"properties": {"kind": {"const": name(u)?}}},
            "then": {"properties": {name(u)?: schema(u, ctx)?}},
            "else": if u.ratio(1, 2)? { json!({"properties": {name(u)?: schema(u, ctx)?}}) } else { schema(u, ctx)? }
        }),
        7 => {
            json!({"type": "object", "properties": {name(u)?: schema(u, ctx)?}, "unevaluatedProperties": schema(u, ctx)?})
        }
        _ => {
            json!({"$anchor": format!("self{n}"), "type": "object", "properties": {name(u)?: {"$ref": format!("#self{n}")}}})
        }
    })
}

fn parameter(u: &mut Unstructured<'_>, ctx: &mut Ctx) -> Result<Value> {
    let location = *u.choose(&["query", "header", "cookie"])?;
    let styles: &[&str] = match location {
        "query" => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
        "header" => &["simple"],
        _ => &["form"],
    };
    let style = *u.choose(styles)?;
    let schema = match style {
        "deepObject" => json!({"type": "object", "properties": {"a": {"type": "string"}}}),
        "spaceDelimited" | "pipeDelimited" => json!({"type": "array", "items": {"type": "integer"}}),
        _ => schema(u, ctx)?,
    };
    Ok(json!({
        "name": name(u)?,
        "in": location,
        "required": u.ratio(1, 3)?,
        "style": style,
        "explode": u.ratio(1, 2)?,
        "schema": schema,
    }))
}

fn operation(u: &mut Unstructured<'_>, ctx: &mut Ctx) -> Result<Value> {
    let mut parameters = vec![json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string"}})];
    for _ in 0..u.int_in_range(0..=4usize)? {
        parameters.push(parameter(u, ctx)?);
    }
    let mut operation = json!({"parameters": parameters, "responses": {}});
    if u.ratio(2, 3)? {
        operation["operationId"] = json!(name(u)?);
    }
    if u.ratio(1, 2)? {
        let media =
            *u.choose(&["application/json", "application/x-www-form-urlencoded", "application/octet-stream"])?;
        let mut content = json!({ media: {"schema": schema(u, ctx)?} });
        if media == "application/x-www-form-urlencoded" {
            content[media]["schema"] = json!({"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}}, "meta": {"type": "object", "properties": {"k": {"type": "string"}}}}});
            content[media]["encoding"] =
                json!({"meta": {"style": "deepObject", "explode": true}, "tags": {"explode": false}});
        }
        operation["requestBody"] = json!({"required": u.ratio(1, 2)?, "content": content});
    }
    let mut responses = Map::new();
    for status in ["200", "201", "204", "400", "404", "default"].iter().take(u.int_in_range(1..=4usize)?) {
        let mut response = json!({"description": name(u)?});
        if *status != "204" && u.ratio(2, 3)? {
            response["content"] = json!({"application/json": {"schema": schema(u, ctx)?}});
        }
        responses.insert((*status).into(), response);
    }
    operation["responses"] = Value::Object(responses);
    if u.ratio(1, 4)? {
        operation["security"] = json!([]);
    }
    Ok(operation)
}
