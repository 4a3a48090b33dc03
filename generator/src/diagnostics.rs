//! Errors and warnings about the input, each pointing at where in which document it happened.

use std::fmt;
use std::path::PathBuf;

/// A place in an input document: the file, a JSON pointer and, when known, line and column.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The document, as the user named it (or as referenced from another document).
    pub file: String,
    /// RFC 6901 JSON pointer, e.g. `#/paths/~1users~1{USER_ID}/post/requestBody`. Empty for the whole file.
    pub pointer: String,
    /// 1-based line, for syntax errors.
    pub line: Option<usize>,
    /// 1-based column, for syntax errors.
    pub column: Option<usize>,
}

impl Location {
    /// A location in `file` at `pointer`.
    pub fn new(file: impl Into<String>, pointer: impl Into<String>) -> Location {
        Location { file: file.into(), pointer: pointer.into(), line: None, column: None }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, ":{line}:{column}")?;
        }
        if !self.pointer.is_empty() {
            write!(f, " at {}", self.pointer)?;
        }
        Ok(())
    }
}

/// A fatal problem: generation stops and no output is written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The input is wrong or uses something clientgen cannot represent.
    #[error("{0}")]
    Spec(Box<SpecError>),
    /// The generator produced Rust it cannot parse: a clientgen bug, reported instead of panicking.
    #[error("internal error (please report this as a clientgen bug): {0}")]
    Internal(String),
    /// Configuration given to the library is unusable (e.g. no spec, no `OUT_DIR`).
    #[error("{0}")]
    Config(String),
    /// Warnings turned into errors (`--deny-warnings`).
    #[error("{} warning(s) denied by --deny-warnings:\n{}", .0.len(), .0.iter().map(|w| format!("  {w}")).collect::<Vec<_>>().join("\n"))]
    Denied(Vec<Warning>),
}

impl Error {
    /// A spec error without a hint.
    pub fn spec(location: Location, message: impl Into<String>) -> Error {
        Error::Spec(Box::new(SpecError { location, message: message.into(), hint: None }))
    }

    /// A spec error with a suggestion.
    pub fn spec_with_hint(location: Location, message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Spec(Box::new(SpecError { location, message: message.into(), hint: Some(hint.into()) }))
    }
}

/// A problem in a spec document, located.
#[derive(Debug)]
pub struct SpecError {
    /// Where.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when there is something to suggest.
    pub hint: Option<String>,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  help: {hint}")?;
        }
        Ok(())
    }
}

/// A non-fatal note about the input: something skipped, renamed or approximated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where.
    pub location: Location,
    /// What happened.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Escapes one reference token for a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape_pointer_token`].
pub fn unescape_pointer_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
