//! Typed line streams: newline-delimited JSON (`application/x-ndjson`, `application/jsonl`)
//! and JSON text sequences (`application/json-seq`, RFC 7464), decoded record by record as
//! the body arrives. Memory stays bounded by the largest record, whatever the body's size.

use crate::stream::{ByteStream, StreamError};
use bytes::{Buf, BytesMut};
use futures_util::Stream;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The largest record a line stream accepts (16 MiB); a longer one ends the stream with
/// [`LineError::TooLarge`].
pub const MAX_RECORD_BYTES: usize = 16 * 1024 * 1024;

/// How records are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// One JSON text per line (`\n`, or `\r\n`); blank lines are skipped (NDJSON, JSON Lines).
    Newline,
    /// Each JSON text after an ASCII record separator (`0x1E`), as RFC 7464 writes them.
    RecordSeparator,
}

/// Why a line stream yielded an error instead of a record.
#[derive(Debug, thiserror::Error)]
pub enum LineError {
    /// A record does not decode as the documented type. The stream goes on with the next one.
    #[error("record {index} does not decode: {message}")]
    Decode {
        /// The record's position in the stream, from 0 (blank lines not counted).
        index: u64,
        /// The record as received (lossily as UTF-8).
        record: String,
        /// What was wrong.
        message: String,
    },
    /// A record grew past [`MAX_RECORD_BYTES`]; the stream ends.
    #[error("a record is larger than {MAX_RECORD_BYTES} bytes")]
    TooLarge,
    /// The connection failed or stalled; the stream ends.
    #[error(transparent)]
    Stream(#[from] StreamError),
}

/// A response body of JSON records (NDJSON, JSON Lines, JSON text sequences) as a [`Stream`] of
/// `T`, each decoded as it arrives. A record that does not decode is a [`LineError::Decode`]
/// and the stream goes on; a last record without its closing newline still counts.
pub struct JsonLines<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: Option<ByteStream>,
    framing: Framing,
    buffer: BytesMut,
    /// How far `buffer` was searched for a separator.
    scanned: usize,
    index: u64,
    item: PhantomData<fn() -> T>,
}

impl<T> JsonLines<T> {
    /// The records of `body`, separated as `framing` says.
    pub fn new(body: ByteStream, framing: Framing) -> JsonLines<T> {
        JsonLines {
            status: body.status(),
            headers: body.headers().clone(),
            body: Some(body),
            framing,
            buffer: BytesMut::new(),
            scanned: 0,
            index: 0,
            item: PhantomData,
        }
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The next record, or `None` at the end of the body.
    pub async fn next_record(&mut self) -> Option<Result<T, LineError>>
    where
        T: DeserializeOwned,
    {
        futures_util::StreamExt::next(self).await
    }

    fn separator(&self) -> u8 {
        match self.framing {
            Framing::Newline => b'\n',
            Framing::RecordSeparator => 0x1E,
        }
    }

    /// The next complete record in the buffer (`at_end`: the body is over, so what is left is
    /// one), skipping blank ones.
    fn take_record(&mut self, at_end: bool) -> Option<BytesMut> {
        loop {
            let separator = self.separator();
            self.scanned = self.scanned.min(self.buffer.len());
            let found = self.buffer[self.scanned..].iter().position(|&b| b == separator);
            let mut record = match found {
                Some(offset) => {
                    let record = self.buffer.split_to(self.scanned + offset);
                    self.buffer.advance(1);
                    record
                }
                None if at_end && !self.buffer.is_empty() => self.buffer.split(),
                None => {
                    self.scanned = self.buffer.len();
                    return None;
                }
            };
            self.scanned = 0;
            trim(&mut record);
            if !record.is_empty() {
                return Some(record);
            }
        }
    }

    fn decode(&mut self, record: &[u8]) -> Result<T, LineError>
    where
        T: DeserializeOwned,
    {
        let index = self.index;
        self.index += 1;
        serde_json::from_slice(record).map_err(|err| LineError::Decode {
            index,
            record: String::from_utf8_lossy(record).into_owned(),
            message: err.to_string(),
        })
    }
}

/// Leading and trailing whitespace off (a `\r` before `\n`, RFC 7464's trailing newline).
fn trim(record: &mut BytesMut) {
    let end = record.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |i| i + 1);
    record.truncate(end);
    let start = record.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(record.len());
    record.advance(start);
}

impl<T: DeserializeOwned> Stream for JsonLines<T> {
    type Item = Result<T, LineError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(record) = this.take_record(false) {
                return Poll::Ready(Some(this.checked(&record)));
            }
            if this.buffer.len() > MAX_RECORD_BYTES {
                return Poll::Ready(Some(this.too_large()));
            }
            let Some(body) = this.body.as_mut() else {
                return Poll::Ready(this.take_record(true).map(|record| this.checked(&record)));
            };
            match Pin::new(body).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => this.body = None,
                Poll::Ready(Some(Err(err))) => {
                    this.body = None;
                    this.buffer = BytesMut::new();
                    this.scanned = 0;
                    return Poll::Ready(Some(Err(LineError::Stream(err))));
                }
                Poll::Ready(Some(Ok(chunk))) => this.buffer.extend_from_slice(&chunk),
            }
        }
    }
}

impl<T: DeserializeOwned> JsonLines<T> {
    /// A record decoded, or the end of the stream when it is too large.
    fn checked(&mut self, record: &[u8]) -> Result<T, LineError> {
        if record.len() > MAX_RECORD_BYTES {
            return self.too_large();
        }
        self.decode(record)
    }

    fn too_large(&mut self) -> Result<T, LineError> {
        self.body = None;
        self.buffer = BytesMut::new();
        self.scanned = 0;
        Err(LineError::TooLarge)
    }
}

impl<T> fmt::Debug for JsonLines<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonLines")
            .field("status", &self.status)
            .field("framing", &self.framing)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    fn lines(chunks: &[&[u8]], framing: Framing) -> JsonLines<serde_json::Value> {
        let chunks: Vec<bytes::Bytes> = chunks.iter().map(|c| bytes::Bytes::copy_from_slice(c)).collect();
        JsonLines::new(ByteStream::from_chunks(StatusCode::OK, HeaderMap::new(), chunks), framing)
    }

    async fn collect(stream: JsonLines<serde_json::Value>) -> Vec<Result<serde_json::Value, String>> {
        stream.map(|r| r.map_err(|e| e.to_string())).collect().await
    }

    #[tokio::test]
    async fn records_split_across_chunks_and_lines() {
        let got = collect(lines(&[b"{\"a\":", b"1}\r\n\n  {\"a\":2}\n{\"a\"", b":3}"], Framing::Newline)).await;
        let want: Vec<Result<serde_json::Value, String>> =
            vec![Ok(serde_json::json!({"a": 1})), Ok(serde_json::json!({"a": 2})), Ok(serde_json::json!({"a": 3}))];
        assert_eq!(got, want);
    }

    #[tokio::test]
    async fn a_bad_record_is_an_error_and_the_stream_goes_on() {
        let got = collect(lines(&[b"1\nnot json\n3\n"], Framing::Newline)).await;
        assert_eq!(got[0], Ok(serde_json::json!(1)));
        assert!(got[1].as_ref().unwrap_err().starts_with("record 1 does not decode"), "{got:?}");
        assert_eq!(got[2], Ok(serde_json::json!(3)));
    }

    #[tokio::test]
    async fn json_text_sequences_are_split_at_record_separators() {
        let got = collect(lines(&[b"\x1e{\"a\":1}\n\x1e[1,", b"2]\n\x1e\"x\"\n"], Framing::RecordSeparator)).await;
        let want: Vec<Result<serde_json::Value, String>> =
            vec![Ok(serde_json::json!({"a": 1})), Ok(serde_json::json!([1, 2])), Ok(serde_json::json!("x"))];
        assert_eq!(got, want);
    }

    #[tokio::test]
    async fn a_record_past_the_limit_ends_the_stream() {
        let big = vec![b'1'; MAX_RECORD_BYTES + 2];
        let got = collect(lines(&[b"1\n", &big], Framing::Newline)).await;
        assert_eq!(got.len(), 2, "{:?}", got.iter().map(|r| r.as_ref().map_err(|e| e.len())).collect::<Vec<_>>());
        assert!(got[1].as_ref().unwrap_err().contains("larger than"));
    }
}
