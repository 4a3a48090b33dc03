//! Stage 4: emitted items → formatted Rust text (syn + prettyplease, no rustfmt, so the output
//! is the same on every machine and inside build scripts). Quoted items are parsed here; items
//! emitted as syntax trees go straight to the printer.
//!
//! The output is split into fixed chunks (an `impl Client` block of methods, or a run of
//! `types` units) rendered on several threads and joined in order, so the output does not
//! depend on the thread count.

use crate::diagnostics::Error;
use crate::emit::{EmitOptions, Emitter, Item};
use crate::ir::Api;
use proc_macro2::TokenStream;

/// Operations per `impl Client` block. Chunk sizes are fixed, so that where the output is split
/// never depends on the machine.
pub const OPERATIONS_PER_CHUNK: usize = 96;
/// Units of the `types` module per rendered chunk.
const TYPE_UNITS_PER_CHUNK: usize = 128;

/// One piece of the output, rendered independently.
#[derive(Clone)]
enum Chunk {
    /// Re-exports, `Client`, `ClientBuilder`.
    Top,
    /// An `impl Client` block with these operations' methods.
    Methods(std::ops::Range<usize>),
    /// These units of the `types` module (rendered, then indented into it).
    Types(std::ops::Range<usize>),
}

/// Renders the whole client file: header, client, then `pub mod types`.
pub fn render_client(api: &Api, options: EmitOptions) -> Result<String, Error> {
    let emitter = Emitter::new(api, options);
    let mut chunks = vec![Chunk::Top];
    let operations = emitter.operation_count();
    chunks.extend(
        (0..operations)
            .step_by(OPERATIONS_PER_CHUNK)
            .map(|start| Chunk::Methods(start..(start + OPERATIONS_PER_CHUNK).min(operations))),
    );
    let units = emitter.unit_count();
    chunks.extend(
        (0..units)
            .step_by(TYPE_UNITS_PER_CHUNK)
            .map(|start| Chunk::Types(start..(start + TYPE_UNITS_PER_CHUNK).min(units))),
    );
    let rendered = render_chunks(&emitter, &chunks)?;

    let mut out = header(api);
    out.push('\n');
    let mut in_types = false;
    for (chunk, text) in chunks.iter().zip(rendered) {
        match chunk {
            Chunk::Top | Chunk::Methods(_) => {
                out.push_str(text.trim_end_matches('\n'));
                out.push_str("\n\n");
            }
            Chunk::Types(_) => {
                if !in_types {
                    out.push_str("/// The request and response types of the API.\npub mod types {\n");
                    in_types = true;
                } else {
                    out.push('\n');
                }
                for line in text.trim_end_matches('\n').lines() {
                    if !line.is_empty() {
                        out.push_str("    ");
                        out.push_str(line);
                    }
                    out.push('\n');
                }
            }
        }
    }
    if !in_types {
        out.push_str("/// The request and response types of the API.\npub mod types {\n");
    }
    out.push_str("}\n");
    Ok(out)
}

/// Renders every chunk, on as many threads as there are cores (and chunks); results come back
/// in chunk order whatever the thread count.
fn render_chunks(emitter: &Emitter<'_>, chunks: &[Chunk]) -> Result<Vec<String>, Error> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(chunks.len()).max(1);
    let render = |chunk: &Chunk| -> Result<String, Error> {
        let items = match chunk {
            Chunk::Top => emitter.top_items().into_iter().map(Item::Tokens).collect(),
            Chunk::Methods(range) => vec![Item::Syntax(Box::new(emitter.method_items(range.clone())))],
            Chunk::Types(range) => range.clone().flat_map(|unit| emitter.unit_items(unit)).collect(),
        };
        render_items(items)
    };
    if threads == 1 {
        return chunks.iter().map(render).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<Result<String, Error>>>> =
        chunks.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(chunk) = chunks.get(index) else { break };
                let result = render(chunk);
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
                .unwrap_or_else(|| Err(Error::Internal("a rendering thread stopped before finishing its chunk".into())))
        })
        .collect()
}

/// Parses the quoted items, puts them in order with the ones built as syntax trees, and
/// pretty-prints the file. A parse failure is a generator bug, reported as an error rather
/// than a panic.
fn render_items(items: Vec<Item>) -> Result<String, Error> {
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
    Ok(space_out(&prettyplease::unparse(&file)))
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
