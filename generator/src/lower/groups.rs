//! Resource groups: which handle on the client each operation's method sits on
//! (`client.repos().list_for_org(…)`), and its name there.
//!
//! An operation's group is the one its vendor names for SDKs (`x-speakeasy-group`, dotted for
//! nesting; `x-fern-sdk-group-name`, a name or a list), else its first tag, nested under the
//! tag's `parent` chain (OpenAPI 3.2). Its name in the group is the vendor's
//! (`x-speakeasy-name-override`, `x-fern-sdk-method-name`), else its client-wide name without
//! the group's words (`repos_list_for_org` → `list_for_org`, `update_user` in `users` →
//! `update`, `create_chat_completion` in `chat` → `create_completion`). Names are decided
//! per group, from that group's operations only: adding an operation elsewhere never renames
//! one. Where two operations of a group would get one name, both keep their client-wide
//! names (with a warning).

use super::Ctx;
use crate::ir::{Group, Operation};
use crate::names::{type_name, value_name, Namespace};
use std::collections::{BTreeMap, HashMap};

/// Methods of the client itself, which no group accessor or method may take.
const CLIENT_METHODS: &[&str] = &["builder", "new", "with_header", "base_url", "clone", "fmt"];
/// Names a handle's methods may not take (its derived traits' methods).
const HANDLE_METHODS: &[&str] = &["clone", "fmt", "clone_from"];

/// What the spec says about one operation's group and name.
#[derive(Debug, Default, Clone)]
pub struct Hint {
    /// Raw group names, outermost first; empty for no group.
    pub group: Vec<String>,
    /// The vendor's method name, when given.
    pub method: Option<String>,
}

/// The hint of one operation, from its extensions and tags.
pub fn hint(operation: &openapiv3::Operation, tags: &[openapiv3::Tag]) -> Hint {
    let text = |key: &str| {
        operation.extensions.get(key).and_then(serde_json::Value::as_str).map(str::trim).filter(|s| !s.is_empty())
    };
    let method = text("x-speakeasy-name-override").or_else(|| text("x-fern-sdk-method-name")).map(str::to_owned);
    let group = if let Some(dotted) = text("x-speakeasy-group") {
        dotted.split('.').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
    } else if let Some(fern) = operation.extensions.get("x-fern-sdk-group-name") {
        match fern {
            serde_json::Value::String(one) => vec![one.trim().to_owned()],
            serde_json::Value::Array(many) => many.iter().filter_map(|v| v.as_str()).map(str::to_owned).collect(),
            _ => Vec::new(),
        }
    } else {
        operation.tags.first().map(|tag| tag_chain(tag, tags)).unwrap_or_default()
    };
    Hint { group: group.into_iter().filter(|g| !g.trim().is_empty()).collect(), method }
}

/// A tag and its 3.2 `parent`s (kept as `x-parent` by the loader), outermost first. A cycle
/// or a missing parent ends the chain.
fn tag_chain(tag: &str, tags: &[openapiv3::Tag]) -> Vec<String> {
    let mut chain = vec![tag.to_owned()];
    let mut current = tag;
    while let Some(parent) = tags
        .iter()
        .find(|t| t.name == current)
        .and_then(|t| t.extensions.get("x-parent"))
        .and_then(serde_json::Value::as_str)
    {
        if chain.iter().any(|seen| seen == parent) || !tags.iter().any(|t| t.name == parent) {
            break;
        }
        chain.push(parent.to_owned());
        current = parent;
    }
    chain.reverse();
    chain
}

/// Puts every operation in its group and names its method there; returns the groups, parents
/// before children. `wanted` are the names the operations wanted client-wide (before a
/// collision suffixed them) and `hints` their hints, in the same order.
pub fn assign(
    operations: &mut [Operation],
    wanted: &[String],
    hints: &[Hint],
    tags: &[openapiv3::Tag],
    ctx: &mut Ctx,
) -> Vec<Group> {
    // Group paths (snake case) → raw names of their last segment, for the tag's docs.
    let mut paths: BTreeMap<Vec<String>, String> = BTreeMap::new();
    let op_paths: Vec<Vec<String>> = hints
        .iter()
        .map(|hint| {
            let path: Vec<String> = hint.group.iter().map(|g| value_name(g, "group")).collect();
            for depth in 1..=path.len() {
                paths.entry(path[..depth].to_vec()).or_insert_with(|| hint.group[depth - 1].clone());
            }
            path
        })
        .collect();
    let root: std::collections::HashSet<&str> = operations
        .iter()
        .zip(&op_paths)
        .filter(|(_, path)| path.is_empty())
        .map(|(op, _)| op.rust_name.as_str())
        .collect();
    let groups = build_groups(&paths, tags, &root, operations.first().map(|op| op.origin.as_str()), ctx);
    let index: HashMap<&[String], usize> = groups.iter().enumerate().map(|(i, g)| (g.path.as_slice(), i)).collect();
    for (op, path) in operations.iter_mut().zip(&op_paths) {
        op.group = index.get(path.as_slice()).copied();
    }
    name_methods(operations, wanted, hints, &groups, ctx);
    groups
}

/// The groups of `paths` with their accessors and handle types, parents first (a path sorts
/// before its extensions).
fn build_groups(
    paths: &BTreeMap<Vec<String>, String>,
    tags: &[openapiv3::Tag],
    root: &std::collections::HashSet<&str>,
    at: Option<&str>,
    ctx: &mut Ctx,
) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut type_names = Namespace::with_reserved(&["Client", "ClientBuilder"]);
    // Accessor namespaces per parent (`None`: the client). The client's own methods come first,
    // then the untagged operations' names: a group accessor gives way to neither.
    let mut accessors: HashMap<Option<usize>, Namespace> = HashMap::new();
    accessors.insert(None, Namespace::with_reserved(CLIENT_METHODS));
    for (path, raw) in paths {
        let parent =
            (path.len() > 1).then(|| groups.iter().position(|g| g.path[..] == path[..path.len() - 1])).flatten();
        let wanted = path[path.len() - 1].clone();
        let names = accessors.entry(parent).or_insert_with(|| Namespace::with_reserved(HANDLE_METHODS));
        let taken_by_method = parent.is_none() && root.contains(wanted.as_str());
        let accessor = if taken_by_method || names.contains(&wanted) {
            let accessor = names.claim(&format!("{wanted}_api"));
            let tag_at = tags.iter().position(|t| &t.name == raw).map(|i| format!("#/tags/{i}"));
            ctx.warn(
                tag_at.as_deref().or(at).unwrap_or(""),
                &format!("group `{raw}`: `{wanted}` is a method already; its handle is `{accessor}()`"),
            );
            accessor
        } else {
            names.claim(&wanted)
        };
        let tag = tags.iter().find(|t| &t.name == raw);
        let doc = tag.and_then(|t| {
            t.description.clone().or_else(|| t.extensions.get("x-summary").and_then(|s| s.as_str()).map(str::to_owned))
        });
        groups.push(Group {
            path: path.clone(),
            parent,
            accessor,
            type_name: type_names.claim(&type_name(&path.join("_"), "Group")),
            doc,
        });
    }
    groups
}

/// Names each operation's method in its group (see the module docs).
fn name_methods(operations: &mut [Operation], client_wide: &[String], hints: &[Hint], groups: &[Group], ctx: &mut Ctx) {
    let mut wanted: Vec<String> = operations
        .iter()
        .zip(hints)
        .zip(client_wide)
        .map(|((op, hint), client_wide)| match (&hint.method, op.group) {
            (Some(name), Some(_)) if op.stream_of.is_none() => value_name(name, "op"),
            (_, Some(group)) => without_group(client_wide, groups[group].path.last().map_or("", String::as_str))
                .unwrap_or_else(|| op.rust_name.clone()),
            (_, None) => op.rust_name.clone(),
        })
        .collect();
    // A streamed form is named after its plain method's name in the group, with its own
    // suffix (`_stream`, `_lines`).
    for i in 0..operations.len() {
        if let Some(plain) = &operations[i].stream_of {
            if let Some(j) = operations.iter().position(|op| &op.rust_name == plain && op.stream_of.is_none()) {
                let suffix = operations[i].rust_name.strip_prefix(plain.as_str()).unwrap_or("_stream");
                wanted[i] = format!("{}{suffix}", wanted[j]);
            }
        }
    }
    let mut by_group: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for (i, op) in operations.iter().enumerate() {
        by_group.entry(op.group).or_default().push(i);
    }
    for (group, members) in by_group {
        let reserved: Vec<&str> = match group {
            None => CLIENT_METHODS.to_vec(),
            Some(_) => HANDLE_METHODS.to_vec(),
        };
        let mut names = Namespace::with_reserved(&reserved);
        for child in groups.iter().filter(|g| g.parent == group) {
            names.claim(&child.accessor);
        }
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for &i in &members {
            *counts.entry(wanted[i].as_str()).or_default() += 1;
        }
        let shared: Vec<bool> =
            members.iter().map(|&i| counts[wanted[i].as_str()] > 1 || names.contains(&wanted[i])).collect();
        for (&i, shared) in members.iter().zip(shared) {
            let op = &operations[i];
            let first = if shared && wanted[i] != op.rust_name { op.rust_name.clone() } else { wanted[i].clone() };
            let name = names.claim(&first);
            if shared && wanted[i] != op.rust_name || name != first {
                ctx.warn(
                    &op.origin,
                    &format!(
                        "method name `{}` is wanted by more than one method here; this one is `{name}`",
                        wanted[i]
                    ),
                );
            }
            operations[i].method_name = name;
        }
    }
}

/// `name` without the words of `group` (the first place they occur, singular or plural), when
/// something is left: `repos_list_for_org` in `repos` → `list_for_org`, `update_user` in
/// `users` → `update`.
pub fn without_group(name: &str, group: &str) -> Option<String> {
    let words: Vec<&str> = name.trim_end_matches('_').split('_').collect();
    let group: Vec<&str> = group.trim_end_matches('_').split('_').filter(|w| !w.is_empty()).collect();
    if group.is_empty() || words.len() <= group.len() {
        return None;
    }
    let at = (0..=words.len() - group.len())
        .find(|&start| words[start..start + group.len()].iter().zip(&group).all(|(a, b)| singular(a) == singular(b)))?;
    let rest: Vec<&str> = words[..at].iter().chain(&words[at + group.len()..]).copied().collect();
    let joined = rest.join("_");
    // A leading digit would need a prefix: keep the whole name instead.
    (!joined.is_empty() && !joined.starts_with(|c: char| c.is_ascii_digit())).then(|| value_name(&joined, "op"))
}

/// A word's singular, for comparing (`repos` → `repo`, `policies` → `policy`).
pub(super) fn singular(word: &str) -> std::borrow::Cow<'_, str> {
    if word.len() > 3 && word.ends_with("ies") {
        return format!("{}y", &word[..word.len() - 3]).into();
    }
    if word.len() > 4 && ["sses", "xes", "ches", "shes"].iter().any(|end| word.ends_with(end)) {
        return word[..word.len() - 2].into();
    }
    // Not `status`, `analysis`: Latin and Greek singulars.
    if word.len() > 1 && word.ends_with('s') && !["ss", "us", "is"].iter().any(|end| word.ends_with(end)) {
        return word[..word.len() - 1].into();
    }
    word.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_words_leave_the_name() {
        assert_eq!(without_group("repos_list_for_org", "repos").as_deref(), Some("list_for_org"));
        assert_eq!(without_group("update_user", "users").as_deref(), Some("update"));
        assert_eq!(without_group("list_models", "models").as_deref(), Some("list"));
        assert_eq!(without_group("create_chat_completion", "chat").as_deref(), Some("create_completion"));
        assert_eq!(without_group("get_policy", "policies").as_deref(), Some("get"));
        assert_eq!(without_group("list_user_repos", "user").as_deref(), Some("list_repos"));
        assert_eq!(without_group("delete_customer_info", "customer_info").as_deref(), Some("delete"));
        assert_eq!(without_group("create_address", "addresses").as_deref(), Some("create"));
        assert_eq!(without_group("get_status", "status").as_deref(), Some("get"));
    }

    #[test]
    fn names_that_are_only_the_group_or_lack_it_stay() {
        assert_eq!(without_group("users", "users"), None);
        assert_eq!(without_group("list_orders", "users"), None);
        assert_eq!(without_group("users_2024", "users"), None);
        // A keyword left alone is escaped like any name.
        assert_eq!(without_group("users_type", "users").as_deref(), Some("type_"));
        // Group words match whole words only.
        assert_eq!(without_group("list_username", "user"), None);
    }
}
