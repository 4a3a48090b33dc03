//! JSON bodies under the spec's own JSON media type (`application/vnd.api+json`,
//! `application/merge-patch+json`), not `application/json`. Found by the conformance harness on
//! Fitbit's Plus API (JSON:API): openapi-core refused every body, `Content for the following
//! mimetype not found: application/json. Valid mimetypes: ['application/vnd.api+json']`.

#[path = "../../generator/tests/support/recording.rs"]
#[allow(dead_code)]
mod recording;

use build_tests::media_types::{types, Client};
use recording::{RecordingServer, Reply};

#[tokio::test]
async fn json_bodies_go_under_the_specs_media_type() {
    let created = r#"{"data":{"type":"patient","attributes":{"name":"Ada"}}}"#;
    let server = RecordingServer::start(vec![Reply::json(201, created), Reply::json(204, "")]).await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();
    let patient = types::Patient { name: Some("Ada".into()) };
    let document = types::PatientDocument {
        data: types::PatientDocumentData { type_: "patient".into(), attributes: Some(patient.clone()) },
    };
    let back = client.create_patient(&document).await.expect("a JSON:API response decodes");
    assert_eq!(back.data.attributes.and_then(|a| a.name).as_deref(), Some("Ada"));
    client.patch_patient("p1", &patient).await.unwrap();

    let sent = server.requests();
    let content_type =
        |i: usize| sent[i].headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("content-type")).map(|(_, v)| v.clone());
    assert_eq!(content_type(0).as_deref(), Some("application/vnd.api+json"));
    assert_eq!(String::from_utf8_lossy(&sent[0].body), r#"{"data":{"type":"patient","attributes":{"name":"Ada"}}}"#);
    assert_eq!(content_type(1).as_deref(), Some("application/merge-patch+json"));
    assert_eq!(String::from_utf8_lossy(&sent[1].body), r#"{"name":"Ada"}"#);
}

/// An operation offering JSON, CSV text and a PDF: the plain method asks for JSON, `…_text`
/// for the CSV and `…_bytes` for the PDF (streamed), each putting its own media type first in
/// `Accept`, then the error's.
#[tokio::test]
async fn each_kind_of_representation_gets_its_method() {
    let csv = Reply::Full {
        status: 200,
        headers: vec![("content-type".into(), "text/csv".into())],
        body: b"total\n3\n".to_vec(),
    };
    let pdf = Reply::Full {
        status: 200,
        headers: vec![("content-type".into(), "application/pdf".into())],
        body: b"%PDF-1.7 bytes".to_vec(),
    };
    let server = RecordingServer::start(vec![Reply::json(200, r#"{"total":3}"#), csv, pdf]).await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();
    assert_eq!(client.get_report("r1").await.unwrap().total, Some(3));
    assert_eq!(client.get_report_text("r1").await.unwrap(), "total\n3\n");
    let pdf = client.get_report_bytes("r1").await.unwrap().bytes().await.unwrap();
    assert_eq!(&pdf[..], b"%PDF-1.7 bytes");
    let accepts: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("accept")).map(|(_, v)| v.clone()))
        .collect();
    assert_eq!(
        accepts,
        [
            Some("application/json".to_owned()),
            Some("text/csv, application/json".to_owned()),
            Some("application/pdf, application/json".to_owned())
        ]
    );
}

/// A report imported as JSON, CSV text or a PDF: the plain method sends JSON, `…_with_text`
/// and `…_with_bytes` send the body as given under their media type; each decodes the JSON
/// answer.
#[tokio::test]
async fn each_kind_of_request_body_gets_its_method() {
    let created = || Reply::json(201, r#"{"total":3}"#);
    let server = RecordingServer::start(vec![created(), created(), created()]).await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();
    let report = types::Report { total: Some(3) };
    assert_eq!(client.import_report(&report).await.unwrap().total, Some(3));
    assert_eq!(client.import_report_with_text("total\n3\n").await.unwrap().total, Some(3));
    assert_eq!(client.import_report_with_bytes(b"%PDF-1.7 bytes".to_vec()).await.unwrap().total, Some(3));
    let sent: Vec<(Option<String>, Vec<u8>)> =
        server.requests().iter().map(|r| (r.header("content-type").map(str::to_owned), r.body.to_vec())).collect();
    assert_eq!(
        sent,
        [
            (Some("application/json".to_owned()), br#"{"total":3}"#.to_vec()),
            (Some("text/csv".to_owned()), b"total\n3\n".to_vec()),
            (Some("application/pdf".to_owned()), b"%PDF-1.7 bytes".to_vec()),
        ]
    );
}

/// Reports sent as a JSON array or as JSON Lines: the plain method sends the array,
/// `…_with_records` one JSON text per line under `application/x-ndjson`; a body documented only
/// as JSON text sequences takes records, each after a record separator (RFC 7464), and an
/// optional one may be left out.
#[tokio::test]
async fn json_records_bodies_are_sent_record_by_record() {
    let server = RecordingServer::start(vec![Reply::json(204, ""); 4]).await;
    let client = Client::builder().base_url(&server.base_url).build().unwrap();
    let reports = [types::Report { total: Some(1) }, types::Report { total: Some(2) }];
    client.import_reports(&reports.to_vec()).await.unwrap();
    client.import_reports_with_records(&reports).await.unwrap();
    client.append_reports(Some(&reports)).await.unwrap();
    client.append_reports(None).await.unwrap();
    let sent: Vec<(Option<String>, String)> = server
        .requests()
        .iter()
        .map(|r| (r.header("content-type").map(str::to_owned), String::from_utf8_lossy(&r.body).into_owned()))
        .collect();
    assert_eq!(
        sent,
        [
            (Some("application/json".to_owned()), r#"[{"total":1},{"total":2}]"#.to_owned()),
            (Some("application/x-ndjson".to_owned()), "{\"total\":1}\n{\"total\":2}\n".to_owned()),
            (Some("application/json-seq".to_owned()), "\u{1e}{\"total\":1}\n\u{1e}{\"total\":2}\n".to_owned()),
            (None, String::new()),
        ]
    );
}
