//! Paths and operations → [`Operation`]s.

use super::schema::TypeSpace;
use super::Ctx;
use crate::diagnostics::{escape_pointer_token, unescape_pointer_token, Error};
use crate::ir::{
    BodyEncoding, Constraints, ErrorResponse, FormField, HeaderType, Method, Operation, Param, ParamLocation,
    ParamStyle, RequestBody, ResponseBody, ResponseHeader, Scalar, StatusMatch, SuccessResponse, SuccessVariants,
    TypeKind, TypeRef, Union, UnionVariant,
};
use crate::names::{type_name, value_name, Namespace};
use heck::ToUpperCamelCase;
use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, PathItem, PathStyle, QueryStyle, ReferenceOr, StatusCode,
};

/// Names every generated client already uses for its own methods.
const RESERVED_METHOD_NAMES: &[&str] = &["builder", "new", "with_header", "base_url", "clone", "fmt"];

/// Lowers every operation of `openapi`, in path order then method order. Beside each, the
/// name it wanted before another operation's took it (`list_users` for `list_users_2`).
pub fn lower_operations(
    openapi: &OpenAPI,
    space: &mut TypeSpace<'_>,
    ctx: &mut Ctx,
) -> Result<(Vec<Operation>, Vec<String>), Error> {
    let mut method_names = Namespace::with_reserved(RESERVED_METHOD_NAMES);
    let mut operations = Vec::new();
    let mut wanted_names = Vec::new();
    // operationId → the file that declared it: the same id in two merged documents is a conflict
    // only the user can resolve; within one document it is tolerated (renamed, with a warning).
    let mut ids_by_file: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut wanted_by_index = chosen_names(openapi).into_iter();
    for (path, item) in openapi.paths.iter() {
        let path_pointer = format!("#/paths/{}", escape_pointer_token(path));
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                ctx.warn(&path_pointer, &format!("path item reference `{reference}` could not be resolved; skipped"));
                continue;
            }
        };
        for (written, method, operation) in item_operations(item, &path_pointer, ctx) {
            let operation = &operation;
            let method_str = method.as_str().to_ascii_lowercase();
            let pointer = format!("{path_pointer}/{written}");
            if let Some(id) = &operation.operation_id {
                let file = ctx.locate(&pointer).file;
                match ids_by_file.get(id) {
                    Some(other) if *other != file => {
                        return Err(Error::spec_with_hint(
                            ctx.locate(&pointer),
                            format!("duplicate operation name: operationId `{id}` is also used in {other}"),
                            "operation names must be unique across the documents merged into one client; rename one",
                        ));
                    }
                    Some(_) => {}
                    None => {
                        ids_by_file.insert(id.clone(), file);
                    }
                }
            }
            let wanted = wanted_by_index.next().unwrap_or_else(|| plain_name(operation, &method_str, path));
            let rust_name = method_names.claim(&wanted);
            if rust_name != wanted {
                ctx.warn(
                    &pointer,
                    &format!("operation name `{wanted}` is used by another operation; this one is `{rust_name}`"),
                );
            }
            let lowered = lower_operation(openapi, item, operation, path, method, rust_name, &pointer, space, ctx)?;
            let mut stream = stream_variant(openapi, operation, &lowered, &pointer, &mut method_names, space, ctx)?;
            stream.extend(body_variants(openapi, operation, &lowered, &pointer, &mut method_names, space, ctx)?);
            operations.push(lowered);
            wanted_names.push(wanted);
            for form in stream {
                wanted_names.push(form.rust_name.clone());
                operations.push(form);
            }
        }
    }
    Ok((operations, wanted_names))
}

/// A method's name from its operationId as written (or its method and path).
fn plain_name(operation: &openapiv3::Operation, method: &str, path: &str) -> String {
    match &operation.operation_id {
        Some(id) => value_name(id, "op"),
        None => value_name(&format!("{method} {path}"), "op"),
    }
}

/// The name each operation wants, in document order: the first of its clean names
/// ([`clean_names`]) no other operation has among its own; failing that, the first no name
/// chosen so took and no other operation left without one has; else its written name. Never
/// depends on the order operations come in.
fn chosen_names(openapi: &OpenAPI) -> Vec<String> {
    let mut ops = Vec::new();
    for (path, item) in openapi.paths.iter() {
        let Some(item) = item.as_item() else { continue };
        for (_, method, operation) in item_operations(item, "", &mut Ctx::quiet()) {
            let method_str = method.as_str().to_ascii_lowercase();
            let mut seen = std::collections::HashSet::new();
            let clean: Vec<String> =
                clean_names(&operation, &method_str, path).into_iter().filter(|n| seen.insert(n.clone())).collect();
            ops.push((clean, plain_name(&operation, &method_str, path)));
        }
    }
    fn count<'a>(names: impl Iterator<Item = &'a String>) -> std::collections::HashMap<&'a String, usize> {
        let mut counts = std::collections::HashMap::new();
        names.for_each(|name| *counts.entry(name).or_default() += 1);
        counts
    }
    // Operations without a clean name compete with their written one.
    let all =
        count(ops.iter().flat_map(|(clean, plain)| if clean.is_empty() { std::slice::from_ref(plain) } else { clean }));
    let mut chosen: Vec<Option<String>> =
        ops.iter().map(|(clean, _)| clean.iter().find(|n| all.get(n) == Some(&1)).cloned()).collect();
    let written = ops.iter().filter(|(clean, _)| clean.is_empty()).map(|(_, plain)| plain);
    let taken: std::collections::HashSet<String> = chosen.iter().flatten().chain(written).cloned().collect();
    let left = count(ops.iter().zip(&chosen).filter(|(_, c)| c.is_none()).flat_map(|((clean, _), _)| clean));
    for ((clean, _), slot) in ops.iter().zip(chosen.iter_mut()).filter(|(_, c)| c.is_none()) {
        *slot = clean.iter().find(|n| !taken.contains(*n) && left.get(n) == Some(&1)).cloned();
    }
    ops.into_iter().zip(chosen).map(|((_, plain), chosen)| chosen.unwrap_or(plain)).collect()
}

/// The names an operation may take before its written one, shortest first: its cleaned
/// operationId ([`clean_name`]), or, without an operationId, names from its method and path
/// ([`super::path_names`]).
fn clean_names(operation: &openapiv3::Operation, method: &str, path: &str) -> Vec<String> {
    match clean_name(operation, method, path) {
        Some(clean) => vec![clean],
        None if operation.operation_id.is_none() => super::path_names::candidates(method, path),
        None => Vec::new(),
    }
}

/// A method's name without the noise generators put in operationIds, or from the extensions
/// vendors publish to name SDK methods: `x-speakeasy-name-override` / `x-fern-sdk-method-name`
/// (after `x-speakeasy-group` / `x-fern-sdk-group-name`, when given), FastAPI's
/// `{function}_{path}_{method}` (`list_models_v1_models_get` → `list_models`), NestJS's
/// `{X}Controller_{method}`. `None` when none of these applies.
fn clean_name(operation: &openapiv3::Operation, method: &str, path: &str) -> Option<String> {
    let text =
        |key: &str| operation.extensions.get(key).and_then(serde_json::Value::as_str).filter(|s| !s.trim().is_empty());
    if let Some(name) = text("x-speakeasy-name-override").or_else(|| text("x-fern-sdk-method-name")) {
        let fern = || match operation.extensions.get("x-fern-sdk-group-name") {
            Some(serde_json::Value::Array(parts)) => {
                Some(parts.iter().filter_map(serde_json::Value::as_str).collect::<Vec<_>>().join(" "))
            }
            _ => text("x-fern-sdk-group-name").map(str::to_owned),
        };
        let group = text("x-speakeasy-group").map(str::to_owned).or_else(fern);
        let full = group.map_or_else(|| name.to_owned(), |g| format!("{g} {name}"));
        return Some(value_name(&full, "op"));
    }
    let id = operation.operation_id.as_deref()?;
    let snake = value_name(id, "op");
    let suffix = format!("_{}_{method}", value_name(path, "root"));
    if let Some(stripped) = snake.strip_suffix(&suffix).filter(|s| !s.is_empty() && !s.ends_with('_')) {
        return Some(stripped.to_owned());
    }
    if let Some((prefix, rest)) = id.split_once("Controller_") {
        if !prefix.is_empty() && !rest.is_empty() && prefix.chars().all(char::is_alphanumeric) {
            return Some(value_name(rest, "op"));
        }
    }
    None
}

/// The streamed forms of an operation whose first success documents JSON and a stream (OpenAI's
/// and Mistral's chat: `text/event-stream`; Ollama's: NDJSON): a second method asking for the
/// stream and returning it typed by its schema, `…_stream` (for JSON records beside an event
/// stream, `…_lines`); when the JSON body has a boolean `stream` property, that method sends it
/// as `true`. Empty for any other operation.
fn stream_variant(
    openapi: &OpenAPI,
    operation: &openapiv3::Operation,
    plain: &Operation,
    pointer: &str,
    names: &mut Namespace,
    space: &mut TypeSpace<'_>,
    ctx: &mut Ctx,
) -> Result<Vec<Operation>, Error> {
    let ResponseBody::Json(_) = plain.success.body else { return Ok(Vec::new()) };
    let first = operation.responses.responses.iter().find_map(|(code, response)| {
        let key = match code {
            StatusCode::Code(c @ 200..=299) => c.to_string(),
            StatusCode::Range(2) => "2XX".to_owned(),
            _ => return None,
        };
        let response = match response {
            ReferenceOr::Item(r) => r,
            ReferenceOr::Reference { reference } => {
                component(openapi.components.as_ref().map(|c| &c.responses), reference, "responses")?
            }
        };
        (!response.content.is_empty()).then_some((key, response))
    });
    let Some((key, response)) = first else { return Ok(Vec::new()) };
    let events = response.content.iter().find(|(m, _)| media_essence(m) == "text/event-stream");
    let records = response.content.iter().find(|(m, _)| line_framing(m).is_some());
    let kind = |media: &str, content: &openapiv3::MediaType| text_or_bytes(openapi, media, content);
    let text = response.content.iter().find(|(m, c)| kind(m, c) == Some(OtherKind::Text));
    let bytes = response.content.iter().find(|(m, c)| kind(m, c) == Some(OtherKind::Bytes));
    let mut forms = Vec::new();
    for (media, content) in events.into_iter().chain(records).chain(text).chain(bytes) {
        let at = format!("{pointer}/responses/{key}/content/{}/schema", escape_pointer_token(media));
        let hint = format!("{}Stream", plain.rust_name.to_upper_camel_case());
        let (body, suffix) = match (line_framing(media), other_kind(media)) {
            (Some(seq), _) => (
                lower_records(content, seq, &hint, &at, space, ctx)?,
                if events.is_some() { "lines" } else { "stream" },
            ),
            (None, Some(OtherKind::Text)) => (ResponseBody::Text, "text"),
            (None, Some(OtherKind::Bytes)) => (ResponseBody::Bytes, "bytes"),
            (None, None) => (lower_event_data(content, &hint, &at, space, ctx)?, "stream"),
        };
        let mut op = plain.clone();
        op.rust_name = names.claim(&format!("{}_{suffix}", plain.rust_name));
        op.stream_of = Some(plain.rust_name.clone());
        op.origin = format!("{pointer}/responses/{key}/content/{}", escape_pointer_token(media));
        op.success.body = body;
        op.success.variants = None;
        op.success.body_optional = false;
        op.accept = accept_with(openapi, operation, Some(media));
        if let (Some(body), "stream" | "lines") = (&mut op.body, suffix) {
            body.stream_flag = stream_property(body, space).map(str::to_owned);
        }
        forms.push(op);
    }
    Ok(forms)
}

/// The forms of an operation whose request body offers JSON and JSON records, text or bytes
/// (`application/x-ndjson`; `text/plain` with a string schema; `application/octet-stream`):
/// a method per other kind, `…_with_records` taking a slice of records, `…_with_text` and
/// `…_with_bytes` a body of text, bytes, a file or a reader, each sent under its media type. As for responses, a schema that is not a string
/// makes the other media type the same data encoded otherwise, which gets no method; XML and
/// forms never count.
fn body_variants(
    openapi: &OpenAPI,
    operation: &openapiv3::Operation,
    plain: &Operation,
    pointer: &str,
    names: &mut Namespace,
    space: &mut TypeSpace<'_>,
    ctx: &mut Ctx,
) -> Result<Vec<Operation>, Error> {
    let Some(body) = plain.body.as_ref().filter(|b| b.encoding == BodyEncoding::Json) else { return Ok(Vec::new()) };
    let Some(spec_body) = operation.request_body.as_ref().and_then(|b| request_body(openapi, b)) else {
        return Ok(Vec::new());
    };
    let kind = |media: &str, content: &openapiv3::MediaType| text_or_bytes(openapi, media, content);
    let text = spec_body.content.iter().find(|(m, c)| kind(m, c) == Some(OtherKind::Text));
    let bytes = spec_body.content.iter().find(|(m, c)| kind(m, c) == Some(OtherKind::Bytes));
    let records = spec_body.content.iter().find(|(m, _)| line_framing(m).is_some());
    let mut forms = Vec::new();
    for (media, content) in records.into_iter().chain(text).chain(bytes) {
        let at = format!("{pointer}/requestBody/content/{}", escape_pointer_token(media));
        let (encoding, ty, suffix) = match (line_framing(media), other_kind(media)) {
            (Some(seq), _) => {
                let hint = format!("{}Request", plain.rust_name.to_upper_camel_case());
                let ty = record_type(content, &hint, &format!("{at}/schema"), space, ctx)?;
                (BodyEncoding::Records { seq }, Some(ty), "with_records")
            }
            (None, Some(OtherKind::Text)) => (BodyEncoding::Raw, None, "with_text"),
            (None, _) => (BodyEncoding::Raw, None, "with_bytes"),
        };
        let mut op = plain.clone();
        op.rust_name = names.claim(&format!("{}_{suffix}", plain.rust_name));
        op.stream_of = Some(plain.rust_name.clone());
        op.origin = at;
        op.body = Some(RequestBody {
            content_type: media.clone(),
            encoding,
            ty,
            form_fields: Vec::new(),
            multipart: None,
            stream_flag: None,
            ..body.clone()
        });
        forms.push(op);
    }
    Ok(forms)
}

/// A request body, through its reference to `components/requestBodies` if it is one.
fn request_body<'a>(
    openapi: &'a OpenAPI,
    body: &'a ReferenceOr<openapiv3::RequestBody>,
) -> Option<&'a openapiv3::RequestBody> {
    match body {
        ReferenceOr::Item(b) => Some(b),
        ReferenceOr::Reference { reference } => {
            component(openapi.components.as_ref().map(|c| &c.request_bodies), reference, "requestBodies")
        }
    }
}

/// The kinds of success media an operation offering JSON also gets a method for, beside event
/// streams and JSON records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OtherKind {
    /// `text/*` (CSV, plain text, HTML, Markdown): `…_text`, a `String`.
    Text,
    /// A binary media type (`application/pdf`, `image/png`, `application/octet-stream`, …):
    /// `…_bytes`, a `ByteStream`.
    Bytes,
}

/// The kind of a media type beside JSON that gets a method of its own: text and binary media
/// count when their content is text or bytes (no schema, or a string one); an object or array
/// schema makes them another encoding of the JSON data (Swagger 2.0's `produces` gives every
/// response each listed media type), which gets no method.
fn text_or_bytes(openapi: &OpenAPI, media: &str, content: &openapiv3::MediaType) -> Option<OtherKind> {
    let data = content.schema.as_ref().is_some_and(|schema| !is_text_schema(openapi, schema));
    other_kind(media).filter(|_| !data)
}

/// Which other kind `media` is, if any. XML (a representation of the same data, which clients
/// here do not decode), forms, JSON and its variants, event streams and records are none.
fn other_kind(media: &str) -> Option<OtherKind> {
    let essence = media_essence(media);
    // JSON and its variants (`+json`, `/json`, `x-ndjson`, `json-seq`), event streams.
    if essence.contains("json") || essence == "text/event-stream" {
        return None;
    }
    if essence.ends_with("/xml") || essence.ends_with("+xml") || essence.contains('*') {
        return None;
    }
    if essence.starts_with("text/") {
        return Some(OtherKind::Text);
    }
    let binary = ["image/", "audio/", "video/", "font/", "application/"].iter().any(|p| essence.starts_with(p));
    let structured = essence.starts_with("application/x-www-form-urlencoded") || essence.starts_with("multipart/");
    (binary && !structured).then_some(OtherKind::Bytes)
}

/// Whether a media type's schema describes text or bytes (`type: string`, through references)
/// rather than structured data.
fn is_text_schema(openapi: &OpenAPI, schema: &ReferenceOr<openapiv3::Schema>) -> bool {
    let mut schema = schema;
    for _ in 0..16 {
        match schema {
            ReferenceOr::Item(item) => {
                return match &item.schema_kind {
                    openapiv3::SchemaKind::Type(openapiv3::Type::String(_)) => true,
                    // `type: string` with other keywords, or no constraint at all (`{}`).
                    openapiv3::SchemaKind::Any(any) => {
                        any.typ.as_deref() == Some("string")
                            || (any.typ.is_none()
                                && any.properties.is_empty()
                                && any.items.is_none()
                                && any.all_of.is_empty()
                                && any.one_of.is_empty()
                                && any.any_of.is_empty())
                    }
                    _ => false,
                };
            }
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/schemas/").map(unescape_pointer_token);
                let components = openapi.components.as_ref().map(|c| &c.schemas);
                match name.and_then(|n| components.and_then(|c| c.get(&n))) {
                    Some(next) => schema = next,
                    None => return false,
                }
            }
        }
    }
    false
}

/// The wire name of a JSON body's boolean `stream` property, if it has one.
fn stream_property<'a>(body: &RequestBody, space: &'a TypeSpace<'_>) -> Option<&'a str> {
    if body.encoding != BodyEncoding::Json {
        return None;
    }
    let TypeRef::Named(id) = body.ty.as_ref()? else { return None };
    let crate::ir::TypeKind::Struct(s) = &space.types.get(id.0)?.kind else { return None };
    s.fields
        .iter()
        .find(|f| f.wire_name == "stream" && f.ty == TypeRef::Scalar(crate::ir::Scalar::Bool))
        .map(|f| f.wire_name.as_str())
}

/// A path item's operations: its fixed fields, then OpenAPI 3.2's `query` and
/// `additionalOperations` (which the loader keeps in `x-clientgen-methods`), each with where the
/// spec wrote it (`get`, `query`, `additionalOperations/LINK`). One that does not read as an
/// operation is skipped with a warning.
pub fn item_operations<'a>(
    item: &'a PathItem,
    path_pointer: &str,
    ctx: &mut Ctx,
) -> Vec<(String, Method, std::borrow::Cow<'a, openapiv3::Operation>)> {
    let mut found: Vec<_> =
        item.iter().map(|(m, op)| (m.to_owned(), parse_method(m), std::borrow::Cow::Borrowed(op))).collect();
    let Some(serde_json::Value::Object(more)) = item.extensions.get(crate::load::METHODS_EXTENSION) else {
        return found;
    };
    for (name, value) in more {
        let written = crate::load::method_pointer(name);
        match serde_json::from_value::<openapiv3::Operation>(value.clone()) {
            Ok(op) => {
                let method = if name == "QUERY" { Method::Query } else { Method::Other(name.clone()) };
                found.push((written, method, std::borrow::Cow::Owned(op)));
            }
            Err(err) => ctx.warn(&format!("{path_pointer}/{written}"), &format!("not an operation ({err}); skipped")),
        }
    }
    found
}

/// The operation of `item` for `method` (a fixed field, or a 3.2 method kept by the loader).
pub fn find_operation<'a>(item: &'a PathItem, method: &Method) -> Option<std::borrow::Cow<'a, openapiv3::Operation>> {
    if method.is_standard() {
        return item
            .iter()
            .find(|(m, _)| m.eq_ignore_ascii_case(method.as_str()))
            .map(|(_, op)| std::borrow::Cow::Borrowed(op));
    }
    let more = item.extensions.get(crate::load::METHODS_EXTENSION)?.as_object()?;
    serde_json::from_value(more.get(method.as_str())?.clone()).ok().map(std::borrow::Cow::Owned)
}

fn parse_method(method: &str) -> Method {
    match method {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        _ => Method::Trace,
    }
}

#[allow(clippy::too_many_arguments)]
fn lower_operation(
    openapi: &OpenAPI,
    item: &PathItem,
    operation: &openapiv3::Operation,
    path: &str,
    method: Method,
    rust_name: String,
    pointer: &str,
    space: &mut TypeSpace<'_>,
    ctx: &mut Ctx,
) -> Result<Operation, Error> {
    let type_prefix = rust_name.to_upper_camel_case();
    let params = lower_params(openapi, item, operation, path, &type_prefix, pointer, space, ctx)?;
    let params_struct = params
        .iter()
        .any(|p| !p.required && p.location != ParamLocation::Path)
        .then(|| space.claim_name(&format!("{type_prefix}Params")));
    let body = match &operation.request_body {
        Some(body) => lower_body(openapi, body, &type_prefix, &format!("{pointer}/requestBody"), space, ctx)?,
        None => None,
    };
    let (success, errors) = lower_responses(openapi, operation, &type_prefix, pointer, space, ctx)?;
    let error_enum = (!errors.is_empty()).then(|| space.claim_name(&format!("{type_prefix}Error")));
    let headers_struct = (!success.headers.is_empty()).then(|| space.claim_name(&format!("{type_prefix}Headers")));
    let doc = match (&operation.summary, &operation.description) {
        (Some(summary), Some(description)) if summary.trim() != description.trim() => {
            Some(format!("{summary}\n\n{description}"))
        }
        (Some(text), _) | (None, Some(text)) => Some(text.clone()),
        (None, None) => None,
    };
    Ok(Operation {
        method_name: rust_name.clone(),
        group: None,
        rust_name,
        operation_id: operation.operation_id.clone(),
        tag: operation.tags.first().cloned(),
        origin: pointer.to_owned(),
        method,
        path: path.to_owned(),
        doc,
        deprecated: operation.deprecated,
        params,
        params_struct,
        body,
        success,
        errors,
        error_enum,
        headers_struct,
        security: None,
        pagination: None,
        server: own_server(openapi, item, operation, pointer, ctx),
        accept: accept_header(openapi, operation),
        stream_of: None,
    })
}

/// The `Accept` header of an operation: the media type its method decodes a success in (every
/// documented one, for a binary body), then those of its documented errors, in the spec's
/// order, each once. `None` when no response documents one (the client's default is sent). A
/// media type that cannot be a header value (a control character, a comma) is left out.
fn accept_header(openapi: &OpenAPI, operation: &openapiv3::Operation) -> Option<String> {
    accept_with(openapi, operation, None)
}

/// [`accept_header`], with `success` (when given) the one media type successes are asked in.
fn accept_with(openapi: &OpenAPI, operation: &openapiv3::Operation, success: Option<&str>) -> Option<String> {
    let mut found: Vec<&str> = Vec::new();
    let is_success =
        |code: Option<&StatusCode>| matches!(code, Some(StatusCode::Code(200..=299) | StatusCode::Range(2)));
    let mut entries: Vec<_> = operation
        .responses
        .responses
        .iter()
        .map(|(code, r)| (Some(code), r))
        .chain(operation.responses.default.as_ref().map(|r| (None, r)))
        .collect();
    // What the method decodes first, then the errors' media types, each in the spec's order.
    entries.sort_by_key(|(code, _)| !is_success(*code));
    for (code, response) in entries {
        let response = match response {
            ReferenceOr::Item(r) => r,
            ReferenceOr::Reference { reference } => {
                match component(openapi.components.as_ref().map(|c| &c.responses), reference, "responses") {
                    Some(r) => r,
                    None => continue,
                }
            }
        };
        let is_success = is_success(code);
        let picked = pick_media(&response.content, false).map(|(media, _)| media);
        let binary = picked.is_some_and(|m| !is_json(m) && !m.starts_with("text/"));
        let media_types: Vec<&str> = if is_success && success.is_some() {
            success.into_iter().collect()
        } else if is_success && !binary {
            picked.into_iter().collect()
        } else {
            response.content.keys().map(String::as_str).collect()
        };
        for media in media_types {
            let media = media.trim();
            let sendable = !media.is_empty() && !media.contains(',') && media.chars().all(|c| (' '..='~').contains(&c));
            if sendable && !found.iter().any(|f| media_essence(f) == media_essence(media)) {
                found.push(media);
            }
        }
    }
    (!found.is_empty()).then(|| found.join(", "))
}

/// The first of the operation's own `servers` (else its path item's), variables at their
/// defaults, when it is not the document's first server. Only an absolute http(s) URL can be
/// sent to; another (a relative URL) is warned about and the client's base URL used.
fn own_server(
    openapi: &OpenAPI,
    item: &PathItem,
    operation: &openapiv3::Operation,
    pointer: &str,
    ctx: &mut Ctx,
) -> Option<String> {
    let (server, at) = match (operation.servers.first(), item.servers.first()) {
        (Some(server), _) => (server, format!("{pointer}/servers/0")),
        (None, Some(server)) => (server, format!("{}/servers/0", pointer.rsplit_once('/').map_or(pointer, |(p, _)| p))),
        (None, None) => return None,
    };
    let expand = |server: &openapiv3::Server| {
        let mut url = server.url.clone();
        for (name, variable) in server.variables.iter().flatten() {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
        url.trim_end_matches('/').to_owned()
    };
    let url = expand(server);
    if openapi.servers.first().is_some_and(|document| expand(document) == url) {
        return None;
    }
    let host = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).map(|rest| rest.split('/').next());
    let absolute = host.flatten().is_some_and(|h| !h.is_empty() && !h.contains(['{', '}', ' ', '?', '#']));
    if !absolute || url.contains(['{', '}', ' ', '"', '\\']) {
        ctx.warn(&at, &format!("the operation's own server `{}` is not an absolute http(s) URL; its requests go to the client's base URL", server.url));
        return None;
    }
    Some(url)
}

fn resolve_parameter<'a>(
    openapi: &'a OpenAPI,
    parameter: &'a ReferenceOr<Parameter>,
    at: &str,
    ctx: &Ctx,
) -> Result<&'a Parameter, Error> {
    match parameter {
        ReferenceOr::Item(p) => Ok(p),
        ReferenceOr::Reference { reference } => {
            let mut seen = 0;
            let mut reference = reference.as_str();
            loop {
                let name = reference
                    .strip_prefix("#/components/parameters/")
                    .map(crate::diagnostics::unescape_pointer_token)
                    .ok_or_else(|| {
                        Error::spec(ctx.locate(at), format!("unsupported parameter reference `{reference}`"))
                    })?;
                match openapi.components.as_ref().and_then(|c| c.parameters.get(&name)) {
                    Some(ReferenceOr::Item(p)) => return Ok(p),
                    Some(ReferenceOr::Reference { reference: next }) if seen < 16 => {
                        reference = next;
                        seen += 1;
                    }
                    _ => {
                        return Err(Error::spec(
                            ctx.locate(at),
                            format!("unresolvable $ref `{reference}`: no such parameter"),
                        ))
                    }
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn lower_params(
    openapi: &OpenAPI,
    item: &PathItem,
    operation: &openapiv3::Operation,
    path: &str,
    type_prefix: &str,
    pointer: &str,
    space: &mut TypeSpace<'_>,
    ctx: &mut Ctx,
) -> Result<Vec<Param>, Error> {
    // Path-level parameters first; an operation-level one with the same name and location replaces it.
    let mut declared: Vec<(&Parameter, String)> = Vec::new();
    let path_pointer = pointer.rsplit_once('/').map(|(p, _)| p).unwrap_or(pointer);
    for (index, p) in item.parameters.iter().enumerate() {
        let at = format!("{path_pointer}/parameters/{index}");
        declared.push((resolve_parameter(openapi, p, &at, ctx)?, at));
    }
    for (index, p) in operation.parameters.iter().enumerate() {
        let at = format!("{pointer}/parameters/{index}");
        let p = resolve_parameter(openapi, p, &at, ctx)?;
        let data = p.parameter_data_ref();
        declared.retain(|(q, _)| {
            let q_data = q.parameter_data_ref();
            !(q_data.name == data.name && std::mem::discriminant(*q) == std::mem::discriminant(p))
        });
        declared.push((p, at));
    }
    let template_names = path_template_names(path);
    // Locals of every generated method, and its other arguments.
    let mut names = Namespace::with_reserved(&["body", "params", "self_", "request", "response"]);
    let mut params = Vec::new();
    // Path parameters in template order, so method arguments read like the URL.
    for template_name in &template_names {
        let found = declared
            .iter()
            .find(|(p, _)| matches!(p, Parameter::Path { .. }) && p.parameter_data_ref().name == *template_name);
        match found {
            Some((p, at)) => params.push(lower_param(p, at, type_prefix, &mut names, space, ctx)?),
            None => {
                ctx.warn(
                    pointer,
                    &format!("path parameter `{template_name}` is not declared; it is taken as a string"),
                );
                params.push(Param {
                    wire_name: template_name.clone(),
                    rust_name: names.claim(&value_name(template_name, "param")),
                    location: ParamLocation::Path,
                    required: true,
                    ty: TypeRef::Scalar(crate::ir::Scalar::String),
                    style: ParamStyle::Simple,
                    doc: None,
                    constraints: Constraints::default(),
                    has_client_default: false,
                });
            }
        }
    }
    for (p, at) in &declared {
        match p {
            Parameter::Path { parameter_data, .. } => {
                if !template_names.contains(&parameter_data.name) {
                    ctx.warn(
                        at,
                        &format!("path parameter `{}` does not appear in the path; ignored", parameter_data.name),
                    );
                }
            }
            Parameter::Header { parameter_data, .. }
                if ["accept", "content-type", "authorization"]
                    .contains(&parameter_data.name.to_ascii_lowercase().as_str()) =>
            {
                // OpenAPI: these header parameters are ignored; the client sets them itself
                // (`Authorization` from a security scheme, else a builder setter: `lower`).
                if parameter_data.name.eq_ignore_ascii_case("authorization") && ctx.authorization.is_none() {
                    ctx.authorization = Some(parameter_data.description.clone().unwrap_or_default());
                }
            }
            _ => params.push(lower_param(p, at, type_prefix, &mut names, space, ctx)?),
        }
    }
    Ok(params)
}

fn path_template_names(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + end];
        if !names.iter().any(|n: &String| n == name) {
            names.push(name.to_owned());
        }
        rest = &rest[start + end + 1..];
    }
    names
}

fn lower_param(
    p: &Parameter,
    at: &str,
    type_prefix: &str,
    names: &mut Namespace,
    space: &mut TypeSpace<'_>,
    ctx: &mut Ctx,
) -> Result<Param, Error> {
    let data = p.parameter_data_ref();
    let (location, style) = match p {
        Parameter::Path { style, .. } => {
            let explode = data.explode.unwrap_or(false);
            let style = match style {
                PathStyle::Simple if explode => ParamStyle::SimpleExploded,
                PathStyle::Simple => ParamStyle::Simple,
                PathStyle::Label => ParamStyle::Label { explode },
                PathStyle::Matrix => ParamStyle::Matrix { explode },
            };
            (ParamLocation::Path, style)
        }
        Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple),
        Parameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Form { explode: true }),
        Parameter::Query { style, .. } => {
            let explode = data.explode.unwrap_or(matches!(style, QueryStyle::Form));
            let style = match style {
                QueryStyle::Form => ParamStyle::Form { explode },
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                QueryStyle::DeepObject => ParamStyle::DeepObject,
            };
            (ParamLocation::Query, style)
        }
    };
    let hint = crate::names::nested_name(type_prefix, &type_name(&data.name, "Param"));
    // `content: application/json` (or another JSON type): the value travels as its JSON text.
    let json_content = match &data.format {
        ParameterSchemaOrContent::Content(content) => content.keys().next().is_some_and(|media| is_json(media)),
        ParameterSchemaOrContent::Schema(_) => false,
    };
    let style = if json_content { ParamStyle::Json } else { style };
    let lowered = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => space.lower_schema(schema, &hint, &format!("{at}/schema"), ctx)?,
        ParameterSchemaOrContent::Content(content) => {
            match content.iter().next().and_then(|(media, m)| m.schema.as_ref().map(|s| (media, s))) {
                Some((media, schema)) => space.lower_schema(
                    schema,
                    &hint,
                    &format!("{at}/content/{}/schema", escape_pointer_token(media)),
                    ctx,
                )?,
                None => super::schema::Lowered::plain(TypeRef::Scalar(crate::ir::Scalar::String)),
            }
        }
    };
    if location != ParamLocation::Path && style != ParamStyle::Json && space.holds_structured_items(&lowered.ty) {
        ctx.warn(
            at,
            "an array of objects (or arrays) in a parameter has no serialization OpenAPI defines: each item is sent as its JSON text (`name={\"k\":\"v\"}`), which a server can read back exactly; declare `content: application/json` to send the whole array as one JSON text",
        );
    }
    Ok(Param {
        wire_name: data.name.clone(),
        rust_name: names.claim(&value_name(&data.name, "param")),
        location,
        required: data.required || location == ParamLocation::Path,
        ty: lowered.ty,
        style,
        doc: data.description.clone().or(lowered.doc),
        constraints: lowered.constraints,
        has_client_default: false,
    })
}

fn lower_body(
    openapi: &OpenAPI,
    body: &ReferenceOr<openapiv3::RequestBody>,
    type_prefix: &str,
    pointer: &str,
    space: &mut TypeSpace<'_>,
    ctx: &mut Ctx,
) -> Result<Option<RequestBody>, Error> {
    let Some(resolved) = request_body(openapi, body) else {
        let reference = match body {
            ReferenceOr::Reference { reference } => reference.as_str(),
            ReferenceOr::Item(_) => "",
        };
        return Err(Error::spec(ctx.locate(pointer), format!("unresolvable $ref `{reference}`: no such request body")));
    };
    let body = resolved;
    let Some((content_type, media)) = pick_media(&body.content, true) else {
        return Ok(None);
    };
    let at = format!("{pointer}/content/{}/schema", escape_pointer_token(content_type));
    let mut body = RequestBody {
        content_type: content_type.to_owned(),
        encoding: media_encoding(content_type),
        ty: None,
        required: body.required,
        doc: body.description.clone(),
        form_fields: Vec::new(),
        multipart: None,
        stream_flag: None,
    };
    match (&body.encoding, &media.schema) {
        (BodyEncoding::Records { .. }, _) => {
            body.ty = Some(record_type(media, &format!("{type_prefix}Request"), &at, space, ctx)?);
        }
        (BodyEncoding::Raw, _) | (_, None) => body.encoding = BodyEncoding::Raw,
        (BodyEncoding::Multipart, Some(schema)) => {
            body.multipart = super::multipart::lower_form(openapi, schema, media, type_prefix, &at, space, ctx)?;
            if body.multipart.is_none() {
                body.encoding = BodyEncoding::Raw; // not an object with properties: sent as given
            }
        }
        (encoding, Some(schema)) => {
            if *encoding == BodyEncoding::Form {
                body.form_fields = form_fields(media);
            }
            let lowered = space.lower_schema(schema, &format!("{type_prefix}Request"), &at, ctx)?;
            // A body the spec lets be `null` is an `Option` the caller may leave `None` (sent as `null`).
            body.ty = Some(lowered.value_type());
        }
    }
    Ok(Some(body))
}

/// The `encoding` entries of a form body that differ from OpenAPI's default (`style: form`,
/// exploded, reserved characters encoded, plain text).
fn form_fields(media: &openapiv3::MediaType) -> Vec<FormField> {
    media
        .encoding
        .iter()
        .map(|(name, encoding)| form_field(name, encoding))
        .filter(|f| f.style != ParamStyle::Form { explode: true } || f.allow_reserved || f.json)
        .collect()
}

/// How the `encoding` entry of property `name` says to write it.
pub(super) fn form_field(name: &str, encoding: &openapiv3::Encoding) -> FormField {
    let style = match encoding.style {
        Some(QueryStyle::DeepObject) => ParamStyle::DeepObject,
        Some(QueryStyle::SpaceDelimited) => ParamStyle::SpaceDelimited,
        Some(QueryStyle::PipeDelimited) => ParamStyle::PipeDelimited,
        // The loader made `explode` explicit (openapiv3 reads a missing one as false).
        Some(QueryStyle::Form) | None => ParamStyle::Form { explode: encoding.explode },
    };
    let json = encoding.content_type.as_deref().is_some_and(is_json);
    FormField { wire_name: name.to_owned(), style, allow_reserved: encoding.allow_reserved, json }
}

/// Picks the media type a client should use: JSON first, then form, then whatever comes first.
fn pick_media(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
    allow_form: bool,
) -> Option<(&str, &openapiv3::MediaType)> {
    content
        .iter()
        .find(|(media, _)| is_json(media))
        .or_else(|| {
            content.iter().find(|(media, _)| allow_form && media.starts_with("application/x-www-form-urlencoded"))
        })
        .or_else(|| content.iter().next())
        .map(|(media, m)| (media.as_str(), m))
}

fn is_json(media: &str) -> bool {
    let essence = media_essence(media);
    essence == "application/json" || essence.ends_with("+json") || essence.ends_with("/json")
}

fn media_encoding(media: &str) -> BodyEncoding {
    if let Some(seq) = line_framing(media) {
        BodyEncoding::Records { seq }
    } else if is_json(media) {
        BodyEncoding::Json
    } else if media.starts_with("application/x-www-form-urlencoded") {
        BodyEncoding::Form
    } else if media_essence(media) == "multipart/form-data" {
        BodyEncoding::Multipart
    } else {
        BodyEncoding::Raw
    }
}

fn lower_responses(
    openapi: &OpenAPI,
    operation: &openapiv3::Operation,
    type_prefix: &str,
    pointer: &str,
    space: &mut TypeSpace<'_>,
    ctx: &mut Ctx,
) -> Result<(SuccessResponse, Vec<ErrorResponse>), Error> {
    let mut success = SuccessResponse {
        statuses: Vec::new(),
        body: ResponseBody::Empty,
        body_optional: false,
        doc: None,
        headers: Vec::new(),
        variants: None,
    };
    let mut header_names = Namespace::default();
    // The first 2xx with a body, and the later ones whose body differs from it.
    let mut first_body: Option<(u16, &openapiv3::Response)> = None;
    let mut other_bodies: Vec<StatusBody> = Vec::new();
    let mut success_without_body = false;
    let mut errors = Vec::new();
    let mut variant_names = Namespace::default();
    let entries = operation
        .responses
        .responses
        .iter()
        .map(|(code, r)| (Some(code), r))
        .chain(operation.responses.default.as_ref().map(|r| (None, r)));
    for (code, response) in entries {
        let key = match code {
            Some(StatusCode::Code(c)) => c.to_string(),
            Some(StatusCode::Range(r)) => format!("{r}XX"),
            None => "default".to_owned(),
        };
        let at = format!("{pointer}/responses/{key}");
        let response = match response {
            ReferenceOr::Item(r) => r,
            ReferenceOr::Reference { reference } => {
                match component(openapi.components.as_ref().map(|c| &c.responses), reference, "responses") {
                    Some(r) => r,
                    _ => {
                        return Err(Error::spec(
                            ctx.locate(&at),
                            format!("unresolvable $ref `{reference}`: no such response"),
                        ))
                    }
                }
            }
        };
        let is_success = matches!(code, Some(StatusCode::Code(200..=299)) | Some(StatusCode::Range(2)));
        if is_success {
            if let Some(StatusCode::Code(c)) = code {
                success.statuses.push(*c);
            }
            if success.doc.is_none() && !response.description.trim().is_empty() {
                success.doc = Some(response.description.clone());
            }
            response_headers(openapi, response, &mut success.headers, &mut header_names);
            if response.content.is_empty() {
                success_without_body = true;
            } else if success.body == ResponseBody::Empty {
                success.body = lower_response_body(response, &format!("{type_prefix}Response"), &at, space, ctx)?;
                first_body = code.and_then(|c| if let StatusCode::Code(c) = c { Some((*c, response)) } else { None });
            } else if let (Some(StatusCode::Code(c)), Some((_, first))) = (code, first_body) {
                if body_differs(first, response) {
                    let hint = format!("{type_prefix}{}Body", status_variant_name(StatusMatch::Code(*c)));
                    let doc = Some(response.description.clone()).filter(|d| !d.trim().is_empty());
                    let (ty, text) = match lower_response_body(response, &hint, &at, space, ctx)? {
                        ResponseBody::Json(ty) => (ty, false),
                        ResponseBody::Text => (TypeRef::Scalar(Scalar::String), true),
                        _ => continue,
                    };
                    other_bodies.push(StatusBody { status: *c, ty, doc, text });
                }
            }
            continue;
        }
        let status = match code {
            Some(StatusCode::Code(c)) => StatusMatch::Code(*c),
            Some(StatusCode::Range(r)) => StatusMatch::Range(*r),
            None => StatusMatch::Default,
        };
        let variant = variant_names.claim(&status_variant_name(status));
        let body = match lower_response_body(response, &format!("{type_prefix}{variant}Body"), &at, space, ctx)? {
            ResponseBody::Json(ty) => Some(ty),
            _ => None,
        };
        errors.push(ErrorResponse {
            rust_name: variant,
            status,
            body,
            doc: Some(response.description.clone()).filter(|d| !d.trim().is_empty()),
        });
    }
    success.body_optional = success_without_body && matches!(success.body, ResponseBody::Json(_));
    if let (Some((status, first)), ResponseBody::Json(primary), false) =
        (first_body, &success.body, other_bodies.is_empty())
    {
        let first_doc = Some(first.description.clone()).filter(|d| !d.trim().is_empty());
        let origin = format!("{pointer}/responses");
        let primary = StatusBody { status, ty: primary.clone(), doc: first_doc, text: false };
        let (enum_ty, variants) = success_enum(type_prefix, &origin, primary, other_bodies, space);
        success.body = ResponseBody::Json(enum_ty);
        success.variants = Some(variants);
    }
    Ok((success, errors))
}

/// Whether a later 2xx response documents a body other than the first's JSON: a different JSON
/// schema (compared as written), or text (`text/*`, as the client picks its media type).
fn body_differs(first: &openapiv3::Response, other: &openapiv3::Response) -> bool {
    let schema = |r: &openapiv3::Response| {
        pick_media(&r.content, false)
            .filter(|(media, _)| is_json(media))
            .map(|(_, content)| serde_json::to_value(&content.schema).unwrap_or_default())
    };
    let text = pick_media(&other.content, false)
        .is_some_and(|(media, _)| media.starts_with("text/") && media_essence(media) != "text/event-stream");
    match (schema(first), schema(other)) {
        (Some(a), Some(b)) => a != b,
        (Some(_), None) => text,
        _ => false,
    }
}

/// A 2xx status's body, for the success enum.
struct StatusBody {
    status: u16,
    ty: TypeRef,
    doc: Option<String>,
    /// Read as text (`text/*`), not decoded as JSON.
    text: bool,
}

/// The success enum of an operation whose 2xx statuses document different bodies: a variant per
/// status, named after it (`Ok`, `Accepted`), documented with its description.
fn success_enum(
    type_prefix: &str,
    origin: &str,
    primary: StatusBody,
    others: Vec<StatusBody>,
    space: &mut TypeSpace<'_>,
) -> (TypeRef, SuccessVariants) {
    let mut names = Namespace::default();
    let mut variants = Vec::new();
    let mut by_status = Vec::new();
    let mut text = Vec::new();
    for (index, body) in std::iter::once(primary).chain(others).enumerate() {
        let StatusBody { status, ty, doc, text: is_text } = body;
        let rust_name = names.claim(&status_variant_name(StatusMatch::Code(status)));
        if index > 0 {
            by_status.push((status, rust_name.clone()));
        }
        if is_text {
            text.push(rust_name.clone());
        }
        let doc = Some(format!("`{status}`{}", doc.map(|d| format!(": {}", d.trim())).unwrap_or_default()));
        variants.push(UnionVariant { rust_name, tag_values: Vec::new(), ty, boxed: false, doc });
    }
    let primary = variants[0].rust_name.clone();
    let doc = "The success responses, which document different bodies: a variant per status.".to_owned();
    let kind = TypeKind::Union(Union { variants, tag: None, tolerant: false });
    let (id, enum_name) = space.define(&format!("{type_prefix}Success"), origin, kind, doc);
    (TypeRef::Named(id), SuccessVariants { enum_name, primary, by_status, text })
}

/// Adds the headers `response` documents that `headers` does not hold yet (by lowercase name).
/// Left out: a header whose `$ref` does not resolve, `Content-Type` (the body's media type), and
/// CORS's `Access-Control-*` (for browsers to enforce; Twilio documents five on every operation).
fn response_headers(
    openapi: &OpenAPI,
    response: &openapiv3::Response,
    headers: &mut Vec<ResponseHeader>,
    names: &mut Namespace,
) {
    for (name, header) in &response.headers {
        let cors = name.get(..15).is_some_and(|prefix| prefix.eq_ignore_ascii_case("access-control-"));
        if cors
            || name.eq_ignore_ascii_case("content-type")
            || headers.iter().any(|h| h.wire_name.eq_ignore_ascii_case(name))
        {
            continue;
        }
        let header = match header {
            ReferenceOr::Item(h) => h,
            ReferenceOr::Reference { reference } => {
                match component(openapi.components.as_ref().map(|c| &c.headers), reference, "headers") {
                    Some(h) => h,
                    None => continue,
                }
            }
        };
        let schema = match &header.format {
            openapiv3::ParameterSchemaOrContent::Schema(schema) => Some(schema),
            openapiv3::ParameterSchemaOrContent::Content(_) => None,
        };
        headers.push(ResponseHeader {
            rust_name: names.claim(&value_name(name, "header")),
            wire_name: name.clone(),
            ty: schema.map_or(HeaderType::Text, |s| header_type(openapi, s)),
            doc: header.description.clone().filter(|d| !d.trim().is_empty()),
        });
    }
}

/// The reading of a header's schema (through its `$ref`s).
fn header_type(openapi: &OpenAPI, schema: &ReferenceOr<openapiv3::Schema>) -> HeaderType {
    use openapiv3::{SchemaKind, Type};
    match super::multipart::resolve(openapi, schema, "").map(|(schema, _)| &schema.schema_kind) {
        Some(SchemaKind::Type(Type::Integer(_))) => HeaderType::Integer,
        Some(SchemaKind::Type(Type::Number(_))) => HeaderType::Number,
        Some(SchemaKind::Type(Type::Boolean(_))) => HeaderType::Bool,
        _ => HeaderType::Text,
    }
}

/// The component `reference` names in `section` (`#/components/<section>/<name>`), if it is
/// there and not itself a reference.
fn component<'a, T>(
    components: Option<&'a indexmap::IndexMap<String, ReferenceOr<T>>>,
    reference: &str,
    section: &str,
) -> Option<&'a T> {
    let name = reference.strip_prefix("#/components/")?.strip_prefix(section)?.strip_prefix('/')?;
    match components?.get(&crate::diagnostics::unescape_pointer_token(name))? {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { .. } => None,
    }
}

fn lower_response_body(
    response: &openapiv3::Response,
    hint: &str,
    at: &str,
    space: &mut TypeSpace<'_>,
    ctx: &mut Ctx,
) -> Result<ResponseBody, Error> {
    let Some((media, content)) = pick_media(&response.content, false) else {
        return Ok(ResponseBody::Empty);
    };
    if is_json(media) {
        return Ok(match &content.schema {
            Some(schema) => {
                let lowered = space.lower_schema(
                    schema,
                    hint,
                    &format!("{at}/content/{}/schema", escape_pointer_token(media)),
                    ctx,
                )?;
                ResponseBody::Json(lowered.value_type())
            }
            None => ResponseBody::Json(TypeRef::Json),
        });
    }
    if let Some(seq) = line_framing(media) {
        return lower_records(
            content,
            seq,
            hint,
            &format!("{at}/content/{}/schema", escape_pointer_token(media)),
            space,
            ctx,
        );
    }
    if media_essence(media) == "multipart/mixed" && is_list_schema(content) {
        // Parts (OpenAPI 3.2's `itemSchema`, which the loader writes as the list's items).
        let at = format!("{at}/content/{}/schema", escape_pointer_token(media));
        return Ok(ResponseBody::Parts(record_type(content, hint, &at, space, ctx)?));
    }
    if media_essence(media) == "text/event-stream" {
        return lower_event_data(
            content,
            hint,
            &format!("{at}/content/{}/schema", escape_pointer_token(media)),
            space,
            ctx,
        );
    }
    Ok(if media.starts_with("text/") { ResponseBody::Text } else { ResponseBody::Bytes })
}

/// For a media type of JSON records, whether they are a JSON text sequence (`true`) or one per
/// line (`false`); `None` for any other media type.
pub(crate) fn line_framing(media: &str) -> Option<bool> {
    match media_essence(media).as_str() {
        "application/x-ndjson"
        | "application/ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines"
        | "application/json-lines" => Some(false),
        "application/json-seq" => Some(true),
        _ => None,
    }
}

/// A response of JSON records: the schema describes one record (OpenAPI 3.2's `itemSchema`
/// becomes it); a schema that is an array describes the records as a whole, so its `items` is
/// one record. Without a schema, each record is any JSON value.
fn lower_records(
    content: &openapiv3::MediaType,
    seq: bool,
    hint: &str,
    at: &str,
    space: &mut TypeSpace<'_>,
    ctx: &mut Ctx,
) -> Result<ResponseBody, Error> {
    Ok(ResponseBody::Lines { item: record_type(content, hint, at, space, ctx)?, seq })
}

/// Whether a media type's schema is written as an inline list.
fn is_list_schema(content: &openapiv3::MediaType) -> bool {
    matches!(
        &content.schema,
        Some(ReferenceOr::Item(openapiv3::Schema {
            schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::Array(_)),
            ..
        }))
    )
}

/// The type of one JSON record of a media type: its schema, or its `items` when the schema is
/// an array of them; any JSON without a schema.
fn record_type(
    content: &openapiv3::MediaType,
    hint: &str,
    at: &str,
    space: &mut TypeSpace<'_>,
    ctx: &mut Ctx,
) -> Result<TypeRef, Error> {
    let Some(schema) = &content.schema else {
        return Ok(TypeRef::Json);
    };
    let (schema, at) = match schema {
        ReferenceOr::Item(openapiv3::Schema {
            schema_kind:
                openapiv3::SchemaKind::Type(openapiv3::Type::Array(openapiv3::ArrayType { items: Some(items), .. })),
            ..
        }) => (items.clone().unbox(), format!("{at}/items")),
        other => (other.clone(), at.to_owned()),
    };
    let lowered = space.lower_schema(&schema, &format!("{hint}Record"), &at, ctx)?;
    Ok(lowered.value_type())
}

/// A `text/event-stream` response: its schema describes each event's data (JSON); without a
/// schema, or with a string one, the data stays text.
fn lower_event_data(
    content: &openapiv3::MediaType,
    hint: &str,
    at: &str,
    space: &mut TypeSpace<'_>,
    ctx: &mut Ctx,
) -> Result<ResponseBody, Error> {
    let Some(schema) = &content.schema else {
        return Ok(ResponseBody::Events(None));
    };
    let lowered = space.lower_schema(schema, &format!("{hint}Event"), at, ctx)?;
    Ok(match lowered.ty {
        TypeRef::Scalar(crate::ir::Scalar::String) => ResponseBody::Events(None),
        _ => ResponseBody::Events(Some(lowered.value_type())),
    })
}

/// A media type without its parameters, lower-cased.
fn media_essence(media: &str) -> String {
    media.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// Variant names for error statuses, from the status's reason phrase (RFC 9110).
fn status_variant_name(status: StatusMatch) -> String {
    match status {
        StatusMatch::Default => "Default".into(),
        StatusMatch::Range(4) => "ClientError".into(),
        StatusMatch::Range(5) => "ServerError".into(),
        StatusMatch::Range(n) => format!("Status{n}xx"),
        StatusMatch::Code(code) => match code {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            205 => "ResetContent",
            206 => "PartialContent",
            207 => "MultiStatus",
            208 => "AlreadyReported",
            226 => "ImUsed",
            300 => "MultipleChoices",
            301 => "MovedPermanently",
            302 => "Found",
            303 => "SeeOther",
            304 => "NotModified",
            307 => "TemporaryRedirect",
            308 => "PermanentRedirect",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            411 => "LengthRequired",
            412 => "PreconditionFailed",
            413 => "ContentTooLarge",
            414 => "UriTooLong",
            415 => "UnsupportedMediaType",
            416 => "RangeNotSatisfiable",
            417 => "ExpectationFailed",
            418 => "ImATeapot",
            421 => "MisdirectedRequest",
            422 => "UnprocessableEntity",
            423 => "Locked",
            424 => "FailedDependency",
            425 => "TooEarly",
            426 => "UpgradeRequired",
            428 => "PreconditionRequired",
            429 => "TooManyRequests",
            431 => "RequestHeaderFieldsTooLarge",
            451 => "UnavailableForLegalReasons",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            505 => "HttpVersionNotSupported",
            507 => "InsufficientStorage",
            508 => "LoopDetected",
            511 => "NetworkAuthenticationRequired",
            other => return format!("Status{other}"),
        }
        .into(),
    }
}
