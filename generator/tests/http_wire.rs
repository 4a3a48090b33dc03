//! What generated clients put on the wire, and how they handle what comes back, against a
//! recording server on 127.0.0.1.

mod support;

use clientgen_runtime::{Error, Patch, RetryPolicy};
use std::time::{Duration, Instant};
use support::recording::{RecordingServer, Reply};

const TOKEN: &str = "s3cr3t-t0ken";

fn no_retries() -> RetryPolicy {
    RetryPolicy::disabled()
}

fn fast_retries(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        initial_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(50),
        ..RetryPolicy::default()
    }
}

const COMMBOX_OK: &str = r#"{"status":"200","description":"Operation successful","response_time":"2024-08-06T07:51:52.2581942Z","data":{"Id":94382332}}"#;

fn commbox(server: &RecordingServer, retry: RetryPolicy) -> commbox::Client {
    commbox::Client::builder()
        .base_url(&server.base_url)
        .bearer_token(TOKEN)
        .retry(retry)
        .build()
        .expect("client builds")
}

fn commercengine_body() -> commercengine::types::UpdateUserRequest {
    commercengine::types::UpdateUserRequest {
        first_name: Some("Ada".into()),
        last_name: None,
        email: None,
        phone: None,
        country_code: None,
        login_methods: vec![commercengine::types::LoginMethod::Email],
        notification_preferences: Default::default(),
        business: Default::default(),
        customer_group_id: Patch::Absent,
    }
}

const COMMERCENGINE_OK: &str = r#"{"message":"ok","success":true,"content":{}}"#;

#[tokio::test]
async fn method_path_auth_user_agent_and_body() {
    let server = RecordingServer::start(vec![Reply::json(200, COMMBOX_OK)]).await;
    let client = commbox(&server, no_retries());
    let body = commbox::types::UpdateUserRequest {
        data: Some(commbox::types::UserDetails { first_name: Some("John".into()), ..Default::default() }),
    };
    let response = client.users().update(94382332, &body).await.expect("call succeeds");
    assert_eq!(response.data.and_then(|d| d.id), Some(94382332));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/users/94382332");
    assert_eq!(request.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert!(
        request.header("user-agent").is_some_and(|ua| ua.starts_with("commbox/0.1.0")),
        "{:?}",
        request.header("user-agent")
    );
    assert_eq!(request.body_text(), r#"{"data":{"FirstName":"John"}}"#);
}

#[tokio::test]
async fn hostile_path_parameters_stay_one_segment() {
    let server = RecordingServer::start(vec![Reply::json(200, COMMERCENGINE_OK)]).await;
    let client = commercengine::Client::builder()
        .base_url(format!("{}/api/v1/my-store/storefront", server.base_url))
        .bearer_token(TOKEN)
        .retry(no_retries())
        .build()
        .unwrap();
    let cases = [
        ("../x", "..%2Fx"),
        ("a/b", "a%2Fb"),
        ("?admin=1", "%3Fadmin%3D1"),
        ("#frag", "%23frag"),
        ("a b", "a%20b"),
        ("ünï", "%C3%BCn%C3%AF"),
        ("%2e%2e", "%252e%252e"),
    ];
    for (id, _) in cases {
        client.auth().update_user(id, &commercengine_body()).await.unwrap_or_else(|e| panic!("{id}: {e}"));
    }
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    let expected: Vec<String> =
        cases.iter().map(|(_, encoded)| format!("/api/v1/my-store/storefront/auth/user/{encoded}")).collect();
    assert_eq!(targets, expected);
    // Values that would still move the request are refused before sending.
    for id in ["", ".", ".."] {
        let err = client.auth().update_user(id, &commercengine_body()).await.expect_err("refused");
        assert!(matches!(&err, Error::InvalidRequest(e) if e.field == "id"), "{id:?}: {err}");
    }
    assert_eq!(server.requests().len(), cases.len(), "refused requests were not sent");
}

#[tokio::test]
async fn default_headers_and_per_call_overrides() {
    let ok = r#"{"data":{"type":"customers","id":1}}"#;
    let server = RecordingServer::start(vec![Reply::json(200, ok)]).await;
    let client = nuweb::Client::builder()
        .base_url(&server.base_url)
        .bearer_token(TOKEN)
        .x_nu_company_id(7)
        .accept_language("fr")
        .build()
        .unwrap();
    let body = nuweb::types::UpdateCustomerRequest { name: Some("Jo".into()), ..Default::default() };
    client.customers().update(&body, &Default::default()).await.unwrap();
    let params = nuweb::types::UpdateCustomerParams { accept_language: Some("de".into()), ..Default::default() };
    client.customers().update(&body, &params).await.unwrap();
    client.with_header("X-Trace", "abc").unwrap().customers().update(&body, &Default::default()).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].header("x-nu-company-id"), Some("7"));
    assert_eq!(requests[0].header("accept-language"), Some("fr"));
    assert_eq!(requests[1].header("x-nu-company-id"), Some("7"));
    assert_eq!(requests[1].header("accept-language"), Some("de"), "the call's value replaces the default");
    assert_eq!(requests[1].headers.iter().filter(|(n, _)| n == "accept-language").count(), 1);
    assert_eq!(requests[2].header("x-trace"), Some("abc"));
    assert_eq!(requests[0].header("x-trace"), None);
    // A header value that would split the request is refused.
    let params =
        nuweb::types::UpdateCustomerParams { accept_language: Some("en\r\nX-Evil: 1".into()), ..Default::default() };
    let err = client.customers().update(&body, &params).await.expect_err("refused");
    assert!(matches!(&err, Error::InvalidRequest(e) if e.field == "Accept-Language"), "{err}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn three_state_fields_on_the_wire() {
    let ok = r#"{"success":"yes","data":{"id":5}}"#;
    let server = RecordingServer::start(vec![Reply::json(200, ok)]).await;
    let client =
        flextell::Client::builder().base_url(&server.base_url).bearer_token(TOKEN).x_tenant(3.0).build().unwrap();
    let body = flextell::types::UpdateCustomerRequest {
        email: Patch::Null,
        job: Patch::Value("Engineer".into()),
        ..Default::default()
    };
    let response = client.customers().update(5, &body, &Default::default()).await.unwrap();
    assert_eq!(response.data.id, Some(5));
    let per_call = flextell::types::UpdateCustomerParams { x_tenant: Some(4.0) };
    client.customers().update(5, &body, &per_call).await.unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.method, "PUT");
    assert_eq!(request.target, "/v1/customers/5");
    assert_eq!(request.header("x-tenant"), Some("3"), "the client default");
    assert_eq!(server.requests()[1].header("x-tenant"), Some("4"), "a per-call value, written the same way");
    assert_eq!(request.body_text(), r#"{"email":null,"job":"Engineer"}"#, "absent omitted, null sent, value sent");
}

#[tokio::test]
async fn query_parameters_on_the_wire() {
    // The vendor endpoints take no query parameters; the runtime's encoding is exercised directly.
    let server = RecordingServer::start(vec![Reply::json(200, "{}")]).await;
    let client = clientgen_runtime::ClientConfig { base_url: Some(server.base_url.clone()), ..Default::default() }
        .build(|| unreachable!("base_url is set"))
        .unwrap();
    let mut request = clientgen_runtime::Request::new(clientgen_runtime::Method::GET, "/search/{term}");
    request.path_param("term", "a/b").unwrap();
    request.query("q", "x y&z").unwrap();
    request.query("tag", &["a", "b"]).unwrap();
    request.query_with_style("ids", &[1, 2], clientgen_runtime::ParamStyle::Form { explode: false }).unwrap();
    request.query("missing", &None::<String>).unwrap();
    let response = client.send(request, true).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(server.requests()[0].target, "/search/a%2Fb?q=x%20y%26z&tag=a&tag=b&ids=1%2C2");
}

#[tokio::test]
async fn documented_error_statuses_map_to_variants() {
    use commbox::types::UpdateUserError as E;
    let cases = [
        (400, E::BadRequest),
        (401, E::Unauthorized),
        (404, E::NotFound),
        (429, E::TooManyRequests),
        (500, E::InternalServerError),
        (501, E::NotImplemented),
    ];
    for (status, expected) in cases {
        let server =
            RecordingServer::start(vec![Reply::json(status, r#"{"error":"nope"}"#).with_header("x-request-id", "r1")])
                .await;
        let err =
            commbox(&server, no_retries()).users().update(1, &Default::default()).await.expect_err("an error status");
        let Error::Api(api) = &err else { panic!("{status}: expected an API error, got {err:?}") };
        assert_eq!(api.status, status);
        assert_eq!(api.details.as_ref(), Some(&expected), "{status}");
        assert_eq!(&api.body[..], br#"{"error":"nope"}"#, "the raw body is kept");
        assert_eq!(api.headers.get("x-request-id").map(|v| v.to_str().unwrap()), Some("r1"));
    }
    // An undocumented status is still an API error, with everything kept.
    let server = RecordingServer::start(vec![Reply::json(418, "teapot")]).await;
    let err = commbox(&server, no_retries()).users().update(1, &Default::default()).await.expect_err("error");
    assert!(
        matches!(&err, Error::Api(api) if api.status == 418 && api.details.is_none() && &api.body[..] == b"teapot"),
        "{err:?}"
    );
}

#[tokio::test]
async fn throttled_requests_are_retried_after_retry_after() {
    let server = RecordingServer::start(vec![
        Reply::json(429, "{}").with_header("retry-after", "1"),
        Reply::json(503, "{}").with_header("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"),
        Reply::json(200, COMMBOX_OK),
    ])
    .await;
    let started = Instant::now();
    let response = commbox(&server, fast_retries(3))
        .users()
        .update(1, &Default::default())
        .await
        .expect("succeeds on the third attempt");
    assert_eq!(response.data.and_then(|d| d.id), Some(94382332));
    assert_eq!(server.requests().len(), 3);
    assert!(started.elapsed() >= Duration::from_secs(1), "waited the 1 s Retry-After: {:?}", started.elapsed());
    assert!(started.elapsed() < Duration::from_secs(5), "an HTTP date in the past means no wait");
}

#[tokio::test]
async fn retry_budget_is_bounded() {
    let server = RecordingServer::start(vec![Reply::json(429, "{}").with_header("retry-after", "0")]).await;
    let err = commbox(&server, fast_retries(3)).users().update(1, &Default::default()).await.expect_err("gives up");
    assert!(
        matches!(&err, Error::Api(api) if api.details == Some(commbox::types::UpdateUserError::TooManyRequests)),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 3, "max_attempts counts every attempt");
    // A Retry-After beyond the time budget is not waited for.
    let server = RecordingServer::start(vec![Reply::json(429, "{}").with_header("retry-after", "3600")]).await;
    let started = Instant::now();
    let err = commbox(&server, fast_retries(5)).users().update(1, &Default::default()).await.expect_err("gives up");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(server.requests().len(), 1);
    assert!(started.elapsed() < Duration::from_secs(2));
    // Switched off: one attempt.
    let server = RecordingServer::start(vec![Reply::json(503, "{}")]).await;
    commbox(&server, no_retries()).users().update(1, &Default::default()).await.expect_err("no retry");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn connection_failures_are_retried_only_when_idempotent() {
    // A port that refuses connections: bind, note the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let policy = RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(200),
        max_backoff: Duration::from_millis(200),
        ..RetryPolicy::default()
    };
    // PUT is idempotent: two backoffs of at least 100 ms each before giving up.
    let flextell = flextell::Client::builder().base_url(&base).retry(policy.clone()).build().unwrap();
    let started = Instant::now();
    let err = flextell.customers().update(1, &Default::default(), &Default::default()).await.expect_err("refused");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(started.elapsed() >= Duration::from_millis(200), "retried: {:?}", started.elapsed());
    // POST is not, unless configured.
    let commbox = commbox::Client::builder().base_url(&base).retry(policy.clone()).build().unwrap();
    let started = Instant::now();
    commbox.users().update(1, &Default::default()).await.expect_err("refused");
    assert!(started.elapsed() < Duration::from_millis(100), "not retried: {:?}", started.elapsed());
    let commbox = commbox::Client::builder()
        .base_url(&base)
        .retry(RetryPolicy { retry_non_idempotent: true, ..policy })
        .build()
        .unwrap();
    let started = Instant::now();
    commbox.users().update(1, &Default::default()).await.expect_err("refused");
    assert!(started.elapsed() >= Duration::from_millis(200), "retried when configured: {:?}", started.elapsed());
}

#[tokio::test]
async fn broken_bodies_are_decode_errors_that_keep_the_body() {
    let cases = [
        ("malformed", Reply::json(200, r#"{"status": "200", "data": {"Id": "#)),
        ("wrong type", Reply::json(200, r#"{"data": {"Id": "not a number"}}"#)),
        ("empty", Reply::json(200, "")),
        (
            "html",
            Reply::Full {
                status: 200,
                headers: vec![("content-type".into(), "text/html".into())],
                body: b"<html><body>Bad gateway</body></html>".to_vec(),
            },
        ),
        ("truncated", Reply::Truncated { status: 200, declared: 500, body: br#"{"status":"2"#.to_vec() }),
    ];
    for (name, reply) in cases {
        let expected_body = match &reply {
            Reply::Full { body, .. } | Reply::Truncated { body, .. } => body.clone(),
            _ => unreachable!("only full and truncated replies here"),
        };
        let server = RecordingServer::start(vec![reply]).await;
        let err = commbox(&server, no_retries()).users().update(1, &Default::default()).await.expect_err(name);
        let Error::Decode(decode) = &err else { panic!("{name}: expected a decode error, got {err:?}") };
        assert_eq!(decode.status, 200, "{name}");
        assert_eq!(&decode.body[..], &expected_body[..], "{name}: the body is kept");
        assert!(!err.to_string().is_empty());
    }
    // An HTML error page on a documented error status: an API error with the page kept.
    let page = b"<html><body>Internal error</body></html>".to_vec();
    let server = RecordingServer::start(vec![Reply::Full {
        status: 500,
        headers: vec![("content-type".into(), "text/html".into())],
        body: page.clone(),
    }])
    .await;
    let err = commbox(&server, no_retries()).users().update(1, &Default::default()).await.expect_err("500");
    assert!(matches!(&err, Error::Api(api) if api.body[..] == page[..]), "{err:?}");
}

#[tokio::test]
async fn a_stalling_server_times_out() {
    let server = RecordingServer::start(vec![Reply::Stall]).await;
    let client = commbox::Client::builder()
        .base_url(&server.base_url)
        .timeout(Duration::from_millis(300))
        .retry(no_retries())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.users().update(1, &Default::default()).await.expect_err("times out");
    assert!(matches!(err, Error::Timeout(d) if d == Duration::from_millis(300)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn constraints_are_checked_before_sending() {
    let server = RecordingServer::start(vec![Reply::json(200, COMMBOX_OK)]).await;
    let client = commbox(&server, no_retries());
    let body = commbox::types::UpdateUserRequest {
        data: Some(commbox::types::UserDetails { first_name: Some("x".repeat(101)), ..Default::default() }),
    };
    let err = client.users().update(1, &body).await.expect_err("too long");
    let Error::InvalidRequest(invalid) = &err else { panic!("{err:?}") };
    assert_eq!(invalid.field, "data.FirstName");
    assert!(invalid.message.contains("at most 100"), "{invalid}");
    // Exactly at the limit (in characters, not bytes) is fine.
    let body = commbox::types::UpdateUserRequest {
        data: Some(commbox::types::UserDetails { first_name: Some("é".repeat(100)), ..Default::default() }),
    };
    client.users().update(1, &body).await.expect("100 characters are allowed");
    assert_eq!(server.requests().len(), 1, "only the valid request was sent");

    let server = RecordingServer::start(vec![Reply::json(200, r#"{"success":"","data":{}}"#)]).await;
    let flextell = flextell::Client::builder().base_url(&server.base_url).build().unwrap();
    let too_long =
        flextell::types::UpdateCustomerRequest { address: Patch::Value("a".repeat(1001)), ..Default::default() };
    let err = flextell.customers().update(1, &too_long, &Default::default()).await.expect_err("too long");
    assert!(matches!(&err, Error::InvalidRequest(e) if e.field == "address"), "{err}");
    let unknown = flextell::types::UpdateCustomerRequest {
        gender: Patch::Value(flextell::types::Gender::Unknown("robot".into())),
        ..Default::default()
    };
    let err = flextell.customers().update(1, &unknown, &Default::default()).await.expect_err("not an allowed value");
    assert!(matches!(&err, Error::InvalidRequest(e) if e.field == "gender"), "{err}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn the_token_never_shows_in_debug_or_errors() {
    let server = RecordingServer::start(vec![Reply::json(401, "{}")]).await;
    let client = commbox(&server, no_retries());
    assert!(!format!("{client:?}").contains(TOKEN));
    assert!(!format!("{:?}", commbox::Client::builder().bearer_token(TOKEN)).contains(TOKEN));
    let err = client.users().update(1, &Default::default()).await.expect_err("401");
    assert!(!format!("{err:?}").contains(TOKEN) && !err.to_string().contains(TOKEN));
    let refused = commbox::Client::builder()
        .base_url("http://127.0.0.1:1")
        .bearer_token(TOKEN)
        .retry(no_retries())
        .build()
        .unwrap();
    let err = refused.users().update(1, &Default::default()).await.expect_err("refused");
    assert!(!format!("{err:?}").contains(TOKEN) && !err.to_string().contains(TOKEN));
}

#[tokio::test]
async fn a_callers_reqwest_client_is_used() {
    let server = RecordingServer::start(vec![Reply::json(200, COMMBOX_OK)]).await;
    let mut headers = clientgen_runtime::reqwest::header::HeaderMap::new();
    headers.insert("x-from-caller", "yes".parse().unwrap());
    // The runtime's reqwest has no TLS provider of its own: install the one its features chose.
    clientgen_runtime::install_tls_provider();
    let http = clientgen_runtime::reqwest::Client::builder().default_headers(headers).build().unwrap();
    let client = commbox::Client::builder().base_url(&server.base_url).http_client(http).build().unwrap();
    client.users().update(1, &Default::default()).await.unwrap();
    assert_eq!(server.requests()[0].header("x-from-caller"), Some("yes"));
}

#[test]
fn server_variables_are_builder_inputs() {
    let err = commercengine::Client::builder().build().expect_err("store_id has no default");
    assert!(err.to_string().contains("store_id"), "{err}");
    let client = commercengine::Client::builder().store_id("acme").build().unwrap();
    assert_eq!(client.base_url(), "https://staging.api.commercengine.io/api/v1/acme/storefront");
    let client = commbox::Client::builder().build().unwrap();
    assert_eq!(client.base_url(), "https://api.commbox.io");
}

#[tokio::test]
async fn a_success_without_a_body_decodes_to_none() {
    let server = RecordingServer::start(vec![
        Reply::Full { status: 204, headers: vec![], body: Vec::new() },
        Reply::json(201, r#"{"created_at":"now"}"#),
        Reply::json(201, r#"{"created_at":"#),
    ])
    .await;
    let client = clientgen_runtime::ClientConfig { base_url: Some(server.base_url.clone()), ..Default::default() }
        .build(|| unreachable!("base_url is set"))
        .unwrap();
    let call = || {
        let request = clientgen_runtime::Request::build(clientgen_runtime::Method::PUT, "/secrets/{name}", |r| {
            r.path_param("name", "a")
        });
        client.call("putSecret", request, true, |response| response.json_or_empty::<serde_json::Value, ()>())
    };
    assert_eq!(call().await.unwrap(), None, "204 without a body");
    assert_eq!(call().await.unwrap(), Some(serde_json::json!({"created_at": "now"})));
    assert!(matches!(call().await, Err(Error::Decode(_))), "a broken body is still a decode error");
}
