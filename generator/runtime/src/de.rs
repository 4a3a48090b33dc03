//! Support for the `Deserialize` impls clientgen emits for structs: one map visitor per struct,
//! much less code for rustc than serde_derive's (which adds a field-identifier enum and a
//! sequence visitor a JSON client never uses).

use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// An object key, borrowed from the input when it can be.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key, owned.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads a property's value into its slot: the match arm of each declared property. A function
/// rather than `slot = Some(map.next_value()?)` in every arm, because each `?` is trait work for
/// the compiler, and a large client has thousands of these arms (GitHub's: ~15% of `cargo
/// check`).
pub fn next<'de, A: MapAccess<'de>, T: Deserialize<'de>>(map: &mut A, slot: &mut Option<T>) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads an optional property of any JSON value into its slot, `null` included: `Some(Null)`,
/// apart from the property being absent (`None`), where `next` would read `null` as absent.
pub fn next_any<'de, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<Option<serde_json::Value>>,
) -> Result<(), A::Error> {
    *slot = Some(Some(map.next_value()?));
    Ok(())
}

/// Skips a property's value: the match arm of properties the struct does not declare.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<serde::de::IgnoredAny>()?;
    Ok(())
}

/// A required property's value, or serde's "missing field" error.
pub fn required<T, E: Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

/// A struct read from a JSON object, property by property. clientgen implements it for every
/// generated struct; [`deserialize_struct`] supplies the serde visitor, so each struct carries
/// only its own field loop.
pub trait FromMap: Sized {
    /// The type's name, for error messages.
    const NAME: &'static str;

    /// Reads the struct from the object's entries.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` for a [`FromMap`] struct.
pub fn deserialize_struct<'de, T: FromMap, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct StructVisitor<T>(PhantomData<T>);
    impl<'de, T: FromMap> Visitor<'de> for StructVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "an object ({})", T::NAME)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_map(map)
        }
    }
    deserializer.deserialize_map(StructVisitor(PhantomData))
}
