//! Each generated client against Prism (the npm mock server) started from our spec with request
//! validation on (`--errors`): a full update call built from the vendor page's example passes
//! validation, and Prism's example response decodes into the generated types with nothing lost.
//! Prism is installed from package-lock.json by `npm ci` (scripts/test and .ci/run do it).

mod support;

use serde::Serialize;
use serde_json::Value;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::{assert_nothing_lost, repo_root, spec_example};

/// A Prism mock server on 127.0.0.1, stopped when dropped.
struct Prism {
    base_url: String,
    child: Child,
}

impl Prism {
    /// Starts Prism on a free port and returns once Prism itself says it listens there.
    ///
    /// Readiness is Prism's own "listening" line, not a successful connect: a connect to a port
    /// nobody owns yet can succeed against another test's server (or as a TCP self-connect), and
    /// a Prism that lost the port to someone else exits; it is then started again on a new port.
    fn start(spec: &str) -> Prism {
        let prism = repo_root().join("node_modules/.bin/prism");
        assert!(
            prism.exists(),
            "{} is missing: run `npm ci` in the repository root (scripts/test does)",
            prism.display()
        );
        for _ in 0..5 {
            if let Some(server) = Prism::try_start(&prism, spec) {
                return server;
            }
        }
        panic!("prism exited before listening, five times, for {spec}");
    }

    fn try_start(prism: &std::path::Path, spec: &str) -> Option<Prism> {
        use std::io::BufRead;
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut child = Command::new(prism)
            .args(["mock", spec, "--errors", "--host", "127.0.0.1", "--port", &port.to_string()])
            .current_dir(repo_root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("prism starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let (ready, listening) = std::sync::mpsc::channel();
        let wanted = format!("Prism is listening on http://127.0.0.1:{port}");
        std::thread::spawn(move || {
            // Keeps reading after the line so that Prism never blocks on a full pipe.
            for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains(&wanted) {
                    let _ = ready.send(());
                }
            }
        });
        let mut server = Prism { base_url: format!("http://127.0.0.1:{port}"), child };
        let started = Instant::now();
        loop {
            match listening.recv_timeout(Duration::from_millis(100)) {
                Ok(()) => return Some(server),
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => std::thread::sleep(Duration::from_millis(100)),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            }
            if let Ok(Some(_)) = server.child.try_wait() {
                return None;
            }
            assert!(started.elapsed() < Duration::from_secs(90), "prism did not start within 90 s for {spec}");
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn example(spec: &str, path: &str, method: &str, part: &str) -> Value {
    let pointer = match part {
        "request" => {
            format!("/paths/{}/{method}/requestBody/content/application~1json/example", path.replace('/', "~1"))
        }
        _ => format!("/paths/{}/{method}/responses/200/content/application~1json/example", path.replace('/', "~1")),
    };
    spec_example(spec, &pointer)
}

fn body<T: serde::de::DeserializeOwned>(spec: &str, path: &str, method: &str) -> T {
    serde_json::from_value(example(spec, path, method, "request")).expect("the example is a valid request body")
}

fn check_response<T: Serialize>(spec: &str, path: &str, method: &str, response: &T) {
    let expected = example(spec, path, method, "response");
    assert_nothing_lost(spec, &expected, &serde_json::to_value(response).unwrap(), "");
}

#[tokio::test(flavor = "multi_thread")]
async fn nuweb_against_prism() {
    for (spec, path) in [
        ("specs/nuweb/customers-update.yaml", "/customers/update"),
        ("specs/nuweb/company-users-update.yaml", "/company/users/update"),
    ] {
        let prism = Prism::start(spec);
        let client = nuweb::Client::builder()
            .base_url(&prism.base_url)
            .bearer_token("t")
            .x_nu_company_id(12)
            .accept_language("en")
            .build()
            .unwrap();
        if path == "/customers/update" {
            let response =
                client.customers().update(&body(spec, path, "post"), &Default::default()).await.expect("valid request");
            check_response(spec, path, "post", &response);
        } else {
            let response = client
                .company_users()
                .update(&body(spec, path, "post"), &Default::default())
                .await
                .expect("valid request");
            check_response(spec, path, "post", &response);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn flextell_against_prism() {
    let spec = "specs/flextell/customers-update.yaml";
    let path = "/v1/customers/{id}";
    let prism = Prism::start(spec);
    let client = flextell::Client::builder().base_url(&prism.base_url).bearer_token("t").x_tenant(2.0).build().unwrap();
    let response =
        client.customers().update(123, &body(spec, path, "put"), &Default::default()).await.expect("valid request");
    check_response(spec, path, "put", &response);
}

#[tokio::test(flavor = "multi_thread")]
async fn commercengine_against_prism() {
    let spec = "specs/commercengine/auth-user-update.yaml";
    let path = "/auth/user/{id}";
    let prism = Prism::start(spec);
    let client = commercengine::Client::builder().base_url(&prism.base_url).bearer_token("t").build().unwrap();
    let response = client.auth().update_user("user-1", &body(spec, path, "put")).await.expect("valid request");
    check_response(spec, path, "put", &response);

    // Validation is really on: a body missing required fields is refused by Prism (422).
    let runtime = clientgen_runtime::ClientConfig { base_url: Some(prism.base_url.clone()), ..Default::default() }
        .build(|| unreachable!())
        .unwrap();
    let mut request = clientgen_runtime::Request::new(clientgen_runtime::Method::PUT, "/auth/user/u1");
    request.header("Authorization", "Bearer t").unwrap();
    request.json(&serde_json::json!({"first_name": "only"})).unwrap();
    let response = runtime.send(request, true).await.unwrap();
    assert_eq!(response.status(), 422, "{}", String::from_utf8_lossy(response.body()));
}

#[tokio::test(flavor = "multi_thread")]
async fn commbox_against_prism() {
    let spec = "specs/commbox/users-update.yaml";
    let path = "/users/{USER_ID}";
    let prism = Prism::start(spec);
    let client = commbox::Client::builder().base_url(&prism.base_url).bearer_token("t").build().unwrap();
    let response = client.users().update(94382332, &body(spec, path, "post")).await.expect("valid request");
    check_response(spec, path, "post", &response);
    // No token: Prism answers 401, a documented error of this endpoint.
    let anonymous = commbox::Client::builder().base_url(&prism.base_url).build().unwrap();
    let err = anonymous.users().update(1, &Default::default()).await.expect_err("401");
    assert_eq!(err.details(), Some(&commbox::types::UpdateUserError::Unauthorized), "{err:?}");
}
