use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use std::fmt;
use std::time::Duration;

/// Everything that can go wrong calling an operation. `E` is the operation's enum of documented
/// error responses (`()` for operations that document none).
#[derive(Debug, thiserror::Error)]
pub enum Error<E = ()> {
    /// The request was refused before sending: a value breaks a constraint of the spec, or
    /// cannot be encoded (a header value with a line break, say).
    #[error("invalid request: {0}")]
    InvalidRequest(#[from] InvalidRequest),
    /// The server could not be reached, or the connection failed.
    #[error("request failed: {0}")]
    Transport(#[source] reqwest::Error),
    /// No complete response arrived within the client's timeout.
    #[error("no response within {0:?}")]
    Timeout(Duration),
    /// No bearer token could be obtained (the OAuth 2.0 token endpoint failed, say).
    #[error("could not obtain a token: {0}")]
    Token(#[source] crate::auth::TokenError),
    /// A success (2xx) response arrived but its body does not match the spec. A non-success
    /// response is always [`Error::Api`], whatever its body.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// The server answered with a status that is not a success. When its body is not the
    /// documented one (a gateway's HTML page instead of the API's JSON error), `details` is
    /// `None` and [`ApiError::body_problem`] says why.
    #[error("{0}")]
    Api(Box<ApiError<E>>),
}

impl<E> Error<E> {
    /// The response status, for API and decode errors.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// The documented error this is, if the server answered with a documented status.
    pub fn details(&self) -> Option<&E> {
        match self {
            Error::Api(e) => e.details.as_ref(),
            _ => None,
        }
    }
}

/// A response with a non-success status.
pub struct ApiError<E> {
    /// The status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw body, always kept.
    pub body: Bytes,
    /// The documented error this status stands for, with its decoded body when the spec gives
    /// one; `None` for a status the spec does not document, or when the body is not the
    /// documented one (see `body_problem`).
    pub details: Option<E>,
    /// Why the body is not the documented error body, when the status is documented with one
    /// and the body did not decode (a proxy's HTML error page, a truncated body).
    pub body_problem: Option<String>,
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("details", &self.details)
            .field("body_problem", &self.body_problem)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish_non_exhaustive()
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the server answered {}", self.status)?;
        match (&self.details, &self.body_problem) {
            (_, Some(problem)) => write!(f, " with a body that is not the documented one: {problem}"),
            (None, None) => f.write_str(" (not documented for this operation)"),
            (Some(_), None) => Ok(()),
        }
    }
}

/// A response body that could not be decoded into the documented type.
#[derive(Debug)]
pub struct DecodeError {
    /// The status of the response.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw body as received (possibly truncated, see `message`).
    pub body: Bytes,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not decode the {} response body ({} bytes): {}", self.status, self.body.len(), self.message)
    }
}

/// A request refused before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequest {
    /// The field, parameter or header at fault, as a dotted wire path (`data.FirstName`).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl InvalidRequest {
    /// A problem with `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> InvalidRequest {
        InvalidRequest { field: field.into(), message: message.into() }
    }

    /// Prefixes the enclosing field's name.
    pub fn within(mut self, parent: &str) -> InvalidRequest {
        self.field = if self.field.is_empty() { parent.to_owned() } else { format!("{parent}.{}", self.field) };
        self
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.field, self.message)
    }
}

impl std::error::Error for InvalidRequest {}

/// A client that cannot be built from its configuration.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A server variable has no default and was not set.
    #[error("the server variable `{0}` must be set (or give a base_url)")]
    MissingServerVariable(String),
    /// A server variable was given a value the spec does not allow.
    #[error("`{value}` is not an allowed value of the server variable `{name}`")]
    InvalidServerVariable {
        /// The variable.
        name: String,
        /// The rejected value.
        value: String,
    },
    /// The base URL does not parse.
    #[error("invalid base URL `{url}`: {reason}")]
    InvalidBaseUrl {
        /// The URL given.
        url: String,
        /// Why it was rejected.
        reason: String,
    },
    /// A default header name or value cannot be sent.
    #[error("invalid default header `{0}`")]
    InvalidHeader(String),
    /// reqwest could not build its client (TLS backend initialisation).
    #[error("could not build the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}
