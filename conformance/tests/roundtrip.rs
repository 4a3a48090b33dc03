//! The round-trip oracle in the default suite (issue 24): the vendor specs, the corpus subset
//! (a multi-file document, OpenAPI 3.1, Swagger 2.0), Stripe's customer form body as its spec
//! writes it, and the fixture of constructs a client once dropped. Every schema with a certified
//! instance must give each instance back unchanged. The whole corpus has its own command
//! (README, "Round trip") and report, ROUNDTRIP.md.
//! Needs Python with requirements-test.txt (hypothesis-jsonschema, openapi-schema-validator).

use clientgen_conformance::{repo, report, roundtrip, stripe_subset, Job};

#[test]
fn vendor_specs_and_subset_round_trip_without_loss() {
    let mut jobs = report::vendor_jobs(&repo());
    jobs.extend(report::subset_jobs(&repo()));
    let stripe = stripe_subset(&["/v1/customers"], Some("post"), "stripe-customers-roundtrip.json");
    jobs.push(Job::new("stripe/customers-form-body", stripe));
    for fixture in ["lossless-constructs.yaml", "json-schema-2020-12.yaml"] {
        jobs.push(Job::new(&format!("fixtures/{fixture}"), repo().join("generator/tests/fixtures").join(fixture)));
    }
    // Scratch `target/conformance`: its drivers build in `target/nested`, beside the
    // conformance tests' (dependencies compiled once for both).
    let options = roundtrip::Options { scratch: repo().join("target/conformance"), repo: repo(), count: 8, seconds: 8 };
    let results = roundtrip::run(jobs, &options);
    let mut problems = Vec::new();
    let (mut judged, mut instances) = (0, 0);
    for doc in &results {
        if let Some(error) = &doc.error {
            problems.push(format!("{}: not run: {error}", doc.label));
        }
        for schema in &doc.schemas {
            judged += usize::from(schema.instances > 0);
            instances += schema.instances;
            for failure in &schema.failures {
                problems.push(format!(
                    "{} {} ({}): {} — instance {} gave {:?}",
                    doc.label,
                    schema.target.pointer,
                    schema.target.rust,
                    failure.problem,
                    failure.instance,
                    failure.output
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
    // The oracle must have judged something in every document, and the fixture's every construct.
    assert!(judged >= 90 && instances >= 600, "too little judged: {judged} schemas, {instances} instances");
    let fixture = results.iter().find(|d| d.label.starts_with("fixtures/lossless")).expect("the fixture ran");
    for name in ["Entry", "Source", "Contact", "Range"] {
        let pointer = format!("#/components/schemas/{name}");
        let schema = fixture.schemas.iter().find(|s| s.target.pointer == pointer).expect(&pointer);
        assert!(schema.lossless(), "{pointer}: {} instances", schema.instances);
    }
    // JSON Schema 2020-12's `$id` resources, anchors, `$dynamicRef` and conditional properties
    // (issue 29): every schema judged, none lossy.
    let fixture = results.iter().find(|d| d.label.starts_with("fixtures/json-schema")).expect("the fixture ran");
    for name in ["Order", "Document", "Address", "Payment", "Delivery", "Labels", "Plugin"] {
        let pointer = format!("#/components/schemas/{name}");
        let schema = fixture.schemas.iter().find(|s| s.target.pointer == pointer).expect(&pointer);
        assert!(schema.lossless(), "{pointer}: {} instances", schema.instances);
    }
}

/// The comparison the oracle makes: numbers by value, timestamps by instant and offset, and
/// anything lost, added or changed located in the instance.
#[test]
fn differences_are_located() {
    use serde_json::json;
    let diff = |a: serde_json::Value, b: serde_json::Value| roundtrip::difference(&a, &b, &mut String::new());
    assert_eq!(diff(json!({"a": 1}), json!({"a": 1.0})), None);
    assert_eq!(diff(json!("2024-01-01T10:00:00.5+02:00"), json!("2024-01-01T10:00:00.500+02:00")), None);
    assert!(diff(json!("2024-01-01T10:00:00+02:00"), json!("2024-01-01T08:00:00Z")).unwrap().starts_with("changed"));
    assert_eq!(diff(json!({"a": {"b": null}}), json!({"a": {}})).as_deref(), Some("lost `/a/b`"));
    assert_eq!(diff(json!({}), json!({"x": 1})).as_deref(), Some("added `/x`"));
    assert_eq!(diff(json!([1, 2]), json!([1])).as_deref(), Some("changed ``: 2 items became 1"));
}
