//! Every JSON example on the five vendor pages (../shared/vendor-docs) against our specs and the
//! generated clients: the spec carries the page's example verbatim, the example decodes into the
//! generated type, and encoding it again loses no documented field.

mod support;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use support::{assert_nothing_lost, shared_dir, spec_example};

/// The top-level JSON blocks of a page, in order (a block starts with a line that is `{`).
fn page_json_blocks(page: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(shared_dir().join("vendor-docs").join(page)).expect("vendor page is readable");
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    let mut depth = 0i32;
    for line in text.lines() {
        if current.is_none() && line.trim_end() == "{" {
            current = Some(String::new());
            depth = 0;
        }
        if let Some(block) = current.as_mut() {
            block.push_str(line);
            block.push('\n');
            depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
            if depth == 0 {
                blocks.push(
                    serde_json::from_str(block).unwrap_or_else(|e| panic!("{page}: a JSON block does not parse: {e}")),
                );
                current = None;
            }
        }
    }
    blocks
}

fn decode<T: DeserializeOwned>(what: &str, value: &Value) -> T {
    serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{what} does not decode into the generated type: {e}"))
}

/// The page's example is the spec's, decodes, and survives a round trip.
fn check_example<T: DeserializeOwned + Serialize>(what: &str, from_page: &Value, spec: &str, pointer: &str) -> T {
    assert_eq!(&spec_example(spec, pointer), from_page, "{what}: the spec's example differs from the page's");
    let decoded: T = decode(what, from_page);
    let reencoded = serde_json::to_value(&decoded).expect("generated types encode");
    assert_nothing_lost(what, from_page, &reencoded, "");
    decoded
}

const REQUEST: &str = "/requestBody/content/application~1json/example";
const RESPONSE_200: &str = "/responses/200/content/application~1json/example";

fn op(path: &str, method: &str, rest: &str) -> String {
    format!("/paths/{}/{method}{rest}", path.replace('/', "~1"))
}

#[test]
fn nuweb_customers_update() {
    let blocks = page_json_blocks("nuweb-customers-update.txt");
    assert_eq!(blocks.len(), 2, "a request and a response example");
    let spec = "specs/nuweb/customers-update.yaml";
    let request: nuweb::types::UpdateCustomerRequest =
        check_example("request", &blocks[0], spec, &op("/customers/update", "post", REQUEST));
    assert_eq!(request.phone_code, clientgen_runtime::Patch::Value(33));
    let response: nuweb::types::UpdateCustomerResponse =
        check_example("response", &blocks[1], spec, &op("/customers/update", "post", RESPONSE_200));
    let attributes = response.data.and_then(|d| d.attributes).expect("attributes decode");
    // Not RFC 3339, so kept as the server's text (see the spec's comment on `dob`).
    assert_eq!(attributes.dob.value().map(String::as_str), Some("1980-01-01 00:00:00"));
}

#[test]
fn nuweb_company_users_update() {
    let blocks = page_json_blocks("nuweb-company-users-update.txt");
    assert_eq!(blocks.len(), 2);
    let spec = "specs/nuweb/company-users-update.yaml";
    let path = "/company/users/update";
    let request: nuweb::types::UpdateCompanyUserRequest =
        check_example("request", &blocks[0], spec, &op(path, "post", REQUEST));
    assert_eq!(request.visibility_groups, Some(vec![1]));
    let response: nuweb::types::UpdateCompanyUserResponse =
        check_example("response", &blocks[1], spec, &op(path, "post", RESPONSE_200));
    assert_eq!(
        response.data.and_then(|d| d.attributes).and_then(|a| a.phone_code.into_option()),
        Some(nuweb::types::PhoneCode::String("44".into()))
    );
    let included = response.included.expect("included decodes");
    match &included[0] {
        nuweb::types::IncludedResource::IncludedCompanyUser(user) => {
            // The page's misspelt key is kept, not dropped.
            assert_eq!(user.atributes.as_ref().and_then(|a| a.is_selected), Some(true));
        }
        other => panic!("the first included resource should be a company user, got {other:?}"),
    }
    assert!(matches!(included[1], nuweb::types::IncludedResource::IncludedRole(_)));
    assert!(matches!(included[2], nuweb::types::IncludedResource::IncludedVisibilityGroup(_)));
}

#[test]
fn flextell_customers_update() {
    let blocks = page_json_blocks("flextell-customers-update.txt");
    assert_eq!(blocks.len(), 2);
    let spec = "specs/flextell/customers-update.yaml";
    let path = "/v1/customers/{id}";
    let request: flextell::types::UpdateCustomerRequest =
        check_example("request", &blocks[0], spec, &op(path, "put", REQUEST));
    assert_eq!(request.gender, clientgen_runtime::Patch::Value(flextell::types::Gender::Male));
    let response: flextell::types::UpdateCustomerResponse =
        check_example("response", &blocks[1], spec, &op(path, "put", RESPONSE_200));
    assert_eq!(response.data.related_user.into_option().and_then(|u| u.id), Some(123));
}

#[test]
fn commercengine_auth_user_update() {
    let blocks = page_json_blocks("commercengine-auth-user-update.txt");
    assert_eq!(blocks.len(), 2);
    let spec = "specs/commercengine/auth-user-update.yaml";
    let path = "/auth/user/{id}";
    let request: commercengine::types::UpdateUserRequest =
        check_example("request", &blocks[0], spec, &op(path, "put", REQUEST));
    assert_eq!(request.login_methods, vec![commercengine::types::LoginMethod::Email]);
    let response: commercengine::types::UpdateUserResponse =
        check_example("response", &blocks[1], spec, &op(path, "put", RESPONSE_200));
    let user = response.content.user.expect("user decodes");
    assert_eq!(user.business.and_then(|b| b.registered_address).and_then(|a| a.is_phone_verified), Some(true));
}

#[test]
fn commbox_users_update() {
    let blocks = page_json_blocks("commbox-users-update.txt");
    assert_eq!(blocks.len(), 1, "the page's only JSON block is the request");
    let spec = "specs/commbox/users-update.yaml";
    let path = "/users/{USER_ID}";
    let request: commbox::types::UpdateUserRequest =
        check_example("request", &blocks[0], spec, &op(path, "post", REQUEST));
    let content = request.data.and_then(|d| d.content).expect("custom fields decode");
    assert_eq!(content.additional_properties.get("VIP_Status"), Some(&Value::String("8".into())));
    // The response example is given field by field ("Example…" lines), in page order.
    let text =
        std::fs::read_to_string(shared_dir().join("vendor-docs/commbox-users-update.txt")).expect("page is readable");
    let examples: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("Example")).collect();
    assert_eq!(examples.len(), 4, "status, description, response_time and data.Id");
    let from_page = serde_json::json!({
        "status": examples[0],
        "description": examples[1],
        "response_time": examples[2],
        "data": { "Id": examples[3].parse::<i64>().expect("Id is a number") },
    });
    let response: commbox::types::UpdateUserResponse =
        check_example("response", &from_page, spec, &op(path, "post", RESPONSE_200));
    assert_eq!(response.data.and_then(|d| d.id), Some(94382332));
}

/// The three states of an optional, nullable request field serialize exactly as intended.
#[test]
fn optional_nullable_fields_have_three_states() {
    use clientgen_runtime::Patch;
    use flextell::types::UpdateCustomerRequest;
    let unchanged = UpdateCustomerRequest { first_name: Some("Ada".into()), ..Default::default() };
    assert_eq!(serde_json::to_string(&unchanged).unwrap(), r#"{"first_name":"Ada"}"#);
    let cleared = UpdateCustomerRequest { email: Patch::Null, ..Default::default() };
    assert_eq!(serde_json::to_string(&cleared).unwrap(), r#"{"email":null}"#);
    let set = UpdateCustomerRequest { email: "ada@example.com".to_owned().into(), ..Default::default() };
    assert_eq!(serde_json::to_string(&set).unwrap(), r#"{"email":"ada@example.com"}"#);
    // And back: absent, null and a value decode to the three states.
    let decoded: UpdateCustomerRequest = serde_json::from_str(r#"{"job":null,"address":"1 Road"}"#).unwrap();
    assert_eq!(
        (decoded.email, decoded.job, decoded.address),
        (Patch::Absent, Patch::Null, Patch::Value("1 Road".into()))
    );
    // A required, nullable field is always sent, as null when None.
    let request = commercengine::types::UpdateUserRequest {
        first_name: None,
        last_name: Some("Lovelace".into()),
        email: None,
        phone: None,
        country_code: None,
        login_methods: vec![],
        notification_preferences: Default::default(),
        business: Default::default(),
        customer_group_id: Patch::Absent,
    };
    let json = serde_json::to_value(&request).unwrap();
    assert_eq!(json["first_name"], Value::Null);
    assert!(json.as_object().unwrap().contains_key("first_name"));
    assert!(!json.as_object().unwrap().contains_key("customer_group_id"));
}

/// Unknown enum values from a server decode into `Unknown` instead of failing.
#[test]
fn response_enums_tolerate_new_values() {
    let user: flextell::types::CustomerResource = serde_json::from_str(r#"{"gender":"nonbinary"}"#).unwrap();
    assert_eq!(user.gender, clientgen_runtime::Patch::Value(flextell::types::Gender::Unknown("nonbinary".into())));
    let resource: nuweb::types::IncludedResource = serde_json::from_str(r#"{"type":"teams","id":1}"#).unwrap();
    assert!(matches!(resource, nuweb::types::IncludedResource::Unknown(_)));
}
