//! Authentication on the wire, against the recording server on 127.0.0.1: each operation sends
//! the credentials its `security` names, and the OAuth 2.0 client-credentials grant fetches,
//! caches, shares and refreshes tokens; a document that declares an `Authorization` header
//! parameter and no security scheme gets a builder setter for it.

#[path = "../../generator/tests/support/recording.rs"]
#[allow(dead_code)]
mod recording;

use build_tests::oauth;
use recording::{Recorded, RecordingServer, Reply, Responder};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A token endpoint at `/v2/oauth/token` issuing `t1`, `t2`, … valid for `lifetime` seconds, and an
/// API that answers 401 to the tokens `refuse` says to refuse.
fn server_logic(lifetime: f64, refuse: fn(&str) -> bool) -> (Reply, Arc<AtomicUsize>) {
    let issued = Arc::new(AtomicUsize::new(0));
    let count = issued.clone();
    let responder = move |request: &Recorded| {
        if request.target == "/v2/oauth/token" {
            let n = count.fetch_add(1, Ordering::SeqCst) + 1;
            return Reply::json(
                200,
                &format!(r#"{{"access_token":"t{n}","token_type":"Bearer","expires_in":{lifetime}}}"#),
            );
        }
        let token = request.header("authorization").and_then(|v| v.strip_prefix("Bearer ")).unwrap_or("");
        if !token.is_empty() && refuse(token) {
            return Reply::json(401, r#"{"error":"invalid_token"}"#);
        }
        match request.method.as_str() {
            "GET" if request.target == "/v2/items" => Reply::json(200, r#"["a","b"]"#),
            "POST" => Reply::Full { status: 201, headers: vec![], body: vec![] },
            _ => Reply::Full { status: 204, headers: vec![], body: vec![] },
        }
    };
    (Reply::Dynamic(Responder(Arc::new(responder))), issued)
}

fn oauth_client(server: &RecordingServer) -> oauth::Client {
    oauth::Client::builder()
        .base_url(format!("{}/v2", server.base_url))
        .client_credentials("my client", "s3cret:x")
        .api_key("k-123")
        .build()
        .unwrap()
}

fn api_requests(server: &RecordingServer) -> Vec<Recorded> {
    server.requests().into_iter().filter(|r| r.target != "/v2/oauth/token").collect()
}

#[tokio::test]
async fn each_operation_sends_what_its_security_names() {
    let (logic, issued) = server_logic(3600.0, |_| false);
    let server = RecordingServer::start(vec![logic]).await;
    let client = oauth_client(&server);
    assert_eq!(client.list_items().await.unwrap(), ["a", "b"]);
    client.create_item(&"new".to_owned()).await.unwrap();
    client.health().await.unwrap();
    client.replace_item("a").await.unwrap();
    assert_eq!(issued.load(Ordering::SeqCst), 1, "one token for every call");
    let token_request = &server.requests()[0];
    assert_eq!(token_request.method, "POST");
    // RFC 6749 §2.3.1: id and secret form-encoded, then basic authentication.
    let basic = token_request.header("authorization").unwrap();
    assert_eq!(basic, "Basic bXklMjBjbGllbnQ6czNjcmV0JTNBeA==");
    assert_eq!(token_request.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(token_request.body_text(), "grant_type=client_credentials&scope=items%3Aread%20items%3Awrite");
    let sent: Vec<(String, Option<String>, Option<String>)> = api_requests(&server)
        .iter()
        .map(|r| {
            (
                format!("{} {}", r.method, r.target),
                r.header("authorization").map(Into::into),
                r.header("x-api-key").map(Into::into),
            )
        })
        .collect();
    let bearer = Some("Bearer t1".to_owned());
    let key = Some("k-123".to_owned());
    assert_eq!(
        sent,
        [
            ("GET /v2/items".into(), bearer.clone(), None),
            ("POST /v2/items".into(), None, key),
            ("GET /v2/health".into(), None, None),
            ("PUT /v2/items/a".into(), bearer, None),
        ]
    );
}

#[tokio::test]
async fn twenty_concurrent_calls_share_one_token_fetch() {
    let (logic, issued) = server_logic(3600.0, |_| false);
    let server = RecordingServer::start(vec![logic]).await;
    let client = oauth_client(&server);
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let client = client.clone();
        calls.spawn(async move { client.list_items().await });
    }
    while let Some(result) = calls.join_next().await {
        result.unwrap().unwrap();
    }
    assert_eq!(issued.load(Ordering::SeqCst), 1);
    assert_eq!(api_requests(&server).len(), 20);
    assert!(api_requests(&server).iter().all(|r| r.header("authorization") == Some("Bearer t1")));
}

#[tokio::test]
async fn tokens_are_refreshed_before_they_expire() {
    let (logic, issued) = server_logic(1.0, |_| false);
    let server = RecordingServer::start(vec![logic]).await;
    let client = oauth_client(&server);
    client.list_items().await.unwrap();
    client.list_items().await.unwrap();
    assert_eq!(issued.load(Ordering::SeqCst), 1, "still fresh");
    tokio::time::sleep(Duration::from_millis(1000)).await;
    client.list_items().await.unwrap();
    assert_eq!(issued.load(Ordering::SeqCst), 2, "refreshed");
    let tokens: Vec<Option<String>> =
        api_requests(&server).iter().map(|r| r.header("authorization").map(Into::into)).collect();
    assert_eq!(tokens.last().unwrap().as_deref(), Some("Bearer t2"));
}

#[tokio::test]
async fn a_401_is_retried_once_with_a_new_token() {
    let (logic, issued) = server_logic(3600.0, |token| token == "t1");
    let server = RecordingServer::start(vec![logic]).await;
    let client = oauth_client(&server);
    assert_eq!(client.list_items().await.unwrap(), ["a", "b"]);
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    let tokens: Vec<Option<String>> =
        api_requests(&server).iter().map(|r| r.header("authorization").map(Into::into)).collect();
    assert_eq!(tokens, [Some("Bearer t1".into()), Some("Bearer t2".into())]);

    // A server that refuses every token: one retry, then the 401 is the answer.
    let (logic, issued) = server_logic(3600.0, |_| true);
    let server = RecordingServer::start(vec![logic]).await;
    let client = oauth_client(&server);
    let err = client.list_items().await.expect_err("401");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    assert_eq!(api_requests(&server).len(), 2);
}

#[tokio::test]
async fn a_failing_token_endpoint_is_a_token_error() {
    let responder = |_: &Recorded| Reply::json(400, r#"{"error":"invalid_client"}"#);
    let server = RecordingServer::start(vec![Reply::Dynamic(Responder(Arc::new(responder)))]).await;
    let client = oauth_client(&server);
    let err = client.list_items().await.expect_err("no token");
    match &err {
        clientgen_runtime::Error::Token(clientgen_runtime::TokenError::Refused { status, body }) => {
            assert_eq!(status.as_u16(), 400);
            assert!(body.contains("invalid_client"));
        }
        other => panic!("{other:?}"),
    }
    assert!(!format!("{err:?}").contains("s3cret"), "the secret stays out of errors");
    assert_eq!(api_requests(&server).len(), 0, "nothing sent without a token");
}

/// Keeper's operations declare a required `Authorization` header parameter, which OpenAPI says
/// to ignore, and the document has no security scheme: the builder's `authorization` sends it.
#[tokio::test]
async fn a_declared_authorization_header_without_a_scheme_is_a_builder_setter() {
    let server = RecordingServer::start(vec![Reply::json(200, r#"{"host":"h1","ok":true}"#)]).await;
    let client = build_tests::keeper::Client::builder()
        .base_url(server.base_url.clone())
        .authorization("Bearer keeper-token")
        .build()
        .unwrap();
    let pong = client.ping().await.unwrap();
    assert!(pong.ok);
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].target, "/ping");
    assert_eq!(requests[0].header("authorization"), Some("Bearer keeper-token"));
}
