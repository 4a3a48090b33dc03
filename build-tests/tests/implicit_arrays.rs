//! A schema with `items` but no `type` (Slack's `objs_conversation`): JSON Schema accepts a
//! single value as well as a list, and Slack sends the single value. The client decodes both.

#[path = "../../generator/tests/support/recording.rs"]
#[allow(dead_code)]
mod recording;

use build_tests::slack_info;
use recording::{RecordingServer, Reply};
use serde_json::Value;
use std::path::Path;

/// The spec's own example response of `conversations.info`.
fn example() -> Value {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/openapiv3-fixtures/slack.json");
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(spec).unwrap()).unwrap();
    spec["paths"]["/conversations.info"]["get"]["responses"]["200"]["content"]["application/json"]["examples"]
        ["response"]["value"]
        .clone()
}

#[tokio::test]
async fn a_single_item_and_a_list_both_decode() {
    let single = example();
    assert!(single["channel"].is_object(), "Slack's example sends one conversation, not a list");
    let mut listed = single.clone();
    listed["channel"] = Value::Array(vec![single["channel"].clone(), single["channel"].clone()]);
    let server =
        RecordingServer::start(vec![Reply::json(200, &single.to_string()), Reply::json(200, &listed.to_string())])
            .await;
    let client = slack_info::Client::builder().base_url(&server.base_url).bearer_token("xoxb-test").build().unwrap();
    let params = slack_info::types::ConversationsInfoParams { channel: Some("C012AB3CD".into()), ..Default::default() };

    let one = client.conversations().info(&params).await.expect("the spec's example decodes");
    assert_eq!(one.channel.len(), 1);
    let many = client.conversations().info(&params).await.expect("a list decodes");
    assert_eq!(many.channel.len(), 2);
}
