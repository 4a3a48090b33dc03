//! JSON Schema 2020-12's other ways to name a schema (OpenAPI 3.1 and 3.2): `$id` makes a
//! schema a resource with its own URI, against which the references inside it resolve
//! (`#/$defs/Name` inside a resource means the resource's `$defs`, not the document's);
//! `$anchor` and `$dynamicAnchor` give a schema a plain name (`#node`).
//!
//! `Resources::of` reads these from a file as written; `Resources::resolve` turns a reference
//! met at a pointer of that file into a JSON pointer of the same file, where they decide it.
//! References they do not decide (other files, plain document pointers) resolve as before.

use serde_json::Value;
use url::Url;

/// What the schemas of one file say about their own names.
#[derive(Debug, Default)]
pub struct Resources {
    /// Schema resources (`$id`), outermost first: (pointer, absolute URI without fragment).
    ids: Vec<(String, Url)>,
    anchors: Vec<Anchor>,
}

#[derive(Debug)]
struct Anchor {
    name: String,
    pointer: String,
    /// Written as `$dynamicAnchor`.
    dynamic: bool,
    /// The pointer of the resource it belongs to ("" for the document itself).
    resource: String,
}

/// Where a reference leads, in the file it was written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A JSON pointer (without `#`).
    Pointer(String),
    /// A `$dynamicRef` read as the static reference it starts from: several `$dynamicAnchor`s
    /// share the name, and the one in the reference's own resource (or the first) was taken.
    Static { pointer: String, candidates: usize },
    /// A plain-name fragment that names no anchor.
    NoAnchor,
}

impl Resources {
    /// Reads `$id`, `$anchor` and `$dynamicAnchor` of every schema under `root`; `base` is the
    /// document's own URI (`$self`), against which relative `$id`s resolve.
    pub fn of(root: &Value, base: &Url) -> Resources {
        let mut found = Resources::default();
        found.scan(root, &mut String::new(), base, "", false);
        found
    }

    fn scan(&mut self, value: &Value, pointer: &mut String, base: &Url, resource: &str, in_example: bool) {
        match value {
            Value::Object(map) => {
                let mut base = base.clone();
                let mut resource = resource.to_owned();
                if !in_example {
                    if let Some(Ok(uri)) = map.get("$id").and_then(Value::as_str).map(|id| base.join(id)) {
                        let mut uri = uri;
                        uri.set_fragment(None);
                        self.ids.push((pointer.clone(), uri.clone()));
                        base = uri;
                        resource = pointer.clone();
                    }
                    for (key, dynamic) in [("$anchor", false), ("$dynamicAnchor", true)] {
                        if let Some(name) = map.get(key).and_then(Value::as_str) {
                            let anchor = Anchor {
                                name: name.to_owned(),
                                pointer: pointer.clone(),
                                dynamic,
                                resource: resource.clone(),
                            };
                            self.anchors.push(anchor);
                        }
                    }
                }
                for (key, child) in map {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&crate::diagnostics::escape_pointer_token(key));
                    let example = in_example || matches!(key.as_str(), "example" | "examples" | "default" | "const");
                    self.scan(child, pointer, &base, &resource, example);
                    pointer.truncate(len);
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&index.to_string());
                    self.scan(item, pointer, base, resource, in_example);
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }

    /// Whether nothing here changes how references resolve.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty() && self.anchors.is_empty()
    }

    /// The resource `at` (a pointer, with or without `#`) is inside: its pointer and URI.
    fn enclosing(&self, at: &str) -> Option<&(String, Url)> {
        let at = at.trim_start_matches('#');
        let inside = |p: &str| at.strip_prefix(p).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        self.ids.iter().filter(|(p, _)| inside(p)).max_by_key(|(p, _)| p.len())
    }

    /// Where `reference`, met at `at` in this file, leads, or `None` where `$id`s and anchors do
    /// not decide it. `exists` says whether a pointer names something in the file; `document`
    /// is the document's own URI. `dynamic`: a `$dynamicRef`, read statically (a plain name is
    /// the `$dynamicAnchor` of the reference's resource, or the only, else the first, of that
    /// name in the file).
    pub fn resolve(
        &self,
        reference: &str,
        at: &str,
        document: &Url,
        exists: impl Fn(&str) -> bool,
        dynamic: bool,
    ) -> Option<Resolved> {
        let enclosing = self.enclosing(at);
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let resource = if path.is_empty() {
            enclosing.map_or("", |(p, _)| p.as_str())
        } else {
            let base = enclosing.map_or(document, |(_, uri)| uri);
            let mut uri = base.join(path).ok()?;
            uri.set_fragment(None);
            let (pointer, _) = self.ids.iter().find(|(_, id)| *id == uri)?;
            pointer.as_str()
        };
        if fragment.is_empty() {
            return (!resource.is_empty()).then(|| Resolved::Pointer(resource.to_owned()));
        }
        if fragment.starts_with('/') {
            if resource.is_empty() {
                return None;
            }
            let inside = format!("{resource}{fragment}");
            // Documents often write a document pointer inside a resource; it is read as written
            // when the resource has nothing there.
            return (!path.is_empty() || exists(&inside)).then_some(Resolved::Pointer(inside));
        }
        self.anchor(fragment, resource, dynamic && path.is_empty())
    }

    fn anchor(&self, name: &str, resource: &str, dynamic: bool) -> Option<Resolved> {
        let named: Vec<&Anchor> = self.anchors.iter().filter(|a| a.name == name).collect();
        let own = named.iter().find(|a| a.resource == resource).or_else(|| named.first());
        let Some(own) = own else { return Some(Resolved::NoAnchor) };
        let dynamic_ones = named.iter().filter(|a| a.dynamic).count();
        if dynamic && own.dynamic && dynamic_ones > 1 {
            return Some(Resolved::Static { pointer: own.pointer.clone(), candidates: dynamic_ones });
        }
        Some(Resolved::Pointer(own.pointer.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base() -> Url {
        Url::parse("https://clientgen.invalid/document").unwrap()
    }

    #[test]
    fn ids_and_anchors_resolve_to_pointers() {
        let doc = json!({"components": {"schemas": {
            "Thing": {"$id": "https://example.com/thing", "$defs": {"Name": {"$anchor": "name"}},
                      "properties": {"a": {"$ref": "#/$defs/Name"}}},
            "Other": {"$id": "other.json", "properties": {}, "example": {"$anchor": "not-one"}},
            "Tree": {"$dynamicAnchor": "node"}
        }}});
        let found = Resources::of(&doc, &base());
        let at = "#/components/schemas/Thing/properties/a";
        let exists = |p: &str| doc.pointer(p).is_some();
        let thing_defs = Resolved::Pointer("/components/schemas/Thing/$defs/Name".into());
        assert_eq!(found.resolve("#/$defs/Name", at, &base(), exists, false), Some(thing_defs.clone()));
        assert_eq!(found.resolve("#name", at, &base(), exists, false), Some(thing_defs.clone()));
        assert_eq!(
            found.resolve("https://example.com/thing#name", "#/paths", &base(), exists, false),
            Some(thing_defs)
        );
        assert_eq!(
            found.resolve("other.json", "#/paths", &base(), exists, false),
            Some(Resolved::Pointer("/components/schemas/Other".into()))
        );
        assert_eq!(found.resolve("#not-one", at, &base(), exists, false), Some(Resolved::NoAnchor));
        // A document pointer written inside a resource that has nothing there is left alone.
        assert_eq!(found.resolve("#/components/schemas/Tree", at, &base(), exists, false), None);
        assert_eq!(found.resolve("#/components/schemas/Tree", "#/paths", &base(), exists, false), None);
        assert_eq!(
            found.resolve("#node", at, &base(), exists, true),
            Some(Resolved::Pointer("/components/schemas/Tree".into()))
        );
    }

    #[test]
    fn a_dynamic_anchor_named_twice_is_read_statically() {
        let doc = json!({"a": {"$id": "a", "$dynamicAnchor": "node"}, "b": {"$id": "b", "$dynamicAnchor": "node"}});
        let found = Resources::of(&doc, &base());
        assert_eq!(
            found.resolve("#node", "#/b/items", &base(), |_| true, true),
            Some(Resolved::Static { pointer: "/b".into(), candidates: 2 })
        );
    }
}
