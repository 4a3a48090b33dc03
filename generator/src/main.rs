//! The `clientgen` command line: a thin front end over the library.

use clap::{Parser, Subcommand};
use clientgen::{crate_files, write, Builder, Error, Generated, RuntimeDependency};
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
    },
    /// Regenerate in memory and fail with a unified diff when files on disk differ.
    #[command(after_help = EXAMPLES)]
    Check {
        #[command(flatten)]
        target: Target,
    },
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
    /// The crate name (with --spec; default: the first spec's file name).
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
    /// The folder relative `$ref`s may reach (with --spec; default: each spec's own folder).
    #[arg(long, value_name = "DIR", requires = "specs")]
    ref_root: Option<PathBuf>,
    /// Read remote `$ref`s starting with URL_PREFIX from files under DIR (repeatable; with
    /// --spec). Nothing is ever fetched from the network.
    #[arg(long = "map-remote", value_name = "URL_PREFIX=DIR", requires = "specs")]
    map_remote: Vec<String>,
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
}

/// One client to produce: what to generate and where its crate goes.
struct Job {
    builder: Builder,
    out: PathBuf,
    runtime: RuntimeDependency,
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
        Command::Generate { target } => {
            let jobs = jobs(&target)?;
            let rendered = render_all(&jobs)?;
            // Everything is rendered before the first write: a failing client leaves all output untouched.
            let files: Vec<(PathBuf, String)> = rendered.into_iter().flatten().collect();
            let written = write::write_files(&files)?;
            for path in &written {
                eprintln!("wrote {}", path.display());
            }
            if written.is_empty() {
                eprintln!("all {} files up to date", files.len());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { target } => {
            let jobs = jobs(&target)?;
            let rendered = render_all(&jobs)?;
            let mut stale = 0;
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
        builder = builder
            .serialize_both_ways(target.serialize_both_ways)
            .deny_warnings(target.deny_warnings)
            .header_root(&out);
        let runtime = runtime_dependency(target.runtime_path.as_deref(), target.runtime_version.as_deref());
        return Ok(vec![Job { builder, out, runtime }]);
    }
    let text =
        std::fs::read_to_string(&target.config).map_err(|source| Error::Io { path: target.config.clone(), source })?;
    let config: ConfigFile = toml::from_str(&text)
        .map_err(|e| Error::Config(format!("{}: {}", target.config.display(), e.to_string().trim_end())))?;
    let root = target.config.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    config
        .clients
        .into_iter()
        .map(|(name, client)| {
            let mut builder = Builder::new()
                .crate_name(&name)
                .source_root(root)
                .serialize_both_ways(client.serialize_both_ways)
                .deny_warnings(client.deny_warnings || target.deny_warnings);
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
            let out = root.join(&client.out);
            let runtime = runtime_dependency(client.runtime_path.as_deref(), target.runtime_version.as_deref());
            Ok(Job { builder, out, runtime })
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
