//! Resource groups (issue 25): each operation is a method of its tag's handle on the client
//! (`client.repos().list_for_org(…)`), or of the group its vendor's SDK extension names; names
//! lose the group's words; collisions are resolved the same way whatever the order, with a
//! warning. The fixture states each case: `tests/fixtures/resource-groups.yaml`.

use clientgen::Builder;

fn fixture() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/resource-groups.yaml")
}

fn calls(builder: Builder) -> (Vec<(String, String)>, Vec<String>) {
    let generated = builder.render().unwrap_or_else(|e| panic!("{e}"));
    let api = &generated.api;
    let calls = api
        .operations
        .iter()
        .map(|op| (op.operation_id.clone().unwrap_or_default(), api.call_path("client", op)))
        .collect();
    (calls, generated.warnings.iter().map(|w| w.message.clone()).collect())
}

#[test]
fn methods_sit_on_their_groups_handles() {
    let (calls, warnings) = calls(Builder::new().crate_name("groups").spec(fixture()));
    // In document order.
    let expected = [
        ("repos/list-for-org", "client.repos_api().list_for_org"),
        ("repos/create-in-org", "client.repos_api().create_in_org"),
        ("repos/get", "client.repos_api().get"),
        ("listUsers", "client.users().list_users"),
        ("list_users", "client.users().list_users_2"),
        ("updateUser", "client.users().update"),
        ("createChatCompletion", "client.chat().completions().create"),
        ("createChatCompletion", "client.chat().completions().create_stream"),
        ("get-a-list-of-current-users-playlists", "client.me().playlists().list"),
        ("createThing", "client.new_api().create_thing"),
        ("repos", "client.repos"),
    ];
    let found: Vec<(&str, &str)> = calls.iter().map(|(id, call)| (id.as_str(), call.as_str())).collect();
    assert_eq!(found, expected);
    for expected in [
        "group `repos`: `repos` is a method already; its handle is `repos_api()`",
        "group `new`: `new` is a method already; its handle is `new_api()`",
        "method name `list` is wanted by more than one method here; this one is `list_users`",
    ] {
        assert!(warnings.iter().any(|w| w == expected), "no warning `{expected}` in {warnings:#?}");
    }
}

#[test]
fn groups_have_handles_docs_and_parents() {
    let api = Builder::new().crate_name("groups").spec(fixture()).render().unwrap().api;
    let groups: Vec<(String, Option<String>, &str, &str)> = api
        .groups
        .iter()
        .map(|g| {
            (
                g.path.join("."),
                g.parent.map(|p| api.groups[p].type_name.clone()),
                g.type_name.as_str(),
                g.accessor.as_str(),
            )
        })
        .collect();
    let expected: Vec<(String, Option<String>, &str, &str)> = vec![
        ("chat".into(), None, "Chat", "chat"),
        ("chat.completions".into(), Some("Chat".into()), "ChatCompletions", "completions"),
        ("me".into(), None, "Me", "me"),
        ("me.playlists".into(), Some("Me".into()), "MePlaylists", "playlists"),
        ("new".into(), None, "New", "new_api"),
        ("repos".into(), None, "Repos", "repos_api"),
        ("users".into(), None, "Users", "users"),
    ];
    assert_eq!(groups, expected);
    let users = api.groups.iter().find(|g| g.type_name == "Users").unwrap();
    assert_eq!(users.doc.as_deref(), Some("<p>People with an <b>account</b>.</p>"));
    let code = Builder::new().crate_name("groups").spec(fixture()).render().unwrap().code();
    assert!(code.contains("/// People with an **account**."), "the tag's HTML becomes Markdown on the handle");
    assert!(code.contains("pub mod resources"), "handles are public, in `resources`");
}

/// `flat` keeps every method on the client, named as before groups existed.
#[test]
fn flat_puts_every_method_on_the_client() {
    let (calls, _) = calls(Builder::new().crate_name("groups").spec(fixture()).flat(true));
    assert!(calls.iter().all(|(_, call)| call.matches('.').count() == 1), "{calls:#?}");
    assert!(calls.iter().any(|(_, call)| call == "client.repos_list_for_org"));
    assert!(calls.iter().any(|(_, call)| call == "client.update_user"));
}
