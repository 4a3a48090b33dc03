//! Constructs whose values a client once dropped while decoding "successfully" (issue 24), on
//! the wire against the recording server (generator/tests/fixtures/lossless-constructs.yaml).

#[path = "../../generator/tests/support/recording.rs"]
#[allow(dead_code)]
mod recording;

use build_tests::lossless_constructs::{types, Client};
use clientgen_runtime::{serde_json, Upload};
use recording::{RecordingServer, Reply};

const ENTRY: &str = r#"{"id":"e1","source":{"type":"folder","folder_id":"f9"},"status":"active","kind":"report"}"#;

/// `allOf: [{$ref: a oneOf object}, {description}]` is the union, not an empty struct; a
/// `type: string` with an empty `enum` beside an `allOf` `$ref` is that string schema.
#[tokio::test]
async fn described_union_and_string_round_trip() {
    let server = RecordingServer::start(vec![Reply::json(200, ENTRY)]).await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();
    let entry = client.get_entry("e1", &types::GetEntryParams::default()).await.unwrap();
    match &entry.source {
        Some(types::Source::FolderSource(folder)) => assert_eq!(folder.folder_id, "f9"),
        other => panic!("the source was {other:?}"),
    }
    assert_eq!(entry.kind.as_deref(), Some("report"));
    let back = serde_json::to_value(&entry).unwrap();
    assert_eq!(back, serde_json::from_str::<serde_json::Value>(ENTRY).unwrap());
}

/// An untagged union of all-optional objects decodes into the alternative that keeps the most;
/// a union told apart by a fixed required property decodes by it (its variants named after the
/// values); a `format: float` keeps every digit; a lone item of an untyped list is sent back
/// alone.
#[tokio::test]
async fn unions_floats_and_lone_items_round_trip() {
    const BODY: &str = r#"{"id":"e2","contact":{"phone":"+44 20","extension":"7"},"range":{"type":"range","start":1.5,"end":2.0},"ratio":0.3333333333333333,"aliases":"only"}"#;
    let server = RecordingServer::start(vec![Reply::json(200, BODY)]).await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();
    let entry = client.get_entry("e2", &types::GetEntryParams::default()).await.unwrap();
    match &entry.contact {
        Some(types::Contact::PhoneContact(phone)) => assert_eq!(phone.extension.as_deref(), Some("7")),
        other => panic!("the contact was {other:?}"),
    }
    match &entry.range {
        Some(types::Range::Range(range)) => assert_eq!(range.start, 1.5),
        other => panic!("the range was {other:?}"),
    }
    let back = serde_json::to_value(&entry).unwrap();
    assert_eq!(back, serde_json::from_str::<serde_json::Value>(BODY).unwrap());
}

/// `content: application/json` query parameters are one pair holding the JSON text; arrays of
/// objects (no serialization defined by OpenAPI) send each item's JSON text.
#[tokio::test]
async fn json_and_structured_query_parameters_keep_their_names() {
    let server = RecordingServer::start(vec![Reply::json(200, ENTRY)]).await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();
    let params = types::GetEntryParams {
        metadata: Some([("team".to_owned(), "ml".to_owned())].into()),
        sorts: Some(vec![
            types::GetEntrySortsItem { field: Some("name".into()), direction: Some("asc".into()) },
            types::GetEntrySortsItem { field: Some("size".into()), direction: None },
        ]),
    };
    client.get_entry("e1", &params).await.unwrap();
    let target = &server.requests()[0].target;
    assert_eq!(
        target,
        "/entries/e1?metadata=%7B%22team%22%3A%22ml%22%7D\
         &sorts=%7B%22field%22%3A%22name%22%2C%22direction%22%3A%22asc%22%7D\
         &sorts=%7B%22field%22%3A%22size%22%7D"
    );
}

/// A nullable binary property of a multipart body (3.1 `anyOf: [binary, null]`) is an upload,
/// sent as a file part.
#[tokio::test]
async fn nullable_binary_part_is_a_file() {
    let server = RecordingServer::start(vec![Reply::json(201, ENTRY)]).await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();
    let body = types::CreateUploadRequest {
        name: "notes".into(),
        attachment: Some(Upload::bytes("file body").file_name("notes.txt")),
    };
    client.create_upload(&body).await.unwrap();
    let body = server.requests()[0].body_text();
    assert!(
        body.contains("name=\"attachment\"; filename=\"notes.txt\"") && body.contains("file body"),
        "no file part in {body}"
    );
}
