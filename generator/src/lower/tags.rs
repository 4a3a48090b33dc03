//! Implicit discriminators: a `oneOf`/`anyOf` of objects whose every alternative *requires* one
//! property fixed to a single, different string (`type: {enum: [range]}`, 3.1's `const`) is
//! tagged by that property even when the spec names no `discriminator`.
//!
//! Decoded untagged, such a union takes the first alternative whose fields fit, and an
//! alternative with fewer fields fits every instance (its tag property tolerates unknown values
//! in responses): `{type: range, start, end}` decoded as `{type: range_to, end}` loses `start`.
//! Decoded by the tag, the instance reaches the alternative it names, and the variants are named
//! after the values (`RangeTo`, `Range`) instead of their positions.

use crate::diagnostics::unescape_pointer_token;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

type Components = indexmap::IndexMap<String, ReferenceOr<Schema>>;

/// How deep references and `allOf`s are followed.
const MAX_DEPTH: usize = 16;

/// The property every part requires with one fixed string value, and each part's value, when
/// the values are all different; `None` otherwise. Properties are tried in the first part's order.
pub fn implicit_tag(parts: &[ReferenceOr<Schema>], components: &Components) -> Option<(String, Vec<String>)> {
    if parts.len() < 2 {
        return None;
    }
    let first = object_view(&parts[0], components, 0)?;
    first.properties.iter().find_map(|name| {
        let values: Vec<String> =
            parts.iter().map(|part| required_fixed_value(part, name, components)).collect::<Option<_>>()?;
        let mut seen = std::collections::BTreeSet::new();
        values.iter().all(|v| seen.insert(v.as_str())).then(|| (name.clone(), values))
    })
}

/// The value `part` fixes for the property `name`, when `part` requires it.
fn required_fixed_value(part: &ReferenceOr<Schema>, name: &str, components: &Components) -> Option<String> {
    let view = object_view(part, components, 0)?;
    if !view.required.iter().any(|r| r == name) {
        return None;
    }
    view.fixed.into_iter().find(|(n, _)| n == name).map(|(_, value)| value)
}

/// What a part says about its properties, through references and `allOf` parts.
#[derive(Default)]
struct ObjectView {
    properties: Vec<String>,
    required: Vec<String>,
    /// Properties whose schema allows exactly one string.
    fixed: Vec<(String, String)>,
}

fn object_view(part: &ReferenceOr<Schema>, components: &Components, depth: usize) -> Option<ObjectView> {
    if depth > MAX_DEPTH {
        return None;
    }
    let schema = resolve(part, components, depth)?;
    let mut view = ObjectView::default();
    let (properties, required, all_of) = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => (&object.properties, &object.required, None),
        SchemaKind::AllOf { all_of } => {
            for p in all_of {
                view.merge(object_view(p, components, depth + 1)?);
            }
            return Some(view);
        }
        SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() => {
            (&any.properties, &any.required, Some(&any.all_of))
        }
        _ => return None,
    };
    for (name, property) in properties {
        view.properties.push(name.clone());
        if let Some(value) = fixed_string(property, components, depth + 1) {
            view.fixed.push((name.clone(), value));
        }
    }
    view.required.extend(required.iter().cloned());
    for p in all_of.into_iter().flatten() {
        view.merge(object_view(p, components, depth + 1)?);
    }
    Some(view)
}

impl ObjectView {
    fn merge(&mut self, other: ObjectView) {
        self.properties.extend(other.properties);
        self.required.extend(other.required);
        self.fixed.extend(other.fixed);
    }
}

/// The one string a property schema allows (a one-value string `enum`, or 3.1's `const`).
fn fixed_string(property: &ReferenceOr<Box<Schema>>, components: &Components, depth: usize) -> Option<String> {
    let schema = match property {
        ReferenceOr::Item(schema) => schema.as_ref(),
        ReferenceOr::Reference { reference } => resolve_ref(reference, components, depth)?,
    };
    let values: Vec<&str> = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().flatten().map(String::as_str).collect(),
        SchemaKind::Any(any) => any.enumeration.iter().filter_map(|v| v.as_str()).collect(),
        _ => return None,
    };
    match values.as_slice() {
        [one] if !schema.schema_data.nullable => Some((*one).to_owned()),
        _ => None,
    }
}

fn resolve<'a>(part: &'a ReferenceOr<Schema>, components: &'a Components, depth: usize) -> Option<&'a Schema> {
    match part {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => resolve_ref(reference, components, depth),
    }
}

fn resolve_ref<'a>(reference: &str, components: &'a Components, depth: usize) -> Option<&'a Schema> {
    if depth > MAX_DEPTH {
        return None;
    }
    let name = unescape_pointer_token(reference.strip_prefix("#/components/schemas/")?);
    match components.get(&name)? {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => resolve_ref(reference, components, depth + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(yaml: &str) -> Vec<ReferenceOr<Schema>> {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn a_required_single_value_property_tags_the_union() {
        let parts = parts(
            "- {type: object, required: [type, end], properties: {type: {type: string, enum: [range_to]}, end: {type: number}}}\n\
             - {type: object, required: [type, start, end], properties: {start: {type: number}, type: {type: string, enum: [range]}, end: {type: number}}}\n",
        );
        let found = implicit_tag(&parts, &Components::new());
        assert_eq!(found, Some(("type".to_owned(), vec!["range_to".to_owned(), "range".to_owned()])));
    }

    #[test]
    fn optional_repeated_or_open_properties_do_not_tag() {
        let optional = parts(
            "- {type: object, properties: {kind: {type: string, enum: [a]}}}\n\
             - {type: object, required: [kind], properties: {kind: {type: string, enum: [b]}}}\n",
        );
        assert_eq!(implicit_tag(&optional, &Components::new()), None);
        let repeated = parts(
            "- {type: object, required: [kind], properties: {kind: {type: string, enum: [a]}}}\n\
             - {type: object, required: [kind], properties: {kind: {type: string, enum: [a]}}}\n",
        );
        assert_eq!(implicit_tag(&repeated, &Components::new()), None);
        let open = parts(
            "- {type: object, required: [kind], properties: {kind: {type: string, enum: [a, b]}}}\n\
             - {type: object, required: [kind], properties: {kind: {type: string, enum: [c]}}}\n",
        );
        assert_eq!(implicit_tag(&open, &Components::new()), None);
    }
}
