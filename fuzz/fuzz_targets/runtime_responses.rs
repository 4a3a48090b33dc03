//! The runtime's response handling on arbitrary status, headers and body bytes: decoding into
//! generated types (structs, unions, enums, Patch fields) and error variants, the `Retry-After`
//! parser, and the request-side encoders (form bodies with every encoding, path segments,
//! header text) on arbitrary JSON values. Nothing may panic.
#![no_main]

use arbitrary::Arbitrary;
use bytes::Bytes;
use clientgen_runtime::{FormField, ParamStyle, Response};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    decoder: u8,
    style: u8,
}

fn response(input: &Input) -> Response {
    let status = http::StatusCode::from_u16(input.status).unwrap_or(http::StatusCode::OK);
    let mut headers = http::HeaderMap::new();
    for (name, value) in &input.headers {
        if let (Ok(name), Ok(value)) =
            (http::HeaderName::from_bytes(name.as_bytes()), http::HeaderValue::from_bytes(value.as_bytes()))
        {
            headers.append(name, value);
        }
    }
    Response::new(status, headers, Bytes::from(input.body.clone()))
}

fuzz_target!(|input: Input| {
    let _ = clientgen_runtime::retry_after(response(&input).headers());
    match input.decoder % 7 {
        0 => drop(response(&input).json::<commbox::types::UpdateUserRequest, ()>()),
        1 => drop(response(&input).json::<nuweb::types::UpdateCustomerResponse, ()>()),
        2 => drop(response(&input).json_or_empty::<nuweb::types::UpdateCompanyUserRequest, ()>()),
        3 => drop(response(&input).error(commbox::types::UpdateUserError::BadRequest)),
        4 => drop(response(&input).text::<()>()),
        5 => drop(response(&input).unexpected::<()>()),
        _ => {
            // Request-side encoders on whatever JSON the bytes hold.
            let Ok(value) = serde_json::from_slice::<serde_json::Value>(&input.body) else { return };
            let style = match input.style % 5 {
                0 => ParamStyle::Form { explode: true },
                1 => ParamStyle::Form { explode: false },
                2 => ParamStyle::SpaceDelimited,
                3 => ParamStyle::PipeDelimited,
                _ => ParamStyle::DeepObject,
            };
            let fields: Vec<FormField> = ["a", "b", "c", "d"]
                .iter()
                .map(|name| {
                    let field = FormField::styled(name, style);
                    if input.style & 8 != 0 { field.allow_reserved() } else { field }
                })
                .collect();
            let _ = clientgen_runtime::form_body(&value, &fields);
            let _ = clientgen_runtime::path_segment("p", &value);
            let _ = clientgen_runtime::header_text(&value);
        }
    }
});
