//! OpenAPI 3.2 on the wire (issue 29; generator/tests/fixtures/openapi-3-2.yaml) against the
//! recording server on 127.0.0.1: `QUERY` with a body, `LINK` from `additionalOperations`, a
//! `querystring` parameter, an `itemSchema` event stream decoded into its typed data, and an
//! `itemSchema` request body sent as JSON Lines.

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
