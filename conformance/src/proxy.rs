//! A recording proxy on 127.0.0.1 between the driver and Prism: it keeps every request exactly
//! as the client put it on the wire (for the second validator), forwards it to Prism, and notes
//! when Prism itself refused the request (its own problem documents, not the spec's responses).

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request and what Prism made of it.
#[derive(Debug, Clone, Default)]
pub struct Exchange {
    /// The harness's case id (from the `x-conformance-case` header, which is not forwarded).
    pub case: String,
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Prism's status.
    pub status: u16,
    /// Prism refused the request (validation, security, no route): its title, detail and
    /// violations.
    pub prism_error: Option<String>,
    /// Prism's error concerns only the response it made itself (`--errors`: every violation of
    /// severity `Error` is located in `response`), so the request was accepted: the messages.
    pub own_response: Option<Vec<String>>,
    /// Prism's response headers (names lower-cased) and body, as the client received them, for
    /// openapi-core to judge a response the client could not decode.
    pub response_headers: Vec<(String, String)>,
    pub response_body: Vec<u8>,
}

/// Prism's `sl-violations` list. With many, Prism prefixes it (`Too many violations! [...]`)
/// and cuts it short: the entries before the cut are read.
pub fn parse_violations(text: &str) -> Option<Vec<serde_json::Value>> {
    let text = text.strip_prefix("Too many violations! ").unwrap_or(text);
    serde_json::from_str(text).ok().or_else(|| {
        let cut = text.rfind("},{")?;
        serde_json::from_str(&format!("{}}}]", &text[..cut])).ok()
    })
}

/// The messages of Prism's `sl-violations` when every violation of severity `Error` is located
/// in the response (warnings, such as a deprecated parameter, do not make Prism refuse).
pub fn own_response_violations(status: u16, violations: Option<&str>) -> Option<Vec<String>> {
    let list = parse_violations(violations?)?;
    let errors: Vec<&serde_json::Value> = list.iter().filter(|v| v["severity"] == "Error").collect();
    let in_response = |v: &&serde_json::Value| v["location"].get(0).and_then(|l| l.as_str()) == Some("response");
    if status != 500 || errors.is_empty() || !errors.iter().all(in_response) {
        return None;
    }
    let mut messages: Vec<String> = errors.iter().filter_map(|v| v["message"].as_str().map(str::to_owned)).collect();
    messages.sort();
    messages.dedup();
    Some(messages)
}

pub struct Proxy {
    pub url: String,
    pub exchanges: Arc<Mutex<Vec<Exchange>>>,
    /// Where requests go (the Prism of the moment).
    upstream: Arc<Mutex<u16>>,
    task: tokio::task::JoinHandle<()>,
}

impl Proxy {
    pub async fn start(upstream_port: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let exchanges = Arc::new(Mutex::new(Vec::new()));
        let upstream = Arc::new(Mutex::new(upstream_port));
        let (ex, up) = (exchanges.clone(), upstream.clone());
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let (ex, up) = (ex.clone(), up.clone());
                tokio::spawn(async move {
                    let port = *up.lock().expect("upstream lock");
                    serve(socket, port, &ex).await;
                });
            }
        });
        Proxy { url, exchanges, upstream, task }
    }

    pub fn set_upstream(&self, port: u16) {
        *self.upstream.lock().expect("upstream lock") = port;
    }

    pub fn take(&self) -> Vec<Exchange> {
        std::mem::take(&mut *self.exchanges.lock().expect("exchanges lock"))
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Reads one request (head + Content-Length or chunked body).
async fn read_request(socket: &mut TcpStream) -> Option<(String, Vec<(String, String)>, Vec<u8>)> {
    let mut data = Vec::new();
    let mut chunk = [0u8; 16384];
    let head_end = loop {
        if let Some(end) = find(&data, b"\r\n\r\n") {
            break end;
        }
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next()?.to_owned();
    let headers = header_fields(lines);
    let mut body = data[head_end + 4..].to_vec();
    let header = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    if let Some(length) = header("content-length").and_then(|v| v.parse::<usize>().ok()) {
        while body.len() < length {
            let n = socket.read(&mut chunk).await.ok()?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
        body.truncate(length);
    } else if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        while find(&body, b"0\r\n\r\n").is_none() {
            let n = socket.read(&mut chunk).await.ok()?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
        body = dechunk(&body);
    }
    Some((request_line, headers, body))
}

/// Header lines (`Name: value`) as (lower-cased name, value).
fn header_fields<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<(String, String)> {
    lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned())).collect()
}

fn dechunk(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = data;
    while let Some(line_end) = find(rest, b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..line_end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        let end = (start + size).min(rest.len());
        out.extend_from_slice(&rest[start..end]);
        rest = &rest[(end + 2).min(rest.len())..];
    }
    out
}

/// Forwards one request and records the exchange **before** answering the client: the harness
/// reads the record as soon as the driver has its answer, so recording after the reply raced
/// with it (seen once in CI as "no request reached the proxy").
async fn serve(mut socket: TcpStream, upstream: u16, record: &Mutex<Vec<Exchange>>) -> Option<()> {
    let (request_line, headers, body) = read_request(&mut socket).await?;
    let mut parts = request_line.split(' ');
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let case = headers.iter().find(|(n, _)| n == "x-conformance-case").map(|(_, v)| v.clone()).unwrap_or_default();
    let forwarded: Vec<(String, String)> = headers
        .iter()
        .filter(|(n, _)| {
            !matches!(n.as_str(), "x-conformance-case" | "connection" | "transfer-encoding" | "content-length")
        })
        .cloned()
        .collect();
    let mut out = format!("{method} {target} HTTP/1.1\r\n");
    for (name, value) in &forwarded {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!("content-length: {}\r\nconnection: close\r\n\r\n", body.len()));
    let response = if upstream == 0 {
        // Record-only: no mock behind the proxy; every request gets an empty JSON object.
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n{}".to_vec()
    } else {
        let mut prism = TcpStream::connect(("127.0.0.1", upstream)).await.ok()?;
        prism.write_all(out.as_bytes()).await.ok()?;
        prism.write_all(&body).await.ok()?;
        let mut response = Vec::new();
        prism.read_to_end(&mut response).await.ok()?;
        response
    };
    let head_end = find(&response, b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&response[..head_end]).into_owned();
    let status: u16 = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut response_body = response[head_end + 4..].to_vec();
    let is_chunked = head.to_ascii_lowercase().contains("transfer-encoding: chunked");
    if is_chunked {
        response_body = dechunk(&response_body);
    }
    // The same response, with a fixed length and the connection closed after it.
    let mut reply = String::new();
    let mut violations = None;
    for (index, line) in head.split("\r\n").enumerate() {
        let lower = line.to_ascii_lowercase();
        if index > 0
            && (lower.starts_with("connection:")
                || lower.starts_with("transfer-encoding:")
                || lower.starts_with("content-length:")
                || lower.starts_with("keep-alive:"))
        {
            continue;
        }
        if lower.starts_with("sl-violations:") {
            violations = Some(line["sl-violations:".len()..].trim().to_owned());
        }
        reply.push_str(line);
        reply.push_str("\r\n");
    }
    reply.push_str(&format!("content-length: {}\r\nconnection: close\r\n\r\n", response_body.len()));
    let text = String::from_utf8_lossy(&response_body);
    let prism_error = text.contains("stoplight.io/prism/errors").then(|| {
        let detail: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let mut message = format!(
            "Prism {status} {}: {}",
            detail["title"].as_str().unwrap_or_default(),
            detail["detail"].as_str().unwrap_or_default()
        );
        if let Some(violations) = &violations {
            message.push_str(&format!(" violations: {violations}"));
        } else if let Some(list) = detail.get("validation") {
            message.push_str(&format!(" validation: {list}"));
        }
        message
    });
    let own_response = prism_error.as_ref().and_then(|_| own_response_violations(status, violations.as_deref()));
    let response_headers = header_fields(head.split("\r\n").skip(1));
    let exchange = Exchange {
        case,
        method,
        target,
        headers: forwarded,
        body,
        status,
        prism_error,
        own_response,
        response_headers,
        response_body: response_body.clone(),
    };
    record.lock().expect("exchanges lock").push(exchange);
    let _ = socket.write_all(reply.as_bytes()).await;
    let _ = socket.write_all(&response_body).await;
    let _ = socket.shutdown().await;
    Some(())
}
