//! OpenAPI 3.1 applies an `encoding`'s `style`/`explode` to `multipart/form-data` parts (3.0
//! ignores them there): each name and value the style makes is a text part, as multer (a
//! third-party multipart parser) reads them back. Found by the conformance harness on the
//! OpenAPI 3.1 feature samples (`parameters-style.json`'s `form_data_*` operations).

#[path = "../../generator/tests/support/recording.rs"]
#[allow(dead_code)]
mod recording;

use build_tests::multipart_styles::{types, Client};
use recording::{RecordingServer, Reply};

#[tokio::test]
async fn styled_properties_are_written_in_their_style() {
    let server = RecordingServer::start(vec![Reply::json(204, "")]).await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();
    let body = types::SubmitFormRequest {
        plain: Some(types::SubmitFormRequestPlain { a: Some("x".into()) }),
        listed: Some(vec!["p".into(), "q".into()]),
        flat: Some(types::SubmitFormRequestFlat { a: Some("x y".into()), b: Some(1) }),
        spread: Some(types::SubmitFormRequestSpread { a: Some("z".into()), b: Some(2) }),
        deep: Some(types::SubmitFormRequestDeep { a: Some("w".into()) }),
    };
    client.submit_form(&body).await.unwrap();

    let request = &server.requests()[0];
    let boundary = multer::parse_boundary(request.header("content-type").unwrap()).unwrap();
    let stream =
        futures_util::stream::iter([Ok::<_, std::io::Error>(clientgen_runtime::Bytes::from(request.body.clone()))]);
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("well-formed multipart") {
        let name = field.name().unwrap_or_default().to_owned();
        let content_type = field.content_type().map(|m| m.to_string());
        parts.push((name, content_type, String::from_utf8(field.bytes().await.unwrap().to_vec()).unwrap()));
    }
    let expected = [
        // No style: OpenAPI's default for an object part, JSON.
        ("plain", Some("application/json"), r#"{"a":"x"}"#),
        // `form`, not exploded: one part, the values joined by commas (as text, not encoded).
        ("listed", None, "p,q"),
        ("flat", None, "a,x y,b,1"),
        // `form`, exploded: a part per property, named by it (as `a=z&b=2` in a form body).
        ("a", None, "z"),
        ("b", None, "2"),
        // `deepObject`: a part per property, named `deep[a]`.
        ("deep[a]", None, "w"),
    ];
    let names: Vec<(&str, Option<&str>, &str)> =
        parts.iter().map(|(n, c, t)| (n.as_str(), c.as_deref(), t.as_str())).collect();
    assert_eq!(names, expected);
}
