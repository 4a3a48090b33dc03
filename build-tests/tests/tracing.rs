//! The runtime's `tracing` feature, as a subscriber sees it: one span per call, named after the
//! operation, with an event per attempt and per retry, and never a credential or a body.

#[path = "../../generator/tests/support/recording.rs"]
#[allow(dead_code)]
mod recording;

use build_tests::oauth;
use clientgen_runtime::RetryPolicy;
use recording::{RecordingServer, Reply};
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing_subscriber::fmt::format::FmtSpan;

/// Everything the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn one_span_per_call_with_its_attempts_and_no_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_span_events(FmtSpan::CLOSE)
        .with_max_level(tracing::Level::INFO)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let throttled = Reply::Full { status: 503, headers: vec![("retry-after".into(), "0".into())], body: vec![] };
    let server = RecordingServer::start(vec![throttled, Reply::json(200, r#"["a"]"#)]).await;
    let client = oauth::Client::builder()
        .base_url(&server.base_url)
        .bearer_token("s3cr3t-t0ken")
        .api_key("k3y-v4lue")
        .retry(RetryPolicy { initial_backoff: Duration::from_millis(5), ..RetryPolicy::default() })
        .build()
        .unwrap();
    client.list_items().await.unwrap();
    client.create_item(&"secret body text".to_owned()).await.unwrap();

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // Only the runtime's own lines (hyper traces too when its `tracing` feature is on).
    let text: String = text.lines().filter(|l| l.contains("clientgen")).map(|l| format!("{l}\n")).collect();
    let closes: Vec<&str> = text.lines().filter(|l| l.contains(": close ")).collect();
    assert_eq!(closes.len(), 2, "one span per call:\n{text}");
    assert!(closes[0].contains("operation=\"listItems\"") || closes[0].contains("operation=listItems"), "{text}");
    assert!(closes[0].contains("method=GET") && closes[0].contains("path=/items"), "{text}");
    assert!(closes[0].contains("attempts=2") && closes[0].contains("status=200"), "{text}");
    assert!(
        closes[1].contains("createItem") && closes[1].contains("attempts=1") && closes[1].contains("status=200"),
        "{text}"
    );
    let list_events: Vec<&str> = text.lines().filter(|l| l.contains("listItems") && !l.contains(": close ")).collect();
    assert_eq!(list_events.iter().filter(|l| l.contains("response")).count(), 2, "{text}");
    assert!(list_events.iter().any(|l| l.contains("status=503")), "{text}");
    assert!(list_events.iter().any(|l| l.contains("retrying") && l.contains("reason=\"throttled\"")), "{text}");
    for secret in ["s3cr3t-t0ken", "k3y-v4lue", "secret body text"] {
        assert!(!text.contains(secret), "`{secret}` in the traces:\n{text}");
    }
}
