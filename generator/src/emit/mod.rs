//! Stage 3: IR → Rust items (syntax trees for the repeated shapes, `quote!` tokens for the
//! rest; see `syntax`). Knows nothing about OpenAPI: every name and decision comes from the IR.
//! Split by the shape of the output: `types` (data types), `client` (client and methods),
//! `docs` (spec text → safe rustdoc), `syntax` (constructors for syntax trees).

mod client;
pub mod docs;
mod syntax;
mod types;

use crate::ir::{Api, Scalar, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Emits the items of one client. Units (one named type, or one operation's parameter struct
/// and error enum) can be emitted independently, so rendering can split them across threads.
pub struct Emitter<'a> {
    api: &'a Api,
    needs_validation: Vec<bool>,
    options: EmitOptions,
    short: ShortNames,
}

/// Names of runtime and library types that generated files import (`use`) and then write
/// short, as a person would: `DateTime<FixedOffset>` rather than the full path. A name the
/// API's own types also use is written in full instead, so an import never hides a type.
#[derive(Debug, Clone, Default)]
pub struct ShortNames {
    available: std::collections::BTreeSet<&'static str>,
}

/// Every name that may be imported, with the path it imports.
pub const IMPORTABLE: &[(&str, &str)] = &[
    ("BTreeMap", "std::collections::BTreeMap"),
    ("DateTime", "clientgen_runtime::chrono::DateTime"),
    ("FixedOffset", "clientgen_runtime::chrono::FixedOffset"),
    ("Map", "clientgen_runtime::serde_json::Map"),
    ("NaiveDate", "clientgen_runtime::chrono::NaiveDate"),
    ("OneOrMany", "clientgen_runtime::OneOrMany"),
    ("Patch", "clientgen_runtime::Patch"),
    ("Value", "clientgen_runtime::serde_json::Value"),
];

impl ShortNames {
    fn new(api: &Api) -> ShortNames {
        let taken: std::collections::HashSet<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
        ShortNames { available: IMPORTABLE.iter().map(|(name, _)| *name).filter(|n| !taken.contains(n)).collect() }
    }

    /// `name` (to be imported) when it is free, else the full path `::segments…`.
    fn path(&self, name: &'static str, full: &[&str]) -> syn::Path {
        if self.available.contains(name) {
            syntax::path(false, &[name])
        } else {
            syntax::path(true, full)
        }
    }
}

/// Choices about the emitted code that are not in the spec.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EmitOptions {
    /// Derive both `Serialize` and `Deserialize` on every type. Off: request types get
    /// `Serialize`, response (and unreferenced) types `Deserialize` — serde's derives are most of
    /// a large client's compile time, so deriving only what is used roughly halves it.
    pub serialize_both_ways: bool,
    /// A Cargo feature per top-level group, gating its methods and the types only it reaches
    /// (see [`crate::gates`]). Only for a crate of its own: a build script's `include!`d file
    /// is compiled with its includer's features, which have none of these.
    pub tag_features: bool,
}

impl<'a> Emitter<'a> {
    /// Prepares emission (decides which types need a `Validate` impl).
    pub fn new(api: &'a Api, options: EmitOptions) -> Emitter<'a> {
        Emitter { api, needs_validation: types::validation_needs(api), options, short: ShortNames::new(api) }
    }

    fn type_tokens(&self, in_client: bool) -> TypeTokens<'_> {
        TypeTokens { api: self.api, in_client, needs_validation: &self.needs_validation, short: &self.short }
    }

    /// The crate root's re-exports of the runtime: everything a caller names (errors, `Patch`,
    /// uploads, streams and `StreamExt` to read them), so the generated crate and an async
    /// runtime are all a caller needs.
    pub fn reexports(&self) -> TokenStream {
        let device = self
            .api
            .auth
            .iter()
            .any(|a| matches!(a, crate::ir::AuthScheme::Bearer { device_authorization: Some(_), .. }));
        let device = device.then(|| {
            quote!(
                pub use ::clientgen_runtime::{DeviceAuthorization, DeviceCode, DeviceToken, TokenError};
            )
        });
        quote! {
            pub use ::clientgen_runtime::{
                ApiError, BuildError, ByteStream, Call, DecodeError, Error, Event, EventError, EventStream, InvalidRequest, JsonLines, LineError,
                OneOrMany, Patch, Reconnect, RetryPolicy, StreamError, StreamExt, Upload, WithResponse,
            };
            #device
        }
    }

    /// The client and its builder.
    pub fn client_items(&self) -> TokenStream {
        client::emit_client(self.api, &self.type_tokens(true))
    }

    /// The handles of these groups, and the methods of these operations (indices) on the
    /// client or on their groups' handles.
    pub fn method_items(&self, groups: &[usize], operations: &[usize]) -> Vec<syn::Item> {
        let ops: Vec<&crate::ir::Operation> = operations.iter().map(|&i| &self.api.operations[i]).collect();
        client::emit_methods(groups, &ops, &self.type_tokens(true))
    }

    /// The API being emitted.
    pub fn api(&self) -> &Api {
        self.api
    }

    /// Number of operations.
    pub fn operation_count(&self) -> usize {
        self.api.operations.len()
    }

    /// Number of units in the `types` module.
    pub fn unit_count(&self) -> usize {
        self.api.types.len() + self.api.operations.len()
    }

    /// The items of one unit of the `types` module, in output order.
    pub fn unit_items(&self, unit: usize) -> Vec<Item> {
        let in_types = self.type_tokens(false);
        if let Some(def) = self.api.types.get(unit) {
            let serde = types::SerdeDerives::for_usage(def.usage, self.options);
            let mut items = types::emit_type(def, self.needs_validation[unit], serde, &in_types);
            if let Some(iterable) = self.api.iterable.iter().find(|i| i.ty.0 == unit) {
                items.push(Item::Tokens(types::emit_into_iterator(def, iterable, &in_types)));
            }
            return items;
        }
        let op = &self.api.operations[unit - self.api.types.len()];
        let mut items = Vec::new();
        if let Some(name) = &op.params_struct {
            items.push(Item::Tokens(types::emit_params_struct(op, name, &in_types)));
        }
        if let Some(form) = op.body.as_ref().and_then(|b| b.multipart.as_ref()) {
            items.push(Item::Tokens(types::emit_multipart_struct(op, form, &in_types)));
        }
        if let Some(name) = &op.error_enum {
            items.push(Item::Tokens(types::emit_error_enum(op, name, &in_types)));
        }
        if let Some(name) = &op.headers_struct {
            items.push(Item::Tokens(types::emit_headers_struct(op, name, &in_types)));
        }
        items
    }
}

/// Renders type references, relative to where they are used.
pub struct TypeTokens<'a> {
    api: &'a Api,
    /// Whether the type is named from the client (`types::Name`) or from inside the `types`
    /// module (`Name`).
    in_client: bool,
    /// Which named types implement `Validate`.
    pub needs_validation: &'a [bool],
    /// Which library types are written short (and imported).
    short: &'a ShortNames,
}

impl TypeTokens<'_> {
    /// What an untagged union's alternative keeps of a JSON object: `Some(names)` for a struct
    /// (its properties' wire names), `None` for one that keeps every property (a map, untyped
    /// JSON, a struct with `additionalProperties`), `Some([])` for anything else.
    pub fn kept_properties(&self, ty: &TypeRef) -> Option<Vec<&str>> {
        self.kept_within(ty, 0)
    }

    fn kept_within(&self, ty: &TypeRef, depth: usize) -> Option<Vec<&str>> {
        match ty {
            TypeRef::Nullable(inner) => self.kept_within(inner, depth),
            TypeRef::Json | TypeRef::JsonObject | TypeRef::Map(_) => None,
            TypeRef::Named(id) if depth < 16 => match &self.api.types[id.0].kind {
                crate::ir::TypeKind::Struct(s) if s.additional.is_none() => {
                    Some(s.fields.iter().map(|f| f.wire_name.as_str()).collect())
                }
                crate::ir::TypeKind::Struct(_) => None,
                crate::ir::TypeKind::Alias(inner) => self.kept_within(inner, depth + 1),
                _ => Some(Vec::new()),
            },
            _ => Some(Vec::new()),
        }
    }

    /// `ty` with every alias in it, at any depth, replaced by what it names.
    fn unaliased(&self, ty: &TypeRef) -> TypeRef {
        let wrap = |inner: &TypeRef, make: fn(Box<TypeRef>) -> TypeRef| make(Box::new(self.unaliased(inner)));
        match self.resolved(ty) {
            TypeRef::Array(inner) => wrap(inner, TypeRef::Array),
            TypeRef::OneOrMany(inner) => wrap(inner, TypeRef::OneOrMany),
            TypeRef::Map(inner) => wrap(inner, TypeRef::Map),
            TypeRef::Nullable(inner) => wrap(inner, TypeRef::Nullable),
            other => other.clone(),
        }
    }

    /// `ty` with aliases followed to what they name.
    fn resolved<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
        let mut ty = ty;
        for _ in 0..self.api.types.len() {
            match ty {
                TypeRef::Named(id) => match &self.api.types[id.0].kind {
                    crate::ir::TypeKind::Alias(inner) => ty = inner,
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }

    /// The variants of request union `union` (a named type) that a value converts into with
    /// `From`: those whose payload type no other variant has and is not the union itself.
    /// Empty for a union only responses use (nothing builds one).
    pub fn from_variants<'u>(
        &self,
        union: crate::ir::TypeId,
        u: &'u crate::ir::Union,
    ) -> Vec<&'u crate::ir::UnionVariant> {
        if !self.api.types[union.0].usage.request {
            return Vec::new();
        }
        // Two variants of one Rust type (`Option<A>` and `Option<B>` of two aliases of `String`)
        // would give conflicting impls: compared with aliases followed at every depth.
        let keys: Vec<String> =
            u.variants.iter().map(|v| self.type_tokens(&self.unaliased(&v.ty)).to_string()).collect();
        u.variants
            .iter()
            .zip(&keys)
            .filter(|(v, _)| *self.resolved(&v.ty) != TypeRef::Named(union))
            .filter(|(_, key)| keys.iter().filter(|k| k == key).count() == 1)
            .map(|(v, _)| v)
            .collect()
    }

    /// Whether a setter or constructor takes `impl Into<ty>` for `ty`: scalars, and request
    /// unions some alternative converts into.
    pub fn takes_into(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Scalar(_) => true,
            TypeRef::Named(id) => match &self.api.types[id.0].kind {
                crate::ir::TypeKind::Union(u) => !self.from_variants(*id, u).is_empty(),
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether `ty` is a struct (through aliases and `null`).
    pub fn is_struct(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Nullable(inner) => self.is_struct(inner),
            TypeRef::Named(id) => match &self.api.types[id.0].kind {
                crate::ir::TypeKind::Struct(_) => true,
                crate::ir::TypeKind::Alias(inner) => !matches!(inner, TypeRef::Named(_)) && self.is_struct(inner),
                _ => false,
            },
            _ => false,
        }
    }

    /// The Rust type for `ty`, as tokens (for the quoted shapes).
    pub fn type_tokens(&self, ty: &TypeRef) -> TokenStream {
        quote::ToTokens::into_token_stream(self.syn_type(ty))
    }

    /// The Rust type for `ty`.
    pub fn syn_type(&self, ty: &TypeRef) -> syn::Type {
        match ty {
            TypeRef::Named(id) => {
                let name = self.api.types[id.0].name.as_str();
                if self.in_client {
                    syntax::path_type(syntax::path(false, &["types", name]))
                } else {
                    syntax::path_type(syntax::path(false, &[name]))
                }
            }
            TypeRef::Scalar(scalar) => self.scalar_type(*scalar),
            TypeRef::Array(inner) => syntax::generic_type(false, &["Vec"], [self.syn_type(inner)]),
            TypeRef::OneOrMany(inner) => syntax::generic_path_type(
                self.short.path("OneOrMany", &["clientgen_runtime", "OneOrMany"]),
                [self.syn_type(inner)],
            ),
            TypeRef::Map(inner) => syntax::generic_path_type(
                self.short.path("BTreeMap", &["std", "collections", "BTreeMap"]),
                [syntax::path_type(syntax::path(false, &["String"])), self.syn_type(inner)],
            ),
            TypeRef::Nullable(inner) => syntax::generic_type(false, &["Option"], [self.syn_type(inner)]),
            TypeRef::Json => syntax::path_type(self.json_value()),
            TypeRef::JsonObject => syntax::generic_path_type(
                self.short.path("Map", &["clientgen_runtime", "serde_json", "Map"]),
                [syntax::path_type(syntax::path(false, &["String"])), syntax::path_type(self.json_value())],
            ),
        }
    }

    fn json_value(&self) -> syn::Path {
        self.short.path("Value", &["clientgen_runtime", "serde_json", "Value"])
    }

    /// `Patch<inner>`: a request field that may be left out, sent as `null`, or set.
    pub fn patch(&self, inner: syn::Type) -> syn::Type {
        syntax::generic_path_type(self.short.path("Patch", &["clientgen_runtime", "Patch"]), [inner])
    }

    fn scalar_type(&self, scalar: Scalar) -> syn::Type {
        let simple = |name: &str| syntax::path_type(syntax::path(false, &[name]));
        match scalar {
            Scalar::String => simple("String"),
            Scalar::Bool => simple("bool"),
            Scalar::I32 => simple("i32"),
            Scalar::I64 => simple("i64"),
            Scalar::U32 => simple("u32"),
            Scalar::U64 => simple("u64"),
            Scalar::I128 => simple("i128"),
            Scalar::F64 => simple("f64"),
            Scalar::DateTime => syntax::generic_path_type(
                self.short.path("DateTime", &["clientgen_runtime", "chrono", "DateTime"]),
                [syntax::path_type(self.short.path("FixedOffset", &["clientgen_runtime", "chrono", "FixedOffset"]))],
            ),
            Scalar::Date => {
                syntax::path_type(self.short.path("NaiveDate", &["clientgen_runtime", "chrono", "NaiveDate"]))
            }
        }
    }
}

pub use syntax::ident;

/// One emitted item: quoted tokens (parsed when rendering) or a syntax tree built directly
/// (see `syntax`).
pub enum Item {
    /// Tokens of one or more items.
    Tokens(TokenStream),
    /// A finished item.
    Syntax(Box<syn::Item>),
}
