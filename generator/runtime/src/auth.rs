//! Bearer tokens that the client obtains itself: the OAuth 2.0 client-credentials grant
//! (RFC 6749 §4.4) built in, and a hook for any other way of getting tokens.

use crate::client::Secret;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

/// Why no token could be obtained.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The token endpoint could not be reached.
    #[error("the token endpoint could not be reached: {0}")]
    Transport(#[source] reqwest::Error),
    /// The token endpoint refused (its body is kept: OAuth errors explain themselves there).
    #[error("the token endpoint answered {status}: {body}")]
    Refused {
        /// The status.
        status: http::StatusCode,
        /// The body as text.
        body: String,
    },
    /// The answer is not a token response.
    #[error("the token endpoint's answer is not a token: {0}")]
    Invalid(String),
    /// The user denied the device authorization request (RFC 8628 `access_denied`; the
    /// server's description, if any).
    #[error("the user denied the authorization request{}", if .0.is_empty() { String::new() } else { format!(": {}", .0) })]
    Denied(String),
    /// The device code expired before the user approved (RFC 8628 `expired_token`, or its
    /// `expires_in` passed).
    #[error("the device code expired before the user approved it")]
    Expired,
    /// Another provider's failure.
    #[error("{0}")]
    Other(String),
}

/// What a [`TokenProvider`] may use: the client's HTTP client and base URL.
#[derive(Debug, Clone, Copy)]
pub struct TokenContext<'a> {
    /// The HTTP client the API client uses (proxies, TLS settings).
    pub http: &'a reqwest::Client,
    /// The API's base URL, against which a relative token URL resolves.
    pub base_url: &'a str,
}

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Secret, TokenError>> + Send + 'a>>;

/// Supplies the bearer token of each request. The client asks before every attempt that sends
/// a bearer token, so a provider should cache; after a `401 Unauthorized` it asks once more with
/// `rejected` set to the token the server refused, and retries the request once with the new one.
pub trait TokenProvider: Send + Sync + fmt::Debug {
    /// A token to send (not `rejected`, if given).
    fn token<'a>(&'a self, context: TokenContext<'a>, rejected: Option<&'a Secret>) -> TokenFuture<'a>;
}

/// The OAuth 2.0 client-credentials grant: fetches a token from the token URL with the client's
/// id and secret (HTTP basic authentication, RFC 6749 §2.3.1), caches it, and fetches a new one
/// shortly before it expires (at 90% of its `expires_in`, at most 30 s early) or after the API
/// refused it. Concurrent calls share one fetch: the first caller fetches, the others wait for
/// its token.
pub struct ClientCredentials {
    token_url: String,
    client_id: String,
    client_secret: Secret,
    scopes: Vec<String>,
    cached: tokio::sync::Mutex<Option<Cached>>,
}

struct Cached {
    token: Secret,
    refresh_at: Option<Instant>,
}

impl ClientCredentials {
    /// A provider for the token endpoint `token_url` (absolute, or relative to the API's base
    /// URL), asking for `scopes` (none: the server's default).
    pub fn new(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        scopes: &[&str],
    ) -> ClientCredentials {
        ClientCredentials {
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret: Secret::new(client_secret),
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
            cached: tokio::sync::Mutex::new(None),
        }
    }

    fn url(&self, base_url: &str) -> Result<reqwest::Url, TokenError> {
        endpoint_url(&self.token_url, base_url)
            .map_err(|e| TokenError::Invalid(format!("the token URL `{}` is invalid: {e}", self.token_url)))
    }

    async fn fetch(&self, context: TokenContext<'_>) -> Result<Cached, TokenError> {
        let mut form = vec![("grant_type", "client_credentials".to_owned())];
        if !self.scopes.is_empty() {
            form.push(("scope", self.scopes.join(" ")));
        }
        let body = crate::encode::encode_pairs(&form.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<Vec<_>>());
        let started = Instant::now();
        let response = context
            .http
            .post(self.url(context.base_url)?)
            .header(http::header::AUTHORIZATION, client_authorization(&self.client_id, &self.client_secret))
            .header(http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(http::header::ACCEPT, "application/json")
            .body(body)
            .send()
            .await
            .map_err(TokenError::Transport)?;
        let status = response.status();
        let text = response.text().await.map_err(TokenError::Transport)?;
        if !status.is_success() {
            return Err(TokenError::Refused { status, body: text });
        }
        let answer: TokenAnswer = serde_json::from_str(&text).map_err(|e| TokenError::Invalid(e.to_string()))?;
        let refresh_at = answer.expires_in.map(|seconds| {
            let lifetime = Duration::from_secs_f64(seconds.max(0.0));
            started + lifetime - (lifetime / 10).min(Duration::from_secs(30))
        });
        Ok(Cached { token: Secret::new(answer.access_token), refresh_at })
    }
}

/// An OAuth endpoint's URL: `url`, or `url` resolved against the API's `base_url` when it is
/// relative (as OpenAPI lets it be).
pub(crate) fn endpoint_url(url: &str, base_url: &str) -> Result<reqwest::Url, String> {
    reqwest::Url::parse(url).or_else(|_| {
        let base = reqwest::Url::parse(&format!("{}/", base_url.trim_end_matches('/'))).map_err(|e| e.to_string())?;
        base.join(url.trim_start_matches('/')).map_err(|e| e.to_string())
    })
}

/// The `Authorization` header of a client authenticating with its id and secret (RFC 6749
/// §2.3.1: both are form-urlencoded, then sent as HTTP basic authentication).
pub(crate) fn client_authorization(client_id: &str, secret: &Secret) -> String {
    let user = crate::encode::form_component(client_id);
    let password = crate::encode::form_component(secret.expose());
    format!("Basic {}", crate::client::base64_encode(format!("{user}:{password}").as_bytes()))
}

#[derive(serde::Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    expires_in: Option<f64>,
}

impl TokenProvider for ClientCredentials {
    fn token<'a>(&'a self, context: TokenContext<'a>, rejected: Option<&'a Secret>) -> TokenFuture<'a> {
        Box::pin(async move {
            // Held across the fetch: concurrent callers wait here and then find the new token.
            let mut cached = self.cached.lock().await;
            if let Some(current) = cached.as_ref() {
                let fresh = current.refresh_at.is_none_or(|at| Instant::now() < at);
                if fresh && rejected != Some(&current.token) {
                    return Ok(current.token.clone());
                }
            }
            let new = self.fetch(context).await?;
            let token = new.token.clone();
            *cached = Some(new);
            Ok(token)
        })
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}
