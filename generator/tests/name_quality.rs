//! Names from meaning (issue 25): how many type and variant names are positional (`Object0`,
//! `Variant2`), collision-suffixed (`String2`, `User2`: a name another item took first) or
//! stuttering (`AddressAddress`), on real documents; and how many methods of operations without
//! an operationId still have the method-and-path name (`get_accounts_account_sid_calls_json`).
//! The default suite checks the counters on fixtures; `cargo test -p clientgen --test
//! name_quality -- --ignored --nocapture` prints the corpus tables recorded in the README.

use clientgen::ir::{Api, TypeKind};
use std::path::Path;

#[derive(Debug, Default, PartialEq)]
struct Counts {
    names: usize,
    positional: usize,
    suffixed: usize,
    stuttering: usize,
}

fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in name.chars() {
        if c.is_uppercase() || out.is_empty() {
            out.push(String::new());
        }
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out
}

fn classify(name: &str, siblings: &[&str], counts: &mut Counts) {
    counts.names += 1;
    let base = name.trim_end_matches(|c: char| c.is_ascii_digit()).trim_end_matches('_');
    if base.len() < name.len() {
        if ["Object", "Variant"].iter().any(|p| base.ends_with(p)) {
            counts.positional += 1;
        } else if siblings.contains(&base) {
            counts.suffixed += 1;
        }
    }
    let w = words(base);
    if w.windows(2).any(|pair| pair[0] == pair[1]) {
        counts.stuttering += 1;
        if std::env::var_os("NAME_QUALITY_LIST").is_some() {
            println!("stuttering: {name}");
        }
    } else if base.len() < name.len() && std::env::var_os("NAME_QUALITY_LIST").is_some() {
        println!("numbered: {name}");
    }
}

fn count(api: &Api) -> Counts {
    let mut counts = Counts::default();
    let types: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    for ty in &api.types {
        classify(&ty.name, &types, &mut counts);
        if let TypeKind::Union(u) = &ty.kind {
            let variants: Vec<&str> = u.variants.iter().map(|v| v.rust_name.as_str()).collect();
            for v in &u.variants {
                classify(&v.rust_name, &variants, &mut counts);
            }
        }
    }
    counts
}

/// Operations, those without an operationId (all named by method and path before issue 25's
/// path names), and those still so named.
fn method_and_path_names(api: &Api) -> (usize, usize, usize) {
    let without_id: Vec<_> =
        api.operations.iter().filter(|o| o.operation_id.is_none() && o.stream_of.is_none()).collect();
    // Named from the path: one of its candidates (which may read like the method-and-path name
    // for a short path: `get_animal`).
    let still = without_id
        .iter()
        .filter(|o| {
            let method = o.method.as_str().to_ascii_lowercase();
            !clientgen::lower::path_names::candidates(&method, &o.path).contains(&o.rust_name)
        })
        .count();
    (api.operations.iter().filter(|o| o.stream_of.is_none()).count(), without_id.len(), still)
}

fn render(spec: &Path) -> Api {
    clientgen::Builder::new().crate_name("names").spec(spec).render().unwrap_or_else(|e| panic!("{e}")).api
}

#[test]
fn the_counter_sees_each_kind() {
    let mut counts = Counts::default();
    for name in ["Object0", "UserVariant2", "User2", "PostAddressAddress", "Address", "V1"] {
        classify(name, &["User", "V"], &mut counts);
    }
    assert_eq!(counts, Counts { names: 6, positional: 2, suffixed: 2, stuttering: 1 });
}

/// The fixture's operations without an operationId, each named from its path.
#[test]
fn operations_without_an_operation_id_are_named_from_their_paths() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/path-names.yaml");
    let api = render(&spec);
    let mut names: Vec<&str> = api.operations.iter().map(|o| o.rust_name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "activate_user",
            "create_user",
            "delete_user",
            "get_user",
            "list_account_notifications",
            "list_call_notifications",
            "list_users",
            "replace_user",
            "search_user",
            "search_user_with_body",
            "update_user"
        ]
    );
    assert_eq!(method_and_path_names(&api), (11, 11, 0));
}

#[test]
#[ignore = "prints the corpus table of the README (about a minute)"]
fn corpus_name_quality() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    let documents = [
        "progenitor-samples/api.github.com.json",
        "openapiv3-fixtures/stripe.yaml",
        "openapiv3-fixtures/slack.json",
        "twilio/twilio_content_v2.json",
        "progenitor-samples/nexus.json",
    ];
    println!("| document | names | positional | collision-suffixed | stuttering |\n|---|---|---|---|---|");
    for document in documents {
        let path = corpus.join(document);
        if !path.exists() {
            println!("| {document} | (missing) | | | |");
            continue;
        }
        let c = count(&render(&path));
        println!("| {document} | {} | {} | {} | {} |", c.names, c.positional, c.suffixed, c.stuttering);
    }
    let documents = [
        "openapiv3-fixtures/twilio.json",
        "oas-examples-3.0/star-trek.json",
        "oas-examples-3.0/http-status-codes.json",
        "openapiv3-fixtures/polygon.json",
        "oas-examples-3.0/security.json",
    ];
    println!("\n| document | operations | without an operationId (named by method and path before) | still named by method and path |\n|---|---|---|---|");
    for document in documents {
        let (ops, without_id, still) = method_and_path_names(&render(&corpus.join(document)));
        println!("| {document} | {ops} | {without_id} | {still} |");
    }
}
