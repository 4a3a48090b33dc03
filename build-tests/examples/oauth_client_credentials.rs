//! OAuth 2.0 client credentials, per-operation security, and traces of every call.
use build_tests::oauth::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Spans and events of the runtime's `tracing` feature, printed by any subscriber.
    tracing_subscriber::fmt().with_max_level(tracing::Level::INFO).init();
    let base_url = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:4010".into());
    let client = Client::builder()
        .base_url(base_url)
        // Tokens come from the spec's `tokenUrl`, are cached, refreshed before they expire
        // and after a 401, and one fetch serves every concurrent call.
        .client_credentials("my-client-id", std::env::var("CLIENT_SECRET")?)
        .api_key(std::env::var("API_KEY")?)
        .build()?;
    // Each operation sends what its `security` asks for: a token here...
    let items = client.list_items().await?;
    println!("{} items", items.len());
    // ...the API key here, and nothing at all for `security: []`.
    client.create_item(&"new item".to_owned()).await?;
    client.health().await?;
    Ok(())
}
