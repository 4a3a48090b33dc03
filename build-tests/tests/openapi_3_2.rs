//! OpenAPI 3.2 on the wire (issue 29; generator/tests/fixtures/openapi-3-2.yaml) against the
//! recording server on 127.0.0.1: `QUERY` with a body, `LINK` from `additionalOperations`, a
//! `querystring` parameter, an `itemSchema` event stream decoded into its typed data, and an
//! `itemSchema` request body sent as JSON Lines, and the OAuth 2.0 device authorization flow.

#[path = "../../generator/tests/support/recording.rs"]
#[allow(dead_code)]
mod recording;

use build_tests::openapi_3_2::{types, Client, StreamExt};
use recording::{RecordingServer, Reply};
use std::time::Duration;

#[tokio::test]
async fn query_link_querystring_and_typed_events() {
    let events =
        b"event: change\ndata: {\"id\":\"a1\",\"kind\":\"created\"}\n\ndata: {\"id\":\"a2\",\"kind\":\"deleted\"}\n\n";
    let server = RecordingServer::start(vec![
        Reply::json(200, r#"{"items":["x"]}"#),
        Reply::Full { status: 204, headers: vec![], body: vec![] },
        Reply::json(200, r#"{"items":[]}"#),
        Reply::Stream {
            status: 200,
            headers: vec![("content-type".into(), "text/event-stream".into())],
            chunks: vec![(Duration::from_millis(5), events.to_vec())],
            hold: false,
        },
    ])
    .await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();

    let found = client.search().catalogue(&types::SearchRequest::new("red shoes").limit(5)).await.unwrap();
    assert_eq!(found.items, ["x"]);
    client.search().saved().link_item("i9", "</items/i7>; rel=\"related\"").await.unwrap();
    let filter = types::Filter { color: Some("red".into()), size: Some(42) };
    client.search().list_items(&types::ListItemsParams { filter: Some(filter) }).await.unwrap();
    let mut stream = client.search().watch_events().await.unwrap();
    let mut seen = Vec::new();
    while let Some(event) = stream.next().await {
        let event = event.unwrap();
        seen.push((event.event.clone(), event.data.id.clone(), event.data.kind.clone()));
    }
    assert_eq!(
        seen,
        [
            ("change".to_owned(), "a1".to_owned(), "created".to_owned()),
            ("message".to_owned(), "a2".to_owned(), "deleted".to_owned())
        ]
    );

    let requests = server.requests();
    assert_eq!((requests[0].method.as_str(), requests[0].target.as_str()), ("QUERY", "/search"));
    assert_eq!(requests[0].body_text(), r#"{"text":"red shoes","limit":5}"#);
    assert_eq!((requests[1].method.as_str(), requests[1].target.as_str()), ("LINK", "/items/i9"));
    assert_eq!(requests[1].header("link"), Some("</items/i7>; rel=\"related\""));
    assert_eq!(requests[2].target, "/items?color=red&size=42", "the filter is the whole query string");
    assert_eq!(requests[3].header("accept"), Some("text/event-stream"));
}

#[tokio::test]
async fn item_schema_request_bodies_are_sent_as_records() {
    let server = RecordingServer::start(vec![Reply::Full { status: 204, headers: vec![], body: vec![] }]).await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();
    let changes = [types::Change::new("a1", "created"), types::Change::new("a2", "deleted")];
    client.search().import_items(&changes).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].header("content-type"), Some("application/jsonl"));
    assert_eq!(requests[0].body_text(), "{\"id\":\"a1\",\"kind\":\"created\"}\n{\"id\":\"a2\",\"kind\":\"deleted\"}\n");
}

/// The device authorization flow (RFC 8628) of a 3.2 `deviceAuthorization` scheme: a code is
/// asked for with the client id and the scopes the document's `security` requests, then the
/// token endpoint is polled with the device code, waiting while the user has not approved
/// (`authorization_pending`) and five seconds longer after `slow_down`, until the token.
#[tokio::test]
async fn the_device_flow_polls_until_the_user_approves() {
    let server = RecordingServer::start(vec![
        Reply::json(
            200,
            r#"{"device_code":"dev-1","user_code":"WDJB-MJHT","verification_uri":"https://example.com/device",
                "verification_uri_complete":"https://example.com/device?code=WDJB-MJHT","expires_in":60,"interval":0.05}"#,
        ),
        Reply::json(400, r#"{"error":"authorization_pending"}"#),
        Reply::json(400, r#"{"error":"slow_down"}"#),
        Reply::json(200, r#"{"access_token":"tok-1","token_type":"Bearer","expires_in":3600,"refresh_token":"ref-1"}"#),
    ])
    .await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();
    let flow = client.device_authorization("app-7");
    let code = flow.start().await.unwrap();
    assert_eq!((code.user_code.as_str(), code.verification_uri.as_str()), ("WDJB-MJHT", "https://example.com/device"));
    assert_eq!(code.interval, Duration::from_millis(50));
    let started = std::time::Instant::now();
    let token = flow.poll(&code).await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(5), "slow_down adds five seconds: {:?}", started.elapsed());
    assert_eq!(token.access_token.expose(), "tok-1");
    assert_eq!(token.refresh_token.as_ref().map(|t| t.expose()), Some("ref-1"));
    assert_eq!(token.expires_in, Some(Duration::from_secs(3600)));

    let requests = server.requests();
    assert_eq!((requests[0].method.as_str(), requests[0].target.as_str()), ("POST", "/oauth/device/code"));
    assert_eq!(requests[0].body_text(), "client_id=app-7&scope=catalogue%3Aread");
    assert_eq!(requests[0].header("content-type"), Some("application/x-www-form-urlencoded"));
    for poll in &requests[1..] {
        assert_eq!(poll.target, "/oauth/token");
        assert_eq!(
            poll.body_text(),
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=dev-1&client_id=app-7"
        );
    }
    assert_eq!(requests.len(), 4);
}

/// A user who refuses ends the flow with `Denied`; a code that expires while the user has not
/// answered ends it with `Expired`, by the server's word or by its `expires_in`.
#[tokio::test]
async fn the_device_flow_ends_on_denial_and_expiry() {
    use build_tests::openapi_3_2::TokenError;
    let code = |expires_in: f64| {
        Reply::json(
            200,
            &format!(
                r#"{{"device_code":"d","user_code":"U","verification_uri":"https://example.com/d","expires_in":{expires_in},"interval":0.02}}"#
            ),
        )
    };
    let server = RecordingServer::start(vec![
        code(60.0),
        Reply::json(400, r#"{"error":"access_denied","error_description":"The user said no."}"#),
        code(60.0),
        Reply::json(400, r#"{"error":"expired_token"}"#),
        code(0.1),
        Reply::json(400, r#"{"error":"authorization_pending"}"#),
        Reply::json(400, r#"{"error":"authorization_pending"}"#),
        Reply::json(400, r#"{"error":"authorization_pending"}"#),
        Reply::json(400, r#"{"error":"authorization_pending"}"#),
        Reply::json(400, r#"{"error":"authorization_pending"}"#),
        Reply::json(400, r#"{"error":"invalid_client"}"#),
    ])
    .await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();
    let flow = client.device_authorization("app-7");
    let denied = flow.poll(&flow.start().await.unwrap()).await.unwrap_err();
    assert!(matches!(&denied, TokenError::Denied(why) if why == "The user said no."), "{denied:?}");
    let expired = flow.poll(&flow.start().await.unwrap()).await.unwrap_err();
    assert!(matches!(expired, TokenError::Expired), "{expired:?}");
    let lapsed = flow.poll(&flow.start().await.unwrap()).await.unwrap_err();
    assert!(matches!(lapsed, TokenError::Expired), "its own expires_in: {lapsed:?}");
    let polls_before_lapse = server.requests().iter().filter(|r| r.target == "/oauth/token").count();
    assert!(polls_before_lapse <= 2 + 5, "no poll after the code expired ({polls_before_lapse})");
}

/// A `multipart/mixed` success whose parts are described by `itemSchema`: each part decodes into
/// the item type (JSON, with or without its own `Content-Type`); a body cut before its closing
/// boundary, or a part that is not an item, is a decode error, never a shorter list.
#[tokio::test]
async fn multipart_mixed_parts_decode_into_their_item_type() {
    let body = "preamble\r\n--b1\r\nContent-Type: application/json\r\n\r\n{\"id\":\"a1\",\"kind\":\"created\"}\r\n\
                --b1\r\n\r\n{\"id\":\"a2\",\"kind\":\"deleted\"}\r\n--b1--\r\nepilogue";
    let multipart = |body: &str| Reply::Full {
        status: 200,
        headers: vec![("content-type".into(), "multipart/mixed; boundary=\"b1\"".into())],
        body: body.as_bytes().to_vec(),
    };
    let cut = "--b1\r\n\r\n{\"id\":\"a1\",\"kind\":\"created\"}\r\n--b1\r\n\r\n{\"id\":\"a2\"";
    let wrong = "--b1\r\n\r\n{\"id\":\"a1\",\"kind\":\"created\"}\r\n--b1\r\n\r\n[1,2]\r\n--b1--";
    let server = RecordingServer::start(vec![multipart(body), multipart(cut), multipart(wrong)]).await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();
    let parts = client.search().get_change_batch().await.unwrap();
    let seen: Vec<(&str, &str)> = parts.iter().map(|c| (c.id.as_str(), c.kind.as_str())).collect();
    assert_eq!(seen, [("a1", "created"), ("a2", "deleted")]);
    let cut = client.search().get_change_batch().await.unwrap_err().to_string();
    assert!(cut.contains("closing boundary"), "{cut}");
    let wrong = client.search().get_change_batch().await.unwrap_err().to_string();
    assert!(wrong.contains("part 2"), "{wrong}");
    assert_eq!(server.requests()[0].header("accept"), Some("multipart/mixed"));
}
