//! Server-sent events: a chat completion read chunk by chunk as it is produced.
use build_tests::streams::{types, Client, EventError};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:4010".into());
    let client = Client::builder().base_url(base_url).build()?;
    let hello = types::Message { role: types::MessageRole::User, content: "Hello".into() };
    let request = types::ChatRequest::new("small", vec![hello]);
    // `create_completion` answers whole (JSON); `_stream` asks for the event stream and
    // sends `stream: true`. It ends at the `[DONE]` event; the timeout applies to each read.
    let mut events = client.chat().create_completion_stream(&request).await?;
    while let Some(event) = events.next_event().await {
        match event {
            Ok(event) => {
                for choice in &event.data.choices {
                    print!("{}", choice.delta.content.as_deref().unwrap_or_default());
                }
            }
            // One event whose data does not match the spec; the stream goes on.
            Err(EventError::Decode { data, message, .. }) => eprintln!("skipped {data:?}: {message}"),
            Err(other) => return Err(other.into()),
        }
    }
    Ok(())
}
