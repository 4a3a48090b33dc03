//! Issue 15's options on real files: description `$ref`s to text, remote references read from a
//! local folder (never fetched), and the reference root.

mod support;

use support::repo_root;

fn dir() -> std::path::PathBuf {
    repo_root().join("generator/tests/tolerance")
}

#[test]
fn text_and_remote_references() {
    let builder = clientgen::Builder::new()
        .spec(dir().join("root.yaml"))
        .crate_name("tolerance")
        .source_root(repo_root())
        .map_remote("https://schemas.example.com/v1/", dir().join("remote/v1"))
        .deny_warnings(true);
    let generated = builder.render().unwrap_or_else(|e| panic!("{e}"));
    let code = &generated.code();
    assert!(code.contains("Long introduction, kept in a Markdown file"), "info.description from intro.md");
    assert!(code.contains("Lists every **pet** of the store."), "operation description from list-pets.md");
    assert!(code.contains("The person a pet belongs to."), "schema description from owner.txt");
    assert!(code.contains("pub struct Pet {"), "the remote schema is a type:\n{code}");
    assert!(code.contains("A tag, from a second remote file"), "relative reference inside the remote file");
    let read: Vec<String> = generated.files_read.iter().map(|p| p.display().to_string()).collect();
    assert!(read.iter().any(|p| p.ends_with("remote/v1/tag.yaml")), "{read:?}");
    assert!(read.iter().any(|p| p.ends_with("docs/intro.md")), "{read:?}");
}

#[test]
fn remote_references_without_a_mapping_are_a_located_error() {
    let err = clientgen::Builder::new().spec(dir().join("root.yaml")).crate_name("t").render().unwrap_err().to_string();
    assert!(err.contains("https://schemas.example.com/v1/pet.yaml"), "{err}");
    assert!(err.contains("--map-remote"), "{err}");
    assert!(err.contains("#/paths/~1pets/get/responses/200/content/application~1json/schema/items"), "{err}");
}

#[test]
fn the_reference_root_confines_and_can_be_widened() {
    let spec = dir().join("api/api.yaml");
    let err = clientgen::Builder::new().spec(&spec).crate_name("t").render().unwrap_err().to_string();
    assert!(err.contains("`../models/owner.yaml` leads outside the folder"), "{err}");
    assert!(err.contains("--ref-root"), "{err}");
    let widened = clientgen::Builder::new().spec(&spec).crate_name("t").ref_root(dir()).render();
    let code = widened.unwrap_or_else(|e| panic!("{e}")).code();
    assert!(code.contains("pub struct Owner"), "{code}");
}

#[test]
fn strict_mode_refuses_each_repair_with_its_location() {
    let invalid = repo_root().join("generator/tests/invalid");
    for (spec, pointer) in [
        ("missing-ref.yaml", "#/paths/~1users~1{USER_ID}/post/requestBody/content/application~1json/schema"),
        ("missing-external-ref.yaml", "#/paths/~1pets/get/responses/200/content/application~1json/schema"),
        ("ref-to-other-kind.yaml", "#/paths/~1pets/post/responses/200"),
        ("null-list.yaml", "#/security/0/oauth2"),
    ] {
        let builder = clientgen::Builder::new().spec(invalid.join(spec)).crate_name("t");
        let lenient = builder.clone().render().unwrap_or_else(|e| panic!("{spec}: {e}"));
        assert!(lenient.warnings.iter().any(|w| w.location.pointer == pointer), "{spec}: {:?}", lenient.warnings);
        match builder.deny_warnings(true).render() {
            Err(clientgen::Error::Denied(warnings)) => {
                assert!(warnings.iter().any(|w| w.location.pointer == pointer), "{spec}: {warnings:?}")
            }
            other => panic!("{spec}: expected the warnings to be denied, got {:?}", other.map(|g| g.warnings)),
        }
    }
}

/// Diagnostics about a converted Swagger 2.0 document point into the 2.0 document as written.
#[test]
fn swagger_2_0_diagnostics_point_into_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("old.yaml");
    std::fs::write(
        &spec,
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          schema: {$ref: '#/definitions/Missing'}\ndefinitions:\n  Pet:\n    type: object\n    properties:\n      tags: {type: array, items: {$ref: '#/definitions/Tag'}}\n",
    )
    .unwrap();
    let generated = clientgen::Builder::new().spec(&spec).crate_name("old").render().unwrap();
    let pointers: Vec<&str> = generated.warnings.iter().map(|w| w.location.pointer.as_str()).collect();
    assert!(pointers.contains(&"#/paths/~1pets/get/responses/200/schema"), "{pointers:?}");
    assert!(pointers.contains(&"#/definitions/Pet/properties/tags/items"), "{pointers:?}");
}

/// Issue 29: in a one-file document (JSON, which once took a fast path that refused it, and
/// YAML), a response whose `$ref` names a request body is read as a response, with a located
/// warning, as in multi-file ones.
#[test]
fn a_response_naming_a_request_body_is_read_as_one() {
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Cross", "version": "1"},
        "paths": {"/things": {"post": {
            "operationId": "makeThing",
            "requestBody": {"$ref": "#/components/requestBodies/Thing"},
            "responses": {"200": {"$ref": "#/components/requestBodies/Thing"}}
        }}},
        "components": {
            "requestBodies": {"Thing": {"description": "A thing.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}},
            "schemas": {"Thing": {"type": "object", "properties": {"name": {"type": "string"}}}}
        }
    });
    let dir = tempfile::tempdir().unwrap();
    for (file, text) in [("cross.json", spec.to_string()), ("cross.yaml", serde_yaml::to_string(&spec).unwrap())] {
        let path = dir.path().join(file);
        std::fs::write(&path, text).unwrap();
        let generated = clientgen::Builder::new()
            .spec(&path)
            .crate_name("cross")
            .render()
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let op = &generated.api.operations[0];
        assert!(matches!(op.success.body, clientgen::ir::ResponseBody::Json(_)), "{file}: {:?}", op.success.body);
        let warning =
            generated.warnings.iter().map(ToString::to_string).find(|w| w.contains("where one of `responses` belongs"));
        assert!(warning.is_some_and(|w| w.contains("/responses/200")), "{file}: {:?}", generated.warnings);
    }
}

/// An `allOf` part whose `$ref` names nothing (here the whole document, `$ref: ""`, as Fitbit's
/// spec writes it) is read as untyped with a located warning, and the merged struct keeps the
/// properties it does not declare: the part allowed any, and dropping them lost data (found by
/// the round-trip oracle).
#[test]
fn an_unresolvable_allof_part_keeps_undeclared_properties() {
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Dangling", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Event": {
            "type": "object",
            "properties": {"attributes": {"allOf": [{"$ref": ""}], "required": ["title"]}}
        }}}
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dangling.json");
    std::fs::write(&path, spec.to_string()).unwrap();
    let generated = clientgen::Builder::new().spec(&path).crate_name("dangling").render().unwrap();
    let warning = generated.warnings.iter().map(ToString::to_string).find(|w| w.contains("unresolvable $ref ``"));
    assert!(warning.is_some_and(|w| w.contains("/attributes/allOf/0")), "{:?}", generated.warnings);
    let attributes = generated.api.types.iter().find(|t| t.name == "EventAttributes").expect("the attributes type");
    let clientgen::ir::TypeKind::Struct(s) = &attributes.kind else { panic!("{:?}", attributes.kind) };
    assert_eq!(s.fields.iter().map(|f| f.wire_name.as_str()).collect::<Vec<_>>(), ["title"]);
    assert!(s.additional.is_some(), "undeclared properties are kept");
}
