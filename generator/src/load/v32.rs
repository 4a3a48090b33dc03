//! OpenAPI 3.2 documents in the shape the rest of the loader reads (3.1's, then 3.0's):
//!
//! - `query` operations and `additionalOperations` (`LINK`, …) move to the path item's
//!   `x-clientgen-methods` map (method name → operation), which lowering reads as methods;
//! - an `in: querystring` parameter whose content is a form (`application/x-www-form-urlencoded`)
//!   is the query string of its object: a `form`/`explode` query parameter of that schema; one of
//!   another media type is left out, with a warning;
//! - a sequential media type's `itemSchema`: for `text/event-stream`, the JSON schema of each
//!   event's `data` (its `contentSchema`) becomes the media type's schema (events typed by it);
//!   for JSON Lines / NDJSON and JSON text sequences, the schema becomes a list of `itemSchema`,
//!   whose items are the records the client decodes one by one, and likewise for the parts of a
//!   `multipart/mixed` response; other sequential types (and `multipart/mixed` request bodies)
//!   stay untyped bytes, with a warning;
//! - nested tags' `parent`, `kind` and `summary` are kept as `x-parent`, `x-kind`, `x-summary`;
//! - a security scheme's `deprecated: true` becomes a sentence of its description (which
//!   documents the builder method that sets its credential);
//! - `$self`, the document's own URI: references to URIs under its folder are read from the
//!   files beside the document (the loader maps that prefix before this runs; see
//!   [`self_base`]); a `$self` that is not an absolute http(s) URI is dropped with a warning.

use crate::diagnostics::{escape_pointer_token, Location, Warning};
use serde_json::{Map, Value};

/// The methods a path item names with fixed fields (not allowed in `additionalOperations`).
const FIXED: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

/// The extension holding 3.2's other methods, by name.
pub const METHODS_EXTENSION: &str = "x-clientgen-methods";

/// The folder of a `$self` URI (`https://api.example.com/v1/` for
/// `https://api.example.com/v1/openapi.yaml`), the prefix of the references it makes local; `None`
/// when `$self` is not an absolute http(s) URI.
pub fn self_base(own: &str) -> Option<String> {
    let own = own.split(['#', '?']).next()?;
    let scheme = if own.starts_with("https://") {
        "https://".len()
    } else {
        own.strip_prefix("http://").map(|_| "http://".len())?
    };
    let rest = &own[scheme..];
    if rest.is_empty() || rest.starts_with('/') {
        return None; // no host
    }
    Some(match rest.rfind('/') {
        Some(slash) => own[..scheme + slash + 1].to_owned(),
        None => format!("{own}/"),
    })
}

/// Rewrites a 3.2 document in place.
pub fn normalize(root: &mut Value, file: &str, warnings: &mut Vec<Warning>) {
    let mut warn =
        |pointer: String, message: String| warnings.push(Warning { location: Location::new(file, pointer), message });
    let Some(map) = root.as_object_mut() else { return };
    map.insert("openapi".into(), Value::String("3.1.1".into()));
    if let Some(own) = map.remove("$self") {
        if own.as_str().and_then(self_base).is_none() {
            let message = "`$self` is not an absolute http(s) URI: references resolve against the file's own location";
            warn("#/$self".into(), message.into());
        }
    }
    if let Some(Value::Array(tags)) = map.get_mut("tags") {
        for tag in tags.iter_mut().filter_map(Value::as_object_mut) {
            for key in ["parent", "kind", "summary"] {
                if let Some(value) = tag.remove(key) {
                    tag.insert(format!("x-{key}"), value);
                }
            }
        }
    }
    deprecated_schemes(map);
    if let Some(Value::Object(paths)) = map.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            if let Value::Object(item) = item {
                path_item(item, &format!("#/paths/{}", escape_pointer_token(path)), &mut warn);
            }
        }
    }
    sequential_media(root, &mut String::from("#"), &mut warn);
}

/// Where an OAuth 2.0 scheme's `deviceAuthorization` flow is kept for lowering (the openapiv3
/// model has no such flow and would drop it).
pub const DEVICE_FLOW_EXTENSION: &str = "x-clientgen-device-authorization";

/// A security scheme marked `deprecated: true` says so in its description, which documents the
/// builder method that sets its credential. The device authorization flow moves to
/// [`DEVICE_FLOW_EXTENSION`].
fn deprecated_schemes(map: &mut Map<String, Value>) {
    let schemes = map.get_mut("components").and_then(|c| c.get_mut("securitySchemes"));
    let Some(Value::Object(schemes)) = schemes else { return };
    for scheme in schemes.values_mut().filter_map(Value::as_object_mut) {
        if let Some(Value::Object(flows)) = scheme.get_mut("flows") {
            if let Some(device) = flows.remove("deviceAuthorization") {
                flows.insert(DEVICE_FLOW_EXTENSION.into(), device);
            }
        }
        if scheme.remove("deprecated") != Some(Value::Bool(true)) {
            continue;
        }
        let note = "Deprecated by the API: prefer another way to authenticate where the operation allows one.";
        let description = match scheme.get("description").and_then(Value::as_str) {
            Some(text) if !text.trim().is_empty() => format!("{}\n\n{note}", text.trim_end()),
            _ => note.to_owned(),
        };
        scheme.insert("description".into(), Value::String(description));
    }
}

fn path_item(item: &mut Map<String, Value>, at: &str, warn: &mut impl FnMut(String, String)) {
    let mut methods = Map::new();
    if let Some(query) = item.remove("query") {
        methods.insert("QUERY".into(), query);
    }
    if let Some(Value::Object(additional)) = item.remove("additionalOperations") {
        for (name, operation) in additional {
            let token =
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            if !token || FIXED.contains(&name.to_ascii_lowercase().as_str()) {
                warn(
                    format!("{at}/additionalOperations/{}", escape_pointer_token(&name)),
                    format!("`{name}` is not a method additionalOperations can name (an HTTP token other than the fixed fields); skipped"),
                );
                continue;
            }
            methods.insert(name, operation);
        }
    }
    querystring(item, at, warn);
    for (name, operation) in methods.iter_mut() {
        if let Value::Object(operation) = operation {
            querystring(operation, &format!("{at}/{}", method_pointer(name)), warn);
        }
    }
    for method in FIXED {
        if let Some(Value::Object(operation)) = item.get_mut(*method) {
            querystring(operation, &format!("{at}/{method}"), warn);
        }
    }
    if !methods.is_empty() {
        item.insert(METHODS_EXTENSION.into(), Value::Object(methods));
    }
}

/// Where a method moved to `x-clientgen-methods` was written: `query`, or its
/// `additionalOperations` entry.
pub fn method_pointer(name: &str) -> String {
    if name == "QUERY" {
        "query".to_owned()
    } else {
        format!("additionalOperations/{}", escape_pointer_token(name))
    }
}

/// `in: querystring` parameters of an operation or path item.
fn querystring(holder: &mut Map<String, Value>, at: &str, warn: &mut impl FnMut(String, String)) {
    let Some(Value::Array(parameters)) = holder.get_mut("parameters") else { return };
    let mut index = 0;
    parameters.retain_mut(|parameter| {
        let here = format!("{at}/parameters/{index}");
        index += 1;
        if parameter.get("in").and_then(Value::as_str) != Some("querystring") {
            return true;
        }
        let form = parameter.get("content").and_then(Value::as_object).and_then(|content| {
            content.iter().find(|(media, _)| media.starts_with("application/x-www-form-urlencoded"))
        });
        match form.and_then(|(_, media)| media.get("schema")).cloned() {
            Some(schema) => {
                let Some(p) = parameter.as_object_mut() else { return false };
                p.remove("content");
                p.insert("in".into(), "query".into());
                p.insert("schema".into(), schema);
                p.insert("style".into(), "form".into());
                p.insert("explode".into(), true.into());
                true
            }
            None => {
                warn(
                    here,
                    "an `in: querystring` parameter whose content is not a form is not supported; left out".into(),
                );
                false
            }
        }
    });
}

/// `itemSchema` of sequential media types, wherever a `content` map is.
fn sequential_media(value: &mut Value, at: &mut String, warn: &mut impl FnMut(String, String)) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(content)) = map.get_mut("content") {
                for (media, object) in content.iter_mut() {
                    let Value::Object(object) = object else { continue };
                    let Some(item) = object.remove("itemSchema") else { continue };
                    let here = format!("{at}/content/{}/itemSchema", escape_pointer_token(media));
                    let essence = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
                    if essence == "text/event-stream" {
                        let data = item.pointer("/properties/data");
                        match data.and_then(|d| d.get("contentSchema")) {
                            Some(schema) => {
                                object.insert("schema".into(), schema.clone());
                            }
                            None => {
                                object.insert("schema".into(), serde_json::json!({"type": "string"}));
                            }
                        }
                    } else if crate::lower::operation::line_framing(&essence).is_some()
                        || (essence == "multipart/mixed" && here.contains("/responses/"))
                    {
                        // JSON records or the parts of a multipart body: a list of them, whose items
                        // the client decodes one by one (`lower::operation::lower_records`), even
                        // when a record is a list.
                        object.insert("schema".into(), serde_json::json!({"type": "array", "items": item}));
                    } else {
                        warn(
                            here,
                            format!("`{media}` items (`itemSchema`) are not typed yet: the body is read as bytes"),
                        );
                    }
                }
            }
            for (key, child) in map.iter_mut() {
                if matches!(key.as_str(), "example" | "examples") {
                    continue;
                }
                let len = at.len();
                at.push('/');
                at.push_str(&escape_pointer_token(key));
                sequential_media(child, at, warn);
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{index}"));
                sequential_media(child, at, warn);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod self_tests {
    use super::self_base;

    #[test]
    fn self_names_the_folder_of_its_references() {
        assert_eq!(
            self_base("https://api.example.com/v1/openapi.yaml").as_deref(),
            Some("https://api.example.com/v1/")
        );
        assert_eq!(self_base("http://example.com/spec.json#x").as_deref(), Some("http://example.com/"));
        assert_eq!(self_base("https://example.com").as_deref(), Some("https://example.com/"));
        assert_eq!(self_base("/relative/openapi.yaml"), None);
        assert_eq!(self_base("https://"), None);
        assert_eq!(self_base("urn:example:api"), None);
    }
}
