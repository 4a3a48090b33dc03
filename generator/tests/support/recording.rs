//! An HTTP/1.1 server on 127.0.0.1 that records every request exactly as it arrived and answers
//! from a script, including the broken answers real servers give (stalls, truncated bodies).

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// The request target (path and query) exactly as sent.
    pub target: String,
    /// Header names lower-cased, in arrival order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == &name.to_ascii_lowercase()).map(|(_, v)| v.as_str())
    }

    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A complete response.
    Full { status: u16, headers: Vec<(String, String)>, body: Vec<u8> },
    /// Headers promising `declared` bytes, then fewer, then the connection closes.
    Truncated { status: u16, declared: usize, body: Vec<u8> },
    /// Never answer.
    Stall,
    /// Headers without a length, then each chunk after its pause; then the connection stays
    /// open (`hold`) or closes, which ends the body.
    Stream { status: u16, headers: Vec<(String, String)>, chunks: Vec<(Duration, Vec<u8>)>, hold: bool },
    /// Decides per request (the same responder answers every request that reaches it).
    Dynamic(Responder),
}

/// A function from the request to the reply, for servers with state (a token endpoint).
#[derive(Clone)]
pub struct Responder(pub Arc<dyn Fn(&Recorded) -> Reply + Send + Sync>);

impl std::fmt::Debug for Responder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Responder(..)")
    }
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::Full {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Full { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

/// The server: its address, what it received, and the replies still to give (the last one
/// repeats).
pub struct RecordingServer {
    pub base_url: String,
    received: Arc<Mutex<Vec<Recorded>>>,
}

impl RecordingServer {
    pub async fn start(replies: Vec<Reply>) -> RecordingServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let address = listener.local_addr().expect("local address");
        let received = Arc::new(Mutex::new(Vec::new()));
        let replies = Arc::new(Mutex::new(replies));
        let log = received.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let log = log.clone();
                let replies = replies.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, log, replies).await;
                });
            }
        });
        RecordingServer { base_url: format!("http://{address}"), received }
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.received.lock().expect("lock").clone()
    }
}

async fn serve(
    mut stream: TcpStream,
    log: Arc<Mutex<Vec<Recorded>>>,
    replies: Arc<Mutex<Vec<Reply>>>,
) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    loop {
        let Some(head_end) = find(&buffer, b"\r\n\r\n") else {
            let mut chunk = [0u8; 4096];
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buffer.extend_from_slice(&chunk[..n]);
            continue;
        };
        let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let request_line = lines.next().unwrap_or_default().to_owned();
        let mut parts = request_line.split(' ');
        let method = parts.next().unwrap_or_default().to_owned();
        let target = parts.next().unwrap_or_default().to_owned();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let chunked = headers.iter().any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
        buffer.drain(..head_end + 4);
        let body = if chunked {
            match read_chunked(&mut stream, &mut buffer).await? {
                Some(body) => body,
                None => return Ok(()),
            }
        } else {
            let length: usize =
                headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
            if !fill(&mut stream, &mut buffer, length).await? {
                return Ok(());
            }
            buffer.drain(..length).collect()
        };
        let recorded = Recorded { method, target, headers, body };
        log.lock().expect("lock").push(recorded.clone());
        let mut reply = {
            let mut replies = replies.lock().expect("lock");
            if replies.len() > 1 {
                replies.remove(0)
            } else {
                replies[0].clone()
            }
        };
        if let Reply::Dynamic(responder) = &reply {
            reply = (responder.0)(&recorded);
        }
        match reply {
            Reply::Full { status, headers, body } => {
                let mut response = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n", body.len());
                for (name, value) in headers {
                    response.push_str(&format!("{name}: {value}\r\n"));
                }
                response.push_str("\r\n");
                stream.write_all(response.as_bytes()).await?;
                stream.write_all(&body).await?;
            }
            Reply::Truncated { status, declared, body } => {
                let response = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {declared}\r\n\r\n"
                );
                stream.write_all(response.as_bytes()).await?;
                stream.write_all(&body).await?;
                stream.flush().await?;
                return Ok(()); // closes the connection mid-body
            }
            Reply::Stall => {
                tokio::time::sleep(Duration::from_secs(3600)).await;
            }
            Reply::Dynamic(_) => return Ok(()), // a responder answering with a responder
            Reply::Stream { status, headers, chunks, hold } => {
                let mut response = format!("HTTP/1.1 {status} X\r\nconnection: close\r\n");
                for (name, value) in headers {
                    response.push_str(&format!("{name}: {value}\r\n"));
                }
                response.push_str("\r\n");
                stream.write_all(response.as_bytes()).await?;
                for (pause, chunk) in chunks {
                    tokio::time::sleep(pause).await;
                    stream.write_all(&chunk).await?;
                    stream.flush().await?;
                }
                if hold {
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                }
                return Ok(()); // closing the connection ends the body
            }
        }
    }
}

/// Reads until `buffer` holds `length` bytes; `false` if the connection closed first.
async fn fill(stream: &mut TcpStream, buffer: &mut Vec<u8>, length: usize) -> std::io::Result<bool> {
    while buffer.len() < length {
        let mut chunk = [0u8; 16384];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(false);
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    Ok(true)
}

/// Reads a `Transfer-Encoding: chunked` body (RFC 9112 §7.1) from `buffer` and the stream.
async fn read_chunked(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> std::io::Result<Option<Vec<u8>>> {
    let mut body = Vec::new();
    loop {
        let line_end = loop {
            if let Some(end) = find(buffer, b"\r\n") {
                break end;
            }
            if !fill(stream, buffer, buffer.len() + 1).await? {
                return Ok(None);
            }
        };
        let size_text = String::from_utf8_lossy(&buffer[..line_end]).into_owned();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| std::io::Error::other("bad chunk size"))?;
        buffer.drain(..line_end + 2);
        if !fill(stream, buffer, size + 2).await? {
            return Ok(None);
        }
        body.extend_from_slice(&buffer[..size]);
        buffer.drain(..size + 2);
        if size == 0 {
            return Ok(Some(body)); // no trailers are sent by the clients under test
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
