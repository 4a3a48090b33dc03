//! Every repository of an organisation, page after page, and the headers of a response.
use build_tests::github::{types, Client};
use futures_util::StreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder()
        .base_url(std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:4010".into()))
        .header("authorization", format!("Bearer {}", std::env::var("GITHUB_TOKEN")?))
        .build()?;
    let params = types::ReposListForOrgParams { per_page: Some(100), ..Default::default() };

    // The simple way: the first page's body.
    let first_page = client.repos().list_for_org("rust-lang", &params).await?;
    println!("{} repositories on the first page", first_page.len());

    // Status and headers too.
    let response = client.repos().list_for_org("rust-lang", &params).with_response().await?;
    let remaining: Option<i64> = response.header_as("x-ratelimit-remaining");
    println!("{} ({remaining:?} requests left), next page: {:?}", response.status, response.link("next"));
    // The spec documents `Link` for this operation: a typed field as well.
    println!("Link: {}", response.typed.link.as_deref().unwrap_or("none"));

    // Every item of every page, following `Link: <…>; rel="next"` lazily.
    let mut repositories = client.repos().list_for_org("rust-lang", &params).items();
    while let Some(repository) = repositories.next().await {
        println!("{}", repository?.full_name);
    }
    Ok(())
}
