//! Identifier policy: how spec names become Rust names. Lowering is the only caller; the emitter
//! prints what it is given.
//!
//! Rules: heck does the casing; characters that cannot appear in an identifier separate words;
//! a name that is only symbols is spelled out (`+` → `Plus`); a leading digit gets a prefix;
//! Rust keywords get a trailing underscore (`type_`), which reads better than `r#type`;
//! collisions get `2`, `3`, ... suffixes in the order names are claimed, so earlier names never move.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::HashSet;

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
    "union",
];

/// Words for names made only of symbols (enum values such as `+1`, `-`, `*`).
fn spell_symbol(c: char) -> Option<&'static str> {
    Some(match c {
        '+' => "plus",
        '-' => "minus",
        '*' => "star",
        '/' => "slash",
        '=' => "eq",
        '<' => "lt",
        '>' => "gt",
        '!' => "not",
        '@' => "at",
        '.' => "dot",
        '#' => "hash",
        '$' => "dollar",
        '%' => "percent",
        '&' => "and",
        '|' => "pipe",
        '^' => "caret",
        '~' => "tilde",
        '?' => "question",
        ':' => "colon",
        _ => return None,
    })
}

/// Splits `raw` into words heck understands: identifier characters kept, everything else a space.
/// A name with no identifier characters is spelled out symbol by symbol.
fn words(raw: &str) -> String {
    let cleaned: String = raw.chars().map(|c| if c.is_alphanumeric() || c == '_' { c } else { ' ' }).collect();
    if cleaned.chars().any(|c| c.is_alphanumeric()) {
        // Keep a leading sign visible: `-1`, `+1` and `1` are different enum values.
        for (sign, word) in [('-', "minus"), ('+', "plus")] {
            if raw.starts_with(sign) && raw[1..].starts_with(|c: char| c.is_ascii_digit()) {
                return format!("{word} {cleaned}");
            }
        }
        return cleaned;
    }
    let spelled: Vec<&str> = raw.chars().filter_map(spell_symbol).collect();
    spelled.join(" ")
}

fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Only ASCII identifiers are emitted, so that every client is easy to type and grep: non-ASCII
/// letters are transliterated (`é` → `e`, `名前` → `Ming Qian`, an emoji by its name); a character
/// with no transliteration is written as its code point (`u1f600`) so distinct names stay distinct.
fn ascii_only(name: String) -> String {
    if name.is_ascii() {
        return name;
    }
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        match deunicode::deunicode_char(c).filter(|s| s.chars().any(|c| c.is_ascii_alphanumeric())) {
            // Separate transliterated words so the casing step sees them as words.
            Some(ascii) => {
                let word: String = ascii.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
                if !c.is_alphabetic() || ascii.trim().len() > 1 {
                    out.push(' ');
                    out.push_str(word.trim());
                    out.push(' ');
                } else {
                    out.push_str(word.trim());
                }
            }
            None if c.is_alphanumeric() => out.push_str(&format!(" u{:x} ", c as u32)),
            None => out.push(' '),
        }
    }
    out
}

/// The name of a type inside `parent` (its property, variant or item type): `parent` then
/// `suffix`, both `UpperCamelCase`, without repeating the words where `parent` ends as `suffix`
/// begins (`ListResponse` + `ResponseMetadata` → `ListResponseMetadata`, `FleetRole` +
/// `RoleAssignment` → `FleetRoleAssignment`). A suffix that is all overlap (`FileCommit` +
/// `Commit`) is kept whole: dropping it would give the parent's own name.
pub fn nested_name(parent: &str, suffix: &str) -> String {
    let (head, tail) = (camel_words(parent), camel_words(suffix));
    let longest = (1..tail.len()).rev().find(|&k| k <= head.len() && head[head.len() - k..] == tail[..k]);
    match longest {
        Some(k) => format!("{parent}{}", tail[k..].concat()),
        None => format!("{parent}{suffix}"),
    }
}

/// The words of an `UpperCamelCase` name (a word starts at each capital; digits stay with the
/// word before them).
fn camel_words(name: &str) -> Vec<&str> {
    let mut starts: Vec<usize> = name.char_indices().filter(|(_, c)| c.is_ascii_uppercase()).map(|(i, _)| i).collect();
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    starts
        .iter()
        .zip(starts.iter().skip(1).chain([&name.len()]))
        .map(|(&a, &b)| &name[a..b])
        .filter(|w| !w.is_empty())
        .collect()
}

/// A type or variant name: `UpperCamelCase`, never empty, never starting with a digit.
pub fn type_name(raw: &str, fallback: &str) -> String {
    let mut name = words(&ascii_only(raw.to_owned())).to_upper_camel_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{fallback}{name}");
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// A field, method or argument name: `snake_case`, never empty, never a keyword.
pub fn value_name(raw: &str, fallback: &str) -> String {
    let mut name = words(&ascii_only(raw.to_owned())).to_snake_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{fallback}_{name}");
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// The crate name a document's `info.title` suggests: its words in snake_case, without a
/// trailing `api` (`Nu Web Group API` → `nu_web_group`), `_api` added back where the rest is a
/// Rust keyword (`Box API` → `box_api`). `None` when the title has no letters to use.
pub fn crate_name_from_title(title: &str) -> Option<String> {
    let name = words(&ascii_only(title.to_owned())).to_snake_case();
    let base = name.strip_suffix("_api").filter(|rest| !rest.is_empty()).unwrap_or(&name);
    if base.is_empty() || !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(if is_keyword(base) { format!("{base}_api") } else { base.to_owned() })
}

/// `name` as a crate name, or why it cannot be one (cargo refuses keywords and characters other
/// than letters, digits, `_` and `-`; the generated docs `use` it).
pub fn checked_crate_name(name: &str) -> Result<String, String> {
    let snake = name.replace('-', "_");
    if !name.starts_with(|c: char| c.is_ascii_alphabetic())
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(format!(
            "`{name}` cannot name a crate: use ASCII letters, digits, `_` and `-`, starting with a letter"
        ));
    }
    if is_keyword(&snake) {
        return Err(format!("`{name}` is a Rust keyword and cannot name a crate; choose another, e.g. `{snake}_api`"));
    }
    Ok(snake)
}

/// A set of names already claimed in one namespace.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: HashSet<String>,
}

impl Namespace {
    /// A namespace with `reserved` names already claimed.
    pub fn with_reserved(reserved: &[&str]) -> Namespace {
        Namespace { taken: reserved.iter().map(|s| (*s).to_owned()).collect() }
    }

    /// Claims `wanted`, or the first free `wanted2`, `wanted3`, ... (with `_2` after a name
    /// ending in a digit, so `v1` and `v1_2` stay readable).
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        // A keyword escape's trailing underscore is dropped before the suffix: `self_` → `self_2`
        // and `Self_` → `Self2`, never `self__2` (not snake case) or `Self_2` (not camel case).
        let base = match wanted.trim_end_matches('_') {
            "" => wanted,
            trimmed => trimmed,
        };
        let snake = base.chars().next().is_some_and(|c| c.is_lowercase()) || base.contains('_');
        let separator = if snake || base.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }

    /// Whether `name` is claimed.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn nested_names_do_not_repeat_the_parents_last_words() {
        assert_eq!(nested_name("ConversationsListResponse", "ResponseMetadata"), "ConversationsListResponseMetadata");
        assert_eq!(nested_name("FleetRole", "RoleAssignment"), "FleetRoleAssignment");
        assert_eq!(nested_name("GitTree", "TreeItem"), "GitTreeItem");
        assert_eq!(nested_name("AutoMerge", "MergeMethod"), "AutoMergeMethod");
        assert_eq!(nested_name("FileCommit", "Commit"), "FileCommitCommit", "all overlap: kept whole");
        assert_eq!(nested_name("User", "Address"), "UserAddress");
        assert_eq!(nested_name("V2Item", "Item2Tag"), "V2ItemItem2Tag", "digits stay with their word");
        assert_eq!(nested_name("", "Address"), "Address");
    }

    use super::*;

    #[test]
    fn crate_names_come_from_titles_and_refuse_keywords() {
        assert_eq!(crate_name_from_title("Nu Web Group API").as_deref(), Some("nu_web_group"));
        assert_eq!(crate_name_from_title("Box Platform API").as_deref(), Some("box_platform"));
        assert_eq!(crate_name_from_title("Box API").as_deref(), Some("box_api"));
        assert_eq!(crate_name_from_title("API").as_deref(), Some("api"));
        assert_eq!(crate_name_from_title("3D Secure").as_deref(), None);
        assert_eq!(crate_name_from_title("").as_deref(), None);
        assert_eq!(checked_crate_name("my-client").as_deref(), Ok("my_client"));
        assert!(checked_crate_name("box").unwrap_err().contains("keyword"));
        assert!(checked_crate_name("a b").unwrap_err().contains("cannot name a crate"));
        assert!(checked_crate_name("9lives").is_err());
    }

    #[test]
    fn type_names() {
        let cases = [
            ("UpdateUserRequest", "UpdateUserRequest"),
            ("update_user_request", "UpdateUserRequest"),
            ("customer-resource", "CustomerResource"),
            ("address", "Address"),
            ("2fa-settings", "Type2faSettings"),
            ("Self", "Self_"),
            ("+1", "Plus1"),
            ("-1", "Minus1"),
            ("*", "Star"),
            ("", "Type"),
            ("a.b.c", "ABC"),
            ("über", "Uber"),
            ("é", "E"),
            ("名前", "MingQian"),
        ];
        for (raw, expected) in cases {
            assert_eq!(type_name(raw, "Type"), expected, "type_name({raw:?})");
        }
    }

    #[test]
    fn value_names() {
        let cases = [
            ("firstName", "first_name"),
            ("FirstName", "first_name"),
            ("X-NU-COMPANY-ID", "x_nu_company_id"),
            ("USER_ID", "user_id"),
            ("type", "type_"),
            ("self", "self_"),
            ("1st", "field_1st"),
            ("$ref", "ref_"),
            ("@type", "type_"),
            ("", "field"),
            ("é", "e"),
            ("prénom", "prenom"),
            ("😀", "grinning"),
        ];
        for (raw, expected) in cases {
            assert_eq!(value_name(raw, "field"), expected, "value_name({raw:?})");
        }
    }

    #[test]
    fn collisions_get_stable_suffixes() {
        let mut ns = Namespace::with_reserved(&["Client"]);
        assert_eq!(ns.claim("Client"), "Client2");
        assert_eq!(ns.claim("Pet"), "Pet");
        assert_eq!(ns.claim("Pet"), "Pet2");
        assert_eq!(ns.claim("Pet"), "Pet3");
        assert_eq!(ns.claim("v1"), "v1");
        assert_eq!(ns.claim("v1"), "v1_2");
        assert_eq!(ns.claim("get_user"), "get_user");
        assert_eq!(ns.claim("get_user"), "get_user_2");
        assert_eq!(ns.claim("self_"), "self_");
        assert_eq!(ns.claim("self_"), "self_2");
        assert_eq!(ns.claim("Self_"), "Self_");
        assert_eq!(ns.claim("Self_"), "Self2");
        assert_eq!(ns.claim("fn_"), "fn_");
        assert_eq!(ns.claim("fn_"), "fn_2");
    }
}
