//! Updates a Commerce Engine user: the store id fills the server URL's `{store_id}`.
//! Run with COMMERCENGINE_STORE_ID and COMMERCENGINE_TOKEN set.

use commercengine::types::{LoginMethod, UpdateUserRequest};
use commercengine::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder()
        .store_id(std::env::var("COMMERCENGINE_STORE_ID")?)
        .bearer_token(std::env::var("COMMERCENGINE_TOKEN")?)
        .build()?;
    // The required fields go to `new`; the rest are set by name. Required-and-nullable fields
    // not set are sent as null; the optional `customer_group_id` not set is left unchanged.
    let body = UpdateUserRequest::new(vec![LoginMethod::Email], Default::default(), Default::default())
        .first_name("Ada")
        .last_name("Lovelace")
        .email("ada@example.com");
    match client.auth().update_user("user-id", &body).await {
        Ok(response) => println!("{}: {:?}", response.message, response.content.user.map(|u| u.id)),
        Err(Error::Decode(err)) => eprintln!("unexpected success body ({}): {}", err.status, err.message),
        Err(err) => return Err(err.into()),
    }
    Ok(())
}
