//! Where pagination comes from: a rule given to the Builder (or `clientgen.toml`), the spec's
//! `x-speakeasy-pagination`, or a recognised convention; a rule that cannot work is a located
//! warning, never a broken client. (The wire behaviour is in build-tests/tests/pagination.rs.)

use clientgen::ir::NextCursor;
use clientgen::{Builder, PaginationRule};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Pages, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: page_token, in: query, schema: {type: string}}
      responses:
        "200":
          description: A page.
          content:
            application/json:
              schema:
                type: object
                required: [things]
                properties:
                  things: {type: array, items: {type: string}}
                  next_page_token: {type: string}
  /channels:
    get:
      operationId: listChannels
      x-speakeasy-pagination:
        type: cursor
        inputs: [{name: cursor, in: parameters, type: cursor}]
        outputs: {nextCursor: "$.response_metadata.next_cursor", results: "$.channels"}
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        "200":
          description: A page.
          content:
            application/json:
              schema:
                type: object
                properties:
                  channels: {type: array, items: {type: string}}
                  response_metadata: {type: object, properties: {next_cursor: {type: string}}}
"#;

/// The spec in a temporary folder (the Builder and the CLI read paths).
fn spec() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pages.yaml");
    std::fs::write(&path, SPEC).unwrap();
    (dir, path)
}

#[test]
fn rules_extensions_and_their_absence() {
    let (_dir, spec) = spec();
    // Without a rule: the extension is read; `listThings` declares nothing and matches no
    // convention, so it is not paginated.
    let plain = Builder::new().crate_name("pages").spec(&spec).render().unwrap();
    let op =
        |name: &str| plain.api.operations.iter().find(|o| o.operation_id.as_deref() == Some(name)).unwrap().clone();
    let channels = op("listChannels").pagination.expect("from x-speakeasy-pagination");
    assert_eq!(channels.param, "cursor");
    assert_eq!(channels.next, NextCursor::Field(vec!["response_metadata".into(), "next_cursor".into()]));
    assert_eq!(channels.source, "x-speakeasy-pagination");
    assert!(op("listThings").pagination.is_none());
    assert!(plain.code().contains(".paged("), "the method marks its call");

    // A rule for `listThings`: a cursor field and the items, which make the page iterable.
    let rule = PaginationRule::cursor("page_token", "$.next_page_token").items("$.things");
    let ruled = Builder::new().crate_name("pages").spec(&spec).paginate("listThings", rule).render().unwrap();
    let things = ruled.api.operations.iter().find(|o| o.rust_name == "list_things").unwrap();
    let pagination = things.pagination.as_ref().expect("from the rule");
    assert_eq!((pagination.source.as_str(), pagination.param.as_str()), ("configuration", "page_token"));
    assert_eq!(ruled.api.iterable.len(), 2, "both page types iterate their items");
    assert!(ruled.code().contains("impl IntoIterator for ListThingsResponse"), "{}", ruled.code());
    assert!(ruled.warnings.is_empty(), "{:?}", ruled.warnings);

    // A rule naming a parameter the operation does not have: a located warning, no pagination.
    let wrong = PaginationRule::cursor("after", "$.next_page_token");
    let warned = Builder::new().crate_name("pages").spec(&spec).paginate("listThings", wrong).render().unwrap();
    let things = warned.api.operations.iter().find(|o| o.rust_name == "list_things").unwrap();
    assert!(things.pagination.is_none());
    let warning =
        warned.warnings.iter().map(ToString::to_string).find(|w| w.contains("pagination")).expect("a warning");
    assert!(warning.contains("no query parameter `after`") && warning.contains("/paths/~1things/get"), "{warning}");
    // One whose items are not a list of the response.
    let not_a_list = PaginationRule::offset("page_token", "$.next_page_token");
    let warned = Builder::new().crate_name("pages").spec(&spec).paginate("listThings", not_a_list).render().unwrap();
    assert!(warned.api.operations.iter().all(|o| o.rust_name != "list_things" || o.pagination.is_none()));
    assert!(
        warned.warnings.iter().any(|w| w.to_string().contains("`$.next_page_token` is not a list")),
        "{:?}",
        warned.warnings
    );
    // And one whose path is not supported.
    let odd = PaginationRule::cursor("page_token", "$.pages[*].token");
    let warned = Builder::new().crate_name("pages").spec(&spec).paginate("listThings", odd).render().unwrap();
    assert!(warned.warnings.iter().any(|w| w.to_string().contains("not a supported path")));
}

#[test]
fn clientgen_toml_declares_pagination() {
    let (dir, _) = spec();
    let config = r#"
[clients.pages]
specs = ["pages.yaml"]
out = "out"
runtime_path = "../runtime"

[clients.pages.pagination.listThings]
cursor = "page_token"
next = "$.next_page_token"
items = "$.things"
"#;
    std::fs::write(dir.path().join("clientgen.toml"), config).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_clientgen"))
        .arg("generate")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let read = |file: &str| std::fs::read_to_string(dir.path().join("out/src").join(file)).unwrap();
    let code = read("resources/untagged.rs") + &read("impls.rs");
    assert!(code.contains(r#"param: "page_token""#), "the rule reached the client");
    assert!(code.contains("impl IntoIterator for ListThingsResponse"));
    // An unknown key in a rule is refused, naming it.
    std::fs::write(dir.path().join("clientgen.toml"), config.replace("items =", "itemz =")).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_clientgen"))
        .arg("generate")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("itemz"), "{}", String::from_utf8_lossy(&output.stderr));
}

/// Issue 26: rules for many operations at once (a glob over operationIds and method names,
/// `tag:NAME`, `*` for every operation), used where they fit; a rule matching no operation is
/// an error naming it.
#[test]
fn rules_at_scale_and_rules_that_match_nothing() {
    let (_dir, spec) = spec();
    let rule = || PaginationRule::cursor("page_token", "$.next_page_token").items("$.things");
    let paged = |key: &str| {
        let generated = Builder::new().crate_name("pages").spec(&spec).paginate(key, rule()).render().unwrap();
        let things = generated.api.operations.iter().find(|o| o.rust_name == "list_things").unwrap().clone();
        let channels = generated.api.operations.iter().find(|o| o.rust_name == "list_channels").unwrap().clone();
        assert!(generated.warnings.is_empty(), "{key}: a rule for many operations is quiet where it does not fit");
        (things.pagination.map(|p| p.source), channels.pagination.map(|p| p.source))
    };
    // `listChannels` has no `page_token`: the glob and the default leave it to its extension.
    let expected = (Some("configuration".to_owned()), Some("x-speakeasy-pagination".to_owned()));
    assert_eq!(paged("list*"), expected);
    assert_eq!(paged("*_things"), (Some("configuration".to_owned()), Some("x-speakeasy-pagination".to_owned())));
    assert_eq!(paged("*"), expected);

    let Err(err) = Builder::new().crate_name("pages").spec(&spec).paginate("listThingz", rule()).render() else {
        panic!("a rule matching nothing is accepted");
    };
    assert!(err.to_string().contains("pagination rule `listThingz` matches no operation"), "{err}");
    let Err(err) = Builder::new().crate_name("pages").spec(&spec).paginate("tag:nosuch", rule()).render() else {
        panic!("a tag rule matching nothing is accepted");
    };
    assert!(err.to_string().contains("`tag:nosuch`"), "{err}");
}
