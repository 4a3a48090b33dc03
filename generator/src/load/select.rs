//! Generating part of an API: only the operations of some tags (`--tag`) or with some
//! operationIds (`--operation`), and only the components they reach. Applied to the merged
//! document, after references are resolved, so what is kept is exactly what the kept
//! operations use (through any chain of `$ref`s); security schemes are all kept.

use crate::diagnostics::Error;
use serde_json::Value;
use std::collections::BTreeSet;

/// Which operations to keep; empty keeps all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Keep operations with one of these tags.
    pub tags: Vec<String>,
    /// Keep operations with one of these operationIds.
    pub operations: Vec<String>,
}

impl Selection {
    /// Whether everything is kept.
    pub fn is_all(&self) -> bool {
        self.tags.is_empty() && self.operations.is_empty()
    }
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const SECTIONS: &[&str] =
    &["schemas", "parameters", "responses", "requestBodies", "headers", "examples", "links", "callbacks"];

/// Removes the operations `selection` does not keep, then the components nothing kept reaches.
/// A tag or operationId that selects nothing is an error naming it.
pub fn apply(root: &mut Value, selection: &Selection) -> Result<(), Error> {
    let (mut tags_seen, mut ids_seen) = (BTreeSet::new(), BTreeSet::new());
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for item in paths.values_mut() {
            let Value::Object(item) = item else { continue };
            for method in METHODS {
                if item.get(*method).is_some_and(|op| !keeps(op, selection, &mut tags_seen, &mut ids_seen)) {
                    item.remove(*method);
                }
            }
            let mut none_left = false;
            if let Some(Value::Object(more)) = item.get_mut(super::METHODS_EXTENSION) {
                more.retain(|_, op| keeps(op, selection, &mut tags_seen, &mut ids_seen));
                none_left = more.is_empty();
            }
            if none_left {
                item.remove(super::METHODS_EXTENSION);
            }
        }
        paths.retain(|_, item| {
            item.as_object()
                .is_some_and(|i| METHODS.iter().any(|m| i.contains_key(*m)) || i.contains_key(super::METHODS_EXTENSION))
        });
    }
    let missing: Vec<String> = selection
        .tags
        .iter()
        .filter(|t| !tags_seen.contains(*t))
        .map(|t| format!("tag `{t}`"))
        .chain(selection.operations.iter().filter(|o| !ids_seen.contains(*o)).map(|o| format!("operation `{o}`")))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Config(format!("no operation has {}: nothing to select by it", missing.join(", "))));
    }
    prune_components(root);
    Ok(())
}

fn keeps(op: &Value, selection: &Selection, tags_seen: &mut BTreeSet<String>, ids_seen: &mut BTreeSet<String>) -> bool {
    let tags: Vec<&str> =
        op.get("tags").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let id = op.get("operationId").and_then(Value::as_str);
    let by_tag = selection.tags.iter().any(|t| tags.contains(&t.as_str()));
    let by_id = id.is_some_and(|id| selection.operations.iter().any(|o| o == id));
    if by_tag {
        tags_seen.extend(tags.iter().filter(|t| selection.tags.iter().any(|s| s == *t)).map(|t| (*t).to_owned()));
    }
    if by_id {
        ids_seen.insert(id.unwrap_or_default().to_owned());
    }
    by_tag || by_id
}

/// Removes the components no kept operation (nor a kept component) refers to.
fn prune_components(root: &mut Value) {
    let mut reached: BTreeSet<(String, String)> = BTreeSet::new();
    let mut pending: Vec<Value> = Vec::new();
    for key in ["paths", "security", "servers", "webhooks"] {
        if let Some(value) = root.get(key) {
            pending.push(value.clone());
        }
    }
    while let Some(value) = pending.pop() {
        let mut refs = Vec::new();
        collect_refs(&value, &mut refs);
        for (section, name) in refs {
            if reached.insert((section.clone(), name.clone())) {
                if let Some(target) = root.pointer(&format!("/components/{section}/{}", escape(&name))) {
                    pending.push(target.clone());
                }
            }
        }
    }
    let Some(Value::Object(components)) = root.get_mut("components") else { return };
    for section in SECTIONS {
        if let Some(Value::Object(entries)) = components.get_mut(*section) {
            entries.retain(|name, _| reached.contains(&((*section).to_owned(), name.clone())));
        }
    }
}

fn collect_refs(value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                if let Some(rest) = reference.strip_prefix("#/components/") {
                    if let Some((section, name)) = rest.split_once('/') {
                        out.push((section.to_owned(), unescape(name)));
                    }
                }
            }
            // A discriminator's mapping names schemas too.
            if let Some(Value::Object(mapping)) = map.get("discriminator").and_then(|d| d.get("mapping")) {
                for target in mapping.values().filter_map(Value::as_str) {
                    let name = target.strip_prefix("#/components/schemas/").unwrap_or(target);
                    out.push(("schemas".to_owned(), unescape(name)));
                }
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn unescape(name: &str) -> String {
    name.replace("~1", "/").replace("~0", "~")
}
