//! Updates a Nu Web Group customer for one company, in French.
//! Run with NUWEB_TOKEN and NUWEB_COMPANY_ID set.

use nuweb::types::{UpdateCustomerParams, UpdateCustomerRequest};
use nuweb::{Client, Error, Patch};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder()
        .bearer_token(std::env::var("NUWEB_TOKEN")?)
        .x_nu_company_id(std::env::var("NUWEB_COMPANY_ID")?.parse()?)
        .accept_language("en")
        .build()?;
    let body = UpdateCustomerRequest {
        id: Some("123".into()),
        city: Some("London".into()),
        phone_code: Patch::Value(44),
        ..Default::default()
    };
    // This call only: French instead of the client's default language.
    let params = UpdateCustomerParams { accept_language: Some("fr".into()), ..Default::default() };
    match client.customers().update(&body, &params).await {
        Ok(response) => {
            let name = response.data.and_then(|d| d.attributes).and_then(|a| a.name);
            println!("updated {name:?}");
        }
        Err(Error::Api(err)) => eprintln!("the server answered {}", err.status),
        Err(err) => return Err(err.into()),
    }
    Ok(())
}
