//! Server-sent events (`text/event-stream`): framing as the WHATWG HTML standard's
//! "interpreting an event stream" defines it, and a typed stream of events over a response.
//!
//! The parser is written here rather than taken from a crate: the two maintained candidates
//! depart from the standard where real servers rely on it (one refuses lines the standard says
//! to ignore and drops the rest of a network chunk after one; the other re-parses a long line
//! once per chunk). It is fuzzed (`fuzz/fuzz_targets/runtime_responses.rs`), including the
//! property that how the bytes are split into chunks never changes the events.

use crate::stream::{ByteStream, StreamError};
use bytes::Bytes;
use futures_core::Stream;
use http::{HeaderMap, StatusCode};
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// Largest event (its data, event type and id together) a stream accepts: 16 MiB. A larger one
/// ends the stream with [`EventError::TooLarge`] instead of growing memory without bound.
pub const MAX_EVENT_BYTES: usize = 16 * 1024 * 1024;

/// One event as framed, before its data is decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEvent {
    /// The event type (`event:`), `message` when the event names none.
    pub event: String,
    /// The data lines (`data:`), joined with `\n`.
    pub data: String,
    /// The last event id the stream set (`id:`), if any.
    pub id: Option<String>,
    /// The reconnection time this event set (`retry:`), if any.
    pub retry: Option<Duration>,
}

/// Splits a byte stream into events, chunk by chunk; how the bytes are split does not matter.
#[derive(Debug, Default)]
pub struct EventParser {
    line: Vec<u8>,
    /// The previous chunk ended with `\r`: a `\n` starting this one belongs to it.
    after_cr: bool,
    started: bool,
    event: String,
    data: String,
    has_data: bool,
    last_id: Option<String>,
    retry: Option<Duration>,
    /// The last `retry:` the stream set, kept across events (the standard's reconnection time).
    reconnection_time: Option<Duration>,
    too_large: bool,
}

impl EventParser {
    /// A parser at the start of a stream.
    pub fn new() -> EventParser {
        EventParser::default()
    }

    /// Feeds the next chunk; complete events are appended to `out`. Returns `false` once an
    /// event grew past [`MAX_EVENT_BYTES`] (the rest of the stream is then ignored).
    pub fn feed(&mut self, mut chunk: &[u8], out: &mut VecDeque<RawEvent>) -> bool {
        if self.too_large {
            return false;
        }
        if self.after_cr && chunk.first() == Some(&b'\n') {
            chunk = &chunk[1..];
        }
        self.after_cr = false;
        while let Some(end) = chunk.iter().position(|b| matches!(b, b'\n' | b'\r')) {
            self.line.extend_from_slice(&chunk[..end]);
            let line = std::mem::take(&mut self.line);
            self.process_line(&line, out);
            if chunk[end] == b'\r' {
                match chunk.get(end + 1) {
                    Some(b'\n') => chunk = &chunk[end + 2..],
                    Some(_) => chunk = &chunk[end + 1..],
                    None => {
                        self.after_cr = true;
                        chunk = &[];
                    }
                }
            } else {
                chunk = &chunk[end + 1..];
            }
        }
        self.line.extend_from_slice(chunk);
        if self.line.len() + self.data.len() + self.event.len() > MAX_EVENT_BYTES {
            self.too_large = true;
            return false;
        }
        true
    }

    /// The last event id the stream set (what a reconnecting client sends as `Last-Event-ID`).
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_id.as_deref()
    }

    /// The reconnection time the stream asked for last (`retry:`), if any.
    pub fn reconnection_time(&self) -> Option<Duration> {
        self.reconnection_time
    }

    /// The connection ended: the event being read (if any) is dropped, as the standard says,
    /// while the last event id and reconnection time stay for the next connection. Returns
    /// whether an event or line was cut short (the connection dropped mid-event).
    pub fn interrupted(&mut self) -> bool {
        let partial = !self.line.is_empty() || self.has_data || !self.event.is_empty();
        self.line.clear();
        self.event.clear();
        self.data.clear();
        self.has_data = false;
        self.retry = None;
        self.after_cr = false;
        partial
    }

    fn process_line(&mut self, mut line: &[u8], out: &mut VecDeque<RawEvent>) {
        if !self.started {
            self.started = true;
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        if line[0] == b':' {
            return; // a comment
        }
        let (field, value) = match line.iter().position(|b| *b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &b""[..]),
        };
        // Lines are split at ASCII bytes, so no UTF-8 sequence straddles two of them; invalid
        // sequences become U+FFFD, as the standard decodes the stream.
        let value = String::from_utf8_lossy(value);
        match field {
            b"event" => self.event = value.into_owned(),
            b"data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(&value);
                self.has_data = true;
            }
            b"id" if !value.contains('\0') => self.last_id = Some(value.into_owned()),
            b"retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse::<u64>().ok().map(Duration::from_millis);
                self.reconnection_time = self.retry.or(self.reconnection_time);
            }
            _ => {} // unknown fields are ignored
        }
    }

    fn dispatch(&mut self, out: &mut VecDeque<RawEvent>) {
        let event = std::mem::take(&mut self.event);
        let retry = self.retry.take();
        if !std::mem::take(&mut self.has_data) {
            return; // an event without data is not dispatched
        }
        out.push_back(RawEvent {
            event: if event.is_empty() { "message".to_owned() } else { event },
            data: std::mem::take(&mut self.data),
            id: self.last_id.clone(),
            retry,
        });
    }
}

/// One event of a typed stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The event type, `message` when the server names none.
    pub event: String,
    /// The data, decoded as the spec documents it.
    pub data: T,
    /// The last event id the stream set, if any (what a reconnecting client sends as
    /// `Last-Event-ID`).
    pub id: Option<String>,
    /// The reconnection time the server asked for with this event, if any.
    pub retry: Option<Duration>,
}

/// Why an event stream yielded an error instead of an event.
#[derive(Debug, thiserror::Error)]
pub enum EventError {
    /// An event's data does not decode as the documented type. The stream goes on with the
    /// next event.
    #[error("the data of a `{event}` event does not decode: {message}")]
    Decode {
        /// The event type.
        event: String,
        /// The data as received.
        data: String,
        /// What was wrong.
        message: String,
    },
    /// An event grew past [`MAX_EVENT_BYTES`]; the stream ends.
    #[error("an event is larger than {MAX_EVENT_BYTES} bytes")]
    TooLarge,
    /// The connection failed or stalled; the stream ends (after the reconnections a
    /// [`Reconnect`] policy allowed, if one was set).
    #[error(transparent)]
    Stream(#[from] StreamError),
    /// Reconnecting failed: the server answered with something other than a `2xx` event stream
    /// (`status` set; not tried again), or could not be reached within the reconnections the
    /// policy allowed. The stream ends.
    #[error("reconnecting the event stream failed: {reason}")]
    Reconnect {
        /// The status the server answered with, if it answered.
        status: Option<StatusCode>,
        /// What went wrong.
        reason: String,
    },
}

/// Reconnection of an event stream whose connection drops, as the server-sent events standard
/// describes it; off unless set per call ([`Call::reconnect`](crate::Call::reconnect)) or for
/// every event stream of a client (its builder's `reconnect`).
///
/// When the connection fails mid-stream (a transport error, or the server closes it in the
/// middle of an event), the request is sent again after the reconnection time the server last
/// asked for (`retry:`), else after a delay that doubles from `initial` to `max` with each
/// failed attempt; it carries `Last-Event-ID` when the stream set an id. A server answering
/// the reconnection with a non-`2xx` status or another media type ends the stream with
/// [`EventError::Reconnect`] and is not asked again. At most `max_reconnects` reconnections are
/// made over the stream's life ([`EventStream::reconnects`] counts them). A request whose body
/// cannot be sent twice (an upload) is not reconnected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reconnect {
    max_reconnects: u32,
    initial: Duration,
    max: Duration,
    after_close: bool,
}

impl Default for Reconnect {
    /// Five reconnections, delays from 1 s doubling up to 30 s, not after a clean close.
    fn default() -> Reconnect {
        Reconnect {
            max_reconnects: 5,
            initial: Duration::from_secs(1),
            max: Duration::from_secs(30),
            after_close: false,
        }
    }
}

impl Reconnect {
    /// The default policy (see [`Reconnect::default`]).
    pub fn new() -> Reconnect {
        Reconnect::default()
    }

    /// At most `count` reconnections over the stream's life.
    pub fn max_reconnects(mut self, count: u32) -> Reconnect {
        self.max_reconnects = count;
        self
    }

    /// The first delay and the longest (the server's `retry:` is held to `max` too).
    pub fn delays(mut self, initial: Duration, max: Duration) -> Reconnect {
        self.initial = initial;
        self.max = max.max(initial);
        self
    }

    /// Also reconnect when the server closes the connection between events (some servers end
    /// every connection after a while and expect the client back); by default such a close
    /// ends the stream.
    pub fn after_close(mut self, reconnect: bool) -> Reconnect {
        self.after_close = reconnect;
        self
    }

    fn delay(&self, failures: u32, asked: Option<Duration>) -> Duration {
        let backoff = self.initial.saturating_mul(2u32.saturating_pow(failures.min(16)));
        asked.unwrap_or(backoff).min(self.max)
    }
}

/// What reconnecting needs: the client, a copy of the request, and the policy.
#[derive(Debug)]
pub(crate) struct Resend {
    pub(crate) client: crate::client::Client,
    pub(crate) request: crate::client::Request,
    pub(crate) policy: Reconnect,
}

type Reconnecting = Pin<Box<dyn Future<Output = Result<crate::Response, String>> + Send>>;

type DecodeData<T> = fn(&str) -> Result<T, String>;

/// A `text/event-stream` response as a [`Stream`] of typed events.
///
/// Each event's data is decoded as the type the spec documents (JSON), or kept as text. The
/// stream ends when the server closes the connection or, for JSON data, at the data
/// `[DONE]` (the convention of chat-completion APIs; it is never valid JSON, so it cannot be a
/// real event): the connection is then closed without waiting for the server. Change the
/// terminator with [`EventStream::terminator`].
pub struct EventStream<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: Option<ByteStream>,
    parser: EventParser,
    ready: VecDeque<RawEvent>,
    decode: DecodeData<T>,
    terminator: Option<String>,
    resend: Option<Resend>,
    reconnecting: Option<Reconnecting>,
    reconnects: u32,
    /// Reconnection attempts in a row that did not get a stream back.
    failures: u32,
}

impl<T> EventStream<T> {
    pub(crate) fn new(
        body: ByteStream,
        decode: DecodeData<T>,
        terminator: Option<&str>,
        resend: Option<Resend>,
    ) -> EventStream<T> {
        EventStream {
            status: body.status(),
            headers: body.headers().clone(),
            body: Some(body),
            parser: EventParser::new(),
            ready: VecDeque::new(),
            decode,
            terminator: terminator.map(str::to_owned),
            resend,
            reconnecting: None,
            reconnects: 0,
            failures: 0,
        }
    }

    /// How many times the stream reconnected (or tried to) under its [`Reconnect`] policy.
    pub fn reconnects(&self) -> u32 {
        self.reconnects
    }

    /// Ends the stream at an event whose data is exactly `data` (`None`: only when the server
    /// closes the connection).
    pub fn terminator(mut self, data: Option<&str>) -> EventStream<T> {
        self.terminator = data.map(str::to_owned);
        self
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The next event, or `None` at the end of the stream.
    pub async fn next_event(&mut self) -> Option<Result<Event<T>, EventError>>
    where
        T: Unpin,
    {
        futures_util::StreamExt::next(self).await
    }

    fn take_ready(&mut self) -> Option<Result<Event<T>, EventError>> {
        let raw = self.ready.pop_front()?;
        if self.terminator.as_deref() == Some(raw.data.as_str()) {
            self.finish();
            return None;
        }
        Some(match (self.decode)(&raw.data) {
            Ok(data) => Ok(Event { event: raw.event, data, id: raw.id, retry: raw.retry }),
            Err(message) => Err(EventError::Decode { event: raw.event, data: raw.data, message }),
        })
    }

    /// Ends the stream and drops the connection.
    fn finish(&mut self) {
        self.body = None;
        self.ready.clear();
        self.resend = None;
        self.reconnecting = None;
    }

    /// Starts a reconnection if the policy allows one more; `false` when it does not.
    fn reconnect(&mut self) -> bool {
        let Some(resend) = &self.resend else { return false };
        let Some(mut request) = resend.request.try_clone() else { return false };
        if self.reconnects >= resend.policy.max_reconnects {
            return false;
        }
        if let Some(id) = self.parser.last_event_id().filter(|id| !id.is_empty()) {
            if let Ok(value) = http::HeaderValue::from_str(id) {
                request.replace_header(http::HeaderName::from_static("last-event-id"), value);
            }
        }
        let delay = resend.policy.delay(self.failures, self.parser.reconnection_time());
        let client = resend.client.clone();
        self.reconnects += 1;
        self.body = None;
        #[cfg(feature = "tracing")]
        tracing::info!(reconnect = self.reconnects, wait_ms = delay.as_millis() as u64, "event stream reconnecting");
        self.reconnecting = Some(Box::pin(async move {
            tokio::time::sleep(delay).await;
            client.send_streaming(request, true).await.map_err(|e| crate::Error::<()>::from(e).to_string())
        }));
        true
    }

    /// The answer to a reconnection: the new connection's body, or why the stream ends.
    fn resumed(&mut self, answer: Result<crate::Response, String>) -> Result<(), EventError> {
        let response = match answer {
            Ok(response) => response,
            Err(reason) => {
                self.failures += 1;
                return if self.reconnect() { Ok(()) } else { Err(EventError::Reconnect { status: None, reason }) };
            }
        };
        let status = response.status();
        let media = response.headers().get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        if !status.is_success() || !media.trim_start().to_ascii_lowercase().starts_with("text/event-stream") {
            let reason = format!("the server answered {status} with `{media}`, not a 2xx text/event-stream");
            return Err(EventError::Reconnect { status: Some(status), reason });
        }
        match response.byte_stream::<()>() {
            Ok(body) => {
                self.failures = 0;
                self.body = Some(body);
                Ok(())
            }
            Err(err) => Err(EventError::Reconnect { status: Some(status), reason: err.to_string() }),
        }
    }

    fn feed(&mut self, chunk: &Bytes) -> bool {
        self.parser.feed(chunk, &mut self.ready)
    }
}

impl<T> Stream for EventStream<T>
where
    T: Unpin,
{
    type Item = Result<Event<T>, EventError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if !this.ready.is_empty() {
                match this.take_ready() {
                    Some(item) => return Poll::Ready(Some(item)),
                    None => return Poll::Ready(None), // the terminator
                }
            }
            if let Some(reconnecting) = this.reconnecting.as_mut() {
                let answer = std::task::ready!(reconnecting.as_mut().poll(cx));
                this.reconnecting = None;
                if let Err(err) = this.resumed(answer) {
                    this.finish();
                    return Poll::Ready(Some(Err(err)));
                }
                continue;
            }
            let Some(body) = this.body.as_mut() else {
                return Poll::Ready(None);
            };
            match Pin::new(body).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => {
                    // An event left without its blank line is dropped; cut short, it means the
                    // connection dropped.
                    let cut = this.parser.interrupted();
                    let again = this.resend.as_ref().is_some_and(|r| cut || r.policy.after_close);
                    if again && this.reconnect() {
                        continue;
                    }
                    this.finish();
                    return Poll::Ready(None);
                }
                Poll::Ready(Some(Err(err))) => {
                    this.parser.interrupted();
                    if this.reconnect() {
                        continue;
                    }
                    this.finish();
                    return Poll::Ready(Some(Err(EventError::Stream(err))));
                }
                Poll::Ready(Some(Ok(chunk))) => {
                    if !this.feed(&chunk) {
                        this.finish();
                        return Poll::Ready(Some(Err(EventError::TooLarge)));
                    }
                }
            }
        }
    }
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").field("status", &self.status).finish_non_exhaustive()
    }
}

pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(data: &str) -> Result<T, String> {
    serde_json::from_str(data).map_err(|e| e.to_string())
}

pub(crate) fn decode_text(data: &str) -> Result<String, String> {
    Ok(data.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(chunks: &[&[u8]]) -> Vec<RawEvent> {
        let mut parser = EventParser::new();
        let mut out = VecDeque::new();
        for chunk in chunks {
            assert!(parser.feed(chunk, &mut out));
        }
        out.into()
    }

    fn event(event: &str, data: &str, id: Option<&str>) -> RawEvent {
        RawEvent { event: event.into(), data: data.into(), id: id.map(Into::into), retry: None }
    }

    #[test]
    fn framing_follows_the_standard() {
        let stream = b"\xEF\xBB\xBF: a comment\ndata: one\ndata:two\n\nevent: ping\r\ndata\rid: 7\r\n\r\nretry: 250\nfoo: ignored\nno colon\ndata:  two spaces\n\nid: bad\0id\nevent: lost\n\ndata: unterminated";
        let events = parse(&[stream]);
        let mut retried = event("message", " two spaces", Some("7"));
        retried.retry = Some(Duration::from_millis(250));
        assert_eq!(events, [event("message", "one\ntwo", None), event("ping", "", Some("7")), retried]);
    }

    #[test]
    fn chunking_does_not_matter() {
        let stream: &[u8] = b"data: a\r\n\r\ndata: b\rdata: c\r\revent: x\ndata: {\"k\": \"\xC3\xA9\"}\n\n";
        let whole = parse(&[stream]);
        assert_eq!(whole.len(), 3);
        for split in 0..stream.len() {
            let (a, b) = stream.split_at(split);
            assert_eq!(parse(&[a, b]), whole, "split at {split}");
        }
        let bytes: Vec<&[u8]> = stream.chunks(1).collect();
        assert_eq!(parse(&bytes), whole);
    }

    #[test]
    fn an_endless_line_is_refused() {
        let mut parser = EventParser::new();
        let mut out = VecDeque::new();
        let chunk = vec![b'x'; 1024 * 1024];
        let mut fed = 0;
        while parser.feed(&chunk, &mut out) {
            fed += 1;
            assert!(fed <= 17, "no bound");
        }
        assert!(!parser.feed(b"\n\n", &mut out));
        assert!(out.is_empty());
    }

    #[test]
    fn an_interrupted_event_is_dropped_and_the_id_and_retry_kept() {
        let mut parser = EventParser::new();
        let mut out = VecDeque::new();
        parser.feed(b"retry: 250\nid: 7\ndata: whole\n\nevent: cut\ndata: hal", &mut out);
        assert_eq!(out.len(), 1);
        assert!(parser.interrupted(), "an event was cut short");
        assert!(!parser.interrupted(), "nothing left to cut");
        assert_eq!(parser.last_event_id(), Some("7"));
        assert_eq!(parser.reconnection_time(), Some(Duration::from_millis(250)));
        parser.feed(b"data: next\n\n", &mut out);
        assert_eq!((out[1].event.as_str(), out[1].data.as_str()), ("message", "next"));
    }

    #[test]
    fn reconnection_delays_double_and_stay_within_the_maximum() {
        let policy = Reconnect::new().delays(Duration::from_millis(100), Duration::from_secs(1));
        let delays: Vec<u128> = (0..6).map(|n| policy.delay(n, None).as_millis()).collect();
        assert_eq!(delays, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(policy.delay(0, Some(Duration::from_millis(30))), Duration::from_millis(30));
        assert_eq!(
            policy.delay(0, Some(Duration::from_secs(3600))),
            Duration::from_secs(1),
            "the server's retry is capped"
        );
        assert_eq!(policy.delay(u32::MAX, None), Duration::from_secs(1));
    }
}
