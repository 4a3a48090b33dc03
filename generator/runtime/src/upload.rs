//! Request bodies that are not JSON or forms: bytes, files and readers, sent as a whole body
//! (`application/octet-stream`, `image/png`, …) or as parts of a `multipart/form-data` body.

use crate::error::InvalidRequest;
use bytes::Bytes;
use std::fmt;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use tokio::io::AsyncRead;

/// The read-ahead of a file or reader being sent: the most of it held in memory at once.
const CHUNK: usize = 64 * 1024;

/// Content to upload: bytes in memory, a file, or an async reader.
///
/// Files and readers are streamed: only a small buffer is in memory at a time, whatever their
/// size. A request is retried (after a throttled response or a connection failure, see
/// [`RetryPolicy`](crate::RetryPolicy)) only when its body can be sent again: bytes are resent
/// and a file is reopened from its path for each attempt, but a reader can be read only once,
/// so a request with a reader is never retried.
///
/// Bytes, `Vec<u8>`, strings and [`Bytes`] convert into an `Upload` with `.into()`.
#[derive(Clone)]
pub struct Upload {
    source: Source,
    file_name: Option<String>,
    content_type: Option<String>,
    headers: Vec<(String, String)>,
}

type Reader = Pin<Box<dyn AsyncRead + Send>>;

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    Path(PathBuf),
    /// Shared by clones; taken by the first attempt that sends it.
    Reader(Arc<Mutex<Option<Reader>>>, Option<u64>),
}

impl Upload {
    /// Bytes already in memory.
    pub fn bytes(bytes: impl Into<Bytes>) -> Upload {
        Upload { source: Source::Bytes(bytes.into()), file_name: None, content_type: None, headers: Vec::new() }
    }

    /// The file at `path`, opened when the request is sent and streamed from disk. Its file
    /// name (the last component of the path) is sent with multipart parts.
    pub fn path(path: impl Into<PathBuf>) -> Upload {
        let path = path.into();
        let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned());
        Upload { source: Source::Path(path), file_name, content_type: None, headers: Vec::new() }
    }

    /// Whatever `reader` yields, streamed; sent without a `Content-Length` (chunked), since its
    /// length is unknown. A request with a reader is not retried.
    pub fn reader(reader: impl AsyncRead + Send + 'static) -> Upload {
        Upload::reader_source(Box::pin(reader), None)
    }

    /// A reader that yields exactly `length` bytes, sent with that `Content-Length`.
    pub fn reader_with_length(reader: impl AsyncRead + Send + 'static, length: u64) -> Upload {
        Upload::reader_source(Box::pin(reader), Some(length))
    }

    fn reader_source(reader: Reader, length: Option<u64>) -> Upload {
        Upload {
            source: Source::Reader(Arc::new(Mutex::new(Some(reader))), length),
            file_name: None,
            content_type: None,
            headers: Vec::new(),
        }
    }

    /// The file name sent with a multipart part (`filename=` of its `Content-Disposition`).
    pub fn file_name(mut self, name: impl Into<String>) -> Upload {
        self.file_name = Some(name.into());
        self
    }

    /// The media type of this content, replacing the one the spec gives.
    pub fn content_type(mut self, media_type: impl Into<String>) -> Upload {
        self.content_type = Some(media_type.into());
        self
    }

    /// A header of this content's multipart part (the spec's `encoding.<property>.headers`
    /// documents which a server reads). Ignored when the upload is a whole body.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Upload {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The part headers given with [`Upload::header`].
    pub fn part_headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The file name given or taken from the path.
    pub fn name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The media type given with [`Upload::content_type`].
    pub fn media_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// Whether the content can be sent again (bytes and files can, readers cannot).
    pub fn is_replayable(&self) -> bool {
        !matches!(self.source, Source::Reader(..))
    }

    /// The body of one attempt, and its length when known. Opening a file that is not there
    /// is refused as an invalid request naming `field`.
    pub(crate) async fn open(&self, field: &str) -> Result<(reqwest::Body, Option<u64>), InvalidRequest> {
        match &self.source {
            Source::Bytes(bytes) => Ok((reqwest::Body::from(bytes.clone()), Some(bytes.len() as u64))),
            Source::Path(path) => {
                let file = tokio::fs::File::open(path).await.map_err(|e| cannot_read(field, path, &e))?;
                let length = file.metadata().await.map_err(|e| cannot_read(field, path, &e))?.len();
                let stream = tokio_util::io::ReaderStream::with_capacity(file, CHUNK);
                Ok((reqwest::Body::wrap_stream(stream), Some(length)))
            }
            Source::Reader(reader, length) => {
                let taken = reader.lock().map_or(None, |mut slot| slot.take());
                let reader = taken.ok_or_else(|| {
                    InvalidRequest::new(field, "is a reader that an earlier request already consumed")
                })?;
                let stream = tokio_util::io::ReaderStream::with_capacity(reader, CHUNK);
                Ok((reqwest::Body::wrap_stream(stream), *length))
            }
        }
    }
}

fn cannot_read(field: &str, path: &Path, err: &std::io::Error) -> InvalidRequest {
    InvalidRequest::new(field, format!("cannot be read from `{}`: {err}", path.display()))
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Upload");
        match &self.source {
            Source::Bytes(bytes) => debug.field("bytes", &bytes.len()),
            Source::Path(path) => debug.field("path", path),
            Source::Reader(_, length) => debug.field("reader", length),
        };
        debug
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("headers", &self.headers)
            .finish()
    }
}

impl From<Bytes> for Upload {
    fn from(bytes: Bytes) -> Upload {
        Upload::bytes(bytes)
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Upload {
        Upload::bytes(bytes)
    }
}

impl From<&'static [u8]> for Upload {
    fn from(bytes: &'static [u8]) -> Upload {
        Upload::bytes(bytes)
    }
}

impl From<String> for Upload {
    fn from(text: String) -> Upload {
        Upload::bytes(text)
    }
}

impl From<&'static str> for Upload {
    fn from(text: &'static str) -> Upload {
        Upload::bytes(text)
    }
}
