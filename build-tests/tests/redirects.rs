//! A redirect the operation documents is returned to the caller, as the spec describes it; one
//! it does not document is followed, as HTTP clients do. Found by the conformance harness:
//! nexus's `POST /login/{silo_name}/local` documents a 303, and the client followed the
//! `Location` instead, sending a request the spec does not describe.

#[path = "../../generator/tests/support/recording.rs"]
#[allow(dead_code)]
mod recording;

use build_tests::redirects::{types, Client};
use clientgen_runtime::Error;
use recording::{RecordingServer, Reply};

#[tokio::test]
async fn documented_redirects_are_returned_and_others_followed() {
    let replies = vec![
        Reply::json(303, "").with_header("location", "/elsewhere"),
        Reply::json(302, "").with_header("location", "/items/moved"),
        Reply::json(200, r#"["a"]"#),
    ];
    let server = RecordingServer::start(replies).await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();

    let err = client.login().await.expect_err("a 303 is the documented redirect");
    assert!(
        matches!(&err, Error::Api(api) if api.status == 303 && matches!(api.details, Some(types::LoginError::SeeOther))),
        "{err:?}"
    );
    assert_eq!(client.list_items().await.unwrap(), ["a"], "an undocumented 302 is followed");

    let received: Vec<String> = server.requests().into_iter().map(|r| format!("{} {}", r.method, r.target)).collect();
    assert_eq!(received, ["POST /login", "GET /items", "GET /items/moved"]);
}

/// A safe method's documented redirect is followed, to another origin too, without the
/// credentials; the final URL is on `with_response()`.
#[tokio::test]
async fn a_documented_redirect_of_a_download_is_followed_without_credentials() {
    let host = RecordingServer::start(vec![Reply::Full {
        status: 200,
        headers: vec![("content-type".into(), "application/octet-stream".into())],
        body: b"file bytes".to_vec(),
    }])
    .await;
    let location = format!("{}/blobs/f1", host.base_url);
    let api = RecordingServer::start(vec![Reply::json(302, "").with_header("location", &location)]).await;
    let client = Client::builder()
        .base_url(&api.base_url)
        .bearer_token("secret")
        .api_key("key-1")
        .header("x-team", "ml")
        .build()
        .unwrap();
    let download = client.download_file("f1").with_response().await.unwrap();
    assert_eq!(download.url, location, "the final URL");
    let bytes = download.body.bytes().await.unwrap();
    assert_eq!(&bytes[..], b"file bytes");
    let at_api = &api.requests()[0];
    assert_eq!(at_api.header("authorization"), Some("Bearer secret"));
    assert_eq!(at_api.header("x-api-key"), Some("key-1"));
    let at_host = &host.requests()[0];
    assert_eq!(at_host.target, "/blobs/f1");
    assert_eq!(at_host.header("authorization"), None, "credentials stay with the API's origin");
    assert_eq!(at_host.header("x-api-key"), None, "an API key header is a credential too");
    assert_eq!(at_host.header("x-team"), None, "nor do the client's default headers go");
    assert_eq!(at_host.header("accept"), at_api.header("accept"), "the operation's Accept does");
}

/// With an API key in a header, a redirect within the API's origin keeps every header, and
/// one that leaves it (after a same-origin hop) goes on without credentials, whole or streamed.
#[tokio::test]
async fn api_key_headers_stay_within_the_origin_across_hops() {
    let host = RecordingServer::start(vec![Reply::json(200, r#"["far"]"#)]).await;
    let far = format!("{}/far", host.base_url);
    let api = RecordingServer::start(vec![
        Reply::json(302, "").with_header("location", "/items/near"),
        Reply::json(307, "").with_header("location", &far),
    ])
    .await;
    let client = Client::builder().base_url(&api.base_url).bearer_token("t").api_key("key-2").build().unwrap();
    assert_eq!(client.list_items().await.unwrap(), ["far"]);
    let at_api = api.requests();
    let keys: Vec<Option<&str>> = at_api.iter().map(|r| r.header("x-api-key")).collect();
    assert_eq!(keys, [Some("key-2"), Some("key-2")], "the same origin keeps the key");
    assert_eq!(host.requests()[0].header("x-api-key"), None);
    assert_eq!(host.requests()[0].method, "GET", "307 keeps the method");
}
