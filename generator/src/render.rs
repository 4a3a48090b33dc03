//! Stage 4: emitted items → formatted Rust text (syn + prettyplease, no rustfmt, so the output
//! is the same on every machine and inside build scripts). Quoted items are parsed here; items
//! emitted as syntax trees go straight to the printer.
//!
//! The output is a tree of modules laid out for review (see [`Layout`]): what a reviewer reads
//! (the client, method signatures by tag, type definitions with their docs, each in a file named
//! after the spec item it comes from, so a spec change touches the files it concerns and nothing
//! moves when an unrelated item changes) apart from mechanical code (every serde and validation
//! impl, in one `impls` file, in the same order). The same tree is written either as files (`generated/…/src`) or as one file with
//! inline modules (for `include!` from a build script). Each file is rendered on its own, on
//! several threads, and joined in a fixed order, so the output does not depend on the thread
//! count.

use crate::diagnostics::Error;
use crate::emit::{Emitter, Item, IMPORTABLE};
use crate::gates::{Gate, Gates};
use crate::ir::Api;
use proc_macro2::TokenStream;
use std::collections::{BTreeMap, BTreeSet};

/// A module of the generated crate: its rendered items and its child modules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// The module's name (a Rust identifier; the root's is empty).
    pub name: String,
    /// `pub mod` (else private `mod`).
    pub public: bool,
    /// Outer doc line on the module's declaration.
    pub doc: Option<String>,
    /// The `cfg` predicate its declaration carries (a Cargo feature gate), if any.
    pub cfg: Option<String>,
    /// The module's own items, formatted.
    pub body: String,
    /// Child modules, in output order.
    pub children: Vec<Module>,
}

impl Module {
    fn new(name: &str, public: bool, doc: Option<&str>, body: String) -> Module {
        Module { name: name.to_owned(), public, doc: doc.map(str::to_owned), cfg: None, body, children: Vec::new() }
    }

    fn gated(mut self, cfg: Option<String>) -> Module {
        self.cfg = cfg;
        self
    }

    fn declaration(&self) -> String {
        let doc = self.doc.as_ref().map(|d| format!("/// {d}\n")).unwrap_or_default();
        let cfg = self.cfg.as_ref().map(|c| format!("#[cfg({c})]\n")).unwrap_or_default();
        let vis = if self.public { "pub " } else { "" };
        format!("{doc}{cfg}{vis}mod {}", self.name)
    }

    /// The whole tree as one file, child modules inline (`mod name { … }`).
    pub fn single_file(&self, header: &str) -> String {
        let mut out = String::with_capacity(header.len() + self.size() + self.size() / 8);
        out.push_str(header);
        out.push('\n');
        self.push_inline(&mut out, 0);
        out
    }

    /// Bytes of text in the tree (for sizing the single file).
    fn size(&self) -> usize {
        self.body.len() + self.children.iter().map(Module::size).sum::<usize>()
    }

    /// Appends this module's body and its children, every line indented by `depth` levels.
    fn push_inline(&self, out: &mut String, depth: usize) {
        let push_line = |out: &mut String, line: &str| {
            if !line.is_empty() {
                for _ in 0..depth {
                    out.push_str("    ");
                }
                out.push_str(line);
            }
            out.push('\n');
        };
        for line in self.body.trim_end_matches('\n').lines() {
            push_line(out, line);
        }
        let mut first = self.body.trim().is_empty();
        for child in &self.children {
            if !first {
                // A blank line between items.
                out.push('\n');
            }
            first = false;
            for line in child.declaration().lines() {
                push_line(out, line);
            }
            out.pop();
            out.push_str(" {\n");
            child.push_inline(out, depth + 1);
            push_line(out, "}");
        }
    }

    /// The tree as files under `src/`: `lib.rs`, then `name/mod.rs` for modules with children
    /// and `name.rs` for the others. Paths use `/`.
    pub fn files(&self, header: &str) -> Vec<(String, String)> {
        let mut files = Vec::new();
        self.push_files("src", true, header, &mut files);
        files
    }

    fn push_files(&self, dir: &str, root: bool, header: &str, files: &mut Vec<(String, String)>) {
        let mut text = format!("{header}\n");
        text.push_str(self.body.trim_end_matches('\n'));
        if !self.children.is_empty() {
            if !self.body.trim().is_empty() {
                text.push_str("\n\n");
            }
            // A documented declaration stands apart from the plain ones after it.
            let declarations: Vec<String> = self
                .children
                .iter()
                .map(|c| format!("{};{}", c.declaration(), if c.doc.is_some() { "\n" } else { "" }))
                .collect();
            text.push_str(declarations.join("\n").trim_end());
        }
        text.push('\n');
        let (path, child_dir) = match (root, self.children.is_empty()) {
            (true, _) => (format!("{dir}/lib.rs"), dir.to_owned()),
            (false, true) => (format!("{dir}/{}.rs", self.name), String::new()),
            (false, false) => (format!("{dir}/{}/mod.rs", self.name), format!("{dir}/{}", self.name)),
        };
        files.push((path, text));
        for child in &self.children {
            child.push_files(&child_dir, false, header, files);
        }
    }
}

/// The rendered client.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The module tree (the crate root).
    pub root: Module,
    /// The generated-file header (`//` comments).
    pub header: String,
    /// The crate's Cargo features gating groups of operations and the types only they reach
    /// (see [`crate::gates`]); empty when the client has none.
    pub features: Vec<String>,
}

impl Rendered {
    /// One file with inline modules, for `include!`.
    pub fn single_file(&self) -> String {
        self.root.single_file(&self.header)
    }

    /// The crate's source files (`src/lib.rs`, …), for a crate folder.
    pub fn files(&self) -> Vec<(String, String)> {
        self.root.files(&self.header)
    }
}

/// Where each item goes: a group's handle and methods in a file of their own, the client's
/// own methods by the operation's tag; types by the spec item they come from (a component
/// schema, or an operation for its inline and parameter types).
pub struct Layout {
    /// File stem → group indices and operation indices.
    pub methods: BTreeMap<String, (Vec<usize>, Vec<usize>)>,
    /// File stem → `types` units (see [`Emitter::unit_items`]).
    pub types: BTreeMap<String, Vec<usize>>,
}

impl Layout {
    /// Places every operation and type.
    pub fn new(api: &Api) -> Layout {
        let mut methods: BTreeMap<String, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
        let group_stem = |group: usize| file_stem(&api.groups[group].type_name);
        for (index, _) in api.groups.iter().enumerate() {
            methods.entry(group_stem(index)).or_default().0.push(index);
        }
        for (index, op) in api.operations.iter().enumerate() {
            let stem = match op.group {
                Some(group) => group_stem(group),
                None => file_stem(op.tag.as_deref().unwrap_or("untagged")),
            };
            methods.entry(stem).or_default().1.push(index);
        }
        let by_origin: BTreeMap<&str, &str> =
            api.operations.iter().map(|op| (op.origin.as_str(), op.rust_name.as_str())).collect();
        let mut types: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (unit, def) in api.types.iter().enumerate() {
            types.entry(file_stem(&origin_group(&def.origin, &by_origin))).or_default().push(unit);
        }
        for (index, op) in api.operations.iter().enumerate() {
            if op.own_types().next().is_some() {
                types.entry(file_stem(&op.rust_name)).or_default().push(api.types.len() + index);
            }
        }
        Layout { methods, types }
    }
}

/// The spec item a type was declared in: a component's name, or the method of the operation
/// whose path item holds it.
fn origin_group(origin: &str, operations: &BTreeMap<&str, &str>) -> String {
    let pointer = origin.split_once('#').map_or(origin, |(_, p)| p);
    let segments: Vec<String> = pointer.split('/').skip(1).map(|s| s.replace("~1", "/").replace("~0", "~")).collect();
    match segments.first().map(String::as_str) {
        Some("components") if segments.len() >= 3 => segments[2].clone(),
        Some("definitions") if segments.len() >= 2 => segments[1].clone(),
        Some("paths") if segments.len() >= 3 => {
            let raw: Vec<&str> = pointer.split('/').skip(1).take(3).collect();
            let key = format!("#/{}", raw.join("/"));
            operations.get(key.as_str()).map_or_else(|| segments[1].clone(), |name| (*name).to_owned())
        }
        _ => "other".to_owned(),
    }
}

/// A file (and module) name for a spec name: snake_case, not a keyword, not a name Windows
/// reserves, at most 60 characters. Different names may meet in one file; that only puts
/// their items side by side.
pub fn file_stem(raw: &str) -> String {
    let mut stem = crate::names::value_name(raw, "item");
    if stem.len() > 60 {
        let mut end = 60;
        while !stem.is_char_boundary(end) {
            end -= 1;
        }
        stem.truncate(end);
        stem = stem.trim_end_matches('_').to_owned();
    }
    const WINDOWS: &[&str] = &["con", "prn", "aux", "nul", "com1", "com2", "com3", "lpt1", "lpt2", "lpt3"];
    // Nor the name of a module it sits in (clippy's `module_inception`).
    const OURS: &[&str] = &["lib", "main", "types", "impls", "resources", "client"];
    if WINDOWS.contains(&stem.as_str()) || OURS.contains(&stem.as_str()) {
        stem.push('_');
    }
    stem
}

/// One file to render; `Methods` and `Types` with the `cfg` predicate of their file's gate.
enum Job {
    Client,
    /// Groups' handles, and operations' methods.
    Methods(Vec<usize>, Vec<usize>, Option<String>),
    /// These units' definitions, then their impls (two files from one emission).
    Types(Vec<usize>, Option<String>),
}

/// Renders the whole client.
pub fn render_client(api: &Api, options: crate::emit::EmitOptions) -> Result<Rendered, Error> {
    let emitter = Emitter::new(api, options);
    let layout = Layout::new(api);
    let gates = if options.tag_features { Gates::new(api, &layout) } else { None };
    let (methods_cfg, types_cfg) = file_cfgs(gates.as_ref(), &layout);
    let mut jobs = vec![Job::Client];
    let methods = layout.methods.values().zip(&methods_cfg);
    jobs.extend(methods.map(|((groups, ops), cfg)| Job::Methods(groups.clone(), ops.clone(), cfg.clone())));
    jobs.extend(layout.types.values().zip(&types_cfg).map(|(units, cfg)| Job::Types(units.clone(), cfg.clone())));
    let rendered = render_jobs(&emitter, &jobs, gates.is_some())?;
    let mut rendered = rendered.into_iter().flatten();
    let mut next = || rendered.next().unwrap_or_default();

    let client = Module::new("client", false, None, next().text());
    let operations = resources_module(api, &layout, &methods_cfg, &mut next);
    // Every impl block in one file: mechanical code nobody reviews (folded by code hosts), and
    // one file instead of one per type keeps writing a large client fast.
    let mut impls = FileText::default();
    let types = types_module(api, &layout, &types_cfg, &mut || {
        let definitions = next();
        impls.append(next());
        definitions
    });
    let mut root_items = String::new();
    if gates.is_some() {
        // docs.rs (`--cfg docsrs`) shows which feature each gated item needs.
        root_items.push_str("#![cfg_attr(docsrs, feature(doc_cfg))]\n\n");
    }
    root_items.push_str(&render_file(vec![Item::Tokens(emitter.reexports())], |_| None)?.text());
    root_items.push_str("pub use client::{Client, ClientBuilder};\n");
    let mut root = Module::new("", true, None, root_items);
    root.children.push(types);
    root.children.push(client);
    if !operations.children.is_empty() {
        root.children.push(operations);
    }
    if !impls.body.is_empty() {
        let mut text = impls.text();
        if gates.is_some() {
            // Which imports the impls use depends on the features that are on.
            text.insert_str(0, "#![allow(unused_imports)]\n\n");
        }
        root.children.push(Module::new("impls", false, None, text));
    }
    let features = gates.map(|g| g.features).unwrap_or_default();
    Ok(Rendered { root, header: header(api), features })
}

/// The `resources` module: a file per group (and per tag of the client's own methods), each
/// rendered by `next` in layout order, and the re-exports of the groups' handles.
fn resources_module(api: &Api, layout: &Layout, cfgs: &[Option<String>], next: &mut dyn FnMut() -> FileText) -> Module {
    // Inner docs: their links resolve inside the module, wherever the client is included.
    let module_doc = api.groups.first().map(|g| {
        format!(
            "//! Handles on groups of operations: `client.{}()` returns a [`{}`], whose methods are that group's operations.\n\n",
            g.accessor, g.type_name
        )
    });
    let mut operations = Module::new("resources", module_doc.is_some(), None, String::new());
    let mut handles = Vec::new();
    for ((stem, (groups, _)), cfg) in layout.methods.iter().zip(cfgs) {
        operations.children.push(Module::new(stem, false, None, next().text()).gated(cfg.clone()));
        for &group in groups {
            handles.push(format!("{}pub use {stem}::{};", cfg_line(cfg), api.groups[group].type_name));
        }
    }
    operations.body = format!("{}{}", module_doc.unwrap_or_default(), handles.join("\n"));
    operations
}

/// The `types` module: a file per spec item, each rendered by `next` in layout order, and the
/// re-exports of their types.
fn types_module(api: &Api, layout: &Layout, cfgs: &[Option<String>], next: &mut dyn FnMut() -> FileText) -> Module {
    let mut types = Module::new("types", true, Some("The request and response types of the API."), String::new());
    let mut reexports = Vec::new();
    for ((stem, units), cfg) in layout.types.iter().zip(cfgs) {
        let body = next().text();
        if !body.trim().is_empty() {
            // Named, not a glob: cheaper for rustc to resolve across thousands of files.
            let mut names: Vec<&str> = units.iter().flat_map(|&unit| unit_names(api, unit)).collect();
            names.sort_unstable();
            let cfg_line = cfg_line(cfg);
            reexports.push(match names.as_slice() {
                [one] => format!("{cfg_line}pub use {stem}::{one};"),
                _ => format!("{cfg_line}pub use {stem}::{{{}}};", names.join(", ")),
            });
            types.children.push(Module::new(stem, false, None, body).gated(cfg.clone()));
        }
    }
    types.body = reexports.join("\n");
    types
}

/// Where a rendering thread leaves one job's files.
type Slot = std::sync::Mutex<Option<Result<Vec<FileText>, Error>>>;

/// Renders every job, on as many threads as there are cores (and jobs); results come back in
/// job order whatever the thread count.
fn render_jobs(emitter: &Emitter<'_>, jobs: &[Job], gated: bool) -> Result<Vec<Vec<FileText>>, Error> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len()).max(1);
    let api = emitter.api();
    let type_names: std::collections::HashSet<&str> =
        api.types.iter().map(|t| t.name.as_str()).chain(named_units(api)).collect();
    let render = |job: &Job| -> Result<Vec<FileText>, Error> { render_job(emitter, &type_names, gated, job) };
    if threads == 1 {
        return jobs.iter().map(render).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<Slot> = jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(job) = jobs.get(index) else { break };
                let result = render(job);
                if let Ok(mut slot) = results[index].lock() {
                    *slot = Some(result);
                }
            });
        }
    });
    results
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Err(Error::Internal("a rendering thread stopped before finishing its file".into())))
        })
        .collect()
}

/// Renders one job's files. `type_names`: every type of the API (what a file may import).
fn render_job(
    emitter: &Emitter<'_>,
    type_names: &std::collections::HashSet<&str>,
    gated: bool,
    job: &Job,
) -> Result<Vec<FileText>, Error> {
    match job {
        Job::Client => Ok(vec![render_file(vec![Item::Tokens(emitter.client_items())], |name| {
            (name == "types").then(|| "super::types".to_owned())
        })?]),
        Job::Methods(groups, ops, cfg) => {
            let api = emitter.api();
            let mut items = emitter.method_items(groups, ops);
            if let Some(cfg) = cfg {
                let shown = doc_cfg(cfg)?;
                items.iter_mut().for_each(|item| add_attribute(item, &shown));
            }
            let items = items.into_iter().map(|item| Item::Syntax(Box::new(item))).collect();
            let local: BTreeSet<&str> = groups.iter().map(|&g| api.groups[g].type_name.as_str()).collect();
            Ok(vec![render_file(items, |name| match name {
                "types" => Some("super::super::types".to_owned()),
                "Client" => Some("super::super::Client".to_owned()),
                _ if !local.contains(name) && api.groups.iter().any(|g| g.type_name == name) => {
                    Some(format!("super::{name}"))
                }
                _ => None,
            })?])
        }
        Job::Types(units, cfg) => {
            // Emitted once, then split: definitions for the reviewed file, impls for the other.
            let items: Vec<Item> = units.iter().flat_map(|&unit| emitter.unit_items(unit)).collect();
            let (mut impls, mut definitions): (Vec<syn::Item>, Vec<syn::Item>) =
                parse_items(items)?.items.into_iter().partition(|item| matches!(item, syn::Item::Impl(_)));
            if let Some(cfg) = cfg {
                // The definitions' module is gated where it is declared; the impls sit in the
                // one `impls` file, each gated itself.
                let shown = doc_cfg(cfg)?;
                definitions.iter_mut().for_each(|item| add_attribute(item, &shown));
                let gate: syn::Attribute = parse_attribute(&format!("#[cfg({cfg})]"))?;
                impls.iter_mut().for_each(|item| add_attribute(item, &gate));
            }
            let local: BTreeSet<String> = definitions.iter().filter_map(item_name).collect();
            let as_file = |items| syn::File { shebang: None, attrs: Vec::new(), items };
            let definitions = finish_file(as_file(definitions), |name| {
                (type_names.contains(name) && !local.contains(name)).then(|| format!("super::{name}"))
            })?;
            // With feature gates, a named import of a type whose file is off would not resolve.
            let import = |name: &str| match gated {
                false => format!("super::types::{name}"),
                true => "super::types::*".to_owned(),
            };
            let impls = finish_file(as_file(impls), |name| type_names.contains(name).then(|| import(name)))?;
            Ok(vec![definitions, impls])
        }
    }
}

/// `cfg_attr(docsrs, doc(cfg(…)))`: docs.rs shows the feature an item needs.
fn doc_cfg(cfg: &str) -> Result<syn::Attribute, Error> {
    parse_attribute(&format!("#[cfg_attr(docsrs, doc(cfg({cfg})))]"))
}

fn parse_attribute(text: &str) -> Result<syn::Attribute, Error> {
    let parsed: syn::File = syn::parse_str(&format!("{text} struct S;"))
        .map_err(|e| Error::Internal(format!("attribute `{text}` does not parse: {e}")))?;
    match parsed.items.into_iter().next() {
        Some(syn::Item::Struct(item)) if item.attrs.len() == 1 => Ok(item.attrs.into_iter().next().expect("one")),
        _ => Err(Error::Internal(format!("`{text}` is not one outer attribute"))),
    }
}

/// Puts an outer attribute on an item (of the kinds the emitter makes), after its docs.
fn add_attribute(item: &mut syn::Item, attribute: &syn::Attribute) {
    let attrs = match item {
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::Const(i) => &mut i.attrs,
        syn::Item::Trait(i) => &mut i.attrs,
        syn::Item::Mod(i) => &mut i.attrs,
        syn::Item::Use(i) => &mut i.attrs,
        syn::Item::Static(i) => &mut i.attrs,
        _ => return,
    };
    let docs = attrs.iter().take_while(|a| a.path().is_ident("doc")).count();
    attrs.insert(docs, attribute.clone());
}

/// The `cfg` predicate of each methods file and each types file, in layout order.
fn file_cfgs(gates: Option<&Gates>, layout: &Layout) -> (Vec<Option<String>>, Vec<Option<String>>) {
    let cfg = |files: &BTreeMap<String, Gate>, stem: &String| {
        gates.and_then(|g| files.get(stem).and_then(|gate| g.predicate(gate)))
    };
    let empty = BTreeMap::new();
    let methods = gates.map_or(&empty, |g| &g.methods);
    let types = gates.map_or(&empty, |g| &g.types);
    (
        layout.methods.keys().map(|stem| cfg(methods, stem)).collect(),
        layout.types.keys().map(|stem| cfg(types, stem)).collect(),
    )
}

/// `#[cfg(…)]` and a line break, or nothing.
fn cfg_line(cfg: &Option<String>) -> String {
    cfg.as_ref().map(|c| format!("#[cfg({c})]\n")).unwrap_or_default()
}

/// Names of the types operations' units define (parameters, form, errors, headers).
fn named_units(api: &Api) -> impl Iterator<Item = &str> {
    api.operations.iter().flat_map(|op| op.own_types().map(|(name, _)| name))
}

/// The type names one `types` unit defines (see [`Emitter::unit_items`]).
fn unit_names(api: &Api, unit: usize) -> Vec<&str> {
    match api.types.get(unit) {
        Some(def) => vec![def.name.as_str()],
        None => api.operations[unit - api.types.len()].own_types().map(|(name, _)| name).collect(),
    }
}

fn item_name(item: &syn::Item) -> Option<String> {
    match item {
        syn::Item::Struct(s) => Some(s.ident.to_string()),
        syn::Item::Enum(e) => Some(e.ident.to_string()),
        syn::Item::Type(t) => Some(t.ident.to_string()),
        _ => None,
    }
}

/// Parses the quoted items, puts them in order with the ones built as syntax trees.
/// A parse failure is a generator bug, reported as an error rather than a panic.
fn parse_items(items: Vec<Item>) -> Result<syn::File, Error> {
    let mut file = syn::File { shebang: None, attrs: Vec::new(), items: Vec::with_capacity(items.len()) };
    let mut pending = TokenStream::new();
    let parse = |tokens: TokenStream, file: &mut syn::File| -> Result<(), Error> {
        if !tokens.is_empty() {
            let parsed: syn::File =
                syn::parse2(tokens).map_err(|e| Error::Internal(format!("generated code does not parse: {e}")))?;
            file.items.extend(parsed.items);
        }
        Ok(())
    };
    for item in items {
        match item {
            Item::Tokens(tokens) => pending.extend(tokens),
            Item::Syntax(item) => {
                parse(std::mem::take(&mut pending), &mut file)?;
                file.items.push(*item);
            }
        }
    }
    parse(pending, &mut file)?;
    Ok(file)
}

/// Parses and prints one file's items, with the `use` lines they need (see [`finish_file`]).
fn render_file(items: Vec<Item>, import: impl Fn(&str) -> Option<String>) -> Result<FileText, Error> {
    finish_file(parse_items(items)?, import)
}

/// Adds the `use` lines the file's items need (the short library names they use, and the
/// names `import` maps to a path), then prints it.
fn finish_file(file: syn::File, import: impl Fn(&str) -> Option<String>) -> Result<FileText, Error> {
    if file.items.is_empty() {
        return Ok(FileText::default());
    }
    let mut used = FirstSegments::default();
    for item in &file.items {
        syn::visit::Visit::visit_item(&mut used, item);
    }
    // A type of the API named like a library type (`Value`) is its own file's, never imported.
    let defined: BTreeSet<String> = file.items.iter().filter_map(item_name).collect();
    let mut uses: Vec<String> = Vec::new();
    for name in &used.names {
        if let Some(path) = import(name) {
            uses.push(path);
        } else if defined.contains(name) {
            continue;
        } else if let Some((_, path)) = IMPORTABLE.iter().find(|(short, _)| short == name) {
            uses.push((*path).to_owned());
        }
    }
    Ok(FileText { uses: uses.into_iter().collect(), body: space_out(&prettyplease::unparse(&file)) })
}

/// A rendered file: the paths it imports and its items.
#[derive(Debug, Default)]
struct FileText {
    uses: BTreeSet<String>,
    body: String,
}

impl FileText {
    /// `use` lines, a blank line, the items.
    fn text(self) -> String {
        let mut text = String::new();
        for line in use_lines(self.uses.into_iter().collect()) {
            text.push_str(&line);
            text.push('\n');
        }
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&self.body);
        text
    }

    /// Adds another file's items after these (its imports merged with these).
    fn append(&mut self, other: FileText) {
        if other.body.trim().is_empty() {
            return;
        }
        if !self.body.is_empty() {
            self.body.push('\n');
        }
        self.body.push_str(&other.body);
        self.uses.extend(other.uses);
    }
}

/// `use` lines for these paths, one per parent, sorted: `use super::{A, B};`.
fn use_lines(paths: Vec<String>) -> Vec<String> {
    let mut by_parent: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in paths {
        let (parent, name) =
            path.rsplit_once("::").map_or((String::new(), path.clone()), |(p, n)| (p.to_owned(), n.to_owned()));
        by_parent.entry(parent).or_default().insert(name);
    }
    by_parent
        .into_iter()
        .map(|(parent, names)| {
            let names: Vec<String> = names.into_iter().collect();
            match (parent.is_empty(), names.len()) {
                (true, _) => format!("use {};", names.join(", ")),
                (false, 1) => format!("use {parent}::{};", names[0]),
                (false, _) if parent.len() + names.iter().map(|n| n.len() + 2).sum::<usize>() <= 90 => {
                    format!("use {parent}::{{{}}};", names.join(", "))
                }
                // One name a line, so that a new type is a one-line change.
                (false, _) => format!("use {parent}::{{\n    {},\n}};", names.join(",\n    ")),
            }
        })
        .collect()
}

/// The first segments of relative paths in the items (the names the file must have in scope).
#[derive(Default)]
struct FirstSegments {
    names: BTreeSet<String>,
}

impl<'ast> syn::visit::Visit<'ast> for FirstSegments {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() {
            if let Some(first) = path.segments.first() {
                self.names.insert(first.ident.to_string());
            }
        }
        syn::visit::visit_path(self, path);
    }
}

/// prettyplease puts no blank lines between items; add one before every item, method or
/// documented field that follows another, as a person would.
fn space_out(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous = "";
    for line in code.lines() {
        let trimmed = line.trim_start();
        let starts_item = trimmed.starts_with("///")
            || trimmed.starts_with("#[")
            || trimmed.starts_with("pub ")
            || trimmed.starts_with("impl");
        let previous_is_comment = previous.starts_with("//");
        // After an item's closing brace (`}`, or `pub struct Empty {}`), or a documented field
        // or variant after the previous one's comma.
        let after_item = !previous_is_comment
            && (previous.ends_with('}')
                || (previous.ends_with(',') || previous.ends_with(';')) && trimmed.starts_with("///"));
        if starts_item && after_item {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = trimmed;
    }
    out
}

/// The generated-file header: where it came from, and that it must not be edited. Plain `//`
/// comments (not `//!`), so the file can be `include!`d.
fn header(api: &Api) -> String {
    let sources = api.sources.join(", ");
    format!(
        "// Generated by clientgen from {sources} — do not edit.\n\
         // Regenerate with `clientgen generate`; see the clientgen README.\n"
    )
}
