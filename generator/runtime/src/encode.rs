//! Turning parameter values into URL and header text (RFC 3986, OpenAPI parameter styles).

use crate::error::{BuildError, InvalidRequest};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;

/// Everything but RFC 3986 unreserved characters is encoded in a path segment, so no value can
/// add a segment (`/`), start a query (`?`) or fragment (`#`), or escape with `%`.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Query keys and values: unreserved characters stay, everything else is encoded.
pub(crate) const QUERY_COMPONENT: &AsciiSet = PATH_SEGMENT;

/// How an array or object parameter is written (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `a=1&a=2` when exploded, `a=1,2` when not.
    Form {
        /// One pair per item.
        explode: bool,
    },
    /// `a=1%202`.
    SpaceDelimited,
    /// `a=1|2`.
    PipeDelimited,
    /// `a[key]=value`.
    DeepObject,
    /// Path `simple`, exploded: an object as `k=v,k2=v2` (arrays as `a,b`).
    SimpleExploded,
    /// Path `label`: `.v`; arrays `.a,b`, or `.a.b` exploded; objects `.k,v`, or `.k=v` exploded.
    Label {
        /// One `.`-prefixed part per item.
        explode: bool,
    },
    /// Path `matrix`: `;name=v`; arrays `;name=a,b`, or `;name=a;name=b` exploded; objects
    /// `;name=k,v`, or `;k=v` exploded.
    Matrix {
        /// One `;name=` pair per item.
        explode: bool,
    },
    /// A parameter declared with `content: application/json`: one pair (or one path segment,
    /// header or cookie value) whose value is the JSON text, `metadata=%7B%22team%22%3A%22ml%22%7D`.
    Json,
}

/// Encodes one path parameter as a single, opaque path segment.
///
/// Values that would still change the request target after encoding — empty, `.` or `..`
/// (URL parsers remove dot segments, even percent-encoded ones) — are refused.
pub fn path_segment<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<String, InvalidRequest> {
    let text = scalar_text(&to_value(name, value)?)?
        .ok_or_else(|| InvalidRequest::new(name, "is a path parameter and cannot be null"))?;
    if text.is_empty() || text == "." || text == ".." {
        return Err(InvalidRequest::new(name, format!("cannot be {text:?}: it would change the request path")));
    }
    Ok(utf8_percent_encode(&text, PATH_SEGMENT).to_string())
}

/// Encodes one path parameter in a `style` (RFC 6570 as OpenAPI uses it): values are
/// percent-encoded like [`path_segment`], the style's separators (`.`, `;`, `=`, `,`) are not.
/// A result that would be a dot segment (`.`, `..`) is refused.
pub fn styled_path_segment<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: ParamStyle,
) -> Result<String, InvalidRequest> {
    let value = to_value(name, value)?;
    let enc = |text: &str| utf8_percent_encode(text, PATH_SEGMENT).to_string();
    if style == ParamStyle::Json {
        return Ok(enc(&json_text(&value)));
    }
    let scalar = |v: &Value| scalar_text(v).map(|t| enc(&t.unwrap_or_default()));
    // The parts of the value: items of an array, `k`/`v` pairs of an object, or the scalar.
    let (pairs, items): (Vec<(String, String)>, Vec<String>) = match &value {
        Value::Null => return Err(InvalidRequest::new(name, "is a path parameter and cannot be null")),
        Value::Array(list) => (Vec::new(), list.iter().map(scalar).collect::<Result<_, _>>()?),
        Value::Object(map) => {
            (map.iter().map(|(k, v)| Ok((enc(k), scalar(v)?))).collect::<Result<_, InvalidRequest>>()?, Vec::new())
        }
        other => (Vec::new(), vec![scalar(other)?]),
    };
    let is_object = value.is_object();
    let joined = |pair_sep: &str, sep: &str| -> String {
        if is_object {
            pairs.iter().map(|(k, v)| format!("{k}{pair_sep}{v}")).collect::<Vec<_>>().join(sep)
        } else {
            items.join(sep)
        }
    };
    let name_enc = enc(name);
    let text = match style {
        ParamStyle::SimpleExploded => joined("=", ","),
        ParamStyle::Label { explode: false } => format!(".{}", joined(",", ",")),
        ParamStyle::Label { explode: true } => format!(".{}", joined("=", ".")),
        ParamStyle::Matrix { explode: false } => format!(";{name_enc}={}", joined(",", ",")),
        ParamStyle::Matrix { explode: true } if is_object => format!(";{}", joined("=", ";")),
        ParamStyle::Matrix { explode: true } => {
            items.iter().map(|item| format!(";{name_enc}={item}")).collect::<String>()
        }
        _ => joined(",", ","),
    };
    if text.is_empty() || text == "." || text == ".." {
        return Err(InvalidRequest::new(name, format!("cannot be {text:?}: it would change the request path")));
    }
    Ok(text)
}

/// The text a header or default header carries for `value` (`simple` style: arrays and objects
/// comma-separated); empty for null.
pub fn header_text<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| scalar_text(&v).ok().flatten()).unwrap_or_default()
}

pub(crate) fn to_value<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<Value, InvalidRequest> {
    serde_json::to_value(value).map_err(|e| InvalidRequest::new(name, format!("cannot be encoded: {e}")))
}

/// The text of a scalar value; `None` for null. Arrays are joined with commas (`simple` style).
pub(crate) fn scalar_text(value: &Value) -> Result<Option<String>, InvalidRequest> {
    Ok(match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(number_text(n)),
        Value::Array(items) => {
            let parts: Result<Vec<String>, _> =
                items.iter().map(|v| item_text(v).map(Option::unwrap_or_default)).collect();
            Some(parts?.join(","))
        }
        Value::Object(map) => {
            let mut parts = Vec::new();
            for (key, v) in map {
                parts.push(key.clone());
                parts.push(scalar_text(v)?.unwrap_or_default());
            }
            Some(parts.join(","))
        }
    })
}

/// An item of an array parameter as text. OpenAPI defines no serialization for objects or
/// arrays inside an array (`sorts=[{field, direction}]`, style `form`), and flattening them into
/// the list loses which value belongs to which item: each such item is written as its JSON text
/// (`sorts=%7B%22field%22%3A%22name%22%7D&sorts=…`), which a server can read back exactly.
fn item_text(value: &Value) -> Result<Option<String>, InvalidRequest> {
    match value {
        Value::Object(_) | Value::Array(_) => Ok(Some(json_text(value))),
        other => scalar_text(other),
    }
}

/// A value's JSON text (`content: application/json` parameters, nested items).
pub(crate) fn json_text(value: &Value) -> String {
    value.to_string()
}

/// A header or cookie parameter declared with `content: application/json`: its JSON text, or
/// `None` for a null value (not sent).
pub fn json_param<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<Option<String>, InvalidRequest> {
    let value = to_value(name, value)?;
    Ok((!value.is_null()).then(|| json_text(&value)))
}

/// A number as parameter text. Whole floats are written without a fraction (`3`, not `3.0`), so
/// a `number` parameter reads the same whether it came from a default or a call.
fn number_text(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
            format!("{}", f as i64)
        }
        _ => n.to_string(),
    }
}

/// Appends `name=value` pairs for one query parameter, per its style.
pub(crate) fn query_pairs(
    name: &str,
    value: &Value,
    style: ParamStyle,
    out: &mut Vec<(String, String)>,
) -> Result<(), InvalidRequest> {
    match (value, style) {
        (Value::Null, _) => {}
        (other, ParamStyle::Json) => out.push((name.to_owned(), json_text(other))),
        (Value::Array(items), ParamStyle::Form { explode: true }) => {
            for item in items {
                if let Some(text) = item_text(item)? {
                    out.push((name.to_owned(), text));
                }
            }
        }
        (Value::Array(items), ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited) => {
            let separator = if style == ParamStyle::SpaceDelimited { " " } else { "|" };
            let parts: Result<Vec<String>, _> =
                items.iter().map(|v| scalar_text(v).map(Option::unwrap_or_default)).collect();
            out.push((name.to_owned(), parts?.join(separator)));
        }
        (Value::Object(map), ParamStyle::DeepObject) => {
            for (key, v) in map {
                if let Some(text) = scalar_text(v)? {
                    out.push((format!("{name}[{key}]"), text));
                }
            }
        }
        (Value::Object(map), ParamStyle::Form { explode: true }) => {
            for (key, v) in map {
                if let Some(text) = scalar_text(v)? {
                    out.push((key.clone(), text));
                }
            }
        }
        (other, _) => {
            if let Some(text) = scalar_text(other)? {
                out.push((name.to_owned(), text));
            }
        }
    }
    Ok(())
}

/// Encodes `pairs` as `application/x-www-form-urlencoded` or a query string.
/// One value percent-encoded as a form or query component.
pub(crate) fn form_component(value: &str) -> String {
    utf8_percent_encode(value, QUERY_COMPONENT).to_string()
}

pub(crate) fn encode_pairs(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (key, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.extend(utf8_percent_encode(key, QUERY_COMPONENT));
        out.push('=');
        out.extend(utf8_percent_encode(value, QUERY_COMPONENT));
    }
    out
}

/// One server URL variable: its name, the caller's value, the spec's default, and the allowed
/// values (empty: any).
pub type ServerVariable<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [&'a str]);

/// Fills a server URL template's `{variables}`. A variable given as `None` uses its default;
/// with neither, building fails. `allowed` lists each variable's permitted values (empty: any).
pub fn expand_server_url(template: &str, variables: &[ServerVariable<'_>]) -> Result<String, BuildError> {
    let mut url = template.to_owned();
    for (name, value, default, allowed) in variables {
        let chosen = value.or(*default).ok_or_else(|| BuildError::MissingServerVariable((*name).to_owned()))?;
        if !allowed.is_empty() && !allowed.contains(&chosen) {
            return Err(BuildError::InvalidServerVariable { name: (*name).to_owned(), value: chosen.to_owned() });
        }
        // Server variables are path text chosen by the caller: encode what could change the URL's structure.
        let encoded = utf8_percent_encode(chosen, PATH_SEGMENT).to_string();
        url = url.replace(&format!("{{{name}}}"), &encoded);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_change_the_target() {
        let cases = [
            ("../x", "..%2Fx"),
            ("a/b", "a%2Fb"),
            ("?q=1", "%3Fq%3D1"),
            ("#frag", "%23frag"),
            ("a b", "a%20b"),
            ("ünï", "%C3%BCn%C3%AF"),
            ("%2F", "%252F"),
            ("plain-id_1.2~", "plain-id_1.2~"),
        ];
        for (raw, expected) in cases {
            assert_eq!(path_segment("id", raw).unwrap(), expected, "{raw}");
        }
        for refused in ["", ".", ".."] {
            assert!(path_segment("id", refused).is_err(), "{refused:?} must be refused");
        }
        assert_eq!(path_segment("id", &42).unwrap(), "42");
    }

    #[test]
    fn path_styles() {
        let cases = [
            (serde_json::json!(5), ParamStyle::Label { explode: false }, ".5"),
            (serde_json::json!([3, 4, 5]), ParamStyle::Label { explode: false }, ".3,4,5"),
            (serde_json::json!([3, 4, 5]), ParamStyle::Label { explode: true }, ".3.4.5"),
            (serde_json::json!({"R": 100, "G": 200}), ParamStyle::Label { explode: false }, ".R,100,G,200"),
            (serde_json::json!({"R": 100, "G": 200}), ParamStyle::Label { explode: true }, ".R=100.G=200"),
            (serde_json::json!(5), ParamStyle::Matrix { explode: false }, ";id=5"),
            (serde_json::json!([3, 4, 5]), ParamStyle::Matrix { explode: false }, ";id=3,4,5"),
            (serde_json::json!([3, 4, 5]), ParamStyle::Matrix { explode: true }, ";id=3;id=4;id=5"),
            (serde_json::json!({"R": 100, "G": 200}), ParamStyle::Matrix { explode: false }, ";id=R,100,G,200"),
            (serde_json::json!({"R": 100, "G": 200}), ParamStyle::Matrix { explode: true }, ";R=100;G=200"),
            (serde_json::json!({"R": 100, "G": 200}), ParamStyle::SimpleExploded, "R=100,G=200"),
            (serde_json::json!("a/b c"), ParamStyle::Label { explode: false }, ".a%2Fb%20c"),
        ];
        for (value, style, expected) in cases {
            assert_eq!(styled_path_segment("id", &value, style).unwrap(), expected, "{value} {style:?}");
        }
        assert!(styled_path_segment("id", &serde_json::json!(""), ParamStyle::Label { explode: false }).is_err());
        assert!(styled_path_segment("id", &serde_json::json!("."), ParamStyle::Label { explode: false }).is_err());
    }

    #[test]
    fn query_styles() {
        let v = serde_json::json!([1, 2]);
        let mut out = Vec::new();
        query_pairs("a", &v, ParamStyle::Form { explode: true }, &mut out).unwrap();
        query_pairs("b", &v, ParamStyle::Form { explode: false }, &mut out).unwrap();
        query_pairs("c", &v, ParamStyle::PipeDelimited, &mut out).unwrap();
        query_pairs("d", &serde_json::json!({"x": 1}), ParamStyle::DeepObject, &mut out).unwrap();
        query_pairs("e", &Value::Null, ParamStyle::Form { explode: true }, &mut out).unwrap();
        assert_eq!(encode_pairs(&out), "a=1&a=2&b=1%2C2&c=1%7C2&d%5Bx%5D=1");
    }

    #[test]
    fn server_variables() {
        let t = "https://x/{store_id}/sf";
        assert_eq!(expand_server_url(t, &[("store_id", Some("s 1"), None, &[])]).unwrap(), "https://x/s%201/sf");
        assert!(matches!(
            expand_server_url(t, &[("store_id", None, None, &[])]),
            Err(BuildError::MissingServerVariable(_))
        ));
        assert!(expand_server_url(t, &[("store_id", Some("b"), Some("a"), &["a"])]).is_err());
    }
}
