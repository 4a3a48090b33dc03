//! What the loader does with the mistakes real vendor documents make, so that one bad reference
//! or one `null` does not cost the whole client: each repair is a stand-in value plus a located
//! warning (turned into an error by `--deny-warnings`).

use crate::diagnostics::{escape_pointer_token, Location, Warning};
use serde_json::{Map, Value};

/// The component section an object at `pointer` belongs to, judged by where it stands
/// (`…/requestBody` → `requestBodies`, `…/responses/200` → `responses`, …). `in_schema` is true
/// when the walk is inside a schema. `None`: the position does not say.
pub fn expected_section(pointer: &str, in_schema: bool) -> Option<&'static str> {
    if in_schema {
        return Some("schemas");
    }
    let mut tokens = pointer.rsplit('/');
    let last = tokens.next()?;
    let parent = tokens.next().unwrap_or_default();
    // The parent first: in a map of names (`headers/schema`), the last token is only a name.
    Some(match (parent, last) {
        ("responses", _) => "responses",
        ("parameters", _) => "parameters",
        ("headers", _) => "headers",
        ("examples", _) => "examples",
        ("links", _) => "links",
        ("callbacks", _) => "callbacks",
        ("requestBodies", _) => "requestBodies",
        ("schemas", _) => "schemas",
        (_, "requestBody") => "requestBodies",
        (_, "schema") => "schemas",
        _ => return None,
    })
}

/// The extension marking a schema that stands in for one the spec names but does not define.
pub const UNTYPED: &str = "x-clientgen-untyped";

/// What stands in for an object of `section` that a reference names but nobody defined: untyped
/// where a type is needed, nothing where the object is optional (`None`: remove it).
pub fn stand_in(section: Option<&str>, reference: &str) -> Option<Value> {
    let note = format!("Untyped: the spec refers to `{reference}`, which it does not define.");
    let untyped_json = || {
        let mut media = Map::new();
        media.insert("schema".into(), Value::Object(Map::new()));
        let mut content = Map::new();
        content.insert("application/json".into(), Value::Object(media));
        content
    };
    let mut object = Map::new();
    match section {
        Some("schemas") | None => {
            object.insert("description".into(), Value::String(note));
            // Lowering keeps every value such a part allows (an `allOf` of it keeps undeclared
            // properties): nothing says which ones the spec meant.
            object.insert(UNTYPED.into(), Value::Bool(true));
        }
        Some("requestBodies") => {
            object.insert("description".into(), Value::String(note));
            object.insert("content".into(), Value::Object(untyped_json()));
        }
        Some("responses") => {
            object.insert("description".into(), Value::String(note));
            object.insert("content".into(), Value::Object(untyped_json()));
        }
        Some("headers") => {
            object.insert("description".into(), Value::String(note));
            object.insert("schema".into(), Value::Object(Map::new()));
        }
        // A parameter without a name, or an example, link or callback, cannot be made up.
        Some(_) => return None,
    }
    Some(Value::Object(object))
}

/// Reads an object of component kind `from` where one of kind `to` belongs (the JSON pointer
/// resolved, the kind did not): keeps what both kinds share. `None` when they share too little.
pub fn adapt_kind(value: Value, from: &str, to: &str) -> Option<Value> {
    let Value::Object(mut map) = value else { return None };
    match (from, to) {
        ("requestBodies", "responses") => {
            map.remove("required");
            map.entry("description").or_insert_with(|| Value::String(String::new()));
        }
        ("responses", "requestBodies") => {
            map.remove("headers");
            map.remove("links");
            if !map.contains_key("content") {
                return None;
            }
        }
        ("parameters", "headers") => {
            map.remove("name");
            map.remove("in");
        }
        ("schemas", "requestBodies") | ("schemas", "responses") => {
            let mut media = Map::new();
            media.insert("schema".into(), Value::Object(map));
            let mut content = Map::new();
            content.insert("application/json".into(), Value::Object(media));
            let mut wrapped = Map::new();
            wrapped.insert("description".into(), Value::String(String::new()));
            wrapped.insert("content".into(), Value::Object(content));
            return Some(Value::Object(wrapped));
        }
        _ => return None,
    }
    Some(Value::Object(map))
}

/// Removes the placeholders `stand_in` left (`null` where a parameter, example, link or callback
/// was): nulls in `parameters` lists and in `examples`/`links`/`callbacks` maps.
pub fn drop_placeholders(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match (key.as_str(), &mut *child) {
                    ("parameters", Value::Array(items)) => items.retain(|v| !v.is_null()),
                    ("examples" | "links" | "callbacks", Value::Object(entries)) => entries.retain(|_, v| !v.is_null()),
                    _ => {}
                }
                if !matches!(key.as_str(), "example" | "examples" | "default" | "enum" | "const") {
                    drop_placeholders(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(drop_placeholders),
        _ => {}
    }
}

/// Keys whose value is a list in OpenAPI; `null` there is read as an empty list.
const LIST_KEYS: &[&str] = &["security", "tags", "servers", "parameters", "required"];

/// Repairs values of the wrong JSON type, with a warning for each: `null` where a list belongs
/// (`security: [{oauth2: null}]`, `required: null`) is read as an empty list; a number written
/// as a string (`minimum: "1851"`) as the number. Example data, defaults and enum values are data, where
/// `null` means null, so they are not touched; nor are the names in a `properties` map.
pub fn repair_values(value: &mut Value, file: &str, pointer: &mut String, warnings: &mut Vec<Warning>) {
    match value {
        Value::Object(map) => {
            let names_only = pointer.ends_with("/properties");
            for (key, child) in map.iter_mut() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(key));
                if !names_only && NUMBER_KEYS.contains(&key.as_str()) {
                    number_keyword(child, file, pointer, warnings);
                }
                if !names_only && LIST_KEYS.contains(&key.as_str()) {
                    if child.is_null() {
                        *child = Value::Array(Vec::new());
                        warn_null(file, pointer, warnings);
                    } else if key == "security" {
                        null_scopes(child, file, pointer, warnings);
                    }
                }
                if !matches!(key.as_str(), "example" | "examples" | "default" | "enum" | "const")
                    && !key.starts_with("x-")
                {
                    repair_values(child, file, pointer, warnings);
                }
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&index.to_string());
                repair_values(item, file, pointer, warnings);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Schema keywords whose value is a number.
const NUMBER_KEYS: &[&str] = &[
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "multipleOf",
];

/// `minimum: "1851"`: a number written as a string is read as the number; one that is not a
/// number at all is dropped. Either way with a warning.
fn number_keyword(value: &mut Value, file: &str, pointer: &str, warnings: &mut Vec<Warning>) {
    let Value::String(text) = value else { return };
    let parsed = text
        .trim()
        .parse::<i64>()
        .map(Value::from)
        .ok()
        .or_else(|| text.trim().parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number));
    let message = match parsed {
        Some(number) => {
            let message = format!("number written as the string {value}; read as {number}");
            *value = number;
            message
        }
        None => {
            let message = format!("{value} is not a number; the constraint is ignored");
            *value = Value::Null;
            message
        }
    };
    warnings.push(Warning { location: Location::new(file, pointer), message });
}

/// `security: [{scheme: null}]`: the scopes of a requirement are a list.
fn null_scopes(requirements: &mut Value, file: &str, pointer: &mut String, warnings: &mut Vec<Warning>) {
    let Value::Array(requirements) = requirements else { return };
    for (index, requirement) in requirements.iter_mut().enumerate() {
        let Value::Object(schemes) = requirement else { continue };
        for (scheme, scopes) in schemes.iter_mut() {
            if scopes.is_null() {
                *scopes = Value::Array(Vec::new());
                let at = format!("{pointer}/{index}/{}", escape_pointer_token(scheme));
                warn_null(file, &at, warnings);
            }
        }
    }
}

fn warn_null(file: &str, pointer: &str, warnings: &mut Vec<Warning>) {
    warnings.push(Warning {
        location: Location::new(file, pointer),
        message: "`null` where a list belongs; read as an empty list".into(),
    });
}

/// Whether a referenced file is text for a description (Redocly's `description: {$ref: x.md}`)
/// rather than a YAML or JSON document.
pub fn is_text_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".md", ".markdown", ".txt", ".html", ".htm"].iter().any(|ext| lower.ends_with(ext))
}

/// Tuples: `items` written as a list (draft 4's positional form) or 3.1's `prefixItems` say
/// which schema each position has, which a Rust list cannot: the list's items become any of the
/// positions' schemas (`anyOf`, one alternative when they are all the same), and the rest's
/// schema (`items` beside `prefixItems`) when more are allowed (`items: false` allows none).
/// Returns the warning to give, or `None` when the schema has no tuple.
pub fn tuple_items(schema: &mut Map<String, Value>) -> Option<String> {
    let (positions, rest, keyword) = match (schema.remove("prefixItems"), schema.get("items")) {
        (Some(Value::Array(positions)), _) => {
            let rest = schema.remove("items").filter(|items| items != &Value::Bool(false));
            (positions, rest, "prefixItems")
        }
        (Some(other), _) => {
            schema.insert("prefixItems".into(), other);
            return None;
        }
        (None, Some(Value::Array(_))) => match schema.remove("items") {
            Some(Value::Array(positions)) => {
                let rest = schema.remove("additionalItems").filter(|items| items != &Value::Bool(false));
                (positions, rest, "items")
            }
            _ => return None,
        },
        (None, _) => return None,
    };
    let mut alternatives: Vec<Value> = Vec::new();
    for schema in positions.into_iter().chain(rest) {
        let schema = if schema == Value::Bool(true) { Value::Object(Map::new()) } else { schema };
        if !alternatives.contains(&schema) {
            alternatives.push(schema);
        }
    }
    let items = match alternatives.len() {
        0 => Value::Object(Map::new()),
        1 => alternatives.remove(0),
        _ => {
            let mut any = Map::new();
            any.insert("anyOf".into(), Value::Array(alternatives));
            Value::Object(any)
        }
    };
    schema.insert("items".into(), items);
    schema.entry("type").or_insert_with(|| Value::String("array".into()));
    Some(format!(
        "a tuple (`{keyword}` with a schema per position): read as a list whose items may be any of the positions' schemas"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_tell_the_kind() {
        assert_eq!(expected_section("#/paths/~1a/get/requestBody", false), Some("requestBodies"));
        assert_eq!(expected_section("#/paths/~1a/get/responses/200", false), Some("responses"));
        assert_eq!(expected_section("#/paths/~1a/get/parameters/0", false), Some("parameters"));
        assert_eq!(expected_section("#/components/responses/NotFound", false), Some("responses"));
        assert_eq!(expected_section("#/paths/~1a/get/responses/200/headers/X-Rate", false), Some("headers"));
        assert_eq!(expected_section("#/paths/~1a/get/description", false), None);
        assert_eq!(expected_section("#/anything", true), Some("schemas"));
        assert_eq!(expected_section("#/paths/~1a/get/responses/200/headers/schema", false), Some("headers"));
        assert_eq!(expected_section("#/paths/~1a/get/parameters/0/schema", false), Some("schemas"));
    }

    #[test]
    fn repair_values_are_read_as_empty_but_data_is_kept() {
        let mut doc = serde_json::json!({
            "security": [{"oauth2": null}],
            "paths": {"/a": {"get": {"tags": null, "parameters": null,
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "object", "required": null,
                        "properties": {"tags": {"type": "string"}, "required": {"type": "string"}}},
                    "example": {"tags": null}}}}}}}}
        });
        let mut warnings = Vec::new();
        repair_values(&mut doc, "a.yaml", &mut String::from("#"), &mut warnings);
        assert_eq!(doc["security"][0]["oauth2"], serde_json::json!([]));
        assert_eq!(doc["paths"]["/a"]["get"]["tags"], serde_json::json!([]));
        let media = &doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["schema"]["required"], serde_json::json!([]));
        assert_eq!(media["example"]["tags"], Value::Null, "example data is data");
        assert_eq!(media["schema"]["properties"]["tags"]["type"], "string", "property names are names");
        let pointers: Vec<&str> = warnings.iter().map(|w| w.location.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/security/0/oauth2",
                "#/paths/~1a/get/tags",
                "#/paths/~1a/get/parameters",
                "#/paths/~1a/get/responses/200/content/application~1json/schema/required"
            ]
        );
    }

    #[test]
    fn stand_ins_by_kind() {
        assert!(stand_in(Some("schemas"), "#/components/schemas/X").unwrap()["description"]
            .as_str()
            .unwrap()
            .contains("#/components/schemas/X"));
        assert!(stand_in(Some("responses"), "r").unwrap()["content"]["application/json"]["schema"].is_object());
        assert_eq!(stand_in(Some("parameters"), "p"), None);
    }
}
