//! Spec text → rustdoc that cannot break the build: code fences become ```` ```text ```` (never
//! compiled as doctests), indentation is dropped outside fences (indented blocks would be
//! doctests too), link brackets and angle brackets are escaped (no broken intra-doc links, no
//! unclosed HTML tags), and bare URLs become autolinks. HTML descriptions are converted to
//! Markdown first (htmd), links to the vendor's own pages (`[text](/docs/…)`) keep their text,
//! and Markdown escapes stay as written. Text enters tokens as string literals, so nothing in a
//! description can become code.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for `text` (nothing for `None` or blank text).
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => lines_to_attrs(&sanitize(text)),
        None => TokenStream::new(),
    }
}

/// Doc attributes from several paragraphs (blank ones skipped).
pub fn doc_paragraphs(paragraphs: &[Option<String>]) -> TokenStream {
    lines_to_attrs(&paragraph_lines(paragraphs))
}

/// The same attributes as `doc_paragraphs`, as syntax trees.
pub fn doc_paragraph_attrs(paragraphs: &[Option<String>]) -> Vec<syn::Attribute> {
    paragraph_lines(paragraphs).iter().map(|line| super::syntax::doc_attr(&doc_text(line))).collect()
}

/// A paragraph of documentation: the spec's text, made safe, or the generator's own, whose
/// Markdown (intra-doc links such as ``[`create`](Self::create)``) is kept as written.
pub enum Paragraph {
    /// Text from the spec (sanitized; see the module docs).
    Spec(Option<String>),
    /// Text the generator wrote.
    Ours(Option<String>),
}

/// Doc attributes from paragraphs of spec text and of the generator's own text.
pub fn mixed_paragraph_attrs(paragraphs: &[Paragraph]) -> Vec<syn::Attribute> {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs {
        let text: Vec<String> = match paragraph {
            Paragraph::Spec(text) => paragraph_lines(std::slice::from_ref(text)),
            Paragraph::Ours(text) => text.iter().flat_map(|t| t.lines()).map(str::to_owned).collect(),
        };
        if text.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(text);
    }
    lines.iter().map(|line| super::syntax::doc_attr(&doc_text(line))).collect()
}

/// The doc lines of several paragraphs, a blank line between paragraphs.
fn paragraph_lines(paragraphs: &[Option<String>]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs.iter().flatten() {
        let sanitized = sanitize(paragraph);
        if sanitized.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(sanitized);
    }
    lines
}

/// A doc line as the attribute's text: `/// line` is `#[doc = " line"]`.
fn doc_text(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}

fn lines_to_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = doc_text(line);
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// Whether spec text is written in HTML (Stripe's `<p>…</p>`): a closing tag of an element
/// descriptions use, or a line break tag.
fn is_html(text: &str) -> bool {
    const TAGS: &[&str] =
        &["</p>", "</a>", "</li>", "</code>", "</strong>", "</em>", "</b>", "</i>", "</pre>", "</h", "<br"];
    let lower = text.to_ascii_lowercase();
    TAGS.iter().any(|tag| lower.contains(tag))
}

/// HTML descriptions as Markdown (htmd); other text as it is.
fn markdown(text: &str) -> std::borrow::Cow<'_, str> {
    if !is_html(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    match htmd::convert(text) {
        Ok(converted) if !converted.trim().is_empty() => std::borrow::Cow::Owned(converted),
        _ => std::borrow::Cow::Borrowed(text),
    }
}

/// Sanitizes spec text into doc lines. Lines lose their indentation (so that nothing becomes
/// an indented code block or a doctest); a line that continues a list item is indented to the
/// item's text instead (CommonMark reads it the same, and rustdoc does not lint it as a lazy
/// continuation).
pub fn sanitize(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence: Option<String> = None;
    // The text column of the list item the previous line belongs to.
    let mut item_column: Option<usize> = None;
    let text = markdown(text);
    for raw in join_split_links(&text.replace("\r\n", "\n").replace('\r', "\n")) {
        let trimmed = raw.trim();
        if let Some(fence) = &in_fence {
            if trimmed.starts_with(fence.as_str()) {
                lines.push(fence.clone());
                in_fence = None;
            } else {
                lines.push(raw.trim_end().replace('\t', "    "));
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
            lines.push(format!("{fence}text"));
            in_fence = Some(fence);
            continue;
        }
        if trimmed.is_empty() {
            if lines.last().is_some_and(|l: &String| !l.is_empty()) {
                lines.push(String::new());
            }
            item_column = None;
            continue;
        }
        let escaped = escape_line(trimmed);
        match (list_item_column(trimmed), item_column) {
            (Some(column), _) => {
                item_column = Some(column);
                lines.push(escaped);
            }
            (None, Some(column)) => lines.push(format!("{}{escaped}", " ".repeat(column))),
            (None, None) => lines.push(escaped),
        }
    }
    if let Some(fence) = in_fence {
        lines.push(fence);
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// Where the text of a list item starts (`*   a` → 4, `- a` → 2, `10. a` → 4), if the line
/// starts one.
fn list_item_column(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let marker = match (digits, bytes.get(digits)) {
        (0, Some(b'*' | b'-' | b'+')) => 1,
        (1..=9, Some(b'.' | b')')) => digits + 1,
        _ => return None,
    };
    let spaces = bytes[marker..].iter().take_while(|b| **b == b' ').count();
    (1..=4).contains(&spaces).then_some(marker + spaces).filter(|&column| column < line.len())
}

/// The text's lines, with a Markdown link whose text breaks across lines (`[Git Trees` /
/// `API](https://…)`) joined onto one, so it stays a link.
fn join_split_links(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut fenced = false;
    for line in text.split('\n') {
        let fence = line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~");
        let opens_link = |l: &str| l.rfind('[').is_some_and(|open| !l[open..].contains(']'));
        let closes_link = |l: &str| l.find("](").is_some_and(|close| !l[..close].contains('['));
        match out.last_mut() {
            Some(last) if !fenced && !fence && opens_link(last) && closes_link(line) && !line.trim().is_empty() => {
                last.push(' ');
                last.push_str(line.trim_start());
            }
            _ => out.push(line.to_owned()),
        }
        fenced ^= fence;
    }
    out
}

/// Escapes markdown that rustdoc would act on, outside inline code spans.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            // Only treat it as a span opener when a closing backtick follows on this line.
            if in_code || chars[i + 1..].contains(&'`') {
                in_code = !in_code;
            } else {
                out.push('\\');
            }
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        // A Markdown escape (`\*`, `\[`: CommonMark's backslash before ASCII punctuation) stays
        // as written.
        if c == '\\' && chars.get(i + 1).is_some_and(char::is_ascii_punctuation) {
            out.push(c);
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        // A markdown link to a web page stays a link: `[OAuth](https://…)`.
        if let Some((text_len, total)) = markdown_link_at(&chars[i..]) {
            let text: String = chars[i + 1..i + 1 + text_len].iter().collect();
            let target: String = chars[i + text_len + 3..i + total - 1].iter().collect();
            out.push('[');
            out.push_str(&escape_line(&text));
            out.push_str("](");
            out.push_str(&target);
            out.push(')');
            i += total;
            continue;
        }
        // A link to a page of the vendor's site (`[text](/docs/…)`) has nothing to resolve
        // against in the client's docs: its text, plain.
        if let Some((text_len, total)) = relative_link_at(&chars[i..]) {
            let text: String = chars[i + 1..i + 1 + text_len].iter().collect();
            out.push_str(&escape_line(&text));
            i += total;
            continue;
        }
        // An autolink stays one: `<https://…>`.
        if c == '<' {
            if let Some(url_len) = url_at(&chars[i + 1..]).filter(|len| chars.get(i + 1 + len) == Some(&'>')) {
                out.extend(&chars[i..i + url_len + 2]);
                i += url_len + 2;
                continue;
            }
        }
        if let Some(url_len) = url_at(&chars[i..]) {
            let url: String = chars[i..i + url_len].iter().collect();
            out.push('<');
            out.push_str(&url);
            out.push('>');
            i += url_len;
            continue;
        }
        match c {
            '[' | ']' | '<' | '>' | '\\' | '|' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// `[text](https://…)` at the start of `chars`: the text's length and the whole link's. The
/// text may not hold brackets or backticks, the target must be a whole http(s) URL without
/// parentheses or spaces; anything else is escaped as usual.
fn markdown_link_at(chars: &[char]) -> Option<(usize, usize)> {
    if chars.first() != Some(&'[') {
        return None;
    }
    let close = chars.iter().position(|c| *c == ']')?;
    let text = &chars[1..close];
    if text.is_empty() || text.iter().any(|c| matches!(c, '[' | '`')) || chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let target_start = close + 2;
    let end = chars[target_start..].iter().position(|c| *c == ')')? + target_start;
    let target = &chars[target_start..end];
    if url_at(target) != Some(target.len()) || target.contains(&'(') {
        return None;
    }
    Some((close - 1, end + 1))
}

/// `[text](target)` at the start of `chars` whose target is relative (`/docs/api`, `#anchor`,
/// `guide.md`): the text's length and the whole link's.
fn relative_link_at(chars: &[char]) -> Option<(usize, usize)> {
    if chars.first() != Some(&'[') {
        return None;
    }
    let close = chars.iter().position(|c| *c == ']')?;
    let text = &chars[1..close];
    if text.is_empty() || text.iter().any(|c| matches!(c, '[' | '`')) || chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let target_start = close + 2;
    let end = chars[target_start..].iter().position(|c| *c == ')')? + target_start;
    let target: String = chars[target_start..end].iter().collect();
    let relative = !target.is_empty()
        && !target.contains("://")
        && !target.contains(char::is_whitespace)
        && !target.starts_with("mailto:");
    relative.then_some((close - 1, end + 1))
}

/// Length of an http(s) URL starting at `chars`, trailing punctuation excluded.
fn url_at(chars: &[char]) -> Option<usize> {
    let starts = |prefix: &str| {
        prefix.chars().zip(chars).filter(|(a, b)| a == *b).count() == prefix.len() && chars.len() > prefix.len()
    };
    if !(starts("https://") || starts("http://")) {
        return None;
    }
    let mut end = chars
        .iter()
        .position(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '[' | ']' | '|'))
        .unwrap_or(chars.len());
    while end > 0 && matches!(chars[end - 1], '.' | ',' | ';' | ':' | ')' | '(' | '\'' | '!' | '?' | '*' | '_') {
        end -= 1;
    }
    (end > 8).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn links_and_autolinks_stay_links() {
        assert_eq!(
            sanitize("See [OAuth](https://example.com/oauth), <https://example.com/x> and https://example.com/y."),
            vec!["See [OAuth](https://example.com/oauth), <https://example.com/x> and <https://example.com/y>."]
        );
        assert_eq!(sanitize("<https://a.example/x y>"), vec![r"\<<https://a.example/x> y\>"]);
    }

    #[test]
    fn code_fences_become_text() {
        assert_eq!(sanitize("a\n```js\nlet x = 1;\n```\nb"), vec!["a", "```text", "let x = 1;", "```", "b"]);
        assert_eq!(sanitize("```\nunterminated"), vec!["```text", "unterminated", "```"]);
    }

    #[test]
    fn indentation_is_dropped_so_nothing_becomes_a_doctest() {
        assert_eq!(sanitize("intro\n\n    fn main() {}"), vec!["intro", "", "fn main() {}"]);
    }

    #[test]
    fn brackets_html_and_urls_are_made_safe() {
        assert_eq!(sanitize("see [Foo] and <b>x</b>"), vec![r"see \[Foo\] and **x**"]);
        assert_eq!(sanitize("see [Foo] and <b>x"), vec![r"see \[Foo\] and \<b\>x"]);
        assert_eq!(sanitize("go to https://example.com/a?b=c."), vec!["go to <https://example.com/a?b=c>."]);
        assert_eq!(sanitize("keep `[a]` code"), vec!["keep `[a]` code"]);
        assert_eq!(sanitize("odd ` backtick"), vec![r"odd \` backtick"]);
        assert_eq!(sanitize("\"quotes\" and */ and #[attr]"), vec![r#""quotes" and */ and #\[attr\]"#]);
    }

    #[test]
    fn html_becomes_markdown_and_relative_links_plain_text() {
        assert_eq!(
            sanitize("<p>Creates a <strong>new</strong> customer.</p><p>See <a href=\"https://stripe.com/docs\">the docs</a>.</p>"),
            vec!["Creates a **new** customer.", "", "See [the docs](https://stripe.com/docs)."]
        );
        assert_eq!(
            sanitize("See [rate limits](/docs/rate-limits) and [this](#below)."),
            vec!["See rate limits and this."]
        );
        assert_eq!(sanitize("a <b>bold</b> word"), vec!["a **bold** word"]);
    }

    #[test]
    fn list_items_keep_their_continuation_lines_and_split_links_stay_links() {
        assert_eq!(
            sanitize("**Note**:\n*   first item that goes\non here.\n- second\n  and more\n1. third\nends\n\nAfter."),
            vec![
                "**Note**:",
                "*   first item that goes",
                "    on here.",
                "- second",
                "  and more",
                "1. third",
                "   ends",
                "",
                "After."
            ]
        );
        assert_eq!(
            sanitize("use the [Git Trees\nAPI](https://docs.github.com/rest/git) instead"),
            vec!["use the [Git Trees API](https://docs.github.com/rest/git) instead"]
        );
        // A bracket that opens no link is not joined with the next line.
        assert_eq!(sanitize("a [b\nc d"), vec![r"a \[b", "c d"]);
    }

    #[test]
    fn markdown_links_to_web_pages_stay_links() {
        assert_eq!(
            sanitize("see [OAuth <2>](https://example.com/oauth) and [Foo]"),
            vec![r"see [OAuth \<2\>](https://example.com/oauth) and \[Foo\]"]
        );
        // A relative link has nothing to resolve against: its text. A target rustdoc could
        // misread: escaped.
        assert_eq!(sanitize("[a](relative/path)"), vec!["a"]);
        assert_eq!(sanitize("[a](https://x.com/a_(b))"), vec![r"\[a\](<https://x.com/a_(b>))"]);
    }
}
