//! References the loader resolves beyond plain `$ref`s to schemas: a discriminator's `mapping`
//! that names schemas in other files (DigitalOcean's layout: the operation's `oneOf` and its
//! mapping both point into `models/…`), whose variants take their tags from the mapping, a
//! schema mapped under several values answering to each; and `$ref: ""`, the whole document.

fn write(dir: &std::path::Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const ROOT: &str = r#"openapi: 3.0.3
info: {title: actions, version: "1"}
paths:
  /actions:
    post:
      operationId: post_action
      requestBody:
        content:
          application/json:
            schema:
              oneOf:
                - $ref: 'models/actions.yaml#/power'
                - $ref: 'models/actions.yaml#/resize'
              discriminator:
                propertyName: kind
                mapping:
                  reboot: 'models/actions.yaml#/power'
                  shutdown: 'models/actions.yaml#/power'
                  resize: 'models/actions.yaml#/resize'
      responses:
        '200':
          description: the action as recorded
          content:
            application/json:
              schema: {$ref: 'models/actions.yaml#/action'}
"#;

/// `action` maps its siblings before any `$ref` to them was met (the markers' case).
const MODELS: &str = r#"action:
  oneOf:
    - $ref: '#/resize'
    - $ref: '#/power'
  discriminator:
    propertyName: kind
    mapping:
      grow: '#/resize'
      off: '#/power'
power:
  type: object
  required: [kind]
  properties:
    kind: {type: string}
resize:
  type: object
  required: [kind, size]
  properties:
    kind: {type: string}
    size: {type: integer}
"#;

#[test]
fn mapping_targets_in_other_files_give_the_variants_their_tags() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "root.yaml", ROOT);
    write(dir.path(), "models/actions.yaml", MODELS);
    let generated = clientgen::Builder::new()
        .spec(dir.path().join("root.yaml"))
        .crate_name("actions")
        .serialize_both_ways(true)
        .render()
        .unwrap_or_else(|e| panic!("{e}"));
    let code = generated.code().split_whitespace().collect::<Vec<_>>().join(" ");
    // The request union: `power` answers to both of its values, `resize` to its own.
    assert!(code.contains(r#""reboot" | "shutdown" => { PostActionRequest::Power("#), "{code}");
    assert!(code.contains(r#""resize" => { PostActionRequest::Resize("#), "{code}");
    // The response union, whose mapping was read before its targets were bundled.
    assert!(code.contains(r#""grow" => { Action::Resize("#), "{code}");
    assert!(code.contains(r#""off" => { Action::Power("#), "{code}");
    assert!(!code.contains("\u{1}"), "no marker is left in the output");
    // One component per schema, however many times it is named.
    assert_eq!(code.matches("pub struct Power {").count(), 1);
}

/// `$ref: ""` (Fitbit's request bodies) names the whole document it is in, not a schema: a
/// located warning and an untyped value, not the document read as a schema in silence.
#[test]
fn a_reference_to_the_whole_document_is_a_located_warning() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "api.yaml",
        r#"openapi: 3.0.3
info: {title: empty ref, version: "1"}
paths:
  /events:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [owner]
              properties:
                owner: {$ref: ""}
      responses: {'204': {description: done}}
"#,
    );
    let generated = clientgen::Builder::new()
        .spec(dir.path().join("api.yaml"))
        .crate_name("empty_ref")
        .render()
        .unwrap_or_else(|e| panic!("{e}"));
    let warning = generated.warnings.iter().map(|w| w.to_string()).find(|w| w.contains("whole OpenAPI document"));
    let warning = warning.unwrap_or_else(|| panic!("{:?}", generated.warnings));
    assert!(warning.contains("properties/owner"), "located: {warning}");
    assert!(generated.code().contains("pub owner: Value"), "{}", generated.code());
}

/// OpenAPI 3.2's `$self`: a `$ref` to the document's own URI is to the root file, whatever the
/// file is called, and one to a URI under its folder is read from the file beside it; both
/// resolve as relative references would (issue 29).
#[test]
fn self_names_the_root_document_and_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = r##"
openapi: 3.2.0
$self: https://api.example.com/v1/openapi.yaml
info: {title: Self, version: '1'}
paths:
  /items:
    get:
      operationId: listItems
      responses:
        '200':
          description: Items.
          content:
            application/json:
              schema: {$ref: 'https://api.example.com/v1/openapi.yaml#/components/schemas/Page'}
components:
  schemas:
    Page:
      type: object
      properties:
        items:
          type: array
          items: {$ref: 'https://api.example.com/v1/models.yaml#/Item'}
"##;
    std::fs::write(dir.path().join("catalogue-3.2.yaml"), root).unwrap();
    std::fs::write(dir.path().join("models.yaml"), "Item:\n  type: object\n  properties:\n    name: {type: string}\n")
        .unwrap();
    let generated = clientgen::Builder::new()
        .spec(dir.path().join("catalogue-3.2.yaml"))
        .crate_name("selfref")
        .render()
        .unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = generated.api.types.iter().map(|t| t.name.as_str()).collect();
    assert!(names.contains(&"Page") && names.contains(&"Item"), "{names:?}");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert!(warnings.iter().all(|w| !w.contains("unresolvable")), "{warnings:?}");
    assert!(
        warnings.iter().any(|w| w.contains("`$self`: references under `https://api.example.com/v1/`")),
        "{warnings:?}"
    );
}
