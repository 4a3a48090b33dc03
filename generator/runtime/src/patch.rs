use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An optional, nullable property: absent, `null`, or a value.
///
/// Optional, nullable properties have three meaningful states, and `Option` has only two. In a
/// request, `Absent` omits the property (the server keeps its value), `Null` sends `null` (the
/// server clears it), and `Value(v)` sends `v`. In a response, the same three states say what
/// the server sent, so a decoded value encodes back unchanged; read it with
/// [`Patch::value`] or [`Patch::into_option`] when absent and `null` mean the same to you.
///
/// ```
/// use clientgen_runtime::Patch;
/// let keep: Patch<String> = Patch::Absent;      // leave unchanged
/// let clear: Patch<String> = Patch::Null;       // set to null
/// let set: Patch<String> = "Jane".to_owned().into(); // set to "Jane"
/// assert!(keep.is_absent() && clear.is_null() && set.value().is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Patch<T> {
    /// Not sent: the server keeps the current value.
    #[default]
    Absent,
    /// Sent as `null`: the server clears the value.
    Null,
    /// Sent as the value.
    Value(T),
}

impl<T> Patch<T> {
    /// True for [`Patch::Absent`]; generated structs skip such fields when serializing.
    pub fn is_absent(&self) -> bool {
        matches!(self, Patch::Absent)
    }

    /// True for [`Patch::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Patch::Null)
    }

    /// The value, if one is set.
    pub fn value(&self) -> Option<&T> {
        match self {
            Patch::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The value, if one is set, by value: absent and `null` are both `None`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Patch::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The value, dereferenced, if one is set (`Option::as_deref`'s counterpart: a
    /// `Patch<String>` reads as an `Option<&str>`).
    pub fn as_deref(&self) -> Option<&T::Target>
    where
        T: std::ops::Deref,
    {
        self.value().map(|value| &**value)
    }

    /// `None` → [`Patch::Null`], `Some(v)` → [`Patch::Value`]: for callers holding an `Option`
    /// that means "clear or set".
    pub fn from_option(value: Option<T>) -> Patch<T> {
        value.map_or(Patch::Null, Patch::Value)
    }

    /// The value passed through `f`; absence and `null` stay as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Patch<U> {
        match self {
            Patch::Absent => Patch::Absent,
            Patch::Null => Patch::Null,
            Patch::Value(value) => Patch::Value(f(value)),
        }
    }

    /// Borrows the value.
    pub fn as_ref(&self) -> Patch<&T> {
        match self {
            Patch::Absent => Patch::Absent,
            Patch::Null => Patch::Null,
            Patch::Value(value) => Patch::Value(value),
        }
    }
}

impl<T> From<Patch<T>> for Option<T> {
    fn from(patch: Patch<T>) -> Option<T> {
        patch.into_option()
    }
}

impl<T> From<T> for Patch<T> {
    fn from(value: T) -> Patch<T> {
        Patch::Value(value)
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Absent fields are skipped by `skip_serializing_if`; if one is serialized anyway
            // (e.g. inside a Vec), null is the closest faithful encoding.
            Patch::Absent | Patch::Null => serializer.serialize_none(),
            Patch::Value(value) => value.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Patch<T>, D::Error> {
        // Absent properties never reach here: generated fields carry `#[serde(default)]`.
        Option::<T>::deserialize(deserializer).map(Patch::from_option)
    }
}
