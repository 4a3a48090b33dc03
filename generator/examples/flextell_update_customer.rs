//! Updates a flextell customer: sets the job, clears the email, leaves the rest unchanged.
//! Run with FLEXTELL_TOKEN (from the OAuth 2.0 flow) and FLEXTELL_TENANT set.

use flextell::types::{Gender, UpdateCustomerParams, UpdateCustomerRequest};
use flextell::{Client, Error, Patch};
use std::time::Duration;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder()
        .bearer_token(std::env::var("FLEXTELL_TOKEN")?)
        .x_tenant(std::env::var("FLEXTELL_TENANT")?.parse()?)
        .timeout(Duration::from_secs(10))
        .build()?;
    let body = UpdateCustomerRequest {
        job: Patch::Value("Engineer".into()),
        email: Patch::Null,
        gender: Patch::Value(Gender::Female),
        ..Default::default()
    };
    match client.customers().update(123, &body, &UpdateCustomerParams::default()).await {
        Ok(response) => println!("updated {:?}", response.data.id),
        Err(Error::InvalidRequest(err)) => eprintln!("not sent: {err}"),
        Err(Error::Timeout(after)) => eprintln!("no answer within {after:?}"),
        Err(err) => return Err(err.into()),
    }
    Ok(())
}
