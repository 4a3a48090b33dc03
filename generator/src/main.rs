//! The `clientgen` command line: a thin front end over the library.

use clap::{Parser, Subcommand};
use clientgen::{crate_files, leftover_files, write, Builder, Error, Generated, RuntimeDependency};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Generation allocates and frees many small objects (token trees, syntax trees); mimalloc
/// handles that markedly faster than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXAMPLES: &str = "\
Examples:
  clientgen generate
      Regenerate every client listed in ./clientgen.toml.
  clientgen generate --spec petstore.yaml --out clients/petstore --name petstore
      Write one client crate to clients/petstore (cd there and `cargo build`).
  clientgen generate --spec a.yaml --spec b.yaml --out clients/ab
      Merge two documents into one client.
  clientgen check
      Exit 1 with a diff if a committed client differs from what the specs generate (for CI).";

/// Generate idiomatic Rust client crates from OpenAPI documents.
#[derive(Parser, Debug)]
#[command(name = "clientgen", version, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Generate clients: every client in the config file, or one from --spec/--out.
    #[command(after_help = EXAMPLES)]
    Generate {
        #[command(flatten)]
        target: Target,
        /// List every file written or removed (default: one summary line per client)
        #[arg(short, long)]
        verbose: bool,
    },
    /// Regenerate in memory and fail with a unified diff when files on disk differ.
    #[command(after_help = EXAMPLES)]
    Check {
        #[command(flatten)]
        target: Target,
    },
    /// Report what a spec change does to the generated crate's Rust API: each change to
    /// methods, types, fields and variants, breaking or not, with the spec location behind it.
    #[command(after_help = DIFF_EXAMPLES)]
    Diff(DiffArgs),
}

const DIFF_EXAMPLES: &str = "\
Examples:
  clientgen diff --old petstore-v1.yaml --new petstore-v2.yaml
      Compare the clients generated from two versions of a spec.
  clientgen diff --base origin/main --format markdown
      Compare every client in ./clientgen.toml with the same clients at a git revision
      (for a pull-request comment).
  clientgen diff --base HEAD~1 --fail-on breaking
      Exit 1 when a change breaks users of a generated crate (for CI).";

#[derive(clap::Args, Debug)]
struct DiffArgs {
    /// The spec before the change (repeat for several documents merged into one client).
    #[arg(long = "old", value_name = "PATH", requires = "new", conflicts_with = "base")]
    old: Vec<PathBuf>,
    /// The spec after the change.
    #[arg(long = "new", value_name = "PATH", requires = "old")]
    new: Vec<PathBuf>,
    /// Apply this OpenAPI Overlay to both sides (with --old/--new; repeatable, in order). With
    /// --base, each client's `overlays` in the config file apply.
    #[arg(long = "overlay", value_name = "FILE", requires = "old")]
    overlays: Vec<PathBuf>,
    /// A git revision: compare the clients in the config file with the same clients generated
    /// from the specs as they were at that revision.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// The config file listing the clients (with --base).
    #[arg(long, default_value = "clientgen.toml")]
    config: PathBuf,
    /// Only this client of the config file (with --base; default: all).
    #[arg(long, value_name = "NAME")]
    client: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: DiffFormat,
    /// Exit 1 when the report has changes of this severity.
    #[arg(long, value_enum, default_value = "never")]
    fail_on: FailOn,
    /// The generated crate's current version, for the suggested next one (default: the
    /// version in the client's Cargo.toml, else 0.1.0).
    #[arg(long, value_name = "VERSION")]
    current_version: Option<String>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum DiffFormat {
    Text,
    Markdown,
    Json,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum FailOn {
    Breaking,
    Any,
    Never,
}

#[derive(clap::Args, Debug)]
struct Target {
    /// The config file listing the clients (used when no --spec is given).
    #[arg(long, default_value = "clientgen.toml")]
    config: PathBuf,
    /// An OpenAPI document (YAML or JSON); repeat to merge several into one client.
    #[arg(long = "spec", value_name = "PATH")]
    specs: Vec<PathBuf>,
    /// The folder to write the client crate to (with --spec).
    #[arg(long, value_name = "DIR", requires = "specs")]
    out: Option<PathBuf>,
    /// The crate name (with --spec; default: from the first document's info.title, `Box Platform API` → `box_platform`).
    #[arg(long, value_name = "CRATE", requires = "specs")]
    name: Option<String>,
    /// Depend on clientgen-runtime at this path (relative to the output folder).
    #[arg(long, value_name = "PATH", conflicts_with = "runtime_version")]
    runtime_path: Option<PathBuf>,
    /// Depend on clientgen-runtime from a registry, with this version requirement.
    #[arg(long, value_name = "VERSION")]
    runtime_version: Option<String>,
    /// Derive both Serialize and Deserialize on every type (with --spec; default: only what each
    /// type's direction needs, for faster compiles).
    #[arg(long)]
    serialize_both_ways: bool,
    /// Every method on the client itself (`client.repos_list_for_org(…)`), none on a handle
    /// per tag (`client.repos().list_for_org(…)`, the default; with --spec).
    #[arg(long, requires = "specs")]
    flat: bool,
    /// No Cargo feature per top-level group (with --spec; by default a client with two or more
    /// groups gets one each, gating its methods and the types only it reaches).
    #[arg(long, requires = "specs")]
    no_tag_features: bool,
    /// The folder relative `$ref`s may reach (with --spec; default: each spec's own folder).
    #[arg(long, value_name = "DIR", requires = "specs")]
    ref_root: Option<PathBuf>,
    /// Read remote `$ref`s starting with URL_PREFIX from files under DIR (repeatable; with
    /// --spec). Nothing is ever fetched from the network.
    #[arg(long = "map-remote", value_name = "URL_PREFIX=DIR", requires = "specs")]
    map_remote: Vec<String>,
    /// Generate only the operations with this tag, and the types they reach (repeatable; with
    /// --spec).
    #[arg(long = "tag", value_name = "NAME", requires = "specs")]
    tags: Vec<String>,
    /// Generate only the operation with this operationId (repeatable; with --spec).
    #[arg(long = "operation", value_name = "ID", requires = "specs")]
    operations: Vec<String>,
    /// Apply an OpenAPI Overlay (1.0/1.1) to the documents first (repeatable, applied in order;
    /// with --spec).
    #[arg(long = "overlay", value_name = "FILE", requires = "specs")]
    overlays: Vec<PathBuf>,
    /// Fail instead of generating when the spec needed any repair (every warning an error).
    #[arg(long)]
    deny_warnings: bool,
}

/// `clientgen.toml`: client name → its specs, output folder and options.
#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    clients: BTreeMap<String, ClientConfig>,
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ClientConfig {
    /// Spec documents, relative to the config file.
    specs: Vec<PathBuf>,
    /// Output crate folder, relative to the config file.
    out: PathBuf,
    /// Runtime dependency path, relative to the output folder (default: the registry version
    /// matching this clientgen).
    runtime_path: Option<PathBuf>,
    /// Derive both Serialize and Deserialize on every type.
    #[serde(default)]
    serialize_both_ways: bool,
    /// Every method on the client itself, none on a handle per tag.
    #[serde(default)]
    flat: bool,
    /// A Cargo feature per top-level group (default: true).
    tag_features: Option<bool>,
    /// The folder relative `$ref`s may reach, relative to the config file.
    ref_root: Option<PathBuf>,
    /// URL prefix → folder (relative to the config file) holding the downloaded remote files.
    #[serde(default)]
    remote: BTreeMap<String, PathBuf>,
    /// Fail instead of generating when the spec needed any repair.
    #[serde(default)]
    deny_warnings: bool,
    /// `operationId` → how the operation pages (`cursor`, `next`, `items`, `has_more`).
    #[serde(default)]
    pagination: BTreeMap<String, clientgen::PaginationRule>,
    /// OpenAPI Overlays applied to the specs first, in order, relative to the config file.
    #[serde(default)]
    overlays: Vec<PathBuf>,
    /// Only the operations with these tags (and `operations`), and the types they reach.
    #[serde(default)]
    tags: Vec<String>,
    /// Only the operations with these operationIds (and `tags`).
    #[serde(default)]
    operations: Vec<String>,
}

/// One client to produce: what to generate and where its crate goes.
struct Job {
    builder: Builder,
    out: PathBuf,
    runtime: RuntimeDependency,
}

/// `generate`'s line per client.
fn summary(out: &Path, files: usize, written: usize, removed: usize) -> String {
    let mut line = match written {
        0 => format!("{}: all {files} files up to date", out.display()),
        n if n == files => format!("{}: wrote {n} files", out.display()),
        n => format!("{}: wrote {n} of {files} files (the others are unchanged)", out.display()),
    };
    if removed > 0 {
        line.push_str(&format!(", removed {removed} no longer generated"));
    }
    line
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A panic is a clientgen bug; report it as such with a distinct exit code.
    let result = std::panic::catch_unwind(|| run(cli));
    match result {
        Ok(Ok(code)) => code,
        Ok(Err(err)) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
        Err(_) => {
            eprintln!("error: clientgen panicked; this is a bug, please report it with the input that caused it");
            ExitCode::from(101)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Diff(args) => run_diff(args),
        Command::Generate { target, verbose } => {
            let jobs = jobs(&target)?;
            let rendered = render_all(&jobs)?;
            // Everything is rendered before the first write: a failing client leaves all output untouched.
            for (job, files) in jobs.iter().zip(&rendered) {
                let leftovers = leftover_files(&job.out, files);
                let written = write::write_crate(&job.out, files)?;
                for path in &leftovers {
                    std::fs::remove_file(path).map_err(|source| Error::Io { path: path.clone(), source })?;
                    if let Some(dir) = path.parent() {
                        // Only succeeds when the folder is now empty.
                        let _ = std::fs::remove_dir(dir);
                    }
                }
                if verbose {
                    written.iter().for_each(|path| eprintln!("wrote {}", path.display()));
                    leftovers.iter().for_each(|path| eprintln!("removed {} (no longer generated)", path.display()));
                }
                eprintln!("{}", summary(&job.out, files.len(), written.len(), leftovers.len()));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { target } => {
            let jobs = jobs(&target)?;
            let rendered = render_all(&jobs)?;
            let mut stale = 0;
            for (job, files) in jobs.iter().zip(&rendered) {
                for path in leftover_files(&job.out, files) {
                    stale += 1;
                    println!("{} is no longer generated (generate removes it)", path.display());
                }
            }
            for (path, expected) in rendered.into_iter().flatten() {
                let actual = std::fs::read_to_string(&path).unwrap_or_default();
                if actual != expected {
                    stale += 1;
                    let diff = similar::TextDiff::from_lines(&actual, &expected);
                    let shown = path.display().to_string();
                    print!(
                        "{}",
                        diff.unified_diff()
                            .context_radius(3)
                            .header(&format!("{shown} (on disk)"), &format!("{shown} (generated)"))
                    );
                }
            }
            if stale > 0 {
                eprintln!("error: {stale} generated file(s) are stale or were edited by hand; run `cargo run -p clientgen -- generate` and commit the result");
                return Ok(ExitCode::from(1));
            }
            eprintln!("generated files are up to date");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn run_diff(args: DiffArgs) -> Result<ExitCode, Error> {
    let mut reports: Vec<(String, clientgen::diff::Report)> = Vec::new();
    if let Some(base) = &args.base {
        let checkout = BaseCheckout::extract(&args.config, base)?;
        let new_jobs = config_jobs(&args.config, false)?;
        let old_jobs = config_jobs(&checkout.config, false)?;
        for (name, job) in &new_jobs {
            if args.client.as_ref().is_some_and(|c| c != name) {
                continue;
            }
            let version = args.current_version.clone().unwrap_or_else(|| crate_version(&job.out));
            let report = match old_jobs.iter().find(|(old_name, _)| old_name == name) {
                Some((_, old_job)) => {
                    let (old, new) = render_pair(&old_job.builder, &job.builder)?;
                    clientgen::diff::compare((&old.api, &old.code()), (&new.api, &new.code()), &version)?
                }
                None => {
                    let empty = clientgen::diff::Report {
                        changes: Vec::new(),
                        current_version: version.clone(),
                        suggested_version: version,
                    };
                    eprintln!("note: client `{name}` is new since {base}");
                    empty
                }
            };
            reports.push((name.clone(), report));
        }
    } else {
        if args.old.is_empty() {
            return Err(Error::Config("give --old and --new spec paths, or --base REV".into()));
        }
        let build = |specs: &[PathBuf]| {
            let builder = specs.iter().fold(Builder::new().crate_name("client"), |b, s| b.spec(s));
            args.overlays.iter().fold(builder, |b, o| b.overlay(o))
        };
        let (old, new) = render_pair(&build(&args.old), &build(&args.new))?;
        let version = args.current_version.clone().unwrap_or_else(|| "0.1.0".to_owned());
        reports.push((
            String::new(),
            clientgen::diff::compare((&old.api, &old.code()), (&new.api, &new.code()), &version)?,
        ));
    }
    let several = reports.len() > 1;
    for (name, report) in &reports {
        let text = match args.format {
            DiffFormat::Text => clientgen::diff::to_text(report),
            DiffFormat::Markdown => clientgen::diff::to_markdown(report),
            DiffFormat::Json => clientgen::diff::to_json(report),
        };
        if several && args.format != DiffFormat::Json {
            println!(
                "{}",
                if args.format == DiffFormat::Markdown { format!("## `{name}`\n") } else { format!("== {name}") }
            );
        }
        println!("{}", text.trim_end());
    }
    let fail = reports.iter().any(|(_, r)| match args.fail_on {
        FailOn::Breaking => r.breaking() > 0,
        FailOn::Any => !r.is_empty(),
        FailOn::Never => false,
    });
    Ok(if fail { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Both versions generated at once (loading and lowering are single-threaded).
fn render_pair(old: &Builder, new: &Builder) -> Result<(Generated, Generated), Error> {
    std::thread::scope(|scope| {
        let old = scope.spawn(|| old.render());
        let new = new.render()?;
        let old = old.join().map_err(|_| Error::Internal("generating the old client panicked".into()))??;
        Ok((old, new))
    })
}

/// The version in a generated crate's Cargo.toml, else 0.1.0.
fn crate_version(out: &Path) -> String {
    std::fs::read_to_string(out.join("Cargo.toml"))
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("version = \"").and_then(|v| v.strip_suffix('"')).map(str::to_owned))
        })
        .unwrap_or_else(|| "0.1.0".to_owned())
}

/// The repository's files at a git revision, unpacked into a temporary folder (removed on drop).
struct BaseCheckout {
    dir: PathBuf,
    config: PathBuf,
}

impl BaseCheckout {
    fn extract(config: &Path, revision: &str) -> Result<BaseCheckout, Error> {
        let config_dir = config.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let git = |args: &[&str]| -> Result<std::process::Output, Error> {
            let output = std::process::Command::new("git")
                .current_dir(config_dir)
                .args(args)
                .output()
                .map_err(|e| Error::Config(format!("could not run git: {e}")))?;
            if output.status.success() {
                Ok(output)
            } else {
                Err(Error::Config(format!(
                    "git {}: {}",
                    args.join(" "),
                    String::from_utf8_lossy(&output.stderr).trim()
                )))
            }
        };
        let prefix = String::from_utf8_lossy(&git(&["rev-parse", "--show-prefix"])?.stdout).trim().to_owned();
        let dir = std::env::temp_dir().join(format!(
            "clientgen-diff-{}-{}",
            std::process::id(),
            revision.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|source| Error::Io { path: dir.clone(), source })?;
        let checkout =
            BaseCheckout { dir: dir.clone(), config: dir.join(&prefix).join(config.file_name().unwrap_or_default()) };
        let archive = git(&["archive", "--format=tar", revision, "--", "."])?;
        let mut tar = std::process::Command::new("tar")
            .arg("-x")
            .arg("-C")
            .arg(&dir)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| Error::Config(format!("could not run tar: {e}")))?;
        if let Some(mut stdin) = tar.stdin.take() {
            std::io::Write::write_all(&mut stdin, &archive.stdout)
                .map_err(|source| Error::Io { path: dir.clone(), source })?;
        }
        let status = tar.wait().map_err(|source| Error::Io { path: dir.clone(), source })?;
        if !status.success() {
            return Err(Error::Config(format!("could not unpack {revision} into {}", dir.display())));
        }
        // `git archive … -- .` from a subfolder keeps the subfolder's path inside the archive.
        Ok(checkout)
    }
}

impl Drop for BaseCheckout {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn render_all(jobs: &[Job]) -> Result<Vec<Vec<(PathBuf, String)>>, Error> {
    jobs.iter()
        .map(|job| {
            let generated: Generated = job.builder.render()?;
            for warning in &generated.warnings {
                eprintln!("warning: {warning}");
            }
            Ok(crate_files(&generated, &job.out, &job.runtime))
        })
        .collect()
}

fn jobs(target: &Target) -> Result<Vec<Job>, Error> {
    if !target.specs.is_empty() {
        let out = target.out.clone().ok_or_else(|| Error::Config("--spec needs --out DIR".into()))?;
        let mut builder = Builder::new();
        for spec in &target.specs {
            builder = builder.spec(spec);
        }
        if let Some(name) = &target.name {
            builder = builder.crate_name(name);
        }
        if let Some(root) = &target.ref_root {
            builder = builder.ref_root(root);
        }
        for mapping in &target.map_remote {
            let (prefix, dir) = mapping
                .split_once('=')
                .ok_or_else(|| Error::Config(format!("--map-remote takes URL_PREFIX=DIR, not `{mapping}`")))?;
            builder = builder.map_remote(prefix, dir);
        }
        for overlay in &target.overlays {
            builder = builder.overlay(overlay);
        }
        for tag in &target.tags {
            builder = builder.tag(tag);
        }
        for operation in &target.operations {
            builder = builder.operation(operation);
        }
        builder = builder
            .serialize_both_ways(target.serialize_both_ways)
            .flat(target.flat)
            .tag_features(!target.no_tag_features)
            .deny_warnings(target.deny_warnings)
            .header_root(&out);
        let runtime = runtime_dependency(target.runtime_path.as_deref(), target.runtime_version.as_deref());
        return Ok(vec![Job { builder, out, runtime }]);
    }
    Ok(config_jobs(&target.config, target.deny_warnings)?
        .into_iter()
        .map(|(_, job)| {
            let runtime = match &target.runtime_version {
                Some(version) => RuntimeDependency::Version(version.clone()),
                None => job.runtime,
            };
            Job { runtime, ..job }
        })
        .collect())
}

/// The clients of a config file, by name. `deny_warnings` forces that option on.
fn config_jobs(config_path: &Path, deny_warnings: bool) -> Result<Vec<(String, Job)>, Error> {
    let text =
        std::fs::read_to_string(config_path).map_err(|source| Error::Io { path: config_path.to_owned(), source })?;
    let config: ConfigFile = toml::from_str(&text)
        .map_err(|e| Error::Config(format!("{}: {}", config_path.display(), e.to_string().trim_end())))?;
    let root = config_path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    config
        .clients
        .into_iter()
        .map(|(name, client)| {
            let mut builder = Builder::new()
                .crate_name(&name)
                .source_root(root)
                .serialize_both_ways(client.serialize_both_ways)
                .flat(client.flat)
                .tag_features(client.tag_features.unwrap_or(true))
                .deny_warnings(client.deny_warnings || deny_warnings);
            for spec in &client.specs {
                builder = builder.spec(root.join(spec));
            }
            if let Some(ref_root) = &client.ref_root {
                builder = builder.ref_root(root.join(ref_root));
            }
            for (prefix, dir) in &client.remote {
                builder = builder.map_remote(prefix, root.join(dir));
            }
            for (operation, rule) in client.pagination {
                builder = builder.paginate(operation, rule);
            }
            for overlay in &client.overlays {
                builder = builder.overlay(root.join(overlay));
            }
            for tag in &client.tags {
                builder = builder.tag(tag);
            }
            for operation in &client.operations {
                builder = builder.operation(operation);
            }
            let out = root.join(&client.out);
            let runtime = runtime_dependency(client.runtime_path.as_deref(), None);
            Ok((name, Job { builder, out, runtime }))
        })
        .collect()
}

/// The runtime dependency of a generated crate: a path only when one is given (relative to
/// the output folder); otherwise the registry version that matches this clientgen (the two
/// crates are released together). Never derived from where this binary was built, so the output
/// is the same whichever checkout's binary runs.
fn runtime_dependency(path: Option<&Path>, version: Option<&str>) -> RuntimeDependency {
    match (version, path) {
        (Some(version), _) => RuntimeDependency::Version(version.to_owned()),
        (None, Some(path)) => RuntimeDependency::Path(path.to_owned()),
        (None, None) => RuntimeDependency::Version(env!("CARGO_PKG_VERSION").to_owned()),
    }
}
