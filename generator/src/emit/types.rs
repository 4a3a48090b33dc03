//! Named types → Rust items: structs, string enums, unions, aliases, and the per-operation
//! parameter structs and error enums.

use super::docs::{doc_attrs, doc_paragraph_attrs, doc_paragraphs};
use super::{ident, syntax, Item, TypeTokens};
use crate::ir::{
    Api, ErrorResponse, Field, HeaderType, Iterable, MultipartForm, Operation, ParamLocation, PartKind, Presence,
    StringEnum, Struct, TypeDef, TypeKind, TypeRef, Union,
};
use proc_macro2::TokenStream;
use quote::quote;

/// Which named types need a `Validate` impl: request types with constraints, directly or below.
pub fn validation_needs(api: &Api) -> Vec<bool> {
    let mut needs: Vec<bool> = api
        .types
        .iter()
        .map(|t| {
            t.usage.request
                && match &t.kind {
                    TypeKind::Struct(s) => s.fields.iter().any(|f| !f.constraints.is_empty() && is_string(&f.ty)),
                    TypeKind::Enum(e) => e.tolerant,
                    _ => false,
                }
        })
        .collect();
    loop {
        let mut changed = false;
        for (index, ty) in api.types.iter().enumerate() {
            if needs[index] || !ty.usage.request {
                continue;
            }
            let refers = |r: &TypeRef| type_needs(r, &needs);
            let now = match &ty.kind {
                TypeKind::Struct(s) => s.fields.iter().any(|f| refers(&f.ty)),
                TypeKind::Union(u) => u.variants.iter().any(|v| refers(&v.ty)),
                TypeKind::Alias(target) => refers(target),
                TypeKind::Enum(_) => false,
            };
            if now {
                needs[index] = true;
                changed = true;
            }
        }
        if !changed {
            return needs;
        }
    }
}

/// Whether values of `ty` need validating.
pub fn type_needs(ty: &TypeRef, needs: &[bool]) -> bool {
    match ty {
        TypeRef::Named(id) => needs[id.0],
        TypeRef::Array(inner) | TypeRef::OneOrMany(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            type_needs(inner, needs)
        }
        _ => false,
    }
}

fn is_string(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Scalar(crate::ir::Scalar::String))
}

/// Which serde traits a type implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SerdeDerives {
    /// `Serialize`: the type is sent.
    pub serialize: bool,
    /// `Deserialize`: the type is received (lowering marks unreferenced schemas, such as webhook
    /// payloads, as received).
    pub deserialize: bool,
}

impl SerdeDerives {
    /// What a type with this usage needs.
    pub fn for_usage(usage: crate::ir::Usage, options: super::EmitOptions) -> SerdeDerives {
        if options.serialize_both_ways {
            return SerdeDerives { serialize: true, deserialize: true };
        }
        SerdeDerives { serialize: usage.request, deserialize: usage.response }
    }

    fn derives(self) -> TokenStream {
        let serialize = self.serialize.then(|| quote!(::serde::Serialize,));
        let deserialize = self.deserialize.then(|| quote!(::serde::Deserialize,));
        quote!(#serialize #deserialize)
    }
}

/// Emits one named type.
pub fn emit_type(def: &TypeDef, needs_validation: bool, serde: SerdeDerives, tt: &TypeTokens<'_>) -> Vec<Item> {
    let name = ident(&def.name);
    let tokens = match &def.kind {
        TypeKind::Struct(s) => return emit_struct(&name, s, def, needs_validation, serde, tt),
        TypeKind::Enum(e) => return emit_enum(&name, def, e, def.usage.request && needs_validation, serde),
        TypeKind::Union(u) => {
            let union = emit_union(&name, &doc_attrs(def.doc.as_deref()), u, needs_validation, serde, tt);
            let froms = union_froms(&name, def, u, tt);
            quote!(#union #froms)
        }
        TypeKind::Alias(target) => {
            let docs = doc_attrs(def.doc.as_deref());
            let target = tt.type_tokens(target);
            quote! {
                #docs
                pub type #name = #target;
            }
        }
    };
    vec![Item::Tokens(tokens)]
}

fn field_type(field: &Field, tt: &TypeTokens<'_>) -> syn::Type {
    let inner = tt.syn_type(&field.ty);
    let inner = if field.boxed { syntax::generic_type(false, &["Box"], [inner]) } else { inner };
    match field.presence {
        Presence::Required => inner,
        // Three states in either direction: a decoded `null` is not an absent property, and a
        // type's shape never depends on which operations use it.
        Presence::OptionalNullable => tt.patch(inner),
        Presence::RequiredNullable | Presence::Optional => syntax::generic_type(false, &["Option"], [inner]),
    }
}

/// Fixed pieces of struct definitions and their `Serialize` impls, parsed once per thread (see
/// `syntax`).
struct StructFragments {
    /// `pub struct _ {}`: attributes, name and fields to fill in.
    definition: syn::ItemStruct,
    derive: syn::Attribute,
    /// The same, with `Default` (every field optional).
    derive_default: syn::Attribute,
    non_exhaustive: syn::Attribute,
    /// `impl Serialize for _ { fn serialize(…) { … } }`, type and body to fill in.
    serialize_impl: syn::ItemImpl,
    use_serialize_map: syn::Stmt,
    open_map: syn::Stmt,
    /// For a struct with nothing to write (`map` needs no `mut`).
    open_empty_map: syn::Stmt,
    end_map: syn::Expr,
}

impl StructFragments {
    fn parse() -> StructFragments {
        StructFragments {
            definition: syn::parse_quote!(
                pub struct Placeholder {}
            ),
            derive: syn::parse_quote!(#[derive(Debug, Clone, PartialEq,)]),
            derive_default: syn::parse_quote!(#[derive(Debug, Clone, PartialEq, Default,)]),
            non_exhaustive: syn::parse_quote!(#[non_exhaustive]),
            serialize_impl: syn::parse_quote! {
                impl ::serde::Serialize for Placeholder {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {}
                }
            },
            use_serialize_map: syn::parse_quote!(
                use ::serde::ser::SerializeMap;
            ),
            open_map: syn::parse_quote!(let mut map = serializer.serialize_map(None)?;),
            open_empty_map: syn::parse_quote!(let map = serializer.serialize_map(None)?;),
            end_map: syn::parse_quote!(map.end()),
        }
    }
}

thread_local! {
    static STRUCT: StructFragments = StructFragments::parse();
}

/// A struct and its impls. The definition and the serde impls are built as syntax trees (the
/// most repeated code of a large client); the rarer `Validate` impl is quoted.
fn emit_struct(
    name: &proc_macro2::Ident,
    s: &Struct,
    def: &TypeDef,
    needs_validation: bool,
    serde: SerdeDerives,
    tt: &TypeTokens<'_>,
) -> Vec<Item> {
    let validate = needs_validation.then(|| {
        let checks = s.fields.iter().filter_map(|field| {
            let field_name = ident(&field.rust_name);
            let wire = &field.wire_name;
            if !field.constraints.is_empty() && is_string(&field.ty) {
                let min = syntax::option_int(field.constraints.min_length);
                let max = syntax::option_int(field.constraints.max_length);
                Some(quote!(::clientgen_runtime::check_length(#wire, &self.#field_name, #min, #max)?;))
            } else if type_needs(&field.ty, tt.needs_validation) {
                Some(quote!(::clientgen_runtime::validate_field(#wire, &self.#field_name)?;))
            } else {
                None
            }
        });
        quote! {
            impl ::clientgen_runtime::Validate for #name {
                fn validate(&self) -> Result<(), ::clientgen_runtime::InvalidRequest> {
                    #(#checks)*
                    Ok(())
                }
            }
        }
    });
    let mut trees: Vec<syn::Item> = STRUCT.with(|fragments| {
        let mut items = vec![syn::Item::Struct(struct_definition(s, def, tt, fragments))];
        if serde.serialize {
            items.push(struct_serialize(&def.name, s, fragments));
        }
        items
    });
    if serde.deserialize {
        trees.extend(struct_deserialize(&def.name, s, tt));
    }
    let mut items: Vec<Item> = trees.into_iter().map(|item| Item::Syntax(Box::new(item))).collect();
    if def.usage.request {
        items.push(Item::Tokens(struct_builder(name, s, tt)));
    }
    items.extend(validate.map(Item::Tokens));
    items
}

/// A request struct's constructor and setters: `new` with the required fields that cannot be
/// `null` (when there are any; a struct without stays `Default`), the others absent (or `null`,
/// for a required nullable one), and one method per other field taking `impl Into<T>` (a
/// `Patch` field takes `impl Into<Patch<T>>`: a value, or `Patch::Null`)
/// Generic, so only the setters a caller uses are compiled into their program.
fn struct_builder(name: &proc_macro2::Ident, s: &Struct, tt: &TypeTokens<'_>) -> TokenStream {
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.presence == Presence::Required).collect();
    let value_type = |field: &Field| tt.type_tokens(&field.ty);
    // Scalars (`&str` for a `String`, an `i32` for an `i64`) through `Into`; other types as
    // they are, so `Default::default()` and literals infer.
    let arg_type = |field: &Field| {
        let ty = value_type(field);
        if tt.takes_into(&field.ty) {
            quote!(impl ::core::convert::Into<#ty>)
        } else {
            ty
        }
    };
    // Paths in full: a spec may name a type `Into`, `Some`, `Box` or `Default`.
    let wrap_box =
        |field: &Field, value: TokenStream| if field.boxed { quote!(::std::boxed::Box::new(#value)) } else { value };
    let constructor = (!required.is_empty()).then(|| {
        let params = required.iter().map(|field| {
            let arg = ident(&field.rust_name);
            let ty = arg_type(field);
            quote!(#arg: #ty)
        });
        let inits = s.fields.iter().map(|field| {
            let member = ident(&field.rust_name);
            match field.presence {
                Presence::Required if !field.boxed && !tt.takes_into(&field.ty) => quote!(#member),
                Presence::Required => {
                    let value = if tt.takes_into(&field.ty) { quote!(#member.into()) } else { quote!(#member) };
                    let value = wrap_box(field, value);
                    quote!(#member: #value)
                }
                Presence::RequiredNullable | Presence::Optional => quote!(#member: ::core::option::Option::None),
                Presence::OptionalNullable => quote!(#member: ::clientgen_runtime::Patch::Absent),
            }
        });
        let additional = s.additional.as_ref().map(|a| {
            let member = ident(&a.rust_name);
            quote!(#member: ::core::default::Default::default(),)
        });
        let names: Vec<String> =
            required.iter().map(|f| format!("`{}`", f.rust_name.trim_start_matches("r#"))).collect();
        let doc = format!(
            " With its required fields ({}); the others are absent (`null` where required and nullable) until set.",
            names.join(", ")
        );
        let constructor_name = if s.fields.iter().any(|f| f.rust_name == "new") { "with_required" } else { "new" };
        let constructor_name = ident(constructor_name);
        let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        quote! {
            #[doc = #doc]
            #allow
            pub fn #constructor_name(#(#params),*) -> Self {
                Self { #(#inits,)* #additional }
            }
        }
    });
    let setters = s.fields.iter().filter(|f| f.presence != Presence::Required).map(|field| {
        let member = ident(&field.rust_name);
        let ty = value_type(field);
        let shown = field.rust_name.trim_start_matches("r#");
        if field.presence == Presence::OptionalNullable {
            let doc = format!(" Sets `{shown}`: a value, or `Patch::Null` to send `null`.");
            let value =
                if field.boxed { quote!(value.into().map(::std::boxed::Box::new)) } else { quote!(value.into()) };
            quote! {
                #[doc = #doc]
                pub fn #member(mut self, value: impl ::core::convert::Into<::clientgen_runtime::Patch<#ty>>) -> Self {
                    self.#member = #value;
                    self
                }
            }
        } else {
            let doc = format!(" Sets `{shown}`.");
            let arg = arg_type(field);
            let value = if tt.takes_into(&field.ty) { quote!(value.into()) } else { quote!(value) };
            let value = wrap_box(field, value);
            quote! {
                #[doc = #doc]
                pub fn #member(mut self, value: #arg) -> Self {
                    self.#member = ::core::option::Option::Some(#value);
                    self
                }
            }
        }
    });
    quote! {
        impl #name {
            #constructor
            #(#setters)*
        }
    }
}

fn struct_definition(s: &Struct, def: &TypeDef, tt: &TypeTokens<'_>, fragments: &StructFragments) -> syn::ItemStruct {
    let request = def.usage.request;
    let mut fields: Vec<syn::Field> = s
        .fields
        .iter()
        .map(|field| {
            let deprecated = field.deprecated.then(|| "**Deprecated.**".to_owned());
            let docs = doc_paragraph_attrs(&[field.doc.clone(), deprecated]);
            syntax::pub_field(docs, &field.rust_name, field_type(field, tt))
        })
        .collect();
    if let Some(additional) = &s.additional {
        let docs = vec![syntax::doc_attr(" Properties not declared in the spec.")];
        fields.push(syntax::pub_field(docs, &additional.rust_name, tt.syn_type(&additional.ty)));
    }
    let all_optional = s.fields.iter().all(|f| matches!(f.presence, Presence::Optional | Presence::OptionalNullable));
    let complex = fields.iter().any(|f| syntax::type_complexity(&f.ty) > syntax::TYPE_COMPLEXITY_ALLOWED);
    let mut definition = fragments.definition.clone();
    definition.attrs = doc_paragraph_attrs(std::slice::from_ref(&def.doc));
    definition.attrs.push(if all_optional { fragments.derive_default.clone() } else { fragments.derive.clone() });
    if complex {
        definition.attrs.push(syn::parse_quote!(#[allow(clippy::type_complexity)]));
    }
    if !request {
        // Only decoded by this crate, never built by callers: new response properties are
        // then additions, not breaking changes (see REVIEWING.md).
        definition.attrs.push(fragments.non_exhaustive.clone());
    }
    definition.ident = syntax::ident(&def.name);
    definition.fields = syntax::named_fields(fields);
    definition
}

/// A struct's `Serialize`: the properties in declaration order, absent ones skipped, then the
/// additional properties.
fn struct_serialize(name: &str, s: &Struct, fragments: &StructFragments) -> syn::Item {
    let this = |field: &str| syntax::field(syntax::var("self"), field);
    let entry = |wire: &str, value: syn::Expr| {
        syntax::stmt(syntax::try_(syntax::method_call(
            syntax::var("map"),
            "serialize_entry",
            [syntax::str_lit(wire), value],
        )))
    };
    let mut body = vec![fragments.use_serialize_map.clone()];
    body.push(if s.fields.is_empty() && s.additional.is_none() {
        fragments.open_empty_map.clone()
    } else {
        fragments.open_map.clone()
    });
    for field in &s.fields {
        let wire = field.wire_name.as_str();
        body.push(match field.presence {
            Presence::Required | Presence::RequiredNullable => entry(wire, syntax::reference(this(&field.rust_name))),
            Presence::OptionalNullable => syntax::stmt(syntax::if_then(
                syntax::not(syntax::method_call(this(&field.rust_name), "is_absent", [])),
                vec![entry(wire, syntax::reference(this(&field.rust_name)))],
            )),
            Presence::Optional => syntax::stmt(syntax::if_then(
                syntax::let_some("value", syntax::reference(this(&field.rust_name))),
                vec![entry(wire, syntax::var("value"))],
            )),
        });
    }
    if let Some(additional) = &s.additional {
        let write = syntax::stmt(syntax::try_(syntax::method_call(
            syntax::var("map"),
            "serialize_entry",
            [syntax::var("key"), syntax::var("value")],
        )));
        body.push(syntax::stmt(syntax::for_pairs(
            "key",
            "value",
            syntax::reference(this(&additional.rust_name)),
            vec![write],
        )));
    }
    body.push(syntax::tail(fragments.end_map.clone()));
    fill_impl(fragments.serialize_impl.clone(), name, body)
}

/// Fixed pieces of the struct deserializers, parsed once per thread (see `syntax`).
struct DeserializeFragments {
    /// `impl FromMap for _ { const NAME = …; fn from_map(…) { … } }`, name and body to fill in.
    from_map_impl: syn::ItemImpl,
    /// `impl Deserialize for _`, complete but for the type.
    deserialize_impl: syn::ItemImpl,
    /// The next property name.
    next_key: syn::Expr,
    /// The runtime function that reads a property's value into its slot.
    next_value: syn::Expr,
    /// The same for an optional property of any JSON value, where `null` is a value.
    next_any: syn::Expr,
    /// The runtime function that skips a property's value.
    skip_value: syn::Expr,
    /// An undeclared property, kept in the additional-properties map.
    keep_unknown: syn::Arm,
    /// The function that reports a missing required property.
    required: syn::Expr,
}

impl DeserializeFragments {
    fn parse() -> DeserializeFragments {
        DeserializeFragments {
            from_map_impl: syn::parse_quote! {
                impl ::clientgen_runtime::de::FromMap for Placeholder {
                    const NAME: &'static str = "";
                    fn from_map<'de, A: ::serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {}
                }
            },
            deserialize_impl: syn::parse_quote! {
                impl<'de> ::serde::Deserialize<'de> for Placeholder {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        ::clientgen_runtime::de::deserialize_struct(deserializer)
                    }
                }
            },
            next_key: syn::parse_quote!(map.next_key::<::clientgen_runtime::de::Key<'de>>()?),
            next_value: syn::parse_quote!(::clientgen_runtime::de::next),
            next_any: syn::parse_quote!(::clientgen_runtime::de::next_any),
            skip_value: syn::parse_quote!(::clientgen_runtime::de::skip),
            keep_unknown: syn::parse_quote! {
                _ => {
                    additional.insert(key.into_string(), map.next_value()?);
                    Ok(())
                }
            },
            required: syn::parse_quote!(::clientgen_runtime::de::required),
        }
    }
}

thread_local! {
    static DESERIALIZE: DeserializeFragments = DeserializeFragments::parse();
}

/// A struct's `Deserialize`: one map visitor; unknown properties are skipped (or kept in the
/// additional-properties map), missing optional ones are `None`/`Patch::Absent`. Built as
/// syntax trees (the most repeated code of a large client).
fn struct_deserialize(name: &str, s: &Struct, tt: &TypeTokens<'_>) -> [syn::Item; 2] {
    DESERIALIZE.with(|fragments| {
        let local = |field: &Field| format!("f_{}", field.rust_name.trim_end_matches('_'));
        let mut body = Vec::with_capacity(s.fields.len() + 3);
        for field in &s.fields {
            body.push(syntax::let_stmt(&local(field), true, syntax::var("None")));
        }
        let empty = s.fields.is_empty() && s.additional.is_none();
        if let Some(additional) = &s.additional {
            // `<T>::default()`
            let default = syn::Expr::Path(syn::ExprPath {
                attrs: Vec::new(),
                qself: Some(syn::QSelf {
                    lt_token: Default::default(),
                    ty: Box::new(tt.syn_type(&additional.ty)),
                    position: 0,
                    as_token: None,
                    gt_token: Default::default(),
                }),
                path: syntax::path(true, &["default"]),
            });
            body.push(syntax::let_stmt("additional", true, syntax::call(default, [])));
        }
        let map = || syntax::reference_mut(syntax::var("map"));
        let skip = || syntax::call(fragments.skip_value.clone(), [map()]);
        let loop_body = if empty {
            vec![syntax::stmt(syntax::try_(skip()))]
        } else if s.fields.is_empty() {
            // Only a map of properties: no `match` of one wildcard arm (clippy's
            // match_single_binding).
            vec![syn::parse_quote!(additional.insert(key.into_string(), map.next_value()?);)]
        } else {
            let mut arms: Vec<syn::Arm> = s
                .fields
                .iter()
                .map(|field| {
                    let slot = syntax::reference_mut(syntax::var(&local(field)));
                    // An optional value of any JSON: `null` is a value it can hold, not absence.
                    let read = match (&field.presence, &field.ty) {
                        (Presence::Optional, TypeRef::Json) => fragments.next_any.clone(),
                        _ => fragments.next_value.clone(),
                    };
                    syntax::arm(syntax::str_pattern(&field.wire_name), syntax::call(read, [map(), slot]))
                })
                .collect();
            arms.push(match &s.additional {
                Some(_) => fragments.keep_unknown.clone(),
                None => syntax::arm(syntax::wildcard(), skip()),
            });
            let key = syntax::method_call(syntax::var("key"), "as_str", []);
            // Every arm is a `Result`; one `?` after the match.
            vec![syntax::stmt(syntax::try_(syntax::match_expr(key, arms)))]
        };
        // A struct without fields still reads (and skips) an object.
        let key_binding = if empty { "_key" } else { "key" };
        body.push(syntax::stmt(syntax::while_loop(
            syntax::let_some(key_binding, fragments.next_key.clone()),
            loop_body,
        )));
        let mut values: Vec<(syn::Ident, syn::Expr)> = s
            .fields
            .iter()
            .map(|field| {
                let local = syntax::var(&local(field));
                let value = match field.presence {
                    Presence::Required => syntax::try_(syntax::call(
                        fragments.required.clone(),
                        [local, syntax::str_lit(&field.wire_name)],
                    )),
                    Presence::OptionalNullable => syntax::method_call(local, "unwrap_or_default", []),
                    _ => syntax::method_call(local, "flatten", []),
                };
                (syntax::ident(&field.rust_name), value)
            })
            .collect();
        if let Some(additional) = &s.additional {
            values.push((syntax::ident(&additional.rust_name), syntax::var("additional")));
        }
        let constructed = syntax::struct_expr(syntax::path(false, &[name]), values);
        body.push(syntax::tail(syntax::call(syntax::var("Ok"), [constructed])));

        let mut from_map = fragments.from_map_impl.clone();
        for item in &mut from_map.items {
            if let syn::ImplItem::Const(constant) = item {
                constant.expr = syntax::str_lit(name);
            }
        }
        [fill_impl(from_map, name, body), impl_for(fragments.deserialize_impl.clone(), name)]
    })
}

/// Fixed pieces of the string enums, parsed once per thread (see `syntax`).
struct EnumFragments {
    /// `pub enum _ {}`: attributes, name and variants to fill in.
    definition: syn::ItemEnum,
    derive: syn::Attribute,
    /// The same, with `Copy` (enums without an `Unknown(String)` variant).
    derive_copy: syn::Attribute,
    non_exhaustive: syn::Attribute,
    unknown_variant: syn::Variant,
    /// `impl _ { pub fn as_str(&self) -> &str { … } }`, type and body to fill in.
    as_str_impl: syn::ItemImpl,
    display_impl: syn::ItemImpl,
    serialize_impl: syn::ItemImpl,
    /// `impl Deserialize for _ { fn deserialize(…) { … } }`, type and body to fill in.
    deserialize_impl: syn::ItemImpl,
    read_string: syn::Stmt,
    /// `<D::Error as ::serde::de::Error>::unknown_variant`.
    unknown_variant_error: syn::Expr,
}

impl EnumFragments {
    fn parse() -> EnumFragments {
        EnumFragments {
            definition: syn::parse_quote!(
                pub enum Placeholder {}
            ),
            derive: syn::parse_quote!(#[derive(Debug, Clone, PartialEq, Eq, Hash)]),
            derive_copy: syn::parse_quote!(#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]),
            non_exhaustive: syn::parse_quote!(#[non_exhaustive]),
            unknown_variant: syn::parse_quote! {
                /// A value this client does not know (the API may have added it); kept as sent.
                Unknown(String)
            },
            as_str_impl: syn::parse_quote! {
                impl Placeholder {
                    /// The value as sent on the wire.
                    pub fn as_str(&self) -> &str {}
                }
            },
            display_impl: syn::parse_quote! {
                impl ::std::fmt::Display for Placeholder {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
            },
            serialize_impl: syn::parse_quote! {
                impl ::serde::Serialize for Placeholder {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }
            },
            deserialize_impl: syn::parse_quote! {
                impl<'de> ::serde::Deserialize<'de> for Placeholder {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {}
                }
            },
            read_string: syn::parse_quote!(let value = <String as ::serde::Deserialize>::deserialize(deserializer)?;),
            unknown_variant_error: syn::parse_quote!(<D::Error as ::serde::de::Error>::unknown_variant),
        }
    }
}

thread_local! {
    static ENUM: EnumFragments = EnumFragments::parse();
}

/// An impl skeleton for the type `name`.
fn impl_for(mut skeleton: syn::ItemImpl, name: &str) -> syn::Item {
    skeleton.self_ty = Box::new(syntax::path_type(syntax::path(false, &[name])));
    syn::Item::Impl(skeleton)
}

/// Puts `stmts` into the (only) function of an impl skeleton, and `name` as its type.
fn fill_impl(mut skeleton: syn::ItemImpl, name: &str, mut stmts: Vec<syn::Stmt>) -> syn::Item {
    skeleton.self_ty = Box::new(syntax::path_type(syntax::path(false, &[name])));
    for item in &mut skeleton.items {
        if let syn::ImplItem::Fn(function) = item {
            function.block.stmts = std::mem::take(&mut stmts);
        }
    }
    syn::Item::Impl(skeleton)
}

/// A string enum and its impls, built as syntax trees; the rare `Validate` impl is quoted.
fn emit_enum(
    name: &proc_macro2::Ident,
    def: &TypeDef,
    e: &StringEnum,
    validate_unknown: bool,
    serde: SerdeDerives,
) -> Vec<Item> {
    let type_name = def.name.as_str();
    let variant_path = |variant: &str| syntax::path(false, &[type_name, variant]);
    let trees = ENUM.with(|fragments| {
        let mut variants: syn::punctuated::Punctuated<syn::Variant, syn::Token![,]> = e
            .variants
            .iter()
            .map(|v| syn::Variant {
                attrs: vec![syntax::doc_attr(&format!(" `{}`", v.wire_value.replace('`', "'")))],
                ident: syntax::ident(&v.rust_name),
                fields: syn::Fields::Unit,
                discriminant: None,
            })
            .collect();
        if e.tolerant {
            variants.push(fragments.unknown_variant.clone());
        }
        variants.push_punct(Default::default());
        let mut definition = fragments.definition.clone();
        definition.attrs = doc_paragraph_attrs(std::slice::from_ref(&def.doc));
        definition.attrs.push(if e.tolerant { fragments.derive.clone() } else { fragments.derive_copy.clone() });
        // New values in a later spec version are additions (callers match with a `_` arm).
        definition.attrs.push(fragments.non_exhaustive.clone());
        definition.ident = syntax::ident(type_name);
        definition.variants = variants;

        let unknown_pattern = || {
            syn::Pat::TupleStruct(syn::PatTupleStruct {
                attrs: Vec::new(),
                qself: None,
                path: variant_path("Unknown"),
                paren_token: Default::default(),
                elems: std::iter::once(syntax::binding("value", false)).collect(),
            })
        };
        let mut as_str_arms: Vec<syn::Arm> = e
            .variants
            .iter()
            .map(|v| {
                let pattern =
                    syn::Pat::Path(syn::ExprPath { attrs: Vec::new(), qself: None, path: variant_path(&v.rust_name) });
                syntax::arm(pattern, syntax::str_lit(&v.wire_value))
            })
            .collect();
        if e.tolerant {
            as_str_arms.push(syntax::arm(unknown_pattern(), syntax::var("value")));
        }
        let as_str = syntax::tail(syntax::match_expr(syntax::var("self"), as_str_arms));

        let mut trees = vec![
            syn::Item::Enum(definition),
            fill_impl(fragments.as_str_impl.clone(), type_name, vec![as_str]),
            impl_for(fragments.display_impl.clone(), type_name),
        ];
        if serde.serialize {
            trees.push(impl_for(fragments.serialize_impl.clone(), type_name));
        }
        if serde.deserialize {
            let mut arms: Vec<syn::Arm> = e
                .variants
                .iter()
                .map(|v| syntax::arm(syntax::str_pattern(&v.wire_value), syntax::path_expr(variant_path(&v.rust_name))))
                .collect();
            arms.push(if e.tolerant {
                syntax::arm(
                    syntax::wildcard(),
                    syntax::call(syntax::path_expr(variant_path("Unknown")), [syntax::var("value")]),
                )
            } else {
                let known = syn::Expr::Array(syn::ExprArray {
                    attrs: Vec::new(),
                    bracket_token: Default::default(),
                    elems: e.variants.iter().map(|v| syntax::str_lit(&v.wire_value)).collect(),
                });
                let error = syntax::call(
                    fragments.unknown_variant_error.clone(),
                    [syntax::reference(syntax::var("value")), syntax::reference(known)],
                );
                syntax::arm(syntax::wildcard(), syntax::return_(syntax::call(syntax::var("Err"), [error])))
            });
            let decoded = syntax::match_expr(syntax::method_call(syntax::var("value"), "as_str", []), arms);
            let body = vec![fragments.read_string.clone(), syntax::tail(syntax::call(syntax::var("Ok"), [decoded]))];
            trees.push(fill_impl(fragments.deserialize_impl.clone(), type_name, body));
        }
        trees
    });
    let mut items: Vec<Item> = trees.into_iter().map(|tree| Item::Syntax(Box::new(tree))).collect();
    if validate_unknown {
        items.push(Item::Tokens(quote! {
            impl ::clientgen_runtime::Validate for #name {
                fn validate(&self) -> Result<(), ::clientgen_runtime::InvalidRequest> {
                    match self {
                        #name::Unknown(value) => Err(::clientgen_runtime::InvalidRequest::new("", format!("`{value}` is not one of the values the API documents"))),
                        _ => Ok(()),
                    }
                }
            }
        }));
    }
    items
}

/// `From` each alternative of a request union whose payload type no other has, so setters
/// and constructors take `impl Into<Union>`: `.address(Address::new("1 Main St"))`.
fn union_froms(name: &proc_macro2::Ident, def: &TypeDef, u: &Union, tt: &TypeTokens<'_>) -> TokenStream {
    let Some(id) = tt.api.types.iter().position(|t| std::ptr::eq(t, def)) else { return TokenStream::new() };
    let froms = tt.from_variants(crate::ir::TypeId(id), u).into_iter().map(|v| {
        let variant = ident(&v.rust_name);
        let ty = tt.type_tokens(&v.ty);
        let value = if v.boxed { quote!(::std::boxed::Box::new(value)) } else { quote!(value) };
        quote! {
            impl ::core::convert::From<#ty> for #name {
                fn from(value: #ty) -> Self {
                    #name::#variant(#value)
                }
            }
        }
    });
    quote!(#(#froms)*)
}

fn emit_union(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    u: &Union,
    needs_validation: bool,
    serde: SerdeDerives,
    tt: &TypeTokens<'_>,
) -> TokenStream {
    let variant_types: Vec<TokenStream> = u
        .variants
        .iter()
        .map(|v| {
            let ty = tt.type_tokens(&v.ty);
            if v.boxed {
                quote!(Box<#ty>)
            } else {
                ty
            }
        })
        .collect();
    let variants = u.variants.iter().zip(&variant_types).map(|(v, ty)| {
        let variant = ident(&v.rust_name);
        let tags: Vec<String> = v.tag_values.iter().map(|tag| format!("`{}`", tag.replace('`', "'"))).collect();
        let doc = if tags.is_empty() {
            super::docs::doc_attrs(v.doc.as_deref())
        } else {
            let text = format!(" {}", tags.join(", "));
            quote!(#[doc = #text])
        };
        quote!(#doc #variant(#ty),)
    });
    let validate = needs_validation.then(|| {
        let arms = u.variants.iter().map(|v| {
            let variant = ident(&v.rust_name);
            if type_needs(&v.ty, tt.needs_validation) {
                quote!(#name::#variant(value) => ::clientgen_runtime::Validate::validate(value),)
            } else {
                quote!(#name::#variant(_) => Ok(()),)
            }
        });
        let unknown = (u.tag.is_some() && u.tolerant).then(|| quote!(#name::Unknown(_) => Ok(()),));
        quote! {
            impl ::clientgen_runtime::Validate for #name {
                fn validate(&self) -> Result<(), ::clientgen_runtime::InvalidRequest> {
                    match self {
                        #(#arms)*
                        #unknown
                    }
                }
            }
        }
    });
    let Some(tag) = &u.tag else {
        if serde.deserialize && u.variants.iter().filter(|v| tt.is_struct(&v.ty)).count() >= 2 {
            return untagged_by_kept_properties(name, docs, u, &variants.collect::<Vec<_>>(), validate, serde, tt);
        }
        let serde_derives = serde.derives();
        let allow_complex = complexity_allow(u.variants.iter().map(|v| &v.ty), false, tt);
        return quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, #serde_derives)]
            #[serde(untagged)]
            #[allow(clippy::large_enum_variant)]
            #allow_complex
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
            }
            #validate
        };
    };
    let unknown_variant = u.tolerant.then(|| {
        quote! {
            /// A value whose tag this client does not know; kept as sent.
            Unknown(::clientgen_runtime::serde_json::Value),
        }
    });
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let tag_values = &v.tag_values;
        let decode = if v.boxed {
            quote!(Box::new(::clientgen_runtime::serde_json::from_value(value)?))
        } else {
            quote!(::clientgen_runtime::serde_json::from_value(value)?)
        };
        quote!(#(#tag_values)|* => #name::#variant(#decode),)
    });
    let fallback = if u.tolerant {
        quote!(_ => #name::Unknown(value),)
    } else {
        quote!(other => return Err(<::clientgen_runtime::serde_json::Error as ::serde::de::Error>::custom(format!("unknown `{}` value `{other}`", #tag))),)
    };
    // Serialized untagged (each variant carries its own tag property); decoded by the tag.
    let serialize = serde.serialize.then(|| quote!(#[derive(::serde::Serialize)] #[serde(untagged)]));
    let deserialize_impl = serde.deserialize.then(|| {
        quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    ::clientgen_runtime::deserialize_tagged(deserializer, #tag, |tag, value| {
                        Ok(match tag {
                            #(#arms)*
                            #fallback
                        })
                    })
                }
            }
        }
    });
    let allow_complex = complexity_allow(u.variants.iter().map(|v| &v.ty), false, tt);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #serialize
        #[allow(clippy::large_enum_variant)]
        #allow_complex
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown_variant
        }
        #deserialize_impl
        #validate
    }
}

/// An untagged union with several struct alternatives: decoded by
/// `clientgen_runtime::deserialize_untagged`, which takes the alternative that keeps the most
/// of an object's properties (serde's `untagged` takes the first that decodes, and a struct of
/// optional fields decodes from any object, dropping what it does not declare).
fn untagged_by_kept_properties(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    u: &Union,
    variants: &[TokenStream],
    validate: Option<TokenStream>,
    serde: SerdeDerives,
    tt: &TypeTokens<'_>,
) -> TokenStream {
    let alternatives = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let kept = match tt.kept_properties(&v.ty) {
            Some(names) => quote!(::core::option::Option::Some(&[#(#names),*])),
            None => quote!(::core::option::Option::None),
        };
        let decode = if v.boxed {
            quote!(|value| ::clientgen_runtime::serde_json::from_value(value).map(|v| #name::#variant(::std::boxed::Box::new(v))))
        } else {
            quote!(|value| ::clientgen_runtime::serde_json::from_value(value).map(#name::#variant))
        };
        quote!((#kept, #decode),)
    });
    let serialize = serde.serialize.then(|| quote!(#[derive(::serde::Serialize)] #[serde(untagged)]));
    let text = name.to_string();
    let allow_complex = complexity_allow(u.variants.iter().map(|v| &v.ty), false, tt);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #serialize
        #[allow(clippy::large_enum_variant)]
        #allow_complex
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const ALTERNATIVES: &[::clientgen_runtime::Alternative<#name>] = &[#(#alternatives)*];
                ::clientgen_runtime::deserialize_untagged(deserializer, #text, ALTERNATIVES)
            }
        }
        #validate
    }
}

/// The struct of an operation's optional parameters.
/// `#[allow(clippy::type_complexity)]` when any of `types` scores above clippy's threshold.
fn complexity_allow<'a>(
    types: impl IntoIterator<Item = &'a TypeRef>,
    wrap_option: bool,
    tt: &TypeTokens<'_>,
) -> TokenStream {
    let complex = types.into_iter().any(|ty| {
        let mut syn_type = tt.syn_type(ty);
        if wrap_option {
            syn_type = syntax::generic_type(false, &["Option"], [syn_type]);
        }
        syntax::type_complexity(&syn_type) > syntax::TYPE_COMPLEXITY_ALLOWED
    });
    if complex {
        quote!(#[allow(clippy::type_complexity)])
    } else {
        TokenStream::new()
    }
}

/// A link to `op`'s method from a file of `types`: ``[`Users::update`](…)``.
fn method_link(api: &crate::ir::Api, op: &Operation) -> String {
    let method = &op.method_name;
    match op.group {
        Some(group) => {
            let owner = &api.groups[group].type_name;
            format!("[`{owner}::{method}`](super::super::resources::{owner}::{method})")
        }
        None => format!("[`Client::{method}`](super::super::Client::{method})"),
    }
}

pub fn emit_params_struct(op: &Operation, name: &str, tt: &TypeTokens<'_>) -> TokenStream {
    let name = ident(name);
    let doc = format!(" Optional parameters of {}.", method_link(tt.api, op));
    let fields = op.params.iter().filter(|p| !p.required && p.location != ParamLocation::Path).map(|param| {
        let field = ident(&param.rust_name);
        let ty = tt.type_tokens(&param.ty);
        let location = match param.location {
            ParamLocation::Query => "Query parameter",
            ParamLocation::Header => "Header",
            ParamLocation::Cookie => "Cookie",
            ParamLocation::Path => "Path parameter",
        };
        let mut origin = format!("{location} `{}`.", param.wire_name.replace('`', "'"));
        if param.has_client_default {
            origin.push_str(" Overrides the client's default when set.");
        }
        let docs = doc_paragraphs(&[param.doc.clone(), Some(origin)]);
        quote! {
            #docs
            pub #field: Option<#ty>,
        }
    });
    let optional = op.params.iter().filter(|p| !p.required && p.location != ParamLocation::Path);
    let allow = complexity_allow(optional.map(|p| &p.ty), true, tt);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Default, PartialEq)]
        #allow
        pub struct #name {
            #(#fields)*
        }
    }
}

/// The struct of an operation's documented response headers, with its `FromHeaders` impl.
pub fn emit_headers_struct(op: &Operation, name: &str, tt: &TypeTokens<'_>) -> TokenStream {
    let name = ident(name);
    let doc = format!(
        " The response headers {} documents, in [`WithResponse::typed`](clientgen_runtime::WithResponse::typed).",
        method_link(tt.api, op)
    );
    let headers = &op.success.headers;
    let fields = headers.iter().map(|header| {
        let field = ident(&header.rust_name);
        let ty = match header.ty {
            HeaderType::Text => quote!(String),
            HeaderType::Integer => quote!(i64),
            HeaderType::Number => quote!(f64),
            HeaderType::Bool => quote!(bool),
        };
        let origin = format!("Header `{}`.", header.wire_name.replace('`', "'"));
        let docs = doc_paragraphs(&[header.doc.clone(), Some(origin)]);
        quote! {
            #docs
            pub #field: Option<#ty>,
        }
    });
    let reads = headers.iter().map(|header| {
        let field = ident(&header.rust_name);
        let wire = header.wire_name.to_ascii_lowercase();
        quote!(#field: ::clientgen_runtime::header_value(headers, #wire),)
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl ::clientgen_runtime::FromHeaders for #name {
            fn from_headers(headers: &::clientgen_runtime::HeaderMap) -> Self {
                Self { #(#reads)* }
            }
        }
    }
}

/// `impl IntoIterator` for a page type: its items, so `for item in page` and `Call::items` work.
pub fn emit_into_iterator(def: &TypeDef, iterable: &Iterable, tt: &TypeTokens<'_>) -> TokenStream {
    let name = ident(&def.name);
    let field = ident(&iterable.field);
    let item = tt.type_tokens(&iterable.item);
    let items = if iterable.optional {
        quote!(self.#field.unwrap_or_default().into_iter())
    } else {
        quote!(self.#field.into_iter())
    };
    quote! {
        /// The page's items.
        impl IntoIterator for #name {
            type Item = #item;
            type IntoIter = ::std::vec::IntoIter<#item>;

            fn into_iter(self) -> Self::IntoIter {
                #items
            }
        }
    }
}

/// The struct a caller fills in for a `multipart/form-data` body: uploads for file properties,
/// values for the others.
pub fn emit_multipart_struct(op: &Operation, form: &MultipartForm, tt: &TypeTokens<'_>) -> TokenStream {
    let name = ident(&form.type_name);
    let intro = format!(" The `multipart/form-data` body of {}.", method_link(tt.api, op));
    let spec_docs = doc_paragraphs(std::slice::from_ref(&form.doc));
    let separator = form.doc.is_some().then(|| quote!(#[doc = ""]));
    let docs = quote!(#spec_docs #separator #[doc = #intro]);
    let fields = form.fields.iter().map(|field| {
        let upload = quote!(::clientgen_runtime::Upload);
        let ty = match &field.kind {
            PartKind::File => upload,
            PartKind::Files => quote!(Vec<#upload>),
            PartKind::Value(ty) => tt.type_tokens(ty),
        };
        let ty = if field.required || field.kind == PartKind::Files { ty } else { quote!(Option<#ty>) };
        let mut origin = format!("Part `{}`", field.wire_name.replace('`', "'"));
        if let Some(media) = &field.content_type {
            origin.push_str(&format!(", sent as `{}`", media.replace('`', "'")));
        }
        origin.push('.');
        for header in &field.headers {
            let name = header.name.replace('`', "'");
            let about = header
                .doc
                .as_deref()
                .map(|d| format!(" ({})", d.lines().next().unwrap_or_default().trim_end_matches('.')))
                .unwrap_or_default();
            match (&header.value, &field.kind) {
                (Some(value), _) => {
                    origin.push_str(&format!(" Sent with `{name}: {}`{about}.", value.replace('`', "'")))
                }
                (None, PartKind::File | PartKind::Files) => origin.push_str(&format!(
                    " The spec documents the part header `{name}`{about}: set it with `Upload::header`."
                )),
                (None, PartKind::Value(_)) => {
                    origin.push_str(&format!(" The spec documents the part header `{name}`{about}."))
                }
            }
        }
        let docs = doc_paragraphs(&[field.doc.clone(), Some(origin)]);
        let field = ident(&field.rust_name);
        quote! {
            #docs
            pub #field: #ty,
        }
    });
    let values = form.fields.iter().filter_map(|f| match &f.kind {
        PartKind::Value(ty) => Some(ty),
        _ => None,
    });
    let allow = complexity_allow(values, true, tt);
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #allow
        pub struct #name {
            #(#fields)*
        }
    }
}

/// The enum of an operation's documented error responses.
pub fn emit_error_enum(op: &Operation, name: &str, tt: &TypeTokens<'_>) -> TokenStream {
    let name = ident(name);
    let doc = format!(" Documented error responses of {}.", method_link(tt.api, op));
    let variants = op.errors.iter().map(|error: &ErrorResponse| {
        let variant = ident(&error.rust_name);
        let status = match error.status {
            crate::ir::StatusMatch::Code(code) => format!("Status {code}."),
            crate::ir::StatusMatch::Range(class) => format!("Any {class}xx status."),
            crate::ir::StatusMatch::Default => "Any other status (the spec's `default` response).".to_owned(),
        };
        let docs = doc_paragraphs(&[Some(status), error.doc.clone()]);
        match &error.body {
            Some(body) => {
                let ty = tt.type_tokens(body);
                quote!(#docs #variant(#ty),)
            }
            None => quote!(#docs #variant,),
        }
    });
    let allow = complexity_allow(op.errors.iter().filter_map(|e| e.body.as_ref()), false, tt);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        #allow
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    }
}
