//! Generating part of an API (issue 28): `--tag` / `--operation` keep those operations and only
//! the types they reach; a tag or operationId that selects nothing is an error naming it.

mod support;

use clientgen::Builder;

fn fixture() -> Builder {
    Builder::new().crate_name("catalogue").spec(support::repo_root().join("generator/tests/fixtures/openapi-3-2.yaml"))
}

fn names(builder: Builder) -> (Vec<String>, Vec<String>) {
    let api = builder.render().unwrap_or_else(|e| panic!("{e}")).api;
    (api.operations.iter().map(|o| o.rust_name.clone()).collect(), api.types.iter().map(|t| t.name.clone()).collect())
}

#[test]
fn a_tag_or_an_operation_keeps_what_it_reaches() {
    let (ops, types) = names(fixture());
    assert_eq!(ops.len(), 7);
    assert!(types.iter().any(|t| t == "Filter") && types.iter().any(|t| t == "Change"), "{types:?}");

    let (ops, types) = names(fixture().tag("saved"));
    assert_eq!(ops, ["link_item"]);
    assert!(!types.iter().any(|t| t == "SearchRequest" || t == "Matches" || t == "Change"), "{types:?}");

    let (ops, types) = names(fixture().operation("searchCatalogue"));
    assert_eq!(ops, ["search_catalogue"]);
    assert!(types.iter().any(|t| t == "SearchRequest") && types.iter().any(|t| t == "Matches"), "{types:?}");
    assert!(!types.iter().any(|t| t == "Filter" || t == "Change"), "{types:?}");

    // Tags and operations add up.
    let (ops, _) = names(fixture().tag("saved").operation("watchEvents"));
    assert_eq!(ops, ["link_item", "watch_events"]);
}

#[test]
fn a_selection_that_selects_nothing_is_an_error() {
    let Err(err) = fixture().tag("nosuch").operation("nope").render() else { panic!("accepted") };
    let text = err.to_string();
    assert!(text.contains("tag `nosuch`") && text.contains("operation `nope`"), "{text}");
}
