//! Header parameters OpenAPI says to ignore (`Accept`, `Content-Type`, `Authorization`): never
//! method arguments; a declared `Authorization` becomes a builder setter only when no security
//! scheme of the document sets that header.

mod support;

use support::repo_root;

fn code(name: &str, security: &str, header: &str) -> String {
    let text = format!(
        r#"openapi: 3.0.3
info: {{title: headers, version: "1"}}
paths:
  /ping:
    get:
      operationId: ping
      parameters:
        - {{name: {header}, in: header, required: true, description: The caller's token., schema: {{type: string}}}}
      responses:
        '204': {{description: pong}}
{security}"#
    );
    let dir = repo_root().join("target/ignored-headers");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.yaml"));
    std::fs::write(&path, text).unwrap();
    let generated = clientgen::Builder::new().spec(&path).crate_name(name).render().unwrap_or_else(|e| panic!("{e}"));
    generated.code()
}

#[test]
fn a_declared_authorization_header_is_a_setter_only_without_a_scheme_that_sets_it() {
    let plain = code("plain", "", "Authorization");
    assert!(plain.contains("pub fn authorization(mut self, value: impl Into<String>) -> Self"), "{plain}");
    assert!(plain.contains("The caller's token."), "the parameter's description documents the setter");
    assert!(plain.contains("pub fn ping(&self)"), "never a method argument:\n{plain}");

    let bearer = "components:\n  securitySchemes:\n    token: {type: http, scheme: bearer}\nsecurity:\n  - token: []\n";
    let with_scheme = code("with_scheme", bearer, "Authorization");
    assert!(!with_scheme.contains("pub fn authorization("), "the bearer scheme sets it:\n{with_scheme}");
    assert!(with_scheme.contains("pub fn bearer_token("));

    let key = "components:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: authorization}\n";
    assert!(!code("api_key", key, "Authorization").contains("pub fn authorization("), "an API key in that header");

    let accept = code("accept", "", "Accept");
    assert!(!accept.contains("pub fn accept("), "the client sets Accept from the media types");
    assert!(accept.contains("pub fn ping(&self)"));
}
