//! Method names for operations without an `operationId` (Twilio's, the Star Trek API's…), from
//! their method and path as a person would name them: `GET /Accounts/{Sid}/Calls` → `list_calls`,
//! `POST /Accounts/{Sid}/Calls/{CallSid}.json` → `update_call`, `POST /users/{id}/activate` →
//! `activate_user`. Where two operations would get the same name, each takes the next longer
//! candidate, with the resources its path is nested in (`list_call_notifications`); the caller
//! keeps the method-and-path name when every candidate is shared.

use super::groups::singular;
use crate::names::value_name;

/// Words that name what a `POST` (or `GET`) does rather than a resource: `/animal/search` is
/// `search_animal`, `/charges/{id}/capture` `capture_charge` (any word after a parameter is one).
const ACTIONS: &[&str] = &[
    "activate",
    "approve",
    "archive",
    "attach",
    "cancel",
    "capture",
    "close",
    "confirm",
    "count",
    "deactivate",
    "detach",
    "disable",
    "download",
    "enable",
    "export",
    "finalize",
    "import",
    "lock",
    "login",
    "logout",
    "merge",
    "open",
    "pay",
    "preview",
    "publish",
    "query",
    "reboot",
    "refresh",
    "refund",
    "reject",
    "resend",
    "reset",
    "restart",
    "retry",
    "search",
    "send",
    "start",
    "stop",
    "submit",
    "subscribe",
    "sync",
    "test",
    "unarchive",
    "unlock",
    "unpublish",
    "unsubscribe",
    "upload",
    "validate",
    "verify",
    "void",
];

/// One segment of a path: a resource word, or a parameter.
#[derive(Debug, PartialEq)]
enum Segment {
    Word(String),
    Param,
}

/// The candidate names, shortest first: the verb and the resource, then with each resource the
/// path is nested in before it. Empty when the path names no resource or the method has no verb.
pub fn candidates(method: &str, path: &str) -> Vec<String> {
    let segments = segments(path);
    let Some(last_word) = segments.iter().rposition(|s| matches!(s, Segment::Word(_))) else { return Vec::new() };
    let Segment::Word(resource) = &segments[last_word] else { return Vec::new() };
    let item = segments.last() == Some(&Segment::Param);
    let plural = singular(resource) != resource.as_str();
    let after_param = last_word > 0 && segments[last_word - 1] == Segment::Param;
    // Each verb the call could go by, the likelier first: a `GET` of a word that may be
    // plural or not (`media`) lists or gets; a `PUT` updates, or replaces beside another update.
    let (verbs, noun): (&[&str], String) = match (method, item) {
        ("get" | "post", false) if ACTIONS.contains(&resource.as_str()) => (&[], String::new()),
        ("get", true) => (&["get"], singular(resource).into_owned()),
        ("get", false) if plural => (&["list"], resource.clone()),
        ("get", false) => (&["get", "list"], resource.clone()),
        ("post", false) if plural => (&["create"], singular(resource).into_owned()),
        // `POST /users/{id}/activate`: the word is what the method does.
        ("post", false) if after_param => (&[], String::new()),
        ("post", false) => (&["create"], resource.clone()),
        ("post" | "patch", true) => (&["update"], singular(resource).into_owned()),
        ("put", true) => (&["update", "replace"], singular(resource).into_owned()),
        ("patch", false) => (&["update"], resource.clone()),
        ("put", false) => (&["update", "replace"], resource.clone()),
        ("delete", true) => (&["delete"], singular(resource).into_owned()),
        ("delete", false) => (&["delete"], resource.clone()),
        _ => return Vec::new(),
    };
    // The resources around it, nearest first (an action's own resource is the one before it).
    let mut parents: Vec<String> = segments[..last_word]
        .iter()
        .rev()
        .filter_map(|s| match s {
            Segment::Word(w) => Some(singular(w).into_owned()),
            Segment::Param => None,
        })
        .collect();
    // An action: the word is the verb, the resource it acts on the noun (`search` alone when
    // there is none).
    let action = verbs.is_empty();
    let (verbs, noun) = match (verbs.is_empty(), parents.is_empty()) {
        (false, _) => (verbs, Some(noun)),
        (true, false) => (&[resource.as_str()][..], Some(parents.remove(0))),
        (true, true) if ACTIONS.contains(&resource.as_str()) => (&[resource.as_str()][..], None),
        (true, true) => return Vec::new(),
    };
    let mut out = Vec::new();
    for depth in 0..=parents.len() {
        for verb in verbs {
            let mut name = vec![(*verb).to_owned()];
            name.extend(parents[..depth].iter().rev().cloned());
            name.extend(noun.clone());
            let name = value_name(&name.join("_"), "op");
            // The same action by `GET` (parameters in the query) and by `POST` (in a body):
            // the `POST` one may say so.
            if action && method == "post" {
                out.push(name.clone());
                out.push(format!("{name}_with_body"));
            } else {
                out.push(name);
            }
        }
    }
    out.dedup();
    out
}

/// The path's segments, without version segments (`v2`, `2010-04-01`, `api`) and file
/// extensions (`.json`, `{mediaTypeExtension}` after a word or parameter).
fn segments(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    for raw in path.split('/').filter(|s| !s.is_empty()) {
        let segment = match raw.find('{') {
            // `Calls{ext}`: the word; `{Sid}{ext}` and `{Sid}.json`: the parameter.
            Some(0) => {
                out.push(Segment::Param);
                continue;
            }
            Some(brace) => &raw[..brace],
            None => raw,
        };
        let segment = segment.rsplit_once('.').map_or(segment, |(stem, _)| stem);
        if segment.is_empty() || is_version(segment) {
            continue;
        }
        out.push(Segment::Word(value_name(segment, "x")));
    }
    out
}

fn is_version(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    let numeric = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-');
    lower == "api" || numeric(&lower) || lower.strip_prefix('v').is_some_and(numeric)
}

#[cfg(test)]
mod tests {
    use super::candidates;

    #[test]
    fn names_say_what_the_call_does_to_which_resource() {
        let twilio = "/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Notifications{mediaTypeExtension}";
        assert_eq!(
            candidates("get", twilio),
            ["list_notifications", "list_call_notifications", "list_account_call_notifications"]
        );
        assert_eq!(candidates("post", "/Accounts/{AccountSid}/Calls/{CallSid}.json")[0], "update_call");
        assert_eq!(candidates("delete", "/v2/apps/{id}")[0], "delete_app");
        assert_eq!(candidates("post", "/v2/apps")[0], "create_app");
        assert_eq!(candidates("get", "/v2/apps/{id}")[0], "get_app");
        assert_eq!(candidates("post", "/users/{id}/activate"), ["activate_user", "activate_user_with_body"]);
        assert_eq!(candidates("put", "/settings"), ["update_settings", "replace_settings"]);
        assert_eq!(candidates("get", "/messages/{id}/media")[..2], ["get_media", "list_media"]);
        assert_eq!(candidates("get", "/api/status")[0], "get_status");
    }

    #[test]
    fn nothing_to_name_gives_no_candidate() {
        assert!(candidates("get", "/").is_empty());
        assert!(candidates("get", "/{id}").is_empty());
        assert!(candidates("head", "/users").is_empty());
        assert_eq!(candidates("post", "/search"), ["search", "search_with_body"]);
        assert_eq!(candidates("get", "/animal/search"), ["search_animal"]);
        assert_eq!(
            candidates("post", "/incoming_phone_numbers/local")[..2],
            ["create_local", "create_incoming_phone_number_local"]
        );
    }
}
