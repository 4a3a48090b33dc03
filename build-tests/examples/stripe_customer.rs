//! A Stripe customer with a nested address, sent as Stripe's form body (`address[line1]=…`).
use build_tests::stripe::{types, Client};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:4010".into());
    let client = Client::builder().base_url(base_url).bearer_token(std::env::var("STRIPE_SECRET_KEY")?).build()?;
    let address = types::PostCustomersRequestAddressAddress::new("1 Main St").city("Springfield").country("US");
    let request =
        types::PostCustomersRequest::default().name("Alexander Lyon").email("test@example.com").address(address);
    let customer = client.post_customers(Some(&request)).await?;
    println!("created {}", customer.id);
    Ok(())
}
