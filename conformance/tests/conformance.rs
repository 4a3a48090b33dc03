//! The conformance subset of the default suite (issue 11): the five vendor specs and corpus
//! documents that exercise form bodies with an `encoding` object, query and header styles, 3.1,
//! Swagger 2.0 and a multi-file spec, through the same harness as the full sweep
//! (`cargo run -p clientgen-conformance --release --bin conformance -- --corpus`; README "Conformance").
//! Needs Prism (`npm ci`) and openapi-core (`pip install -r requirements-test.txt`); `.ci/run`
//! installs both.

use clientgen_conformance as conformance;
use conformance::harness::{self, DocResult};
use conformance::{repo as repo_root, Job};

fn run(jobs: Vec<Job>, scratch: &str) -> Vec<DocResult> {
    let options = harness::Options { scratch: repo_root().join(scratch), seeds: 3, repo: repo_root(), prism: true };
    harness::run(jobs, &options)
}

fn failures(results: &[DocResult]) -> Vec<String> {
    let mut out = Vec::new();
    for r in results {
        if let Some(error) = &r.error {
            out.push(format!("{}: not run: {error}", r.label));
        }
        for op in r.ops.iter().filter(|o| !o.passed()) {
            // Unexplained, or explained as the client's fault: both are for fixing.
            let explained = conformance::report::explain(&r.label, op);
            if explained.is_none_or(|(kind, _)| kind == "client bug") {
                out.push(format!("{} {}: {}", r.label, op.name, op.failures.join(" | ")));
            }
        }
    }
    out
}

/// The vendor specs: 100% of operations, requests accepted and every response decoded.
#[test]
fn vendor_specs_conform() {
    let results = run(conformance::report::vendor_jobs(&repo_root()), "target/conformance-vendor");
    let problems = failures(&results);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for r in &results {
        assert!(r.ops.iter().all(|o| o.passed()), "{}: every vendor operation must pass", r.label);
        assert!(r.ops.iter().all(|o| o.responses >= 4), "{}: static and three dynamic responses", r.label);
    }
}

/// A corpus subset: every failing operation must carry a reviewed attribution (none to the client
/// for these documents).
#[test]
fn corpus_subset_conforms() {
    let jobs = conformance::report::subset_jobs(&repo_root());
    let results = run(jobs, "target/conformance-subset");
    let problems = failures(&results);
    assert!(problems.is_empty(), "unattributed failures:\n{}", problems.join("\n"));
    let passed: usize = results.iter().map(|r| r.ops.iter().filter(|o| o.passed()).count()).sum();
    assert!(passed > 0, "the subset exercised nothing");
}

/// Stripe's `POST /v1/customers` with `address`, `metadata` and `expand`, encoded as its spec's
/// `encoding` object declares (deepObject, exploded), on the wire through the recording proxy and
/// accepted by Prism's request validation. The request body is Stripe's, verbatim; the responses
/// are cut to a plain object, because Prism needs minutes to load Stripe's response schemas.
/// openapi-core cannot judge these bodies: its deepObject deserializer takes only `type: object`
/// schemas (`if explode_type != (True, "object"): raise ValueError("not available")` in
/// openapi_core/deserializing/styles/util.py), and Stripe's `address` is an `anyOf`.
#[test]
fn stripe_customers_form_body_on_the_wire() {
    let spec = conformance::stripe_subset(&["/v1/customers"], Some("post"), "stripe-customers-charges.json");
    let options = harness::Options {
        scratch: repo_root().join("target/conformance-stripe"),
        seeds: 0,
        repo: repo_root(),
        prism: true,
    };
    let mut job = Job::new("stripe customers", spec);
    job.given.push((
        "post_customers".into(),
        serde_json::json!({"body": {
            "email": "ann@example.com",
            "address": {"city": "London", "line1": "1 Main St", "postal_code": "N1 9GU"},
            "metadata": {"order_id": "6735", "plan": "pro"},
            "expand": ["default_source", "tax"]
        }}),
    ));
    let results = harness::run(vec![job], &options);
    let result = &results[0];
    assert!(result.error.is_none(), "{:?}", result.error);
    let create = result.ops.iter().find(|o| o.route == "POST /v1/customers").expect("POST /v1/customers");
    // The given call: Prism accepted it (its only failure is openapi-core's limitation).
    for failure in create.failures.iter().filter(|f| f.contains("#given-0")) {
        assert!(
            failure.contains("openapi-core: RequestBodyValidationError")
                && failure.contains("DeserializeError: ('deepObject'"),
            "only openapi-core's deepObject limitation may remain: {failure}"
        );
    }
    assert_eq!(create.decoded, create.responses, "{:?}", create.failures);
    let captured =
        std::fs::read_to_string(repo_root().join("target/conformance-stripe/conf_stripe_customers_run/requests.jsonl"))
            .unwrap();
    let line = captured.lines().find(|l| l.contains("\"post_customers#given-0\"")).expect("the call was captured");
    let line: serde_json::Value = serde_json::from_str(line).unwrap();
    let hex = line["body_hex"].as_str().unwrap();
    let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
    let body = String::from_utf8(bytes).unwrap();
    assert_eq!(
        body,
        "address%5Bcity%5D=London&address%5Bline1%5D=1%20Main%20St&address%5Bpostal_code%5D=N1%209GU\
         &email=ann%40example.com&expand%5B0%5D=default_source&expand%5B1%5D=tax\
         &metadata%5Border_id%5D=6735&metadata%5Bplan%5D=pro",
        "the body Stripe's encoding object declares (fields in the order the spec declares them)"
    );
}

/// The message-based attributions of the sweep reports take an operation only when every one
/// of its failures is the validator's own failure.
#[test]
fn attribution_by_message_needs_every_failure_to_be_the_validators() {
    use conformance::report::attribution_by_message;
    let crash = "Prism crashed while handling this operation: TypeError: value.split is not a function".to_owned();
    let undelivered = "request `op#full`: not sent (\"transport\"): \"error sending request for url\"".to_owned();
    let rejected = "request `op#full`: openapi-core: InvalidRequestBody: …".to_owned();
    let (kind, evidence) = attribution_by_message(&[crash.clone(), undelivered.clone()]).expect("a crash");
    assert_eq!(kind, "validator limitation");
    assert!(evidence.contains("TypeError: value.split is not a function"), "{evidence}");
    assert!(attribution_by_message(&[crash, rejected.clone()]).is_none(), "a rejection is not explained by a crash");
    let interim =
        "response `get_status_100#status-100` (static): \"transport\" \"error sending request for url\"".to_owned();
    assert!(attribution_by_message(&[undelivered.clone(), interim]).is_some_and(|(_, e)| e.contains("1xx")));
    assert!(attribution_by_message(&[undelivered]).is_none(), "a transport failure alone is not attributed");
    assert!(attribution_by_message(std::slice::from_ref(&rejected)).is_none());
    assert!(attribution_by_message(&[]).is_none());

    // Prism refusing the response it made itself: from the spec's example, the spec's fault.
    let own_example =
        format!("response `op#status-200` (static): {}: Response body must be object", harness::OWN_EXAMPLE);
    let own_generated = format!(
        "response `op#status-200` (seed 1): {}: Response body property docs must match format \"url\"",
        harness::OWN_GENERATED
    );
    let (kind, evidence) = attribution_by_message(std::slice::from_ref(&own_generated)).unwrap();
    assert_eq!(kind, "validator limitation");
    assert!(evidence.contains("must match format \"url\""), "{evidence}");
    let (kind, _) = attribution_by_message(&[own_generated, own_example]).unwrap();
    assert_eq!(kind, "spec contradicts itself");

    // Overlapping `oneOf` branches: openapi-core names the branches the value is valid under;
    // Prism's `oneOf` refusal counts only when openapi-core agrees for the same request.
    let overlap = "request `op#full`: openapi-core: InvalidRequestBody: Value {'a': 'x'} is valid under each of {'$ref': 'A'}, {'$ref': 'B'}".to_owned();
    let prism_one_of = r#"request `op#full`: Prism 422 Invalid request: … validation: [{"location":["body"],"severity":"Error","code":"oneOf","message":"Request body must match exactly one schema in oneOf"},{"location":["body","x"],"severity":"Error","code":"required","message":"Request body property x must have required property 'y'"}]"#.to_owned();
    let (kind, _) = attribution_by_message(&[prism_one_of.clone(), overlap.clone()]).unwrap();
    assert_eq!(kind, "spec contradicts itself");
    assert!(attribution_by_message(std::slice::from_ref(&prism_one_of)).is_some(), "openapi-core accepted the request");
    let other_refusal = "request `op#full`: openapi-core: InvalidRequestBody: 'y' is a required property".to_owned();
    assert!(attribution_by_message(&[prism_one_of, other_refusal]).is_none(), "no branch matched: not an overlap");
    let elsewhere = r#"request `op#full`: Prism 422 Invalid request: … validation: [{"location":["body","a"],"severity":"Error","code":"oneOf","message":"…"},{"location":["body","b"],"severity":"Error","code":"type","message":"Request body property b must be string"}]"#.to_owned();
    assert!(
        attribution_by_message(&[elsewhere, overlap]).is_none(),
        "an error outside the oneOf is not explained by it"
    );
    assert!(attribution_by_message(std::slice::from_ref(&rejected)).is_none());

    // A header parameter OpenAPI says to ignore, required by the validators.
    let authorization =
        "request `op#full`: openapi-core: MissingRequiredParameter: Missing required header parameter: Authorization"
            .to_owned();
    let prism_authorization = r#"request `op#full`: Prism 422 Invalid request: … validation: [{"location":["header"],"severity":"Error","code":"required","message":"Request header must have required property 'authorization'"}]"#.to_owned();
    assert_eq!(attribution_by_message(&[authorization, prism_authorization]).unwrap().0, "validator limitation");
    let other_header =
        "request `op#full`: openapi-core: MissingRequiredParameter: Missing required header parameter: X-Request-Id"
            .to_owned();
    assert!(attribution_by_message(&[other_header]).is_none(), "a documented header the client left out is its own");

    // A form body's array Prism reads as a string, when openapi-core accepts the same body.
    let form_array = r#"request `op#full`: Prism 422 Invalid request: … validation: [{"location":["body","Permission"],"severity":"Error","code":"type","message":"Request body property Permission must be array"}]"#.to_owned();
    assert_eq!(attribution_by_message(std::slice::from_ref(&form_array)).unwrap().0, "validator limitation");
    let refused_too = "request `op#full`: openapi-core: InvalidRequestBody: 'a' is not of type 'array'".to_owned();
    assert!(attribution_by_message(&[form_array, refused_too]).is_none());

    // A query parameter name Prism did not match once percent-encoded, unless openapi-core refused too.
    let encoded = r#"request `op#required`: Prism 422 Invalid request: … validation: [{"location":["query"],"severity":"Error","code":"required","message":"Request query must have required property 'filter%5borganization%5d'"}]"#.to_owned();
    let (kind, evidence) = attribution_by_message(std::slice::from_ref(&encoded)).unwrap();
    assert_eq!(kind, "validator limitation");
    assert!(evidence.contains("filter%5borganization%5d"), "{evidence}");
    let refused = "request `op#required`: openapi-core: MissingRequiredParameter: Missing required query parameter: filter[organization]".to_owned();
    assert!(attribution_by_message(&[encoded, refused]).is_none());
    let plain = r#"request `op#required`: Prism 422 Invalid request: … validation: [{"location":["query"],"severity":"Error","code":"required","message":"Request query must have required property 'page'"}]"#.to_owned();
    assert!(attribution_by_message(&[plain]).is_none(), "a plain missing parameter is the client's");
    let text = "response `op#status-400` (seed 1): \"api\" \"None\" [Prism 500 Cannot serialise complex objects as text: Cannot serialise complex objects as text]".to_owned();
    assert_eq!(attribution_by_message(&[text]).unwrap().0, "validator limitation");
    assert!(attribution_by_message(&[rejected]).is_none());
}

/// A response the client could not decode is not the client's when openapi-core, judging the
/// same response, finds its body outside the spec: the spec's fault when Prism made it from the
/// spec's example, Prism's when generated. A verdict about anything but the body explains
/// nothing, and neither does a response openapi-core accepts.
#[test]
fn responses_outside_the_spec_are_told_apart() {
    use conformance::report::attribution_by_message;
    let client = "[the client: could not decode the 200 OK response body: missing field `channel`]";
    let body = "openapi-core: InvalidData: Value {'ok': True} not valid for schema of type object: (<ValidationError: \"'channel' is a required property\">,)";
    let example = format!("response `op#status-200` (static): {}: {body} {client}", harness::BREAKS_EXAMPLE);
    let (kind, evidence) = attribution_by_message(std::slice::from_ref(&example)).expect("the example's fault");
    assert_eq!(kind, "spec contradicts itself");
    assert!(evidence.contains("'channel' is a required property"), "{evidence}");
    let generated = format!("response `op#status-200` (seed 2): {}: {body} {client}", harness::BREAKS_GENERATED);
    assert_eq!(attribution_by_message(&[generated]).unwrap().0, "validator limitation");
    let header = format!(
        "response `op#status-200` (seed 2): {}: openapi-core: MissingRequiredHeader: X-Rate-Limit {client}",
        harness::BREAKS_GENERATED
    );
    assert!(attribution_by_message(&[header]).is_none(), "a header verdict does not explain the body");
    let valid =
        "response `op#status-200` (static): \"decode\" \"could not decode\" [openapi-core finds this response valid]";
    assert!(attribution_by_message(&[valid.to_owned()]).is_none());

    // A negative integer where the format is unsigned, in a response Prism generated.
    let negative = "response `op#status-200` (seed 1): \"decode\" \"could not decode the 200 OK response body (466 bytes): invalid JSON for the documented type: invalid value: integer `-78108311`, expected u64 at line 1 column 430\"";
    assert_eq!(attribution_by_message(&[negative.to_owned()]).unwrap().0, "validator limitation");
    let from_example = negative.replace("(seed 1)", "(static)");
    assert!(attribution_by_message(&[from_example]).is_none(), "the spec's own example is not Prism's doing");

    // A 1xx Prism sent as final, with no body to decode.
    let interim = "response `logs#status-101` (static): \"decode\" \"could not decode the 101 Switching Protocols response body (0 bytes): invalid JSON for the documented error body: EOF while parsing a value at line 1 column 0\"";
    assert!(attribution_by_message(&[interim.to_owned()]).is_some_and(|(_, e)| e.contains("1xx")));
    // Prism without a serializer for the body's media type: only when openapi-core accepted.
    let serializer = "request `sign#full`: Prism 500 Cannot find serializer for application/jwt: ".to_owned();
    assert_eq!(attribution_by_message(std::slice::from_ref(&serializer)).unwrap().0, "validator limitation");
    let refused = "request `sign#full`: openapi-core: InvalidRequestBody: …".to_owned();
    assert!(attribution_by_message(&[serializer, refused]).is_none());
    // Prism checking a `Content-Type` header parameter, which OpenAPI says to ignore.
    let content_type = r#"request `build#required`: Prism 422 Invalid request: … validation: [{"location":["header","content-type"],"severity":"Error","code":"enum","message":"Request header parameter content-type must be equal to one of the allowed values: application/tar"}]"#;
    assert!(attribution_by_message(&[content_type.to_owned()]).is_some_and(|(_, e)| e.contains("SHALL be ignored")));
}

/// Two parameters in one path segment (`{ApplicationSid}{mediaTypeExtension}`) that the
/// validators cannot take apart: attributed only when every failure is about the path.
#[test]
fn adjacent_path_parameters_are_the_validators() {
    use conformance::harness::OpResult;
    use conformance::report::explain;
    let prism = r#"request `op#required`: Prism 422 Invalid request: … validation: [{"location":["path"],"severity":"Error","code":"required","message":"Request path must have required property 'applicationsid'"}]"#;
    let core = "request `op#required`: openapi-core: InvalidParameter: Invalid path parameter: mediaTypeExtension <- InvalidSchemaValue: Value  not valid";
    let mut op = OpResult {
        name: "op".into(),
        route: "GET /Applications/{ApplicationSid}{mediaTypeExtension}".into(),
        failures: vec![prism.into(), core.into()],
        ..OpResult::default()
    };
    assert_eq!(explain("doc.json", &op).map(|(kind, _)| kind), Some("validator limitation"));
    op.failures.push("request `op#full`: openapi-core: InvalidRequestBody: 'x' is a required property".into());
    assert!(explain("doc.json", &op).is_none(), "a body refusal is not explained by the path");
    op.failures.pop();
    op.route = "GET /Applications/{ApplicationSid}".into();
    assert!(explain("doc.json", &op).is_none(), "one parameter per segment: the client's to explain");

    // Literal text beside a parameter in one segment: Prism's alone, when openapi-core accepted.
    op.route = "GET /Accounts/{AccountSid}/AuthorizedConnectApps{mediaTypeExtension}".into();
    op.failures = vec![prism.into()];
    let (kind, evidence) = explain("doc.json", &op).expect("Prism's");
    assert_eq!(kind, "validator limitation");
    assert!(evidence.contains("literal text and a parameter"), "{evidence}");
    op.failures.push(core.into());
    assert!(explain("doc.json", &op).is_none(), "openapi-core refused too: not this rule");
}

/// The report's second measure counts only what a validator could judge: a response Prism could
/// not make within the spec is left out, a Prism limitation is judged by openapi-core (and the
/// reverse), and anything else still fails the operation.
#[test]
fn judged_measure_leaves_out_only_what_no_validator_could_judge() {
    use conformance::harness::OpResult;
    use conformance::report::{judged, Judged};
    let op = |responses: usize, decoded: usize, failures: &[&str]| OpResult {
        name: "op".into(),
        route: "POST /things".into(),
        request_ok: !failures.iter().any(|f| f.starts_with("request ")),
        responses,
        decoded,
        failures: failures.iter().map(|f| (*f).to_owned()).collect(),
    };
    assert_eq!(judged("doc.json", &op(4, 4, &[])), Judged::Passed);
    assert_eq!(judged("doc.json", &op(0, 0, &[])), Judged::Unjudged, "no response was judged: not passed");
    let own = format!("response `op#status-200` (seed 1): {}: Response body must be object", harness::OWN_GENERATED);
    assert_eq!(judged("doc.json", &op(4, 3, &[&own])), Judged::Passed, "Prism's own refusal is left out");
    assert_eq!(
        judged("doc.json", &op(1, 0, &[&own])),
        Judged::Unjudged,
        "no response within the spec reached the client"
    );
    assert_eq!(judged("doc.json", &op(4, 2, &[&own])), Judged::Failed, "an undecoded response no message explains");
    let valid =
        "response `op#status-200` (static): \"decode\" \"could not decode\" [openapi-core finds this response valid]";
    assert_eq!(judged("doc.json", &op(4, 3, &[valid])), Judged::Failed, "the client's");

    // A Prism limitation on the request counts as accepted only when openapi-core accepted it.
    let form_array = r#"request `op#full`: Prism 422 Invalid request: … validation: [{"location":["body","Tags"],"severity":"Error","code":"type","message":"Request body property Tags must be array"}]"#;
    assert_eq!(judged("doc.json", &op(4, 4, &[form_array])), Judged::Passed);
    let core = "request `op#full`: openapi-core: InvalidRequestBody: 'a' is not of type 'array'";
    assert_eq!(judged("doc.json", &op(4, 4, &[form_array, core])), Judged::Failed);
    let overlap = "request `op#full`: openapi-core: InvalidRequestBody: Value {'a': 'x'} is valid under each of {'$ref': 'A'}, {'$ref': 'B'}";
    assert_eq!(judged("doc.json", &op(4, 4, &[overlap])), Judged::Failed, "a spec contradiction still fails");

    // Prism without a serializer for the response's media type made no response at all.
    let png = "response `op#status-200` (static): \"api\" \"None\" [Prism 500 Cannot find serializer for image/png: ]";
    assert_eq!(judged("doc.json", &op(1, 0, &[png])), Judged::Unjudged);

    // Prism died: unjudged; a lost call alone is not.
    let crash = "Prism crashed while handling this operation: TypeError: value.split is not a function";
    let lost = "request `op#full`: not sent (\"transport\"): \"error sending request for url\"";
    assert_eq!(judged("doc.json", &op(0, 0, &[crash, lost])), Judged::Unjudged);
    assert_eq!(judged("doc.json", &op(0, 0, &[lost])), Judged::Failed);

    // Two parameters in one segment, which neither validator can take apart (a path rule).
    let prism = r#"request `op#required`: Prism 422 Invalid request: … validation: [{"location":["path"],"severity":"Error","code":"required","message":"Request path must have required property 'sid'"}]"#;
    let core = "request `op#required`: openapi-core: InvalidParameter: Invalid path parameter: mediaTypeExtension <- InvalidSchemaValue: Value  not valid";
    let mut adjacent = op(4, 4, &[prism, core]);
    adjacent.route = "GET /Apps/{Sid}{mediaTypeExtension}".into();
    assert_eq!(judged("doc.json", &adjacent), Judged::Unjudged, "both refused, each its limitation");
    adjacent.failures.pop();
    assert_eq!(judged("doc.json", &adjacent), Judged::Passed, "openapi-core accepted");
    adjacent.route = "GET /Apps/{Sid}".into();
    assert_eq!(judged("doc.json", &adjacent), Judged::Failed, "no rule or review explains the refusal");

    // A reviewed entry that shows openapi-core's limitation: Prism's acceptance judges the request.
    let document = "digitalocean/specification/DigitalOcean-public.v2.yaml";
    let read_only =
        "request `ssh_keys_get#required`: openapi-core: InvalidParameter: Invalid path parameter: ssh_key_identifier";
    let mut reviewed = op(4, 4, &[read_only]);
    reviewed.name = "ssh_keys_get".into();
    assert_eq!(judged(document, &reviewed), Judged::Passed);
    assert_eq!(judged("another.yaml", &reviewed), Judged::Failed, "not reviewed there");
}

/// Prism's `--errors` answer about its own response (every error located in `response`) means
/// it accepted the request; warnings do not count, and a request error makes it a refusal.
#[test]
fn prism_errors_about_its_own_response_are_told_apart() {
    use conformance::proxy::own_response_violations;
    let response_only = r#"[{"location":["request","query","status"],"severity":"Warning","code":"deprecated","message":"Query param status is deprecated"},{"location":["response","body"],"severity":"Error","code":"type","message":"Response body must be object"}]"#;
    assert_eq!(
        own_response_violations(500, Some(response_only)),
        Some(vec!["Response body must be object".to_owned()])
    );
    let both = r#"[{"location":["request","body"],"severity":"Error","code":"required","message":"Request body must have required property 'a'"},{"location":["response","body"],"severity":"Error","code":"type","message":"Response body must be object"}]"#;
    assert_eq!(own_response_violations(500, Some(both)), None);
    assert_eq!(own_response_violations(422, Some(response_only)), None);
    assert_eq!(own_response_violations(500, None), None);
    let many = format!("Too many violations! {response_only}");
    assert_eq!(own_response_violations(500, Some(&many)), Some(vec!["Response body must be object".to_owned()]));
}

/// Patterns are ECMA-262, where a brace that starts no quantifier is itself (the OpenAPI
/// feature samples' GUID pattern `^(?:{[0-9a-fA-F]{4}…}|…)$`); the harness's values match them.
#[test]
fn pattern_values_match_ecma_patterns_with_literal_braces() {
    use conformance::synth::pattern_value;
    let guid = "^(?:{[0-9a-fA-F]{4}(?:-?[0-9a-fA-F]{4}){7}}|[0-9a-fA-F]{4}(?:-?[0-9a-fA-F]{4}){7})$";
    let value = pattern_value(guid, None, None).expect("a value for the GUID pattern");
    let hex = value.trim_start_matches('{').trim_end_matches('}').replace('-', "");
    assert_eq!(hex.len(), 32, "{value}");
    assert!(hex.chars().all(|c| c.is_ascii_hexdigit()), "{value}");
    assert_eq!(value.starts_with('{'), value.ends_with('}'), "{value}");
    let value = pattern_value(r"a\w+b", None, None).unwrap();
    assert!(value.starts_with('a') && value.ends_with('b'), "{value}");
    let value = pattern_value("^aia_asst_.+$", None, None).expect("Twilio's id pattern");
    assert!(value.starts_with("aia_asst_") && value.len() > 9, "{value}");
    let value = pattern_value("^x{2,3}}$", None, None).unwrap();
    assert!(value == "xx}" || value == "xxx}", "{value}");
    // GitHub's: a commit SHA (a repetition as long as the length bounds), and anchors inside
    // alternatives.
    let sha = pattern_value("^[0-9a-fA-F]+$", Some(40), Some(40)).expect("a 40-digit hex string");
    assert!(sha.len() == 40 && sha.chars().all(|c| c.is_ascii_hexdigit()), "{sha}");
    let key = pattern_value("^ssh-(rsa|dss|ed25519) |^ecdsa-sha2-nistp(256|384|521) ", None, None).expect("a key");
    assert!(key.starts_with("ssh-") || key.starts_with("ecdsa-sha2-nistp"), "{key}");
}

/// A parameter whose schema is a `oneOf` of primitive types gets a value only one branch takes
/// once written as text (GitHub's `workflow_id`: `oneOf: [integer, string]`, where `1` is both).
#[test]
fn union_parameters_get_a_value_only_one_branch_takes() {
    use conformance::synth::Synth;
    let document = |schema: &str| -> openapiv3::OpenAPI {
        serde_yaml::from_str(&format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  parameters:\n    p: {{name: p, in: path, required: true, schema: {schema}}}\n"
        ))
        .unwrap()
    };
    let value = |schema: &str| {
        let api = document(schema);
        let synth = Synth { api: &api, examples: true };
        let parameter = &api.components.as_ref().unwrap().parameters["p"];
        synth.parameter_value(synth.parameter(parameter).unwrap(), false)
    };
    assert!(value("{oneOf: [{type: integer}, {type: string}]}").is_string(), "`1` is a string too");
    assert!(value("{oneOf: [{type: string, enum: [a]}, {type: string, enum: [b]}]}") == "a", "distinct enums");
    assert!(value("{oneOf: [{type: boolean}, {type: integer}]}") == true);
    assert!(value("{anyOf: [{type: integer}, {type: string}]}").is_number(), "anyOf allows both");
    assert!(value("{oneOf: [{type: integer}, {type: string}], example: 7}") == 7, "the spec's example first");
}

/// A document with a `$ref` to another host is never given to Prism, which would try to
/// download it even from inside an example value (GitHub's SCIM examples).
#[test]
fn documents_that_would_reach_another_host_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let remote = dir.path().join("remote.json");
    std::fs::write(
        &remote,
        r#"{"openapi": "3.0.3", "components": {"examples": {"g": {"value": {"members": [{"$ref": "https://api.github.com/scim/v2/Users/1"}]}}}}}"#,
    )
    .unwrap();
    assert_eq!(harness::remote_reference(&remote).as_deref(), Some("https://api.github.com/scim/v2/Users/1"));
    let local = dir.path().join("local.yaml");
    std::fs::write(&local, "openapi: 3.0.3\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: 'other.yaml#/B'}\n    C: {$ref: 'http://127.0.0.1:9/c.json'}\n").unwrap();
    assert_eq!(harness::remote_reference(&local), None);

    // Inside example values the key is renamed in the validators' copy; elsewhere it stays, to be
    // refused.
    let (copy, renamed) = harness::without_example_refs(&remote).expect("one to rename");
    assert_eq!(renamed, 1);
    let member = &copy["components"]["examples"]["g"]["value"]["members"][0];
    assert_eq!(member[harness::RENAMED_REF], "https://api.github.com/scim/v2/Users/1");
    assert!(member.get("$ref").is_none());
    let schema = dir.path().join("schema.json");
    std::fs::write(
        &schema,
        r#"{"openapi": "3.0.3", "components": {"schemas": {"A": {"$ref": "https://example.com/a.json"}}}}"#,
    )
    .unwrap();
    assert!(harness::without_example_refs(&schema).is_none(), "a schema's reference is not example data");
    assert!(harness::remote_reference(&schema).is_some());
}
