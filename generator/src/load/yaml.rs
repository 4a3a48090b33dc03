//! The one place that parses YAML. serde_yaml is unmaintained; swapping it is a change to this file.

use crate::diagnostics::{Error, Location};
use serde_json::Value;

/// Parses YAML text into a JSON value. Errors carry line and column.
///
/// Goes through `serde_yaml::Value` rather than straight to `serde_json::Value`, so that what
/// YAML allows and JSON does not is converted instead of refused: integers beyond 64 bits become
/// floats (real specs write `maximum: 18446744073709552000`), non-string keys become strings,
/// tags are dropped.
pub fn parse_yaml(text: &str, file: &str) -> Result<Value, Error> {
    serde_yaml::from_str::<JsonFromYaml>(text).map(|parsed| parsed.0).map_err(|err| {
        let mut location = Location::new(file, "");
        if let Some(mark) = err.location() {
            location.line = Some(mark.line());
            location.column = Some(mark.column());
        }
        Error::spec(location, format!("invalid YAML: {err}"))
    })
}

/// A JSON value read from YAML by a visitor that accepts what JSON cannot hold.
struct JsonFromYaml(Value);

impl<'de> serde::Deserialize<'de> for JsonFromYaml {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor).map(JsonFromYaml)
    }
}

struct JsonVisitor;

impl<'de> serde::de::Visitor<'de> for JsonVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(float(v as f64))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(float(v as f64))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(JsonFromYaml(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some((JsonFromYaml(key), JsonFromYaml(value))) = map.next_entry()? {
            // YAML allows any key; OpenAPI keys (status codes, names) are text.
            let key = match key {
                Value::String(s) => s,
                other => other.to_string(),
            };
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A tagged value (`!tag value`): keep the value, drop the tag.
        use serde::de::VariantAccess;
        let (_, variant): (JsonFromYaml, _) = data.variant()?;
        variant.newtype_variant::<JsonFromYaml>().map(|v| v.0)
    }
}

/// A float as JSON; NaN and infinities (which JSON cannot write) become null.
fn float(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::parse_yaml;

    #[test]
    fn yaml_beyond_json() {
        let value = parse_yaml("big: 18446744073709552000\n200: ok\nlist: [1, -2, 2.5]\n", "t.yaml").unwrap();
        assert_eq!(value["big"].as_f64(), Some(18446744073709552000.0));
        assert_eq!(value["200"], "ok");
        assert_eq!(value["list"], serde_json::json!([1, -2, 2.5]));
    }

    #[test]
    fn syntax_errors_are_located() {
        let err = parse_yaml("a: [1,\nb: 2\n", "t.yaml").unwrap_err().to_string();
        assert!(err.starts_with("t.yaml:"), "{err}");
    }
}
