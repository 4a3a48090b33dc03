//! JSON records: every user of an NDJSON export, decoded one by one as the body arrives.
use build_tests::streams::{Client, LineError};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:4010".into());
    let client = Client::builder().base_url(base_url).build()?;
    let mut users = client.export_users().await?;
    while let Some(user) = users.next_record().await {
        match user {
            Ok(user) => println!("{} {}", user.id, user.name.as_deref().unwrap_or_default()),
            // One line that does not match the spec; the export goes on.
            Err(LineError::Decode { index, message, .. }) => eprintln!("skipped record {index}: {message}"),
            Err(other) => return Err(other.into()),
        }
    }
    Ok(())
}
