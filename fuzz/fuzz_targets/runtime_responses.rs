//! The runtime's response handling on arbitrary status, headers and body bytes: decoding into
//! generated types (structs, unions, enums, Patch fields) and error variants, the `Retry-After`
//! and `Link` parsers, and the request-side encoders (form bodies with every encoding, path segments,
//! header text, multipart fields) on arbitrary JSON values, and `multipart/mixed` parts. Nothing may panic. The event-stream
//! parser must also frame the same events, and the JSON-records reader the same records, however
//! the bytes are split into chunks.
#![no_main]

use arbitrary::Arbitrary;
use bytes::Bytes;
use clientgen_runtime::{FormField, ParamStyle, Response};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    decoder: u8,
    style: u8,
}

fn response(input: &Input) -> Response {
    let status = http::StatusCode::from_u16(input.status).unwrap_or(http::StatusCode::OK);
    let mut headers = http::HeaderMap::new();
    for (name, value) in &input.headers {
        if let (Ok(name), Ok(value)) =
            (http::HeaderName::from_bytes(name.as_bytes()), http::HeaderValue::from_bytes(value.as_bytes()))
        {
            headers.append(name, value);
        }
    }
    Response::new(status, headers, Bytes::from(input.body.clone()))
}

fuzz_target!(|input: Input| {
    let _ = clientgen_runtime::retry_after(response(&input).headers());
    let _ = clientgen_runtime::links(response(&input).headers());
    match input.decoder % 11 {
        10 => {
            // A multipart/mixed body's parts (OpenAPI 3.2's `itemSchema`), any boundary.
            let boundary = ["b", "--", "x y", ""][usize::from(input.style % 4)];
            let plain = response(&input);
            let mut headers = plain.headers().clone();
            let header = format!("multipart/mixed; boundary=\"{boundary}\"");
            headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_str(&header).expect("a valid value"));
            let typed = || Response::new(plain.status(), headers.clone(), plain.body().clone());
            drop(typed().json_parts::<String, ()>());
            drop(typed().json_parts::<serde_json::Value, ()>());
        }
        9 => json_lines_chunking(&input.body, input.style),
        7 => event_stream_chunking(&input.body, input.style),
        8 => {
            let Ok(value) = serde_json::from_slice::<serde_json::Value>(&input.body) else { return };
            let mut form = clientgen_runtime::Multipart::new();
            let _ = form.field("f", &value, None);
            let _ = form.field("g", &value, Some("text/csv"));
        }
        0 => drop(response(&input).json::<commbox::types::UpdateUserRequest, ()>()),
        1 => drop(response(&input).json::<nuweb::types::UpdateCustomerResponse, ()>()),
        2 => drop(response(&input).json_or_empty::<nuweb::types::UpdateCompanyUserRequest, ()>()),
        3 => drop(response(&input).error(commbox::types::UpdateUserError::BadRequest)),
        4 => drop(response(&input).text::<()>()),
        5 => drop(response(&input).unexpected::<()>()),
        _ => {
            // Request-side encoders on whatever JSON the bytes hold.
            let Ok(value) = serde_json::from_slice::<serde_json::Value>(&input.body) else { return };
            let style = match input.style % 5 {
                0 => ParamStyle::Form { explode: true },
                1 => ParamStyle::Form { explode: false },
                2 => ParamStyle::SpaceDelimited,
                3 => ParamStyle::PipeDelimited,
                _ => ParamStyle::DeepObject,
            };
            let fields: Vec<FormField> = ["a", "b", "c", "d"]
                .iter()
                .map(|name| {
                    let field = FormField::styled(name, style);
                    if input.style & 8 != 0 { field.allow_reserved() } else { field }
                })
                .collect();
            let _ = clientgen_runtime::form_body(&value, &fields);
            let _ = clientgen_runtime::path_segment("p", &value);
            let _ = clientgen_runtime::header_text(&value);
        }
    }
});

/// The events of `body` fed whole, and fed in pieces cut at points derived from `seed`, are the
/// same; so is the parser's verdict on an oversized event.
/// JSON records (NDJSON or JSON text sequences) decode the same however the body is split.
fn json_lines_chunking(body: &[u8], seed: u8) {
    use clientgen_runtime::lines::{Framing, JsonLines};
    use clientgen_runtime::ByteStream;
    let framing = if seed % 2 == 0 { Framing::Newline } else { Framing::RecordSeparator };
    let records = |chunks: Vec<Bytes>| -> Vec<Result<serde_json::Value, String>> {
        let body = ByteStream::from_chunks(http::StatusCode::OK, http::HeaderMap::new(), chunks);
        let mut lines = JsonLines::<serde_json::Value>::new(body, framing);
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        let mut out = Vec::new();
        loop {
            match clientgen_runtime::StreamExt::poll_next_unpin(&mut lines, &mut cx) {
                std::task::Poll::Ready(Some(record)) => out.push(record.map_err(|e| e.to_string())),
                std::task::Poll::Ready(None) => return out,
                std::task::Poll::Pending => panic!("a body in memory never waits"),
            }
        }
    };
    let whole = records(vec![Bytes::copy_from_slice(body)]);
    let step = usize::from(seed / 2 % 13) + 1;
    let pieces = records(body.chunks(step).map(Bytes::copy_from_slice).collect());
    assert_eq!(whole, pieces, "chunks of {step} bytes frame other records");
}

fn event_stream_chunking(body: &[u8], seed: u8) {
    use clientgen_runtime::sse::EventParser;
    use std::collections::VecDeque;
    let mut whole = VecDeque::new();
    let whole_ok = EventParser::new().feed(body, &mut whole);
    let step = usize::from(seed % 13) + 1;
    let mut pieces = VecDeque::new();
    let mut parser = EventParser::new();
    let mut pieces_ok = true;
    for chunk in body.chunks(step) {
        pieces_ok &= parser.feed(chunk, &mut pieces);
    }
    assert_eq!(whole_ok, pieces_ok);
    if whole_ok {
        assert_eq!(whole, pieces, "chunks of {step} bytes frame other events");
    }
}
