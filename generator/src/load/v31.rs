//! Rewrites OpenAPI 3.1 (JSON Schema 2020-12) schema keywords into their OpenAPI 3.0 forms, so
//! that one lowering handles both. Applied to each schema object before its children are walked.

use serde_json::{Map, Value};

/// Normalises one schema object in place.
pub fn normalize_schema(schema: &mut Map<String, Value>) {
    // `type: [T, "null"]` → `type: T, nullable: true`; several non-null types → `anyOf`.
    if let Some(Value::Array(types)) = schema.get("type").cloned() {
        let nullable = types.iter().any(|t| t == "null");
        let rest: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
        schema.remove("type");
        match rest.len() {
            0 => {}
            1 => {
                schema.insert("type".into(), rest[0].clone());
            }
            _ => {
                let alternatives = rest.into_iter().map(|t| single("type", t)).collect();
                schema.insert("anyOf".into(), Value::Array(alternatives));
            }
        }
        if nullable {
            schema.insert("nullable".into(), Value::Bool(true));
        }
    } else if schema.get("type") == Some(&Value::String("null".into())) {
        schema.remove("type");
        schema.insert("nullable".into(), Value::Bool(true));
    }
    // `oneOf`/`anyOf` with a `{type: null}` member → nullable.
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = schema.get_mut(key) {
            let before = members.len();
            members.retain(|m| !is_null_schema(m));
            if members.len() != before {
                let only = (members.len() == 1).then(|| members[0].clone());
                schema.insert("nullable".into(), Value::Bool(true));
                if let Some(only) = only {
                    // What the one non-null branch says about the value is the property's doc.
                    if let Some(description) = only.get("description").filter(|d| d.is_string()) {
                        schema.entry("description").or_insert_with(|| description.clone());
                    }
                    schema.remove(key);
                    schema.insert("allOf".into(), Value::Array(vec![only]));
                }
            }
        }
    }
    collapse_const_alternatives(schema);
    if let Some(value) = schema.remove("const") {
        schema.insert("enum".into(), Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = schema.remove("examples") {
        if let Some(first) = examples.into_iter().next() {
            schema.entry("example").or_insert(first);
        }
    }
    for (exclusive, inclusive) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(bound) = schema.get(exclusive).filter(|v| v.is_number()).cloned() {
            schema.insert(inclusive.into(), bound);
            schema.insert(exclusive.into(), Value::Bool(true));
        }
    }
    // `$ref` with siblings: 3.0 ignores the siblings; keep the reference's meaning by wrapping it.
    if schema.len() > 1 && schema.contains_key("$ref") {
        if let Some(reference) = schema.remove("$ref") {
            schema.insert("allOf".into(), Value::Array(vec![single("$ref", reference)]));
        }
    }
    // 3.1 writes binary content as `contentMediaType` (3.0: `format: binary`) and base64 text
    // as `contentEncoding: base64` (3.0: `format: byte`).
    if !schema.contains_key("format") && matches!(schema.get("type"), None | Some(Value::String(_))) {
        let format = match (schema.get("contentEncoding"), schema.get("contentMediaType")) {
            (Some(Value::String(encoding)), _) if encoding.eq_ignore_ascii_case("base64") => Some("byte"),
            (None, Some(Value::String(_))) => Some("binary"),
            _ => None,
        };
        if let Some(format) = format {
            schema.insert("type".into(), Value::String("string".into()));
            schema.insert("format".into(), Value::String(format.into()));
        }
    }
    // Properties no subschema evaluates: where nothing says otherwise, what additional
    // properties are (`false` or `true` add nothing a client needs).
    if let Some(unevaluated) = schema.remove("unevaluatedProperties").filter(Value::is_object) {
        schema.entry("additionalProperties").or_insert(unevaluated);
    }
    // Keywords 3.0 has no use for.
    for key in ["$schema", "$id", "$anchor", "$dynamicAnchor", "$comment", "contentMediaType", "contentEncoding"] {
        schema.remove(key);
    }
}

/// `if`/`then`/`else` and `dependentSchemas` only constrain a value. A property that `then`,
/// `else` or a dependent schema declares is present only sometimes, and typed only when its
/// condition holds (otherwise any value is valid): each becomes an optional property of the
/// schema itself, typed where `then` and `else` both declare it the same way, untyped (its
/// description kept) elsewhere, so no value they allow is dropped. The conditions are then
/// dropped. Applied once the parts are walked; `declared` gives the properties a part declares,
/// through its references and compositions. Returns, per part that made properties untyped,
/// its key and which.
pub fn fold_conditionals(
    schema: &mut Map<String, Value>,
    declared: impl Fn(&Value) -> Map<String, Value>,
) -> Vec<(String, String)> {
    if !["if", "then", "else", "dependentSchemas"].iter().any(|key| schema.contains_key(*key)) {
        return Vec::new();
    }
    let then_else = ["then", "else"].map(|key| schema.remove(key));
    schema.remove("if");
    let mut parts: Vec<(String, Value)> = Vec::new();
    for (key, part) in ["then", "else"].into_iter().zip(then_else.clone()) {
        parts.extend(part.map(|part| (key.to_owned(), part)));
    }
    if let Some(Value::Object(dependent)) = schema.remove("dependentSchemas") {
        let escape = crate::diagnostics::escape_pointer_token;
        parts.extend(dependent.into_iter().map(|(name, part)| (format!("dependentSchemas/{}", escape(&name)), part)));
    }
    let inline = |part: &Option<Value>, name: &str| part.as_ref().and_then(|p| p.get("properties")?.get(name)).cloned();
    let own: Vec<String> =
        schema.get("properties").and_then(Value::as_object).map(|p| p.keys().cloned().collect()).unwrap_or_default();
    let mut added: Map<String, Value> = Map::new();
    let mut notes = Vec::new();
    for (key, part) in parts {
        let mut untyped = Vec::new();
        for (name, property) in declared(&part) {
            if own.contains(&name) || added.contains_key(&name) {
                continue;
            }
            let [then, otherwise] = then_else.each_ref().map(|part| inline(part, &name));
            let read = if key == "then" && then.is_some() && then == otherwise {
                property
            } else {
                untyped.push(format!("`{name}`"));
                let mut any = Map::new();
                if let Some(description) = property.get("description") {
                    any.insert("description".into(), description.clone());
                }
                Value::Object(any)
            };
            added.insert(name, read);
        }
        if !untyped.is_empty() {
            let which = untyped.join(", ");
            notes.push((
                key,
                format!("{which}: typed only when the condition holds (any value otherwise); read as untyped JSON"),
            ));
        }
    }
    if !added.is_empty() {
        if let Value::Object(own) = schema.entry("properties").or_insert_with(|| Value::Object(Map::new())) {
            for (name, property) in added {
                own.entry(name).or_insert(property);
            }
        }
    }
    notes
}

/// The 3.1 way to write an enum with documented values, `oneOf: [{const: 1, description: …}, …]`,
/// becomes `enum: [1, …]` with the `type` the values share, and the values' descriptions listed in
/// the schema's own description.
fn collapse_const_alternatives(schema: &mut Map<String, Value>) {
    const ANNOTATIONS: &[&str] = &["const", "title", "description", "type", "deprecated"];
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = schema.get(key) else { continue };
        let all_const = !members.is_empty()
            && members.iter().all(|m| {
                m.as_object()
                    .is_some_and(|m| m.contains_key("const") && m.keys().all(|k| ANNOTATIONS.contains(&k.as_str())))
            });
        if !all_const {
            continue;
        }
        let Some(Value::Array(members)) = schema.remove(key) else { continue };
        let mut values = Vec::new();
        let mut notes = Vec::new();
        for member in &members {
            let value = member["const"].clone();
            let note = member.get("description").or_else(|| member.get("title")).and_then(Value::as_str);
            if let Some(note) = note {
                notes.push(format!("- `{value}`: {note}"));
            }
            values.push(value);
        }
        let shared_type = json_type_of(&values);
        if let (Some(shared), false) = (shared_type, schema.contains_key("type")) {
            schema.insert("type".into(), Value::String(shared.into()));
        }
        if !notes.is_empty() {
            let text = match schema.get("description").and_then(Value::as_str) {
                Some(own) => format!("{own}\n\n{}", notes.join("\n")),
                None => notes.join("\n"),
            };
            schema.insert("description".into(), Value::String(text));
        }
        schema.insert("enum".into(), Value::Array(values));
        return;
    }
}

/// The JSON Schema type every value has, if they share one (integers count as integers).
fn json_type_of(values: &[Value]) -> Option<&'static str> {
    let of = |v: &Value| match v {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        _ => None,
    };
    let first = of(values.first()?)?;
    if values.iter().all(|v| of(v) == Some(first)) {
        return Some(first);
    }
    values.iter().all(|v| matches!(of(v), Some("integer" | "number"))).then_some("number")
}

fn single(key: &str, value: Value) -> Value {
    let mut map = Map::new();
    map.insert(key.into(), value);
    Value::Object(map)
}

fn is_null_schema(value: &Value) -> bool {
    matches!(value, Value::Object(m) if m.len() == 1 && m.get("type") == Some(&Value::String("null".into())))
}
