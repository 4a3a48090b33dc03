//! A 1 GiB download, a 1 GiB upload and a 1 GiB NDJSON export through a generated client, with
//! the process's peak memory under 64 MiB (32 MiB for the NDJSON records): bodies are streamed,
//! never held whole. Ignored in the default suite (they move 3 GiB over 127.0.0.1); run them
//! with the command in BENCHMARKS.md:
//!
//! ```text
//! cargo test --release -p build-tests --test big_bodies -- --ignored --test-threads=1 --nocapture
//! ```
//!
//! The server is in this process too, and streams as well (it writes from one 64 KiB buffer and
//! discards what it reads), so the peak it measures bounds client and server together.

use build_tests::streams;
use clientgen_runtime::Upload;
use std::time::Instant;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const GIB: u64 = 1 << 30;
const LIMIT_KIB: u64 = 64 * 1024;

/// The process's peak resident set (`VmHWM`), in KiB.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux /proc");
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("a number")
}

/// Resets the peak to the current resident set (Linux ≥ 4.0), so each test measures itself.
fn reset_peak() {
    std::fs::write("/proc/self/clear_refs", "5").expect("write /proc/self/clear_refs");
}

/// Serves one request: reads its head and `Content-Length` bytes of body (discarding them),
/// then answers with `head` and `body_len` bytes of body. Returns the body bytes it read.
async fn serve_once(listener: TcpListener, head: String, body_len: u64) -> u64 {
    serve_blocks(listener, head, body_len, vec![7u8; 64 * 1024]).await
}

/// [`serve_once`], the body made of `block` repeated.
async fn serve_blocks(listener: TcpListener, head: String, body_len: u64, block: Vec<u8>) -> u64 {
    let (mut stream, _) = listener.accept().await.unwrap();
    let mut buffer = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let head_end = loop {
        let n = stream.read(&mut chunk).await.unwrap();
        assert!(n > 0, "the request ended early");
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
    };
    let request_head = String::from_utf8_lossy(&buffer[..head_end]).to_ascii_lowercase();
    let length: u64 = request_head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map(|v| v.trim().parse().unwrap())
        .unwrap_or(0);
    let mut read = (buffer.len() - head_end) as u64;
    while read < length {
        let n = stream.read(&mut chunk).await.unwrap();
        assert!(n > 0, "the request body ended early");
        read += n as u64;
    }
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut sent = 0u64;
    while sent < body_len {
        let n = (body_len - sent).min(block.len() as u64) as usize;
        stream.write_all(&block[..n]).await.unwrap();
        sent += n as u64;
    }
    stream.flush().await.unwrap();
    read
}

#[tokio::test]
#[ignore = "moves 1 GiB; see BENCHMARKS.md"]
async fn a_1_gib_download_streams_in_bounded_memory() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {GIB}\r\n\r\n");
    let server = tokio::spawn(serve_once(listener, head, GIB));
    reset_peak();
    let started = Instant::now();
    let client = streams::Client::builder().base_url(base).build().unwrap();
    let mut download = client.download_file("big").await.unwrap();
    let mut received = 0u64;
    while let Some(chunk) = download.next_chunk().await {
        received += chunk.unwrap().len() as u64;
    }
    let elapsed = started.elapsed();
    server.await.unwrap();
    let peak = peak_rss_kib();
    println!("download: {received} bytes in {elapsed:.2?}, peak RSS {:.1} MiB", peak as f64 / 1024.0);
    assert_eq!(received, GIB);
    assert!(peak < LIMIT_KIB, "peak RSS {peak} KiB");
}

/// Issue 26: a 1 GiB NDJSON export decoded record by record, peak RSS ≤ 32 MiB.
#[tokio::test]
#[ignore = "moves 1 GiB; see BENCHMARKS.md"]
async fn a_1_gib_ndjson_stream_decodes_in_bounded_memory() {
    const LIMIT_KIB: u64 = 32 * 1024;
    let record = b"{\"id\":1234567,\"name\":\"Ada Lovelace\"}\n";
    let block: Vec<u8> = record.iter().copied().cycle().take(record.len() * (64 * 1024 / record.len())).collect();
    let length = GIB / block.len() as u64 * block.len() as u64;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/x-ndjson\r\ncontent-length: {length}\r\n\r\n");
    let server = tokio::spawn(serve_blocks(listener, head, length, block));
    reset_peak();
    let started = Instant::now();
    let client = streams::Client::builder().base_url(base).build().unwrap();
    let mut records = client.export_users().await.unwrap();
    let mut count = 0u64;
    while let Some(record) = records.next_record().await {
        assert_eq!(record.unwrap().id, 1234567);
        count += 1;
    }
    let elapsed = started.elapsed();
    server.await.unwrap();
    let peak = peak_rss_kib();
    println!("ndjson: {count} records ({length} bytes) in {elapsed:.2?}, peak RSS {:.1} MiB", peak as f64 / 1024.0);
    assert_eq!(count, length / record.len() as u64);
    assert!(peak < LIMIT_KIB, "peak RSS {peak} KiB");
}

#[tokio::test]
#[ignore = "writes and sends a 1 GiB file; see BENCHMARKS.md"]
async fn a_1_gib_upload_from_a_path_streams_in_bounded_memory() {
    let path = std::env::temp_dir().join(format!("clientgen-big-upload-{}", std::process::id()));
    {
        let mut file = tokio::fs::File::create(&path).await.unwrap();
        let block = vec![3u8; 1 << 20];
        for _ in 0..1024 {
            file.write_all(&block).await.unwrap();
        }
        file.flush().await.unwrap();
    }
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(serve_once(listener, "HTTP/1.1 204 No Content\r\n\r\n".into(), 0));
    reset_peak();
    let started = Instant::now();
    let client = streams::Client::builder().base_url(base).build().unwrap();
    client.upload_file("big", Upload::path(&path)).await.unwrap();
    let elapsed = started.elapsed();
    let received = server.await.unwrap();
    let peak = peak_rss_kib();
    std::fs::remove_file(&path).unwrap();
    println!("upload: {received} bytes in {elapsed:.2?}, peak RSS {:.1} MiB", peak as f64 / 1024.0);
    assert_eq!(received, GIB);
    assert!(peak < LIMIT_KIB, "peak RSS {peak} KiB");
}
