//! Schemas → named types and type references. One `lower_*` function per schema shape.
//!
//! Component schemas are registered (named) before anything else is lowered, so references
//! resolve to ids and recursive schemas need no special casing here; boxing is decided later.

use super::Ctx;
use crate::diagnostics::{escape_pointer_token, unescape_pointer_token, Error};
use crate::ir::{
    AdditionalField, Constraints, EnumVariant, Field, Presence, Scalar, StringEnum, Struct, TypeDef, TypeId, TypeKind,
    TypeRef, Union, UnionVariant, Usage,
};
use crate::names::{nested_name, type_name, value_name, Namespace};
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use std::collections::HashMap;

/// An object's properties, as openapiv3 stores them.
type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

/// A lowered schema use: the type plus what the use site needs to know.
#[derive(Debug, Clone)]
pub struct Lowered {
    /// The type.
    pub ty: TypeRef,
    /// The schema allows `null`.
    pub nullable: bool,
    /// String length limits.
    pub constraints: Constraints,
    /// Description of an inline schema (component descriptions stay on the type).
    pub doc: Option<String>,
    /// `default`, rendered as JSON.
    pub default: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `readOnly: true`.
    pub read_only: bool,
}

impl Lowered {
    /// The type a value of this schema has where `null` is one of its values: `Nullable(ty)`
    /// when the schema allows `null`, else `ty`.
    pub fn value_type(self) -> TypeRef {
        if self.nullable {
            TypeRef::Nullable(Box::new(self.ty))
        } else {
            self.ty
        }
    }

    /// A use of `ty` with no constraints, docs or flags.
    pub fn plain(ty: TypeRef) -> Lowered {
        Lowered {
            ty,
            nullable: false,
            constraints: Constraints::default(),
            doc: None,
            default: None,
            deprecated: false,
            read_only: false,
        }
    }
}

/// Every named type of the client, built before any code is emitted.
pub struct TypeSpace<'a> {
    /// `components.schemas` of the merged document.
    pub components: &'a indexmap::IndexMap<String, ReferenceOr<Schema>>,
    /// Named types by id.
    pub types: Vec<TypeDef>,
    /// Component name → type id.
    component_ids: HashMap<String, TypeId>,
    /// JSON pointer of an inline schema → the type made for it.
    inline_ids: HashMap<String, TypeId>,
    /// Components merged so far into the `allOf` struct being built.
    merged: Vec<String>,
    /// Type names claimed so far.
    pub names: Namespace,
}

/// Names the emitter uses at the top of the `types` module or that would confuse readers.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Error",
    "Patch",
    "Option",
    "Result",
    "Vec",
    "String",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Self_",
    // The generic parameters of the generated serde impls.
    "S",
    "D",
    "A",
];

impl<'a> TypeSpace<'a> {
    /// An array whose items are objects, maps, unions or arrays: values a parameter style cannot
    /// flatten into a list.
    pub fn holds_structured_items(&self, ty: &TypeRef) -> bool {
        let TypeRef::Array(item) = ty else { return false };
        match item.as_ref() {
            TypeRef::JsonObject | TypeRef::Map(_) | TypeRef::Array(_) | TypeRef::OneOrMany(_) => true,
            TypeRef::Named(id) => {
                matches!(self.types[id.0].kind, TypeKind::Struct(_) | TypeKind::Union(_))
            }
            _ => false,
        }
    }

    /// Registers every component schema under a stable name (in document order).
    pub fn new(components: &'a indexmap::IndexMap<String, ReferenceOr<Schema>>) -> TypeSpace<'a> {
        let mut space = TypeSpace {
            components,
            types: Vec::new(),
            component_ids: HashMap::new(),
            inline_ids: HashMap::new(),
            merged: Vec::new(),
            names: Namespace::with_reserved(RESERVED_TYPE_NAMES),
        };
        for name in components.keys() {
            let rust_name = space.names.claim(&type_name(name, "Type"));
            let id = space.push(rust_name, format!("#/components/schemas/{}", escape_pointer_token(name)));
            space.component_ids.insert(name.clone(), id);
        }
        space
    }

    fn push(&mut self, name: String, origin: String) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            name,
            origin,
            doc: None,
            kind: TypeKind::Alias(TypeRef::Json),
            usage: Usage::default(),
        });
        id
    }

    /// A named type made by lowering rather than found in the document (an operation's success
    /// enum): its id and name.
    pub fn define(&mut self, wanted: &str, origin: &str, kind: TypeKind, doc: String) -> (TypeId, String) {
        let name = self.claim_name(wanted);
        let id = self.push(name.clone(), origin.to_owned());
        self.types[id.0].kind = kind;
        self.types[id.0].doc = Some(doc);
        (id, name)
    }

    /// Claims a name for a type derived from its position (e.g. `UpdateUserRequest`).
    pub fn claim_name(&mut self, wanted: &str) -> String {
        self.names.claim(&type_name(wanted, "Type"))
    }

    /// Lowers the body of every component schema.
    pub fn lower_components(&mut self, ctx: &mut Ctx) -> Result<(), Error> {
        for (name, schema) in self.components.iter() {
            let id = self.component_ids[name];
            let origin = self.types[id.0].origin.clone();
            let type_name = self.types[id.0].name.clone();
            let (kind, doc) = match schema {
                ReferenceOr::Reference { reference } => {
                    (TypeKind::Alias(self.lower_ref(reference, &origin, ctx)?.ty), None)
                }
                ReferenceOr::Item(schema) => {
                    let doc = schema.schema_data.description.clone().or_else(|| schema.schema_data.title.clone());
                    // A component that only wraps one inline schema (`oneOf: [{…}]`, `allOf:
                    // [{…}]`, one alternative beside `null`) is that schema, under the
                    // component's name: not an alias of a `Name2` made for it.
                    let (inner, at) = match only_inline_part(schema) {
                        Some((part, pointer)) => (part, format!("{origin}{pointer}")),
                        None => (schema, origin.clone()),
                    };
                    let doc = doc.or_else(|| inner.schema_data.description.clone());
                    (self.lower_kind(inner, &type_name, &at, ctx)?, doc)
                }
            };
            self.types[id.0].kind = kind;
            self.types[id.0].doc = doc;
        }
        Ok(())
    }

    /// Resolves `#/components/schemas/Name` to its id. The loader has already repaired dangling
    /// references; one that still names nothing is untyped JSON with a warning.
    fn lower_ref(&self, reference: &str, at: &str, ctx: &mut Ctx) -> Result<Lowered, Error> {
        let Some(name) =
            reference.strip_prefix("#/components/schemas/").map(crate::diagnostics::unescape_pointer_token)
        else {
            let hint = if reference.contains("://") {
                "clientgen never fetches from the network: download the file and pass `--map-remote URL_PREFIX=DIR`"
            } else {
                "schemas can refer to `#/components/schemas/...` or to other files by relative path"
            };
            return Err(Error::spec_with_hint(
                ctx.locate(at),
                format!("unsupported schema reference `{reference}`"),
                hint,
            ));
        };
        let Some(id) = self.component_ids.get(&name).copied() else {
            ctx.warn(at, &format!("unresolvable $ref `{reference}`: no such schema; read as untyped JSON"));
            return Ok(Lowered::plain(TypeRef::Json));
        };
        let mut lowered = Lowered::plain(TypeRef::Named(id));
        lowered.nullable = self.component_nullable(&name, 0);
        Ok(lowered)
    }

    /// Whether an `allOf` part accepts `null`: a nullable schema or component, or one that
    /// constrains nothing (a description).
    fn accepts_null(&self, part: &ReferenceOr<Schema>) -> bool {
        match part {
            ReferenceOr::Item(schema) => schema_nullable(schema) || is_empty_schema_item(schema),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/schemas/")
                .is_some_and(|n| self.component_nullable(&crate::diagnostics::unescape_pointer_token(n), 0)),
        }
    }

    /// Whether a component allows `null`, following alias chains and single-part `allOf`s.
    fn component_nullable(&self, name: &str, depth: usize) -> bool {
        if depth > 16 {
            return false;
        }
        match self.components.get(name) {
            Some(ReferenceOr::Item(schema)) => schema_nullable(schema),
            Some(ReferenceOr::Reference { reference }) => reference
                .strip_prefix("#/components/schemas/")
                .is_some_and(|n| self.component_nullable(&crate::diagnostics::unescape_pointer_token(n), depth + 1)),
            None => false,
        }
    }

    /// Lowers a schema use. `hint` names any type it has to create; `at` is its JSON pointer.
    pub fn lower_schema(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        at: &str,
        ctx: &mut Ctx,
    ) -> Result<Lowered, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.lower_ref(reference, at, ctx),
            ReferenceOr::Item(schema) => self.lower_inline(schema, hint, at, ctx),
        }
    }

    /// Same for boxed schemas (properties and items are boxed in openapiv3).
    pub fn lower_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &str,
        at: &str,
        ctx: &mut Ctx,
    ) -> Result<Lowered, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.lower_ref(reference, at, ctx),
            ReferenceOr::Item(schema) => self.lower_inline(schema, hint, at, ctx),
        }
    }

    fn lower_inline(&mut self, schema: &Schema, hint: &str, at: &str, ctx: &mut Ctx) -> Result<Lowered, Error> {
        let data = &schema.schema_data;
        let mut lowered = match self.lower_unnamed(schema, hint, at, ctx)? {
            Some(lowered) => lowered,
            // An inline schema reached again at the same place (an `allOf` merging a component's
            // properties, or a component that contains itself through one): the type made the
            // first time, so recursion ends and no duplicate type is made.
            None if self.inline_ids.contains_key(at) => Lowered::plain(TypeRef::Named(self.inline_ids[at])),
            None => {
                // The schema needs a type of its own.
                let name = self.claim_name(hint);
                let id = self.push(name.clone(), at.to_owned());
                self.inline_ids.insert(at.to_owned(), id);
                let kind = self.lower_kind(schema, &name, at, ctx)?;
                self.types[id.0].kind = kind;
                self.types[id.0].doc = data.description.clone().or_else(|| data.title.clone());
                Lowered::plain(TypeRef::Named(id))
            }
        };
        lowered.nullable |= schema_nullable(schema);
        // `allOf: [{$ref: a nullable object}, {description: …}]` (DigitalOcean's
        // `next_backup_window`): null is valid when every part accepts it.
        if let SchemaKind::AllOf { all_of } = &schema.schema_kind {
            lowered.nullable |= all_of.len() > 1 && all_of.iter().all(|part| self.accepts_null(part));
        }
        if lowered.doc.is_none() {
            lowered.doc = data.description.clone();
        }
        lowered.default = data.default.as_ref().map(|v| v.to_string());
        lowered.deprecated |= data.deprecated;
        lowered.read_only |= data.read_only;
        Ok(lowered)
    }

    /// Lowers schemas that need no named type of their own; `None` means "make one".
    fn lower_unnamed(
        &mut self,
        schema: &Schema,
        hint: &str,
        at: &str,
        ctx: &mut Ctx,
    ) -> Result<Option<Lowered>, Error> {
        let lowered = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if string_enum_values(&s.enumeration).is_empty() => {
                let mut lowered = Lowered::plain(TypeRef::Scalar(string_scalar(&s.format)));
                lowered.constraints = Constraints {
                    max_length: s.max_length.map(|n| n as u64),
                    min_length: s.min_length.map(|n| n as u64),
                };
                lowered
            }
            // A string enum: a named type of its own.
            SchemaKind::Type(Type::String(_)) => return Ok(None),
            SchemaKind::Type(Type::Integer(i)) => {
                let mut scalar = integer_scalar(&i.format);
                if i.format.is_empty() && documents_beyond_i64(&schema.schema_data) {
                    scalar = Scalar::I128;
                }
                let mut lowered = Lowered::plain(TypeRef::Scalar(scalar));
                lowered.doc = enum_values_doc(i.enumeration.iter().flatten().map(|v| v.to_string()));
                lowered
            }
            // `f64` whatever the format: JSON numbers are decimals, and `format: float` is a hint
            // servers do not keep to (an `f32` field rounds `0.3333333333333333` to `0.33333334`
            // and turns values beyond its range into `null` when sent back).
            SchemaKind::Type(Type::Number(_)) => Lowered::plain(TypeRef::Scalar(Scalar::F64)),
            SchemaKind::Type(Type::Boolean(_)) => Lowered::plain(TypeRef::Scalar(Scalar::Bool)),
            SchemaKind::Type(Type::Array(array)) => self.lower_array(array.items.as_ref(), hint, at, ctx)?,
            SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => {
                self.lower_map(object.additional_properties.as_ref(), hint, at, ctx)?
            }
            SchemaKind::Type(Type::Object(_)) => return Ok(None),
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                let mut lowered = self.lower_schema(&all_of[0], hint, &format!("{at}/allOf/0"), ctx)?;
                lowered.doc = None;
                lowered
            }
            // One alternative, or one beside alternatives that are only `null`: that one's value
            // (nullable, see `schema_nullable`), documented by the schema, else by the alternative.
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts }
                if parts.iter().filter(|p| !is_null_only(p)).count() == 1 =>
            {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
                let index = parts.iter().position(|p| !is_null_only(p)).unwrap_or_default();
                let mut lowered = self.lower_schema(&parts[index], hint, &format!("{at}/{key}/{index}"), ctx)?;
                lowered.doc = schema.schema_data.description.clone().or_else(|| inline_description(&parts[index]));
                lowered
            }
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } if parts.is_empty() => {
                Lowered::plain(TypeRef::Json)
            }
            SchemaKind::AllOf { all_of } if all_of.is_empty() => Lowered::plain(TypeRef::Json),
            // One part that says what the value is, the others only describe it
            // (`allOf: [{$ref: Source}, {description: …}]`): the value is that part's, whatever
            // it is (a union stays a union), with the description the wrapper gives.
            SchemaKind::AllOf { all_of } if all_of.iter().filter(|p| !is_empty_schema(p)).count() == 1 => {
                let index = all_of.iter().position(|p| !is_empty_schema(p)).expect("one part counted");
                let mut lowered = self.lower_schema(&all_of[index], hint, &format!("{at}/allOf/{index}"), ctx)?;
                lowered.doc = all_of.iter().find_map(|p| match p {
                    ReferenceOr::Item(part) => part.schema_data.description.clone(),
                    ReferenceOr::Reference { .. } => None,
                });
                lowered
            }
            SchemaKind::AllOf { all_of } => {
                // allOf of a non-object part (an enum, a string) and descriptive parts: use that part.
                let object_like = all_of.iter().filter(|p| self.is_object_like(p, 0)).count();
                if object_like == 0 {
                    let mut kinds: Vec<&str> = Vec::new();
                    for kind in all_of.iter().filter_map(|p| self.scalar_kind(p, 0)) {
                        if !kinds.contains(&kind) {
                            kinds.push(kind);
                        }
                    }
                    if kinds.len() > 1 && !(kinds.len() == 2 && kinds.contains(&"number") && kinds.contains(&"integer"))
                    {
                        ctx.warn(
                            at,
                            &format!(
                                "`allOf` of parts of different types (`{}`): no value can satisfy them all; typed as the first",
                                kinds.join("`, `")
                            ),
                        );
                    }
                    let first_typed = all_of.iter().position(|p| !is_empty_schema(p)).unwrap_or(0);
                    let mut lowered =
                        self.lower_schema(&all_of[first_typed], hint, &format!("{at}/allOf/{first_typed}"), ctx)?;
                    lowered.doc = None;
                    lowered
                } else {
                    return Ok(None);
                }
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => return Ok(None),
            SchemaKind::Not { .. } => Lowered::plain(TypeRef::Json),
            SchemaKind::Any(any) => return self.lower_any_unnamed(any, hint, at, ctx),
        };
        Ok(Some(lowered))
    }

    /// The loose `AnySchema` form (no `type`, or keywords of several types mixed).
    fn lower_any_unnamed(
        &mut self,
        any: &AnySchema,
        hint: &str,
        at: &str,
        ctx: &mut Ctx,
    ) -> Result<Option<Lowered>, Error> {
        let typ = any.typ.as_deref();
        // An `enum` decides the type, whatever it is combined with (`allOf: [$ref], enum: [1, 2]`).
        if !any.enumeration.is_empty() && any.properties.is_empty() {
            if is_string_enum(&any.enumeration) && typ.is_none_or(|t| t == "string") {
                return Ok(None);
            }
            let mut lowered = Lowered::plain(enum_scalar(&any.enumeration, typ));
            lowered.doc = enum_values_doc(any.enumeration.iter().filter(|v| !v.is_null()).map(|v| v.to_string()));
            return Ok(Some(lowered));
        }
        // `type: string` (or another non-object type) beside an `allOf` of non-object parts, as
        // in `{type: string, enum: [], allOf: [{$ref: Kind}]}`: the value is the parts' (an
        // empty `enum`, which no value could satisfy, is read as no restriction).
        let plain_parts = any.properties.is_empty()
            && any.one_of.is_empty()
            && any.any_of.is_empty()
            && !any.all_of.iter().any(|p| self.is_object_like(p, 0));
        if plain_parts && matches!(typ, Some("string" | "integer" | "number" | "boolean" | "array")) {
            if let Some(index) = any.all_of.iter().position(|p| !is_empty_schema(p)) {
                let mut lowered = self.lower_schema(&any.all_of[index], hint, &format!("{at}/allOf/{index}"), ctx)?;
                lowered.doc = None;
                return Ok(Some(lowered));
            }
        } else if !any.properties.is_empty()
            || !any.all_of.is_empty()
            || !any.one_of.is_empty()
            || !any.any_of.is_empty()
        {
            return Ok(None);
        }
        let lowered = match typ {
            Some("array") => self.lower_array(any.items.as_ref(), hint, at, ctx)?,
            Some("object") => self.lower_map(any.additional_properties.as_ref(), hint, at, ctx)?,
            Some("string") => Lowered::plain(TypeRef::Scalar(match any.format.as_deref() {
                Some("date-time") => Scalar::DateTime,
                Some("date") => Scalar::Date,
                _ => Scalar::String,
            })),
            Some("integer") => Lowered::plain(TypeRef::Scalar(Scalar::I64)),
            Some("number") => Lowered::plain(TypeRef::Scalar(Scalar::F64)),
            Some("boolean") => Lowered::plain(TypeRef::Scalar(Scalar::Bool)),
            _ if any.items.is_some() => {
                // JSON Schema lets a schema without `type` match any value; `items` only constrains
                // arrays. Read as a list that also accepts a lone item (what such APIs send), any
                // other value kept as it came, and say so.
                ctx.warn(
                    at,
                    "`items` without `type: array`: read as a list that also accepts a single item; any other value the schema allows is kept as it came (`OneOrMany::other`)",
                );
                let mut lowered = self.lower_array(any.items.as_ref(), hint, at, ctx)?;
                if let TypeRef::Array(item) = lowered.ty {
                    lowered.ty = TypeRef::OneOrMany(item);
                }
                // `null` is one of the values it allows: kept as `null`, not read as absence.
                lowered.nullable = true;
                lowered
            }
            _ if any.additional_properties.is_some() => {
                self.lower_map(any.additional_properties.as_ref(), hint, at, ctx)?
            }
            _ => Lowered::plain(TypeRef::Json),
        };
        Ok(Some(lowered))
    }

    fn lower_array(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        hint: &str,
        at: &str,
        ctx: &mut Ctx,
    ) -> Result<Lowered, Error> {
        let item = match items {
            Some(items) => {
                let lowered = self.lower_boxed(items, &nested_name(hint, "Item"), &format!("{at}/items"), ctx)?;
                if lowered.nullable {
                    TypeRef::Nullable(Box::new(lowered.ty))
                } else {
                    lowered.ty
                }
            }
            None => TypeRef::Json,
        };
        Ok(Lowered::plain(TypeRef::Array(Box::new(item))))
    }

    fn lower_map(
        &mut self,
        additional: Option<&AdditionalProperties>,
        hint: &str,
        at: &str,
        ctx: &mut Ctx,
    ) -> Result<Lowered, Error> {
        let ty = match additional {
            Some(AdditionalProperties::Schema(schema)) if !is_empty_schema(schema) => {
                let lowered =
                    self.lower_schema(schema, &format!("{hint}Value"), &format!("{at}/additionalProperties"), ctx)?;
                let value = lowered.value_type();
                TypeRef::Map(Box::new(value))
            }
            _ => TypeRef::JsonObject,
        };
        Ok(Lowered::plain(ty))
    }

    /// Lowers a schema that becomes a named type of its own.
    fn lower_kind(&mut self, schema: &Schema, name: &str, at: &str, ctx: &mut Ctx) -> Result<TypeKind, Error> {
        if let Some(lowered) = self.lower_unnamed(schema, name, at, ctx)? {
            return Ok(TypeKind::Alias(lowered.ty));
        }
        let discriminator = schema.schema_data.discriminator.as_ref();
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                Ok(TypeKind::Enum(lower_string_enum(&string_enum_values(&s.enumeration))))
            }
            SchemaKind::Type(Type::Object(object)) => {
                let mut fields = Vec::new();
                let mut names = Namespace::default();
                let additional = self.additional_field(object.additional_properties.as_ref(), name, at, ctx)?;
                self.lower_properties(&object.properties, &object.required, name, at, &mut names, &mut fields, ctx)?;
                Self::required_without_schema(&object.required, &mut names, &mut fields);
                Ok(TypeKind::Struct(Struct { fields, additional: name_additional(additional, &mut names) }))
            }
            SchemaKind::AllOf { all_of } => {
                self.lower_all_of(&numbered(all_of, &format!("{at}/allOf"), true), None, name, at, ctx)
            }
            SchemaKind::OneOf { one_of: parts } => {
                self.lower_union(parts, discriminator, None, name, &format!("{at}/oneOf"), ctx)
            }
            SchemaKind::AnyOf { any_of: parts } => {
                self.lower_union(parts, discriminator, None, name, &format!("{at}/anyOf"), ctx)
            }
            SchemaKind::Any(any) => {
                if !any.enumeration.is_empty() && any.properties.is_empty() {
                    // `lower_unnamed` took every enum that is not made of strings.
                    let values: Vec<String> =
                        any.enumeration.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect();
                    return Ok(TypeKind::Enum(lower_string_enum(&values)));
                }
                let alternatives = match (&any.one_of[..], &any.any_of[..]) {
                    ([], []) => None,
                    ([], parts) => Some((parts, "anyOf")),
                    (parts, _) => Some((parts, "oneOf")),
                };
                if let Some((parts, keyword)) = alternatives.filter(|_| any.properties.is_empty()) {
                    return self.lower_union(parts, discriminator, None, name, &format!("{at}/{keyword}"), ctx);
                }
                // Its own `required` applies even with no `properties` of its own (the parts
                // describe them: `allOf: [$ref], required: [a, b]`).
                let own = (!any.properties.is_empty() || !any.required.is_empty()).then_some(Own {
                    properties: &any.properties,
                    required: &any.required,
                    additional: any.additional_properties.as_ref(),
                    all_of: &any.all_of,
                });
                let mut parts = numbered(&any.all_of, &format!("{at}/allOf"), true);
                if let (Some((alternatives, keyword)), Some(own)) = (alternatives, &own) {
                    let pointer = format!("{at}/{keyword}");
                    if alternatives.iter().all(|part| only_constrains(part, own.properties)) {
                        // Alternatives that only narrow the properties declared beside them (and
                        // may keep undeclared ones): one struct holds every value they allow.
                        parts.extend(numbered(alternatives, &pointer, false));
                    } else {
                        // Properties common to alternatives that add their own: a union whose
                        // every variant has the common properties too.
                        return self.lower_union(alternatives, discriminator, Some(*own), name, &pointer, ctx);
                    }
                }
                self.lower_all_of(&parts, own, name, at, ctx)
            }
            _ => Err(Error::Internal(format!("schema at {at} has no named form"))),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_properties(
        &mut self,
        properties: &Properties,
        required: &[String],
        parent: &str,
        at: &str,
        names: &mut Namespace,
        fields: &mut Vec<Field>,
        ctx: &mut Ctx,
    ) -> Result<(), Error> {
        for (wire_name, property) in properties {
            if fields.iter().any(|f: &Field| &f.wire_name == wire_name) {
                continue; // allOf parts repeating a property: the first definition wins.
            }
            let hint = nested_name(parent, &type_name(wire_name, "Field"));
            let pointer = format!("{at}/properties/{}", escape_pointer_token(wire_name));
            let lowered = self.lower_boxed(property, &hint, &pointer, ctx)?;
            let is_required = required.iter().any(|r| r == wire_name);
            let presence = match (is_required, lowered.nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, false) => Presence::Optional,
                (false, true) => Presence::OptionalNullable,
            };
            let mut doc = lowered.doc.clone();
            if let Some(default) = &lowered.default {
                let line = format!("Defaults to `{default}` when absent.");
                doc = Some(match doc {
                    Some(doc) => format!("{doc}\n\n{line}"),
                    None => line,
                });
            }
            if lowered.read_only {
                let line = "Set by the server (read-only).";
                doc = Some(match doc {
                    Some(doc) => format!("{doc}\n\n{line}"),
                    None => line.to_owned(),
                });
            }
            fields.push(Field {
                rust_name: names.claim(&value_name(wire_name, "field")),
                wire_name: wire_name.clone(),
                ty: lowered.ty,
                presence,
                boxed: false,
                doc,
                constraints: lowered.constraints,
                deprecated: lowered.deprecated,
            });
        }
        Ok(())
    }

    /// JSON Schema lets `required` name a property no `properties` describes: the value must
    /// still have it, of any type. Called once every part's properties are fields.
    fn required_without_schema(required: &[String], names: &mut Namespace, fields: &mut Vec<Field>) {
        for wire_name in required {
            if fields.iter().any(|f: &Field| &f.wire_name == wire_name) {
                continue;
            }
            fields.push(Field {
                rust_name: names.claim(&value_name(wire_name, "field")),
                wire_name: wire_name.clone(),
                ty: TypeRef::Json,
                presence: Presence::Required,
                boxed: false,
                doc: Some("Required by the spec, which gives it no schema: any JSON value.".to_owned()),
                constraints: Default::default(),
                deprecated: false,
            });
        }
    }

    fn additional_field(
        &mut self,
        additional: Option<&AdditionalProperties>,
        name: &str,
        at: &str,
        ctx: &mut Ctx,
    ) -> Result<Option<TypeRef>, Error> {
        Ok(match additional {
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::JsonObject),
            Some(AdditionalProperties::Schema(schema)) if is_empty_schema(schema) => Some(TypeRef::JsonObject),
            Some(AdditionalProperties::Schema(schema)) => {
                let lowered =
                    self.lower_schema(schema, &format!("{name}Value"), &format!("{at}/additionalProperties"), ctx)?;
                let value = lowered.value_type();
                Some(TypeRef::Map(Box::new(value)))
            }
            _ => None,
        })
    }

    /// Merges the object parts of an `allOf` (and the schema's own properties) into one struct.
    /// A part that does not bind (`binds: false`, an alternative folded in) adds its properties
    /// and extra properties but not its `required`, which holds only when it is the one chosen.
    fn lower_all_of(
        &mut self,
        parts: &[Part<'_>],
        own: Option<Own<'_>>,
        name: &str,
        at: &str,
        ctx: &mut Ctx,
    ) -> Result<TypeKind, Error> {
        let mut fields = Vec::new();
        let mut names = Namespace::default();
        let mut required: Vec<String> = Vec::new();
        let mut additional = None;
        // Required lists apply across parts (a part may require a property another declares).
        let mut collected: Vec<(Properties, String)> = Vec::new();
        if let Some(own) = own {
            required.extend(own.required.iter().cloned());
            collected.push((own.properties.clone(), at.to_owned()));
            additional = self.additional_field(own.additional, name, at, ctx)?;
        }
        // Components already merged into this struct are not merged again: an `allOf` cycle
        // (`A: allOf [B]`, `B: allOf [A]`) is the union of its members' properties.
        let outer = std::mem::take(&mut self.merged);
        let mut result = Ok(());
        for part in parts {
            let binding = required.len();
            result = self.collect_object_parts(
                part.schema,
                &part.pointer,
                &mut collected,
                &mut required,
                &mut additional,
                name,
                ctx,
                0,
            );
            if !part.binds {
                required.truncate(binding);
            }
            if result.is_err() {
                break;
            }
        }
        self.merged = outer;
        result?;
        for (properties, pointer) in &collected {
            self.lower_properties(properties, &required, name, pointer, &mut names, &mut fields, ctx)?;
        }
        Self::required_without_schema(&required, &mut names, &mut fields);
        Ok(TypeKind::Struct(Struct { fields, additional: name_additional(additional, &mut names) }))
    }

    /// The type of one alternative of a union whose schema declares properties beside it: the
    /// alternative merged with those properties (and the schema's `allOf` parts).
    fn lower_with_common(
        &mut self,
        common: Own<'_>,
        part: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &str,
        at: &str,
        ctx: &mut Ctx,
    ) -> Result<Lowered, Error> {
        if let Some(&id) = self.inline_ids.get(pointer) {
            return Ok(Lowered::plain(TypeRef::Named(id)));
        }
        let name = self.claim_name(hint);
        let id = self.push(name.clone(), pointer.to_owned());
        self.inline_ids.insert(pointer.to_owned(), id);
        let mut parts = numbered(common.all_of, &format!("{at}/allOf"), true);
        parts.push(Part { schema: part, pointer: pointer.to_owned(), binds: true });
        let kind = self.lower_all_of(&parts, Some(common), &name, at, ctx)?;
        self.types[id.0].kind = kind;
        self.types[id.0].doc = match part {
            ReferenceOr::Item(schema) => schema.schema_data.description.clone().or(schema.schema_data.title.clone()),
            ReferenceOr::Reference { reference } => {
                let component = reference.strip_prefix("#/components/schemas/").map(unescape_pointer_token);
                component
                    .and_then(|c| self.components.get(&c))
                    .and_then(|c| c.as_item())
                    .and_then(|schema| schema.schema_data.description.clone().or(schema.schema_data.title.clone()))
            }
        };
        Ok(Lowered::plain(TypeRef::Named(id)))
    }

    #[allow(clippy::too_many_arguments)]
    fn collect_object_parts(
        &mut self,
        part: &ReferenceOr<Schema>,
        at: &str,
        collected: &mut Vec<(Properties, String)>,
        required: &mut Vec<String>,
        additional: &mut Option<TypeRef>,
        name: &str,
        ctx: &mut Ctx,
        depth: usize,
    ) -> Result<(), Error> {
        if depth > 32 {
            return Err(Error::spec(ctx.locate(at), "allOf nests or refers to itself too deeply to merge"));
        }
        let (schema, pointer) = match part {
            ReferenceOr::Item(schema) => (schema, at.to_owned()),
            ReferenceOr::Reference { reference } => {
                let component =
                    reference.strip_prefix("#/components/schemas/").map(crate::diagnostics::unescape_pointer_token);
                if let Some(component) = &component {
                    if self.merged.contains(component) {
                        return Ok(());
                    }
                    self.merged.push(component.clone());
                }
                match component.as_deref().and_then(|n| self.components.get(n)) {
                    Some(ReferenceOr::Item(schema)) => (
                        schema,
                        format!(
                            "#/components/schemas/{}",
                            escape_pointer_token(component.as_deref().unwrap_or_default())
                        ),
                    ),
                    Some(inner @ ReferenceOr::Reference { .. }) => {
                        let inner = inner.clone();
                        return self.collect_object_parts(
                            &inner,
                            at,
                            collected,
                            required,
                            additional,
                            name,
                            ctx,
                            depth + 1,
                        );
                    }
                    None => {
                        let message =
                            format!("unresolvable $ref `{reference}` in allOf: no such schema; part left out");
                        ctx.warn(at, &message);
                        return Ok(());
                    }
                }
            }
        };
        if schema.schema_data.extensions.contains_key(crate::load::UNTYPED_EXTENSION) {
            // A part standing in for a reference the spec does not define allows any object:
            // the struct keeps the properties it does not declare.
            if additional.is_none() {
                *additional = Some(TypeRef::JsonObject);
            }
            return Ok(());
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                required.extend(object.required.iter().cloned());
                collected.push((object.properties.clone(), pointer.clone()));
                if additional.is_none() {
                    *additional = self.additional_field(object.additional_properties.as_ref(), name, &pointer, ctx)?;
                }
            }
            SchemaKind::AllOf { all_of } | SchemaKind::Any(AnySchema { all_of, .. }) => {
                if let SchemaKind::Any(any) = &schema.schema_kind {
                    if !any.one_of.is_empty() || !any.any_of.is_empty() {
                        ctx.warn(
                            &pointer,
                            "the `oneOf`/`anyOf` of an allOf part is not represented in the merged struct: only the properties the parts declare are kept",
                        );
                    }
                    required.extend(any.required.iter().cloned());
                    if !any.properties.is_empty() {
                        collected.push((any.properties.clone(), pointer.clone()));
                    }
                    if additional.is_none() {
                        *additional = self.additional_field(any.additional_properties.as_ref(), name, &pointer, ctx)?;
                    }
                }
                for (index, inner) in all_of.iter().enumerate() {
                    let at = format!("{pointer}/allOf/{index}");
                    self.collect_object_parts(inner, &at, collected, required, additional, name, ctx, depth + 1)?;
                }
            }
            // oneOf/anyOf inside allOf, or a scalar part: its properties cannot be merged; the
            // struct keeps the object parts and the rest is reported.
            _ if is_empty_schema_item(schema) => {}
            _ => ctx.warn(
                &pointer,
                "allOf part is not an object; its constraints are not represented in the merged struct",
            ),
        }
        Ok(())
    }

    fn lower_union(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
        common: Option<Own<'_>>,
        name: &str,
        at: &str,
        ctx: &mut Ctx,
    ) -> Result<TypeKind, Error> {
        let mut variants = Vec::new();
        let mut names = Namespace::with_reserved(&["Unknown"]);
        let all_nullable =
            parts.len() > 1 && parts.iter().all(|p| matches!(p, ReferenceOr::Item(s) if schema_nullable(s)));
        let implicit = discriminator.is_none().then(|| super::tags::implicit_tag(parts, self.components)).flatten();
        if let Some(common) = common {
            // The common properties' own types are named after the union, once: every variant
            // reaches them at the same pointers and so shares them.
            let parent = at.rsplit_once('/').map_or(at, |(parent, _)| parent);
            let (mut scratch_names, mut scratch) = (Namespace::default(), Vec::new());
            self.lower_properties(
                common.properties,
                common.required,
                name,
                parent,
                &mut scratch_names,
                &mut scratch,
                ctx,
            )?;
        }
        // A 3.0 `null` alternative makes the union nullable (`schema_nullable`), not a variant.
        for (index, part) in parts.iter().enumerate().filter(|(_, p)| !is_null_only(p)) {
            let pointer = format!("{at}/{index}");
            let (variant_hint, tag_values) = match part {
                ReferenceOr::Reference { reference } => {
                    let component = reference
                        .rsplit('/')
                        .next()
                        .map(crate::diagnostics::unescape_pointer_token)
                        .unwrap_or_default();
                    let tags = discriminator.map(|d| {
                        let mapped: Vec<String> = d
                            .mapping
                            .iter()
                            .filter(|(_, target)| *target == reference || target.as_str() == component)
                            .map(|(value, _)| value.clone())
                            .collect();
                        if mapped.is_empty() {
                            vec![component.clone()]
                        } else {
                            mapped
                        }
                    });
                    (type_name(&component, "Variant"), tags.unwrap_or_default())
                }
                ReferenceOr::Item(schema) => (variant_name_for_inline(schema, index, parts), Vec::new()),
            };
            let (variant_hint, tag_values) = match &implicit {
                Some((_, values)) => {
                    let untitled = matches!(part, ReferenceOr::Item(s) if s.schema_data.title.is_none());
                    let from_value = type_name(&values[index], "Variant");
                    let hint = if untitled && !from_value.is_empty() { from_value } else { variant_hint };
                    (hint, vec![values[index].clone()])
                }
                None => (variant_hint, tag_values),
            };
            let hint = nested_name(name, &variant_hint);
            let lowered = match common {
                Some(common) => {
                    let parent = at.rsplit_once('/').map_or(at, |(parent, _)| parent);
                    self.lower_with_common(common, part, &hint, &pointer, parent, ctx)?
                }
                None => self.lower_schema(part, &hint, &pointer, ctx)?,
            };
            // When every alternative is nullable the union itself is (see `schema_nullable`).
            let keep_null = lowered.nullable && !all_nullable && !matches!(lowered.ty, TypeRef::Json);
            let ty = if keep_null { TypeRef::Nullable(Box::new(lowered.ty)) } else { lowered.ty };
            variants.push(UnionVariant {
                rust_name: names.claim(&variant_hint),
                tag_values,
                ty,
                boxed: false,
                doc: None,
            });
        }
        let tag = discriminator
            .map(|d| d.property_name.clone())
            .or(implicit.map(|(property, _)| property))
            .filter(|_| variants.iter().all(|v| !v.tag_values.is_empty()));
        Ok(TypeKind::Union(Union { variants, tag, tolerant: false }))
    }

    /// The JSON type a schema (through references) declares, if it is a scalar or array type.
    fn scalar_kind(&self, part: &ReferenceOr<Schema>, depth: usize) -> Option<&'static str> {
        if depth > 16 {
            return None;
        }
        match part {
            ReferenceOr::Reference { reference } => {
                let name =
                    reference.strip_prefix("#/components/schemas/").map(crate::diagnostics::unescape_pointer_token)?;
                self.scalar_kind(self.components.get(&name)?, depth + 1)
            }
            ReferenceOr::Item(schema) => match &schema.schema_kind {
                SchemaKind::Type(Type::String(_)) => Some("string"),
                SchemaKind::Type(Type::Integer(_)) => Some("integer"),
                SchemaKind::Type(Type::Number(_)) => Some("number"),
                SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
                SchemaKind::Type(Type::Array(_)) => Some("array"),
                _ => None,
            },
        }
    }

    fn is_object_like(&self, part: &ReferenceOr<Schema>, depth: usize) -> bool {
        if depth > 16 {
            return false;
        }
        match part {
            ReferenceOr::Reference { reference } => {
                let name =
                    reference.strip_prefix("#/components/schemas/").map(crate::diagnostics::unescape_pointer_token);
                match name.as_deref().and_then(|n| self.components.get(n)) {
                    Some(inner) => self.is_object_like(inner, depth + 1),
                    None => false,
                }
            }
            ReferenceOr::Item(schema) => match &schema.schema_kind {
                SchemaKind::Type(Type::Object(_)) => true,
                SchemaKind::AllOf { all_of } => all_of.iter().any(|p| self.is_object_like(p, depth + 1)),
                SchemaKind::Any(any) => {
                    !any.properties.is_empty() || any.typ.as_deref() == Some("object") || !any.all_of.is_empty()
                }
                _ => false,
            },
        }
    }
}

/// What a schema declares beside its `allOf`/`oneOf`/`anyOf`: merged into every part's struct.
#[derive(Clone, Copy)]
struct Own<'s> {
    properties: &'s Properties,
    required: &'s [String],
    additional: Option<&'s AdditionalProperties>,
    all_of: &'s [ReferenceOr<Schema>],
}

/// A part merged into a struct, at its pointer; `binds`: its `required` list applies.
struct Part<'s> {
    schema: &'s ReferenceOr<Schema>,
    pointer: String,
    binds: bool,
}

fn numbered<'s>(parts: &'s [ReferenceOr<Schema>], at: &str, binds: bool) -> Vec<Part<'s>> {
    parts.iter().enumerate().map(|(index, schema)| Part { schema, pointer: format!("{at}/{index}"), binds }).collect()
}

/// An alternative that only narrows properties declared beside it (`{properties: {status:
/// {enum: [done]}}, required: [conclusion]}`): inline, with no property or part of its own.
fn only_constrains(part: &ReferenceOr<Schema>, declared: &Properties) -> bool {
    let ReferenceOr::Item(schema) = part else { return false };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => object.properties.keys().all(|k| declared.contains_key(k)),
        SchemaKind::Any(any) => {
            any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.typ.as_deref().is_none_or(|t| t == "object")
                && any.properties.keys().all(|k| declared.contains_key(k))
        }
        _ => false,
    }
}

/// Names the flattened map of undeclared properties after the declared fields are named.
fn name_additional(ty: Option<TypeRef>, names: &mut Namespace) -> Option<AdditionalField> {
    ty.map(|ty| AdditionalField { rust_name: names.claim("additional_properties"), ty })
}

/// A name for an inline alternative of a union, from what it means rather than where it is:
/// its `title`; for a string, its format (`DateTime`, `Uri`) or its one enum value (`""` →
/// `Empty`, `auto` → `Auto`); for a list, what it lists (`StringArray`, `UserArray`); for an
/// object, the first property (required first) no other alternative has (`{"text": …}` →
/// `Text`). `Object0`/`Variant1` only where none of these applies.
fn variant_name_for_inline(schema: &Schema, index: usize, parts: &[ReferenceOr<Schema>]) -> String {
    if let Some(title) = &schema.schema_data.title {
        let name = type_name(title, "Variant");
        if !name.is_empty() {
            return name;
        }
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            if let [Some(only)] = string.enumeration.as_slice() {
                return if only.is_empty() { "Empty".to_owned() } else { type_name(only, "String") };
            }
            match &string.format {
                VariantOrUnknownOrEmpty::Item(format) => type_name(&format!("{format:?}"), "String"),
                VariantOrUnknownOrEmpty::Unknown(format) => type_name(format, "String"),
                VariantOrUnknownOrEmpty::Empty => "String".to_owned(),
            }
        }
        SchemaKind::Type(Type::Integer(_)) => "Integer".to_owned(),
        SchemaKind::Type(Type::Number(_)) => "Number".to_owned(),
        SchemaKind::Type(Type::Boolean(_)) => "Boolean".to_owned(),
        SchemaKind::Type(Type::Array(array)) => {
            let item = match &array.items {
                Some(ReferenceOr::Reference { reference }) => reference
                    .rsplit('/')
                    .next()
                    .map(|c| type_name(&crate::diagnostics::unescape_pointer_token(c), "Item")),
                Some(ReferenceOr::Item(item)) => match &item.schema_kind {
                    SchemaKind::Type(Type::String(_)) => Some("String".to_owned()),
                    SchemaKind::Type(Type::Integer(_)) => Some("Integer".to_owned()),
                    SchemaKind::Type(Type::Number(_)) => Some("Number".to_owned()),
                    SchemaKind::Type(Type::Boolean(_)) => Some("Boolean".to_owned()),
                    SchemaKind::Type(Type::Array(_)) => Some("Array".to_owned()),
                    _ => item.schema_data.title.as_deref().map(|t| type_name(t, "Item")),
                },
                None => None,
            };
            format!("{}Array", item.unwrap_or_default())
        }
        SchemaKind::Type(Type::Object(object)) => {
            distinguishing_property(object, parts).unwrap_or_else(|| format!("Object{index}"))
        }
        _ => format!("Variant{index}"),
    }
}

/// The first property of an object alternative (required ones first) that no other inline
/// alternative declares, as a type name.
fn distinguishing_property(object: &openapiv3::ObjectType, parts: &[ReferenceOr<Schema>]) -> Option<String> {
    let others: Vec<&openapiv3::ObjectType> = parts
        .iter()
        .filter_map(|p| match p {
            ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(Type::Object(o)), .. }) => Some(o),
            _ => None,
        })
        .filter(|o| !std::ptr::eq(*o, object))
        .collect();
    let unique = |name: &&String| others.iter().all(|o| !o.properties.contains_key(name.as_str()));
    let required = object.required.iter().filter(|r| object.properties.contains_key(r.as_str()));
    required
        .chain(object.properties.keys())
        .find(unique)
        .map(|name| type_name(name, "Object"))
        .filter(|name| !name.is_empty() && name != "Object")
}

fn string_scalar(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Scalar {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Scalar::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Scalar::Date,
        _ => Scalar::String,
    }
}

/// Whether an integer schema's own example or default is a whole number beyond `i64` (Kafka's
/// `Long.MAX_VALUE` as JavaScript prints it, `9223372036854776000`): without a format, JSON
/// Schema integers have no bound, and values the spec shows must decode.
fn documents_beyond_i64(data: &openapiv3::SchemaData) -> bool {
    [&data.example, &data.default].into_iter().flatten().any(|value| match value {
        serde_json::Value::Number(n) => {
            n.as_i64().is_none() && (n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0))
        }
        _ => false,
    })
}

fn integer_scalar(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> Scalar {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Scalar::I32,
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => Scalar::I64,
        VariantOrUnknownOrEmpty::Unknown(f) => match f.as_str() {
            "int8" | "int16" => Scalar::I32,
            "uint8" | "uint16" | "uint32" => Scalar::U32,
            "uint64" | "uint" => Scalar::U64,
            _ => Scalar::I64,
        },
        VariantOrUnknownOrEmpty::Empty => Scalar::I64,
    }
}

fn string_enum_values(values: &[Option<String>]) -> Vec<String> {
    let mut seen = Vec::new();
    for value in values.iter().flatten() {
        if !seen.contains(value) {
            seen.push(value.clone());
        }
    }
    seen
}

/// Whether enum values are strings (a `null` among them makes the enum nullable, not untyped).
fn is_string_enum(values: &[serde_json::Value]) -> bool {
    values.iter().any(serde_json::Value::is_string) && values.iter().all(|v| v.is_string() || v.is_null())
}

/// The scalar a non-string enum's values share (`type` first, else inferred from the values).
fn enum_scalar(values: &[serde_json::Value], typ: Option<&str>) -> TypeRef {
    let values: Vec<&serde_json::Value> = values.iter().filter(|v| !v.is_null()).collect();
    let all = |f: fn(&serde_json::Value) -> bool| !values.is_empty() && values.iter().all(|v| f(v));
    match typ {
        Some("integer") => TypeRef::Scalar(Scalar::I64),
        Some("number") => TypeRef::Scalar(Scalar::F64),
        Some("boolean") => TypeRef::Scalar(Scalar::Bool),
        Some("string") => TypeRef::Scalar(Scalar::String),
        None if all(|v| v.is_i64() || v.is_u64()) => TypeRef::Scalar(Scalar::I64),
        None if all(serde_json::Value::is_number) => TypeRef::Scalar(Scalar::F64),
        None if all(serde_json::Value::is_boolean) => TypeRef::Scalar(Scalar::Bool),
        _ => TypeRef::Json,
    }
}

fn lower_string_enum(values: &[String]) -> StringEnum {
    let mut names = Namespace::with_reserved(&["Unknown"]);
    let variants = values
        .iter()
        .map(|value| {
            let wanted = if value.trim().is_empty() { "Empty".to_owned() } else { type_name(value, "V") };
            EnumVariant { rust_name: names.claim(&wanted), wire_value: value.clone() }
        })
        .collect();
    StringEnum { variants, tolerant: false }
}

fn enum_values_doc(values: impl Iterator<Item = String>) -> Option<String> {
    let values: Vec<String> = values.map(|v| format!("`{v}`")).collect();
    (!values.is_empty()).then(|| format!("One of {}.", values.join(", ")))
}

/// Whether a schema allows `null`: `nullable: true`, or a `null` among its enum values.
pub fn schema_nullable(schema: &Schema) -> bool {
    schema.schema_data.nullable
        || match &schema.schema_kind {
            // OpenAPI 3.0 idioms for a nullable union: every alternative is nullable, or one
            // alternative is `null` alone.
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } if parts.len() > 1 => {
                parts.iter().all(|p| matches!(p, ReferenceOr::Item(s) if schema_nullable(s)))
                    || parts.iter().any(is_null_only)
            }
            SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_none),
            SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().any(Option::is_none),
            SchemaKind::Any(any) => any.enumeration.iter().any(serde_json::Value::is_null),
            _ => false,
        }
}

/// The one inline schema a schema only wraps, with its pointer below the wrapper: the single
/// part of an `allOf`, or the single alternative (beside `null` ones) of a `oneOf`/`anyOf`.
fn only_inline_part(schema: &Schema) -> Option<(&Schema, String)> {
    let (key, parts) = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } if all_of.len() == 1 => ("allOf", all_of),
        SchemaKind::OneOf { one_of } => ("oneOf", one_of),
        SchemaKind::AnyOf { any_of } => ("anyOf", any_of),
        _ => return None,
    };
    let mut kept = parts.iter().enumerate().filter(|(_, p)| !is_null_only(p));
    let (index, part) = kept.next()?;
    if kept.next().is_some() {
        return None;
    }
    match part {
        ReferenceOr::Item(inner) => Some((inner, format!("/{key}/{index}"))),
        ReferenceOr::Reference { .. } => None,
    }
}

/// An alternative whose only value is `null` (OpenAPI 3.0 has no `type: null`; it writes
/// `nullable: true` with `enum: [null]`).
fn is_null_only(part: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = part else { return false };
    let all_null = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => !s.enumeration.is_empty() && s.enumeration.iter().all(Option::is_none),
        SchemaKind::Type(Type::Integer(i)) => !i.enumeration.is_empty() && i.enumeration.iter().all(Option::is_none),
        SchemaKind::Type(Type::Number(n)) => !n.enumeration.is_empty() && n.enumeration.iter().all(Option::is_none),
        SchemaKind::Type(Type::Boolean(b)) => !b.enumeration.is_empty() && b.enumeration.iter().all(Option::is_none),
        SchemaKind::Any(any) => !any.enumeration.is_empty() && any.enumeration.iter().all(serde_json::Value::is_null),
        _ => false,
    };
    schema.schema_data.nullable && all_null
}

/// The description an inline alternative gives (a referenced one documents its own type).
fn inline_description(part: &ReferenceOr<Schema>) -> Option<String> {
    match part {
        ReferenceOr::Item(schema) => schema.schema_data.description.clone(),
        ReferenceOr::Reference { .. } => None,
    }
}

fn is_empty_schema(schema: &ReferenceOr<Schema>) -> bool {
    match schema {
        ReferenceOr::Item(schema) => is_empty_schema_item(schema),
        ReferenceOr::Reference { .. } => false,
    }
}

fn is_empty_schema_item(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == AnySchema::default())
}
