//! Honest errors on the wire: every non-success response is `Error::Api`, whatever its body.
//! Stripe's `GET /v1/customers` (cut from the corpus spec by build.rs) documents a JSON `default`
//! error body; a proxy in front of it answers with HTML pages. Against the recording server on
//! 127.0.0.1.

#[path = "../../generator/tests/support/recording.rs"]
#[allow(dead_code)]
mod recording;

use build_tests::stripe;
use clientgen_runtime::Error;
use recording::{RecordingServer, Reply};

fn client(server: &RecordingServer) -> stripe::Client {
    let builder = stripe::Client::builder().base_url(&server.base_url).bearer_token("sk_test");
    builder.retry(clientgen_runtime::RetryPolicy::disabled()).build().unwrap()
}

#[tokio::test]
async fn a_gateway_page_on_a_documented_json_error_is_an_api_error() {
    let page = b"<html><body><h1>502 Bad Gateway</h1></body></html>".to_vec();
    let server = RecordingServer::start(vec![
        Reply::Full { status: 502, headers: vec![("content-type".into(), "text/html".into())], body: page.clone() },
        Reply::json(402, r#"{"error": {"type": "card_error", "message": "Your card was declined."}}"#),
    ])
    .await;
    let params = stripe::types::GetCustomersParams::default();
    let err = client(&server).get_customers(None, &params).await.expect_err("502");
    let Error::Api(api) = &err else { panic!("expected an API error, got {err:?}") };
    assert_eq!(api.status, 502);
    assert!(api.details.is_none(), "no documented body to show");
    assert_eq!(&api.body[..], &page[..], "the page is kept");
    assert_eq!(api.headers.get("content-type").unwrap(), "text/html");
    let problem = api.body_problem.as_deref().expect("the decode problem is kept");
    assert!(problem.contains("invalid JSON"), "{problem}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));

    // The documented body still decodes into the documented error.
    let err = client(&server).get_customers(None, &params).await.expect_err("402");
    let Error::Api(api) = &err else { panic!("expected an API error, got {err:?}") };
    assert!(api.details.is_some() && api.body_problem.is_none(), "{err:?}");
}

/// The README's Stripe task (`examples/stripe_customer.rs`) on the wire: setters, a nested
/// address converted into the request's union, and Stripe's bracketed form fields.
#[tokio::test]
async fn a_customer_with_a_nested_address_is_one_form_body() {
    let server = RecordingServer::start(vec![Reply::json(200, r#"{"id": "cus_1", "object": "customer"}"#)]).await;
    let address = stripe::types::PostCustomersRequestAddressAddress::new("1 Main St").city("Springfield").country("US");
    let request = stripe::types::PostCustomersRequest::default()
        .name("Alexander Lyon")
        .email("test@example.com")
        .address(address);
    let customer = client(&server).post_customers(Some(&request)).await.unwrap();
    assert_eq!(customer.id, "cus_1");
    let sent = &server.requests()[0];
    let body = String::from_utf8(sent.body.clone()).unwrap();
    assert_eq!(
        body,
        "address%5Bcity%5D=Springfield&address%5Bcountry%5D=US&address%5Bline1%5D=1%20Main%20St\
         &email=test%40example.com&name=Alexander%20Lyon"
    );
}
