//! The README's client examples are the compiled files in generator/examples.

mod support;

#[test]
fn readme_quotes_the_compiled_examples() {
    let readme = std::fs::read_to_string(support::repo_root().join("README.md")).unwrap();
    for example in
        ["nuweb_update_customer", "flextell_update_customer", "commercengine_update_user", "commbox_update_user"]
    {
        let path = support::repo_root().join(format!("generator/examples/{example}.rs"));
        let code = std::fs::read_to_string(&path).unwrap();
        assert!(readme.contains(code.trim_end()), "README.md does not quote {} verbatim", path.display());
    }
    for example in ["stream_chat_completion", "download_and_upload", "oauth_client_credentials", "github_pagination"] {
        let path = support::repo_root().join(format!("build-tests/examples/{example}.rs"));
        let code = std::fs::read_to_string(&path).unwrap();
        assert!(readme.contains(code.trim_end()), "README.md does not quote {} verbatim", path.display());
    }
}
