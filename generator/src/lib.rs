//! clientgen: OpenAPI documents in, an idiomatic Rust client out.
//!
//! The pipeline runs one way, a module per stage: [`load`] (YAML/JSON → one `openapiv3`
//! document, external `$ref`s bundled, 3.1 normalised) → [`lower`] (→ the plain-data [`ir`],
//! where every name is decided) → [`emit`] (IR → tokens) → [`render`] (tokens → formatted text)
//! → [`write`](mod@write) (atomic, only-if-changed files). See ARCHITECTURE.md.
//!
//! # In a build script
//!
//! ```no_run
//! // build.rs
//! # fn main() {
//! if let Err(err) = clientgen::Builder::new()
//!     .spec("openapi/petstore.yaml")
//!     .crate_name("petstore")
//!     .generate()
//! {
//!     // A readable build failure instead of a panic backtrace.
//!     eprintln!("{err}");
//!     std::process::exit(1);
//! }
//! # }
//! ```
//!
//! and in the crate: `mod petstore { include!(concat!(env!("OUT_DIR"), "/petstore.rs")); }`.
//! The crate needs `clientgen-runtime` and `serde` (with `derive`) as dependencies.

#![deny(missing_docs)]

pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod gates;
pub mod ir;
pub mod load;
pub mod lower;
pub mod names;
pub mod render;
pub mod write;

pub use diagnostics::{Error, Location, Warning};
pub use lower::pagination::PaginationRule;

use std::path::{Path, PathBuf};

/// One generated client, rendered in memory.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The rendered client; see [`Generated::code`] and [`Generated::files`].
    pub rendered: render::Rendered,
    /// The IR it was emitted from.
    pub api: ir::Api,
    /// Every file read: the specs and every file they reference.
    pub files_read: Vec<PathBuf>,
    /// Things accepted but approximated or ignored.
    pub warnings: Vec<Warning>,
}

impl Generated {
    /// The client's Rust source as one file with inline modules (`include!`-able).
    pub fn code(&self) -> String {
        self.rendered.single_file()
    }

    /// The client laid out for review, as the crate's source files (`src/lib.rs`,
    /// `src/types/….rs`, …; paths relative to the crate folder, with `/`).
    pub fn files(&self) -> Vec<(String, String)> {
        self.rendered.files()
    }
}

/// Configures and runs generation: a few settings, then [`Builder::render`] (pure, in memory)
/// or [`Builder::generate`] (for build scripts: writes into `OUT_DIR`).
#[derive(Debug, Clone, Default)]
pub struct Builder {
    specs: Vec<PathBuf>,
    crate_name: Option<String>,
    out_dir: Option<PathBuf>,
    source_root: Option<PathBuf>,
    header_root: Option<PathBuf>,
    load: load::LoadOptions,
    overlays: Vec<PathBuf>,
    deny_warnings: bool,
    emit: emit::EmitOptions,
    pagination: std::collections::BTreeMap<String, PaginationRule>,
    flat: bool,
}

impl Builder {
    /// A builder with no specs.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Adds an OpenAPI document (YAML or JSON). Several documents merge into one client.
    pub fn spec(mut self, path: impl Into<PathBuf>) -> Builder {
        self.specs.push(path.into());
        self
    }

    /// Names the client (the output file and the crate name used in docs). Defaults to a name
    /// from the first document's `info.title` (`Nu Web Group API` → `nu_web_group`), else its
    /// file stem. A name cargo would refuse (a Rust keyword such as `box`, other characters than
    /// letters, digits, `_`, `-`) is an error.
    pub fn crate_name(mut self, name: impl Into<String>) -> Builder {
        self.crate_name = Some(name.into());
        self
    }

    /// Where [`Builder::generate`] writes; defaults to `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Builder {
        self.out_dir = Some(dir.into());
        self
    }

    /// Derive both `Serialize` and `Deserialize` on every type (default: only what each type's
    /// direction needs, which roughly halves the compile time of large clients). Turn it on to
    /// re-serialize responses or decode requests.
    pub fn serialize_both_ways(mut self, on: bool) -> Builder {
        self.emit.serialize_both_ways = on;
        self
    }

    /// Spec paths in the generated header are shown relative to this folder (default: as given).
    /// Set it so the same client generated from different places has the same bytes.
    pub fn source_root(mut self, dir: impl Into<PathBuf>) -> Builder {
        self.source_root = Some(dir.into());
        self
    }

    /// The folder relative `$ref`s may reach files in (default: the folder of each spec). A
    /// reference outside it is an error that never opens, or quotes, the file it points at.
    pub fn ref_root(mut self, dir: impl Into<PathBuf>) -> Builder {
        self.load.ref_root = Some(dir.into());
        self
    }

    /// Applies an OpenAPI Overlay (1.0 or 1.1) to each document before generating: its actions,
    /// in order (RFC 9535 JSONPath targets; `update`, `remove`, `copy`). Repeat to apply several,
    /// in the order given. An action whose target selects nothing is a warning (an error with
    /// `deny_warnings`); build scripts rerun when an overlay changes.
    pub fn overlay(mut self, path: impl Into<PathBuf>) -> Builder {
        self.overlays.push(path.into());
        self
    }

    /// Generates only the operations with this tag (repeatable; with [`Builder::operation`], the
    /// union) and the types they reach. A tag no operation has is an error.
    pub fn tag(mut self, tag: impl Into<String>) -> Builder {
        self.load.selection.tags.push(tag.into());
        self
    }

    /// Generates only the operation with this operationId (repeatable; see [`Builder::tag`]).
    pub fn operation(mut self, operation_id: impl Into<String>) -> Builder {
        self.load.selection.operations.push(operation_id.into());
        self
    }

    /// Reads remote references (`$ref: https://…`) starting with `url_prefix` from files under
    /// `dir`, downloaded beforehand. clientgen never fetches from the network.
    pub fn map_remote(mut self, url_prefix: impl Into<String>, dir: impl Into<PathBuf>) -> Builder {
        self.load.remote.push((url_prefix.into(), dir.into()));
        self
    }

    /// Declares how the operation `operation` (its `operationId`, or its method name) pages, for
    /// specs that do not say (a rule replaces the spec's `x-speakeasy-pagination` and the
    /// detected conventions). Its method's `pages()` and `items()` then follow the cursor.
    pub fn paginate(mut self, operation: impl Into<String>, rule: PaginationRule) -> Builder {
        self.pagination.insert(operation.into(), rule);
        self
    }

    /// Gives the crate a Cargo feature per top-level group (`repos`, `issues`, …, all on by
    /// default, and `other-types` for the types no operation mentions), gating each group's
    /// methods and the types only it reaches, so that `default-features = false, features =
    /// ["rustls-ring", "repos"]` compiles a fraction of a large API. For a crate of its own
    /// ([`crate_files`]; the command line turns it on): [`Builder::generate`]'s single file is
    /// compiled with the including crate's features and never gets them.
    pub fn tag_features(mut self, on: bool) -> Builder {
        self.emit.tag_features = on;
        self
    }

    /// Puts every method on the client itself (`client.repos_list_for_org(…)`) instead of on
    /// a handle per tag (`client.repos().list_for_org(…)`, the default).
    pub fn flat(mut self, on: bool) -> Builder {
        self.flat = on;
        self
    }

    /// Fails instead of generating when the spec needed any repair or approximation (every
    /// warning becomes part of the error), for teams that want their specs strict.
    pub fn deny_warnings(mut self, on: bool) -> Builder {
        self.deny_warnings = on;
        self
    }

    /// Spec paths in the generated header are shown relative to this folder (default: the
    /// source root; for build scripts, the crate's manifest folder). Never absolute: the output
    /// must not depend on where the checkout is.
    pub fn header_root(mut self, dir: impl Into<PathBuf>) -> Builder {
        self.header_root = Some(dir.into());
        self
    }

    /// The crate name: the one given (refused when cargo or Rust would refuse it), else one from
    /// the document's `info.title`, else from the first file's name.
    fn resolved_crate_name(&self, title: &str) -> Result<String, Error> {
        if let Some(name) = &self.crate_name {
            return names::checked_crate_name(name).map_err(Error::Config);
        }
        if let Some(name) = names::crate_name_from_title(title) {
            return Ok(name);
        }
        let first = self.specs.first().ok_or_else(|| Error::Config("no OpenAPI document given".into()))?;
        let stem = first.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(names::crate_name_from_title(&stem).unwrap_or_else(|| "client".to_owned()))
    }

    /// Loads, lowers and renders the client in memory. Nothing is written.
    pub fn render(&self) -> Result<Generated, Error> {
        if let Some(name) = &self.crate_name {
            names::checked_crate_name(name).map_err(Error::Config)?;
        }
        let shown: Vec<String> = self.specs.iter().map(|p| shown_path(p, self.source_root.as_deref())).collect();
        let named: Vec<(PathBuf, String)> = self.specs.iter().cloned().zip(shown.iter().cloned()).collect();
        // The header never shows an absolute path: relative to the header root, else the source
        // root, else the current folder.
        let header_root = self.header_root.as_deref().or(self.source_root.as_deref()).unwrap_or(Path::new("."));
        let sources: Vec<String> = self.specs.iter().map(|p| shown_path(p, Some(header_root))).collect();
        let mut load = self.load.clone();
        load.overlays = self.overlays.iter().map(|p| (p.clone(), shown_path(p, self.source_root.as_deref()))).collect();
        let mut loaded = load::load_documents_with(&named, &load)?;
        let crate_name = self.resolved_crate_name(&loaded.openapi.info.title)?;
        let (api, warnings) = lower::lower(
            &loaded,
            &lower::LowerOptions { crate_name, sources, pagination: self.pagination.clone(), flat: self.flat },
        )?;
        if self.deny_warnings && !warnings.is_empty() {
            return Err(Error::Denied(warnings));
        }
        let files_read = std::mem::take(&mut loaded.files_read);
        // The OpenAPI model is not needed past lowering; free it before the output is built.
        drop(loaded);
        let rendered = render::render_client(&api, self.emit)?;
        Ok(Generated { rendered, api, files_read, warnings })
    }

    /// For build scripts: renders the client, writes `<OUT_DIR>/<crate_name>.rs` (only if it
    /// changed), prints `cargo:rerun-if-changed` for every file read and `cargo:warning` for
    /// every warning. Returns the path written.
    pub fn generate(&self) -> Result<PathBuf, Error> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or_else(|| {
                Error::Config("OUT_DIR is not set: call generate() from a build script, or set out_dir".into())
            })?,
        };
        let mut this = self.clone();
        this.emit.tag_features = false;
        if this.header_root.is_none() && this.source_root.is_none() {
            this.header_root = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
        }
        let generated = this.render();
        // Report inputs first, so a failed run is retried when the user fixes the spec.
        for spec in &self.specs {
            println!("cargo:rerun-if-changed={}", spec.display());
        }
        let generated = generated?;
        for line in cargo_instructions(&generated) {
            println!("{line}");
        }
        let path = out_dir.join(format!("{}.rs", generated.api.crate_name));
        write::write_if_changed(&path, &generated.code())?;
        Ok(path)
    }
}

/// What a build script tells cargo about a generated client: `rerun-if-changed` for every file
/// read (specs and every file they reference), and each warning.
pub fn cargo_instructions(generated: &Generated) -> Vec<String> {
    let files = generated.files_read.iter().map(|file| format!("cargo:rerun-if-changed={}", file.display()));
    let warnings = generated.warnings.iter().map(|warning| format!("cargo:warning=clientgen: {warning}"));
    files.chain(warnings).collect()
}

/// `path` relative to `root` (lexically, both made absolute), with `/` separators.
pub fn shown_path(path: &Path, root: Option<&Path>) -> String {
    let shown = match root {
        Some(root) => {
            let absolute = |p: &Path| {
                if p.is_absolute() {
                    p.to_path_buf()
                } else {
                    std::env::current_dir().unwrap_or_default().join(p)
                }
            };
            let path = normalize(&absolute(path));
            let root = normalize(&absolute(root));
            relative_to(&path, &root)
        }
        None => path.to_path_buf(),
    };
    shown.to_string_lossy().replace('\\', "/")
}

/// Folds `.` and `..` without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The relative path from `base` to `path` (both absolute and normalised).
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let path_parts: Vec<_> = path.components().collect();
    let base_parts: Vec<_> = base.components().collect();
    let common = path_parts.iter().zip(&base_parts).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..base_parts.len() {
        out.push("..");
    }
    for part in &path_parts[common..] {
        out.push(part);
    }
    out
}

/// The files of a standalone client crate: `Cargo.toml` and `src/lib.rs`.
pub fn crate_files(generated: &Generated, out_dir: &Path, runtime: &RuntimeDependency) -> Vec<(PathBuf, String)> {
    let api = &generated.api;
    let runtime_line = match runtime {
        RuntimeDependency::Path(path) => {
            let path = path.to_string_lossy().replace('\\', "/");
            format!("clientgen-runtime = {{ path = \"{path}\", default-features = false }}")
        }
        RuntimeDependency::Version(version) => {
            format!("clientgen-runtime = {{ version = \"{version}\", default-features = false }}")
        }
    };
    let description =
        // The spec's version lives in one place, the client's docs (client.rs): a version bump
        // then changes one reviewed line, not the manifest too.
        format!("Client for the {}, generated by clientgen", api.title.trim())
            .replace('"', "'");
    let manifest = format!(
        "# Generated by clientgen from {} — do not edit.\n\
         [package]\n\
         name = \"{}\"\n\
         version = \"0.1.0\"\n\
         edition = \"2021\"\n\
         description = \"{description}\"\n\
         publish = false\n\
         \n\
         [lib]\n\
         doctest = true\n\
         \n\
         [dependencies]\n\
         {runtime_line}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\n\
         \n\
         {}",
        api.sources.join(", "),
        api.crate_name.replace('_', "-"),
        features_section(&generated.rendered.features),
    );
    let mut files =
        vec![(out_dir.join("Cargo.toml"), manifest), (out_dir.join(".gitattributes"), GITATTRIBUTES.to_owned())];
    files.extend(generated.files().into_iter().map(|(path, text)| (out_dir.join(path), text)));
    files
}

/// The `[features]` table: the TLS choice, and the groups' features when the client has them.
fn features_section(groups: &[String]) -> String {
    if groups.is_empty() {
        return format!("[features]\ndefault = [\"rustls-ring\"]\n{TLS_FEATURES}");
    }
    let mut default = vec!["\"rustls-ring\"".to_owned()];
    default.extend(groups.iter().map(|g| format!("\"{g}\"")));
    let mut out = String::from("[features]\n");
    if default.iter().map(|d| d.len() + 2).sum::<usize>() <= 80 {
        out.push_str(&format!("default = [{}]\n", default.join(", ")));
    } else {
        out.push_str(&format!("default = [\n    {},\n]\n", default.join(",\n    ")));
    }
    out.push_str(TLS_FEATURES);
    out.push_str(
        "# A feature per group of operations (`client.<group>()`), gating its methods and the types\n\
         # only it reaches; `other-types`: the types no operation mentions. Pick some with\n\
         # `default-features = false, features = [\"rustls-ring\", …]`.\n",
    );
    for group in groups {
        out.push_str(&format!("{group} = []\n"));
    }
    out.push_str("\n[package.metadata.docs.rs]\nrustdoc-args = [\"--cfg\", \"docsrs\"]\n");
    out
}

/// The generated crate's TLS choice, passed on to clientgen-runtime (its README says what
/// each needs to build).
const TLS_FEATURES: &str = "\
# The TLS stack, one of: rustls with ring (no cmake), rustls with graviola (pure Rust and
# assembly: no C compiler), rustls with aws-lc (cmake and a C compiler), the platform's TLS.
rustls-ring = [\"clientgen-runtime/rustls-ring\"]
rustls-graviola = [\"clientgen-runtime/rustls-graviola\"]
rustls-aws-lc = [\"clientgen-runtime/rustls-aws-lc\"]
native-tls = [\"clientgen-runtime/native-tls\"]
";

/// Tells code hosts which generated files are mechanical (folded in review diffs).
const GITATTRIBUTES: &str = "\
# Generated by clientgen — do not edit.
# Serde and validation impls: mechanical, folded in review diffs. Everything else under src/
# (the client, method signatures, type definitions with their docs) is meant to be read.
src/impls.rs linguist-generated=true
";

/// Files clientgen wrote earlier in `out_dir/src` that the new output no longer has (a type
/// or tag that went away): generated Rust files not among `files`. Hand-written files (no
/// generated header) are never listed. Sorted.
pub fn leftover_files(out_dir: &Path, files: &[(PathBuf, String)]) -> Vec<PathBuf> {
    let keep: std::collections::HashSet<&Path> = files.iter().map(|(p, _)| p.as_path()).collect();
    let mut found = Vec::new();
    let mut dirs = vec![out_dir.join("src")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && !keep.contains(path.as_path())
                && is_generated_file(&path)
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Whether a file in a client folder was written by clientgen (and may be replaced or removed
/// by it): Rust files under `src/` with the generated header, and the crate's `.gitattributes`.
pub fn is_generated_file(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| {
        text.starts_with("// Generated by clientgen from ") || text.starts_with("# Generated by clientgen")
    })
}

/// How a generated crate depends on `clientgen-runtime`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDependency {
    /// A path dependency (relative to the generated crate).
    Path(PathBuf),
    /// A version requirement from a registry.
    Version(String),
}
