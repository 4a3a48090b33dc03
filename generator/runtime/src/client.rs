use crate::auth::{TokenContext, TokenProvider};
use crate::call::Call;

/// An event of the request's span, with the `tracing` feature; nothing without it.
macro_rules! trace_event {
    ($($arg:tt)*) => {
        #[cfg(feature = "tracing")]
        tracing::info!($($arg)*);
    };
}
use crate::encode::{encode_pairs, query_pairs, scalar_text, to_value, ParamStyle};
use crate::error::{BuildError, Error, InvalidRequest};
use crate::form::{form_body, FormField};
use crate::multipart::Multipart;
use crate::response::Response;
use crate::upload::Upload;
use bytes::Bytes;
use http::header::{HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, RETRY_AFTER, USER_AGENT};
use serde::Serialize;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// A secret (token, password, API key): kept out of `Debug` output, error messages and logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself. Call only where it is sent.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// When and how often a request is tried again.
///
/// Responses 429 (Too Many Requests) and 503 (Service Unavailable) are retried for every method,
/// waiting as long as `Retry-After` says (seconds or an HTTP date) or else an exponentially
/// growing, jittered backoff. Connection failures are retried only for idempotent methods
/// (GET, PUT, DELETE, ...) unless `retry_non_idempotent` is set, since a POST may have reached
/// the server before the connection failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 disables retries.
    pub max_attempts: u32,
    /// Backoff before the first retry; doubles each time.
    pub initial_backoff: Duration,
    /// Upper bound of one backoff.
    pub max_backoff: Duration,
    /// No retry starts once this much time has passed since the first attempt, and no wait
    /// (including a `Retry-After`) may run past it.
    pub max_elapsed: Duration,
    /// Retry connection failures of POST and PATCH too.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_elapsed: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn disabled() -> RetryPolicy {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    fn backoff(&self, retry: u32) -> Duration {
        let exponential = self.initial_backoff.saturating_mul(1u32 << retry.min(16));
        let capped = exponential.min(self.max_backoff);
        // Full jitter (a random point in [capped/2, capped]) spreads clients that failed together.
        let random = std::collections::hash_map::RandomState::new().build_hasher().finish();
        let half = capped / 2;
        half + Duration::from_nanos(random % (half.as_nanos().max(1) as u64))
    }
}

/// Settings shared by every generated client; generated builders fill it in.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Replaces the spec's server URLs: the document's, and those operations declare for
    /// themselves ([`Request::server`]).
    pub base_url: Option<String>,
    /// Sent as `Authorization: Bearer …`.
    pub bearer_token: Option<Secret>,
    /// Supplies bearer tokens instead of `bearer_token` (the OAuth 2.0 client-credentials grant,
    /// [`ClientCredentials`](crate::ClientCredentials), or your own).
    pub token_provider: Option<Arc<dyn TokenProvider>>,
    /// Sent as `Authorization: Basic …`.
    pub basic_auth: Option<(String, Secret)>,
    /// API keys: where, under which name, and the key.
    pub api_keys: Vec<(ApiKeyLocation, String, Secret)>,
    /// Time allowed for each attempt, from sending to the end of the body.
    pub timeout: Duration,
    /// `User-Agent`.
    pub user_agent: String,
    /// Retries of throttled and failed requests.
    pub retry: RetryPolicy,
    /// A caller's own reqwest client (proxies, connection pools, TLS settings).
    pub http_client: Option<reqwest::Client>,
    /// Headers sent with every request; a call's own value for the same header replaces it.
    pub default_headers: Vec<(String, String)>,
    /// The document's `security`: alternatives, each the credentials sent together. `None`: send
    /// every credential configured. An operation with a `security` of its own overrides it
    /// ([`Request::security`]).
    pub security: Option<Security>,
    /// Reconnects every event stream whose connection drops ([`Reconnect`](crate::Reconnect));
    /// `None` (the default): only calls that ask for it ([`Call::reconnect`](crate::Call::reconnect)).
    pub reconnect: Option<crate::Reconnect>,
}

/// A credential a security requirement asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// The bearer token (HTTP bearer, OAuth 2.0, OpenID Connect).
    Bearer,
    /// HTTP basic authentication.
    Basic,
    /// The API key sent under this header, query or cookie name.
    ApiKey(&'static str),
}

/// A `security` requirement: alternatives, each the credentials sent together; an empty
/// alternative means no credential (`security: []` has no alternative at all and also means
/// none).
pub type Security = &'static [&'static [Credential]];

impl Default for ClientConfig {
    fn default() -> ClientConfig {
        ClientConfig {
            base_url: None,
            bearer_token: None,
            token_provider: None,
            basic_auth: None,
            api_keys: Vec::new(),
            timeout: Duration::from_secs(30),
            user_agent: concat!("clientgen-runtime/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            http_client: None,
            default_headers: Vec::new(),
            security: None,
            reconnect: None,
        }
    }
}

impl ClientConfig {
    /// Sets a default header, replacing an earlier one of the same name.
    pub fn set_default_header(&mut self, name: &str, value: String) {
        self.default_headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.default_headers.push((name.to_owned(), value));
    }

    /// Builds the client, using `default_base_url` unless a base URL was set.
    pub fn build(self, default_base_url: impl FnOnce() -> Result<String, BuildError>) -> Result<Client, BuildError> {
        let base_url = match self.base_url.clone() {
            Some(url) => url,
            None => default_base_url()?,
        };
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|e| BuildError::InvalidBaseUrl { url: base_url.clone(), reason: e.to_string() })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(BuildError::InvalidBaseUrl {
                url: base_url,
                reason: "the scheme must be http or https".into(),
            });
        }
        let mut default_headers = Vec::new();
        for (name, value) in &self.default_headers {
            default_headers.push(header_pair(name, value).map_err(|_| BuildError::InvalidHeader(name.clone()))?);
        }
        // API keys sent as headers (and default headers) may be credentials reqwest does not
        // know: at a redirect to another origin its policy stops, and the runtime follows
        // without them (`Client::off_origin`).
        let http = match self.http_client.clone() {
            Some(http) => http,
            None => http_builder().redirect(redirect_policy()).build().map_err(BuildError::Http)?,
        };
        let user_agent =
            HeaderValue::from_str(&self.user_agent).map_err(|_| BuildError::InvalidHeader("User-Agent".into()))?;
        Ok(Client {
            inner: Arc::new(Inner {
                base_url: base_url.trim_end_matches('/').to_owned(),
                http,
                http_no_redirects: std::sync::OnceLock::new(),
                http_plain: std::sync::OnceLock::new(),
                user_agent,
                default_headers,
                config: self,
            }),
        })
    }
}

/// A configured connection to one API; cheap to clone (shared state behind an `Arc`).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    base_url: String,
    http: reqwest::Client,
    /// The same, not following redirects: built on first use by an operation that documents one.
    http_no_redirects: std::sync::OnceLock<reqwest::Client>,
    /// A client with reqwest's redirect policy, for following a redirect to another origin
    /// without credentials ([`Client::off_origin`]); built on first use.
    http_plain: std::sync::OnceLock<reqwest::Client>,
    user_agent: HeaderValue,
    default_headers: Vec<(HeaderName, HeaderValue)>,
    config: ClientConfig,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("bearer_token", &self.inner.config.bearer_token)
            .field("timeout", &self.inner.config.timeout)
            .field("retry", &self.inner.config.retry)
            .finish_non_exhaustive()
    }
}

/// HTTP methods.
pub use http::Method;

/// A method without an `http::Method` constant (OpenAPI 3.2's `QUERY`, or one its
/// `additionalOperations` names, such as `LINK`). The generator only emits valid HTTP tokens;
/// anything else would be sent as `POST`.
pub fn extension_method(name: &'static str) -> Method {
    Method::from_bytes(name.as_bytes()).unwrap_or(Method::POST)
}

/// At most 10 hops within the origin; a redirect to another origin is not followed here but by
/// [`Client::off_origin`], which sends no credentials and no default headers.
fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() >= MAX_REDIRECTS {
            attempt.error("more than 10 redirects")
        } else if attempt.previous().last().is_some_and(|from| !same_origin(from, attempt.url())) {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}

const MAX_REDIRECTS: usize = 10;

fn same_origin(a: &reqwest::Url, b: &reqwest::Url) -> bool {
    a.scheme() == b.scheme() && a.host_str() == b.host_str() && a.port_or_known_default() == b.port_or_known_default()
}

/// reqwest's builder with the TLS stack this crate's features chose: with `rustls-ring` (the
/// default) or `rustls-graviola`, that provider is installed as rustls' process default unless
/// the program installed one already (then the program's is used).
fn http_builder() -> reqwest::ClientBuilder {
    install_tls_provider();
    reqwest::Client::builder()
}

/// Installs the TLS provider this crate's features chose (`rustls-ring`, `rustls-graviola`) as
/// rustls' process default, unless the program installed one already; nothing for the other
/// stacks. Generated clients do this when they build their own HTTP client; call it before
/// building a `reqwest::Client` of your own to hand to a generated builder (`http_client`),
/// which otherwise panics for want of a provider unless a generated client was built first.
pub fn install_tls_provider() {
    #[cfg(feature = "rustls-ring")]
    {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    #[cfg(all(feature = "rustls-graviola", not(feature = "rustls-ring")))]
    {
        let _ = rustls_graviola::default_provider().install_default();
    }
}

/// One request being assembled by a generated method.
#[derive(Debug)]
pub struct Request {
    method: Method,
    /// The operation, for traces (`operationId`, else the method name).
    operation: &'static str,
    /// The path as the spec writes it, for traces.
    template: String,
    path: String,
    /// A whole URL replacing base URL, path and query (the next page of a paged call).
    url_override: Option<String>,
    query: Vec<(String, String)>,
    headers: Vec<(HeaderName, HeaderValue)>,
    cookies: Vec<(String, String)>,
    body: Option<Body>,
    security: Option<Security>,
    /// The operation's own server, replacing the document's unless a base URL was set.
    server: Option<&'static str>,
    /// The operation documents a redirect status: it is returned, not followed.
    keep_redirects: bool,
}

/// A request body, as it is kept between attempts.
#[derive(Debug)]
enum Body {
    Bytes(HeaderValue, Bytes),
    Upload(HeaderValue, Upload),
    Multipart(Multipart),
}

impl Request {
    /// A request for a path template such as `/users/{id}` (relative to the base URL); fill
    /// each `{name}` with [`Request::path_param`].
    pub fn new(method: Method, path_template: &str) -> Request {
        Request {
            method,
            operation: "",
            template: path_template.to_owned(),
            path: path_template.to_owned(),
            url_override: None,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            security: None,
            server: None,
            keep_redirects: false,
        }
    }

    /// A request for `path_template`, filled in by `fill` (parameters, headers, body); the first
    /// value `fill` refuses stops it. Generated methods build their requests with this.
    pub fn build(
        method: Method,
        path_template: &str,
        fill: impl FnOnce(&mut Request) -> Result<(), InvalidRequest>,
    ) -> Result<Request, InvalidRequest> {
        let mut request = Request::new(method, path_template);
        fill(&mut request)?;
        Ok(request)
    }

    /// Asks for the operation's documented media types (`Accept`), instead of the client's
    /// default `application/json, */*;q=0.8`. A value that cannot be a header is ignored.
    pub fn accept(&mut self, media_types: &'static str) {
        if let Ok(value) = HeaderValue::from_str(media_types) {
            self.headers.retain(|(name, _)| name != ACCEPT);
            self.headers.push((ACCEPT, value));
        }
    }

    /// [`accept`](Request::accept), by value.
    pub fn with_accept(mut self, media_types: &'static str) -> Request {
        self.accept(media_types);
        self
    }

    /// Fills the path template's `{name}` with `value`, percent-encoded as one opaque segment
    /// (see [`path_segment`](crate::path_segment)).
    pub fn path_param<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), InvalidRequest> {
        let segment = crate::encode::path_segment(name, value)?;
        self.path = self.path.replace(&format!("{{{name}}}"), &segment);
        Ok(())
    }

    pub(crate) fn set_operation(&mut self, operation: &'static str) {
        self.operation = operation;
    }

    /// Sets a header, replacing any value it had (`Last-Event-ID` on a reconnection).
    pub(crate) fn replace_header(&mut self, name: HeaderName, value: HeaderValue) {
        self.headers.retain(|(n, _)| n != name);
        self.headers.push((name, value));
    }

    /// A copy to send again (the next page of a paged call); `None` when the body cannot be
    /// repeated (an upload or a multipart form).
    pub(crate) fn try_clone(&self) -> Option<Request> {
        let body = match &self.body {
            None => None,
            Some(Body::Bytes(content_type, bytes)) => Some(Body::Bytes(content_type.clone(), bytes.clone())),
            Some(_) => return None,
        };
        Some(Request {
            method: self.method.clone(),
            operation: self.operation,
            template: self.template.clone(),
            path: self.path.clone(),
            url_override: self.url_override.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            cookies: self.cookies.clone(),
            body,
            security: self.security,
            server: self.server,
            keep_redirects: self.keep_redirects,
        })
    }

    /// The query parameters, in order (API keys excepted).
    pub(crate) fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// The same request with the query parameter `name` set to `value` (replacing its values).
    pub(crate) fn with_query_value(mut self, name: &str, value: String) -> Request {
        // In the place of its first value, so that the next page's URL differs only there.
        match self.query.iter().position(|(n, _)| n == name) {
            Some(at) => {
                self.query[at].1 = value;
                let mut seen = 0;
                self.query.retain(|(n, _)| n != name || std::mem::replace(&mut seen, 1) == 0);
            }
            None => self.query.push((name.to_owned(), value)),
        }
        self
    }

    /// The same request sent to `url` instead (its query included).
    pub(crate) fn at_url(mut self, url: String) -> Request {
        self.url_override = Some(url);
        self
    }

    /// The path as the spec writes it (`/users/{id}`).
    pub fn path_template(&self) -> &str {
        &self.template
    }

    /// The operation this request belongs to, as generated methods name it (empty otherwise).
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// This operation's own `security` requirement, replacing the document's.
    pub fn security(&mut self, security: Security) {
        self.security = Some(security);
    }

    /// The operation documents a redirect (a 3xx status): such a response is returned as the
    /// spec describes it, not followed. (With your own `reqwest::Client`, its redirect policy
    /// applies.)
    pub fn keep_redirects(&mut self) {
        self.keep_redirects = true;
    }

    /// This operation's own server (its `servers` in the spec, such as an upload host): the
    /// request goes there instead of the document's server, unless the client was given a base
    /// URL ([`ClientConfig::base_url`] sends every request there).
    pub fn server(&mut self, url: &'static str) {
        self.server = Some(url);
    }

    /// Fills a path parameter written in another style than `simple` (`label`, `matrix`, or
    /// `simple` exploded).
    pub fn path_param_with_style<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: ParamStyle,
    ) -> Result<(), InvalidRequest> {
        let segment = crate::encode::styled_path_segment(name, value, style)?;
        self.path = self.path.replace(&format!("{{{name}}}"), &segment);
        Ok(())
    }

    /// Adds a query parameter in OpenAPI's default style (`form`, exploded: `a=1&a=2`);
    /// `None`/null values are skipped.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), InvalidRequest> {
        self.query_with_style(name, value, ParamStyle::Form { explode: true })
    }

    /// Adds a query parameter in the given style; `None`/null values are skipped.
    pub fn query_with_style<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: ParamStyle,
    ) -> Result<(), InvalidRequest> {
        query_pairs(name, &to_value(name, value)?, style, &mut self.query)
    }

    /// Sets a header; `None`/null values are skipped. A line break in the value is refused.
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), InvalidRequest> {
        if let Some(text) = scalar_text(&to_value(name, value)?)? {
            let pair = header_pair(name, &text)?;
            self.headers.retain(|(n, _)| *n != pair.0);
            self.headers.push(pair);
        }
        Ok(())
    }

    /// Adds a cookie; `None`/null values are skipped.
    pub fn cookie<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), InvalidRequest> {
        if let Some(text) = scalar_text(&to_value(name, value)?)? {
            if text.contains([';', '\r', '\n']) {
                return Err(InvalidRequest::new(name, "cookie values cannot contain `;` or line breaks"));
            }
            self.cookies.push((name.to_owned(), text));
        }
        Ok(())
    }

    /// Validates `body` against the spec's constraints and sets it as JSON.
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), InvalidRequest> {
        self.json_body(HeaderValue::from_static("application/json"), body)
    }

    /// Sets `body` as JSON sent under another JSON media type of the spec's
    /// (`application/vnd.api+json`, `application/merge-patch+json`, `application/json;
    /// charset=utf-8`).
    pub fn json_as<T: Serialize + ?Sized>(&mut self, content_type: &str, body: &T) -> Result<(), InvalidRequest> {
        self.json_body(content_type_value(content_type)?, body)
    }

    /// Sets `body` as JSON (under `content_type`) with its boolean property `flag` set to
    /// `true`: the event-stream form of an operation whose body has `stream` (the convention of
    /// OpenAI, Mistral, Anthropic and others) asks for the stream whatever the body says.
    pub fn json_streaming<T: Serialize + ?Sized>(
        &mut self,
        content_type: &str,
        body: &T,
        flag: &str,
    ) -> Result<(), InvalidRequest> {
        let mut value =
            serde_json::to_value(body).map_err(|e| InvalidRequest::new("body", format!("cannot be encoded: {e}")))?;
        if let Some(object) = value.as_object_mut() {
            object.insert(flag.to_owned(), serde_json::Value::Bool(true));
        }
        self.json_body(content_type_value(content_type)?, &value)
    }

    /// Sets `records` as JSON records under `content_type`: one JSON text per line (NDJSON,
    /// JSON Lines), or, with `seq`, each after an ASCII record separator and ending with a line
    /// feed (RFC 7464's `application/json-seq`).
    pub fn json_records<T: Serialize>(
        &mut self,
        content_type: &str,
        records: &[T],
        seq: bool,
    ) -> Result<(), InvalidRequest> {
        let content_type = content_type_value(content_type)?;
        let mut bytes = Vec::new();
        for (index, record) in records.iter().enumerate() {
            if seq {
                bytes.push(0x1E);
            }
            serde_json::to_writer(&mut bytes, record)
                .map_err(|e| InvalidRequest::new("body", format!("record {index} cannot be encoded: {e}")))?;
            bytes.push(b'\n');
        }
        self.body = Some(Body::Bytes(content_type, Bytes::from(bytes)));
        Ok(())
    }

    fn json_body<T: Serialize + ?Sized>(&mut self, content_type: HeaderValue, body: &T) -> Result<(), InvalidRequest> {
        let bytes =
            serde_json::to_vec(body).map_err(|e| InvalidRequest::new("body", format!("cannot be encoded: {e}")))?;
        self.body = Some(Body::Bytes(content_type, Bytes::from(bytes)));
        Ok(())
    }

    /// Sets `body` as `application/x-www-form-urlencoded`.
    pub fn form<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), InvalidRequest> {
        self.form_with(body, &[])
    }

    /// Sets a form body whose listed properties are written as the spec's `encoding` object says
    /// (see [`FormField`]); the others as OpenAPI's default (`form`, exploded).
    pub fn form_with<T: Serialize + ?Sized>(&mut self, body: &T, fields: &[FormField]) -> Result<(), InvalidRequest> {
        let encoded = form_body(body, fields)?;
        self.body =
            Some(Body::Bytes(HeaderValue::from_static("application/x-www-form-urlencoded"), Bytes::from(encoded)));
        Ok(())
    }

    /// Sets a raw body with its media type.
    pub fn raw(&mut self, content_type: &str, body: Bytes) -> Result<(), InvalidRequest> {
        self.body = Some(Body::Bytes(content_type_value(content_type)?, body));
        Ok(())
    }

    /// Sets a body of bytes, a file or a reader (streamed, see [`Upload`]); `content_type` is the
    /// spec's media type, which the upload's own [`content_type`](Upload::content_type) replaces.
    pub fn upload(&mut self, content_type: &str, body: impl Into<Upload>) -> Result<(), InvalidRequest> {
        let body = body.into();
        let content_type = content_type_value(body.media_type().unwrap_or(content_type))?;
        self.body = Some(Body::Upload(content_type, body));
        Ok(())
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart(&mut self, body: Multipart) {
        self.body = Some(Body::Multipart(body));
    }

    /// Whether the body can be sent again, so that the request may be retried.
    fn replayable(&self) -> bool {
        match &self.body {
            None | Some(Body::Bytes(..)) => true,
            Some(Body::Upload(_, upload)) => upload.is_replayable(),
            Some(Body::Multipart(form)) => form.is_replayable(),
        }
    }
}

fn content_type_value(content_type: &str) -> Result<HeaderValue, InvalidRequest> {
    HeaderValue::from_str(content_type).map_err(|_| InvalidRequest::new("Content-Type", "is not a valid header value"))
}

fn header_pair(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), InvalidRequest> {
    let header_name =
        HeaderName::from_bytes(name.as_bytes()).map_err(|_| InvalidRequest::new(name, "is not a valid header name"))?;
    if value.contains(['\r', '\n']) {
        return Err(InvalidRequest::new(name, "header values cannot contain line breaks"));
    }
    let header_value = HeaderValue::from_str(value)
        .map_err(|_| InvalidRequest::new(name, "is not a valid header value (only visible ASCII)"))?;
    Ok((header_name, header_value))
}

/// Why [`Client::send`] produced no response; converts into [`Error`] (`?` does it).
#[derive(Debug)]
pub enum SendError {
    /// The server could not be reached, or the connection failed.
    Transport(reqwest::Error),
    /// No complete response within the timeout.
    Timeout(Duration),
    /// The body could not be sent: a file to upload cannot be read, or a reader was consumed.
    Body(InvalidRequest),
    /// The token provider could not supply a token.
    Token(crate::auth::TokenError),
}

impl<E> From<SendError> for Error<E> {
    fn from(err: SendError) -> Error<E> {
        match err {
            SendError::Transport(err) => Error::Transport(err),
            SendError::Timeout(after) => Error::Timeout(after),
            SendError::Body(err) => Error::InvalidRequest(err),
            SendError::Token(err) => Error::Token(err),
        }
    }
}

/// Why one attempt did not produce a response.
enum AttemptError {
    Timeout,
    Body(InvalidRequest),
    Connect(reqwest::Error),
    Other(reqwest::Error),
}

impl Client {
    /// The OAuth 2.0 device authorization flow at these URLs (absolute, or relative to this
    /// client's base URL), for `client_id`, sent with this client's HTTP client.
    pub fn device_authorization(
        &self,
        device_authorization_url: &str,
        token_url: &str,
        client_id: impl Into<String>,
        scopes: &[&str],
    ) -> crate::DeviceAuthorization {
        let (http, base_url) = (self.inner.http.clone(), &self.inner.base_url);
        crate::DeviceAuthorization::new(http, base_url, device_authorization_url, token_url, client_id, scopes)
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// A copy of this client that also sends `name: value` with every request.
    pub fn with_header(&self, name: &str, value: &str) -> Result<Client, InvalidRequest> {
        let pair = header_pair(name, value)?;
        let mut inner = Inner {
            base_url: self.inner.base_url.clone(),
            http: self.inner.http.clone(),
            http_no_redirects: self.inner.http_no_redirects.clone(),
            http_plain: self.inner.http_plain.clone(),
            user_agent: self.inner.user_agent.clone(),
            default_headers: self.inner.default_headers.clone(),
            config: self.inner.config.clone(),
        };
        inner.default_headers.retain(|(n, _)| *n != pair.0);
        inner.default_headers.push(pair);
        Ok(Client { inner: Arc::new(inner) })
    }

    /// Runs one operation: sends the request built by a generated method (or the error that
    /// stopped it being built) and decodes the response with the method's `decode`. `operation`
    /// names it in traces (the `tracing` feature).
    ///
    /// Generated methods are plain functions returning this future, so the only async code (and
    /// its state machine) is here, type-checked once for every operation of every client.
    ///
    /// The future is declared `Send` here rather than left for the compiler to find out: a
    /// generated method promises `Send` too, and with the bound stated the compiler proves that
    /// from this signature instead of walking the whole state machine again for every
    /// operation (a fifth of a large client's `cargo check`).
    pub fn call<'a, T: Send + 'a, E: Send + 'a>(
        &'a self,
        operation: &'static str,
        request: Result<Request, InvalidRequest>,
        idempotent: bool,
        decode: fn(Response) -> Result<T, Error<E>>,
    ) -> Call<'a, T, E> {
        Call::new(self, operation, request, idempotent, false, decode)
    }

    /// Runs one operation whose success body is consumed as it arrives (a download, an event
    /// stream): like [`Client::call`], but a success response reaches `decode` with its body
    /// still unread ([`Response::byte_stream`], [`Response::events`]). Error responses are read
    /// whole, as with `call`. The client's timeout covers the wait for the response headers and
    /// then each read of the body, not the whole body.
    pub fn call_streaming<'a, T: Send + 'a, E: Send + 'a>(
        &'a self,
        operation: &'static str,
        request: Result<Request, InvalidRequest>,
        idempotent: bool,
        decode: fn(Response) -> Result<T, Error<E>>,
    ) -> Call<'a, T, E> {
        Call::new(self, operation, request, idempotent, true, decode)
    }

    /// The reconnection policy of every event stream, if the client has one.
    pub(crate) fn reconnect_policy(&self) -> Option<crate::Reconnect> {
        self.inner.config.reconnect
    }

    /// Sends `request`, retrying per the policy, and reads the whole response.
    /// `idempotent` says whether a connection failure may be retried.
    ///
    /// Not generic: one copy of this state machine serves every operation of every client
    /// (its error converts into any operation's `Error<E>` with `?`).
    pub async fn send(&self, request: Request, idempotent: bool) -> Result<Response, SendError> {
        self.send_with(request, idempotent, false).await
    }

    /// Like [`Client::send`], but leaves the body of a success response unread.
    pub async fn send_streaming(&self, request: Request, idempotent: bool) -> Result<Response, SendError> {
        self.send_with(request, idempotent, true).await
    }

    async fn send_with(&self, request: Request, idempotent: bool, streaming: bool) -> Result<Response, SendError> {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument as _;
            let span = tracing::info_span!(
                "clientgen.request",
                operation = request.operation,
                method = %request.method,
                path = %request.template,
                attempts = tracing::field::Empty,
                status = tracing::field::Empty,
                error = tracing::field::Empty,
            );
            let result = self.send_loop(request, idempotent, streaming).instrument(span.clone()).await;
            match &result {
                Ok(response) => span.record("status", response.status().as_u16()),
                Err(err) => span.record("error", err.kind()),
            };
            result
        }
        #[cfg(not(feature = "tracing"))]
        self.send_loop(request, idempotent, streaming).await
    }

    /// The attempts of one request. With the `tracing` feature, each attempt is an event of the
    /// request's span (never with a credential or a body).
    async fn send_loop(&self, request: Request, idempotent: bool, streaming: bool) -> Result<Response, SendError> {
        let policy = &self.inner.config.retry;
        let started = Instant::now();
        let url = self.url(&request);
        // A body read from a reader cannot be sent twice: such a request is tried once.
        let max_attempts = if request.replayable() { policy.max_attempts.max(1) } else { 1 };
        let mut attempt: u32 = 0;
        // The token the server refused with 401, once: the provider is asked for a new one and
        // the request is sent once more.
        let mut rejected: Option<Secret> = None;
        loop {
            attempt += 1;
            let may_retry = attempt < max_attempts;
            let token = self.provided_token(&request, rejected.as_ref()).await?;
            let outcome = self.attempt(&request, &url, streaming, token.as_ref()).await;
            trace_attempt(attempt, &outcome);
            match outcome {
                Ok(response) if response.status() == http::StatusCode::UNAUTHORIZED => match token {
                    Some(token) if rejected.is_none() && request.replayable() => {
                        trace_event!(attempt, reason = "401: asking for a new token", "retrying");
                        rejected = Some(token);
                        attempt -= 1; // a refreshed token is not a retry of the policy
                    }
                    _ => return Ok(response),
                },
                Ok(response) => {
                    let throttled = matches!(response.status().as_u16(), 429 | 503);
                    if !(throttled && may_retry) {
                        return Ok(response);
                    }
                    let wait = retry_after(response.headers()).unwrap_or_else(|| policy.backoff(attempt - 1));
                    if started.elapsed() + wait > policy.max_elapsed {
                        return Ok(response);
                    }
                    trace_event!(attempt, wait_ms = wait.as_millis() as u64, reason = "throttled", "retrying");
                    tokio::time::sleep(wait).await;
                }
                Err(AttemptError::Connect(err)) => {
                    let retryable = may_retry && (idempotent || policy.retry_non_idempotent);
                    let wait = policy.backoff(attempt - 1);
                    if !retryable || started.elapsed() + wait > policy.max_elapsed {
                        return Err(SendError::Transport(err));
                    }
                    trace_event!(attempt, wait_ms = wait.as_millis() as u64, reason = "connection failed", "retrying");
                    tokio::time::sleep(wait).await;
                }
                Err(AttemptError::Timeout) => return Err(SendError::Timeout(self.inner.config.timeout)),
                Err(AttemptError::Body(err)) => return Err(SendError::Body(err)),
                Err(AttemptError::Other(err)) => return Err(SendError::Transport(err)),
            }
        }
    }

    /// The bearer token from the token provider, when there is one and this request sends a
    /// bearer token.
    async fn provided_token(&self, request: &Request, rejected: Option<&Secret>) -> Result<Option<Secret>, SendError> {
        let Some(provider) = &self.inner.config.token_provider else {
            return Ok(None);
        };
        if !self.credentials(request).is_none_or(|c| c.contains(&Credential::Bearer)) {
            return Ok(None);
        }
        let context = TokenContext { http: &self.inner.http, base_url: &self.inner.base_url };
        provider.token(context, rejected).await.map(Some).map_err(SendError::Token)
    }

    /// The credentials to send: those of the first alternative of the request's (or else the
    /// document's) requirement that this client has every credential for; with no requirement,
    /// every credential configured; with none satisfiable, none.
    fn credentials(&self, request: &Request) -> Option<&'static [Credential]> {
        let config = &self.inner.config;
        let security = request.security.or(config.security)?;
        let has = |credential: &Credential| match credential {
            Credential::Bearer => config.bearer_token.is_some() || config.token_provider.is_some(),
            Credential::Basic => config.basic_auth.is_some(),
            Credential::ApiKey(name) => config.api_keys.iter().any(|(_, n, _)| n == name),
        };
        Some(security.iter().copied().find(|alternative| alternative.iter().all(has)).unwrap_or(&[]))
    }

    /// `link` (a next-page link, absolute or relative to the base URL) as an absolute URL, if it
    /// has the base URL's scheme, host and port (the credentials go with it); else why not.
    pub(crate) fn follow(&self, link: &str) -> Result<String, String> {
        let base = reqwest::Url::parse(&format!("{}/", self.inner.base_url)).map_err(|e| e.to_string())?;
        let url = base.join(link).map_err(|e| format!("`{link}` is not a URL: {e}"))?;
        if url.origin() != base.origin() {
            return Err(format!("the next page `{link}` is on another origin; not followed"));
        }
        Ok(url.to_string())
    }

    fn url(&self, request: &Request) -> String {
        if let Some(url) = &request.url_override {
            return self.with_query_keys(request, url.clone());
        }
        let mut query = request.query.clone();
        let chosen = self.credentials(request);
        for (location, name, key) in &self.inner.config.api_keys {
            if !sends_key(chosen, name) {
                continue;
            }
            // A spec may also declare the key as an operation's own query parameter: a value
            // given there is sent once, not twice.
            if *location == ApiKeyLocation::Query && !request.query.iter().any(|(n, _)| n == name) {
                query.push((name.clone(), key.expose().to_owned()));
            }
        }
        let base = match request.server {
            Some(server) if self.inner.config.base_url.is_none() => server.trim_end_matches('/'),
            _ => self.inner.base_url.as_str(),
        };
        let mut url = format!("{base}{}", request.path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(&encode_pairs(&query));
        }
        url
    }

    /// A whole URL (a next-page link) with the query API keys it does not carry yet.
    fn with_query_keys(&self, request: &Request, mut url: String) -> String {
        let chosen = self.credentials(request);
        let present: Vec<String> = reqwest::Url::parse(&url)
            .map(|u| u.query_pairs().map(|(name, _)| name.into_owned()).collect())
            .unwrap_or_default();
        for (location, name, key) in &self.inner.config.api_keys {
            if *location == ApiKeyLocation::Query && sends_key(chosen, name) && !present.contains(name) {
                url.push(if url.contains('?') { '&' } else { '?' });
                url.push_str(&encode_pairs(&[(name.clone(), key.expose().to_owned())]));
            }
        }
        url
    }

    /// The HTTP client for `request`: one that does not follow redirects for an operation that
    /// documents them (unless the caller gave their own client, whose policy applies).
    fn http_for(&self, request: &Request) -> &reqwest::Client {
        if !request.keep_redirects || self.inner.config.http_client.is_some() {
            return &self.inner.http;
        }
        self.inner.http_no_redirects.get_or_init(|| {
            http_builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_else(|_| self.inner.http.clone())
        })
    }

    async fn attempt(
        &self,
        request: &Request,
        url: &str,
        streaming: bool,
        token: Option<&Secret>,
    ) -> Result<Response, AttemptError> {
        let config = &self.inner.config;
        let mut builder = self.http_for(request).request(request.method.clone(), url);
        if !streaming {
            builder = builder.timeout(config.timeout);
        }
        let mut headers = self.headers(request, token);
        match &request.body {
            None => {}
            Some(Body::Bytes(content_type, body)) => {
                headers.insert(CONTENT_TYPE, content_type.clone());
                builder = builder.body(body.clone());
            }
            Some(Body::Upload(content_type, upload)) => {
                let (body, length) = upload.open("body").await.map_err(AttemptError::Body)?;
                headers.insert(CONTENT_TYPE, content_type.clone());
                if let Some(length) = length {
                    headers.insert(http::header::CONTENT_LENGTH, HeaderValue::from(length));
                }
                builder = builder.body(body);
            }
            Some(Body::Multipart(form)) => {
                // reqwest sets the content type with its boundary, and the length when known.
                builder = builder.multipart(form.form().await.map_err(AttemptError::Body)?);
            }
        }
        let builder = builder.headers(headers);
        if !streaming {
            let response = builder.send().await.map_err(classify)?;
            let response = self.off_origin(response, request, Some(config.timeout)).await.map_err(classify)?;
            return Response::read(response).await.map_err(classify);
        }
        let response = match tokio::time::timeout(config.timeout, builder.send()).await {
            Ok(response) => response.map_err(classify)?,
            Err(_) => return Err(AttemptError::Timeout),
        };
        let response = match tokio::time::timeout(config.timeout, self.off_origin(response, request, None)).await {
            Ok(response) => response.map_err(classify)?,
            Err(_) => return Err(AttemptError::Timeout),
        };
        if response.status().is_success() {
            return Ok(Response::streaming(response, config.timeout));
        }
        match tokio::time::timeout(config.timeout, Response::read(response)).await {
            Ok(response) => response.map_err(classify),
            Err(_) => Err(AttemptError::Timeout),
        }
    }

    /// A redirect to another origin, which the redirect policy stops at (API-key and default
    /// headers may be credentials reqwest does not know): followed with no credentials and no
    /// default headers, only `User-Agent` and the operation's `Accept`, as reqwest follows (`307`/`308`
    /// keep the method and a repeatable body, the others become `GET`). Any other response is
    /// returned as it is.
    async fn off_origin(
        &self,
        response: reqwest::Response,
        request: &Request,
        timeout: Option<Duration>,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let status = response.status();
        let location = response.headers().get(http::header::LOCATION).and_then(|v| v.to_str().ok());
        let next = location.and_then(|l| response.url().join(l).ok());
        let followed = status.is_redirection() && !request.keep_redirects && self.inner.config.http_client.is_none();
        let Some(next) = next.filter(|next| followed && !same_origin(response.url(), next)) else {
            return Ok(response);
        };
        let keeps_method = matches!(status.as_u16(), 307 | 308);
        let method = if keeps_method || request.method == Method::HEAD { request.method.clone() } else { Method::GET };
        let plain = self.inner.http_plain.get_or_init(|| {
            http_builder()
                .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
                .build()
                .unwrap_or_else(|_| self.inner.http.clone())
        });
        let mut builder = plain.request(method, next).header(USER_AGENT, self.inner.user_agent.clone());
        let accept = request.headers.iter().find(|(name, _)| name == ACCEPT).map(|(_, value)| value.clone());
        builder = builder.header(ACCEPT, accept.unwrap_or(HeaderValue::from_static("application/json, */*;q=0.8")));
        if let (true, Some(Body::Bytes(content_type, body))) = (keeps_method, &request.body) {
            builder = builder.header(CONTENT_TYPE, content_type.clone()).body(body.clone());
        }
        if let Some(timeout) = timeout {
            builder = builder.timeout(timeout);
        }
        builder.send().await
    }

    /// The headers of one attempt: defaults, the request's own, credentials and cookies.
    fn headers(&self, request: &Request, provided: Option<&Secret>) -> http::HeaderMap {
        let chosen = self.credentials(request);
        let sends = |credential: Credential| chosen.is_none_or(|c| c.contains(&credential));
        let config = &self.inner.config;
        let mut headers = http::HeaderMap::new();
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        // Generated clients decode JSON wherever the spec offers it: ask for it first, so a server
        // (or mock) that can answer in several media types answers in the one decoded. Other types
        // stay acceptable for operations whose only response is, say, an image.
        headers.insert(ACCEPT, HeaderValue::from_static("application/json, */*;q=0.8"));
        for (name, value) in &self.inner.default_headers {
            headers.insert(name.clone(), value.clone());
        }
        for (name, value) in &request.headers {
            headers.insert(name.clone(), value.clone());
        }
        if let Some(token) = provided.or(config.bearer_token.as_ref()).filter(|_| sends(Credential::Bearer)) {
            if let Ok(mut value) = HeaderValue::from_str(&format!("Bearer {}", token.expose())) {
                value.set_sensitive(true);
                headers.insert(AUTHORIZATION, value);
            }
        } else if let Some((user, password)) = config.basic_auth.as_ref().filter(|_| sends(Credential::Basic)) {
            let credentials = base64_encode(format!("{user}:{}", password.expose()).as_bytes());
            if let Ok(mut value) = HeaderValue::from_str(&format!("Basic {credentials}")) {
                value.set_sensitive(true);
                headers.insert(AUTHORIZATION, value);
            }
        }
        let mut cookies: Vec<String> = request.cookies.iter().map(|(n, v)| format!("{n}={v}")).collect();
        for (location, name, key) in config.api_keys.iter().filter(|(_, name, _)| sends_key(chosen, name)) {
            match location {
                ApiKeyLocation::Header => {
                    if let (Ok(name), Ok(mut value)) =
                        (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(key.expose()))
                    {
                        value.set_sensitive(true);
                        headers.insert(name, value);
                    }
                }
                ApiKeyLocation::Cookie => cookies.push(format!("{name}={}", key.expose())),
                ApiKeyLocation::Query => {}
            }
        }
        if !cookies.is_empty() {
            if let Ok(mut value) = HeaderValue::from_str(&cookies.join("; ")) {
                value.set_sensitive(true);
                headers.insert(COOKIE, value);
            }
        }
        headers
    }
}

impl SendError {
    /// A short name of the failure, for traces.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    fn kind(&self) -> &'static str {
        match self {
            SendError::Transport(_) => "transport",
            SendError::Timeout(_) => "timeout",
            SendError::Body(_) => "body",
            SendError::Token(_) => "token",
        }
    }
}

/// An event for one attempt's outcome (status, or what failed), with the `tracing` feature.
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
fn trace_attempt(attempt: u32, outcome: &Result<Response, AttemptError>) {
    #[cfg(feature = "tracing")]
    {
        tracing::Span::current().record("attempts", attempt);
        match outcome {
            Ok(response) => tracing::info!(attempt, status = response.status().as_u16(), "response"),
            Err(AttemptError::Timeout) => tracing::warn!(attempt, error = "timeout", "no response"),
            Err(AttemptError::Body(_)) => tracing::warn!(attempt, error = "body", "no response"),
            Err(AttemptError::Connect(_)) => tracing::warn!(attempt, error = "connection failed", "no response"),
            Err(AttemptError::Other(_)) => tracing::warn!(attempt, error = "transport", "no response"),
        }
    }
}

fn classify(err: reqwest::Error) -> AttemptError {
    if err.is_timeout() {
        AttemptError::Timeout
    } else if err.is_connect() {
        AttemptError::Connect(err)
    } else {
        AttemptError::Other(err)
    }
}

/// How long a response asks the client to wait before retrying (`Retry-After`, in seconds or
/// as an HTTP date, RFC 9110 §10.2.3); `None` when it does not say, or says something unreadable.
pub fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// Whether the API key sent under `name` is among the chosen credentials (all, when `None`).
fn sends_key(chosen: Option<&[Credential]>, name: &str) -> bool {
    chosen.is_none_or(|c| c.iter().any(|credential| matches!(credential, Credential::ApiKey(n) if *n == name)))
}

pub(crate) fn base64_encode(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_operation_gets_the_credentials_its_security_names() {
        let config = ClientConfig {
            base_url: Some("http://127.0.0.1:9".into()),
            bearer_token: Some(Secret::new("t")),
            basic_auth: Some(("u".into(), Secret::new("p"))),
            api_keys: vec![(ApiKeyLocation::Header, "X-Key".into(), Secret::new("k"))],
            security: Some(&[&[Credential::Bearer], &[Credential::ApiKey("X-Key")]]),
            ..ClientConfig::default()
        };
        let client = config.build(|| unreachable!()).unwrap();
        let mut request = Request::new(Method::GET, "/");
        assert_eq!(client.credentials(&request), Some(&[Credential::Bearer][..]), "the document's first alternative");
        request.security(&[&[Credential::Basic]]);
        assert_eq!(client.credentials(&request), Some(&[Credential::Basic][..]), "the operation's own");
        request.security(&[]);
        assert_eq!(client.credentials(&request), Some(&[][..]), "`security: []` sends none");
        request.security(&[&[Credential::ApiKey("Other")], &[Credential::ApiKey("X-Key")]]);
        assert_eq!(client.credentials(&request), Some(&[Credential::ApiKey("X-Key")][..]), "the first one held");
        assert!(sends_key(Some(&[Credential::ApiKey("X-Key")]), "X-Key"));
        assert!(!sends_key(Some(&[Credential::Bearer]), "X-Key"));
    }

    #[test]
    fn an_operation_with_its_own_server_goes_there_unless_a_base_url_was_set() {
        let default = ClientConfig::default().build(|| Ok("https://api.example.com/v1/".into())).unwrap();
        let mut request = Request::new(Method::POST, "/v1/files");
        request.query("purpose", "x").unwrap();
        assert_eq!(default.url(&request), "https://api.example.com/v1/v1/files?purpose=x");
        request.server("https://files.example.com/");
        assert_eq!(default.url(&request), "https://files.example.com/v1/files?purpose=x", "the operation's server");
        let config = ClientConfig { base_url: Some("http://127.0.0.1:9".into()), ..ClientConfig::default() };
        let mocked = config.build(|| unreachable!()).unwrap();
        assert_eq!(
            mocked.url(&request),
            "http://127.0.0.1:9/v1/files?purpose=x",
            "a base URL given sends every request there"
        );
    }

    #[test]
    fn retry_after_forms() {
        let mut headers = http::HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("2"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(2)));
        let later = SystemTime::now() + Duration::from_secs(120);
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&httpdate::fmt_http_date(later)).unwrap());
        let wait = retry_after(&headers).unwrap();
        assert!(wait > Duration::from_secs(100) && wait <= Duration::from_secs(120), "{wait:?}");
        headers.insert(RETRY_AFTER, HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"));
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy {
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(350),
            ..RetryPolicy::default()
        };
        for _ in 0..50 {
            let first = policy.backoff(0);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100), "{first:?}");
            let capped = policy.backoff(10);
            assert!(capped >= Duration::from_millis(175) && capped <= Duration::from_millis(350), "{capped:?}");
        }
    }

    #[test]
    fn basic_auth_encoding() {
        assert_eq!(base64_encode(b"Aladdin:open sesame"), "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert_eq!(base64_encode(b"a"), "YQ==");
        assert_eq!(base64_encode(b"ab"), "YWI=");
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let config = ClientConfig { bearer_token: Some(Secret::new("s3cr3t-token")), ..ClientConfig::default() };
        let client = config.build(|| Ok("http://127.0.0.1:1".into())).unwrap();
        assert!(!format!("{client:?}").contains("s3cr3t"));
    }
}
