//! Updates a CommBox user, handling each documented error.
//! Run with COMMBOX_TOKEN set (and COMMBOX_BASE_URL to use another server).

use commbox::types::{UpdateUserError, UpdateUserRequest, UserDetails};
use commbox::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut builder = Client::builder().bearer_token(std::env::var("COMMBOX_TOKEN")?);
    if let Ok(url) = std::env::var("COMMBOX_BASE_URL") {
        builder = builder.base_url(url);
    }
    let client = builder.build()?;
    let body = UpdateUserRequest {
        data: Some(UserDetails {
            first_name: Some("John".into()),
            email: Some("JohnDoe@gmail.com".into()),
            ..Default::default()
        }),
    };
    match client.users().update(94382332, &body).await {
        Ok(response) => println!("updated user {:?}", response.data.and_then(|d| d.id)),
        Err(Error::Api(err)) => match err.details {
            Some(UpdateUserError::NotFound) => eprintln!("no such user"),
            Some(UpdateUserError::TooManyRequests) => eprintln!("still throttled after the retries"),
            _ => eprintln!("the server answered {}: {}", err.status, String::from_utf8_lossy(&err.body)),
        },
        Err(Error::InvalidRequest(err)) => eprintln!("not sent: {err}"),
        Err(other) => return Err(other.into()),
    }
    Ok(())
}
