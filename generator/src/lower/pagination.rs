//! Pagination of list operations, from (in this order of precedence) a rule given to the
//! `Builder` or in `clientgen.toml`, the operation's `x-speakeasy-pagination` extension (the
//! vendor extension published specs carry most often: `type: cursor`, `offsetLimit` and `url`),
//! or one of two cursor conventions recognised only when every part of them is there: Stripe's
//! (`starting_after` query parameter, a body with a boolean `has_more` and an array `data`) and
//! Slack's (`cursor` query parameter, a body with `response_metadata.next_cursor`; the items are
//! the body's one list, if it has exactly one); or a next page's URL in the body where a known
//! convention puts it (Twilio's `meta.next_page_url`, DigitalOcean's `links.pages.next`, Azure's
//! `nextLink`, OData's `@odata.nextLink`, JSON:API's `links.next`, Django REST framework's
//! `next` beside `previous` and `results`) beside the body's one list. Offset and
//! page-number schemes are never guessed: an `offset` or `page` parameter says nothing certain
//! about where the items are or whether the server counts pages from 0 or 1.

use super::Ctx;
use crate::ir::{
    Iterable, NextCursor, Operation, Pagination, ParamLocation, Presence, ResponseBody, Scalar, TypeDef, TypeKind,
    TypeRef,
};
use std::collections::BTreeMap;

/// A pagination rule for one operation, as the `Builder` and `clientgen.toml` take it: one of
/// `cursor` (with `next`), `offset`, `page` or `next_url`. Paths are a JSONPath subset: `$.a.b`
/// (a field), `$.data[-1].id` (a field of the last item), `$` (the body itself, for items).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PaginationRule {
    /// Cursor pagination: the query parameter that takes the cursor (`starting_after`, `cursor`).
    pub cursor: Option<String>,
    /// With `cursor`: where the next cursor is, `$.response_metadata.next_cursor` or `$.data[-1].id`.
    pub next: Option<String>,
    /// Offset pagination: the query parameter that takes the offset (the next one is this
    /// request's plus the number of items on the page).
    pub offset: Option<String>,
    /// Page-number pagination: the query parameter that takes the page number (counted from 1
    /// when the first call leaves it unset).
    pub page: Option<String>,
    /// With `offset` or `page`: the query parameter that caps a page's items (a page with fewer
    /// is the last).
    pub limit: Option<String>,
    /// URL pagination: where the body gives the next page's URL (`$.links.next`).
    pub next_url: Option<String>,
    /// Where the items are (`$.data`, or `$` for a body that is the list); required for offset
    /// and page numbers, which count them; makes the pages iterable.
    pub items: Option<String>,
    /// With `cursor`: a boolean that says another page follows (`$.has_more`).
    pub has_more: Option<String>,
}

impl PaginationRule {
    /// Cursor pagination: the query parameter `param` takes the cursor found at `next`.
    pub fn cursor(param: impl Into<String>, next: impl Into<String>) -> PaginationRule {
        PaginationRule { cursor: Some(param.into()), next: Some(next.into()), ..PaginationRule::default() }
    }

    /// Offset pagination: the query parameter `param` takes the offset; the items are at `items`.
    pub fn offset(param: impl Into<String>, items: impl Into<String>) -> PaginationRule {
        PaginationRule { offset: Some(param.into()), items: Some(items.into()), ..PaginationRule::default() }
    }

    /// Page-number pagination: the query parameter `param` takes the page number; the items are
    /// at `items`.
    pub fn page(param: impl Into<String>, items: impl Into<String>) -> PaginationRule {
        PaginationRule { page: Some(param.into()), items: Some(items.into()), ..PaginationRule::default() }
    }

    /// URL pagination: the body gives the next page's URL at `next_url`.
    pub fn next_url(next_url: impl Into<String>) -> PaginationRule {
        PaginationRule { next_url: Some(next_url.into()), ..PaginationRule::default() }
    }

    /// Where the items are.
    pub fn items(mut self, items: impl Into<String>) -> PaginationRule {
        self.items = Some(items.into());
        self
    }

    /// The boolean that says another page follows (cursor pagination).
    pub fn has_more(mut self, has_more: impl Into<String>) -> PaginationRule {
        self.has_more = Some(has_more.into());
        self
    }

    /// The query parameter that caps a page's items (offset and page numbers).
    pub fn limit(mut self, limit: impl Into<String>) -> PaginationRule {
        self.limit = Some(limit.into());
        self
    }
}

/// One step of a path: a field, or the last item of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Field(String),
    Last,
}

fn parse_path(path: &str) -> Option<Vec<Step>> {
    let rest = path.trim().strip_prefix('$').unwrap_or(path.trim());
    let mut steps = Vec::new();
    for part in rest.split('.').filter(|p| !p.is_empty()) {
        let (name, last) = match part.strip_suffix("[-1]") {
            Some(name) => (name, true),
            None => (part, false),
        };
        if name.is_empty() || name.contains(['[', ']', '*', '?']) {
            return None;
        }
        steps.push(Step::Field(name.to_owned()));
        if last {
            steps.push(Step::Last);
        }
    }
    (!steps.is_empty()).then_some(steps)
}

fn fields_only(steps: &[Step]) -> Option<Vec<String>> {
    steps
        .iter()
        .map(|s| match s {
            Step::Field(f) => Some(f.clone()),
            Step::Last => None,
        })
        .collect()
}

/// A path that must be fields only (`$` is the body itself).
fn field_path(path: Option<&str>) -> Result<Option<Vec<String>>, String> {
    match path {
        None => Ok(None),
        Some(p) if p.trim() == "$" => Ok(Some(Vec::new())),
        Some(p) => {
            parse_path(p).and_then(|s| fields_only(&s)).map(Some).ok_or_else(|| format!("`{p}` is not a field path"))
        }
    }
}

/// A rule (from any source) as IR, or why it cannot be used.
fn from_rule(rule: &PaginationRule, source: &str) -> Result<Pagination, String> {
    let items = field_path(rule.items.as_deref())?;
    let has_more = field_path(rule.has_more.as_deref())?;
    let source = source.to_owned();
    let unused = |what: &str, value: &Option<String>| match value {
        Some(_) => Err(format!("`{what}` does not apply to this kind of pagination")),
        None => Ok(()),
    };
    match (&rule.cursor, &rule.offset, &rule.page, &rule.next_url) {
        (Some(param), None, None, None) => {
            unused("limit", &rule.limit)?;
            let next = rule.next.as_deref().ok_or("`cursor` needs `next`, where the next cursor is")?;
            let (next, last_of) = cursor_in(next, has_more, items.as_ref())?;
            Ok(Pagination { param: param.clone(), next, items: last_of.or(items), source })
        }
        (None, Some(param), None, None) | (None, None, Some(param), None) => {
            unused("next", &rule.next)?;
            unused("has_more", &rule.has_more)?;
            let items = items.ok_or("offset and page numbers need `items`, the list whose items they count")?;
            let limit = rule.limit.clone();
            let next = if rule.offset.is_some() { NextCursor::Offset { limit } } else { NextCursor::Page { limit } };
            Ok(Pagination { param: param.clone(), next, items: Some(items), source })
        }
        (None, None, None, Some(url)) => {
            unused("limit", &rule.limit)?;
            unused("has_more", &rule.has_more)?;
            let path = field_path(Some(url))?.filter(|p| !p.is_empty());
            let path = path.ok_or_else(|| format!("`{url}` is not a field path"))?;
            Ok(Pagination { param: String::new(), next: NextCursor::Url(path), items, source })
        }
        _ => Err("a rule needs exactly one of `cursor`, `offset`, `page` and `next_url`".into()),
    }
}

/// The cursor's place: a field, or a field of the last item of a list (returned too).
fn cursor_in(
    next: &str,
    has_more: Option<Vec<String>>,
    items: Option<&Vec<String>>,
) -> Result<(NextCursor, Option<Vec<String>>), String> {
    let steps = parse_path(next).ok_or_else(|| format!("`{next}` is not a supported path"))?;
    let Some(at) = steps.iter().position(|s| *s == Step::Last) else {
        return Ok((NextCursor::Field(fields_only(&steps).unwrap_or_default()), None));
    };
    let list = fields_only(&steps[..at]).ok_or("only one `[-1]` is supported")?;
    let field = match &steps[at + 1..] {
        [Step::Field(field)] => field.clone(),
        _ => return Err(format!("`{next}`: `[-1]` must be followed by one field")),
    };
    if items.is_some_and(|items| *items != list) {
        return Err("the last item must be one of the items".into());
    }
    Ok((NextCursor::LastItem { field, has_more }, Some(list)))
}

/// `x-speakeasy-pagination`: `type: cursor` (an input of `type: cursor`, `outputs.nextCursor`),
/// `type: offsetLimit` (an input of `type: offset` or `page`, optionally `limit`;
/// `outputs.results`) or `type: url` (`outputs.nextUrl`). Inputs must be `in: parameters`.
fn from_extension(extension: &serde_json::Value) -> Result<PaginationRule, String> {
    let input = |kind: &str| {
        extension["inputs"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|i| i["type"] == kind && i["in"] == "parameters")
            .and_then(|i| i["name"].as_str())
            .map(str::to_owned)
    };
    let output = |name: &str| extension["outputs"][name].as_str().map(str::to_owned);
    let rule = PaginationRule { items: output("results"), ..PaginationRule::default() };
    match extension.get("type").and_then(|t| t.as_str()) {
        Some("cursor") => Ok(PaginationRule {
            cursor: Some(input("cursor").ok_or("no input of `type: cursor` `in: parameters`")?),
            next: Some(output("nextCursor").ok_or("no `outputs.nextCursor`")?),
            ..rule
        }),
        Some("offsetLimit") => {
            let (offset, page) = (input("offset"), input("page"));
            if offset.is_none() && page.is_none() {
                return Err("no input of `type: offset` or `type: page` `in: parameters`".into());
            }
            let page = if offset.is_some() { None } else { page };
            Ok(PaginationRule { offset, page, limit: input("limit"), ..rule })
        }
        Some("url") => Ok(PaginationRule { next_url: Some(output("nextUrl").ok_or("no `outputs.nextUrl`")?), ..rule }),
        _ => Err("the `type` is none of `cursor`, `offsetLimit` and `url`".into()),
    }
}

/// The struct behind a type reference, if it is one.
fn struct_of<'t>(types: &'t [TypeDef], ty: &TypeRef) -> Option<&'t crate::ir::Struct> {
    match ty {
        TypeRef::Named(id) => match &types[id.0].kind {
            TypeKind::Struct(s) => Some(s),
            TypeKind::Alias(inner) => struct_of(types, inner),
            _ => None,
        },
        TypeRef::Nullable(inner) => struct_of(types, inner),
        _ => None,
    }
}

fn field<'t>(types: &'t [TypeDef], ty: &TypeRef, wire: &str) -> Option<&'t crate::ir::Field> {
    struct_of(types, ty)?.fields.iter().find(|f| f.wire_name == wire)
}

/// Stripe's and Slack's conventions, when every part of them is there.
fn detect(op: &Operation, types: &[TypeDef]) -> Option<Pagination> {
    let ResponseBody::Json(body) = &op.success.body else { return None };
    let has_query = |name: &str| op.params.iter().any(|p| p.location == ParamLocation::Query && p.wire_name == name);
    if has_query("starting_after") {
        let has_more = field(types, body, "has_more").is_some_and(|f| f.ty == TypeRef::Scalar(Scalar::Bool));
        let data =
            field(types, body, "data").is_some_and(|f| matches!(f.ty, TypeRef::Array(_) | TypeRef::OneOrMany(_)));
        if has_more && data {
            return Some(Pagination {
                param: "starting_after".into(),
                next: NextCursor::LastItem { field: "id".into(), has_more: Some(vec!["has_more".into()]) },
                items: Some(vec!["data".into()]),
                source: "Stripe's convention (`starting_after`, `has_more`, `data`)".into(),
            });
        }
    }
    if has_query("cursor") {
        let metadata = field(types, body, "response_metadata")?;
        field(types, &metadata.ty, "next_cursor")?;
        // The items: the body's one list, when it has exactly one (`channels`, `members`).
        let lists: Vec<_> = struct_of(types, body)?
            .fields
            .iter()
            .filter(|f| matches!(f.ty, TypeRef::Array(_) | TypeRef::OneOrMany(_)))
            .collect();
        let items = match lists[..] {
            [list] => Some(vec![list.wire_name.clone()]),
            _ => None,
        };
        return Some(Pagination {
            param: "cursor".into(),
            next: NextCursor::Field(vec!["response_metadata".into(), "next_cursor".into()]),
            items,
            source: "Slack's convention (`cursor`, `response_metadata.next_cursor`)".into(),
        });
    }
    next_url(op, body, types)
}

/// Where conventions put the next page's URL in a list's body, and whose they are.
const NEXT_URLS: &[(&[&str], &str)] = &[
    (&["meta", "next_page_url"], "Twilio's `meta.next_page_url`"),
    (&["links", "pages", "next"], "DigitalOcean's `links.pages.next`"),
    (&["nextLink"], "Azure's `nextLink`"),
    (&["@odata.nextLink"], "OData's `@odata.nextLink`"),
    (&["links", "next"], "JSON:API's `links.next`"),
];

/// The next page's URL in the body of a `GET`, where a known convention puts it (a string
/// there) beside exactly one list, the items; or Django REST framework's `next`, `previous`
/// and `results`. Followed like `Link` (same origin only).
fn next_url(op: &Operation, body: &TypeRef, types: &[TypeDef]) -> Option<Pagination> {
    if op.method != crate::ir::Method::Get {
        return None;
    }
    let lists: Vec<&str> = struct_of(types, body)?
        .fields
        .iter()
        .filter(|f| matches!(f.ty, TypeRef::Array(_) | TypeRef::OneOrMany(_)))
        .map(|f| f.wire_name.as_str())
        .collect();
    let [items] = lists[..] else { return None };
    let is_text = |path: &[&str]| string_at(types, body, path);
    let (path, source): (&[&str], String) = match NEXT_URLS.iter().find(|(path, _)| is_text(path)) {
        Some((path, whose)) => (path, format!("{whose} convention")),
        None if items == "results" && is_text(&["next"]) && is_text(&["previous"]) => {
            (&["next"], "Django REST framework's convention (`next`, `previous`, `results`)".into())
        }
        None => return None,
    };
    Some(Pagination {
        param: String::new(),
        next: NextCursor::Url(path.iter().map(|s| (*s).to_owned()).collect()),
        items: Some(vec![items.to_owned()]),
        source,
    })
}

/// Whether `path` (wire names) leads to a string in `ty`, through structs and the variants of
/// unions of objects (DigitalOcean's `pages` is a union of forward and backward links).
fn string_at(types: &[TypeDef], ty: &TypeRef, path: &[&str]) -> bool {
    let Some((first, rest)) = path.split_first() else {
        return match ty {
            TypeRef::Scalar(Scalar::String) => true,
            TypeRef::Nullable(inner) => string_at(types, inner, path),
            TypeRef::Named(id) => matches!(&types[id.0].kind, TypeKind::Alias(inner) if string_at(types, inner, path)),
            _ => false,
        };
    };
    let named = match ty {
        TypeRef::Nullable(inner) => return string_at(types, inner, path),
        TypeRef::Named(id) => &types[id.0].kind,
        _ => return false,
    };
    match named {
        TypeKind::Alias(inner) => string_at(types, inner, path),
        TypeKind::Struct(s) => s.fields.iter().any(|f| f.wire_name == *first && string_at(types, &f.ty, rest)),
        TypeKind::Union(u) => u.variants.iter().any(|v| string_at(types, &v.ty, path)),
        TypeKind::Enum(_) => false,
    }
}

/// The pagination of `op` as if no rule applied (a rule for many operations that does not fit
/// this one): its extension, else a convention.
fn without_rules(
    op: &Operation,
    extension: Option<&serde_json::Value>,
    types: &[TypeDef],
    ctx: &mut Ctx,
) -> Option<Pagination> {
    lower(op, extension, &BTreeMap::new(), &mut std::collections::BTreeSet::new(), types, ctx)
}

/// The rule that applies to `op`, most specific first: one keyed by its `operationId` or method
/// name, one keyed `tag:NAME` for its tag, a glob over operationIds and method names
/// (`list*`, `*_list`), the client-wide default `*`. Returns the key too, and whether the rule
/// names this operation alone (only such a rule that does not fit is warned about).
fn rule_for<'a>(
    op: &Operation,
    rules: &'a BTreeMap<String, PaginationRule>,
) -> Option<(&'a str, &'a PaginationRule, bool)> {
    let names: Vec<&str> = op.operation_id.iter().map(String::as_str).chain([op.rust_name.as_str()]).collect();
    let exact = names.iter().find_map(|n| rules.get_key_value(*n));
    let tag = op.tag.as_ref().and_then(|t| rules.get_key_value(&format!("tag:{t}")));
    let glob = || {
        rules
            .iter()
            .filter(|(key, _)| key.contains('*') && key.as_str() != "*" && !key.starts_with("tag:"))
            .find(|(key, _)| names.iter().any(|n| glob_matches(key, n)))
    };
    let default = || rules.get_key_value("*");
    match exact {
        Some((key, rule)) => Some((key.as_str(), rule, true)),
        None => tag.or_else(glob).or_else(default).map(|(key, rule)| (key.as_str(), rule, false)),
    }
}

/// `*` matches any run of characters; everything else matches itself.
fn glob_matches(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else { return false };
    let parts: Vec<&str> = parts.collect();
    for (index, part) in parts.iter().enumerate() {
        if index == parts.len() - 1 {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

/// The pagination of `op`: the rule that applies to it (see `rule_for`; its key is added to
/// `used`), else its extension, else a detected convention. A declaration that cannot be used
/// is a warning at the operation; a rule matching many operations is used where it fits.
pub fn lower(
    op: &Operation,
    extension: Option<&serde_json::Value>,
    rules: &BTreeMap<String, PaginationRule>,
    used: &mut std::collections::BTreeSet<String>,
    types: &[TypeDef],
    ctx: &mut Ctx,
) -> Option<Pagination> {
    let rule = rule_for(op, rules);
    if let Some((key, _, _)) = rule {
        used.insert(key.to_owned());
    }
    let declared = match (rule, extension) {
        (Some((_, rule, own)), _) => Some((from_rule(rule, "configuration"), own)),
        (None, Some(extension)) => {
            Some((from_extension(extension).and_then(|r| from_rule(&r, "x-speakeasy-pagination")), true))
        }
        (None, None) => None,
    };
    let pagination = match declared {
        Some((Ok(pagination), _)) => pagination,
        Some((Err(why), true)) => {
            ctx.warn(&op.origin, &format!("pagination not used: {why}"));
            return None;
        }
        Some((Err(_), false)) => return without_rules(op, extension, types, ctx),
        None => return detect(op, types),
    };
    let own = rule.is_none_or(|(_, _, own)| own);
    let limit = match &pagination.next {
        NextCursor::Offset { limit } | NextCursor::Page { limit } => limit.as_deref(),
        _ => None,
    };
    let param = (!matches!(pagination.next, NextCursor::Url(_))).then_some(pagination.param.as_str());
    for name in param.into_iter().chain(limit) {
        if !op.params.iter().any(|p| p.location == ParamLocation::Query && p.wire_name == name) {
            if own {
                let message = format!("pagination not used: the operation has no query parameter `{name}`");
                ctx.warn(&op.origin, &message);
                return None;
            }
            return without_rules(op, extension, types, ctx);
        }
    }
    let ResponseBody::Json(body) = &op.success.body else {
        if own {
            ctx.warn(&op.origin, "pagination not used: the success response is not JSON");
            return None;
        }
        return without_rules(op, extension, types, ctx);
    };
    if let Some(items) = &pagination.items {
        if list_at(types, body, items) == Some(false) {
            if !own {
                return without_rules(op, extension, types, ctx);
            }
            let path = if items.is_empty() { "$".to_owned() } else { format!("$.{}", items.join(".")) };
            ctx.warn(&op.origin, &format!("pagination not used: `{path}` is not a list in the success response"));
            return None;
        }
    }
    Some(pagination)
}

/// Whether `path` (wire names) leads to a list in `ty`; `None` where the types cannot say
/// (free-form values, unions).
fn list_at(types: &[TypeDef], ty: &TypeRef, path: &[String]) -> Option<bool> {
    let Some((first, rest)) = path.split_first() else {
        return match ty {
            TypeRef::Array(_) | TypeRef::OneOrMany(_) => Some(true),
            TypeRef::Nullable(inner) => list_at(types, inner, path),
            TypeRef::Named(id) => match &types[id.0].kind {
                TypeKind::Alias(inner) => list_at(types, inner, path),
                TypeKind::Struct(_) | TypeKind::Enum(_) => Some(false),
                _ => None,
            },
            TypeRef::Scalar(_) => Some(false),
            _ => None,
        };
    };
    let strukt = struct_of(types, ty)?;
    match strukt.fields.iter().find(|f| f.wire_name == *first) {
        Some(field) => list_at(types, &field.ty, rest),
        None if strukt.additional.is_some() => None,
        None => Some(false),
    }
}

/// The page type of a paginated operation whose items are one field of it.
pub fn iterable(op: &Operation, types: &[TypeDef]) -> Option<Iterable> {
    let pagination = op.pagination.as_ref()?;
    let ResponseBody::Json(TypeRef::Named(id)) = &op.success.body else { return None };
    let [items] = pagination.items.as_deref()? else { return None };
    let field = field(types, &TypeRef::Named(*id), items)?;
    let (TypeRef::Array(item) | TypeRef::OneOrMany(item)) = &field.ty else { return None };
    let optional = match field.presence {
        Presence::Required => false,
        Presence::Optional | Presence::RequiredNullable => true,
        Presence::OptionalNullable => return None,
    };
    Some(Iterable { ty: *id, field: field.rust_name.clone(), item: (**item).clone(), optional })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_and_extensions_become_cursors() {
        let stripe = PaginationRule::cursor("starting_after", "$.data[-1].id").items("$.data").has_more("$.has_more");
        let lowered = from_rule(&stripe, "configuration").unwrap();
        assert_eq!(lowered.next, NextCursor::LastItem { field: "id".into(), has_more: Some(vec!["has_more".into()]) });
        assert_eq!(lowered.items, Some(vec!["data".into()]));
        let slack = serde_json::json!({
            "type": "cursor",
            "inputs": [{"name": "cursor", "in": "parameters", "type": "cursor"}],
            "outputs": {"nextCursor": "$.response_metadata.next_cursor", "results": "$.channels"}
        });
        let lowered = from_rule(&from_extension(&slack).unwrap(), "x-speakeasy-pagination").unwrap();
        assert_eq!(lowered.next, NextCursor::Field(vec!["response_metadata".into(), "next_cursor".into()]));
        assert_eq!(lowered.items, Some(vec!["channels".into()]));
        for bad in ["$", "$.a[0]", "$.a[-1]", "$.a[-1].b.c", "$.*"] {
            assert!(from_rule(&PaginationRule::cursor("c", bad), "configuration").is_err(), "{bad}");
        }
        assert!(from_extension(&serde_json::json!({"type": "offsetLimit"})).is_err());
        assert!(from_extension(&serde_json::json!({"type": "pageToken"})).is_err());
    }

    #[test]
    fn offsets_page_numbers_and_urls() {
        let offset = serde_json::json!({
            "type": "offsetLimit",
            "inputs": [{"name": "skip", "in": "parameters", "type": "offset"}, {"name": "top", "in": "parameters", "type": "limit"}],
            "outputs": {"results": "$.value"}
        });
        let lowered = from_rule(&from_extension(&offset).unwrap(), "x-speakeasy-pagination").unwrap();
        assert_eq!((lowered.param.as_str(), lowered.next), ("skip", NextCursor::Offset { limit: Some("top".into()) }));
        assert_eq!(lowered.items, Some(vec!["value".into()]));
        let page = serde_json::json!({
            "type": "offsetLimit",
            "inputs": [{"name": "page", "in": "parameters", "type": "page"}],
            "outputs": {"results": "$"}
        });
        let lowered = from_rule(&from_extension(&page).unwrap(), "x-speakeasy-pagination").unwrap();
        assert_eq!((lowered.next, lowered.items), (NextCursor::Page { limit: None }, Some(vec![])));
        let url = serde_json::json!({"type": "url", "outputs": {"nextUrl": "$.links.next"}});
        let lowered = from_rule(&from_extension(&url).unwrap(), "x-speakeasy-pagination").unwrap();
        assert_eq!(lowered.next, NextCursor::Url(vec!["links".into(), "next".into()]));

        // Offsets and page numbers count items, so they need them; a rule is one kind only.
        assert!(from_rule(&PaginationRule { offset: Some("o".into()), ..Default::default() }, "c").is_err());
        assert!(from_rule(&PaginationRule::page("p", "$.items").has_more("$.more"), "c").is_err());
        assert!(from_rule(&PaginationRule::cursor("c", "$.next").limit("l"), "c").is_err());
        let both = PaginationRule { page: Some("p".into()), ..PaginationRule::offset("o", "$.items") };
        assert!(from_rule(&both, "c").is_err());
        assert!(from_rule(&PaginationRule::default(), "c").is_err());
        assert!(from_rule(&PaginationRule::next_url("$"), "c").is_err());
    }
}
