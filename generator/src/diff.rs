//! What a spec change means for users of the generated crate: the public Rust API of two
//! generated clients compared item by item, each change classified by the Rust semver rules
//! (the cargo reference's "SemVer compatibility" chapter) as breaking or not, with the spec
//! location that caused it.
//!
//! The API is read from the generated code itself (parsed with `syn`), not from the IR, so the
//! report sees exactly what users see: derives, `#[non_exhaustive]`, field and parameter types.
//! Where `cargo-semver-checks` has a lint for a kind of change, the change names it
//! ([`Change::lint`]); the battery in `tests/semver.rs` holds the two to agreement.

use crate::ir::Api;
use quote::ToTokens;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One change to the public API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed, e.g. `field-added`, `method-removed`.
    pub kind: &'static str,
    /// The item, as users name it (`types::Customer::email`, `Client::list_pets`).
    pub item: String,
    /// Whether code that compiled against the old crate may fail to compile against the new.
    pub breaking: bool,
    /// Before → after, or what was added/removed.
    pub detail: String,
    /// Where in the spec the item comes from (a JSON pointer), when known.
    pub location: Option<String>,
    /// The cargo-semver-checks lint that reports this kind of change, if it has one.
    pub lint: Option<&'static str>,
}

/// The report for a pair of clients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Every change, breaking ones first, then by item.
    pub changes: Vec<Change>,
    /// The generated crate's version before the change.
    pub current_version: String,
    /// The version the new crate should have under Cargo's semver rules.
    pub suggested_version: String,
}

impl Report {
    /// Number of breaking changes.
    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }

    /// Whether anything in the API changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Compares the clients generated before (`old`) and after (`new`) a spec change.
/// `old_code`/`new_code` are the single-file clients ([`crate::Generated::code`]).
pub fn compare(old: (&Api, &str), new: (&Api, &str), current_version: &str) -> Result<Report, crate::Error> {
    let parse = |code: &str| -> Result<Surface, crate::Error> {
        let file =
            syn::parse_file(code).map_err(|e| crate::Error::Internal(format!("generated code does not parse: {e}")))?;
        Ok(Surface::of(&file))
    };
    let (before, after) = std::thread::scope(|scope| {
        let before = scope.spawn(|| parse(old.1));
        let after = parse(new.1);
        (before.join().unwrap_or_else(|_| Err(crate::Error::Internal("diff thread panicked".into()))), after)
    });
    let (before, after) = (before?, after?);
    let locate = Locator { old: old.0, new: new.0 };
    let mut changes = Vec::new();
    compare_types(&before, &after, &locate, &mut changes);
    compare_methods(&before, &after, &locate, &mut changes);
    merge_moves(&mut changes, &before, &after, &locate);
    compare_impls(&before, &after, &locate, &mut changes);
    changes
        .sort_by(|a, b| b.breaking.cmp(&a.breaking).then_with(|| a.item.cmp(&b.item)).then_with(|| a.kind.cmp(b.kind)));
    let suggested_version = suggest_version(current_version, &changes);
    Ok(Report { changes, current_version: current_version.to_owned(), suggested_version })
}

/// The next version under Cargo's rules: a breaking change bumps the major version (the minor
/// before 1.0), an addition the minor (the patch before 1.0), anything else the patch.
pub fn suggest_version(current: &str, changes: &[Change]) -> String {
    let parts: Vec<u64> = current.split(['.', '-', '+']).take(3).map(|p| p.parse().unwrap_or(0)).collect();
    let (major, minor, patch) =
        (parts.first().copied().unwrap_or(0), parts.get(1).copied().unwrap_or(0), parts.get(2).copied().unwrap_or(0));
    let breaking = changes.iter().any(|c| c.breaking);
    let additive = !changes.is_empty();
    match (major, breaking, additive) {
        (0, true, _) => format!("0.{}.0", minor + 1),
        (0, false, _) => format!("0.{minor}.{}", patch + 1),
        (_, true, _) => format!("{}.0.0", major + 1),
        (_, false, true) => format!("{major}.{}.0", minor + 1),
        (_, false, false) => format!("{major}.{minor}.{}", patch + 1),
    }
}

/// The public API of one generated client.
#[derive(Debug, Default)]
struct Surface {
    types: BTreeMap<String, Shape>,
    /// `Owner::method` → signature.
    methods: BTreeMap<String, Signature>,
    /// (type, trait) for derives and trait impls.
    impls: BTreeSet<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Struct { fields: BTreeMap<String, String>, non_exhaustive: bool, constructible: bool },
    Enum { variants: BTreeMap<String, String>, non_exhaustive: bool },
    Alias(String),
}

impl Shape {
    fn kind(&self) -> &'static str {
        match self {
            Shape::Struct { .. } => "struct",
            Shape::Enum { .. } => "enum",
            Shape::Alias(_) => "type alias",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Signature {
    params: Vec<String>,
    output: String,
}

impl Signature {
    fn show(&self) -> String {
        format!("({}) -> {}", self.params.join(", "), self.output)
    }
}

/// A type as a person writes it (a token stream's text has a space between every token).
fn tokens(node: &impl ToTokens) -> String {
    let text = node.to_token_stream().to_string();
    let mut out = String::with_capacity(text.len());
    let mut previous = "";
    for part in text.split(' ') {
        let call = part == "(" && previous.ends_with(|c: char| c.is_alphanumeric() || c == '_');
        let tight_before = call || matches!(part, "<" | ">" | ">>" | "::" | "," | ")" | ";" | "]");
        let tight_after = matches!(previous, "<" | "::" | "(" | "&" | "[" | "");
        if !tight_before && !tight_after {
            out.push(' ');
        }
        out.push_str(part);
        previous = part;
    }
    out
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn has_attr(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

fn derives(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut out = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last() {
                out.push(last.ident.to_string());
            }
            Ok(())
        });
    }
    out
}

fn last_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

impl Surface {
    fn of(file: &syn::File) -> Surface {
        let mut surface = Surface::default();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        surface.walk(&file.items, false, &mut names);
        // Methods and impls were keyed by the bare type name; name them as users do.
        let rename = |name: &str| names.get(name).cloned().unwrap_or_else(|| name.to_owned());
        surface.methods = std::mem::take(&mut surface.methods)
            .into_iter()
            .map(|(key, sig)| {
                let (owner, method) = key.split_once("::").unwrap_or((&key, ""));
                (format!("{}::{method}", rename(owner)), sig)
            })
            .collect();
        surface.impls = std::mem::take(&mut surface.impls).into_iter().map(|(ty, tr)| (rename(&ty), tr)).collect();
        surface
    }

    fn walk(&mut self, items: &[syn::Item], in_types: bool, names: &mut BTreeMap<String, String>) {
        for item in items {
            match item {
                syn::Item::Mod(m) => {
                    if let Some((_, content)) = &m.content {
                        self.walk(content, in_types || m.ident == "types", names);
                    }
                }
                syn::Item::Struct(s) if is_pub(&s.vis) => {
                    let name = self.add_type(&s.ident, in_types, names);
                    let all_pub = s.fields.iter().all(|f| is_pub(&f.vis));
                    let fields = s
                        .fields
                        .iter()
                        .filter(|f| is_pub(&f.vis))
                        .filter_map(|f| Some((f.ident.as_ref()?.to_string(), tokens(&f.ty))))
                        .collect();
                    let non_exhaustive = has_attr(&s.attrs, "non_exhaustive");
                    for derived in derives(&s.attrs) {
                        self.impls.insert((s.ident.to_string(), derived));
                    }
                    self.types.insert(
                        name,
                        Shape::Struct { fields, non_exhaustive, constructible: all_pub && !non_exhaustive },
                    );
                }
                syn::Item::Enum(e) if is_pub(&e.vis) => {
                    let name = self.add_type(&e.ident, in_types, names);
                    let variants = e.variants.iter().map(|v| (v.ident.to_string(), tokens(&v.fields))).collect();
                    for derived in derives(&e.attrs) {
                        self.impls.insert((e.ident.to_string(), derived));
                    }
                    self.types
                        .insert(name, Shape::Enum { variants, non_exhaustive: has_attr(&e.attrs, "non_exhaustive") });
                }
                syn::Item::Type(t) if is_pub(&t.vis) => {
                    let name = self.add_type(&t.ident, in_types, names);
                    self.types.insert(name, Shape::Alias(tokens(&t.ty)));
                }
                syn::Item::Impl(block) => self.add_impl(block),
                _ => {}
            }
        }
    }

    fn add_type(&mut self, ident: &syn::Ident, in_types: bool, names: &mut BTreeMap<String, String>) -> String {
        let name = if in_types { format!("types::{ident}") } else { ident.to_string() };
        names.insert(ident.to_string(), name.clone());
        name
    }

    fn add_impl(&mut self, block: &syn::ItemImpl) {
        let Some(owner) = last_ident(&block.self_ty) else { return };
        if let Some((_, trait_path, _)) = &block.trait_ {
            if let Some(last) = trait_path.segments.last() {
                self.impls.insert((owner, last.ident.to_string()));
            }
            return;
        }
        for item in &block.items {
            let syn::ImplItem::Fn(f) = item else { continue };
            if !is_pub(&f.vis) {
                continue;
            }
            let params = f
                .sig
                .inputs
                .iter()
                .filter_map(|arg| match arg {
                    syn::FnArg::Typed(t) => Some(tokens(&t.ty)),
                    syn::FnArg::Receiver(_) => None,
                })
                .collect();
            let output = match &f.sig.output {
                syn::ReturnType::Default => "()".to_owned(),
                syn::ReturnType::Type(_, ty) => tokens(ty),
            };
            self.methods.insert(format!("{owner}::{}", f.sig.ident), Signature { params, output });
        }
    }
}

/// Finds the spec location of an item in either version's IR.
struct Locator<'a> {
    old: &'a Api,
    new: &'a Api,
}

impl Locator<'_> {
    fn of_type(&self, item: &str) -> Option<String> {
        let name = item.rsplit("::").next().unwrap_or(item);
        [self.new, self.old].into_iter().find_map(|api| {
            if let Some(def) = api.types.iter().find(|t| t.name == name) {
                return Some(def.origin.clone());
            }
            api.operations.iter().find_map(|op| {
                op.own_types().find(|(owned, _)| *owned == name).map(|(_, part)| format!("{}/{part}", op.origin))
            })
        })
    }

    fn of_field(&self, ty: &str, field: &str) -> Option<String> {
        let name = ty.rsplit("::").next().unwrap_or(ty);
        for api in [self.new, self.old] {
            let Some(def) = api.types.iter().find(|t| t.name == name) else { continue };
            if let crate::ir::TypeKind::Struct(s) = &def.kind {
                if let Some(f) = s.fields.iter().find(|f| f.rust_name == field) {
                    let wire = f.wire_name.replace('~', "~0").replace('/', "~1");
                    return Some(format!("{}/properties/{wire}", def.origin));
                }
            }
            return Some(def.origin.clone());
        }
        self.of_type(ty)
    }

    /// Whether `owner` (as users name it) is the client or a group's handle, whose methods are
    /// operations.
    fn owns_operations(&self, owner: &str) -> bool {
        let name = owner.rsplit("::").next().unwrap_or(owner);
        name == "Client" || [self.new, self.old].iter().any(|api| api.groups.iter().any(|g| g.type_name == name))
    }

    /// A method of the client or of a group's handle: its operation; a group's accessor: the
    /// group's first operation.
    fn of_method(&self, owner: &str, method: &str) -> Option<String> {
        let name = owner.rsplit("::").next().unwrap_or(owner);
        for api in [self.new, self.old] {
            let group = api.groups.iter().position(|g| g.type_name == name);
            if name != "Client" && group.is_none() {
                continue;
            }
            if let Some(op) = api.operations.iter().find(|op| op.group == group && op.method_name == method) {
                return Some(op.origin.clone());
            }
            let child = api.groups.iter().position(|g| g.parent == group && g.accessor == method);
            if let Some(op) = child.and_then(|c| api.operations.iter().find(|op| op.group == Some(c))) {
                return Some(op.origin.clone());
            }
        }
        self.of_type(owner)
    }
}

fn change(
    kind: &'static str,
    item: String,
    breaking: bool,
    detail: String,
    location: Option<String>,
    lint: Option<&'static str>,
) -> Change {
    Change { kind, item, breaking, detail, location, lint }
}

fn compare_types(before: &Surface, after: &Surface, at: &Locator<'_>, out: &mut Vec<Change>) {
    for (name, old) in &before.types {
        let Some(new) = after.types.get(name) else {
            let lint = match old {
                Shape::Struct { .. } => Some("struct_missing"),
                Shape::Enum { .. } => Some("enum_missing"),
                Shape::Alias(_) => None,
            };
            out.push(change(
                "type-removed",
                name.clone(),
                true,
                format!("{} removed", old.kind()),
                at.of_type(name),
                lint,
            ));
            continue;
        };
        match (old, new) {
            (
                Shape::Struct { fields: a, non_exhaustive: na, constructible: ca },
                Shape::Struct { fields: b, non_exhaustive: nb, .. },
            ) => {
                compare_fields(name, a, b, *ca, at, out);
                if !na && *nb {
                    out.push(change(
                        "marked-non-exhaustive",
                        name.clone(),
                        true,
                        "now #[non_exhaustive]".into(),
                        at.of_type(name),
                        Some("struct_marked_non_exhaustive"),
                    ));
                }
            }
            (Shape::Enum { variants: a, non_exhaustive: na }, Shape::Enum { variants: b, non_exhaustive: nb }) => {
                compare_variants(name, a, b, *na, at, out);
                if !na && *nb {
                    out.push(change(
                        "marked-non-exhaustive",
                        name.clone(),
                        true,
                        "now #[non_exhaustive]".into(),
                        at.of_type(name),
                        Some("enum_marked_non_exhaustive"),
                    ));
                }
            }
            (Shape::Alias(a), Shape::Alias(b)) if a != b => {
                out.push(change("alias-changed", name.clone(), true, format!("`{a}` → `{b}`"), at.of_type(name), None));
            }
            (a, b) if a.kind() != b.kind() => {
                let lint = match a {
                    Shape::Struct { .. } => Some("struct_missing"),
                    Shape::Enum { .. } => Some("enum_missing"),
                    Shape::Alias(_) => None,
                };
                out.push(change(
                    "kind-changed",
                    name.clone(),
                    true,
                    format!("{} → {}", a.kind(), b.kind()),
                    at.of_type(name),
                    lint,
                ));
            }
            _ => {}
        }
    }
    for (name, new) in &after.types {
        if !before.types.contains_key(name) {
            out.push(change("type-added", name.clone(), false, format!("new {}", new.kind()), at.of_type(name), None));
        }
    }
}

/// How one named member (a field, a variant) differs between two versions of a type.
enum Member<'a> {
    Removed(&'a str),
    Changed(&'a str, &'a str),
    Added(&'a str),
}

/// The members of `before` and `after` that differ: removed or changed ones in `before`'s order,
/// then added ones in `after`'s.
fn member_changes<'a>(
    before: &'a BTreeMap<String, String>,
    after: &'a BTreeMap<String, String>,
) -> impl Iterator<Item = (&'a str, Member<'a>)> {
    let gone_or_changed = before.iter().filter_map(|(name, old)| match after.get(name) {
        None => Some((name.as_str(), Member::Removed(old.as_str()))),
        Some(new) if new != old => Some((name.as_str(), Member::Changed(old.as_str(), new.as_str()))),
        Some(_) => None,
    });
    let added = after.iter().filter(|(name, _)| !before.contains_key(*name));
    gone_or_changed.chain(added.map(|(name, new)| (name.as_str(), Member::Added(new.as_str()))))
}

fn compare_fields(
    ty: &str,
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
    constructible: bool,
    at: &Locator<'_>,
    out: &mut Vec<Change>,
) {
    for (field, member) in member_changes(before, after) {
        let (item, location) = (format!("{ty}::{field}"), at.of_field(ty, field));
        out.push(match member {
            Member::Removed(old) => change(
                "field-removed",
                item,
                true,
                format!("field `{field}: {old}` removed"),
                location,
                Some("struct_pub_field_missing"),
            ),
            Member::Changed(old, new) => {
                change("field-type-changed", item, true, format!("`{old}` → `{new}`"), location, None)
            }
            Member::Added(new) if constructible => change(
                "field-added",
                item,
                true,
                format!("field `{field}: {new}` added; struct literals without `..` no longer compile"),
                location,
                Some("constructible_struct_adds_field"),
            ),
            Member::Added(new) => {
                change("field-added", item, false, format!("field `{field}: {new}` added"), location, None)
            }
        });
    }
}

fn compare_variants(
    ty: &str,
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
    non_exhaustive: bool,
    at: &Locator<'_>,
    out: &mut Vec<Change>,
) {
    for (variant, member) in member_changes(before, after) {
        let (item, location) = (format!("{ty}::{variant}"), at.of_type(ty));
        out.push(match member {
            Member::Removed(_) => {
                change("variant-removed", item, true, "variant removed".into(), location, Some("enum_variant_missing"))
            }
            Member::Changed(old, new) => {
                change("variant-changed", item, true, format!("`{old}` → `{new}`"), location, None)
            }
            Member::Added(_) if non_exhaustive => change(
                "variant-added",
                item,
                false,
                "variant added (the enum is #[non_exhaustive])".into(),
                location,
                None,
            ),
            Member::Added(_) => change(
                "variant-added",
                item,
                true,
                "variant added to an exhaustive enum; `match`es without `_` no longer compile".into(),
                location,
                Some("enum_variant_added"),
            ),
        });
    }
}

fn compare_methods(before: &Surface, after: &Surface, at: &Locator<'_>, out: &mut Vec<Change>) {
    for (key, old) in &before.methods {
        let (owner, method) = key.rsplit_once("::").unwrap_or((key, ""));
        // A removed type already reports its methods' removal.
        if !after.types.contains_key(owner) && before.types.contains_key(owner) {
            continue;
        }
        match after.methods.get(key) {
            None => out.push(change(
                "method-removed",
                key.clone(),
                true,
                format!("`{}` removed", old.show()),
                at.of_method(owner, method),
                Some("inherent_method_missing"),
            )),
            Some(new) if new != old => {
                let lint = (new.params.len() != old.params.len()).then_some("method_parameter_count_changed");
                out.push(change(
                    "method-signature-changed",
                    key.clone(),
                    true,
                    format!("`{}` → `{}`", old.show(), new.show()),
                    at.of_method(owner, method),
                    lint,
                ));
            }
            Some(_) => {}
        }
    }
    for (key, new) in &after.methods {
        if !before.methods.contains_key(key) {
            let (owner, method) = key.rsplit_once("::").unwrap_or((key, ""));
            if !before.types.contains_key(owner) && after.types.contains_key(owner) {
                continue;
            }
            out.push(change(
                "method-added",
                key.clone(),
                false,
                format!("new `{}`", new.show()),
                at.of_method(owner, method),
                None,
            ));
        }
    }
}

/// A method removed from one owner and added on another for the same operation, with the same
/// parameters and result (a tag added or changed moves it between the client and a group's
/// handle), is one change: `method-moved`, breaking, naming where it went.
fn merge_moves(changes: &mut Vec<Change>, before: &Surface, after: &Surface, at: &Locator<'_>) {
    let same = |old: &Signature, new: &Signature| {
        old.params == new.params && old.output.replace("'a", "'_") == new.output.replace("'a", "'_")
    };
    // The new places: methods another change reports as added, or of a new type (a new group's
    // handle), whose methods are not reported one by one; indexed by their operation's location
    // once, so large APIs are not searched once per removed method.
    let mut added: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for key in after.methods.keys().filter(|key| !before.methods.contains_key(*key)) {
        let (owner, method) = key.rsplit_once("::").unwrap_or((key, ""));
        if let Some(location) = at.owns_operations(owner).then(|| at.of_method(owner, method)).flatten() {
            added.entry(location).or_default().push(key);
        }
    }
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for removed in changes.iter_mut().filter(|c| c.kind == "method-removed") {
        let Some(old) = before.methods.get(&removed.item) else { continue };
        let old_owner = removed.item.rsplit_once("::").map_or("", |(owner, _)| owner);
        let Some(candidates) = removed.location.as_ref().and_then(|l| added.get(l)) else { continue };
        if !at.owns_operations(old_owner) {
            continue;
        }
        let found = candidates.iter().find(|key| {
            let owner = key.rsplit_once("::").map_or(key.as_str(), |(owner, _)| owner);
            owner != old_owner && !taken.contains(**key) && same(old, &after.methods[**key])
        });
        if let Some(key) = found {
            removed.kind = "method-moved";
            removed.detail = format!("moved to `{key}` (its operation's group changed)");
            taken.insert((*key).clone());
        }
    }
    changes.retain(|c| !(c.kind == "method-added" && taken.contains(&c.item)));
}

/// Derived traits whose removal cargo-semver-checks reports (`derive_trait_impl_removed`).
const DERIVE_LINTED: &[&str] = &["Debug", "Clone", "Copy", "PartialEq", "Eq", "PartialOrd", "Ord", "Hash"];

fn compare_impls(before: &Surface, after: &Surface, at: &Locator<'_>, out: &mut Vec<Change>) {
    for (ty, tr) in &before.impls {
        if after.types.contains_key(ty) && !after.impls.contains(&(ty.clone(), tr.clone())) {
            // cargo-semver-checks' lint covers the commonly derived traits (not `Default`).
            let lint = DERIVE_LINTED.contains(&tr.as_str()).then_some("derive_trait_impl_removed");
            out.push(change(
                "trait-impl-removed",
                ty.clone(),
                true,
                format!("no longer implements `{tr}`"),
                at.of_type(ty),
                lint,
            ));
        }
    }
    for (ty, tr) in &after.impls {
        if before.types.contains_key(ty) && !before.impls.contains(&(ty.clone(), tr.clone())) {
            // A new `Copy` turns moves into copies and is major for cargo-semver-checks
            // (`copy_impl_added`); other new impls are additions.
            let copy = tr == "Copy";
            out.push(change(
                "trait-impl-added",
                ty.clone(),
                copy,
                format!("now implements `{tr}`"),
                at.of_type(ty),
                copy.then_some("copy_impl_added"),
            ));
        }
    }
}

/// The report as plain text, for terminals.
pub fn to_text(report: &Report) -> String {
    let breaking = report.breaking();
    let mut out = format!(
        "{} change(s) to the Rust API: {breaking} breaking, {} not. Suggested version: {} (from {}).\n",
        report.changes.len(),
        report.changes.len() - breaking,
        report.suggested_version,
        report.current_version
    );
    for c in &report.changes {
        let label = if c.breaking { "breaking" } else { "minor   " };
        out.push_str(&format!("{label}  {}: {} ({})", c.item, c.detail, c.kind));
        if let Some(location) = &c.location {
            out.push_str(&format!("\n          at {location}"));
        }
        out.push('\n');
    }
    out
}

/// The report as Markdown, for pull-request comments.
pub fn to_markdown(report: &Report) -> String {
    let breaking = report.breaking();
    let mut out = format!(
        "### Rust API changes: {breaking} breaking, {} non-breaking\n\nSuggested version: **{}** (from {}).\n",
        report.changes.len() - breaking,
        report.suggested_version,
        report.current_version
    );
    if report.changes.is_empty() {
        out.push_str("\nNo change to the public API.\n");
        return out;
    }
    out.push_str("\n| | Item | Change | Spec location |\n|---|---|---|---|\n");
    for c in &report.changes {
        let mark = if c.breaking { "⚠️ breaking" } else { "minor" };
        let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
        out.push_str(&format!(
            "| {mark} | `{}` | {} | {} |\n",
            cell(&c.item),
            cell(&c.detail),
            c.location.as_deref().map(|l| format!("`{}`", cell(l))).unwrap_or_default()
        ));
    }
    out
}

/// The report as JSON, for tools.
pub fn to_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
