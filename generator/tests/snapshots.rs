//! One IR snapshot and one code snapshot per vendor client and per fixture spec. Review changes
//! with `cargo insta review`; never accept them unread.

mod support;

use support::{builder, fixture_cases, vendor_cases, Case};

fn snapshot_case(case: &Case, prefix: &str) {
    let generated = builder(case).render().unwrap_or_else(|e| panic!("{} failed to generate: {e}", case.name));
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(format!("generated from {}", generated.api.sources.join(", ")));
    settings.bind(|| {
        insta::assert_debug_snapshot!(format!("{prefix}{}.ir", case.name), generated.api);
        insta::assert_snapshot!(format!("{prefix}{}.code", case.name), generated.code);
        let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
        insta::assert_snapshot!(format!("{prefix}{}.warnings", case.name), warnings.join("\n"));
    });
}

#[test]
fn vendor_clients() {
    for case in vendor_cases() {
        snapshot_case(&case, "vendor-");
    }
}

#[test]
fn fixtures() {
    for case in fixture_cases() {
        snapshot_case(&case, "fixture-");
    }
}

#[test]
fn output_is_deterministic() {
    for case in vendor_cases().into_iter().chain(fixture_cases()) {
        let first = builder(&case).render().expect("generates").code;
        let second = builder(&case).render().expect("generates").code;
        assert_eq!(first, second, "{} differs between two runs", case.name);
    }
}
