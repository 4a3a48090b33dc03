//! `multipart/form-data` request bodies (RFC 7578), written by reqwest's multipart support.
//!
//! Parts follow OpenAPI's defaults for multipart properties: a string, number or boolean is a
//! plain-text part, an object (or an array of objects) is a part of JSON text
//! (`application/json`), each item of an array is a part of its own under the property's name,
//! and file content is a part with a file name (`application/octet-stream` unless the spec or
//! the [`Upload`] says otherwise). A property's `encoding.contentType` replaces the default.

use crate::encode::to_value;
use crate::error::InvalidRequest;
use crate::form::{field_pairs, FormField};
use crate::upload::Upload;
use serde::Serialize;
use serde_json::Value;

/// A multipart body being assembled by a generated method.
#[derive(Debug, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Debug)]
struct Part {
    name: String,
    content: Content,
    content_type: Option<String>,
    headers: Vec<(String, String)>,
}

#[derive(Debug)]
enum Content {
    Text(String),
    File(Upload),
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Multipart {
        Multipart::default()
    }

    /// Adds the value of the property `name`; `None`/null adds nothing, an array adds one part
    /// per item. `content_type` is the property's `encoding.contentType`, if the spec gives one.
    pub fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        content_type: Option<&str>,
    ) -> Result<(), InvalidRequest> {
        match to_value(name, value)? {
            Value::Null => {}
            Value::Array(items) => {
                for item in items {
                    self.value_part(name, item, content_type);
                }
            }
            value => self.value_part(name, value, content_type),
        }
        Ok(())
    }

    /// Adds the value of a property whose `encoding` gives a `style` (OpenAPI 3.1 applies it to
    /// multipart parts): each name and value the style makes, as for a form body, is a text part
    /// (`{"a": 1}` with `style: form, explode: true` is a part `a` of `1`; with `deepObject`, a
    /// part `prop[a]`). `None`/null adds nothing.
    pub fn styled<T: Serialize + ?Sized>(&mut self, value: &T, field: FormField) -> Result<(), InvalidRequest> {
        let value = to_value(field.name, value)?;
        let mut pairs = Vec::new();
        field_pairs(field.name, &value, &field, &mut pairs)?;
        for (name, text, _) in pairs {
            self.parts.push(Part { name, content: Content::Text(text), content_type: None, headers: Vec::new() });
        }
        Ok(())
    }

    fn value_part(&mut self, name: &str, value: Value, content_type: Option<&str>) {
        let (text, default_type) = match value {
            Value::Null => return,
            Value::String(text) => (text, None),
            Value::Bool(_) | Value::Number(_) => (value.to_string(), None),
            Value::Array(_) | Value::Object(_) => (value.to_string(), Some("application/json")),
        };
        let content_type = content_type.or(default_type).map(str::to_owned);
        self.parts.push(Part {
            name: name.to_owned(),
            content: Content::Text(text),
            content_type,
            headers: Vec::new(),
        });
    }

    /// Adds file content under `name`: an [`Upload`], an `Option` of one, or a `Vec` of them (a
    /// part each). `content_type` is the property's `encoding.contentType`, if the spec gives one;
    /// the upload's own [`content_type`](Upload::content_type) wins over it.
    pub fn file<F: Files + ?Sized>(&mut self, name: &str, files: &F, content_type: Option<&str>) {
        files.each(&mut |upload| {
            let content_type = upload.media_type().or(content_type).unwrap_or("application/octet-stream");
            self.parts.push(Part {
                name: name.to_owned(),
                content: Content::File(upload.clone()),
                content_type: Some(content_type.to_owned()),
                headers: upload.part_headers().to_vec(),
            });
        });
    }

    /// Adds `headers` to every part of the property `name` added so far (the constant headers the
    /// spec's `encoding.<property>.headers` gives); a header the part already has is kept.
    pub fn headers(&mut self, name: &str, headers: &[(&str, &str)]) {
        for part in self.parts.iter_mut().filter(|p| p.name == name) {
            for (header, value) in headers {
                if !part.headers.iter().any(|(h, _)| h.eq_ignore_ascii_case(header)) {
                    part.headers.push(((*header).to_owned(), (*value).to_owned()));
                }
            }
        }
    }

    /// Whether every part can be sent again (see [`Upload`]).
    pub fn is_replayable(&self) -> bool {
        self.parts.iter().all(|part| match &part.content {
            Content::Text(_) => true,
            Content::File(upload) => upload.is_replayable(),
        })
    }

    /// The form of one attempt: files are opened now.
    pub(crate) async fn form(&self) -> Result<reqwest::multipart::Form, InvalidRequest> {
        let mut form = reqwest::multipart::Form::new();
        for part in &self.parts {
            let mut built = match &part.content {
                Content::Text(text) => reqwest::multipart::Part::text(text.clone()),
                Content::File(upload) => {
                    let (body, length) = upload.open(&part.name).await?;
                    let built = match length {
                        Some(length) => reqwest::multipart::Part::stream_with_length(body, length),
                        None => reqwest::multipart::Part::stream(body),
                    };
                    // A part without a file name is read as a plain field by many servers.
                    built.file_name(upload.name().unwrap_or(&part.name).to_owned())
                }
            };
            if !part.headers.is_empty() {
                let mut headers = http::HeaderMap::new();
                for (name, value) in &part.headers {
                    let name = http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                        InvalidRequest::new(&part.name, format!("has an invalid part header name `{name}`"))
                    })?;
                    let value = http::HeaderValue::from_str(value).map_err(|_| {
                        InvalidRequest::new(&part.name, format!("has an invalid value for the part header `{name}`"))
                    })?;
                    headers.append(name, value);
                }
                built = built.headers(headers);
            }
            if let Some(content_type) = &part.content_type {
                built = built.mime_str(content_type).map_err(|_| {
                    InvalidRequest::new(&part.name, format!("has an invalid media type `{content_type}`"))
                })?;
            }
            form = form.part(part.name.clone(), built);
        }
        Ok(form)
    }
}

/// File content for one multipart property: an [`Upload`], an `Option` of one, or a list.
pub trait Files {
    /// Calls `f` with each upload.
    fn each(&self, f: &mut dyn FnMut(&Upload));
}

impl Files for Upload {
    fn each(&self, f: &mut dyn FnMut(&Upload)) {
        f(self)
    }
}

impl<T: Files> Files for Option<T> {
    fn each(&self, f: &mut dyn FnMut(&Upload)) {
        if let Some(files) = self {
            files.each(f)
        }
    }
}

impl<T: Files> Files for Vec<T> {
    fn each(&self, f: &mut dyn FnMut(&Upload)) {
        for files in self {
            files.each(f)
        }
    }
}

impl<T: Files> Files for crate::OneOrMany<T> {
    fn each(&self, f: &mut dyn FnMut(&Upload)) {
        self.as_slice().each(f)
    }
}

impl<T: Files> Files for [T] {
    fn each(&self, f: &mut dyn FnMut(&Upload)) {
        for files in self {
            files.each(f)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_follow_the_openapi_defaults() {
        let mut form = Multipart::new();
        form.field("id", &7, None).unwrap();
        form.field("tags", &["a", "b"], None).unwrap();
        form.field("meta", &serde_json::json!({"k": 1}), None).unwrap();
        form.field("skipped", &None::<String>, None).unwrap();
        form.field("csv", &"x,y", Some("text/csv")).unwrap();
        form.file("doc", &Some(Upload::bytes("%PDF")), None);
        form.file("pics", &vec![Upload::bytes("1").content_type("image/png"), Upload::bytes("2")], Some("image/jpeg"));
        let summary: Vec<(String, Option<String>)> =
            form.parts.iter().map(|p| (p.name.clone(), p.content_type.clone())).collect();
        let own = |n: &str, t: Option<&str>| (n.to_owned(), t.map(str::to_owned));
        assert_eq!(
            summary,
            [
                own("id", None),
                own("tags", None),
                own("tags", None),
                own("meta", Some("application/json")),
                own("csv", Some("text/csv")),
                own("doc", Some("application/octet-stream")),
                own("pics", Some("image/png")),
                own("pics", Some("image/jpeg")),
            ]
        );
        assert!(form.is_replayable());
        form.file("stream", &Upload::reader(&b"abc"[..]), None);
        assert!(!form.is_replayable());
    }
}
