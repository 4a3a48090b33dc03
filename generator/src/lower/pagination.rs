//! Cursor pagination of list operations, from (in this order of precedence) a rule given to the
//! `Builder` or in `clientgen.toml`, the operation's `x-speakeasy-pagination` extension (the
//! vendor extension published specs carry most often), or one of two conventions recognised
//! only when every part of them is there: Stripe's (`starting_after` query parameter, a body with
//! a boolean `has_more` and an array `data`) and Slack's (`cursor` query parameter, a body with
//! `response_metadata.next_cursor`).

use super::Ctx;
use crate::ir::{
    Iterable, NextCursor, Operation, Pagination, ParamLocation, Presence, ResponseBody, Scalar, TypeDef, TypeKind,
    TypeRef,
};
use std::collections::BTreeMap;

/// A pagination rule for one operation, as the `Builder` and `clientgen.toml` take it. Paths
/// are a JSONPath subset: `$.a.b` (a field), `$.data[-1].id` (a field of the last item).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationRule {
    /// The query parameter that takes the cursor (`starting_after`, `cursor`).
    pub cursor: String,
    /// Where the next cursor is: `$.response_metadata.next_cursor`, or `$.data[-1].id`.
    pub next: String,
    /// Where the items are (`$.data`), so that pages can be iterated.
    #[serde(default)]
    pub items: Option<String>,
    /// A boolean that says another page follows (`$.has_more`).
    #[serde(default)]
    pub has_more: Option<String>,
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

/// A rule (from any source) as IR, or why it cannot be used.
fn from_rule(rule: &PaginationRule, source: &str) -> Result<Pagination, String> {
    let next = parse_path(&rule.next).ok_or_else(|| format!("`{}` is not a supported path", rule.next))?;
    let path = |p: &Option<String>| -> Result<Option<Vec<String>>, String> {
        match p {
            None => Ok(None),
            Some(p) => parse_path(p)
                .and_then(|s| fields_only(&s))
                .map(Some)
                .ok_or_else(|| format!("`{p}` is not a field path")),
        }
    };
    let items = path(&rule.items)?;
    let has_more = path(&rule.has_more)?;
    let next = match next.iter().position(|s| *s == Step::Last) {
        None => NextCursor::Field(fields_only(&next).unwrap_or_default()),
        Some(at) => {
            let list = fields_only(&next[..at]).ok_or("only one `[-1]` is supported")?;
            let field = match &next[at + 1..] {
                [Step::Field(field)] => field.clone(),
                _ => return Err(format!("`{}`: `[-1]` must be followed by one field", rule.next)),
            };
            if items.as_ref().is_some_and(|items| *items != list) {
                return Err("the last item must be one of the items".into());
            }
            return Ok(Pagination {
                param: rule.cursor.clone(),
                next: NextCursor::LastItem { field, has_more },
                items: Some(list),
                source: source.to_owned(),
            });
        }
    };
    Ok(Pagination { param: rule.cursor.clone(), next, items, source: source.to_owned() })
}

/// `x-speakeasy-pagination` with `type: cursor`: `inputs` names the cursor parameter,
/// `outputs.nextCursor` and `outputs.results` the paths.
fn from_extension(extension: &serde_json::Value) -> Result<PaginationRule, String> {
    if extension.get("type").and_then(|t| t.as_str()) != Some("cursor") {
        return Err("only `type: cursor` is supported".into());
    }
    let cursor = extension["inputs"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|i| i["type"] == "cursor" && i["in"] == "parameters")
        .and_then(|i| i["name"].as_str())
        .ok_or("no input of `type: cursor` `in: parameters`")?;
    let next = extension["outputs"]["nextCursor"].as_str().ok_or("no `outputs.nextCursor`")?;
    Ok(PaginationRule {
        cursor: cursor.to_owned(),
        next: next.to_owned(),
        items: extension["outputs"]["results"].as_str().map(str::to_owned),
        has_more: None,
    })
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
        let data = field(types, body, "data").is_some_and(|f| matches!(f.ty, TypeRef::Array(_)));
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
        return Some(Pagination {
            param: "cursor".into(),
            next: NextCursor::Field(vec!["response_metadata".into(), "next_cursor".into()]),
            items: None,
            source: "Slack's convention (`cursor`, `response_metadata.next_cursor`)".into(),
        });
    }
    None
}

/// The pagination of `op`: a rule for its `operationId` (or method name), else its extension,
/// else a detected convention. A declaration that cannot be used is a warning at the operation.
pub fn lower(
    op: &Operation,
    extension: Option<&serde_json::Value>,
    rules: &BTreeMap<String, PaginationRule>,
    types: &[TypeDef],
    ctx: &mut Ctx,
) -> Option<Pagination> {
    let rule = op.operation_id.as_ref().and_then(|id| rules.get(id)).or_else(|| rules.get(&op.rust_name));
    let declared = match (rule, extension) {
        (Some(rule), _) => Some(from_rule(rule, "configuration")),
        (None, Some(extension)) => {
            Some(from_extension(extension).and_then(|r| from_rule(&r, "x-speakeasy-pagination")))
        }
        (None, None) => None,
    };
    let pagination = match declared {
        Some(Ok(pagination)) => pagination,
        Some(Err(why)) => {
            ctx.warn(&op.origin, &format!("pagination not used: {why}"));
            return None;
        }
        None => return detect(op, types),
    };
    if !op.params.iter().any(|p| p.location == ParamLocation::Query && p.wire_name == pagination.param) {
        let message = format!("pagination not used: the operation has no query parameter `{}`", pagination.param);
        ctx.warn(&op.origin, &message);
        return None;
    }
    Some(pagination)
}

/// The page type of a paginated operation whose items are one field of it.
pub fn iterable(op: &Operation, types: &[TypeDef]) -> Option<Iterable> {
    let pagination = op.pagination.as_ref()?;
    let ResponseBody::Json(TypeRef::Named(id)) = &op.success.body else { return None };
    let [items] = pagination.items.as_deref()? else { return None };
    let field = field(types, &TypeRef::Named(*id), items)?;
    let TypeRef::Array(item) = &field.ty else { return None };
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
        let stripe = PaginationRule {
            cursor: "starting_after".into(),
            next: "$.data[-1].id".into(),
            items: Some("$.data".into()),
            has_more: Some("$.has_more".into()),
        };
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
            let rule = PaginationRule { cursor: "c".into(), next: bad.into(), ..Default::default() };
            assert!(from_rule(&rule, "configuration").is_err(), "{bad}");
        }
        assert!(from_extension(&serde_json::json!({"type": "offsetLimit"})).is_err());
    }
}
