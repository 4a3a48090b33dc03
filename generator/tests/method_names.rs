//! Method names without operationId noise (issue 25): FastAPI's `{function}_{path}_{method}`,
//! NestJS's `{X}Controller_{method}`, and the extensions vendors publish for SDK names. A cleaned
//! name two operations would share is not used (both keep their written names), so no name
//! depends on the order operations come in.

use clientgen::Builder;

fn names(paths: serde_json::Value) -> Vec<String> {
    let spec = serde_json::json!({"openapi": "3.0.3", "info": {"title": "Names", "version": "1"}, "paths": paths});
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("names.json");
    std::fs::write(&path, spec.to_string()).unwrap();
    let api = Builder::new().crate_name("names").spec(&path).render().unwrap_or_else(|e| panic!("{e}")).api;
    api.operations.iter().map(|o| o.rust_name.clone()).collect()
}

fn op(id: &str) -> serde_json::Value {
    serde_json::json!({"operationId": id, "responses": {"204": {"description": "done"}}})
}

#[test]
fn generator_noise_is_removed() {
    let mut named = op("chat_completion");
    named["x-speakeasy-group"] = "chat".into();
    named["x-speakeasy-name-override"] = "create".into();
    let mut fern = op("whatever");
    fern["x-fern-sdk-method-name"] = "listPlaylists".into();
    let found = names(serde_json::json!({
        "/v1/models": {"get": op("list_models_v1_models_get")},
        "/v1/models/{model}": {"get": op("retrieve_model_v1_models__model__get")},
        "/users": {"get": op("UsersController_findAll"), "post": op("createUser")},
        "/chat/completions": {"post": named},
        "/me/playlists": {"get": fern},
    }));
    assert_eq!(found, ["list_models", "retrieve_model", "find_all", "create_user", "chat_create", "list_playlists"]);
}

#[test]
fn a_cleaned_name_two_operations_share_is_not_used() {
    let found = names(serde_json::json!({
        "/v1/models": {"get": op("list_models_v1_models_get")},
        "/v2/models": {"get": op("list_models_v2_models_get")},
    }));
    assert_eq!(found, ["list_models_v1_models_get", "list_models_v2_models_get"]);
}
