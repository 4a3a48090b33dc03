//! Reading a `multipart/mixed` body (RFC 2046 §5.1): the parts between its boundary lines, each
//! with its own headers. OpenAPI 3.2 describes such a body's parts with `itemSchema`; the client
//! decodes each part's body into that type.

/// One part: its headers (names in lowercase) and its body.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Part<'a> {
    pub headers: Vec<(String, String)>,
    pub body: &'a [u8],
}

/// The `boundary` parameter of a multipart `Content-Type`.
pub(crate) fn boundary(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim().eq_ignore_ascii_case("boundary").then(|| value.trim().trim_matches('"').to_owned())
    })
}

/// The parts of `body`: what lies between the boundary lines (`--boundary` at the start of a
/// line), up to the closing one (`--boundary--`). The preamble and epilogue are ignored; a body
/// without its closing boundary line was cut short, and is an error.
pub(crate) fn split<'a>(body: &'a [u8], boundary: &str) -> Result<Vec<Part<'a>>, String> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut lines = Vec::new(); // where each boundary line starts, up to the closing one
    let mut from = 0;
    let mut closed = false;
    while let Some(found) = find(&body[from..], delimiter) {
        let at = from + found;
        from = at + delimiter.len();
        if at != 0 && body[at - 1] != b'\n' {
            continue; // the boundary's text inside a part, not at a line's start
        }
        lines.push(at);
        if body[from..].starts_with(b"--") {
            closed = true;
            break;
        }
    }
    if lines.is_empty() {
        return Err(format!("no boundary line `--{boundary}` in the multipart body"));
    }
    if !closed {
        return Err(format!("the multipart body ends before its closing boundary line `--{boundary}--`"));
    }
    let mut parts = Vec::new();
    for pair in lines.windows(2) {
        let start = pair[0] + delimiter.len();
        // The rest of the boundary line (transport padding), then the line break.
        let content = match find(&body[start..pair[1]], b"\n") {
            Some(end) => start + end + 1,
            None => pair[1],
        };
        // The line break before the next boundary line belongs to the boundary.
        let mut end = pair[1];
        if end > content && body[end - 1] == b'\n' {
            end -= 1;
            if end > content && body[end - 1] == b'\r' {
                end -= 1;
            }
        }
        parts.push(part(&body[content..end]));
    }
    Ok(parts)
}

/// A part's headers (up to the first empty line) and body.
fn part(text: &[u8]) -> Part<'_> {
    let mut headers = Vec::new();
    let mut at = 0;
    loop {
        let end = find(&text[at..], b"\n").map_or(text.len(), |e| at + e);
        let line = text[at..end].strip_suffix(b"\r").unwrap_or(&text[at..end]);
        if line.is_empty() || end >= text.len() {
            let body_start = if line.is_empty() { (end + 1).min(text.len()) } else { at };
            return Part { headers, body: &text[body_start..] };
        }
        let line = String::from_utf8_lossy(line);
        match line.split_once(':') {
            Some((name, value)) => headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned())),
            // Not a header: the part has none, and this is its body.
            None => return Part { headers: Vec::new(), body: text },
        }
        at = end + 1;
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_between_boundaries() {
        let body = b"preamble\r\n--b1\r\nContent-Type: application/json\r\n\r\n{\"a\":1}\r\n--b1\r\n\r\n{\"a\":2}\r\n--b1--\r\nepilogue";
        let parts = split(body, "b1").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].headers, [("content-type".to_owned(), "application/json".to_owned())]);
        assert_eq!(parts[0].body, b"{\"a\":1}");
        assert_eq!((parts[1].headers.len(), parts[1].body), (0, &b"{\"a\":2}"[..]));
        // Bare line feeds, an empty part, the boundary's text inside a part.
        let body = b"--x\nX-A: 1\n\nsee --x here\n--x\n\n\n--x--";
        let parts = split(body, "x").unwrap();
        assert_eq!(parts[0].body, b"see --x here");
        assert_eq!(parts[1].body, b"");
    }

    #[test]
    fn a_cut_or_unframed_body_is_an_error() {
        assert!(split(b"--b\r\n\r\n{}\r\n", "b").unwrap_err().contains("closing boundary"));
        assert!(split(b"{}", "b").unwrap_err().contains("no boundary"));
        assert_eq!(split(b"--b--", "b").unwrap(), []);
        assert_eq!(boundary("multipart/mixed; charset=utf-8; Boundary=\"a b\""), Some("a b".to_owned()));
        assert_eq!(boundary("multipart/mixed"), None);
    }
}
