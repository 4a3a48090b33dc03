//! `OneOrMany<T>`: a list the spec also lets be a single item, or any other value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::ops::{Deref, DerefMut};

/// A list whose schema has `items` but no `type: array`. JSON Schema then constrains only arrays:
/// any other value is valid too. APIs written that way mostly mean a list, and some send a lone
/// item, so this decodes an array as the list, a lone item as a one-element list, and any other
/// value as it came ([`other`](OneOrMany::other), with an empty list); it encodes as it came: a
/// lone item alone while the list still holds just that item, a list as a list, that other value
/// unchanged. Reads as a `Vec<T>` (it derefs to one).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OneOrMany<T> {
    items: Vec<T>,
    other: Option<serde_json::Value>,
    /// Decoded from a lone item, not a list.
    lone: bool,
}

impl<T> OneOrMany<T> {
    /// A list of `items`.
    pub fn new(items: Vec<T>) -> Self {
        OneOrMany { items, other: None, lone: false }
    }

    /// The items.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }

    /// A value the schema allows that is neither a list nor an item (JSON Schema's `items`
    /// constrains arrays only), as the server sent it.
    pub fn other(&self) -> Option<&serde_json::Value> {
        self.other.as_ref()
    }
}

impl<T> Deref for OneOrMany<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.items
    }
}

impl<T> DerefMut for OneOrMany<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.items
    }
}

impl<T> From<Vec<T>> for OneOrMany<T> {
    fn from(items: Vec<T>) -> Self {
        OneOrMany::new(items)
    }
}

impl<T> IntoIterator for OneOrMany<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.other {
            Some(other) if self.items.is_empty() => other.serialize(serializer),
            _ if self.lone && self.items.len() == 1 => self.items[0].serialize(serializer),
            _ => self.items.serialize(serializer),
        }
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        if value.is_array() {
            // An array is what `items` constrains: its items must decode.
            return serde_json::from_value(value).map(OneOrMany::new).map_err(serde::de::Error::custom);
        }
        Ok(match T::deserialize(&value) {
            Ok(item) => OneOrMany { items: vec![item], other: None, lone: true },
            Err(_) => OneOrMany { items: Vec::new(), other: Some(value), lone: false },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::OneOrMany;
    use serde_json::json;

    #[test]
    fn decodes_a_list_a_single_item_or_any_other_value() {
        let many: OneOrMany<u32> = serde_json::from_str("[1, 2]").unwrap();
        assert_eq!(*many, vec![1, 2]);
        let one: OneOrMany<u32> = serde_json::from_str("7").unwrap();
        assert_eq!(*one, vec![7]);
        // Sent back as it came, until it holds more than that item.
        assert_eq!(serde_json::to_string(&one).unwrap(), "7");
        let mut grown = one.clone();
        grown.push(8);
        assert_eq!(serde_json::to_string(&grown).unwrap(), "[7,8]");
        assert_eq!(serde_json::to_string(&OneOrMany::new(vec![7])).unwrap(), "[7]");
        // Slack's `channel: {items: {anyOf: [...]}}` holding `{"id": "D069C7QFK"}`: valid JSON
        // Schema (items constrain arrays only), kept as it came and sent back unchanged.
        let other: OneOrMany<u32> = serde_json::from_str(r#"{"id": "D069C7QFK"}"#).unwrap();
        assert!(other.is_empty());
        assert_eq!(other.other(), Some(&json!({"id": "D069C7QFK"})));
        assert_eq!(serde_json::to_value(&other).unwrap(), json!({"id": "D069C7QFK"}));
        // Inside an array, items must be items.
        assert!(serde_json::from_str::<OneOrMany<u32>>(r#"[1, "x"]"#).is_err());
    }
}
