//! Which documents a run covers, and `CONFORMANCE.md`.

use super::harness::DocResult;
use super::Job;
use std::collections::BTreeMap;
use std::path::Path;

/// Why an operation that does not pass does not pass: reviewed by hand, with the evidence.
/// A failure with no entry here is reported as unattributed, which the targets do not allow.
pub struct Attribution {
    /// The document's label, as in the report.
    pub document: &'static str,
    /// The method name, or `*` for every failing operation of the document.
    pub operation: &'static str,
    /// `client bug`, `spec contradicts itself`, or `validator limitation`.
    pub kind: &'static str,
    /// The quote or behaviour that shows it.
    pub evidence: &'static str,
}

pub const ATTRIBUTIONS: &[Attribution] = &[
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "form_data_standard",
        kind: "validator limitation",
        evidence: "Prism reads repeated parts as one value, the last (its open pull request stoplightio/prism#2654 adds arrays from repeated parts), and does not parse the object's `application/json` part: `Request body property array must be array`, `... object must be object`. openapi-core accepts the same request.",
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "form_data_form_exploded",
        kind: "validator limitation",
        evidence: "The document is OpenAPI 3.0, whose Encoding Object says `style`, `explode` and `allowReserved` SHALL be ignored when the body is not application/x-www-form-urlencoded (3.0.3, Encoding Object); clientgen sends each property as a part with its default content type (text, JSON for the object, a part per array item). Both validators apply the styles to the multipart parts anyway: Prism answers 422 `Reserved characters used in request body` for the JSON object part (and crashes on `spaceDelimited`/`pipeDelimited` for a non-array property), openapi-core reads styled parts as bytes (`b'string' is not of type 'string'`) or fails to deserialize them (`DeserializeError: ('form', 'object')`).",
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "form_data_form_non_exploded",
        kind: "validator limitation",
        evidence: "The document is OpenAPI 3.0, whose Encoding Object says `style`, `explode` and `allowReserved` SHALL be ignored when the body is not application/x-www-form-urlencoded (3.0.3, Encoding Object); clientgen sends each property as a part with its default content type (text, JSON for the object, a part per array item). Both validators apply the styles to the multipart parts anyway: Prism answers 422 `Reserved characters used in request body` for the JSON object part (and crashes on `spaceDelimited`/`pipeDelimited` for a non-array property), openapi-core reads styled parts as bytes (`b'string' is not of type 'string'`) or fails to deserialize them (`DeserializeError: ('form', 'object')`).",
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "form_data_space_delimited_non_exploded",
        kind: "validator limitation",
        evidence: "The document is OpenAPI 3.0, whose Encoding Object says `style`, `explode` and `allowReserved` SHALL be ignored when the body is not application/x-www-form-urlencoded (3.0.3, Encoding Object); clientgen sends each property as a part with its default content type (text, JSON for the object, a part per array item). Both validators apply the styles to the multipart parts anyway: Prism answers 422 `Reserved characters used in request body` for the JSON object part (and crashes on `spaceDelimited`/`pipeDelimited` for a non-array property), openapi-core reads styled parts as bytes (`b'string' is not of type 'string'`) or fails to deserialize them (`DeserializeError: ('form', 'object')`).",
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "form_data_pipe_delimited_non_exploded",
        kind: "validator limitation",
        evidence: "The document is OpenAPI 3.0, whose Encoding Object says `style`, `explode` and `allowReserved` SHALL be ignored when the body is not application/x-www-form-urlencoded (3.0.3, Encoding Object); clientgen sends each property as a part with its default content type (text, JSON for the object, a part per array item). Both validators apply the styles to the multipart parts anyway: Prism answers 422 `Reserved characters used in request body` for the JSON object part (and crashes on `spaceDelimited`/`pipeDelimited` for a non-array property), openapi-core reads styled parts as bytes (`b'string' is not of type 'string'`) or fails to deserialize them (`DeserializeError: ('form', 'object')`).",
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "form_data_deep_object_exploded",
        kind: "validator limitation",
        evidence: "The document is OpenAPI 3.0, whose Encoding Object says `style`, `explode` and `allowReserved` SHALL be ignored when the body is not application/x-www-form-urlencoded (3.0.3, Encoding Object); clientgen sends each property as a part with its default content type (text, JSON for the object, a part per array item). Both validators apply the styles to the multipart parts anyway: Prism answers 422 `Reserved characters used in request body` for the JSON object part (and crashes on `spaceDelimited`/`pipeDelimited` for a non-array property), openapi-core reads styled parts as bytes (`b'string' is not of type 'string'`) or fails to deserialize them (`DeserializeError: ('form', 'object')`).",
    },
    Attribution {
        document: "oas-examples-3.0/file-uploads.json",
        operation: "put_anything_multipart_formdata",
        kind: "validator limitation",
        evidence: "An array of files is sent as one part per file under the property's name (RFC 7578 §4.3); Prism reads repeated parts as one value (stoplightio/prism#2654, open), so one or more files are `not array`. The parts are read back one by one by multer in build-tests/tests/streams.rs, and openapi-core accepts the request there.",
    },
    Attribution {
        document: "oas-examples-3.0/file-uploads.json",
        operation: "post_anything_multipart_formdata",
        kind: "validator limitation",
        evidence: "Prism accepts the request. openapi-core does not cast a multipart text part to the property's type (`'1' is not of type 'integer'`): OpenAPI sends primitives as text/plain parts, and openapi-core's fix for the same problem (python-openapi/openapi-core#700) covered urlencoded forms only.",
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "cookies_standard",
        kind: "validator limitation",
        evidence: "Prism accepts the request; openapi-core cannot read object-valued cookies in any style: `ParameterValidationError: Cookie parameter error: object <- DeserializeError: ('form', 'object')` (its `form` deserializer splits only arrays). Note: for the exploded variant clientgen also writes the non-exploded `object=k,v,...` form; OpenAPI leaves exploded object cookies undefined.",
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "cookies_form_non_exploded",
        kind: "validator limitation",
        evidence: "Prism accepts the request; openapi-core cannot read object-valued cookies in any style: `ParameterValidationError: Cookie parameter error: object <- DeserializeError: ('form', 'object')` (its `form` deserializer splits only arrays). Note: for the exploded variant clientgen also writes the non-exploded `object=k,v,...` form; OpenAPI leaves exploded object cookies undefined.",
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "cookies_form_exploded",
        kind: "validator limitation",
        evidence: "Prism accepts the request; openapi-core cannot read object-valued cookies in any style: `ParameterValidationError: Cookie parameter error: object <- DeserializeError: ('form', 'object')` (its `form` deserializer splits only arrays). Note: for the exploded variant clientgen also writes the non-exploded `object=k,v,...` form; OpenAPI leaves exploded object cookies undefined.",
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "headers_standard",
        kind: "validator limitation",
        evidence: "Prism's process crashes when an optional array header is absent: `TypeError: Cannot read properties of undefined (reading 'split')` at prism-http/dist/validator/deserializers/style/simple.js:20 (`return value === '' ? [] : value.split(',')`); the harness restarts it and the operation cannot be judged.",
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "headers_simple_non_exploded",
        kind: "validator limitation",
        evidence: "Prism's process crashes when an optional array header is absent: `TypeError: Cannot read properties of undefined (reading 'split')` at prism-http/dist/validator/deserializers/style/simple.js:20 (`return value === '' ? [] : value.split(',')`); the harness restarts it and the operation cannot be judged.",
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "headers_simple_exploded",
        kind: "validator limitation",
        evidence: "Prism's process crashes when an optional array header is absent: `TypeError: Cannot read properties of undefined (reading 'split')` at prism-http/dist/validator/deserializers/style/simple.js:20 (`return value === '' ? [] : value.split(',')`); the harness restarts it and the operation cannot be judged.",
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "paths_matrix_non_exploded",
        kind: "validator limitation",
        evidence: "clientgen sends `;primitive=string/;array=string/;object=name,string,description,string` (OpenAPI's `matrix` style); Prism crashes reading it: `TypeError: parameters[name].startsWith is not a function`, and the operation cannot be judged. The exact bytes are asserted in the runtime's `path_styles` test.",
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "paths_matrix_exploded",
        kind: "validator limitation",
        evidence: "openapi-core cannot extract `label`/`matrix` path parameters: `MissingRequiredParameter: Missing required path parameter: primitive` for `/anything/path/matrix/;primitive=string/;array=string/;name=string;description=string`, which is RFC 6570's `{;var*}` as OpenAPI's style table shows it. Prism crashes on the non-exploded variants (`TypeError: parameters[name].startsWith is not a function`). The exact bytes are asserted in the runtime's `path_styles` test.",
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "paths_label_non_exploded",
        kind: "validator limitation",
        evidence: "clientgen sends `.string/.string/.name,string,description,string` (OpenAPI's `label` style); Prism crashes reading it: `TypeError: parameters[name].startsWith is not a function`, and the operation cannot be judged. The exact bytes are asserted in the runtime's `path_styles` test.",
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "paths_label_exploded",
        kind: "validator limitation",
        evidence: "openapi-core cannot extract `label`/`matrix` path parameters: `MissingRequiredParameter: Missing required path parameter: primitive` for `/anything/path/label/.string/.string/.name=string.description=string`, which is RFC 6570's `{.var*}` as OpenAPI's style table shows it. Prism crashes on the non-exploded variants (`TypeError: parameters[name].startsWith is not a function`). The exact bytes are asserted in the runtime's `path_styles` test.",
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "paths_simple_exploded",
        kind: "validator limitation",
        evidence: "clientgen sends the exploded object as `name=string,description=string` (OpenAPI's `simple` style, explode true); Prism crashes reading it (`TypeError: value.split is not a function`) and the operation cannot be judged.",
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "query_space_delimited_non_exploded",
        kind: "spec contradicts itself",
        evidence: "the document applies spaceDelimited/pipeDelimited to an object parameter, a combination OpenAPI 3.0's style table leaves undefined (\"spaceDelimited — array\", \"pipeDelimited — array\"); Prism crashes on it: `Space/pipe/comma.. delimited style is only applicable to array parameter`.",
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "query_pipe_delimited_non_exploded",
        kind: "spec contradicts itself",
        evidence: "the document applies spaceDelimited/pipeDelimited to an object parameter, a combination OpenAPI 3.0's style table leaves undefined (\"spaceDelimited — array\", \"pipeDelimited — array\"); Prism crashes on it: `Space/pipe/comma.. delimited style is only applicable to array parameter`.",
    },
    Attribution {
        document: "oas-examples-3.1/train-travel.json",
        operation: "create_booking",
        kind: "spec contradicts itself",
        evidence: "its request example `\"trip_id\": \"4f4e4e1-c824-4d63-b37a-d8d698862f1d\"` (and `\"id\": \"3f3e3e1-…\"`) is declared `format: uuid` but has 7 hex digits in its first group; openapi-core: `'4f4e4e1-c824-4d63-b37a-d8d698862f1d' is not a 'uuid'`. The harness sends the spec's own example first.",
    },
    Attribution {
        document: "fixtures/form-encoding.yaml",
        operation: "post_customers",
        kind: "validator limitation",
        evidence: "Prism reads form bodies without their `encoding` (`tags` is `style: pipeDelimited`, sent `tags=a%7Cb`: `Request body property tags must be array`; likewise `tax_ids` with explode false and JSON `settings`), and openapi-core's deepObject deserializer takes only `type: object` schemas (`expand` is an array: `DeserializeError: ('deepObject', 'expand')`). The exact bytes are asserted in the runtime's form tests.",
    },
    Attribution {
        document: "fixtures/swagger-2-0.yaml",
        operation: "download_photo",
        kind: "validator limitation",
        evidence: "Prism cannot produce an `image/png` response from a `type: string, format: binary` schema: `500 Cannot find serializer for image/png`.",
    },
];

/// The five vendor specs.
pub fn vendor_jobs(repo: &Path) -> Vec<Job> {
    [
        "specs/nuweb/customers-update.yaml",
        "specs/nuweb/company-users-update.yaml",
        "specs/flextell/customers-update.yaml",
        "specs/commercengine/auth-user-update.yaml",
        "specs/commbox/users-update.yaml",
    ]
    .iter()
    .map(|spec| Job::new(spec, repo.join(spec)))
    .collect()
}

/// The default suite's corpus subset (issue 11): form bodies with an `encoding` object, query,
/// header, cookie and path styles, security schemes, 3.1, Swagger 2.0, a multi-file document,
/// and two fixtures of ours (form encodings, Swagger 2.0 constructs).
pub const SUBSET: &[&str] = &[
    "oas-examples-3.0/petstore.json",
    "oas-examples-3.0/parameters-style.json",
    "oas-examples-3.0/form-data.json",
    "oas-examples-3.0/file-uploads.json",
    "oas-examples-3.1/train-travel.json",
    "oas-examples-3.0/security.json",
    "twilio/twilio_chat_v3.json",
    "swagger-2.0/nytimes/books_api.json",
];

pub fn subset_jobs(repo: &Path) -> Vec<Job> {
    let corpus = repo.parent().expect("the repository has a parent").join("shared/corpus");
    let mut jobs: Vec<Job> = SUBSET.iter().map(|label| Job::new(label, corpus.join(label))).collect();
    let separate = "swagger-2.0/oai-examples/petstore-separate/spec/swagger.yaml";
    let mut multi_file = Job::new(separate, corpus.join(separate));
    multi_file.ref_root = Some(corpus.join("swagger-2.0/oai-examples/petstore-separate"));
    jobs.push(multi_file);
    for fixture in ["form-encoding.yaml", "swagger-2-0.yaml"] {
        jobs.push(Job::new(&format!("fixtures/{fixture}"), repo.join("generator/tests/fixtures").join(fixture)));
    }
    jobs
}

/// Every document of `../shared/corpus` (multi-file ones by their root).
pub fn corpus_jobs(repo: &Path) -> Vec<Job> {
    let corpus = repo.parent().expect("the repository has a parent").join("shared/corpus");
    let mut jobs = Vec::new();
    for folder in [
        "openapiv3-fixtures",
        "oas-examples-3.0",
        "oas-examples-3.1",
        "progenitor-samples",
        "twilio",
        "swagger-2.0/nytimes",
        "swagger-2.0/oai-examples",
    ] {
        let mut names: Vec<String> = std::fs::read_dir(corpus.join(folder))
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".json") || n.ends_with(".yaml"))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        for name in names {
            let label = format!("{folder}/{name}");
            jobs.push(Job::new(&label, corpus.join(&label)));
        }
    }
    let mut separate = Job::new(
        "swagger-2.0/oai-examples/petstore-separate/spec/swagger.yaml",
        corpus.join("swagger-2.0/oai-examples/petstore-separate/spec/swagger.yaml"),
    );
    separate.ref_root = Some(corpus.join("swagger-2.0/oai-examples/petstore-separate"));
    jobs.push(separate);
    let label = "digitalocean/specification/DigitalOcean-public.v2.yaml";
    jobs.push(Job::new(label, corpus.join(label)));
    jobs
}

/// Failures every message of which shows the validator's own failure, whatever the document:
/// Prism's process dying inside its own code, Prism declining to generate a response for a
/// schema-less media type, or a documented 1xx status, which Prism sends as if it were final.
/// Only when *every* failure of the operation is of these kinds (requests not delivered because
/// Prism had died count with the crash); the evidence quotes the first message.
pub fn attribution_by_message(failures: &[String]) -> Option<(&'static str, String)> {
    const CRASH: &str = "Prism crashed while handling this operation: ";
    const NO_SCHEMA: &str = "Tried to force a dynamic response for";
    let crashed = failures.iter().find(|f| f.contains(CRASH));
    let undeliverable =
        |f: &String| f.contains("(\"transport\")") || f.contains("\"transport\" \"error sending request");
    let interim = |f: &String| f.contains("#status-1") && undeliverable(f);
    if let Some(crash) = crashed {
        if failures.iter().all(|f| f.contains(CRASH) || undeliverable(f)) {
            let quote = crash.split(CRASH).nth(1).unwrap_or(crash).trim();
            return Some((
                "validator limitation",
                format!("Prism's mock server process died with an exception in its own code (`{quote}`), so nothing after it was judged; requests that were not delivered are its consequence."),
            ));
        }
    }
    if !failures.is_empty() && failures.iter().all(|f| f.contains(NO_SCHEMA)) {
        return Some((
            "validator limitation",
            "the spec documents a response media type without a schema (valid OpenAPI), and Prism answers `--dynamic` requests for it with `500 Tried to force a dynamic response for: application/json but schema is not defined`; its static response decodes.".to_owned(),
        ));
    }
    if failures.iter().all(undeliverable) && failures.iter().any(interim) {
        return Some((
            "validator limitation",
            "the spec documents a 1xx status; Prism sends it as the final response, but 1xx responses are interim (RFC 9110 §15.2), so the HTTP client keeps waiting for a final one and the connection fails.".to_owned(),
        ));
    }
    None
}

pub fn attribution(document: &str, operation: &str) -> Option<&'static Attribution> {
    ATTRIBUTIONS.iter().find(|a| a.document == document && (a.operation == operation || a.operation == "*"))
}

pub fn render(results: &[DocResult]) -> String {
    let mut out = String::from(
        "# Conformance\n\n\
         For every operation of each document: arguments synthesized from the spec (its examples first,\n\
         else values generated from the schemas; each operation once with required values only and once\n\
         with every optional parameter and property), turned into the generated client's own typed\n\
         values and sent by the generated method through a recording proxy to Prism (`prism mock\n\
         --errors`, request validation on); each request as it was on the wire is also validated by\n\
         openapi-core. Responses: Prism's static example and dynamic responses for 3 seeds, for every\n\
         documented status code, decoded through the generated types (a documented error status counts\n\
         as decoded when it becomes its typed variant). Regenerate with the command in the README\n\
         (\"Conformance\").\n\n",
    );
    let mut folders: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for r in results {
        let entry = folders.entry(if r.folder.is_empty() { "." } else { &r.folder }).or_default();
        entry[0] += r.ops.len();
        entry[1] += r.ops.iter().filter(|o| o.request_ok).count();
        entry[2] += r.ops.iter().filter(|o| o.decoded == o.responses).count();
        entry[3] += r.ops.iter().filter(|o| o.passed()).count();
    }
    out.push_str(
        "## Totals\n\n| folder | operations | requests accepted | responses decoded | both |\n|---|---|---|---|---|\n",
    );
    let mut total = [0usize; 4];
    for (folder, counts) in &folders {
        out.push_str(&format!("| {folder} | {} | {} | {} | {} |\n", counts[0], counts[1], counts[2], counts[3]));
        for i in 0..4 {
            total[i] += counts[i];
        }
    }
    let percent = 100.0 * total[3] as f64 / total[0].max(1) as f64;
    out.push_str(&format!(
        "| **total** | **{}** | **{}** | **{}** | **{} ({percent:.1}%)** |\n\n",
        total[0], total[1], total[2], total[3]
    ));
    out.push_str("## Documents\n\n| document | operations | requests accepted | responses decoded | failures | time |\n|---|---|---|---|---|---|\n");
    for r in results {
        let failures = r.ops.iter().filter(|o| !o.passed()).count();
        let note = r.error.as_deref().map(|e| format!(" — not run: {}", e.replace('|', "\\|"))).unwrap_or_default();
        out.push_str(&format!(
            "| {}{note} | {} | {} | {}/{} | {} | {:.1} s |\n",
            r.label,
            r.ops.len(),
            r.ops.iter().filter(|o| o.request_ok).count(),
            r.ops.iter().map(|o| o.decoded).sum::<usize>(),
            r.ops.iter().map(|o| o.responses).sum::<usize>(),
            failures,
            r.seconds
        ));
    }
    out.push_str("\n## Failures and their attribution\n\n");
    let mut any = false;
    let mut unattributed = 0;
    for r in results {
        for op in r.ops.iter().filter(|o| !o.passed()) {
            any = true;
            let (kind, evidence) = match attribution(&r.label, &op.name) {
                Some(a) => (a.kind, a.evidence.to_owned()),
                None => match attribution_by_message(&op.failures) {
                    Some(found) => found,
                    None => {
                        unattributed += 1;
                        ("UNATTRIBUTED", "not reviewed yet".to_owned())
                    }
                },
            };
            out.push_str(&format!("### {} — `{}` ({})\n\n**{kind}**: {evidence}\n\n", r.label, op.name, op.route));
            for failure in op.failures.iter().take(6) {
                let short: String = failure.chars().take(700).collect();
                out.push_str(&format!("- {}\n", short.replace('\n', " ")));
            }
            out.push('\n');
        }
    }
    if !any {
        out.push_str("None: every operation passed both checks.\n");
    } else if unattributed > 0 {
        out.push_str(&format!("**{unattributed} failing operation(s) are not attributed yet.**\n"));
    }
    out
}
