//! Operations with servers of their own (a path item's `servers`, an operation's): the client
//! sends them there, and everything else to the document's server, unless it was given a base
//! URL, which then takes every request (a mock, a proxy). Found by the conformance harness:
//! Stripe's `POST /v1/files` goes to `https://files.stripe.com/`, GitHub's release asset upload
//! to `https://uploads.github.com`, and clients sent them to the API host instead.
//!
//! The fixture (`generator/tests/fixtures/servers.yaml`) names only 127.0.0.1 addresses; the
//! operations' own servers are on ports nothing listens on (1 and 3), so a request sent there
//! fails to connect, and the error names the URL it was sent to.

#[path = "../../generator/tests/support/recording.rs"]
#[allow(dead_code)]
mod recording;

use build_tests::servers;
use recording::{RecordingServer, Reply};

/// The document's server is the recording server (its `{port}` variable set); the operations
/// with servers of their own do not go there.
#[tokio::test]
async fn operations_with_their_own_server_go_there() {
    let server = RecordingServer::start(vec![Reply::json(200, r#"{"ok":true}"#)]).await;
    let port = server.base_url.rsplit(':').next().unwrap().to_owned();
    let client = servers::Client::builder().port(port).build().unwrap();

    let status = client.status().await.expect("the document's server answers");
    assert_eq!(status.ok, Some(true));

    let listed = client.list_files().await.expect_err("nothing listens on the path item's server");
    let message = format!("{listed:?}");
    assert!(message.contains("http://127.0.0.1:1/uploads/files"), "{message}");

    let uploaded = client.upload_file("f 1", b"bytes".to_vec()).await.expect_err("nothing listens there");
    let message = format!("{uploaded:?}");
    assert!(message.contains("http://127.0.0.1:3/content/files/f%201/content"), "{message}");

    let received: Vec<String> = server.requests().into_iter().map(|r| format!("{} {}", r.method, r.target)).collect();
    assert_eq!(received, ["GET /api/status"], "only the document's operation reached the document's server");
}

/// A base URL given to the client takes every request, the operations' own servers included.
#[tokio::test]
async fn a_base_url_takes_every_request() {
    let replies = vec![Reply::json(200, r#"{"ok":true}"#), Reply::json(200, r#"["a"]"#), Reply::json(204, "")];
    let server = RecordingServer::start(replies).await;
    let client = servers::Client::builder().base_url(&server.base_url).build().unwrap();
    client.status().await.unwrap();
    assert_eq!(client.list_files().await.unwrap(), ["a"]);
    client.upload_file("f1", b"bytes".to_vec()).await.unwrap();
    let received: Vec<String> = server.requests().into_iter().map(|r| format!("{} {}", r.method, r.target)).collect();
    assert_eq!(received, ["GET /status", "GET /files", "PUT /files/f1/content"]);
}
