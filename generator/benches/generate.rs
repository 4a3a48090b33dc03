//! Generation speed and memory, stage by stage. `cargo bench -p clientgen --bench generate`
//! (see BENCHMARKS.md). Medians of repeated runs in one process; peak memory from a child
//! process per document (`VmHWM`), so each figure covers one whole generation.

use clientgen::emit::Emitter;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The same allocator as the `clientgen` binary, so whole-process figures match the CLI.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DOCUMENTS: &[(&str, &str)] = &[
    ("GitHub", "progenitor-samples/api.github.com.json"),
    ("nexus", "progenitor-samples/nexus.json"),
    ("Twilio messaging", "twilio/twilio_messaging_v1.json"),
];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(f());
                started.elapsed()
            })
            .collect(),
    )
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// One whole generation, read to write, of `spec` into a temp folder; prints peak RSS.
fn child(spec: &Path) {
    let out = std::env::temp_dir().join(format!("clientgen-bench-{}", std::process::id()));
    let started = Instant::now();
    let generated = clientgen::Builder::new().spec(spec).crate_name("bench").render().expect("generates");
    let files = clientgen::crate_files(&generated, &out, &clientgen::RuntimeDependency::Version("0.1".into()));
    clientgen::write::write_files(&files).expect("writes");
    let elapsed = started.elapsed();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak_kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok())
        .unwrap_or(0);
    let lines = generated.code().lines().count();
    let _ = std::fs::remove_dir_all(&out);
    println!("{} {} {}", elapsed.as_secs_f64(), peak_kib, lines);
}

/// A document with the operations of `source` repeated `copies` times under distinct paths and
/// operation ids (components shared), for the linear-scaling check.
fn replicate(source: &Path, copies: usize, into: &Path) {
    let text = std::fs::read_to_string(source).unwrap();
    let mut document: serde_json::Value = serde_json::from_str(&text).unwrap();
    let paths = document["paths"].as_object().unwrap().clone();
    let mut all = serde_json::Map::new();
    for copy in 0..copies {
        for (path, item) in &paths {
            let mut item = item.clone();
            if let Some(methods) = item.as_object_mut() {
                for operation in methods.values_mut() {
                    if let Some(id) = operation.get("operationId").and_then(|v| v.as_str()).map(str::to_owned) {
                        operation["operationId"] = serde_json::Value::String(format!("{id}-copy{copy}"));
                    }
                }
            }
            let key = if copy == 0 { path.clone() } else { format!("/copy{copy}{path}") };
            all.insert(key, item);
        }
    }
    document["paths"] = serde_json::Value::Object(all);
    std::fs::write(into, serde_json::to_vec(&document).unwrap()).unwrap();
}

fn run_child(spec: &Path) -> (f64, u64, usize) {
    let output = Command::new(std::env::current_exe().unwrap()).arg("--child").arg(spec).output().expect("child runs");
    let text = String::from_utf8_lossy(&output.stdout);
    let mut parts = text.split_whitespace();
    let seconds = parts.next().and_then(|s| s.parse().ok()).unwrap_or(f64::NAN);
    let kib = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let lines = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    (seconds, kib, lines)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(index) = args.iter().position(|a| a == "--child") {
        child(Path::new(&args[index + 1]));
        return;
    }
    let runs = 7;
    println!(
        "clientgen generation benchmark: medians of {runs} runs, {} threads available\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("| document | size | deserialize floor | load | lower | emit | render (emit+format) | write | total in-process | whole process (median of 5) | peak memory | lines out |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (name, relative) in DOCUMENTS {
        let spec = corpus().join(relative);
        let size = std::fs::metadata(&spec).map(|m| m.len()).unwrap_or(0);
        let floor = time(runs, || {
            let bytes = std::fs::read(&spec).unwrap();
            serde_json::from_slice::<openapiv3::OpenAPI>(&bytes).unwrap()
        });
        let named = [(spec.clone(), relative.to_string())];
        let load = time(runs, || clientgen::load::load_documents(&named).unwrap());
        let loaded = clientgen::load::load_documents(&named).unwrap();
        let options = clientgen::lower::LowerOptions {
            crate_name: "bench".into(),
            sources: vec![relative.to_string()],
            pagination: Default::default(),
            flat: false,
        };
        let lower = time(runs, || clientgen::lower::lower(&loaded, &options).unwrap());
        let (api, _) = clientgen::lower::lower(&loaded, &options).unwrap();
        let emit = time(runs, || {
            // Every item of the file, as tokens or syntax trees, without parsing or printing.
            let emitter = Emitter::new(&api, Default::default());
            std::hint::black_box(emitter.client_items());
            let mut items = 1;
            for (groups, operations) in clientgen::render::Layout::new(&api).methods.values() {
                std::hint::black_box(emitter.method_items(groups, operations));
                items += 1;
            }
            for unit in 0..emitter.unit_count() {
                items += emitter.unit_items(unit).len();
            }
            items
        });
        let render = time(runs, || clientgen::render::render_client(&api, Default::default()).unwrap());
        let files = clientgen::render::render_client(&api, Default::default()).unwrap().files();
        let out = std::env::temp_dir().join(format!("clientgen-bench-write-{}", std::process::id()));
        let write_all = |files: &[(String, String)]| {
            let files: Vec<(std::path::PathBuf, String)> =
                files.iter().map(|(path, text)| (out.join(path), text.clone())).collect();
            clientgen::write::write_files(&files).unwrap()
        };
        let write = time(runs, || {
            let _ = std::fs::remove_dir_all(&out);
            write_all(&files)
        });
        let _ = std::fs::remove_dir_all(&out);
        let total = time(runs, || {
            let generated = clientgen::Builder::new().spec(&spec).crate_name("bench").render().unwrap();
            let _ = std::fs::remove_dir_all(&out);
            write_all(&generated.files())
        });
        let _ = std::fs::remove_dir_all(&out);
        let children: Vec<(f64, u64, usize)> = (0..5).map(|_| run_child(&spec)).collect();
        let mut process: Vec<f64> = children.iter().map(|c| c.0).collect();
        process.sort_by(|a, b| a.total_cmp(b));
        let peak = children.iter().map(|c| c.1).max().unwrap_or(0);
        println!(
            "| {name} | {:.0} KB | {} | {} | {} | {} | {} | {} | {} | {:.1} ms | {:.0} MiB | {} |",
            size as f64 / 1024.0,
            ms(floor),
            ms(load),
            ms(lower),
            ms(emit),
            ms(render),
            ms(write),
            ms(total),
            process[2] * 1000.0,
            peak as f64 / 1024.0,
            children[0].2
        );
    }
    println!("\nLinear scaling: GitHub's operations repeated (components shared), whole generation in-process.\n");
    println!("| copies | operations | total | per 1× |");
    println!("|---|---|---|---|");
    let github = corpus().join(DOCUMENTS[0].1);
    let dir = std::env::temp_dir().join(format!("clientgen-bench-scale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut base = None;
    for copies in [1, 2, 4] {
        let spec = dir.join(format!("github-x{copies}.json"));
        replicate(&github, copies, &spec);
        let builder = clientgen::Builder::new().spec(&spec).crate_name("bench");
        let operations = builder.render().unwrap().api.operations.len();
        let total = time(3, || builder.render().unwrap());
        let per = total.as_secs_f64() / copies as f64;
        let base_per = *base.get_or_insert(per);
        println!("| {copies}× | {operations} | {} | {:.2}× |", ms(total), per / base_per);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
