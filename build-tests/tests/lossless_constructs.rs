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

fn empty(status: u16) -> Reply {
    Reply::Full { status, headers: Vec::new(), body: Vec::new() }
}

/// An optional request body the spec lets be `null`: `None` sends no body at all, a value is
/// sent as its object.
#[tokio::test]
async fn optional_nullable_body_is_left_out_or_sent() {
    let server = RecordingServer::start(vec![empty(202)]).await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();
    client.create_fork(None).await.unwrap();
    let body = types::CreateForkRequest { organization: Some("octo".into()) };
    client.create_fork(Some(&body)).await.unwrap();
    let requests = server.requests();
    assert!(requests[0].body.is_empty(), "sent {:?}", requests[0].body_text());
    assert_eq!(requests[1].body_text(), r#"{"organization":"octo"}"#);
}

/// Properties beside an `anyOf` whose alternatives only narrow them and keep undeclared
/// properties: one struct, and the undeclared properties survive both ways.
#[tokio::test]
async fn alternatives_that_keep_undeclared_properties_keep_them() {
    const RUN: &str = r#"{"status":"completed","conclusion":"success","output":{"title":"ok"}}"#;
    let run: types::UpdateRunRequest = serde_json::from_str(RUN).unwrap();
    assert_eq!(run.additional_properties["output"], serde_json::json!({"title": "ok"}));
    let server = RecordingServer::start(vec![empty(200)]).await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();
    client.update_run("r1", &run).await.unwrap();
    let sent: serde_json::Value = serde_json::from_slice(&server.requests()[0].body).unwrap();
    assert_eq!(sent, serde_json::from_str::<serde_json::Value>(RUN).unwrap());
}

/// Properties beside a discriminated `oneOf` of components: each variant has the common
/// properties too, chosen by the discriminator's value (two values may name one component).
#[tokio::test]
async fn common_properties_beside_a_union_are_in_every_variant() {
    const RETITLE: &str = r#"{"kind":"retitle","name":"new name"}"#;
    let action: types::CreateActionRequest = serde_json::from_str(RETITLE).unwrap();
    match &action {
        types::CreateActionRequest::RenameAction(rename) => {
            assert_eq!(rename.kind, types::CreateActionRequestKind::Retitle);
            assert_eq!(rename.name.as_deref(), Some("new name"));
        }
        other => panic!("decoded as {other:?}"),
    }
    let server = RecordingServer::start(vec![empty(201)]).await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();
    client.create_action(&action).await.unwrap();
    let sent: serde_json::Value = serde_json::from_slice(&server.requests()[0].body).unwrap();
    assert_eq!(sent, serde_json::from_str::<serde_json::Value>(RETITLE).unwrap());
}

/// An optional property with no schema holds any JSON value, `null` included: `null` comes
/// back as `null`, and an absent property stays absent.
#[tokio::test]
async fn any_value_property_keeps_null() {
    const WITH_NULL: &str = r#"{"id":"e3","annotation":null}"#;
    let server = RecordingServer::start(vec![Reply::json(200, WITH_NULL)]).await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();
    let entry = client.get_entry("e3", &types::GetEntryParams::default()).await.unwrap();
    assert_eq!(entry.annotation, Some(serde_json::Value::Null));
    assert_eq!(serde_json::to_value(&entry).unwrap(), serde_json::from_str::<serde_json::Value>(WITH_NULL).unwrap());
    let absent: types::Entry = serde_json::from_str(r#"{"id":"e4"}"#).unwrap();
    assert_eq!(absent.annotation, None);
}

/// A required request body the spec lets be `null`: `None` sends `null`.
#[tokio::test]
async fn required_nullable_body_sends_null() {
    let server = RecordingServer::start(vec![empty(202)]).await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();
    client.replace_fork(&None).await.unwrap();
    client.replace_fork(&Some(types::ReplaceForkRequest { organization: None })).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].body_text(), "null");
    assert_eq!(requests[1].body_text(), "{}");
}
