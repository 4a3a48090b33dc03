//! The OAuth 2.0 device authorization grant (RFC 8628; OpenAPI 3.2's `deviceAuthorization`
//! flow): for a program that cannot open a browser for its user. It asks for a device code,
//! the caller shows the user where to go and which code to enter, and the program polls the
//! token endpoint until the user has approved or denied, or the code expired.
//!
//! ```no_run
//! # async fn run(flow: clientgen_runtime::DeviceAuthorization) -> Result<(), clientgen_runtime::TokenError> {
//! let code = flow.start().await?;
//! println!("Open {} and enter {}", code.verification_uri, code.user_code);
//! let token = flow.poll(&code).await?;
//! # let _ = token; Ok(()) }
//! ```

use crate::auth::TokenError;
use crate::client::Secret;
use std::fmt;
use std::time::{Duration, Instant};

/// RFC 8628 §3.5: a `slow_down` answer adds five seconds to the polling interval.
const SLOW_DOWN: Duration = Duration::from_secs(5);
/// RFC 8628 §3.2: the interval when the server names none.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);

/// A device authorization flow of one API, for one client id.
pub struct DeviceAuthorization {
    http: reqwest::Client,
    device_authorization_url: Result<reqwest::Url, String>,
    token_url: Result<reqwest::Url, String>,
    client_id: String,
    client_secret: Option<Secret>,
    scopes: Vec<String>,
}

/// What the user is shown, and what the program polls with.
#[non_exhaustive]
pub struct DeviceCode {
    /// The code the user enters.
    pub user_code: String,
    /// Where the user enters it.
    pub verification_uri: String,
    /// The same address with the code in it, when the server gives one (for a QR code).
    pub verification_uri_complete: Option<String>,
    /// How long the codes are valid, from when they were issued.
    pub expires_in: Duration,
    /// How long to wait between polls (at first: a `slow_down` answer lengthens it).
    pub interval: Duration,
    device_code: Secret,
    issued: Instant,
}

/// The token the user's approval gave.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DeviceToken {
    /// The access token (`ClientBuilder::bearer_token` takes it).
    pub access_token: Secret,
    /// A refresh token, when the server issues one.
    pub refresh_token: Option<Secret>,
    /// How long the access token is valid, when the server says.
    pub expires_in: Option<Duration>,
    /// The scopes granted, when they differ from those asked for.
    pub scope: Option<String>,
}

#[derive(serde::Deserialize)]
struct CodeAnswer {
    device_code: String,
    user_code: String,
    verification_uri: String,
    #[serde(default)]
    verification_uri_complete: Option<String>,
    expires_in: f64,
    #[serde(default)]
    interval: Option<f64>,
}

#[derive(serde::Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    expires_in: Option<f64>,
    #[serde(default)]
    scope: Option<String>,
}

#[derive(serde::Deserialize)]
struct ErrorAnswer {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

fn seconds(value: f64) -> Duration {
    Duration::try_from_secs_f64(value.max(0.0)).unwrap_or(Duration::MAX)
}

/// `url`, or `url` resolved against `base_url` when it is relative (as OpenAPI lets it be).
fn resolve(url: &str, base_url: &str) -> Result<reqwest::Url, String> {
    crate::auth::endpoint_url(url, base_url).map_err(|e| format!("`{url}`: {e}"))
}

impl DeviceAuthorization {
    /// The flow at `device_authorization_url` and `token_url` (absolute, or relative to
    /// `base_url`), for `client_id`, asking for `scopes` (none: the server's default), sending
    /// with `http`. Generated clients make this with `Client::device_authorization`.
    pub fn new(
        http: reqwest::Client,
        base_url: &str,
        device_authorization_url: &str,
        token_url: &str,
        client_id: impl Into<String>,
        scopes: &[&str],
    ) -> DeviceAuthorization {
        DeviceAuthorization {
            http,
            device_authorization_url: resolve(device_authorization_url, base_url),
            token_url: resolve(token_url, base_url),
            client_id: client_id.into(),
            client_secret: None,
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// A confidential client also authenticates, with its secret (HTTP basic authentication,
    /// RFC 6749 §2.3.1).
    pub fn client_secret(mut self, secret: impl Into<String>) -> DeviceAuthorization {
        self.client_secret = Some(Secret::new(secret));
        self
    }

    /// Asks for a device code and the user code to show (RFC 8628 §3.1).
    pub async fn start(&self) -> Result<DeviceCode, TokenError> {
        let mut form = vec![("client_id", self.client_id.clone())];
        if !self.scopes.is_empty() {
            form.push(("scope", self.scopes.join(" ")));
        }
        let issued = Instant::now();
        let url = self.device_authorization_url.clone().map_err(invalid_url)?;
        let (status, text) = self.post(url, &form).await?;
        if !status.is_success() {
            return Err(refused(status, text));
        }
        let answer: CodeAnswer = serde_json::from_str(&text).map_err(|e| TokenError::Invalid(e.to_string()))?;
        Ok(DeviceCode {
            user_code: answer.user_code,
            verification_uri: answer.verification_uri,
            verification_uri_complete: answer.verification_uri_complete,
            expires_in: seconds(answer.expires_in),
            interval: answer.interval.map_or(DEFAULT_INTERVAL, seconds),
            device_code: Secret::new(answer.device_code),
            issued,
        })
    }

    /// Polls the token endpoint (RFC 8628 §3.4–3.5) every `code.interval`, five seconds more
    /// after each `slow_down`, until the user approves (the token), denies
    /// ([`TokenError::Denied`]) or the code expires ([`TokenError::Expired`]).
    pub async fn poll(&self, code: &DeviceCode) -> Result<DeviceToken, TokenError> {
        let url = self.token_url.clone().map_err(invalid_url)?;
        let form = [
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code".to_owned()),
            ("device_code", code.device_code.expose().to_owned()),
            ("client_id", self.client_id.clone()),
        ];
        let deadline = code.issued + code.expires_in;
        let mut interval = code.interval;
        loop {
            if Instant::now() + interval >= deadline {
                return Err(TokenError::Expired);
            }
            tokio::time::sleep(interval).await;
            let (status, text) = self.post(url.clone(), &form).await?;
            if status.is_success() {
                let answer: TokenAnswer =
                    serde_json::from_str(&text).map_err(|e| TokenError::Invalid(e.to_string()))?;
                return Ok(DeviceToken {
                    access_token: Secret::new(answer.access_token),
                    refresh_token: answer.refresh_token.map(Secret::new),
                    expires_in: answer.expires_in.map(seconds),
                    scope: answer.scope,
                });
            }
            let Ok(answer) = serde_json::from_str::<ErrorAnswer>(&text) else { return Err(refused(status, text)) };
            match answer.error.as_str() {
                "authorization_pending" => {}
                "slow_down" => interval += SLOW_DOWN,
                "access_denied" => return Err(TokenError::Denied(answer.error_description.unwrap_or_default())),
                "expired_token" => return Err(TokenError::Expired),
                _ => return Err(refused(status, text)),
            }
        }
    }

    async fn post(&self, url: reqwest::Url, form: &[(&str, String)]) -> Result<(http::StatusCode, String), TokenError> {
        let pairs: Vec<(String, String)> = form.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
        let mut request = self
            .http
            .post(url)
            .header(http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(http::header::ACCEPT, "application/json")
            .body(crate::encode::encode_pairs(&pairs));
        if let Some(secret) = &self.client_secret {
            request =
                request.header(http::header::AUTHORIZATION, crate::auth::client_authorization(&self.client_id, secret));
        }
        let response = request.send().await.map_err(TokenError::Transport)?;
        let status = response.status();
        let text = response.text().await.map_err(TokenError::Transport)?;
        Ok((status, text))
    }
}

fn invalid_url(why: String) -> TokenError {
    TokenError::Invalid(format!("the flow's URL is invalid: {why}"))
}

fn refused(status: http::StatusCode, body: String) -> TokenError {
    TokenError::Refused { status, body }
}

impl fmt::Debug for DeviceAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceAuthorization")
            .field("device_authorization_url", &self.device_authorization_url)
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for DeviceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceCode")
            .field("user_code", &self.user_code)
            .field("verification_uri", &self.verification_uri)
            .field("expires_in", &self.expires_in)
            .field("interval", &self.interval)
            .finish_non_exhaustive()
    }
}
