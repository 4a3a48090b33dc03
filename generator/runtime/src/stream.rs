//! Response bodies consumed as they arrive: downloads as a stream of [`Bytes`].

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use http::{HeaderMap, StatusCode};
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncWrite, AsyncWriteExt};

/// Why a streamed body stopped before its end.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    /// Nothing arrived for this long (the client's timeout applies to each read of a stream,
    /// not to the whole body).
    #[error("the body stalled: nothing arrived for {0:?}")]
    Idle(Duration),
    /// The connection failed while the body was being read.
    #[error("the body ended early: {0}")]
    Transport(#[source] reqwest::Error),
    /// Writing the body out failed ([`ByteStream::copy_to`]).
    #[error("could not write the body: {0}")]
    Write(#[source] std::io::Error),
}

type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, StreamError>> + Send>>;

/// A response body read as it arrives, chunk by chunk, without holding it whole in memory.
///
/// It is a [`Stream`] of chunks (use `futures::StreamExt::next`, or [`ByteStream::next_chunk`]
/// without importing anything); [`ByteStream::bytes`] reads the rest whole, and
/// [`ByteStream::copy_to`] writes it to a file or any async writer. Dropping it closes the
/// connection.
pub struct ByteStream {
    status: StatusCode,
    headers: HeaderMap,
    chunks: Chunks,
}

impl ByteStream {
    pub(crate) fn from_response(
        status: StatusCode,
        headers: HeaderMap,
        response: reqwest::Response,
        idle: Duration,
    ) -> ByteStream {
        let chunks = futures_util::stream::unfold(Some(response), move |response| async move {
            let mut response = response?;
            match tokio::time::timeout(idle, response.chunk()).await {
                Ok(Ok(Some(chunk))) => Some((Ok(chunk), Some(response))),
                Ok(Ok(None)) => None,
                Ok(Err(err)) => Some((Err(StreamError::Transport(err)), None)),
                Err(_) => Some((Err(StreamError::Idle(idle)), None)),
            }
        });
        ByteStream { status, headers, chunks: Box::pin(chunks) }
    }

    /// A stream of the given chunks, as if they arrived one by one (tests of code that reads
    /// a streamed body).
    pub fn from_chunks(status: StatusCode, headers: HeaderMap, chunks: Vec<Bytes>) -> ByteStream {
        ByteStream { status, headers, chunks: Box::pin(futures_util::stream::iter(chunks.into_iter().map(Ok))) }
    }

    /// A stream over a body already in memory (a [`Response`](crate::Response) built by hand).
    pub fn from_bytes(status: StatusCode, headers: HeaderMap, body: Bytes) -> ByteStream {
        let chunks = futures_util::stream::iter((!body.is_empty()).then_some(Ok(body)));
        ByteStream { status, headers, chunks: Box::pin(chunks) }
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The next chunk, or `None` at the end of the body.
    pub async fn next_chunk(&mut self) -> Option<Result<Bytes, StreamError>> {
        futures_util::StreamExt::next(&mut self.chunks).await
    }

    /// The rest of the body, read whole into memory.
    pub async fn bytes(mut self) -> Result<Bytes, StreamError> {
        let mut body = BytesMut::new();
        while let Some(chunk) = self.next_chunk().await {
            body.extend_from_slice(&chunk?);
        }
        Ok(body.freeze())
    }

    /// Writes the rest of the body to `writer` as it arrives (a `tokio::fs::File`, say) and
    /// returns the number of bytes written.
    pub async fn copy_to<W: AsyncWrite + Unpin + ?Sized>(mut self, writer: &mut W) -> Result<u64, StreamError> {
        let mut written = 0u64;
        while let Some(chunk) = self.next_chunk().await {
            let chunk = chunk?;
            writer.write_all(&chunk).await.map_err(StreamError::Write)?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(StreamError::Write)?;
        Ok(written)
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").field("status", &self.status).finish_non_exhaustive()
    }
}
