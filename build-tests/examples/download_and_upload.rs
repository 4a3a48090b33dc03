//! Files: a download streamed to disk (its redirect followed), an upload streamed from disk, and a multipart form.
use build_tests::streams::{types, Client};
use clientgen_runtime::Upload;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:4010".into());
    let client = Client::builder().base_url(base_url).build()?;

    // A download arrives as a stream of chunks; `copy_to` writes them as they come. The API
    // answers with its documented `302` to the file host, which is followed (without the
    // credentials); `url` is where the bytes came from.
    let download = client.download_file("report").with_response().await?;
    let mut file = tokio::fs::File::create("report.pdf").await?;
    let bytes = download.body.copy_to(&mut file).await?;
    println!("downloaded {bytes} bytes from {}", download.url);

    // An upload from a path is read from disk as it is sent (and reopened if the call is retried).
    client.upload_file("report", Upload::path("report.pdf")).await?;

    // A multipart form: file properties hold uploads, the others ordinary values.
    let form = types::CreateDocumentRequest {
        title: "Q3 report".into(),
        tags: Some(vec!["finance".into()]),
        metadata: Some(types::Metadata { author: Some("Ada".into()), pages: Some(12) }),
        file: Upload::path("report.pdf").content_type("application/pdf"),
        thumbnail: None,
        attachments: vec![Upload::bytes("notes").file_name("notes.txt")],
    };
    let created = client.create_document(&form).await?;
    println!("created {:?}", created.id);
    Ok(())
}
