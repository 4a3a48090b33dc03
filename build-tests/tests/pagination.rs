//! Pagination by `Link` header (RFC 8288) and response metadata, with GitHub's
//! `GET /orgs/{org}/repos` (its client cut from the corpus spec by build.rs) against the
//! recording server on 127.0.0.1: three pages, each with GitHub's headers.

#[path = "../../generator/tests/support/recording.rs"]
#[allow(dead_code)]
mod recording;

use build_tests::github;
use futures_util::StreamExt;
use recording::{Recorded, RecordingServer, Reply, Responder};
use serde_json::Value;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// GitHub's own example repository from the spec, as repository number `n`.
fn repository(n: u64) -> Value {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/progenitor-samples/api.github.com.json");
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(spec).unwrap()).unwrap();
    let mut repository = spec["components"]["examples"]["minimal-repository-items"]["value"][0].clone();
    repository["id"] = n.into();
    repository["name"] = format!("repo-{n}").into();
    repository
}

/// Three pages of three repositories; the second and third at GitHub's
/// `/organizations/{id}/repos?page=N` form, the third linking back but not on.
fn github_pages(base: Arc<Mutex<String>>, foreign_next: bool) -> Reply {
    Reply::Dynamic(Responder(Arc::new(move |request: &Recorded| {
        let base = base.lock().unwrap().clone();
        let page: u64 = match request.target.split_once("&page=") {
            Some((_, rest)) if request.target.contains("/organizations/") => {
                rest.split('&').next().unwrap().parse().unwrap()
            }
            _ => 1,
        };
        let items: Vec<Value> = (1..=3).map(|i| repository((page - 1) * 3 + i)).collect();
        let next = if foreign_next {
            "https://elsewhere.example/next".to_owned()
        } else {
            format!("{base}/organizations/9919/repos?per_page=3&page={}", page + 1)
        };
        let link = match page {
            3 => format!("<{base}/organizations/9919/repos?per_page=3&page=2>; rel=\"prev\", <{base}/organizations/9919/repos?per_page=3&page=1>; rel=\"first\""),
            _ => format!("<{next}>; rel=\"next\", <{base}/organizations/9919/repos?per_page=3&page=3>; rel=\"last\""),
        };
        Reply::json(200, &serde_json::to_string(&items).unwrap())
            .with_header("link", &link)
            .with_header("x-ratelimit-limit", "5000")
            .with_header("x-ratelimit-remaining", &(5000 - page).to_string())
    })))
}

async fn server(foreign_next: bool) -> RecordingServer {
    let base = Arc::new(Mutex::new(String::new()));
    let server = RecordingServer::start(vec![github_pages(base.clone(), foreign_next)]).await;
    *base.lock().unwrap() = server.base_url.clone();
    server
}

fn client(server: &RecordingServer) -> github::Client {
    // GitHub's spec declares no security scheme: the token goes in as a default header.
    github::Client::builder().base_url(&server.base_url).header("authorization", "Bearer gh-token").build().unwrap()
}

fn params() -> github::types::ReposListForOrgParams {
    github::types::ReposListForOrgParams { per_page: Some(3), ..Default::default() }
}

#[tokio::test]
async fn items_follow_the_link_header_through_every_page_in_order() {
    let server = server(false).await;
    let client = client(&server);
    let repositories: Vec<github::types::MinimalRepository> =
        client.repos().list_for_org("acme", &params()).items().map(|r| r.expect("every page decodes")).collect().await;
    let ids: Vec<i64> = repositories.iter().map(|r| r.id).collect();
    assert_eq!(ids, (1..=9).collect::<Vec<i64>>());
    let requests = server.requests();
    let targets: Vec<&str> = requests.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "/orgs/acme/repos?per_page=3",
            "/organizations/9919/repos?per_page=3&page=2",
            "/organizations/9919/repos?per_page=3&page=3",
        ]
    );
    assert!(requests.iter().all(|r| r.header("authorization") == Some("Bearer gh-token")));
}

#[tokio::test]
async fn pages_and_single_calls_expose_status_and_headers() {
    let server = server(false).await;
    let client = client(&server);
    let first = client.repos().list_for_org("acme", &params()).with_response().await.unwrap();
    assert_eq!(first.status, 200);
    assert_eq!(first.body.len(), 3);
    assert_eq!(first.header_as::<i64>("X-RateLimit-Remaining"), Some(4999));
    assert_eq!(first.link("next"), Some(format!("{}/organizations/9919/repos?per_page=3&page=2", server.base_url)));
    // The spec documents `Link` for this operation: a typed field too.
    assert!(first.typed.link.as_deref().is_some_and(|link| link.contains("rel=\"next\"")));
    assert_eq!(first.typed.link.as_deref(), first.header("link"));
    let pages: Vec<_> = client.repos().list_for_org("acme", &params()).pages().collect().await;
    let remaining: Vec<Option<i64>> =
        pages.iter().map(|p| p.as_ref().unwrap().header_as("x-ratelimit-remaining")).collect();
    assert_eq!(remaining, [Some(4999), Some(4998), Some(4997)]);
    assert!(pages[2].as_ref().unwrap().link("next").is_none());
    // The simple way stays simple: awaiting the call gives the first page's body.
    assert_eq!(client.repos().list_for_org("acme", &params()).await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_next_link_to_another_origin_is_not_followed() {
    let server = server(true).await;
    let client = client(&server);
    let items: Vec<_> = client.repos().list_for_org("acme", &params()).items().collect().await;
    assert_eq!(items.len(), 4, "three items, then the error");
    assert!(items[..3].iter().all(Result::is_ok));
    let err = items[3].as_ref().expect_err("not followed");
    assert!(err.to_string().contains("another origin"), "{err}");
    assert_eq!(server.requests().len(), 1, "nothing sent elsewhere");
}

/// Stripe's list objects: `data`, `has_more`, and the next page asked for with
/// `starting_after` = the last item's `id` (recognised from Stripe's own spec, which declares
/// nothing).
fn stripe_pages() -> Reply {
    Reply::Dynamic(Responder(Arc::new(|request: &Recorded| {
        let after = request.target.split("starting_after=").nth(1).map(|v| v.split('&').next().unwrap().to_owned());
        let (ids, more): (&[u32], bool) = match after.as_deref() {
            None => (&[1, 2], true),
            Some("cus_2") => (&[3, 4], true),
            Some("cus_4") => (&[5], false),
            Some(other) => panic!("unexpected cursor {other}"),
        };
        let data: Vec<Value> =
            ids.iter().map(|n| serde_json::json!({"id": format!("cus_{n}"), "object": "customer"})).collect();
        let body = serde_json::json!({"object": "list", "url": "/v1/customers", "has_more": more, "data": data});
        Reply::json(200, &body.to_string())
    })))
}

#[tokio::test]
async fn stripe_lists_follow_has_more_and_starting_after() {
    use build_tests::stripe;
    let server = RecordingServer::start(vec![stripe_pages()]).await;
    let client = stripe::Client::builder().base_url(&server.base_url).bearer_token("sk_test").build().unwrap();
    let params = stripe::types::GetCustomersParams { limit: Some(2), ..Default::default() };
    let ids: Vec<String> =
        client.get_customers(None, &params).items().map(|c| c.expect("every page decodes").id).collect().await;
    assert_eq!(ids, ["cus_1", "cus_2", "cus_3", "cus_4", "cus_5"]);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/v1/customers?limit=2",
            "/v1/customers?limit=2&starting_after=cus_2",
            "/v1/customers?limit=2&starting_after=cus_4"
        ]
    );
    // A page is also a plain list: `for customer in page`.
    let page = client.get_customers(None, &params).await.unwrap();
    assert_eq!(page.into_iter().count(), 2);
}

/// The number `n`th in a list of `total` events, as the fixture's `Event`.
fn event(n: u64) -> Value {
    serde_json::json!({"id": n, "kind": "created"})
}

/// The query parameter `name` of a recorded request target.
fn query_param(target: &str, name: &str) -> Option<u64> {
    let query = target.split_once('?')?.1;
    query.split('&').find_map(|pair| pair.strip_prefix(&format!("{name}="))?.parse().ok())
}

/// Seven events served by offset (`offset`, `limit`), with the documented headers.
fn events(offset_param: &'static str, limit_param: &'static str, items: &'static str) -> Reply {
    Reply::Dynamic(Responder(Arc::new(move |request: &Recorded| {
        let offset = query_param(&request.target, offset_param).unwrap_or(0);
        let limit = query_param(&request.target, limit_param).unwrap_or(100);
        let page: Vec<Value> = (offset + 1..=7).take(limit as usize).map(event).collect();
        let body = serde_json::json!({ items: page });
        Reply::json(200, &body.to_string())
            .with_header("X-RateLimit-Remaining", &(100 - offset).to_string())
            .with_header("x-total-count", "7")
            .with_header("x-cache-hit", "true")
            .with_header("x-load", "0.25")
            .with_header("etag", "\"v7\"")
    })))
}

#[tokio::test]
async fn offset_pagination_counts_the_items_and_stops_at_a_short_page() {
    use build_tests::paging;
    let server = RecordingServer::start(vec![events("offset", "limit", "events")]).await;
    let client = paging::Client::builder().base_url(&server.base_url).build().unwrap();
    let params = paging::types::ListEventsParams { limit: Some(3), ..Default::default() };
    let ids: Vec<i64> = client.list_events(&params).items().map(|e| e.expect("decodes").id).collect().await;
    assert_eq!(ids, (1..=7).collect::<Vec<i64>>());
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    // The third page holds 1 item, fewer than the limit: the last one, nothing more is asked.
    assert_eq!(targets, ["/events?limit=3", "/events?limit=3&offset=3", "/events?limit=3&offset=6"]);

    // A caller's own starting offset is where counting starts.
    let server = RecordingServer::start(vec![events("offset", "limit", "events")]).await;
    let client = paging::Client::builder().base_url(&server.base_url).build().unwrap();
    let params = paging::types::ListEventsParams { offset: Some(4), limit: Some(2) };
    let ids: Vec<i64> = client.list_events(&params).items().map(|e| e.unwrap().id).collect().await;
    assert_eq!(ids, [5, 6, 7]);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn documented_response_headers_are_typed_fields() {
    use build_tests::paging;
    let server = RecordingServer::start(vec![events("offset", "limit", "events")]).await;
    let client = paging::Client::builder().base_url(&server.base_url).build().unwrap();
    let params = paging::types::ListEventsParams { limit: Some(3), ..Default::default() };
    let first = client.list_events(&params).with_response().await.unwrap();
    // The headers struct is `#[non_exhaustive]` (decoded, never built by callers).
    let typed = &first.typed;
    assert_eq!(typed.x_rate_limit_remaining, Some(100));
    assert_eq!(typed.x_total_count, Some(7));
    assert_eq!(typed.x_cache_hit, Some(true));
    assert_eq!(typed.x_load, Some(0.25));
    assert_eq!(typed.e_tag.as_deref(), Some("\"v7\""));
    assert_eq!(first.body.events.len(), 3);
    // Every page carries its own.
    let remaining: Vec<Option<i64>> =
        client.list_events(&params).pages().map(|p| p.unwrap().typed.x_rate_limit_remaining).collect().await;
    assert_eq!(remaining, [Some(100), Some(97), Some(94)]);

    // Absent or malformed headers are `None`, never an error: the body still decodes.
    let server = RecordingServer::start(vec![Reply::json(200, r#"{"events": []}"#)
        .with_header("x-ratelimit-remaining", "lots")
        .with_header("x-cache-hit", "yes")])
    .await;
    let client = paging::Client::builder().base_url(&server.base_url).build().unwrap();
    let empty = client.list_events(&params).with_response().await.unwrap();
    assert_eq!(empty.typed, paging::types::ListEventsHeaders::default());
}

#[tokio::test]
async fn page_numbers_count_from_one_or_from_the_callers_page() {
    use build_tests::paging;
    // Five numbers, two per page: pages 1, 2 and 3 (a short one).
    let numbers = Reply::Dynamic(Responder(Arc::new(|request: &Recorded| {
        let page = query_param(&request.target, "page").unwrap_or(1);
        let per_page = query_param(&request.target, "per_page").unwrap_or(2);
        let all: Vec<u64> = (1..=5).collect();
        let start = ((page - 1) * per_page) as usize;
        let items: Vec<u64> = all.iter().copied().skip(start).take(per_page as usize).collect();
        Reply::json(200, &serde_json::to_string(&items).unwrap())
    })));
    let server = RecordingServer::start(vec![numbers.clone()]).await;
    let client = paging::Client::builder().base_url(&server.base_url).build().unwrap();
    let params = paging::types::ListNumbersParams { per_page: Some(2), ..Default::default() };
    let numbers_seen: Vec<i64> = client.list_numbers(&params).items().map(Result::unwrap).collect().await;
    assert_eq!(numbers_seen, [1, 2, 3, 4, 5]);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/numbers?per_page=2", "/numbers?per_page=2&page=2", "/numbers?per_page=2&page=3"]);

    // Without a limit (the server's default page holds 2), only an empty page ends the list.
    let server = RecordingServer::start(vec![numbers]).await;
    let client = paging::Client::builder().base_url(&server.base_url).build().unwrap();
    let params = paging::types::ListNumbersParams { page: Some(2), per_page: None };
    let pages: Vec<Vec<i64>> = client.list_numbers(&params).pages().map(|p| p.unwrap().body).collect().await;
    assert_eq!(pages, [vec![3, 4], vec![5], vec![]]);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/numbers?page=2", "/numbers?page=3", "/numbers?page=4"]);
}

#[tokio::test]
async fn next_page_urls_in_the_body_and_rules_given_to_the_builder() {
    use build_tests::paging;
    // A feed of three pages, each naming the next by a URL relative to the base (the first by
    // the operation's path, the others at `/feed/after/N`).
    let feed = Reply::Dynamic(Responder(Arc::new(|request: &Recorded| {
        let (entries, next): (&[&str], Option<&str>) = match request.target.as_str() {
            "/feed" => (&["a", "b"], Some("feed/after/b")),
            "/feed/after/b" => (&["c"], Some("feed/after/c")),
            "/feed/after/c" => (&["d"], None),
            other => panic!("unexpected {other}"),
        };
        Reply::json(200, &serde_json::json!({"entries": entries, "links": {"next": next}}).to_string())
    })));
    let server = RecordingServer::start(vec![feed]).await;
    let client = paging::Client::builder().base_url(&server.base_url).build().unwrap();
    let entries: Vec<String> = client.read_feed().items().map(Result::unwrap).collect().await;
    assert_eq!(entries, ["a", "b", "c", "d"]);
    assert_eq!(server.requests().len(), 3);

    // `search` declares no pagination; build.rs gave the Builder an offset rule on `$skip`/`$top`.
    let server = RecordingServer::start(vec![events("%24skip", "%24top", "value")]).await;
    let client = paging::Client::builder().base_url(&server.base_url).build().unwrap();
    let params = paging::types::SearchParams { top: Some(4), ..Default::default() };
    let ids: Vec<i64> = client.search("x", &params).items().map(|e| e.unwrap().id).collect().await;
    assert_eq!(ids, (1..=7).collect::<Vec<i64>>());
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/search?q=x&%24top=4", "/search?q=x&%24top=4&%24skip=4"]);
}

/// Slack's `conversations.members` pages: the spec's own example members, the next cursor in
/// `response_metadata.next_cursor` and an empty one on the last page (as Slack does).
fn slack_pages() -> Reply {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/openapiv3-fixtures/slack.json");
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(spec).unwrap()).unwrap();
    let example = spec["paths"]["/conversations.members"]["get"]["responses"]["200"]["content"]["application/json"]
        ["examples"]["response"]["value"]
        .clone();
    Reply::Dynamic(Responder(Arc::new(move |request: &Recorded| {
        let mut page = example.clone();
        match request.target.split("cursor=").nth(1) {
            None => page["response_metadata"]["next_cursor"] = "dGVhbTpDMDYxRkE1UEI=".into(),
            Some(cursor) if cursor.starts_with("dGVhbTpDMDYxRkE1UEI%3D") => {
                page["members"] = serde_json::json!(["U0AAAAAAA"]);
                page["response_metadata"]["next_cursor"] = "".into();
            }
            Some(other) => panic!("unexpected cursor {other}"),
        }
        Reply::json(200, &page.to_string())
    })))
}

#[tokio::test]
async fn slack_lists_follow_response_metadata_next_cursor() {
    use build_tests::slack;
    let server = RecordingServer::start(vec![slack_pages()]).await;
    let client = slack::Client::builder().base_url(&server.base_url).bearer_token("xoxb-test").build().unwrap();
    let params = slack::types::ConversationsMembersParams {
        channel: Some("C012AB3CD".into()),
        limit: Some(3),
        ..Default::default()
    };
    let members: Vec<String> =
        client.conversations().members(&params).items().map(|m| m.expect("every page decodes")).collect().await;
    assert_eq!(members, ["U023BECGF", "U061F7AUR", "W012A3CDE", "U0AAAAAAA"]);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/conversations.members?limit=3&channel=C012AB3CD",
            "/conversations.members?limit=3&channel=C012AB3CD&cursor=dGVhbTpDMDYxRkE1UEI%3D"
        ]
    );
    assert!(server.requests().iter().all(|r| r.header("authorization") == Some("Bearer xoxb-test")));
}

/// Next-page URLs in the body where a known convention puts them, detected with no
/// declaration: Twilio's `meta.next_page_url` (absolute, as Twilio sends it) and Django REST
/// framework's `next` beside `previous` and `results`. A `next` alone is not paged.
#[tokio::test]
async fn next_page_urls_by_convention_are_followed() {
    use build_tests::paging;
    let base = Arc::new(Mutex::new(String::new()));
    let pages = {
        let base = base.clone();
        Reply::Dynamic(Responder(Arc::new(move |request: &Recorded| {
            let base = base.lock().unwrap().clone();
            let body = match request.target.as_str() {
                "/messages?PageSize=2" => serde_json::json!({"messages": ["m1", "m2"],
                    "meta": {"page": 0, "next_page_url": format!("{base}/messages?PageSize=2&Page=1&PageToken=PA2")}}),
                "/messages?PageSize=2&Page=1&PageToken=PA2" => {
                    serde_json::json!({"messages": ["m3"], "meta": {"page": 1, "next_page_url": null}})
                }
                "/articles" => {
                    serde_json::json!({"count": 3, "next": format!("{base}/articles?page=2"), "previous": null, "results": ["a1", "a2"]})
                }
                "/articles?page=2" => {
                    serde_json::json!({"count": 3, "next": null, "previous": format!("{base}/articles"), "results": ["a3"]})
                }
                other => panic!("unexpected {other}"),
            };
            Reply::json(200, &body.to_string())
        })))
    };
    let server = RecordingServer::start(vec![pages]).await;
    *base.lock().unwrap() = server.base_url.clone();
    let client = paging::Client::builder().base_url(&server.base_url).build().unwrap();
    let params = paging::types::ListMessagesParams { page_size: Some(2) };
    let messages: Vec<String> = client.list_messages(&params).items().map(Result::unwrap).collect().await;
    assert_eq!(messages, ["m1", "m2", "m3"]);
    let articles: Vec<String> = client.list_articles().items().map(Result::unwrap).collect().await;
    assert_eq!(articles, ["a1", "a2", "a3"]);
    assert_eq!(server.requests().len(), 4);
}
