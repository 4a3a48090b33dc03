//! Bodies that are not JSON, on the wire against the recording server on 127.0.0.1: server-sent
//! events, streamed downloads, uploads from bytes, files and readers, and multipart forms read
//! back by an independent parser (multer) and judged by openapi-core.

#[path = "../../generator/tests/support/recording.rs"]
#[allow(dead_code)]
mod recording;

use build_tests::{file_uploads, streams};
use clientgen_runtime::{Error, EventError, RetryPolicy, StreamError, Upload};
use recording::{Recorded, RecordingServer, Reply};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn client(server: &RecordingServer, timeout: Duration) -> streams::Client {
    streams::Client::builder().base_url(&server.base_url).timeout(timeout).build().unwrap()
}

fn chat_request() -> streams::types::ChatRequest {
    streams::types::ChatRequest {
        model: "m1".into(),
        stream: Some(false),
        messages: vec![streams::types::Message { role: streams::types::MessageRole::User, content: "Hi".into() }],
    }
}

fn pieces(parts: &[&str]) -> Vec<(Duration, Vec<u8>)> {
    parts.iter().map(|p| (Duration::from_millis(20), p.as_bytes().to_vec())).collect()
}

fn sse(chunks: Vec<(Duration, Vec<u8>)>, hold: bool) -> Reply {
    Reply::Stream { status: 200, headers: vec![("content-type".into(), "text/event-stream".into())], chunks, hold }
}

#[tokio::test]
async fn chat_completion_chunks_arrive_typed_and_stop_at_done() {
    // Split mid-line and mid-event on purpose; the connection then stays open for an hour: the
    // stream must end at `[DONE]`, not when the server closes.
    let stream = sse(
        pieces(&[
            ": keep-alive comment\n\ndata: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n",
            "data: {\"id\":\"c1\",\n",
            "data: \"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"}}]}\r\n\r\n",
            "event: ping\ndata: {\"id\":\"p\",\"choices\":[]}\n\n",
            "data: {\"id\": 7}\n\n",
            "id: 42\ndata: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
            "data: [DONE]\n\n",
            "data: {\"id\":\"after\",\"choices\":[]}\n\n",
        ]),
        true,
    );
    let server = RecordingServer::start(vec![stream]).await;
    let client = client(&server, Duration::from_secs(30));
    let run = async {
        let mut events = client.chat().create_completion_stream(&chat_request()).await.expect("the stream opens");
        assert_eq!(events.status(), 200);
        let mut seen = Vec::new();
        while let Some(item) = events.next_event().await {
            seen.push(item);
        }
        seen
    };
    let seen = tokio::time::timeout(Duration::from_secs(10), run).await.expect("ends at [DONE], not at close");
    assert_eq!(seen.len(), 5, "{seen:?}");
    let text: Vec<String> = seen[..2]
        .iter()
        .map(|e| e.as_ref().unwrap().data.choices[0].delta.content.clone().unwrap_or_default())
        .collect();
    assert_eq!(text, ["Hel", "lo"], "multi-line data is joined");
    let ping = seen[2].as_ref().unwrap();
    assert_eq!((ping.event.as_str(), ping.data.id.as_str()), ("ping", "p"), "an unknown event type passes through");
    match &seen[3] {
        Err(EventError::Decode { event, data, .. }) => {
            assert_eq!((event.as_str(), data.as_str()), ("message", "{\"id\": 7}"))
        }
        other => panic!("a malformed event is a typed error: {other:?}"),
    }
    let last = seen[4].as_ref().unwrap();
    assert_eq!(last.id.as_deref(), Some("42"));
    assert_eq!(last.data.choices[0].finish_reason.as_deref(), Some("stop"));
    let request = &server.requests()[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/chat/completions");
    // The stream form asks for the stream, then the error's media type, and sends
    // `stream: true` though the caller's body says false.
    assert_eq!(request.header("accept"), Some("text/event-stream, application/json"));
    assert_eq!(request.body_text(), r#"{"model":"m1","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#);
}

/// The plain method of an operation offering JSON and an event stream answers whole, asks for
/// JSON, and sends the body as the caller set it.
#[tokio::test]
async fn the_plain_method_of_a_negotiated_operation_answers_json() {
    let body = r#"{"id":"c1","choices":[{"index":0,"message":{"role":"assistant","content":"Hello"}}]}"#;
    let server = RecordingServer::start(vec![Reply::json(200, body)]).await;
    let client = client(&server, Duration::from_secs(5));
    let completion = client.chat().create_completion(&chat_request()).await.unwrap();
    assert_eq!(completion.choices[0].message.content, "Hello");
    let request = &server.requests()[0];
    assert_eq!(request.header("accept"), Some("application/json"));
    assert!(request.body_text().contains(r#""stream":false"#), "{}", request.body_text());
}

#[tokio::test]
async fn text_events_end_with_the_connection_and_errors_decode_whole() {
    let server = RecordingServer::start(vec![
        Reply::json(400, r#"{"message":"bad model"}"#),
        sse(pieces(&["data: line one\ndata: line two\n\n", "data: [DONE]\n\n", "data: unterminated"]), false),
    ])
    .await;
    let client = client(&server, Duration::from_secs(30));
    let err = client.chat().create_completion_stream(&chat_request()).await.expect_err("400");
    match err.details() {
        Some(streams::types::CreateChatCompletionError::BadRequest(problem)) => {
            assert_eq!(problem.message.as_deref(), Some("bad model"))
        }
        other => panic!("{other:?}"),
    }
    let mut events = client.tail_log("app").await.unwrap();
    let mut data = Vec::new();
    while let Some(event) = events.next_event().await {
        data.push(event.unwrap().data);
    }
    // Text streams have no terminator: `[DONE]` is data like any other.
    assert_eq!(data, ["line one\nline two", "[DONE]"]);
}

#[tokio::test]
async fn a_stalled_stream_fails_after_the_idle_timeout() {
    let server = RecordingServer::start(vec![sse(pieces(&["data: one\n\n"]), true)]).await;
    let client = client(&server, Duration::from_millis(400));
    let mut events = client.tail_log("app").await.unwrap();
    assert_eq!(events.next_event().await.unwrap().unwrap().data, "one");
    match events.next_event().await {
        Some(Err(EventError::Stream(StreamError::Idle(after)))) => assert_eq!(after, Duration::from_millis(400)),
        other => panic!("{other:?}"),
    }
    assert!(events.next_event().await.is_none(), "the stream ends after the error");
}

#[tokio::test]
async fn downloads_stream_chunk_by_chunk() {
    let body: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    let chunks: Vec<(Duration, Vec<u8>)> =
        body.chunks(500_000).map(|c| (Duration::from_millis(10), c.to_vec())).collect();
    let reply = Reply::Stream {
        status: 200,
        headers: vec![("content-type".into(), "application/octet-stream".into())],
        chunks,
        hold: false,
    };
    let server =
        RecordingServer::start(vec![reply.clone(), reply, Reply::Full { status: 404, headers: vec![], body: vec![] }])
            .await;
    // A timeout shorter than the whole download: it applies to each read.
    let client = client(&server, Duration::from_millis(500));
    let mut download = client.download_file("f1").await.unwrap();
    let mut received = Vec::new();
    let mut reads = 0;
    while let Some(chunk) = download.next_chunk().await {
        received.extend_from_slice(&chunk.unwrap());
        reads += 1;
    }
    assert_eq!(received, body);
    assert!(reads >= 6, "read as it arrived, in {reads} reads");
    assert_eq!(server.requests()[0].header("accept"), Some("application/octet-stream"));
    let path = std::env::temp_dir().join(format!("clientgen-download-{}", std::process::id()));
    let mut file = tokio::fs::File::create(&path).await.unwrap();
    let written = client.download_file("f1").await.unwrap().copy_to(&mut file).await.unwrap();
    assert_eq!(written, body.len() as u64);
    assert_eq!(std::fs::read(&path).unwrap(), body);
    std::fs::remove_file(&path).unwrap();
    let err = client.download_file("missing").await.expect_err("404");
    assert!(matches!(err.details(), Some(streams::types::DownloadFileError::NotFound)), "{err}");
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy { max_attempts: 3, initial_backoff: Duration::from_millis(10), ..RetryPolicy::default() }
}

fn temp_file(name: &str, content: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("clientgen-{}-{name}", std::process::id()));
    std::fs::write(&path, content).unwrap();
    path
}

#[tokio::test]
async fn uploads_from_a_path_are_streamed_and_reopened_for_a_retry() {
    let content: Vec<u8> = (0..1_500_000u32).map(|i| (i % 253) as u8).collect();
    let path = temp_file("upload.bin", &content);
    let busy = Reply::Full { status: 503, headers: vec![("retry-after".into(), "0".into())], body: vec![] };
    let done = Reply::Full { status: 204, headers: vec![], body: vec![] };
    let server = RecordingServer::start(vec![busy.clone(), done.clone(), busy, done]).await;
    let client = streams::Client::builder().base_url(&server.base_url).retry(fast_retries()).build().unwrap();
    client.upload_file("f1", Upload::path(&path)).await.expect("the retry succeeds");
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "retried once after the 503");
    for request in &requests {
        assert_eq!(request.method, "PUT");
        assert_eq!(request.target, "/files/f1/content");
        assert_eq!(request.header("content-type"), Some("application/octet-stream"));
        assert_eq!(request.header("content-length"), Some(content.len().to_string().as_str()));
        assert!(request.body == content, "the file, whole, on every attempt");
    }
    // A reader cannot be read twice: the request is tried once and the 503 is the answer.
    let reader = std::io::Cursor::new(b"from a reader".to_vec());
    let err = client.upload_file("f2", Upload::reader(reader)).await.expect_err("not retried");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[2].header("transfer-encoding"), Some("chunked"), "length unknown");
    assert_eq!(requests[2].body, b"from a reader");
    // Bytes convert; a missing file is refused before anything is sent.
    client.upload_file("f3", b"raw bytes".to_vec()).await.unwrap();
    assert_eq!(server.requests()[3].body, b"raw bytes");
    let err = client.upload_file("f4", Upload::path(repo().join("no-such-file"))).await.expect_err("refused");
    assert!(
        matches!(&err, Error::InvalidRequest(e) if e.field == "body" && e.message.contains("no-such-file")),
        "{err}"
    );
    assert_eq!(server.requests().len(), 4);
    std::fs::remove_file(&path).unwrap();
}

/// The parts of a recorded multipart request, read by multer: (name, file name, content type, bytes).
async fn parts(request: &Recorded) -> Vec<(String, Option<String>, Option<String>, Vec<u8>)> {
    let boundary = multer::parse_boundary(request.header("content-type").expect("a content type")).expect("a boundary");
    let body = clientgen_runtime::Bytes::from(request.body.clone());
    let stream = futures_util::stream::iter([Ok::<_, std::io::Error>(body)]);
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("well-formed multipart") {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(|m| m.to_string());
        parts.push((name, file_name, content_type, field.bytes().await.unwrap().to_vec()));
    }
    parts
}

fn part(
    name: &str,
    file: Option<&str>,
    content_type: Option<&str>,
    bytes: &[u8],
) -> (String, Option<String>, Option<String>, Vec<u8>) {
    (name.into(), file.map(Into::into), content_type.map(Into::into), bytes.to_vec())
}

#[tokio::test]
async fn multipart_forms_are_built_from_the_body_type() {
    let server = RecordingServer::start(vec![Reply::json(201, r#"{"id":"d1"}"#)]).await;
    let client = client(&server, Duration::from_secs(30));
    let pdf = temp_file("report.pdf", b"%PDF-1.7 report");
    let body = streams::types::CreateDocumentRequest {
        title: "Q3".into(),
        tags: Some(vec!["a".into(), "b".into()]),
        metadata: Some(streams::types::Metadata { author: Some("Ada".into()), pages: Some(3) }),
        file: Upload::path(&pdf).content_type("application/pdf").header("X-Checksum", "ab12"),
        thumbnail: Some(Upload::bytes(&b"\x89PNG"[..])),
        attachments: vec![Upload::bytes("one").file_name("1.txt"), Upload::bytes("two")],
    };
    let created = client.create_document(&body).await.unwrap();
    assert_eq!(created.id.as_deref(), Some("d1"));
    let got = parts(&server.requests()[0]).await;
    assert_eq!(
        got,
        [
            part("title", None, None, b"Q3"),
            part("tags", None, None, b"a"),
            part("tags", None, None, b"b"),
            part("metadata", None, Some("application/json"), br#"{"author":"Ada","pages":3}"#),
            part(
                "file",
                Some(&pdf.file_name().unwrap().to_string_lossy()),
                Some("application/pdf"),
                b"%PDF-1.7 report"
            ),
            part("thumbnail", Some("thumbnail"), Some("image/png"), b"\x89PNG"),
            part("attachments", Some("1.txt"), Some("application/octet-stream"), b"one"),
            part("attachments", Some("attachments"), Some("application/octet-stream"), b"two"),
        ]
    );
    // The part headers of `encoding.file.headers`: the constant one from the spec's default, the
    // other as the caller set it on the upload; other parts have neither.
    let request = &server.requests()[0];
    let boundary = multer::parse_boundary(request.header("content-type").unwrap()).unwrap();
    let body = clientgen_runtime::Bytes::from(request.body.clone());
    let mut multipart = multer::Multipart::new(futures_util::stream::iter([Ok::<_, std::io::Error>(body)]), boundary);
    while let Some(field) = multipart.next_field().await.unwrap() {
        let header = |name: &str| field.headers().get(name).map(|v| v.to_str().unwrap().to_owned());
        let expected =
            if field.name() == Some("file") { (Some("api".to_owned()), Some("ab12".to_owned())) } else { (None, None) };
        assert_eq!((header("x-source"), header("x-checksum")), expected, "{:?}", field.name());
    }
    std::fs::remove_file(&pdf).unwrap();
}

/// Asks openapi-core (PyPI) whether `request` is valid for the spec.
fn openapi_core_verdict(spec: &Path, request: &Recorded) -> serde_json::Value {
    let hex: String = request.body.iter().map(|b| format!("{b:02x}")).collect();
    let line = serde_json::json!({
        "id": "upload",
        "method": request.method,
        "target": request.target,
        "headers": request.headers,
        "body_hex": hex,
    });
    let captured = std::env::temp_dir().join(format!("clientgen-multipart-{}.jsonl", std::process::id()));
    std::fs::write(&captured, format!("{line}\n")).unwrap();
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let output = std::process::Command::new(python)
        .arg(repo().join("scripts/validate-requests.py"))
        .arg(spec)
        .arg(&captured)
        .output()
        .expect("python3 runs (install requirements-test.txt)");
    std::fs::remove_file(&captured).unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("one JSON verdict")
}

#[tokio::test]
async fn a_corpus_file_upload_from_a_path_is_valid_and_parses_back() {
    let spec = repo().join("../shared/corpus/oas-examples-3.0/file-uploads.json");
    let server = RecordingServer::start(vec![Reply::Full { status: 200, headers: vec![], body: vec![] }]).await;
    let client = file_uploads::Client::builder().base_url(&server.base_url).build().unwrap();
    let document = temp_file("invoice.txt", b"invoice #7\n");
    let body = file_uploads::types::CreateMultipartFormdataRequest {
        order_id: Some(7),
        user_id: Some(3),
        document_file: Some(Upload::path(&document)),
    };
    client.multipart_form_data().create_multipart_formdata(Some(&body)).await.unwrap();
    let several = file_uploads::types::UpdateMultipartFormdataRequest {
        filename: vec![Upload::path(&document), Upload::bytes("second")],
    };
    client.multipart_form_data().update_multipart_formdata(Some(&several)).await.unwrap();
    client.image_png().create(Upload::bytes(&b"\x89PNG\r\n"[..])).await.unwrap();
    let file_only = file_uploads::types::CreateMultipartFormdataRequest {
        order_id: None,
        user_id: None,
        document_file: Some(Upload::path(&document)),
    };
    client.multipart_form_data().create_multipart_formdata(Some(&file_only)).await.unwrap();
    let requests = server.requests();
    let file_name = document.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        parts(&requests[0]).await,
        [
            part("orderId", None, None, b"7"),
            part("userId", None, None, b"3"),
            part("documentFile", Some(&file_name), Some("application/octet-stream"), b"invoice #7\n"),
        ]
    );
    assert_eq!(
        parts(&requests[1]).await,
        [
            part("filename", Some(&file_name), Some("application/octet-stream"), b"invoice #7\n"),
            part("filename", Some("filename"), Some("application/octet-stream"), b"second"),
        ]
    );
    assert_eq!(requests[2].header("content-type"), Some("image/png"));
    for request in &requests[1..] {
        let verdict = openapi_core_verdict(&spec, request);
        assert_eq!(verdict["valid"], true, "{} {}: {verdict}", request.method, request.target);
    }
    // With the integer parts, openapi-core's one objection is its own limitation: it does not
    // cast text parts to the property's type (OpenAPI sends primitives as text/plain parts).
    // Prism accepts this request in the conformance subset (CONFORMANCE.md, file-uploads.json).
    let verdict = openapi_core_verdict(&spec, &requests[0]);
    let message = verdict["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("'7' is not of type 'integer'") && message.contains("'3' is not of type 'integer'"),
        "{verdict}"
    );
    std::fs::remove_file(&document).unwrap();
}

/// JSON records (issue 26): NDJSON split mid-record across chunks, with a record that does not
/// decode (reported, the stream goes on) and no newline after the last; then a JSON text
/// sequence. The `Accept` header asks for the documented media type.
#[tokio::test]
async fn json_records_arrive_one_by_one() {
    let ndjson = Reply::Stream {
        status: 200,
        headers: vec![("content-type".into(), "application/x-ndjson".into())],
        chunks: pieces(&["{\"id\":1,\"name\":\"Ada\"}\n{\"id\":", "2}\r\n\n{\"name\":\"no id\"}\n", "{\"id\":3}"]),
        hold: false,
    };
    let seq = Reply::Stream {
        status: 200,
        headers: vec![("content-type".into(), "application/json-seq".into())],
        chunks: pieces(&["\u{1e}{\"id\":7}\n\u{1e}{\"i", "d\":8}\n"]),
        hold: false,
    };
    let server = RecordingServer::start(vec![ndjson, seq]).await;
    let client = client(&server, Duration::from_secs(30));
    let mut records = client.export_users().await.expect("the stream opens");
    let mut ids = Vec::new();
    let mut errors = Vec::new();
    while let Some(record) = records.next_record().await {
        match record {
            Ok(user) => ids.push(user.id),
            Err(err) => errors.push(err.to_string()),
        }
    }
    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("record 2 does not decode"), "{errors:?}");
    use clientgen_runtime::StreamExt as _;
    let users: Vec<i64> = client.export_users_seq().await.unwrap().map(|r| r.unwrap().id).collect().await;
    assert_eq!(users, [7, 8]);
    let accept = |request: &Recorded| {
        request.headers.iter().find(|(name, _)| name.eq_ignore_ascii_case("accept")).map(|(_, v)| v.clone())
    };
    let sent = server.requests();
    assert_eq!(accept(&sent[0]).as_deref(), Some("application/x-ndjson"));
    assert_eq!(accept(&sent[1]).as_deref(), Some("application/json-seq"));
}

/// A JSON Lines producer that drops the connection mid-stream, three ways (issue 26). JSON Lines
/// has no resumption standard (no `Last-Event-ID`), so nothing reconnects: every record sent
/// whole arrives, then the cut is an error item, never a silently shorter stream, and the stream
/// ends. Closed mid-record: the cut record is a `Decode` error. The body ends before its declared
/// length: a transport error. The connection stalls: the idle timeout.
#[tokio::test]
async fn json_records_cut_mid_stream_end_with_an_error() {
    let records = |chunks: &[&str], extra: Option<(&str, &str)>, hold: bool| {
        let mut headers = vec![("content-type".to_owned(), "application/x-ndjson".to_owned())];
        headers.extend(extra.map(|(n, v)| (n.to_owned(), v.to_owned())));
        Reply::Stream { status: 200, headers, chunks: pieces(chunks), hold }
    };
    let server = RecordingServer::start(vec![
        records(&["{\"id\":1}\n{\"id\":2}\n", "{\"id\":3,\"na"], None, false),
        records(&["{\"id\":1}\n{\"id\":2}\n"], Some(("content-length", "100000")), false),
        records(&["{\"id\":1}\n{\"id\":2}\n"], None, true),
    ])
    .await;
    let client = client(&server, Duration::from_millis(400));
    let mut outcomes = Vec::new();
    for _ in 0..3 {
        let mut stream = client.export_users().await.expect("the stream opens");
        let mut ids = Vec::new();
        let mut errors = Vec::new();
        let drained = tokio::time::timeout(Duration::from_secs(10), async {
            while let Some(record) = stream.next_record().await {
                match record {
                    Ok(user) => ids.push(user.id),
                    Err(err) => errors.push(err),
                }
            }
        });
        drained.await.expect("a cut stream ends");
        assert_eq!(ids, [1, 2], "every whole record arrives");
        assert_eq!(errors.len(), 1, "{errors:?}");
        outcomes.push(errors.remove(0));
    }
    assert!(
        matches!(&outcomes[0], streams::LineError::Decode { index: 2, record, .. } if record == "{\"id\":3,\"na"),
        "{:?}",
        outcomes[0]
    );
    assert!(matches!(&outcomes[1], streams::LineError::Stream(StreamError::Transport(_))), "{:?}", outcomes[1]);
    assert!(
        matches!(&outcomes[2], streams::LineError::Stream(StreamError::Idle(after)) if *after == Duration::from_millis(400)),
        "{:?}",
        outcomes[2]
    );
}

/// An operation answering JSON or JSON records (Ollama's `generate`) gets `…_stream` for the
/// records, which asks for them and sends `stream: true` whatever the body says.
#[tokio::test]
async fn json_or_records_negotiates_like_event_streams() {
    let records = Reply::Stream {
        status: 200,
        headers: vec![("content-type".into(), "application/x-ndjson".into())],
        chunks: pieces(&["{\"response\":\"Hel\",\"done\":false}\n", "{\"response\":\"lo\",\"done\":true}\n"]),
        hold: false,
    };
    let whole = Reply::json(200, r#"{"response": "Hello", "done": true}"#);
    let server = RecordingServer::start(vec![records, whole]).await;
    let client = client(&server, Duration::from_secs(30));
    let request = streams::types::GenerateRequest::new("hi").stream(false);
    let mut chunks = client.generate_stream(&request).await.expect("the stream opens");
    let mut text = String::new();
    while let Some(chunk) = chunks.next_record().await {
        text.push_str(&chunk.unwrap().response);
    }
    assert_eq!(text, "Hello");
    assert_eq!(client.generate(&request).await.unwrap().response, "Hello");
    let sent = server.requests();
    let body = |i: usize| serde_json::from_slice::<serde_json::Value>(&sent[i].body).unwrap();
    assert_eq!(body(0)["stream"], true, "the records form asks for them");
    assert_eq!(body(1)["stream"], false, "the plain form sends the body as set");
    let accept =
        |i: usize| sent[i].headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("accept")).map(|(_, v)| v.clone());
    assert_eq!(accept(0).as_deref(), Some("application/x-ndjson"));
    assert_eq!(accept(1).as_deref(), Some("application/json"));
}

fn chunk(content: &str) -> String {
    format!("data: {{\"id\":\"c1\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{content}\"}}}}]}}\n\n")
}

/// A producer that drops the connection three times mid-stream, each time differently, and
/// answers each reconnection from the `Last-Event-ID` it carries.
fn dropping_producer(request: &Recorded) -> Reply {
    let event_stream = |chunks: Vec<String>, extra: Vec<(String, String)>, hold: bool| {
        let mut headers = vec![("content-type".to_owned(), "text/event-stream".to_owned())];
        headers.extend(extra);
        Reply::Stream {
            status: 200,
            headers,
            chunks: pieces(&chunks.iter().map(String::as_str).collect::<Vec<_>>()),
            hold,
        }
    };
    match request.header("last-event-id") {
        // Closed in the middle of an event.
        None => {
            event_stream(vec![format!("id: 1\n{}", chunk("a")), "data: {\"id\":\"c1\",\"cho".into()], vec![], false)
        }
        // The body ends before the length it declared: a transport error mid-stream. The
        // server asks for 20 ms before the next attempt.
        Some("1") => event_stream(
            vec![format!("retry: 20\nid: 2\n{}", chunk("b"))],
            vec![("content-length".into(), "100000".into())],
            false,
        ),
        // Closed mid-line.
        Some("2") => event_stream(vec![format!("id: 3\n{}", chunk("c")), "da".into()], vec![], false),
        Some(_) => event_stream(vec![chunk("d"), "data: [DONE]\n\n".into()], vec![], true),
    }
}

/// An event stream that reconnects (asked for by the call) picks up where each dropped
/// connection left off, sending `Last-Event-ID`, and says how often it reconnected.
#[tokio::test]
async fn event_stream_reconnects_after_three_drops() {
    let producer = recording::Responder(std::sync::Arc::new(dropping_producer));
    let server = RecordingServer::start(vec![Reply::Dynamic(producer)]).await;
    let client = client(&server, Duration::from_secs(30));
    let policy = streams::Reconnect::new().delays(Duration::from_millis(10), Duration::from_millis(100));
    let run = async {
        let mut events = client.chat().create_completion_stream(&chat_request()).reconnect(policy).await.unwrap();
        let mut text = String::new();
        while let Some(event) = events.next_event().await {
            text.push_str(event.unwrap().data.choices[0].delta.content.as_deref().unwrap_or_default());
        }
        (text, events.reconnects())
    };
    let (text, reconnects) =
        tokio::time::timeout(Duration::from_secs(10), run).await.expect("the stream ends at [DONE]");
    assert_eq!(text, "abcd", "no event lost or repeated");
    assert_eq!(reconnects, 3);
    let requests = server.requests();
    let ids: Vec<Option<&str>> = requests.iter().map(|r| r.header("last-event-id")).collect();
    assert_eq!(ids, [None, Some("1"), Some("2"), Some("3")]);
    assert!(requests.iter().all(|r| r.body_text().contains(r#""stream":true"#)), "each attempt is the same request");
}

/// Without a policy a dropped stream just ends; with the client's policy, a reconnection
/// answered with an error status or another media type ends the stream with
/// `EventError::Reconnect` and is not tried again; and reconnections stop at the policy's bound.
#[tokio::test]
async fn event_stream_reconnects_only_to_an_event_stream_and_within_bounds() {
    let dropped = || sse(pieces(&[&chunk("a"), "data: {\"cut"]), false);
    let server = RecordingServer::start(vec![dropped(), Reply::json(200, "{}")]).await;
    let plain = client(&server, Duration::from_secs(30));
    let mut events = plain.chat().create_completion_stream(&chat_request()).await.unwrap();
    assert!(events.next_event().await.unwrap().is_ok());
    assert!(events.next_event().await.is_none(), "no policy: the stream ends where the connection did");
    assert_eq!(server.requests().len(), 1);

    for (answer, status) in [(Reply::json(400, r#"{"message":"gone"}"#), 400), (Reply::json(200, "{}"), 200)] {
        let server = RecordingServer::start(vec![dropped(), answer]).await;
        let client = streams::Client::builder()
            .base_url(&server.base_url)
            .reconnect(streams::Reconnect::new().delays(Duration::from_millis(5), Duration::from_millis(5)))
            .build()
            .unwrap();
        let mut events = client.chat().create_completion_stream(&chat_request()).await.unwrap();
        assert!(events.next_event().await.unwrap().is_ok());
        match events.next_event().await {
            Some(Err(EventError::Reconnect { status: Some(got), .. })) => assert_eq!(got, status),
            other => panic!("expected a failed reconnection, got {other:?}"),
        }
        assert!(events.next_event().await.is_none());
        assert_eq!(server.requests().len(), 2, "not tried again");
    }

    let server = RecordingServer::start(vec![dropped()]).await;
    let client = client(&server, Duration::from_secs(30));
    let policy = streams::Reconnect::new().max_reconnects(2).delays(Duration::from_millis(5), Duration::from_millis(5));
    let mut events = client.chat().create_completion_stream(&chat_request()).reconnect(policy).await.unwrap();
    let mut received = 0;
    while let Some(event) = events.next_event().await {
        event.unwrap();
        received += 1;
    }
    assert_eq!((received, events.reconnects(), server.requests().len()), (3, 2, 3));
}
