//! Updates a Commerce Engine user: the store id fills the server URL's `{store_id}`.
//! Run with COMMERCENGINE_STORE_ID and COMMERCENGINE_TOKEN set.

use commercengine::types::{LoginMethod, UpdateUserRequest};
use commercengine::{Client, Error, Patch};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder()
        .store_id(std::env::var("COMMERCENGINE_STORE_ID")?)
        .bearer_token(std::env::var("COMMERCENGINE_TOKEN")?)
        .build()?;
    let body = UpdateUserRequest {
        // Required and nullable: `None` is sent as null.
        first_name: Some("Ada".into()),
        last_name: Some("Lovelace".into()),
        email: Some("ada@example.com".into()),
        phone: None,
        country_code: None,
        login_methods: vec![LoginMethod::Email],
        notification_preferences: Default::default(),
        business: Default::default(),
        // Optional and nullable: leave it unchanged.
        customer_group_id: Patch::Absent,
    };
    match client.update_user("user-id", &body).await {
        Ok(response) => println!("{}: {:?}", response.message, response.content.user.map(|u| u.id)),
        Err(Error::Decode(err)) => eprintln!("unexpected success body ({}): {}", err.status, err.message),
        Err(err) => return Err(err.into()),
    }
    Ok(())
}
