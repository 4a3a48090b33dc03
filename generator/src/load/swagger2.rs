//! Swagger 2.0 → OpenAPI 3.0, on load: vendors still publish 2.0, and the rest of the pipeline
//! reads 3.0 only. The conversion follows the mapping both specifications document:
//!
//! | 2.0 | 3.0 |
//! |---|---|
//! | `host`, `basePath`, `schemes` | `servers` (one per scheme) |
//! | `definitions`, `parameters`, `responses`, `securityDefinitions` | `components.*` |
//! | `in: body` parameter | `requestBody`, one media type per `consumes` |
//! | `in: formData` parameters | one form `requestBody` (multipart when `consumes` says so or a part is a file) |
//! | `produces` + response `schema`/`examples` | response `content` |
//! | `collectionFormat` | `style`/`explode` |
//! | `type: file` | `type: string, format: binary` |
//! | `x-nullable: true` | `nullable: true` |
//! | `discriminator: name` | `discriminator: {propertyName: name}` |
//!
//! Diagnostics still point into the 2.0 document: [`original_pointer`] maps a converted
//! pointer back.

use crate::diagnostics::{escape_pointer_token, Error, Location, Warning};
use serde_json::{json, Map, Value};

/// Fetches what an external `$ref` in a parameter or response position names (2.0 form, as
/// written): `Ok(None)` when it cannot be read, which the conversion reports and skips.
pub type Fetch<'a> = dyn FnMut(&str, &str) -> Result<Option<Value>, Error> + 'a;

/// Converts one 2.0 document. `file` names it in warnings.
pub fn convert(doc: Value, file: &str, fetch: &mut Fetch<'_>, warnings: &mut Vec<Warning>) -> Result<Value, Error> {
    let Value::Object(doc) = doc else {
        return Err(Error::spec(Location::new(file, ""), "not a Swagger document: expected a mapping"));
    };
    let mut cx = Converter { doc: &doc, file, fetch, warnings };
    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.3"));
    for key in ["info", "tags", "externalDocs", "security"] {
        if let Some(value) = doc.get(key) {
            out.insert(key.into(), value.clone());
        }
    }
    for (key, value) in doc.iter().filter(|(k, _)| k.starts_with("x-")) {
        out.insert(key.clone(), value.clone());
    }
    out.insert("servers".into(), Value::Array(servers(&doc)));
    out.insert("paths".into(), Value::Object(cx.paths()?));
    out.insert("components".into(), Value::Object(cx.components()?));
    Ok(Value::Object(out))
}

/// A converted document's JSON pointer → the 2.0 document's, as near as the 2.0 form allows.
pub fn original_pointer(pointer: &str) -> String {
    for (new, old) in [
        ("#/components/schemas/", "#/definitions/"),
        ("#/components/parameters/", "#/parameters/"),
        ("#/components/requestBodies/", "#/parameters/"),
        ("#/components/responses/", "#/responses/"),
        ("#/components/securitySchemes/", "#/securityDefinitions/"),
    ] {
        if let Some(rest) = pointer.strip_prefix(new) {
            return original_pointer_inside(&format!("{old}{rest}"));
        }
    }
    original_pointer_inside(pointer)
}

/// Folds the 3.0-only levels back: `/requestBody…` → `/parameters`, `/content/<type>/schema` →
/// `/schema`, a parameter's `/schema` → the parameter.
fn original_pointer_inside(pointer: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut tokens = pointer.split('/').peekable();
    while let Some(token) = tokens.next() {
        match token {
            "requestBody" => {
                out.push("parameters");
                return out.join("/");
            }
            // A response's `content/<media type>` level (not a property named `content`).
            "content" if out.len() >= 2 && out[out.len() - 2] == "responses" => {
                tokens.next();
            }
            "schema" if out.len() >= 2 && out[out.len() - 2] == "parameters" => {}
            _ => out.push(token),
        }
    }
    out.join("/")
}

struct Converter<'a, 'f> {
    doc: &'a Map<String, Value>,
    file: &'a str,
    fetch: &'a mut Fetch<'f>,
    warnings: &'a mut Vec<Warning>,
}

fn servers(doc: &Map<String, Value>) -> Vec<Value> {
    let base_path = doc.get("basePath").and_then(Value::as_str).unwrap_or("");
    let Some(host) = doc.get("host").and_then(Value::as_str) else {
        return vec![json!({ "url": if base_path.is_empty() { "/" } else { base_path } })];
    };
    let schemes: Vec<&str> = doc
        .get("schemes")
        .and_then(Value::as_array)
        .map(|s| s.iter().filter_map(Value::as_str).collect())
        .filter(|s: &Vec<&str>| !s.is_empty())
        .unwrap_or_else(|| vec!["https"]);
    schemes.iter().map(|scheme| json!({ "url": format!("{scheme}://{host}{base_path}") })).collect()
}

fn str_list(value: Option<&Value>) -> Option<Vec<&str>> {
    value.and_then(Value::as_array).map(|items| items.iter().filter_map(Value::as_str).collect())
}

impl Converter<'_, '_> {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Warning { location: Location::new(self.file, pointer), message: message.into() });
    }

    fn media_types(&self, operation: &Map<String, Value>, key: &str) -> Vec<String> {
        let listed = str_list(operation.get(key)).or_else(|| str_list(self.doc.get(key))).unwrap_or_default();
        let listed: Vec<String> = listed.into_iter().map(str::to_owned).collect();
        if listed.is_empty() {
            vec!["application/json".to_owned()]
        } else {
            listed
        }
    }

    fn components(&mut self) -> Result<Map<String, Value>, Error> {
        let doc = self.doc;
        let mut components = Map::new();
        let mut schemas = Map::new();
        for (name, schema) in doc.get("definitions").and_then(Value::as_object).into_iter().flatten() {
            let at = format!("#/definitions/{}", escape_pointer_token(name));
            schemas.insert(name.clone(), self.schema(schema, &at));
        }
        components.insert("schemas".into(), Value::Object(schemas));
        let mut parameters = Map::new();
        for (name, parameter) in doc.get("parameters").and_then(Value::as_object).into_iter().flatten() {
            // Body and form parameters become part of each operation's request body instead.
            let location = parameter.get("in").and_then(Value::as_str);
            if !matches!(location, Some("body" | "formData")) {
                let at = format!("#/parameters/{}", escape_pointer_token(name));
                parameters.insert(name.clone(), self.parameter(parameter, &at));
            }
        }
        components.insert("parameters".into(), Value::Object(parameters));
        let mut responses = Map::new();
        let produces = self.media_types(&Map::new(), "produces");
        for (name, response) in doc.get("responses").and_then(Value::as_object).into_iter().flatten() {
            let at = format!("#/responses/{}", escape_pointer_token(name));
            responses.insert(name.clone(), self.response(response, &produces, &at)?);
        }
        components.insert("responses".into(), Value::Object(responses));
        let mut schemes = Map::new();
        for (name, scheme) in doc.get("securityDefinitions").and_then(Value::as_object).into_iter().flatten() {
            let at = format!("#/securityDefinitions/{}", escape_pointer_token(name));
            if let Some(converted) = self.security_scheme(scheme, &at) {
                schemes.insert(name.clone(), converted);
            }
        }
        components.insert("securitySchemes".into(), Value::Object(schemes));
        Ok(components)
    }

    fn security_scheme(&mut self, scheme: &Value, at: &str) -> Option<Value> {
        let mut out = Map::new();
        if let Some(description) = scheme.get("description") {
            out.insert("description".into(), description.clone());
        }
        match scheme.get("type").and_then(Value::as_str) {
            Some("basic") => {
                out.insert("type".into(), json!("http"));
                out.insert("scheme".into(), json!("basic"));
            }
            Some("apiKey") => {
                out.insert("type".into(), json!("apiKey"));
                out.insert("name".into(), scheme.get("name").cloned().unwrap_or(json!("")));
                out.insert("in".into(), scheme.get("in").cloned().unwrap_or(json!("header")));
            }
            Some("oauth2") => {
                let scopes = scheme.get("scopes").cloned().unwrap_or_else(|| json!({}));
                let mut flow = Map::new();
                for key in ["authorizationUrl", "tokenUrl"] {
                    if let Some(url) = scheme.get(key) {
                        flow.insert(key.into(), url.clone());
                    }
                }
                flow.insert("scopes".into(), scopes);
                let name = match scheme.get("flow").and_then(Value::as_str) {
                    Some("implicit") => "implicit",
                    Some("password") => "password",
                    Some("application") => "clientCredentials",
                    _ => "authorizationCode",
                };
                out.insert("type".into(), json!("oauth2"));
                out.insert("flows".into(), json!({ name: flow }));
            }
            other => {
                self.warn(at, format!("unknown security scheme type {other:?}; left out"));
                return None;
            }
        }
        Some(Value::Object(out))
    }

    fn paths(&mut self) -> Result<Map<String, Value>, Error> {
        let doc = self.doc;
        let mut paths = Map::new();
        for (path, item) in doc.get("paths").and_then(Value::as_object).into_iter().flatten() {
            let at = format!("#/paths/{}", escape_pointer_token(path));
            let Some(item) = item.as_object() else { continue };
            let shared = self.parameter_list(item.get("parameters"), &format!("{at}/parameters"))?;
            let mut out = Map::new();
            for (key, value) in item {
                match key.as_str() {
                    "get" | "put" | "post" | "delete" | "options" | "head" | "patch" => {
                        let Some(operation) = value.as_object() else { continue };
                        let at = format!("{at}/{key}");
                        out.insert(key.clone(), self.operation(operation, &shared, &at)?);
                    }
                    "parameters" => {}
                    "$ref" => {
                        self.warn(&at, "a path item `$ref` is not followed in Swagger 2.0 documents; path left out");
                    }
                    _ => {
                        out.insert(key.clone(), value.clone());
                    }
                }
            }
            paths.insert(path.clone(), Value::Object(out));
        }
        Ok(paths)
    }

    /// Parameters as written, with references to the document's own `parameters` or to other
    /// files resolved (body and form parameters must be seen to build a request body).
    fn parameter_list(&mut self, list: Option<&Value>, at: &str) -> Result<Vec<(Value, String)>, Error> {
        let mut out = Vec::new();
        for (index, parameter) in list.and_then(Value::as_array).into_iter().flatten().enumerate() {
            let at = format!("{at}/{index}");
            match parameter.get("$ref").and_then(Value::as_str) {
                Some(reference) => match self.resolve(reference, &at)? {
                    Some(resolved) => out.push((resolved, at)),
                    None => self.warn(&at, format!("unresolvable $ref `{reference}`; parameter left out")),
                },
                None => out.push((parameter.clone(), at)),
            }
        }
        Ok(out)
    }

    /// Resolves a parameter or response reference: `#/parameters/X`, `#/responses/X`, or a file.
    fn resolve(&mut self, reference: &str, at: &str) -> Result<Option<Value>, Error> {
        if let Some(pointer) = reference.strip_prefix('#') {
            return Ok(Value::Object(self.doc.clone()).pointer(pointer).cloned());
        }
        (self.fetch)(reference, at)
    }

    fn operation(
        &mut self,
        operation: &Map<String, Value>,
        shared: &[(Value, String)],
        at: &str,
    ) -> Result<Value, Error> {
        let mut out = Map::new();
        for (key, value) in operation {
            if !matches!(key.as_str(), "parameters" | "responses" | "consumes" | "produces" | "schemes") {
                out.insert(key.clone(), value.clone());
            }
        }
        let own = self.parameter_list(operation.get("parameters"), &format!("{at}/parameters"))?;
        // An operation's parameter overrides a path-level one with the same name and location.
        let key = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
        let mut all: Vec<(Value, String)> =
            shared.iter().filter(|(s, _)| !own.iter().any(|(o, _)| key(o) == key(s))).cloned().collect();
        all.extend(own);
        let mut parameters = Vec::new();
        let mut body = None;
        let mut form = Vec::new();
        for (parameter, pointer) in all {
            match parameter.get("in").and_then(Value::as_str) {
                Some("body") => body = Some((parameter, pointer)),
                Some("formData") => form.push((parameter, pointer)),
                _ => parameters.push(self.parameter(&parameter, &pointer)),
            }
        }
        if !parameters.is_empty() {
            out.insert("parameters".into(), Value::Array(parameters));
        }
        let consumes = self.media_types(operation, "consumes");
        if let Some((parameter, pointer)) = body {
            out.insert("requestBody".into(), self.body(&parameter, &consumes, &pointer));
        } else if !form.is_empty() {
            out.insert("requestBody".into(), self.form_body(&form, &consumes));
        }
        let produces = self.media_types(operation, "produces");
        let mut responses = Map::new();
        for (status, response) in operation.get("responses").and_then(Value::as_object).into_iter().flatten() {
            let at = format!("{at}/responses/{}", escape_pointer_token(status));
            let converted = match response.get("$ref").and_then(Value::as_str) {
                Some(reference) if reference.starts_with("#/responses/") => {
                    json!({ "$ref": format!("#/components/responses/{}", &reference["#/responses/".len()..]) })
                }
                Some(reference) => match self.resolve(reference, &at)? {
                    Some(resolved) => self.response(&resolved, &produces, &at)?,
                    None => {
                        self.warn(&at, format!("unresolvable $ref `{reference}`; response read without a body"));
                        json!({ "description": "" })
                    }
                },
                None => self.response(response, &produces, &at)?,
            };
            responses.insert(status.clone(), converted);
        }
        out.insert("responses".into(), Value::Object(responses));
        Ok(Value::Object(out))
    }

    fn body(&mut self, parameter: &Value, consumes: &[String], at: &str) -> Value {
        let schema = self.schema(parameter.get("schema").unwrap_or(&json!({})), &format!("{at}/schema"));
        let content: Map<String, Value> =
            consumes.iter().map(|media| (media.clone(), json!({ "schema": schema.clone() }))).collect();
        let mut out = Map::new();
        if let Some(description) = parameter.get("description") {
            out.insert("description".into(), description.clone());
        }
        out.insert("content".into(), Value::Object(content));
        out.insert("required".into(), parameter.get("required").cloned().unwrap_or(json!(false)));
        Value::Object(out)
    }

    fn form_body(&mut self, form: &[(Value, String)], consumes: &[String]) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut has_file = false;
        for (parameter, at) in form {
            let Some(name) = parameter.get("name").and_then(Value::as_str) else { continue };
            has_file |= parameter.get("type").and_then(Value::as_str) == Some("file");
            let mut schema = self.schema(&simple_schema(parameter), at);
            if let (Some(description), Value::Object(map)) = (parameter.get("description"), &mut schema) {
                map.insert("description".into(), description.clone());
            }
            properties.insert(name.to_owned(), schema);
            if parameter.get("required") == Some(&Value::Bool(true)) {
                required.push(json!(name));
            }
        }
        let multipart = has_file || consumes.iter().any(|m| m == "multipart/form-data");
        let media = if multipart { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
        let mut schema = json!({ "type": "object", "properties": properties });
        if !required.is_empty() {
            schema["required"] = Value::Array(required);
        }
        json!({ "content": { media: { "schema": schema } }, "required": true })
    }

    fn parameter(&mut self, parameter: &Value, at: &str) -> Value {
        if let Some(reference) = parameter.get("$ref").and_then(Value::as_str) {
            let converted = reference.replacen("#/parameters/", "#/components/parameters/", 1);
            return json!({ "$ref": converted });
        }
        let mut out = Map::new();
        for key in ["name", "in", "description", "required", "deprecated", "allowEmptyValue"] {
            if let Some(value) = parameter.get(key) {
                out.insert(key.into(), value.clone());
            }
        }
        let location = parameter.get("in").and_then(Value::as_str).unwrap_or("query");
        if location == "path" {
            out.insert("required".into(), json!(true));
        }
        let is_array = parameter.get("type").and_then(Value::as_str) == Some("array");
        if is_array {
            let format = parameter.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
            let (style, explode) = match (format, location) {
                ("multi", _) => ("form", true),
                ("ssv", "query") => ("spaceDelimited", false),
                ("pipes", "query") => ("pipeDelimited", false),
                (_, "query" | "cookie") => ("form", false),
                _ => ("simple", false),
            };
            if !matches!(format, "csv" | "multi" | "ssv" | "pipes") || (location != "query" && format != "csv") {
                self.warn(at, format!("collectionFormat `{format}` has no OpenAPI 3 style here; sent comma-separated"));
            }
            out.insert("style".into(), json!(style));
            out.insert("explode".into(), json!(explode));
        }
        out.insert("schema".into(), self.schema(&simple_schema(parameter), at));
        Value::Object(out)
    }

    fn response(&mut self, response: &Value, produces: &[String], at: &str) -> Result<Value, Error> {
        let mut out = Map::new();
        out.insert("description".into(), response.get("description").cloned().unwrap_or(json!("")));
        if let Some(schema) = response.get("schema") {
            let schema = self.schema(schema, &format!("{at}/schema"));
            let examples = response.get("examples").and_then(Value::as_object);
            let content: Map<String, Value> = produces
                .iter()
                .map(|media| {
                    let mut entry = json!({ "schema": schema.clone() });
                    if let Some(example) = examples.and_then(|e| e.get(media)) {
                        entry["example"] = example.clone();
                    }
                    (media.clone(), entry)
                })
                .collect();
            out.insert("content".into(), Value::Object(content));
        }
        if let Some(headers) = response.get("headers").and_then(Value::as_object) {
            let mut converted = Map::new();
            for (name, header) in headers {
                let header_at = format!("{at}/headers/{}", escape_pointer_token(name));
                let mut entry = Map::new();
                if let Some(description) = header.get("description") {
                    entry.insert("description".into(), description.clone());
                }
                entry.insert("schema".into(), self.schema(&simple_schema(header), &header_at));
                converted.insert(name.clone(), Value::Object(entry));
            }
            out.insert("headers".into(), Value::Object(converted));
        }
        Ok(Value::Object(out))
    }

    /// A 2.0 schema → its 3.0 form, recursively.
    fn schema(&mut self, schema: &Value, at: &str) -> Value {
        let Value::Object(map) = schema else { return schema.clone() };
        let mut out = Map::new();
        for (key, value) in map {
            let child_at = format!("{at}/{}", escape_pointer_token(key));
            let converted = match key.as_str() {
                "$ref" => match value.as_str() {
                    Some(reference) => json!(reference.replacen("#/definitions/", "#/components/schemas/", 1)),
                    None => value.clone(),
                },
                "properties" => Value::Object(
                    value
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(name, s)| {
                            (name.clone(), self.schema(s, &format!("{child_at}/{}", escape_pointer_token(name))))
                        })
                        .collect(),
                ),
                "items" | "additionalProperties" | "not" => self.schema(value, &child_at),
                "allOf" | "oneOf" | "anyOf" => Value::Array(
                    value
                        .as_array()
                        .into_iter()
                        .flatten()
                        .enumerate()
                        .map(|(index, s)| self.schema(s, &format!("{child_at}/{index}")))
                        .collect(),
                ),
                "x-nullable" => {
                    if value == &Value::Bool(true) {
                        out.insert("nullable".into(), json!(true));
                    }
                    continue;
                }
                "discriminator" => match value.as_str() {
                    Some(property) => json!({ "propertyName": property }),
                    None => value.clone(),
                },
                "type" => match value.as_str() {
                    Some("file") => {
                        out.insert("format".into(), json!("binary"));
                        json!("string")
                    }
                    Some("string" | "integer" | "number" | "boolean" | "array" | "object") => value.clone(),
                    Some("null") => {
                        out.insert("nullable".into(), json!(true));
                        continue;
                    }
                    // `type: [string, "null"]`, as in JSON Schema (not 2.0, but vendors write it).
                    None if value.as_array().is_some_and(|types| types.iter().all(Value::is_string)) => {
                        let types: Vec<&str> =
                            value.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
                        if types.contains(&"null") {
                            out.insert("nullable".into(), json!(true));
                        }
                        let rest: Vec<&str> = types.into_iter().filter(|t| *t != "null").collect();
                        match rest.as_slice() {
                            [] => continue,
                            [only] => json!(only),
                            several => {
                                let alternatives: Vec<Value> = several.iter().map(|t| json!({ "type": t })).collect();
                                out.insert("anyOf".into(), Value::Array(alternatives));
                                continue;
                            }
                        }
                    }
                    other => {
                        self.warn(
                            &child_at,
                            format!(
                                "`type: {}` is not a JSON Schema type; read as untyped",
                                other.map_or_else(|| value.to_string(), str::to_owned)
                            ),
                        );
                        continue;
                    }
                },
                _ => value.clone(),
            };
            out.insert(key.clone(), converted);
        }
        Value::Object(out)
    }
}

/// The schema part of a non-body parameter or header (2.0 writes `type`, `format`, `items`, …
/// on the parameter itself).
fn simple_schema(parameter: &Value) -> Value {
    const KEYS: &[&str] = &[
        "type",
        "format",
        "items",
        "enum",
        "default",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "uniqueItems",
        "multipleOf",
        "x-nullable",
    ];
    let mut schema = Map::new();
    for key in KEYS {
        if let Some(value) = parameter.get(*key) {
            let value = if *key == "items" { simple_schema(value) } else { value.clone() };
            schema.insert((*key).into(), value);
        }
    }
    Value::Object(schema)
}

/// The 2.0-only keywords of a schema in another file, made 3.0 in place (the walk visits every
/// schema object of such files).
pub fn normalize_schema(schema: &mut Map<String, Value>) {
    if schema.remove("x-nullable") == Some(Value::Bool(true)) {
        schema.insert("nullable".into(), json!(true));
    }
    if schema.get("type").and_then(Value::as_str) == Some("file") {
        schema.insert("type".into(), json!("string"));
        schema.insert("format".into(), json!("binary"));
    }
    if let Some(Value::String(property)) = schema.get("discriminator").cloned() {
        schema.insert("discriminator".into(), json!({ "propertyName": property }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_map_back_to_the_2_0_document() {
        assert_eq!(original_pointer("#/components/schemas/Pet/properties/id"), "#/definitions/Pet/properties/id");
        assert_eq!(
            original_pointer("#/paths/~1pets/post/requestBody/content/application~1json/schema"),
            "#/paths/~1pets/post/parameters"
        );
        assert_eq!(
            original_pointer("#/paths/~1pets/get/responses/200/content/application~1json/schema/items"),
            "#/paths/~1pets/get/responses/200/schema/items"
        );
        assert_eq!(original_pointer("#/paths/~1pets/get/parameters/1/schema"), "#/paths/~1pets/get/parameters/1");
    }

    #[test]
    fn a_small_document_converts() {
        let doc = json!({
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "host": "api.example.com", "basePath": "/v1", "schemes": ["https", "http"],
            "consumes": ["application/json"], "produces": ["application/json"],
            "paths": {"/pets/{id}": {
                "parameters": [{"name": "id", "in": "path", "type": "integer", "required": true}],
                "put": {
                    "parameters": [
                        {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"},
                        {"name": "pet", "in": "body", "required": true, "schema": {"$ref": "#/definitions/Pet"}}
                    ],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"},
                        "headers": {"X-Rate": {"type": "integer"}}}}
                },
                "post": {
                    "consumes": ["multipart/form-data"],
                    "parameters": [{"name": "photo", "in": "formData", "type": "file", "required": true}],
                    "responses": {"204": {"description": "stored"}}
                }
            }},
            "definitions": {"Pet": {"type": "object", "discriminator": "kind",
                "properties": {"kind": {"type": "string"}, "nick": {"type": "string", "x-nullable": true}}}},
            "securityDefinitions": {"key": {"type": "apiKey", "name": "api-key", "in": "query"},
                "oauth": {"type": "oauth2", "flow": "application", "tokenUrl": "https://example.com/token", "scopes": {}}}
        });
        let mut warnings = Vec::new();
        let out = convert(doc, "t.json", &mut |_, _| Ok(None), &mut warnings).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            out["servers"],
            json!([{"url": "https://api.example.com/v1"}, {"url": "http://api.example.com/v1"}])
        );
        let put = &out["paths"]["/pets/{id}"]["put"];
        assert_eq!(put["parameters"][0]["name"], "id");
        assert_eq!(put["parameters"][0]["schema"], json!({"type": "integer"}));
        assert_eq!(put["parameters"][1]["style"], "form");
        assert_eq!(put["parameters"][1]["explode"], true);
        assert_eq!(put["requestBody"]["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/Pet");
        assert_eq!(put["responses"]["200"]["headers"]["X-Rate"]["schema"], json!({"type": "integer"}));
        let post = &out["paths"]["/pets/{id}"]["post"];
        let form = &post["requestBody"]["content"]["multipart/form-data"]["schema"];
        assert_eq!(form["properties"]["photo"], json!({"type": "string", "format": "binary"}));
        assert_eq!(form["required"], json!(["photo"]));
        let pet = &out["components"]["schemas"]["Pet"];
        assert_eq!(pet["discriminator"], json!({"propertyName": "kind"}));
        assert_eq!(pet["properties"]["nick"], json!({"type": "string", "nullable": true}));
        assert_eq!(
            out["components"]["securitySchemes"]["oauth"]["flows"]["clientCredentials"]["tokenUrl"],
            "https://example.com/token"
        );
    }
}
