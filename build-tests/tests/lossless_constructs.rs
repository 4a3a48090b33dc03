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
