//! OpenAPI Overlay 1.0 and 1.1 (<https://spec.openapis.org/overlay/latest.html>): ordered actions,
//! each an RFC 9535 JSONPath `target` (serde_json_path) with an `update` to merge, a `remove`,
//! or (1.1) a `copy` of another node. Applied to each root document as written, before anything
//! else reads it; an action whose target selects nothing in any document is a warning located
//! in the overlay file.

use crate::diagnostics::{Error, Location, Warning};
use serde_json::Value;
use serde_json_path::JsonPath;
use std::path::{Path, PathBuf};

/// A parsed overlay document.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// The file, as diagnostics name it.
    pub file: String,
    /// The file on disk (for build scripts' `rerun-if-changed`).
    pub path: PathBuf,
    /// `1.0.x` documents append an `update` array to a selected array as one entry; `1.1.x`
    /// concatenate it.
    version_1_0: bool,
    actions: Vec<Action>,
}

#[derive(Debug, Clone)]
struct Action {
    target: JsonPath,
    change: Change,
}

#[derive(Debug, Clone)]
enum Change {
    Update(Value),
    Copy(JsonPath),
    Remove,
}

impl Overlay {
    /// Reads and checks an overlay file (YAML or JSON).
    pub fn read(path: &Path, file: &str) -> Result<Overlay, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io { path: PathBuf::from(file), source })?;
        let root = super::parse_document(&text, file)?;
        let at = |pointer: &str| Location::new(file, pointer);
        let version = match root.get("overlay") {
            Some(Value::String(v)) if v.starts_with("1.0.") || v.starts_with("1.1.") => v.clone(),
            Some(other) => {
                return Err(Error::spec(
                    at("#/overlay"),
                    format!("unsupported Overlay version {other}; clientgen reads 1.0.x and 1.1.x"),
                ))
            }
            None => return Err(Error::spec(at(""), "not an Overlay document: the `overlay` version field is missing")),
        };
        let Some(Value::Array(items)) = root.get("actions") else {
            return Err(Error::spec(at("#/actions"), "an Overlay needs a list of `actions`"));
        };
        let mut actions = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let here = format!("#/actions/{index}");
            let path = |key: &str| -> Result<JsonPath, Error> {
                let text = item.get(key).and_then(Value::as_str).ok_or_else(|| {
                    Error::spec(at(&format!("{here}/{key}")), format!("an action's `{key}` must be a JSONPath string"))
                })?;
                JsonPath::parse(text).map_err(|err| {
                    Error::spec(at(&format!("{here}/{key}")), format!("`{text}` is not an RFC 9535 JSONPath: {err}"))
                })
            };
            let target = path("target")?;
            let change = if item.get("remove").and_then(Value::as_bool) == Some(true) {
                Change::Remove
            } else if let Some(update) = item.get("update") {
                Change::Update(update.clone())
            } else if item.get("copy").is_some() {
                Change::Copy(path("copy")?)
            } else {
                return Err(Error::spec(at(&here), "an action needs `update`, `remove: true` or `copy`"));
            };
            actions.push(Action { target, change });
        }
        Ok(Overlay { file: file.to_owned(), path: path.to_owned(), version_1_0: version.starts_with("1.0."), actions })
    }

    /// Applies every action in order to `document`; adds to `matched[i]` how many nodes action
    /// `i` selected.
    pub fn apply(&self, document: &mut Value, matched: &mut [usize]) {
        for (index, action) in self.actions.iter().enumerate() {
            let pointers: Vec<String> =
                action.target.query_located(document).locations().map(|l| l.to_json_pointer()).collect();
            matched[index] += pointers.len();
            match &action.change {
                Change::Remove => remove_all(document, pointers),
                Change::Update(update) => {
                    for pointer in &pointers {
                        self.merge_at(document, pointer, update);
                    }
                }
                Change::Copy(source) => {
                    let Ok(found) = source.query(document).exactly_one().cloned() else { continue };
                    for pointer in &pointers {
                        self.merge_at(document, pointer, &found);
                    }
                }
            }
        }
    }

    fn merge_at(&self, document: &mut Value, pointer: &str, update: &Value) {
        let Some(node) = document.pointer_mut(pointer) else { return };
        match (node, update) {
            (Value::Array(items), Value::Array(more)) if !self.version_1_0 => items.extend(more.iter().cloned()),
            (Value::Array(items), entry) => items.push(entry.clone()),
            (node, update) => merge(node, update),
        }
    }

    /// A warning for each action that selected nothing, located at its `target`.
    pub fn unmatched(&self, matched: &[usize]) -> Vec<Warning> {
        matched
            .iter()
            .enumerate()
            .filter(|(_, count)| **count == 0)
            .map(|(index, _)| Warning {
                location: Location::new(&self.file, format!("#/actions/{index}/target")),
                message: "this overlay action's target selects nothing in the document; it changed nothing".into(),
            })
            .collect()
    }

    /// How many actions it has.
    pub fn action_count(&self) -> usize {
        self.actions.len()
    }
}

/// Overlay 1.1's merge: a property only in `update` is added; in both, a primitive replaces,
/// arrays concatenate, objects merge recursively. A value of another kind replaces.
fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                match target.get_mut(key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(target), Value::Array(update)) => target.extend(update.iter().cloned()),
        (target, update) => *target = update.clone(),
    }
}

/// Removes the nodes at `pointers` from their containers, in reverse document order (a node
/// before its container, a later array entry before an earlier one), so that every pointer
/// still names the node it selected.
fn remove_all(document: &mut Value, mut pointers: Vec<String>) {
    pointers.sort_by_key(|p| std::cmp::Reverse(tokens(p)));
    for pointer in pointers {
        let Some((parent, last)) = pointer.rsplit_once('/') else { continue };
        let key = last.replace("~1", "/").replace("~0", "~");
        match document.pointer_mut(parent) {
            Some(Value::Object(map)) => {
                map.shift_remove(&key);
            }
            Some(Value::Array(items)) => {
                if let Ok(index) = key.parse::<usize>() {
                    if index < items.len() {
                        items.remove(index);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A pointer's tokens, indices compared as numbers.
fn tokens(pointer: &str) -> Vec<(Option<usize>, String)> {
    pointer.split('/').skip(1).map(|t| (t.parse().ok(), t.to_owned())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_follows_overlay_1_1() {
        let mut target = json!({"a": 1, "b": [1], "c": {"d": 1, "e": 2}});
        merge(&mut target, &json!({"a": 2, "b": [2], "c": {"d": 3}, "f": null}));
        assert_eq!(target, json!({"a": 2, "b": [1, 2], "c": {"d": 3, "e": 2}, "f": null}));
    }

    #[test]
    fn removals_keep_indices_valid() {
        let mut doc = json!({"list": [0, 1, 2, 3], "map": {"x": 1, "y": 2}});
        remove_all(&mut doc, vec!["/list/1".into(), "/list/3".into(), "/map/x".into()]);
        assert_eq!(doc, json!({"list": [0, 2], "map": {"y": 2}}));
        let mut nested = json!({"a": [{"b": [1, 2]}, {"b": [3]}, 4, 5, 6, 7, 8, 9, 10, 11, 12]});
        remove_all(&mut nested, vec!["/a/0".into(), "/a/0/b/1".into(), "/a/10".into(), "/a/2".into()]);
        assert_eq!(nested, json!({"a": [{"b": [3]}, 5, 6, 7, 8, 9, 10, 11]}));
    }
}
