//! `OneOrMany<T>`: a list the spec also lets be a single item.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::ops::{Deref, DerefMut};

/// A list whose schema has `items` but no `type: array`: JSON Schema then also accepts a lone
/// value, and APIs written that way do send one. Decodes from an array or from a single item
/// (a one-element list); encodes as an array. Reads as a `Vec<T>` (it derefs to one).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct OneOrMany<T>(pub Vec<T>);

impl<T> OneOrMany<T> {
    /// The items.
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }
}

impl<T> Deref for OneOrMany<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> DerefMut for OneOrMany<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

impl<T> From<Vec<T>> for OneOrMany<T> {
    fn from(items: Vec<T>) -> Self {
        OneOrMany(items)
    }
}

impl<T> IntoIterator for OneOrMany<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let decoded = if value.is_array() {
            serde_json::from_value(value)
        } else {
            serde_json::from_value(value).map(|item| vec![item])
        };
        decoded.map(OneOrMany).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::OneOrMany;

    #[test]
    fn decodes_a_list_or_a_single_item() {
        let many: OneOrMany<u32> = serde_json::from_str("[1, 2]").unwrap();
        assert_eq!(*many, vec![1, 2]);
        let one: OneOrMany<u32> = serde_json::from_str("7").unwrap();
        assert_eq!(*one, vec![7]);
        assert!(serde_json::from_str::<OneOrMany<u32>>("\"x\"").is_err());
        assert_eq!(serde_json::to_string(&one).unwrap(), "[7]");
    }
}
