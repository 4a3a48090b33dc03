//! `application/x-www-form-urlencoded` bodies, written as the spec's `encoding` object says.
//!
//! Each top-level property of the body is one form field. Without an `encoding` entry a field
//! is `style: form, explode: true` (OpenAPI's default): an array repeats the name per item
//! (`tag=a&tag=b`), an object writes its own keys (`city=London`). Declared entries change that:
//! `deepObject` nests with brackets, all the way down (`address[city]=London`,
//! `items[0][price]=1`, as Stripe and Rails-style servers read them); `explode: false` joins
//! with commas; `allowReserved` leaves RFC 3986 reserved characters unencoded; a JSON
//! `contentType` sends the value as JSON text.

use crate::encode::{scalar_text, to_value, ParamStyle, QUERY_COMPONENT};
use crate::error::InvalidRequest;
use percent_encoding::{utf8_percent_encode, AsciiSet};
use serde::Serialize;
use serde_json::Value;

/// Characters `allowReserved` leaves as they are: RFC 3986 `reserved` (gen-delims and
/// sub-delims), except `&` and `=`, which would end the pair, and `+`, which form decoding reads
/// as a space.
const RESERVED_ALLOWED: &AsciiSet = &QUERY_COMPONENT
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'#')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b';');

/// How one property of a form body is written: its entry in the spec's `encoding` object.
/// Generated code lists only the properties whose encoding is not the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormField {
    /// The property's name on the wire.
    pub name: &'static str,
    /// `style` and `explode`.
    pub style: ParamStyle,
    /// `allowReserved: true`.
    pub allow_reserved: bool,
    /// `contentType` is JSON: the value is sent as JSON text.
    pub json: bool,
}

impl FormField {
    /// `style: form` with the given `explode`.
    pub const fn form(name: &'static str, explode: bool) -> FormField {
        FormField { name, style: ParamStyle::Form { explode }, allow_reserved: false, json: false }
    }

    /// `style: deepObject`.
    pub const fn deep_object(name: &'static str) -> FormField {
        FormField { name, style: ParamStyle::DeepObject, allow_reserved: false, json: false }
    }

    /// `style: spaceDelimited` or `pipeDelimited` (any other style given here is kept as is).
    pub const fn styled(name: &'static str, style: ParamStyle) -> FormField {
        FormField { name, style, allow_reserved: false, json: false }
    }

    /// `allowReserved: true`.
    pub const fn allow_reserved(mut self) -> FormField {
        self.allow_reserved = true;
        self
    }

    /// `contentType: application/json`.
    pub const fn json(mut self) -> FormField {
        self.json = true;
        self
    }
}

/// One `name=value` pair and whether reserved characters stay unencoded in its value.
pub(crate) type Pair = (String, String, bool);

/// The encoded form body for `body` (an object; anything else is refused).
pub fn form_body<T: Serialize + ?Sized>(body: &T, fields: &[FormField]) -> Result<String, InvalidRequest> {
    let value = to_value("body", body)?;
    let Value::Object(properties) = value else {
        return Err(InvalidRequest::new("body", "a form body must be an object"));
    };
    let mut pairs: Vec<Pair> = Vec::new();
    for (name, value) in &properties {
        let field = fields.iter().find(|f| f.name == name).copied().unwrap_or(FormField {
            name: "",
            style: ParamStyle::Form { explode: true },
            allow_reserved: false,
            json: false,
        });
        field_pairs(name, value, &field, &mut pairs)?;
    }
    Ok(encode(&pairs))
}

pub(crate) fn field_pairs(
    name: &str,
    value: &Value,
    field: &FormField,
    out: &mut Vec<Pair>,
) -> Result<(), InvalidRequest> {
    let reserved = field.allow_reserved;
    if value.is_null() {
        return Ok(());
    }
    if field.json {
        let text = serde_json::to_string(value).map_err(|e| InvalidRequest::new(name, e.to_string()))?;
        out.push((name.to_owned(), text, reserved));
        return Ok(());
    }
    match (value, field.style) {
        (Value::Object(_) | Value::Array(_), ParamStyle::DeepObject) => deep_pairs(name, value, reserved, out)?,
        (Value::Array(items), ParamStyle::Form { explode: true }) => {
            for item in items {
                if let Some(text) = scalar_text(item)? {
                    out.push((name.to_owned(), text, reserved));
                }
            }
        }
        (Value::Array(items), ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited) => {
            let separator = if field.style == ParamStyle::SpaceDelimited { " " } else { "|" };
            let parts: Result<Vec<String>, _> =
                items.iter().map(|v| scalar_text(v).map(Option::unwrap_or_default)).collect();
            out.push((name.to_owned(), parts?.join(separator), reserved));
        }
        (Value::Object(map), ParamStyle::Form { explode: true }) => {
            for (key, inner) in map {
                if let Some(text) = scalar_text(inner)? {
                    out.push((key.clone(), text, reserved));
                }
            }
        }
        (other, _) => {
            if let Some(text) = scalar_text(other)? {
                out.push((name.to_owned(), text, reserved));
            }
        }
    }
    Ok(())
}

/// `name[key]=…` for objects and `name[index]=…` for arrays, recursively.
fn deep_pairs(name: &str, value: &Value, reserved: bool, out: &mut Vec<Pair>) -> Result<(), InvalidRequest> {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, inner) in map {
                deep_pairs(&format!("{name}[{key}]"), inner, reserved, out)?;
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                deep_pairs(&format!("{name}[{index}]"), inner, reserved, out)?;
            }
        }
        scalar => {
            if let Some(text) = scalar_text(scalar)? {
                out.push((name.to_owned(), text, reserved));
            }
        }
    }
    Ok(())
}

fn encode(pairs: &[Pair]) -> String {
    let mut out = String::new();
    for (key, value, reserved) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.extend(utf8_percent_encode(key, QUERY_COMPONENT));
        out.push('=');
        let set = if *reserved { RESERVED_ALLOWED } else { QUERY_COMPONENT };
        out.extend(utf8_percent_encode(value, set));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decoded(body: &str) -> Vec<(String, String)> {
        body.split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                let d = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8().unwrap().into_owned();
                (d(k), d(v))
            })
            .collect()
    }

    #[test]
    fn defaults_explode_arrays_and_objects() {
        let body = json!({"name": "Ann", "tags": ["a", "b"], "address": {"city": "London"}, "gone": null});
        let encoded = form_body(&body, &[]).unwrap();
        assert_eq!(encoded, "name=Ann&tags=a&tags=b&city=London");
    }

    #[test]
    fn deep_objects_nest_all_the_way_down() {
        let body = json!({
            "address": {"city": "London", "line1": "1 Main St"},
            "metadata": {"order_id": "6735"},
            "expand": ["default_source", "tax"],
            "invoice_settings": {"custom_fields": [{"name": "PO", "value": "42"}]},
            "email": "a@b.c"
        });
        let fields = [
            FormField::deep_object("address"),
            FormField::deep_object("metadata"),
            FormField::deep_object("expand"),
            FormField::deep_object("invoice_settings"),
        ];
        let pairs = decoded(&form_body(&body, &fields).unwrap());
        let expected = [
            ("address[city]", "London"),
            ("address[line1]", "1 Main St"),
            ("metadata[order_id]", "6735"),
            ("expand[0]", "default_source"),
            ("expand[1]", "tax"),
            ("invoice_settings[custom_fields][0][name]", "PO"),
            ("invoice_settings[custom_fields][0][value]", "42"),
            ("email", "a@b.c"),
        ];
        let expected: Vec<(String, String)> = expected.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        assert_eq!(pairs, expected);
    }

    #[test]
    fn explicit_styles_reserved_and_json() {
        let body = json!({"ids": [1, 2], "pipes": ["x", "y"], "url": "https://a.b/c?d", "meta": {"k": [1]}});
        let fields = [
            FormField::form("ids", false),
            FormField::styled("pipes", ParamStyle::PipeDelimited),
            FormField::form("url", true).allow_reserved(),
            FormField::form("meta", true).json(),
        ];
        let encoded = form_body(&body, &fields).unwrap();
        assert_eq!(encoded, "ids=1%2C2&pipes=x%7Cy&url=https://a.b/c?d&meta=%7B%22k%22%3A%5B1%5D%7D");
    }

    #[test]
    fn a_non_object_body_is_refused() {
        assert!(form_body(&json!([1]), &[]).is_err());
    }
}
