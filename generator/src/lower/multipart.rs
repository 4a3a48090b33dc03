//! `multipart/form-data` request bodies: the object schema's properties become the fields of a
//! struct the caller fills in, binary properties holding uploads.

use super::schema::TypeSpace;
use super::Ctx;
use crate::diagnostics::{escape_pointer_token, Error};
use crate::ir::{FormField, MultipartField, MultipartForm, PartHeader, PartKind};
use crate::names::{value_name, Namespace};
use heck::ToUpperCamelCase;
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

/// How many `$ref`s are followed to reach the body's object schema.
const MAX_REF_HOPS: usize = 16;

/// The form of a multipart body, or `None` when its schema is not an object with properties
/// (the body is then sent as given bytes).
pub fn lower_form(
    openapi: &OpenAPI,
    schema: &ReferenceOr<Schema>,
    media: &openapiv3::MediaType,
    type_prefix: &str,
    at: &str,
    space: &mut TypeSpace<'_>,
    ctx: &mut Ctx,
) -> Result<Option<MultipartForm>, Error> {
    let Some((object, at)) = resolve(openapi, schema, at) else {
        return Ok(None);
    };
    let properties = match &object.schema_kind {
        SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required),
        SchemaKind::Any(a) => (&a.properties, &a.required),
        _ => return Ok(None),
    };
    if properties.0.is_empty() {
        return Ok(None);
    }
    let type_name = space.claim_name(&format!("{type_prefix}Request"));
    let mut names = Namespace::default();
    let mut fields = Vec::new();
    for (wire_name, property) in properties.0 {
        let property_at = format!("{at}/properties/{}", escape_pointer_token(wire_name));
        let kind = match binary_kind(openapi, property) {
            Some(kind) => kind,
            None => {
                let hint = format!("{type_name}{}", wire_name.to_upper_camel_case());
                let lowered = space.lower_boxed(property, &hint, &property_at, ctx)?;
                PartKind::Value(lowered.ty)
            }
        };
        let content_type = media
            .encoding
            .get(wire_name)
            .and_then(|e| e.content_type.as_deref())
            .and_then(|types| types.split(',').next())
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty() && !t.contains('*'));
        fields.push(MultipartField {
            wire_name: wire_name.clone(),
            rust_name: names.claim(&value_name(wire_name, "field")),
            kind,
            required: properties.1.contains(wire_name),
            doc: description(openapi, property),
            content_type,
            headers: media.encoding.get(wire_name).map(|e| part_headers(openapi, &e.headers)).unwrap_or_default(),
            styled: media
                .encoding
                .get(wire_name)
                .filter(|e| e.extensions.contains_key(crate::load::STYLED_PART))
                .map(|e| FormField { json: false, ..super::operation::form_field(wire_name, e) }),
        });
    }
    let doc = object.schema_data.description.clone().or_else(|| object.schema_data.title.clone());
    Ok(Some(MultipartForm { type_name, doc, fields }))
}

/// Follows `$ref`s to the schema itself, with the pointer it is at.
pub(super) fn resolve<'a>(
    openapi: &'a OpenAPI,
    mut schema: &'a ReferenceOr<Schema>,
    at: &str,
) -> Option<(&'a Schema, String)> {
    let mut at = at.to_owned();
    for _ in 0..MAX_REF_HOPS {
        match schema {
            ReferenceOr::Item(item) => return Some((item, at)),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/schemas/")?;
                let name = crate::diagnostics::unescape_pointer_token(name);
                schema = openapi.components.as_ref()?.schemas.get(&name)?;
                at = reference.clone();
            }
        }
    }
    None
}

fn resolve_boxed<'a>(openapi: &'a OpenAPI, schema: &'a ReferenceOr<Box<Schema>>) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/schemas/")?;
            let target = openapi.components.as_ref()?.schemas.get(&crate::diagnostics::unescape_pointer_token(name))?;
            resolve(openapi, target, reference).map(|(schema, _)| schema)
        }
    }
}

/// File content: a binary string (`File`) or an array of them (`Files`).
fn binary_kind(openapi: &OpenAPI, property: &ReferenceOr<Box<Schema>>) -> Option<PartKind> {
    let mut schema = resolve_boxed(openapi, property)?;
    // One part of a composition is the property itself: 3.1's `anyOf: [{binary}, {type: null}]`
    // (read as `nullable` with `allOf: [{binary}]`), or a description wrapper.
    for _ in 0..8 {
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of: parts }
            | SchemaKind::OneOf { one_of: parts }
            | SchemaKind::AnyOf { any_of: parts }
                if parts.len() == 1 =>
            {
                schema = resolve(openapi, &parts[0], "")?.0;
            }
            _ => break,
        }
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if is_binary(&s.format) => Some(PartKind::File),
        SchemaKind::Type(Type::Array(a)) => {
            let items = resolve_boxed(openapi, a.items.as_ref()?)?;
            match &items.schema_kind {
                SchemaKind::Type(Type::String(s)) if is_binary(&s.format) => Some(PartKind::Files),
                _ => None,
            }
        }
        _ => None,
    }
}

fn is_binary(format: &VariantOrUnknownOrEmpty<StringFormat>) -> bool {
    matches!(format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
}

fn description(openapi: &OpenAPI, property: &ReferenceOr<Box<Schema>>) -> Option<String> {
    let schema = resolve_boxed(openapi, property)?;
    schema.schema_data.description.clone().or_else(|| schema.schema_data.title.clone())
}

/// The headers an `encoding` entry documents, with the constant value each has, if any.
fn part_headers(
    openapi: &OpenAPI,
    headers: &indexmap::IndexMap<String, ReferenceOr<openapiv3::Header>>,
) -> Vec<PartHeader> {
    headers
        .iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("content-type")) // described by `contentType`
        .filter_map(|(name, header)| {
            let header = match header {
                ReferenceOr::Item(header) => header,
                ReferenceOr::Reference { reference } => {
                    let key = reference.strip_prefix("#/components/headers/")?;
                    match openapi.components.as_ref()?.headers.get(&crate::diagnostics::unescape_pointer_token(key))? {
                        ReferenceOr::Item(header) => header,
                        ReferenceOr::Reference { .. } => return None,
                    }
                }
            };
            let value = match &header.format {
                openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => constant(schema),
                _ => None,
            };
            Some(PartHeader { name: name.clone(), value, doc: header.description.clone() })
        })
        .collect()
}

/// A header schema's constant value: its `default`, or its only `enum` value, as text.
fn constant(schema: &Schema) -> Option<String> {
    let text = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(_) | serde_json::Value::Bool(_) => Some(value.to_string()),
        _ => None,
    };
    if let Some(default) = &schema.schema_data.default {
        return text(default);
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if s.enumeration.len() == 1 => s.enumeration[0].clone(),
        _ => None,
    }
}
