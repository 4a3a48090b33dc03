//! One IR snapshot and one code snapshot per vendor client and per fixture spec. Review changes
//! with `cargo insta review`; never accept them unread.

mod support;

use support::{builder, fixture_cases, vendor_cases, Case};

fn snapshot_case(case: &Case, prefix: &str) {
    let generated = builder(case).render().unwrap_or_else(|e| panic!("{} failed to generate: {e}", case.name));
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(format!("generated from {}", generated.api.sources.join(", ")));
    settings.bind(|| {
        insta::assert_debug_snapshot!(format!("{prefix}{}.ir", case.name), generated.api);
        insta::assert_snapshot!(format!("{prefix}{}.code", case.name), generated.code());
        let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
        insta::assert_snapshot!(format!("{prefix}{}.warnings", case.name), warnings.join("\n"));
    });
}

#[test]
fn vendor_clients() {
    for case in vendor_cases() {
        snapshot_case(&case, "vendor-");
    }
}

#[test]
fn fixtures() {
    for case in fixture_cases() {
        snapshot_case(&case, "fixture-");
    }
}

#[test]
fn output_is_deterministic() {
    for case in vendor_cases().into_iter().chain(fixture_cases()) {
        let first = builder(&case).render().expect("generates").code();
        let second = builder(&case).render().expect("generates").code();
        assert_eq!(first, second, "{} differs between two runs", case.name);
    }
}

/// Adding an unrelated schema and an unrelated operation (first in the document, where they
/// would claim names first) renames no existing type or method.
#[test]
fn names_are_stable_when_the_spec_grows() {
    for case in fixture_cases().into_iter().filter(|c| c.specs.len() == 1 && c.name != "external") {
        let spec = &case.specs[0];
        let text = std::fs::read_to_string(spec).unwrap();
        let mut document = clientgen::load::parse_document(&text, &spec.display().to_string()).unwrap();
        let before = builder(&case).render().unwrap().api;
        // A schema and an operation whose names would collide with existing ones if names
        // depended on order: copies of the first existing ones, under new keys.
        let mut schemas = serde_json::Map::new();
        schemas.insert("Aaa".into(), serde_json::json!({"type": "object", "properties": {"x": {"type": "string"}}}));
        if let Some(existing) = document.pointer("/components/schemas").and_then(|s| s.as_object()) {
            schemas.extend(existing.clone());
        }
        document["components"]["schemas"] = serde_json::Value::Object(schemas);
        let mut paths = serde_json::Map::new();
        paths.insert(
            "/aaa-new".into(),
            serde_json::json!({"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"y": {"type": "integer"}}}}}}}}}),
        );
        // And one in an existing group (the first tag an operation has), named unlike the rest.
        let first_tag = document["paths"].as_object().into_iter().flat_map(|p| p.values()).find_map(|item| {
            item.as_object()?.values().find_map(|op| op.get("tags")?.get(0)?.as_str().map(str::to_owned))
        });
        if let Some(tag) = first_tag {
            paths.insert(
                "/aab-new".into(),
                serde_json::json!({"get": {"tags": [tag], "operationId": "zzzUnrelated", "responses": {"204": {"description": "ok"}}}}),
            );
        }
        paths.extend(document["paths"].as_object().cloned().unwrap_or_default());
        document["paths"] = serde_json::Value::Object(paths);
        let dir = tempfile::tempdir().unwrap();
        let grown = dir.path().join(spec.file_name().unwrap()).with_extension("json");
        std::fs::write(&grown, serde_json::to_vec(&document).unwrap()).unwrap();
        let after = clientgen::Builder::new().spec(&grown).crate_name(&case.name).render().unwrap().api;
        let after_types: Vec<&str> = after.types.iter().map(|t| t.name.as_str()).collect();
        for ty in &before.types {
            let same = after.types.iter().find(|t| t.origin == ty.origin).map(|t| t.name.as_str());
            assert_eq!(
                same,
                Some(ty.name.as_str()),
                "{}: {} ({}) was renamed; now {after_types:?}",
                case.name,
                ty.name,
                ty.origin
            );
        }
        for op in &before.operations {
            let same = after.operations.iter().find(|o| o.origin == op.origin).map(|o| o.rust_name.as_str());
            assert_eq!(same, Some(op.rust_name.as_str()), "{}: method {} was renamed", case.name, op.rust_name);
            let call = after.operations.iter().find(|o| o.origin == op.origin).map(|o| after.call_path("client", o));
            assert_eq!(call, Some(before.call_path("client", op)), "{}: a method moved or was renamed", case.name);
        }
    }
}
