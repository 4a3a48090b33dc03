//! The one place that parses YAML. serde_yaml is unmaintained; swapping it is a change to this file.

use crate::diagnostics::{Error, Location};

/// Parses YAML text into a JSON value. Errors carry line and column.
pub fn parse_yaml(text: &str, file: &str) -> Result<serde_json::Value, Error> {
    serde_yaml::from_str::<serde_json::Value>(text).map_err(|err| {
        let mut location = Location::new(file, "");
        if let Some(mark) = err.location() {
            location.line = Some(mark.line());
            location.column = Some(mark.column());
        }
        Error::spec(location, format!("invalid YAML: {err}"))
    })
}
