use crate::error::{ApiError, DecodeError, Error};
use crate::sse::{decode_json, decode_text, EventStream};
use crate::stream::ByteStream;
use bytes::{Bytes, BytesMut};
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use std::time::Duration;

/// A response: status, headers and the body, read whole before decoding except for a success
/// of an operation whose body is streamed ([`Response::byte_stream`], [`Response::events`]).
#[derive(Debug)]
pub struct Response {
    status: StatusCode,
    headers: HeaderMap,
    /// The URL that answered (after any redirects followed); empty for a response built by hand.
    url: String,
    body: Bytes,
    /// Why the body is incomplete, if the connection broke while reading it.
    truncated: Option<String>,
    /// The unread body of a streamed success, and the longest wait for each read of it.
    unread: Option<(reqwest::Response, Duration)>,
    /// How to send the request again, for an event stream that reconnects.
    pub(crate) resend: Option<crate::sse::Resend>,
}

impl Response {
    pub(crate) async fn read(mut response: reqwest::Response) -> Result<Response, reqwest::Error> {
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let url = response.url().to_string();
        let mut body = BytesMut::new();
        let mut truncated = None;
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                Ok(None) => break,
                // A timeout while reading is a timeout; anything else is a broken body, kept as far as it came.
                Err(err) if err.is_timeout() => return Err(err),
                Err(err) => {
                    truncated = Some(format!("the body ended early: {err}"));
                    break;
                }
            }
        }
        Ok(Response { status, headers, url, body: body.freeze(), truncated, unread: None, resend: None })
    }

    /// A response whose body is left unread, to be streamed.
    pub(crate) fn streaming(mut response: reqwest::Response, idle: Duration) -> Response {
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let url = response.url().to_string();
        Response {
            status,
            headers,
            url,
            body: Bytes::new(),
            truncated: None,
            unread: Some((response, idle)),
            resend: None,
        }
    }

    /// A response from its parts, for tests of code that handles responses (the generated
    /// decoding, a mock transport).
    pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Response {
        Response { status, headers, url: String::new(), body, truncated: None, unread: None, resend: None }
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The URL that answered: the request's, or where the redirects it followed led.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    fn decode_error<E>(self, message: String) -> Error<E> {
        Error::Decode(Box::new(DecodeError { status: self.status, headers: self.headers, body: self.body, message }))
    }

    /// Decodes a JSON body into `T`.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        if let Some(reason) = self.truncated.clone() {
            return Err(self.decode_error(reason));
        }
        // 204, 205 and 304 responses have no content (RFC 9110 §15.3.5, §15.3.6, §15.4.5), even
        // where a spec documents one for them: they decode as JSON `null` (an untyped or optional
        // body), or say why not.
        if self.body.is_empty() && matches!(self.status.as_u16(), 204 | 205 | 304) {
            return serde_json::from_str("null").map_err(|_| {
                let status = self.status;
                self.decode_error(format!("a {status} response has no content, and the documented type needs some"))
            });
        }
        match serde_json::from_slice(&self.body) {
            Ok(value) => Ok(value),
            Err(err) => {
                let message = if self.body.is_empty() {
                    "expected a JSON body, got an empty one".to_owned()
                } else {
                    format!("invalid JSON for the documented type: {err}")
                };
                Err(self.decode_error(message))
            }
        }
    }

    /// Decodes a JSON body into `T`, or `None` when the body is empty (an operation that
    /// documents a success without a body, such as 204, beside one with a body).
    pub fn json_or_empty<T: DeserializeOwned, E>(self) -> Result<Option<T>, Error<E>> {
        if self.truncated.is_none() && self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        self.json().map(Some)
    }

    /// A success without a documented body: whatever came is ignored.
    pub fn empty<E>(self) -> Result<(), Error<E>> {
        Ok(())
    }

    /// The body as text.
    pub fn text<E>(self) -> Result<String, Error<E>> {
        if let Some(reason) = self.truncated.clone() {
            return Err(self.decode_error(reason));
        }
        match String::from_utf8(self.body.to_vec()) {
            Ok(text) => Ok(text),
            Err(err) => Err(self.decode_error(format!("the body is not UTF-8: {err}"))),
        }
    }

    /// The body as bytes.
    pub fn bytes<E>(self) -> Result<Bytes, Error<E>> {
        if let Some(reason) = self.truncated.clone() {
            return Err(self.decode_error(reason));
        }
        Ok(self.body)
    }

    /// The body as a stream of chunks, read as it arrives (binary downloads).
    pub fn byte_stream<E>(self) -> Result<ByteStream, Error<E>> {
        if let Some(reason) = self.truncated.clone() {
            return Err(self.decode_error(reason));
        }
        Ok(match self.unread {
            Some((response, idle)) => ByteStream::from_response(self.status, self.headers, response, idle),
            None => ByteStream::from_bytes(self.status, self.headers, self.body),
        })
    }

    /// The body as server-sent events whose data is JSON decoded into `T`; the data `[DONE]`
    /// ends the stream (see [`EventStream`]).
    pub fn events<T: DeserializeOwned, E>(mut self) -> Result<EventStream<T>, Error<E>> {
        let resend = self.resend.take();
        Ok(EventStream::new(self.byte_stream()?, decode_json::<T>, Some("[DONE]"), resend))
    }

    /// The body as newline-delimited JSON records (NDJSON, JSON Lines) decoded into `T` as
    /// they arrive (see [`JsonLines`](crate::JsonLines)).
    pub fn json_lines<T: DeserializeOwned, E>(self) -> Result<crate::JsonLines<T>, Error<E>> {
        Ok(crate::JsonLines::new(self.byte_stream()?, crate::lines::Framing::Newline))
    }

    /// The body as a JSON text sequence (RFC 7464, `application/json-seq`) of records decoded
    /// into `T` as they arrive.
    pub fn json_seq<T: DeserializeOwned, E>(self) -> Result<crate::JsonLines<T>, Error<E>> {
        Ok(crate::JsonLines::new(self.byte_stream()?, crate::lines::Framing::RecordSeparator))
    }

    /// A `multipart/mixed` body whose parts each decode into `T` (OpenAPI 3.2's `itemSchema`):
    /// a JSON part as JSON, any other part's text as a JSON string.
    pub fn json_parts<T: DeserializeOwned, E>(self) -> Result<Vec<T>, Error<E>> {
        if let Some(reason) = self.truncated.clone() {
            return Err(self.decode_error(reason));
        }
        let content_type = self.headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let Some(boundary) = crate::parts::boundary(content_type) else {
            let message = format!("expected a multipart body with a boundary, got Content-Type `{content_type}`");
            return Err(self.decode_error(message));
        };
        let decoded: Result<Vec<T>, String> = match crate::parts::split(&self.body, &boundary) {
            Ok(parts) => parts.iter().enumerate().map(|(index, part)| decode_part(part, index)).collect(),
            Err(message) => Err(message),
        };
        decoded.map_err(|message| self.decode_error(message))
    }

    /// The body as server-sent events whose data is kept as text.
    pub fn text_events<E>(mut self) -> Result<EventStream<String>, Error<E>> {
        let resend = self.resend.take();
        Ok(EventStream::new(self.byte_stream()?, decode_text, None, resend))
    }

    /// A documented error status without a documented body.
    pub fn error<E>(self, details: E) -> Error<E> {
        Error::Api(Box::new(ApiError {
            status: self.status,
            headers: self.headers,
            body: self.body,
            details: Some(details),
            body_problem: None,
        }))
    }

    /// A documented error status whose JSON body decodes into `T`. A body that does not (a
    /// gateway's HTML page) is still an [`Error::Api`], without details, the problem kept.
    pub fn error_json<T: DeserializeOwned, E>(self, details: fn(T) -> E) -> Error<E> {
        match serde_json::from_slice::<T>(&self.body) {
            Ok(body) if self.truncated.is_none() => self.error(details(body)),
            Ok(_) => {
                let reason = self.truncated.clone().unwrap_or_default();
                self.undecoded(reason)
            }
            Err(err) => self.undecoded(format!("invalid JSON for the documented error body: {err}")),
        }
    }

    /// A status the operation does not document.
    pub fn unexpected<E>(self) -> Error<E> {
        self.api_error(None)
    }

    fn undecoded<E>(self, problem: String) -> Error<E> {
        self.api_error(Some(problem))
    }

    fn api_error<E>(self, body_problem: Option<String>) -> Error<E> {
        Error::Api(Box::new(ApiError {
            status: self.status,
            headers: self.headers,
            body: self.body,
            details: None,
            body_problem,
        }))
    }
}

/// One part of a multipart body as `T`: JSON when the part says so (or says nothing), else its
/// text as a JSON string.
fn decode_part<T: DeserializeOwned>(part: &crate::parts::Part<'_>, index: usize) -> Result<T, String> {
    let media = part.headers.iter().find(|(name, _)| name == "content-type").map(|(_, value)| value.as_str());
    let essence = media.unwrap_or("application/json").split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let is_json = essence == "application/json" || essence.ends_with("+json");
    let decoded = if is_json {
        serde_json::from_slice(part.body)
    } else {
        let text = String::from_utf8_lossy(part.body).into_owned();
        serde_json::from_value(serde_json::Value::String(text))
    };
    decoded.map_err(|err| format!("part {} (`{essence}`) is not the documented item: {err}", index + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty(status: u16) -> Response {
        Response::new(StatusCode::from_u16(status).unwrap(), HeaderMap::new(), Bytes::new())
    }

    /// A spec may document a body for 204 (the OpenAPI feature samples' `GET /example` does);
    /// none comes, and an untyped or optional body decodes as absent.
    #[test]
    fn a_response_that_cannot_have_content_decodes_as_null() {
        let value: serde_json::Value = empty(204).json::<_, ()>().unwrap();
        assert_eq!(value, serde_json::Value::Null);
        let optional: Option<Vec<u8>> = empty(205).json::<_, ()>().unwrap();
        assert_eq!(optional, None);
        let typed = empty(204).json::<Vec<u8>, ()>().unwrap_err().to_string();
        assert!(typed.contains("has no content"), "{typed}");
        let other = empty(200).json::<serde_json::Value, ()>().unwrap_err().to_string();
        assert!(other.contains("got an empty one"), "{other}");
    }

    /// A gateway's HTML page on a status documented with a JSON error body is an API error
    /// without details (never a decode error), its body and the problem kept.
    #[test]
    fn an_undecodable_error_body_is_an_api_error() {
        #[derive(Debug, serde::Deserialize)]
        struct Documented {
            #[allow(dead_code)]
            message: String,
        }
        let page = Bytes::from_static(b"<html><body>502 Bad Gateway</body></html>");
        let response = Response::new(StatusCode::BAD_GATEWAY, HeaderMap::new(), page.clone());
        let Error::Api(error) = response.error_json::<Documented, Documented>(|d| d) else {
            panic!("not an API error");
        };
        assert_eq!(error.status, StatusCode::BAD_GATEWAY);
        assert!(error.details.is_none());
        assert_eq!(error.body, page);
        let problem = error.body_problem.as_deref().unwrap_or_default();
        assert!(problem.contains("invalid JSON for the documented error body"), "{problem}");
        assert!(error.to_string().contains("not the documented one"), "{error}");
    }

    /// Integers without a format whose documented values lie beyond `i64` are `i128` fields
    /// (the generator's `documents_beyond_i64`): such a body decodes, at both ends of the range.
    #[test]
    fn integers_beyond_i64_decode_as_i128() {
        let body = Bytes::from_static(b"[9223372036854776000, -9223372036854775808, 18446744073709551615]");
        let response = Response::new(StatusCode::OK, HeaderMap::new(), body);
        let values: Vec<i128> = response.json::<_, ()>().unwrap();
        assert_eq!(values, [9_223_372_036_854_776_000, i64::MIN as i128, u64::MAX as i128]);
    }
}
