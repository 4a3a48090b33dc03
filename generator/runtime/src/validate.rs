//! Checks of spec constraints (`maxLength`, `minLength`, enum values) made before a request is
//! sent, so that a request the server would reject never leaves the machine.

use crate::{InvalidRequest, Patch};
use std::collections::BTreeMap;

/// A value whose spec constraints can be checked. Generated for request types that have any.
pub trait Validate {
    /// Checks the constraints; the error names the offending field by its wire path.
    fn validate(&self) -> Result<(), InvalidRequest>;
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self) -> Result<(), InvalidRequest> {
        self.as_ref().map_or(Ok(()), Validate::validate)
    }
}

impl<T: Validate> Validate for Patch<T> {
    fn validate(&self) -> Result<(), InvalidRequest> {
        self.value().map_or(Ok(()), Validate::validate)
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(&self) -> Result<(), InvalidRequest> {
        (**self).validate()
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self) -> Result<(), InvalidRequest> {
        for (index, item) in self.iter().enumerate() {
            item.validate().map_err(|e| e.within(&index.to_string()))?;
        }
        Ok(())
    }
}

impl<T: Validate> Validate for crate::OneOrMany<T> {
    fn validate(&self) -> Result<(), InvalidRequest> {
        Validate::validate(&**self)
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate(&self) -> Result<(), InvalidRequest> {
        for (key, item) in self {
            item.validate().map_err(|e| e.within(key))?;
        }
        Ok(())
    }
}

/// Validates a nested field, prefixing its wire name to any error.
pub fn validate_field<T: Validate>(field: &str, value: &T) -> Result<(), InvalidRequest> {
    value.validate().map_err(|e| e.within(field))
}

/// Something that may hold a string: `String`, `Option<String>`, `Patch<String>`.
pub trait MaybeStr {
    /// The string, if there is one.
    fn maybe_str(&self) -> Option<&str>;
}

impl MaybeStr for str {
    fn maybe_str(&self) -> Option<&str> {
        Some(self)
    }
}

impl MaybeStr for String {
    fn maybe_str(&self) -> Option<&str> {
        Some(self)
    }
}

impl MaybeStr for Option<String> {
    fn maybe_str(&self) -> Option<&str> {
        self.as_deref()
    }
}

impl MaybeStr for Patch<String> {
    fn maybe_str(&self) -> Option<&str> {
        self.value().map(String::as_str)
    }
}

/// Checks a string's length in characters (as JSON Schema counts them) against `min` and `max`.
pub fn check_length<V: MaybeStr + ?Sized>(
    field: &str,
    value: &V,
    min: Option<u64>,
    max: Option<u64>,
) -> Result<(), InvalidRequest> {
    let Some(text) = value.maybe_str() else {
        return Ok(());
    };
    let length = text.chars().count() as u64;
    if let Some(max) = max.filter(|max| length > *max) {
        return Err(InvalidRequest::new(field, format!("is {length} characters long; the API allows at most {max}")));
    }
    if let Some(min) = min.filter(|min| length < *min) {
        return Err(InvalidRequest::new(
            field,
            format!("is {length} characters long; the API requires at least {min}"),
        ));
    }
    Ok(())
}
