//! What a generated method returns: a [`Call`], which is a future of the decoded body (the simple
//! way), and can instead give the status and headers with the body ([`Call::with_response`],
//! including the headers the spec documents as typed fields) or go page after page
//! ([`Call::pages`], [`Call::items`]): by the response's `Link: <…>; rel="next"` header, or by
//! the cursor, offset, page number or next URL the operation declares ([`Cursor`]).

use crate::client::{Client, Request};
use crate::error::{Error, InvalidRequest};
use crate::response::Response;
use futures_core::Stream;
use http::{HeaderMap, StatusCode};
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::str::FromStr;
use std::task::{Context, Poll};

type Decode<T, E> = fn(Response) -> Result<T, Error<E>>;
type Boxed<'a, O> = Pin<Box<dyn Future<Output = O> + Send + 'a>>;

/// One operation call. Awaiting it gives the decoded body; see the module docs for the other
/// ways to consume it. Nothing is sent until it is awaited (or its stream polled).
#[must_use = "nothing is sent until the call is awaited"]
pub struct Call<'a, T, E, H = ()> {
    state: State<'a, T, E>,
    headers: PhantomData<fn() -> H>,
}

#[allow(clippy::large_enum_variant, reason = "moved once, into the boxed future; boxing it too would allocate twice")]
enum State<'a, T, E> {
    Ready(Parts<'a, T, E>),
    Running(Boxed<'a, Result<T, Error<E>>>),
    Done,
}

struct Parts<'a, T, E> {
    client: &'a Client,
    operation: &'static str,
    request: Result<Request, InvalidRequest>,
    idempotent: bool,
    streaming: bool,
    decode: Decode<T, E>,
    cursor: Option<&'static Cursor>,
    /// The event stream reconnects per this policy (else the client's, if it has one).
    reconnect: Option<crate::Reconnect>,
}

/// How a paginated operation's next page is found: the operation again, with the query
/// parameter `param` set to a value taken from the page's body (a cursor, a URL) or computed from
/// this request (an offset, a page number). Generated from the spec's declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// The query parameter that takes the cursor, offset or page number.
    pub param: &'static str,
    /// Where the next value is.
    pub next: NextCursor,
}

/// Where the next page's parameter value comes from; paths are property names from the body's
/// root (an empty path: the body itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextCursor {
    /// A property (Slack's `response_metadata.next_cursor`); absent, null or empty: no more pages.
    Field(&'static [&'static str]),
    /// A property of the last item of a list, while `has_more` (when given) is true (Stripe:
    /// `id` of the last of `data`, while `has_more`); an empty list: no more pages.
    LastItem {
        /// The list.
        items: &'static [&'static str],
        /// The item property.
        field: &'static str,
        /// The boolean that says another page follows.
        has_more: Option<&'static [&'static str]>,
    },
    /// Offset pagination: the next offset is this request's (0 when unset) plus the number of
    /// items on the page. No more pages when the page has no items, or fewer than this
    /// request's `limit` parameter says a page holds.
    Offset {
        /// The list.
        items: &'static [&'static str],
        /// The query parameter that caps a page's items, if the operation has one.
        limit: Option<&'static str>,
    },
    /// Page-number pagination: the next page number is this request's plus one; a request that
    /// leaves it unset is taken to be page 1 (set it explicitly for APIs that count from 0).
    /// No more pages as for [`NextCursor::Offset`].
    Page {
        /// The list.
        items: &'static [&'static str],
        /// The query parameter that caps a page's items, if the operation has one.
        limit: Option<&'static str>,
    },
    /// A property holding the next page's URL (absent, null or empty: no more pages), followed
    /// like a `Link` header (same origin only); `param` is unused.
    Url(&'static [&'static str]),
}

impl Cursor {
    /// The next page's value of `param` (or, for [`NextCursor::Url`], its URL), given a page's
    /// raw body and the request's query parameter values (`query(name)`), if there is a next page.
    pub fn next_after(&self, body: &[u8], query: impl Fn(&str) -> Option<String>) -> Option<String> {
        let value: serde_json::Value = serde_json::from_slice(body).ok()?;
        let at = |path: &[&str]| path.iter().try_fold(&value, |v, key| v.get(key));
        let text = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let number = |name: &str| query(name).and_then(|v| v.trim().parse::<u64>().ok());
        // How many items the page holds, when it is not the last one.
        let full_page = |items: &[&str], limit: Option<&str>| {
            let count = at(items)?.as_array()?.len() as u64;
            let short = limit.and_then(number).is_some_and(|limit| count < limit);
            (count > 0 && !short).then_some(count)
        };
        match self.next {
            NextCursor::Field(path) | NextCursor::Url(path) => text(at(path)?),
            NextCursor::LastItem { items, field, has_more } => {
                if has_more.is_some_and(|flag| at(flag).and_then(serde_json::Value::as_bool) != Some(true)) {
                    return None;
                }
                text(at(items)?.as_array()?.last()?.get(field)?)
            }
            NextCursor::Offset { items, limit } => {
                let count = full_page(items, limit)?;
                Some(number(self.param).unwrap_or(0).checked_add(count)?.to_string())
            }
            NextCursor::Page { items, limit } => {
                full_page(items, limit)?;
                Some(number(self.param).unwrap_or(1).checked_add(1)?.to_string())
            }
        }
    }
}

/// Where the next page is.
enum NextPage {
    Link(String),
    Cursor(String),
}

/// A decoded body with the status and headers it came with.
#[derive(Debug, Clone)]
pub struct WithResponse<T, H = ()> {
    /// The status.
    pub status: StatusCode,
    /// Every response header.
    pub headers: HeaderMap,
    /// The response headers the spec documents for the operation, parsed (each `None` when
    /// absent or not of its documented type); `()` for operations that document none.
    pub typed: H,
    /// The decoded body.
    pub body: T,
    /// The URL that answered: the request's, or where the redirects it followed led (a
    /// download whose documented `302` points at a file host).
    pub url: String,
}

/// The response headers an operation documents, as a struct of typed fields (generated per
/// operation) read from a response's headers.
pub trait FromHeaders: Sized {
    /// Reads the documented headers; a header that is absent or does not parse is `None`.
    fn from_headers(headers: &HeaderMap) -> Self;
}

impl FromHeaders for () {
    fn from_headers(_: &HeaderMap) {}
}

/// A header parsed as `V` (text as sent, numbers, booleans); `None` when absent, not visible
/// ASCII, or unparseable. A header sent several times gives its first value.
pub fn header_value<V: FromStr>(headers: &HeaderMap, name: &str) -> Option<V> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

impl<T, H> WithResponse<T, H> {
    /// A header's value as text, if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// A header parsed as `V` (`i64` for `X-RateLimit-Remaining`, say); `None` when absent or
    /// unparseable.
    pub fn header_as<V: FromStr>(&self, name: &str) -> Option<V> {
        self.header(name)?.trim().parse().ok()
    }

    /// The target of the `Link` header's relation `rel` (`next`, `prev`, `first`, `last`; RFC 8288).
    pub fn link(&self, rel: &str) -> Option<String> {
        links(&self.headers).into_iter().find(|(r, _)| r.eq_ignore_ascii_case(rel)).map(|(_, url)| url)
    }
}

/// Every `rel`–target pair of the `Link` headers (RFC 8288 §3): `<url>; rel="next"` with any
/// parameters, several links per header separated by commas, `rel` with several space-separated
/// relations. Malformed links are skipped.
pub fn links(headers: &HeaderMap) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for value in headers.get_all(http::header::LINK) {
        let Ok(value) = value.to_str() else { continue };
        let mut rest = value;
        while let Some(start) = rest.find('<') {
            let Some(end) = rest[start..].find('>') else { break };
            let target = rest[start + 1..start + end].trim().to_owned();
            rest = &rest[start + end + 1..];
            // The parameters run to the next link, which starts with `,` and then `<`.
            let params_end = next_link_start(rest);
            for param in rest[..params_end].split(';') {
                let Some((name, value)) = param.split_once('=') else { continue };
                if name.trim().eq_ignore_ascii_case("rel") {
                    for rel in value.trim().trim_matches('"').split_ascii_whitespace() {
                        out.push((rel.to_owned(), target.clone()));
                    }
                }
            }
            rest = &rest[params_end..];
        }
    }
    out
}

/// Where the next `, <` starts in the parameters of a link (outside quoted strings).
fn next_link_start(params: &str) -> usize {
    let mut quoted = false;
    let bytes = params.as_bytes();
    for (i, byte) in bytes.iter().enumerate() {
        match byte {
            b'"' => quoted = !quoted,
            b',' if !quoted && params[i + 1..].trim_start().starts_with('<') => return i,
            _ => {}
        }
    }
    params.len()
}

impl<T, E> Parts<'_, T, E> {
    /// The request, leaving a placeholder error behind (each call sends it once).
    fn take_request(&mut self) -> Result<Request, InvalidRequest> {
        std::mem::replace(&mut self.request, Err(InvalidRequest::new("call", "was already sent")))
    }
}

impl<'a, T: Send + 'a, E: Send + 'a> Call<'a, T, E> {
    pub(crate) fn new(
        client: &'a Client,
        operation: &'static str,
        request: Result<Request, InvalidRequest>,
        idempotent: bool,
        streaming: bool,
        decode: Decode<T, E>,
    ) -> Call<'a, T, E> {
        let parts = Parts { client, operation, request, idempotent, streaming, decode, cursor: None, reconnect: None };
        Call { state: State::Ready(parts), headers: PhantomData }
    }
}

impl<'a, T, E, H> Call<'a, crate::EventStream<T>, E, H> {
    /// Reconnects the event stream when its connection drops, per `policy` (see
    /// [`Reconnect`](crate::Reconnect)), whatever the client's default.
    pub fn reconnect(mut self, policy: crate::Reconnect) -> Self {
        if let State::Ready(parts) = &mut self.state {
            parts.reconnect = Some(policy);
        }
        self
    }
}

impl<'a, T, E, H> Call<'a, T, E, H> {
    fn take_parts(&mut self) -> Option<Parts<'a, T, E>> {
        match std::mem::replace(&mut self.state, State::Done) {
            State::Ready(parts) => Some(parts),
            other => {
                self.state = other;
                None
            }
        }
    }
}

impl<'a, T: Send + 'a, E: Send + 'a, H: FromHeaders + Send + 'a> Call<'a, T, E, H> {
    /// The call, reading the response headers the operation documents as `H2` in
    /// [`WithResponse::typed`] (generated methods of such operations do this).
    pub fn headers_as<H2: FromHeaders>(self) -> Call<'a, T, E, H2> {
        Call { state: self.state, headers: PhantomData }
    }

    /// Marks the call as a page of a list whose next page is found by `cursor` (generated
    /// methods of paginated operations do this; [`Call::pages`] and [`Call::items`] follow it).
    pub fn paged(mut self, cursor: &'static Cursor) -> Call<'a, T, E, H> {
        if let State::Ready(parts) = &mut self.state {
            parts.cursor = Some(cursor);
        }
        self
    }

    /// The decoded body together with the response's status and headers.
    pub async fn with_response(mut self) -> Result<WithResponse<T, H>, Error<E>> {
        let Some(mut parts) = self.take_parts() else {
            return Err(Error::InvalidRequest(InvalidRequest::new("call", "was already started")));
        };
        let request = parts.take_request()?;
        let (response, _) = send(&parts, request).await?;
        Ok(response)
    }

    /// The pages of a paginated list, each with its status and headers: this call's response,
    /// then the next one, and so on. For an operation the spec declares paginated by a cursor in
    /// the body (see [`Cursor`]), the next page is this request with the cursor parameter set;
    /// otherwise it is the one at its `Link: <…>; rel="next"` (RFC 8288, as GitHub pages; a relative link
    /// resolves against the base URL), and so on, fetched one at a time as the stream is polled,
    /// until a page has no next link. A next link to another origin than the base URL's is not
    /// followed (the credentials would go with it): the stream yields an error and ends.
    pub fn pages(mut self) -> Pages<'a, T, E, H> {
        let state = match self.take_parts() {
            Some(parts) => PageState::Next(parts, None),
            None => PageState::Finished,
        };
        Pages { state, headers: PhantomData }
    }

    /// The items of every page ([`Call::pages`]), one by one.
    pub fn items(self) -> Items<'a, T, E, H>
    where
        T: IntoIterator,
        T::IntoIter: Send + 'a,
    {
        Items { pages: self.pages(), current: None }
    }
}

/// Sends one request of the call, named by its operation, streamed or not.
async fn dispatch<T, E>(parts: &Parts<'_, T, E>, mut request: Request) -> Result<Response, Error<E>> {
    request.set_operation(parts.operation);
    if !parts.streaming {
        return Ok(parts.client.send(request, parts.idempotent).await?);
    }
    // An event stream that may reconnect keeps a copy of its request to send again.
    let policy = parts.reconnect.or(parts.client.reconnect_policy());
    let copy = policy.and_then(|_| request.try_clone());
    let mut response = parts.client.send_streaming(request, parts.idempotent).await?;
    if let (Some(policy), Some(request)) = (policy, copy) {
        if response.status().is_success() {
            response.resend = Some(crate::sse::Resend { client: parts.client.clone(), request, policy });
        }
    }
    Ok(response)
}

/// Sends one request of the call and decodes it; returns where the next page is too.
async fn send<T, E, H: FromHeaders>(
    parts: &Parts<'_, T, E>,
    request: Request,
) -> Result<(WithResponse<T, H>, Option<NextPage>), Error<E>> {
    // Offset and page-number pagination compute the next page from this request's values.
    let request_query: std::collections::HashMap<String, String> =
        if parts.cursor.is_some() { request.query_pairs().iter().cloned().collect() } else { Default::default() };
    let response = dispatch(parts, request).await?;
    let status = response.status();
    let headers = response.headers().clone();
    let url = response.url().to_owned();
    let next = match parts.cursor {
        Some(cursor) if status.is_success() => {
            let next = cursor.next_after(response.body(), |name| request_query.get(name).cloned());
            next.map(|value| match cursor.next {
                NextCursor::Url(_) => NextPage::Link(value),
                _ => NextPage::Cursor(value),
            })
        }
        _ => links(&headers)
            .into_iter()
            .find(|(rel, _)| rel.eq_ignore_ascii_case("next"))
            .map(|(_, url)| NextPage::Link(url)),
    };
    let body = (parts.decode)(response)?;
    Ok((WithResponse { status, typed: H::from_headers(&headers), headers, body, url }, next))
}

impl<'a, T: Send + 'a, E: Send + 'a, H> Future for Call<'a, T, E, H> {
    type Output = Result<T, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Some(mut parts) = self.take_parts() {
            self.state = State::Running(Box::pin(async move {
                let request = parts.take_request()?;
                (parts.decode)(dispatch(&parts, request).await?)
            }));
        }
        match &mut self.state {
            State::Running(future) => {
                let output = future.as_mut().poll(cx);
                if output.is_ready() {
                    self.state = State::Done;
                }
                output
            }
            _ => Poll::Ready(Err(Error::InvalidRequest(InvalidRequest::new("call", "was polled after it finished")))),
        }
    }
}

impl<T, E, H> fmt::Debug for Call<'_, T, E, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call").finish_non_exhaustive()
    }
}

/// The pages of a call ([`Call::pages`]).
#[must_use = "streams do nothing unless polled"]
pub struct Pages<'a, T, E, H = ()> {
    state: PageState<'a, T, E, H>,
    headers: PhantomData<fn() -> H>,
}

type PageOutput<'a, T, E, H> = (Parts<'a, T, E>, Result<(WithResponse<T, H>, Option<NextPage>), Error<E>>);

#[allow(clippy::large_enum_variant, reason = "moved once per page, into the boxed future")]
enum PageState<'a, T, E, H> {
    /// The parts, and where the next page is (`None`: the first page).
    Next(Parts<'a, T, E>, Option<NextPage>),
    Fetching(Boxed<'a, PageOutput<'a, T, E, H>>),
    Finished,
}

impl<'a, T: Send + 'a, E: Send + 'a, H: FromHeaders + Send + 'a> Stream for Pages<'a, T, E, H> {
    type Item = Result<WithResponse<T, H>, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let PageState::Next(..) = &self.state {
            let PageState::Next(mut parts, next) = std::mem::replace(&mut self.state, PageState::Finished) else {
                unreachable!("matched above")
            };
            self.state = PageState::Fetching(Box::pin(async move {
                let request = match (&mut parts.request, next) {
                    (Err(err), _) => Err(Error::InvalidRequest(err.clone())),
                    (Ok(first), None) => first.try_clone().ok_or_else(not_repeatable),
                    (Ok(first), Some(NextPage::Cursor(cursor))) => {
                        let param = parts.cursor.map_or("cursor", |c| c.param);
                        first.try_clone().map(|r| r.with_query_value(param, cursor)).ok_or_else(not_repeatable)
                    }
                    (Ok(first), Some(NextPage::Link(link))) => match parts.client.follow(&link) {
                        Ok(url) => first.try_clone().map(|r| r.at_url(url)).ok_or_else(not_repeatable),
                        Err(why) => Err(Error::InvalidRequest(InvalidRequest::new("Link", why))),
                    },
                };
                let result = match request {
                    Ok(request) => send(&parts, request).await,
                    Err(err) => Err(err),
                };
                (parts, result)
            }));
        }
        let PageState::Fetching(future) = &mut self.state else {
            return Poll::Ready(None);
        };
        let (parts, result) = match future.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(output) => output,
        };
        Poll::Ready(Some(match result {
            Ok((page, next)) => {
                self.state = match next {
                    Some(next) => PageState::Next(parts, Some(next)),
                    None => PageState::Finished,
                };
                Ok(page)
            }
            Err(err) => {
                self.state = PageState::Finished;
                Err(err)
            }
        }))
    }
}

fn not_repeatable<E>() -> Error<E> {
    Error::InvalidRequest(InvalidRequest::new(
        "body",
        "is a stream or a form with files; a paged call cannot repeat it",
    ))
}

impl<T, E, H> fmt::Debug for Pages<'_, T, E, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

/// The items of every page of a call ([`Call::items`]).
#[must_use = "streams do nothing unless polled"]
pub struct Items<'a, T: IntoIterator, E, H = ()> {
    pages: Pages<'a, T, E, H>,
    current: Option<T::IntoIter>,
}

impl<'a, T, E, H> Stream for Items<'a, T, E, H>
where
    T: IntoIterator + Send + 'a,
    T::IntoIter: Unpin,
    E: Send + 'a,
    H: FromHeaders + Send + 'a,
{
    type Item = Result<T::Item, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(item) = self.current.as_mut().and_then(Iterator::next) {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut self.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(err))) => return Poll::Ready(Some(Err(err))),
                Poll::Ready(Some(Ok(page))) => self.current = Some(page.body.into_iter()),
            }
        }
    }
}

impl<T: IntoIterator, E, H> fmt::Debug for Items<'_, T, E, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(http::header::LINK, http::HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn link_headers_as_github_and_rfc_8288_write_them() {
        let github = headers(&[
            r#"<https://api.github.com/organizations/9919/repos?page=2>; rel="next", <https://api.github.com/organizations/9919/repos?page=5>; rel="last""#,
        ]);
        assert_eq!(
            links(&github),
            [
                ("next".to_owned(), "https://api.github.com/organizations/9919/repos?page=2".to_owned()),
                ("last".to_owned(), "https://api.github.com/organizations/9919/repos?page=5".to_owned()),
            ]
        );
        let odd = headers(&[r#"<a>; title="x, <y>"; REL="prev first""#, "<b>;rel=next", "no link", "<c; rel=next"]);
        assert_eq!(
            links(&odd),
            [
                ("prev".to_owned(), "a".to_owned()),
                ("first".to_owned(), "a".to_owned()),
                ("next".to_owned(), "b".to_owned())
            ]
        );
    }

    #[test]
    fn offsets_and_page_numbers_count_the_items_of_the_page() {
        let offset = Cursor { param: "offset", next: NextCursor::Offset { items: &["data"], limit: Some("limit") } };
        let query = |offset: Option<&'static str>, limit: Option<&'static str>| {
            move |name: &str| match name {
                "offset" => offset.map(str::to_owned),
                "limit" => limit.map(str::to_owned),
                _ => None,
            }
        };
        let three = br#"{"data": [1, 2, 3]}"#;
        assert_eq!(offset.next_after(three, query(None, None)).as_deref(), Some("3"));
        assert_eq!(offset.next_after(three, query(Some("30"), Some("3"))).as_deref(), Some("33"));
        // Fewer items than the limit, or none: the last page.
        assert_eq!(offset.next_after(three, query(Some("30"), Some("10"))), None);
        assert_eq!(offset.next_after(br#"{"data": []}"#, query(None, None)), None);
        assert_eq!(offset.next_after(br#"{"data": null}"#, query(None, None)), None);
        assert_eq!(offset.next_after(three, query(Some("18446744073709551615"), None)), None);

        let page = Cursor { param: "page", next: NextCursor::Page { items: &[], limit: None } };
        let at = |page: Option<&'static str>| {
            move |name: &str| (name == "page").then_some(page).flatten().map(str::to_owned)
        };
        assert_eq!(page.next_after(b"[1, 2]", at(None)).as_deref(), Some("2"));
        assert_eq!(page.next_after(b"[1, 2]", at(Some("0"))).as_deref(), Some("1"));
        assert_eq!(page.next_after(b"[1, 2]", at(Some("7"))).as_deref(), Some("8"));
        assert_eq!(page.next_after(b"[]", at(Some("7"))), None);

        let url = Cursor { param: "", next: NextCursor::Url(&["links", "next"]) };
        assert_eq!(
            url.next_after(br#"{"links": {"next": "/v2/items?page=2"}}"#, |_| None).as_deref(),
            Some("/v2/items?page=2")
        );
        assert_eq!(url.next_after(br#"{"links": {"next": null}}"#, |_| None), None);
    }
}
