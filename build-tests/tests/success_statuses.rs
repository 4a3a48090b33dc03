//! 2xx statuses that document different bodies each decode into their own variant of the
//! operation's success enum. Found by the conformance harness on GitHub's document: the
//! statistics endpoints' `202 Accepted` (an object, while the figures are computed) was decoded
//! as the `200` array and failed.

#[path = "../../generator/tests/support/recording.rs"]
#[allow(dead_code)]
mod recording;

use build_tests::success_statuses::{types, Client};
use recording::{RecordingServer, Reply};

#[tokio::test]
async fn each_success_status_decodes_into_its_variant() {
    let replies = vec![
        Reply::json(200, "[3, 5]"),
        Reply::json(202, "{}"),
        Reply::json(204, ""),
        Reply::json(201, r#"{"id": 7, "url": "https://example.test/d/7"}"#),
        Reply::json(202, r#"{"message": "Auto-merged master into topic-branch on deployment."}"#),
        Reply::json(201, r#"{"id": 8, "url": "u"}"#),
    ];
    let server = RecordingServer::start(replies).await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();

    assert_eq!(client.get_stats().await.unwrap(), Some(types::GetStatsSuccess::Ok(vec![3, 5])));
    assert!(matches!(client.get_stats().await.unwrap(), Some(types::GetStatsSuccess::Accepted(_))));
    assert_eq!(client.get_stats().await.unwrap(), None, "204 has no body");

    match client.create_deployment().await.unwrap() {
        types::CreateDeploymentSuccess::Created(deployment) => assert_eq!(deployment.id, 7),
        other => panic!("{other:?}"),
    }
    match client.create_deployment().await.unwrap() {
        types::CreateDeploymentSuccess::Accepted(body) => {
            assert_eq!(body.message.as_deref(), Some("Auto-merged master into topic-branch on deployment."))
        }
        other => panic!("{other:?}"),
    }
    // The same body under two statuses: one type, no enum.
    let deployment: types::Deployment = client.get_same().await.unwrap();
    assert_eq!(deployment.id, 8);
}

/// A `text/plain` 2xx body beside a JSON one is read as text into its own variant.
#[tokio::test]
async fn a_text_success_body_beside_a_json_one_is_read_as_text() {
    let queued = Reply::Full {
        status: 202,
        headers: vec![("content-type".into(), "text/plain; charset=utf-8".into())],
        body: b"queued: /exports/41".to_vec(),
    };
    let server = RecordingServer::start(vec![queued, Reply::json(200, r#"{"id": 41, "url": "u"}"#)]).await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();
    assert_eq!(
        client.create_export().await.unwrap(),
        types::CreateExportSuccess::Accepted("queued: /exports/41".to_owned())
    );
    match client.create_export().await.unwrap() {
        types::CreateExportSuccess::Ok(export) => assert_eq!(export.id, 41),
        other => panic!("{other:?}"),
    }
}
