//! Which documents a run covers, and `CONFORMANCE.md`.

use super::harness::{DocResult, OpResult};
use super::Job;
use std::collections::BTreeMap;
use std::path::Path;

/// Why an operation that does not pass does not pass: reviewed by hand, with the evidence.
/// A failure with no entry here is reported as unattributed, which the targets do not allow.
pub struct Attribution {
    /// The document's label, as in the report.
    pub document: &'static str,
    /// The operation: its route (`POST /hoot`, for operations without an operationId, whose
    /// method names come from their paths), its method name, or `*` for every failing operation
    /// of the document.
    pub operation: &'static str,
    /// `client bug`, `spec contradicts itself`, or `validator limitation`.
    pub kind: &'static str,
    /// The quote or behaviour that shows it.
    pub evidence: &'static str,
}

/// Styles given to multipart parts (which OpenAPI 3.0 says to ignore), as both validators read them.
const MULTIPART_STYLES: &str = "The document is OpenAPI 3.0, whose Encoding Object says `style`, `explode` and `allowReserved` SHALL be ignored when the body is not application/x-www-form-urlencoded (3.0.3, Encoding Object); clientgen sends each property as a part with its default content type (text, JSON for the object, a part per array item). Both validators apply the styles to the multipart parts anyway: Prism answers 422 `Reserved characters used in request body` for the JSON object part (and crashes on `spaceDelimited`/`pipeDelimited` for a non-array property), openapi-core reads styled parts as bytes (`b'string' is not of type 'string'`) or fails to deserialize them (`DeserializeError: ('form', 'object')`).";

/// OpenAPI 3.1 applies `style` and `explode` to multipart parts, as clientgen does; the
/// validators misread them.
const MULTIPART_STYLES_31: &str = "OpenAPI 3.1.0 (Encoding Object) applies `style`, `explode` and `allowReserved` to `multipart/form-data` parts (3.0 says to ignore them there), and clientgen writes each styled property as the text parts its style makes (checked with a third-party multipart parser in build-tests/tests/multipart_styles.rs). The failures left are the validators': openapi-core reads a styled text part as bytes and refuses it (`b'string' is not of type 'string'`) and cannot deserialize `deepObject` for a primitive property (`DeserializeError: ('deepObject', 'primitive')`, a combination OpenAPI's style table does not define); Prism refuses the commas `form` style puts between values (`Reserved characters used in request body`) and answers `500 No response defined for the selected operation` for these operations, which document no response.";

/// The feature samples' format test values (3.0 `schema-validation.json`, 3.1 `schema-validation-local.json`).
const JSONSCHEMA_FORMATS: &str = "The spec's own values break its formats: `duration` has `example: TBD` (Prism: `Request query parameter duration must match format \"duration\"`), `json-pointer` has `example: '#/a~1b'`, a URI fragment, not a JSON Pointer (RFC 6901 §3; Prism: `must match format \"json-pointer\"`), and `time` has `default: '23:20:50.52'`, without the offset RFC 3339's `full-time` requires, which openapi-core checks even when the parameter is absent (`'23:20:50.52' is not a 'time'`); openapi-core refuses the document for it (`'23:20:50.52' is not a 'time'`). openapi-core's `time` check is JSON Schema draft 3's (`%H:%M:%S`, openapi-schema-validator's `is_draft3_time`), so it also refuses the valid example `16:39:57-08:00`.";
/// The same samples' OpenAPI formats.
const OAS_FORMATS: &str = "The optional `int64` query parameter is `type: integer` with `default: '3000000000'`, a string; openapi-core checks the default when the parameter is absent: `'3000000000' is not of type 'integer'`. The request with every parameter (the spec's example, `4000000000`) passes.";

/// Fitbit's request bodies with `$ref: ""`.
const FITBIT_EMPTY_REF: &str = "The request body's `data.attributes` is `allOf: [{$ref: \"\"}]` and `relationships.owner.data` is `{$ref: \"\"}`: an empty reference, which names the whole document it is in (RFC 3986 §4.4, a same-document reference), not a schema (clientgen warns and reads it as any JSON value, sending the spec's example). Prism resolves it to the enclosing request schema and so requires a `data` property inside `data.attributes` and inside `owner.data` (`Request body property data.attributes must have required property 'data'`), which the spec's own example does not have.";

/// DigitalOcean's `{ssh_key_identifier}`: `anyOf` of two attribute schemas, each `readOnly`.
const SSH_KEY_IDENTIFIER: &str = "The path parameter `ssh_key_identifier` is `anyOf: [ssh_key_id (integer), ssh_key_fingerprint (string)]`, and both attribute schemas carry `readOnly: true`, a keyword OpenAPI 3.0 makes relevant only for properties (3.0.3, Schema Object: \"Relevant only for Schema `properties` definitions\"). openapi-core applies it to the parameter's value and refuses every request: `Value 512189 not valid for schema of type any: 512189 is not valid under any of the given schemas`; the same document with `readOnly: false` is accepted (checked with openapi-core 0.23.1 on a two-line copy of the parameter). Prism accepts the request.";

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
        evidence: MULTIPART_STYLES,
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "form_data_form_non_exploded",
        kind: "validator limitation",
        evidence: MULTIPART_STYLES,
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "form_data_space_delimited_non_exploded",
        kind: "validator limitation",
        evidence: MULTIPART_STYLES,
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "form_data_pipe_delimited_non_exploded",
        kind: "validator limitation",
        evidence: MULTIPART_STYLES,
    },
    Attribution {
        document: "oas-examples-3.0/parameters-style.json",
        operation: "form_data_deep_object_exploded",
        kind: "validator limitation",
        evidence: MULTIPART_STYLES,
    },
    Attribution {
        document: "oas-examples-3.0/file-uploads.json",
        operation: "PUT /anything/multipart-formdata",
        kind: "validator limitation",
        evidence: "An array of files is sent as one part per file under the property's name (RFC 7578 §4.3); Prism reads repeated parts as one value (stoplightio/prism#2654, open), so one or more files are `not array`. The parts are read back one by one by multer in build-tests/tests/streams.rs, and openapi-core accepts the request there.",
    },
    Attribution {
        document: "oas-examples-3.0/file-uploads.json",
        operation: "POST /anything/multipart-formdata",
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
        document: "oas-examples-3.0/schema-encoding-style.json",
        operation: "encoding_form",
        kind: "validator limitation",
        evidence: MULTIPART_STYLES,
    },
    Attribution {
        document: "oas-examples-3.0/security-multiple.json",
        operation: "POST /anything/and",
        kind: "spec contradicts itself",
        evidence: "Its one security requirement asks for `apiKey_header`, `basic` and `oauth2` together, but `basic` (`Authorization: Basic …`) and OAuth 2.0 (`Authorization: Bearer …`) both need the one `Authorization` header, whose value is a single credential (RFC 9110 §11.6.2), so no request can carry all three. clientgen sends the API key and the bearer token; openapi-core: `Security not found. Schemes not valid for any requirement: [['apiKey_header', 'basic', 'oauth2']]`. Prism accepts the request.",
    },
    Attribution {
        document: "oas-examples-3.0/schema-circular.json",
        operation: "PUT /circular",
        kind: "validator limitation",
        evidence: "The operation declares a required header parameter named `Authorization`; OpenAPI 3.0.3 (Parameter Object, `name`): if `in` is `header` and the name is `Accept`, `Content-Type` or `Authorization`, the parameter definition SHALL be ignored. clientgen ignores it (credentials come from security schemes, or a default header the user sets); openapi-core enforces it: `MissingRequiredParameter: Missing required header parameter: Authorization`. Prism accepts the request.",
    },
    Attribution {
        document: "oas-examples-3.0/post.json",
        operation: "POST /hoot",
        kind: "spec contradicts itself",
        evidence: "The operation has `responses: {}`, which OpenAPI forbids (3.0.0, Responses Object: it MUST contain at least one response code), so there is nothing to answer with: Prism `500 No response defined for the selected operation`, and openapi-core refuses the document (`'responses' … should be non-empty`).",
    },
    Attribution {
        document: "oas-examples-3.0/discriminators.json",
        operation: "PATCH /mapping-with-duplicate-schemas",
        kind: "spec contradicts itself",
        evidence: "The body is an object whose only property is `discrimValue`, with a discriminator on `discrimValue` mapping its values to `OptionOneNoDisc`, `OptionTwoNoDisc` and `OptionThreeNoDisc`, which do not describe `discrimValue` and each require a different property, `discrim` (`required: [discrim]`). The validators follow the mapping and require `discrim` (Prism: `Request body must have required property 'discrim'` …, `must match exactly one schema in oneOf`; openapi-core: `'discrim' is a required property`), which the schema of the body itself does not describe; and the three mapped schemas accept the same values (`discrim` a string, nothing else required), so no value matches exactly one.",
    },
    Attribution {
        document: "oas-examples-3.0/discriminators.json",
        operation: "PATCH /mapping-of-schema-names",
        kind: "spec contradicts itself",
        evidence: "`oneOf: [OptionOneNoDisc, OptionTwoNoDisc]`, both `{required: [discrim], discrim: string}` plus one optional property each: every value of one is valid under the other, so `oneOf` (exactly one) fails for any value (Prism: `Request body must match exactly one schema in oneOf`). openapi-core also cannot follow a mapping to bare schema names (`reference 'OptionOneNoDisc' could not be resolved`), which OpenAPI allows (3.0.3, Discriminator Object: `mapping` holds schema names or references).",
    },
    Attribution {
        document: "oas-examples-3.0/discriminators.json",
        operation: "one_of_with_improperly_placed_discriminator",
        kind: "spec contradicts itself",
        evidence: "`connector_properties` is `oneOf: [gcsImport, s3Import]` with `discriminator: {propertyName: connector_type}`, but `connector_type` is a property of the parent object, not of `gcsImport`/`s3Import` (openapi-core: `does not contain discriminating property 'connector_type'`); and the two branches overlap (no required properties, additional properties allowed), so a value of one is valid under the other (Prism: `must match exactly one schema in oneOf`).",
    },
    Attribution {
        document: "oas-examples-3.0/polymorphism.json",
        operation: "POST /one-of-with-type",
        kind: "spec contradicts itself",
        evidence: "`event` is `type: string` with `oneOf: [{description: 'oneof one'}, {description: 'oneof two'}]`: both branches are empty schemas, so every value is valid under both and `oneOf` (exactly one) fails for every value (openapi-core: `is valid under each of {'description': 'oneof two'}, {'description': 'oneof one'}`; Prism: `must match exactly one schema in oneOf`).",
    },
    Attribution {
        document: "oas-examples-3.0/schema-types.json",
        operation: "quirks_entirely_incompatible_all_of",
        kind: "spec contradicts itself",
        evidence: "The body is `allOf: [{type: string}, {type: integer}]`: no value is both, so no request body is valid (Prism: `Request body must be integer`; openapi-core: `'string' is not of type 'integer'`). clientgen types it by the first part, with a located warning at generation.",
    },
    Attribution {
        document: "oas-examples-3.0/schema-types.json",
        operation: "quirks_partially_usable_incompatible_all_of",
        kind: "spec contradicts itself",
        evidence: "The body is `allOf: [{type: string}, {type: integer}]` (with a description): no value is both, so no request body is valid (Prism: `Request body must be integer`; openapi-core: `'string' is not of type 'integer'`). clientgen types it by the first part, with a located warning at generation.",
    },
    Attribution {
        document: "oas-examples-3.0/schema-types.json",
        operation: "quirks_incompatible_nested_all_of",
        kind: "spec contradicts itself",
        evidence: "The property `incompatible` is `allOf: [{type: string}, {type: integer}]`: no value is both, so no request body is valid (Prism: `Request body property incompatible must be integer`; openapi-core: `'string' is not of type 'integer'`). clientgen types it by the first part, with a located warning at generation.",
    },
    Attribution {
        document: "oas-examples-3.0/server-variables.json",
        operation: "PUT /combo",
        kind: "validator limitation",
        evidence: "`/combo` has servers on its path item and on its `put` operation; OpenAPI 3.0.3 (Operation Object, `servers`): an alternative server array for this operation that overrides those of the Path Item Object and the root. clientgen sends it to the operation's server (`https://httpbin.com/anything/demo`, build-tests/tests/servers.rs checks the rule); openapi-core matches only the path item's: `ServerNotFound: Server not found for https://httpbin.com/anything/demo/combo`, while the same request at `https://httpbin.com/anything/common/demo/combo` validates. Prism accepts the request.",
    },
    Attribution {
        document: "oas-examples-3.0/schema-additional-properties.json",
        operation: "POST /post",
        kind: "spec contradicts itself",
        evidence: "The property `object with additionalPropeties within an allOf` is `allOf` of two objects with `additionalProperties: false` and different `properties` (`primitiveProperty`, `alt_primitiveProperty`): each part refuses the other's property, so only `{}` is valid, as the schema's own description says (`Technically this is not valid to the spec`). The request with every property fills both: openapi-core `Additional properties are not allowed ('alt_primitiveProperty' was unexpected)`; the request with required properties only passes.",
    },
    Attribution {
        document: "oas-examples-3.0/schema-validation.json",
        operation: "GET /anything/jsonschema-formats",
        kind: "spec contradicts itself",
        evidence: JSONSCHEMA_FORMATS,
    },
    Attribution {
        document: "oas-examples-3.0/schema-validation.json",
        operation: "GET /anything/oas-formats",
        kind: "spec contradicts itself",
        evidence: OAS_FORMATS,
    },
    Attribution {
        document: "oas-examples-3.1/parameters-style.json",
        operation: "form_data_form_exploded",
        kind: "validator limitation",
        evidence: MULTIPART_STYLES_31,
    },
    Attribution {
        document: "oas-examples-3.1/parameters-style.json",
        operation: "form_data_form_non_exploded",
        kind: "validator limitation",
        evidence: MULTIPART_STYLES_31,
    },
    Attribution {
        document: "oas-examples-3.1/parameters-style.json",
        operation: "form_data_deep_object_exploded",
        kind: "validator limitation",
        evidence: MULTIPART_STYLES_31,
    },
    Attribution {
        document: "oas-examples-3.1/schema-encoding-style.json",
        operation: "encoding_form",
        kind: "validator limitation",
        evidence: MULTIPART_STYLES_31,
    },
    Attribution {
        document: "digitalocean/specification/DigitalOcean-public.v2.yaml",
        operation: "ssh_keys_get",
        kind: "validator limitation",
        evidence: SSH_KEY_IDENTIFIER,
    },
    Attribution {
        document: "digitalocean/specification/DigitalOcean-public.v2.yaml",
        operation: "ssh_keys_update",
        kind: "validator limitation",
        evidence: SSH_KEY_IDENTIFIER,
    },
    Attribution {
        document: "digitalocean/specification/DigitalOcean-public.v2.yaml",
        operation: "ssh_keys_delete",
        kind: "validator limitation",
        evidence: SSH_KEY_IDENTIFIER,
    },
    Attribution {
        document: "digitalocean/specification/DigitalOcean-public.v2.yaml",
        operation: "inference_upload_batch_file",
        kind: "spec contradicts itself",
        evidence: "The operation's path is `/<upload_url>`, a placeholder rather than a path template, and its own server is `url: \"https://\"` (no host), described as \"Use the exact `upload_url` returned by `POST /v1/batches/files`. Do not construct this URL\". Path and server together name no URL a request made from the document can go to (clientgen warns at generation that the server needs a value from the user); openapi-core finds no server for the request: `ServerNotFound: Server not found for https://api.digitalocean.com/<upload_url>`.",
    },
    Attribution {
        document: "openapiv3-fixtures/fitbit.json",
        operation: "create_calendar_event",
        kind: "spec contradicts itself",
        evidence: FITBIT_EMPTY_REF,
    },
    Attribution {
        document: "openapiv3-fixtures/fitbit.json",
        operation: "create_calendar_event_response",
        kind: "spec contradicts itself",
        evidence: FITBIT_EMPTY_REF,
    },
    Attribution {
        document: "openapiv3-fixtures/azure_advisor.yaml",
        operation: "recommendations_get_generate_status",
        kind: "spec contradicts itself",
        evidence: "The path parameter `operationId` is `type: string, format: uuid`, and its only example is `operationGUID`, which is not a UUID; the client sends the spec's example, and both validators refuse it for the spec's own format: Prism `Request path parameter operationid must match format \"uuid\"`, openapi-core `'operationGUID' is not a 'uuid'`.",
    },
    Attribution {
        document: "oas-examples-3.1/security.json",
        operation: "POST /anything/mutualTLS",
        kind: "validator limitation",
        evidence: "The operation's security scheme is OpenAPI 3.1's `mutualTLS` (a client certificate: nothing in the request itself; clientgen warns at generation and leaves the TLS identity to the caller's `reqwest::Client`); openapi-core fails on the scheme type: `KeyError: 'mutualTLS'`. Prism accepts the request.",
    },
    Attribution {
        document: "oas-examples-3.1/schema-validation-local.json",
        operation: "GET /anything/numbers",
        kind: "spec contradicts itself",
        evidence: "A schema of the operation declares `$schema: https://json-schema.org/draft-05/schema#`, a JSON Schema dialect that does not exist (no draft 05 was published; the drafts go from 04 to 06), so openapi-core cannot validate against it: `ValueError: Unknown JSON Schema dialect`. Prism accepts the request.",
    },
    Attribution {
        document: "oas-examples-3.1/schema-validation-local.json",
        operation: "GET /anything/jsonschema-formats",
        kind: "spec contradicts itself",
        evidence: JSONSCHEMA_FORMATS,
    },
    Attribution {
        document: "oas-examples-3.1/schema-validation-local.json",
        operation: "GET /anything/oas-formats",
        kind: "spec contradicts itself",
        evidence: OAS_FORMATS,
    },
    Attribution {
        document: "oas-examples-3.1/petstore.json",
        operation: "upload_file",
        kind: "validator limitation",
        evidence: "The body is `application/octet-stream` with schema `{type: string, format: binary}`; clientgen sends the bytes as given (the 3.0 copy of this sample passes with the same request). openapi-core, for a 3.1 document, validates the raw bytes against `type: string` and refuses them: `b'binary' is not of type 'string'`. Prism accepts the request.",
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

/// What one failure message shows, when it shows something other than a client bug.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cause {
    /// Prism's process died inside its own code.
    Crash,
    /// Prism stopped answering (one request it could not finish holds every later one).
    Hang,
    /// A request that could not be delivered (explained only by a crash or a 1xx status).
    Undelivered,
    /// A documented 1xx status, sent by Prism as if it were final.
    Interim,
    /// Prism declined to generate a response for a schema-less media type.
    NoSchema,
    /// Prism answered 500 with an exception from its own code (its response generator).
    Exception,
    /// Prism accepted the request and rejected the response it generated from the schema.
    OwnGenerated,
    /// Prism accepted the request and rejected the response made from the spec's own example.
    OwnExample,
    /// A `oneOf` whose branches overlap: the value sent is valid under more than one.
    Overlap,
    /// Prism cannot write an object for a media type it serialises as text (`*/*`).
    TextSerialiser,
    /// Prism reads a form body's repeated keys (an exploded array) as one string.
    FormArray,
    /// A header parameter named `Authorization`, `Accept` or `Content-Type`, which OpenAPI says
    /// to ignore, required by the validators.
    IgnoredHeader,
    /// The operation documents no response (optional since OpenAPI 3.1): Prism answers 500.
    NoResponse,
    /// Prism misses a query parameter whose name must be percent-encoded (`filter[name]`).
    EncodedName,
    /// Prism generated a negative integer for a property whose format is unsigned (`uint32`,
    /// `uint64`: formats beyond OpenAPI's own, which Prism ignores and clientgen types `u32`/`u64`).
    UnsignedFormat,
    /// Prism has no serializer for the request's media type (`application/jwt`) and answers 500.
    NoSerializer,
    /// openapi-core applies `readOnly` to a parameter's schema (OpenAPI: for properties only).
    ReadOnlyParameter,
    /// openapi-core validates a raw (non-JSON) body's bytes against its `type: string` schema.
    RawBodyBytes,
    /// The client could not decode Prism's static response, made from the spec's example, and
    /// openapi-core finds its body invalid against the spec's schema.
    ExampleBreaksSchema,
    /// The client could not decode a response Prism made, and openapi-core finds it outside the
    /// spec (its body, or its media type).
    ResponseBreaksSpec,
}

impl Cause {
    /// A few words for the report's table of causes.
    fn label(self) -> &'static str {
        match self {
            Cause::Crash => "Prism's process died",
            Cause::Hang => "Prism hung",
            Cause::Undelivered => "call not delivered",
            Cause::Interim => "a 1xx status sent as final",
            Cause::NoSchema => "Prism: no dynamic response for a media type without schema",
            Cause::Exception => "Prism: exception in its response generator",
            Cause::OwnGenerated => "Prism refused the response it generated",
            Cause::OwnExample => "Prism refused the response made from the spec's example",
            Cause::Overlap => "`oneOf` branches overlap",
            Cause::TextSerialiser => "Prism cannot write an object as text (`*/*`)",
            Cause::FormArray => "Prism reads a form array as a string",
            Cause::IgnoredHeader => "validators require a header OpenAPI says to ignore",
            Cause::NoResponse => "no response documented (Prism 500)",
            Cause::EncodedName => "Prism misses a percent-encoded query name",
            Cause::UnsignedFormat => "Prism: negative value for an unsigned format",
            Cause::NoSerializer => "Prism: no serializer for the media type",
            Cause::ReadOnlyParameter => "openapi-core: `readOnly` on a parameter",
            Cause::RawBodyBytes => "openapi-core: raw body bytes checked as a string",
            Cause::ExampleBreaksSchema => "the spec's example breaks its schema (openapi-core)",
            Cause::ResponseBreaksSpec => "Prism's response breaks the spec (openapi-core)",
        }
    }

    /// Whether this explains calls that were not delivered: Prism died, hung, or sent a 1xx as
    /// final.
    fn explains_undelivered(self) -> bool {
        matches!(self, Cause::Crash | Cause::Hang | Cause::Interim)
    }

    fn spec(self) -> bool {
        matches!(self, Cause::OwnExample | Cause::Overlap | Cause::ExampleBreaksSchema)
    }
}

/// The case id a failure message starts with (`request `op#full`: …`).
fn case_of(failure: &str) -> Option<&str> {
    failure.split('`').nth(1)
}

fn classify(failure: &str, failures: &[String]) -> Option<Cause> {
    const CRASH: &str = "Prism crashed while handling this operation: ";
    let undeliverable =
        failure.contains("(\"transport\")") || failure.contains("\"transport\" \"error sending request");
    if failure.contains(CRASH) {
        return Some(Cause::Crash);
    }
    if failure.contains(super::harness::HUNG) {
        return Some(Cause::Hang);
    }
    if failure.contains("not sent (\"timeout\")") || failure.contains("\"timeout\" \"") {
        return Some(Cause::Undelivered);
    }
    if undeliverable {
        return Some(if failure.contains("#status-1") { Cause::Interim } else { Cause::Undelivered });
    }
    // A 1xx Prism sent as final, with nothing after its head, which the client cannot decode as
    // the documented body: 1xx responses have no content (RFC 9110 §15.2).
    if failure.starts_with("response ") && failure.contains("#status-1") && failure.contains(" response body (0 bytes)")
    {
        return Some(Cause::Interim);
    }
    if failure.contains("Tried to force a dynamic response for") {
        return Some(Cause::NoSchema);
    }
    if failure.contains(super::harness::OWN_EXAMPLE) {
        return Some(Cause::OwnExample);
    }
    if failure.contains(super::harness::OWN_GENERATED) {
        return Some(Cause::OwnGenerated);
    }
    if let Some(cause) = response_outside_spec(failure) {
        return Some(cause);
    }
    if is_negative_unsigned(failure) {
        return Some(Cause::UnsignedFormat);
    }
    if failure.contains("openapi-core: InvalidParameter: ") && failure.contains("Tried to write read-only property") {
        return Some(Cause::ReadOnlyParameter);
    }
    if failure.contains("openapi-core: InvalidRequestBody: ")
        && failure.contains("(b'")
        && failure.contains("is not of type 'string'")
    {
        return accepted_by_prism(failure, failures).then_some(Cause::RawBodyBytes);
    }
    // The same, where the proxy could not read Prism's list (it was cut short): read here
    // (`parse_violations` reads the entries before the cut).
    let violations = failure.split("Request/Response not valid").nth(1).and_then(|v| v.split(" violations: ").nth(1));
    if failure.starts_with("response ") && super::proxy::own_response_violations(500, violations).is_some() {
        return Some(Cause::OwnGenerated);
    }
    if failure.contains("[Prism 500 ") && failure.contains("Error: ") && failure.contains("/node_modules/") {
        return Some(Cause::Exception);
    }
    if failure.contains("Prism 500 Cannot serialise complex objects as text") {
        return Some(Cause::TextSerialiser);
    }
    if failure.contains("Prism 500 Cannot find serializer for ") {
        return accepted_by_openapi_core(failure, failures, false).then_some(Cause::NoSerializer);
    }
    if failure.contains(NO_RESPONSE) {
        return accepted_by_openapi_core(failure, failures, false).then_some(Cause::NoResponse);
    }
    let list = prism_validation(failure);
    if is_ignored_header(failure, &list) {
        return Some(Cause::IgnoredHeader);
    }
    if is_form_array(&list) {
        return accepted_by_openapi_core(failure, failures, false).then_some(Cause::FormArray);
    }
    if is_encoded_name(&list) {
        return accepted_by_openapi_core(failure, failures, false).then_some(Cause::EncodedName);
    }
    if failure.contains("openapi-core: ") && failure.contains(" is valid under each of ") {
        return Some(Cause::Overlap);
    }
    if is_one_of_refusal(&list) {
        return accepted_by_openapi_core(failure, failures, true).then_some(Cause::Overlap);
    }
    None
}

/// A generated (seeded) response the client could not decode only because a negative integer
/// stood where the format is unsigned: serde's `invalid value: integer `-5`, expected u64`, which
/// clientgen's types give only for `format: uint32`/`uint64` (and their kin).
fn is_negative_unsigned(failure: &str) -> bool {
    failure.starts_with("response ")
        && failure.contains(" (seed ")
        && failure.contains("invalid value: integer `-")
        && (failure.contains("`, expected u64") || failure.contains("`, expected u32"))
}

/// A response the client could not decode that openapi-core finds outside the spec: by its body
/// (made from the spec's example: the example breaks the schema; generated: Prism's generator
/// did) or by its media type. A verdict about anything else (a response header) does not explain
/// a body the client could not decode.
fn response_outside_spec(failure: &str) -> Option<Cause> {
    use super::harness::{BREAKS_EXAMPLE, BREAKS_GENERATED};
    let example = failure.contains(BREAKS_EXAMPLE);
    if !example && !failure.contains(BREAKS_GENERATED) {
        return None;
    }
    let verdict = failure.split(": openapi-core: ").nth(1)?;
    let body = ["InvalidData", "DataValidationError"].iter().any(|kind| verdict.starts_with(kind));
    let media_type = verdict.starts_with("MediaTypeNotFound") || verdict.starts_with("MissingData");
    match (body, media_type) {
        (true, _) if example => Some(Cause::ExampleBreaksSchema),
        (true, _) | (_, true) => Some(Cause::ResponseBreaksSpec),
        _ => None,
    }
}

/// The entries of Prism's 422 `validation` list in a failure message (empty if none).
fn prism_validation(failure: &str) -> Vec<serde_json::Value> {
    let validation = failure.split(" validation: ").nth(1);
    validation.and_then(|v| serde_json::from_str(v).ok()).unwrap_or_default()
}

/// Whether Prism raised nothing against the same request as `failure`.
fn accepted_by_prism(failure: &str, failures: &[String]) -> bool {
    unrefused(failure, failures, |f| f.contains("Prism "))
}

/// Whether openapi-core raised nothing against the same request as `failure` (or, with
/// `overlap`, only that the value is valid under several `oneOf` branches).
fn accepted_by_openapi_core(failure: &str, failures: &[String], overlap: bool) -> bool {
    unrefused(failure, failures, |f| {
        f.contains("openapi-core: ") && !(overlap && f.contains(" is valid under each of "))
    })
}

/// Whether no failure of the same case as `failure` is a `refusal`.
fn unrefused(failure: &str, failures: &[String], refusal: impl Fn(&str) -> bool) -> bool {
    let Some(case) = case_of(failure) else { return false };
    !failures.iter().any(|f| case_of(f) == Some(case) && refusal(f))
}

/// The validators require a header parameter OpenAPI says to ignore (`Authorization`, `Accept`,
/// `Content-Type`): openapi-core's `Missing required header parameter: Authorization`, or a Prism
/// refusal whose every error is such a missing header.
fn is_ignored_header(failure: &str, list: &[serde_json::Value]) -> bool {
    const IGNORED: [&str; 3] = ["authorization", "accept", "content-type"];
    let named = |marker: &str| {
        failure.split(marker).nth(1).is_some_and(|name| {
            IGNORED.contains(&name.split_whitespace().next().unwrap_or_default().to_ascii_lowercase().as_str())
        })
    };
    let openapi_core = named("openapi-core: MissingRequiredParameter: Missing required header parameter: ")
        || named("openapi-core: InvalidParameter: Invalid header parameter: ");
    let prism = !list.is_empty()
        && list.iter().all(|v| {
            let missing = v["code"] == "required"
                && v["message"].as_str().is_some_and(|m| {
                    m.strip_prefix("Request header must have required property '").is_some_and(|rest| {
                        IGNORED.contains(&rest.trim_end_matches('\'').to_ascii_lowercase().as_str())
                    })
                });
            // Or a value it checks against the parameter's schema (`Content-type: enum
            // [application/tar]`, where the body's media type is what goes out).
            let checked = v["location"][0] == "header"
                && v["location"][1].as_str().is_some_and(|n| IGNORED.contains(&n.to_ascii_lowercase().as_str()));
            missing || checked
        });
    openapi_core || prism
}

/// Prism finds body properties not arrays: every error is a `type` error of a top-level body
/// property that must be an array (a form body's `Tags=a&Tags=b`, or `Tags=a` for one item).
fn is_form_array(list: &[serde_json::Value]) -> bool {
    !list.is_empty()
        && list.iter().all(|v| {
            let location = v["location"].as_array().map(Vec::as_slice).unwrap_or_default();
            v["code"] == "type"
                && location.len() == 2
                && location[0] == "body"
                && v["message"]
                    .as_str()
                    .is_some_and(|m| m.ends_with("must be array") || m.ends_with("must be array,null"))
        })
}

/// Prism reports query parameters missing under a percent-encoded name
/// (`filter%5borganization%5d`): names it did not match to what the request encodes.
fn is_encoded_name(list: &[serde_json::Value]) -> bool {
    !list.is_empty()
        && list.iter().all(|v| {
            v["code"] == "required"
                && v["message"].as_str().is_some_and(|m| {
                    m.strip_prefix("Request query must have required property '").is_some_and(|name| name.contains('%'))
                })
        })
}

/// Prism's `oneOf` refusal. Alone it does not say whether no branch or several matched; it is an
/// overlap when openapi-core, which checks `oneOf` too (following a discriminator when there is
/// one), accepted the same request or found it valid under several branches. Prism (Ajv, every
/// error collected) also lists what the other branches missed, below the `oneOf`'s location:
/// each of its errors must be the `oneOf`'s or below one.
fn is_one_of_refusal(list: &[serde_json::Value]) -> bool {
    let location = |v: &serde_json::Value| v["location"].as_array().cloned().unwrap_or_default();
    let one_of: Vec<Vec<serde_json::Value>> = list.iter().filter(|v| v["code"] == "oneOf").map(location).collect();
    !one_of.is_empty() && list.iter().all(|v| one_of.iter().any(|at| location(v).starts_with(at)))
}

/// Failures every message of which shows the validator's own failure or a contradiction in the
/// spec that the validator states, whatever the document: Prism's process dying inside its own
/// code or answering with an exception of its own, Prism declining to generate a response for
/// a schema-less media type, a documented 1xx status (which Prism sends as if it were final),
/// Prism refusing the response it made itself (from the spec's example, or generated), and a
/// `oneOf` whose branches overlap. Only when *every* failure of the operation is of these kinds
/// (requests not delivered count only with a crash or a 1xx status); the evidence quotes the
/// first message of each kind.
pub fn attribution_by_message(failures: &[String]) -> Option<(&'static str, String)> {
    let mut causes: BTreeMap<Cause, &str> = BTreeMap::new();
    for failure in failures {
        let entry = causes.entry(classify(failure, failures)?).or_insert(failure);
        // An overlap is best shown by the message that names the branches.
        if !entry.contains(" is valid under each of ") && failure.contains(" is valid under each of ") {
            *entry = failure;
        }
    }
    if causes.is_empty() || causes.keys().all(|c| *c == Cause::Undelivered) {
        return None;
    }
    let explains_undelivered = causes.keys().copied().any(Cause::explains_undelivered);
    if causes.contains_key(&Cause::Undelivered) && !explains_undelivered {
        return None;
    }
    let kind = if causes.keys().any(|c| c.spec()) { "spec contradicts itself" } else { "validator limitation" };
    let evidence: Vec<String> = causes.iter().filter_map(|(cause, first)| evidence(*cause, first)).collect();
    Some((kind, evidence.join(" ")))
}

/// How an operation fares when only what a validator could judge counts, in the issue's own
/// terms: responses "for every documented status Prism can produce" (a response Prism could not
/// make within the spec reached the client as no response the spec allows), and requests judged
/// by openapi-core "where Prism cannot judge a construct" (and by Prism where openapi-core cannot).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judged {
    // The order is the judged table's columns (`as usize`).
    /// Every request accepted by a validator able to judge it, every response the spec allows
    /// decoded, and at least one such response when the operation documents any.
    Passed,
    /// A refusal or an undecoded response that no validator limitation explains (a spec that
    /// contradicts itself, or the client).
    Failed,
    /// Nothing the validators could judge on one side: Prism died or hung, made no response
    /// within the spec for any documented status, or both validators refused a request, each
    /// for a limitation of its own.
    Unjudged,
}

/// Why a response case reached the client as no response the spec allows: Prism could not make
/// one (its own refusal, an exception, a serializer it lacks for the media type, a 1xx, a crash or
/// hang) or made one outside the spec (openapi-core's verdict, or a negative value for an
/// unsigned format).
fn not_within_spec(cause: Cause) -> bool {
    use Cause::*;
    matches!(
        cause,
        Crash
            | Hang
            | Undelivered
            | Interim
            | NoSchema
            | Exception
            | OwnGenerated
            | OwnExample
            | TextSerialiser
            | NoSerializer
            | UnsignedFormat
            | ExampleBreaksSchema
            | ResponseBreaksSpec
    )
}

/// The operation's outcome counting only what the validators could judge (see [`Judged`]). A
/// request refusal counts as a validator's limitation when its message shows one (`classify`),
/// or when the operation's reviewed attribution (or a path rule) says so; a request case one
/// validator refused that way is judged by the other, and one both refused that way by neither.
pub fn judged(document: &str, op: &OpResult) -> Judged {
    let failures = op.failures.as_slice();
    let causes: Vec<Option<Cause>> = failures.iter().map(|f| classify(f, failures)).collect();
    // A call that was not delivered counts only when Prism died, hung or sent a 1xx as final.
    let explained = causes.iter().flatten().copied().any(Cause::explains_undelivered);
    let lost = |cause: Option<Cause>| match cause {
        Some(Cause::Crash | Cause::Hang) => true,
        Some(Cause::Undelivered) => explained,
        _ => false,
    };
    let reviewed = explain(document, op).is_some_and(|(kind, _)| kind == "validator limitation");
    let mut unjudged = false;
    let mut outside_spec = 0;
    // Request case → (Prism refused it, openapi-core refused it), each time as its limitation.
    let mut refused: BTreeMap<&str, (bool, bool)> = BTreeMap::new();
    for (failure, cause) in failures.iter().zip(causes.iter().copied()) {
        if failure.starts_with("response ") {
            match cause {
                Some(Cause::Undelivered) if !explained => return Judged::Failed,
                Some(cause) if not_within_spec(cause) => outside_spec += 1,
                _ => return Judged::Failed,
            }
            continue;
        }
        if lost(cause) {
            unjudged = true;
            continue;
        }
        let limitation = match cause {
            Some(cause) => !cause.spec() && cause != Cause::Undelivered,
            None => reviewed,
        };
        let by_core = failure.contains("openapi-core: ");
        let by_prism = !by_core && failure.contains("Prism ");
        if !limitation || !(by_core || by_prism) {
            return Judged::Failed;
        }
        let case = refused.entry(case_of(failure).unwrap_or_default()).or_default();
        case.0 |= by_prism;
        case.1 |= by_core;
    }
    if refused.values().any(|(prism, core)| *prism && *core) {
        unjudged = true; // neither validator could judge that request
    }
    let within_spec = op.responses.saturating_sub(outside_spec);
    if op.decoded < within_spec {
        // Not decoded, yet no failure says why: count it against the client.
        return Judged::Failed;
    }
    // No response (or none within the spec) reached the client: nothing was judged, and an
    // operation is never passed on its request alone.
    if unjudged || within_spec == 0 {
        return Judged::Unjudged;
    }
    Judged::Passed
}

/// The causes of an operation's failures, as `classify` reads them (`None`: a message no rule
/// reads, explained by a hand-reviewed entry, a path rule, or not at all).
fn causes_of(op: &OpResult) -> Vec<Option<Cause>> {
    let mut causes: Vec<Option<Cause>> = op.failures.iter().map(|f| classify(f, &op.failures)).collect();
    causes.sort();
    causes.dedup();
    causes
}

/// The largest char boundary of `text` at or before `at` (`str::floor_char_boundary` needs Rust 1.91).
fn char_floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The part of an overlap message that names the branches (openapi-core's `… is valid under each
/// of …`), else the message after its case id.
fn overlap_quote(failure: &str) -> String {
    const EACH: &str = " is valid under each of ";
    let text = failure.split_once(": ").map_or(failure, |(_, rest)| rest);
    let Some(at) = text.find(EACH) else {
        return text.chars().take(400).collect();
    };
    let start = char_floor(text, at.saturating_sub(160));
    let end = char_floor(text, (at + EACH.len() + 240).min(text.len()));
    format!("{}{}{}", if start > 0 { "…" } else { "" }, &text[start..end], if end < text.len() { "…" } else { "" })
}

fn evidence(cause: Cause, first: &str) -> Option<String> {
    const CRASH: &str = "Prism crashed while handling this operation: ";
    let after = |marker: &str| first.split(marker).nth(1).unwrap_or(first).trim().to_owned();
    let clip = |text: String| if text.len() > 400 { format!("{}…", &text[..char_floor(&text, 400)]) } else { text };
    Some(match cause {
        Cause::Crash => format!("Prism's mock server process died with an exception in its own code (`{}`), so nothing after it was judged; requests that were not delivered are its consequence.", after(CRASH)),
        Cause::Undelivered => return None,
        Cause::Hang => format!("Prism stopped answering while handling this operation (no answer within {}): it serves one request at a time, and its response generator ran on without end here, as it does on some recursive schemas; the harness restarted it, and calls that waited are its consequence.", after(super::harness::HUNG).trim_end_matches("; restarted").trim()),
        Cause::Interim => "The spec documents a 1xx status; Prism sends it as the final response, but 1xx responses are interim and have no content (RFC 9110 §15.2), so the HTTP client either keeps waiting for a final one (the connection fails) or finds no body to decode as the documented one.".to_owned(),
        Cause::NoSchema => "The spec documents a response media type without a schema (valid OpenAPI), and Prism answers `--dynamic` requests for it with `500 Tried to force a dynamic response for: application/json but schema is not defined`; its static response decodes.".to_owned(),
        Cause::Exception => format!("Prism answered with an exception from its own response generator instead of a response: `{}`.", clip(after("[Prism 500 ").split("     at ").next().unwrap_or_default().trim().to_owned())),
        Cause::OwnGenerated => format!("Prism accepted the request, then refused the response it had generated from the spec's schema itself (`--errors`), so no response the spec allows reached the client: `{}`.", clip(after(super::harness::OWN_GENERATED).trim_start_matches(':').trim().to_owned())),
        Cause::OwnExample => format!("The spec's own example for this response violates the spec's schema for it, by Prism's validator (Prism accepted the request, then refused the response it made from the example): `{}`.", clip(after(super::harness::OWN_EXAMPLE).trim_start_matches(':').trim().to_owned())),
        Cause::NoResponse => "The operation documents no response (`responses` is optional since OpenAPI 3.1), so Prism has nothing to answer with: `500 No response defined for the selected operation`; openapi-core accepts the request.".to_owned(),
        Cause::IgnoredHeader => "The operation declares a header parameter named `Authorization`, `Accept` or `Content-Type`, which OpenAPI says to ignore (3.0.3 and 3.1.0, Parameter Object, `name`: such a parameter definition SHALL be ignored); clientgen does (it sets `Accept` and `Content-Type` from the media types, and credentials from security schemes; a declared `Authorization` without a scheme that sets it becomes the builder's `authorization` setter, which the harness calls as a caller would), and the validators require or check it: openapi-core `Missing required header parameter: Authorization` (or, for an `Accept` with an `enum`, `Invalid header parameter: Accept`), Prism `Request header must have required property 'authorization'` (or, for a `Content-Type` with an `enum`, `Request header parameter content-type must be equal to one of the allowed values`).".to_owned(),
        Cause::FormArray => "An array property of a form body is sent as OpenAPI's default says (`style: form`, exploded: the key repeated, `Tags=a&Tags=b`, or once for one item); Prism reads repeated keys as one value and finds a string where the schema wants an array (`Request body property … must be array`; stoplightio/prism#2473 open, its fix stoplightio/prism#2654 open), while openapi-core, reading the same body by the schema, accepts it.".to_owned(),
        Cause::TextSerialiser => "The response's media type is `*/*` (or another Prism writes as text) with an object schema, and Prism cannot write the object: `500 Cannot serialise complex objects as text` (stoplightio/prism#1038), so no response reached the client's decoder.".to_owned(),
        Cause::EncodedName => format!("A query parameter's name needs percent-encoding (`[`, `]`: RFC 3986 §3.4 allows neither in a query), which the client does, in upper-case hex (RFC 3986 §2.1); Prism reports it missing under a lower-cased encoding of the spec's name, `{}`, while openapi-core, reading the same query, accepts the request.", first.split("required property '").nth(1).and_then(|r| r.split('\'').next()).unwrap_or_default()),
        Cause::ExampleBreaksSchema => format!("The spec's own example for this response breaks the spec's schema for it, so the client's types (made from the schema) cannot take it; openapi-core, judging the response Prism made from the example, says: `{}`.", clip(after(": openapi-core: "))),
        Cause::ResponseBreaksSpec => format!("The response Prism made is not one the spec allows, so the client's types (made from the spec) cannot take it; openapi-core, judging it, says: `{}`.", clip(after(": openapi-core: "))),
        Cause::NoSerializer => format!("The request body's media type is one Prism has no serializer for, and it answers `500 Cannot find serializer for {}` instead of judging the request; openapi-core accepts the same request.", first.split("Cannot find serializer for ").nth(1).and_then(|r| r.split(':').next()).unwrap_or_default()),
        Cause::ReadOnlyParameter => "A parameter's schema says `readOnly: true`, which OpenAPI makes relevant only for properties (3.0.3, Schema Object: \"Relevant only for Schema `properties` definitions\"); openapi-core applies it to the parameter's value and refuses every request (`Tried to write read-only property with 1`). Prism accepts the request.".to_owned(),
        Cause::RawBodyBytes => "The request body is a raw media type (not JSON) whose schema is `type: string`, and the client sends the bytes as they are; openapi-core validates the raw bytes against the schema and refuses them as not a string (`b'string' is not of type 'string'`), while Prism accepts the request.".to_owned(),
        Cause::UnsignedFormat => "The property's schema says `format: uint64` (or `uint32`), which clientgen types as `u64` (`u32`); Prism's response generator does not know these formats (they are not among OpenAPI's own) and generated a negative integer, which no unsigned value is and the real API, by its format, does not send.".to_owned(),
        Cause::Overlap => format!("The `oneOf` has branches that overlap: a value of one branch is valid under another as well, so it matches more than one and `oneOf` (exactly one, by JSON Schema) fails. The validator's words: `{}`.", overlap_quote(first)),
    })
}

/// Prism's answer for an operation without responses.
const NO_RESPONSE: &str = "Prism 500 No response defined for the selected operation";

/// Why a failing operation fails, if that is known: its reviewed attribution; for a copy in
/// `oas-examples-3.1` of a 3.0 sample, the 3.0 twin's (where the two versions agree: not for
/// styled multipart parts, which 3.1 defines); else what the validators' own words show.
pub fn explain(document: &str, op: &OpResult) -> Option<(&'static str, String)> {
    let (operation, failures) = (op.name.as_str(), op.failures.as_slice());
    if let Some(a) = attribution(document, operation, &op.route) {
        return Some((a.kind, a.evidence.to_owned()));
    }
    let twin = document.strip_prefix("oas-examples-3.1/").map(|d| format!("oas-examples-3.0/{d}"));
    if let Some(a) = twin.and_then(|t| attribution(&t, operation, &op.route)).filter(|a| a.evidence != MULTIPART_STYLES)
    {
        let mut evidence = format!("The same as in this sample's OpenAPI 3.0 copy: {}", a.evidence);
        if failures.iter().any(|f| f.contains(NO_RESPONSE)) {
            evidence.push_str(" The 3.1 copy also documents no response (optional since 3.1), so Prism answers `500 No response defined for the selected operation`.");
        }
        return Some((a.kind, evidence));
    }
    if adjacent_parameters(op) {
        return Some(("validator limitation", ADJACENT_PARAMETERS.to_owned()));
    }
    let prism_path_only = |f: &String| {
        let list = prism_validation(f);
        !list.is_empty() && list.iter().all(|v| v["location"].get(0).and_then(|l| l.as_str()) == Some("path"))
    };
    if mixed_segment(&op.route) && !failures.is_empty() && failures.iter().all(prism_path_only) {
        return Some(("validator limitation", MIXED_SEGMENT.to_owned()));
    }
    attribution_by_message(failures)
}

/// Whether every failure of an operation whose path puts two parameters in one segment is
/// about its path parameters (see [`ADJACENT_PARAMETERS`]).
fn adjacent_parameters(op: &OpResult) -> bool {
    op.route.contains("}{") && !op.failures.is_empty() && op.failures.iter().all(|f| is_path_parameter_failure(f))
}

/// Two path parameters in one segment, as the older single-file Twilio document writes them.
const ADJACENT_PARAMETERS: &str = "The path template puts two parameters in one segment (`{ApplicationSid}{mediaTypeExtension}`), which OpenAPI's path templating allows; clientgen fills both in place (`/Applications/AP….json`), and neither validator can take them apart again: Prism reports the first missing and the second not one of its values (`Request path must have required property 'applicationsid'`), openapi-core gives the whole segment to the first and finds the second empty (`Invalid path parameter: mediaTypeExtension <- Value  not valid`).";

/// A refusal that concerns only path parameters: openapi-core's `Invalid path parameter`, or a
/// Prism refusal whose every error is located in the path.
/// Prism and a path segment that holds literal text beside a parameter.
const MIXED_SEGMENT: &str = "The path template puts literal text and a parameter in one segment (`/AuthorizedConnectApps{mediaTypeExtension}`), which OpenAPI's path templating allows; clientgen fills the parameter in place (`/AuthorizedConnectApps.json`). Prism does not take such a segment apart and reports the operation's path parameters missing (`Request path must have required property 'mediatypeextension'`), while openapi-core, reading the same request, accepts it.";

/// Whether a route (`GET /a/{b}.json`) has a segment where a parameter shares the segment with
/// anything else.
fn mixed_segment(route: &str) -> bool {
    let path = route.split_once(' ').map_or(route, |(_, path)| path);
    path.split('/').any(|segment| {
        segment.contains('{')
            && !(segment.starts_with('{') && segment.ends_with('}') && segment.matches('{').count() == 1)
    })
}

fn is_path_parameter_failure(failure: &str) -> bool {
    let list = prism_validation(failure);
    failure.contains("openapi-core: InvalidParameter: Invalid path parameter: ")
        || (!list.is_empty() && list.iter().all(|v| v["location"].get(0).and_then(|l| l.as_str()) == Some("path")))
}

/// Why a document was not run, where the validator's message alone does not show it.
const NOT_RUN: &[(&str, &str)] =
    &[("openapiv3-fixtures/stripe.yaml", STRIPE_UNREAD), ("openapiv3-fixtures/petstore.yaml", PETSTORE_DANGLING)];

/// Stripe's document, which Prism does not finish reading.
const STRIPE_UNREAD: &str =
    "validator limitation**: Prism never finishes reading the document. Its reference resolver \
     (`@stoplight/json-schema-ref-parser` 10.0.0, Prism 5.16.0) replaces each `$ref` by the object it \
     names, in place, and then walks those objects again wherever they are reached, so a graph of \
     schemas that reference each other is walked as a tree: on a copy cut down to one path and the \
     242 of 308 schemas it reaches (the five paths sampled reach 241 or 242), the resolver's `crawl` \
     had visited 52 million nodes at depth 70-90 after 20 s (Prism under `node --prof` spends its \
     time in that `crawl`), and the resolver alone did not finish within 60 s, nor within 120 s \
     with Stripe's `x-expansionResources` extension removed. The resolver's upstream had the same \
     report (APIDevTools/json-schema-ref-parser#176, circular references; cache fix in \
     APIDevTools/json-schema-ref-parser#380), and its current release \
     (`@apidevtools/json-schema-ref-parser` 16.0.6) dereferences the one-path copy in 89 ms and \
     the whole document in 187 ms; Prism 5.16.0, the newest, still uses the fork, whose newest \
     release is that 10.0.0 (other tools left the fork for hanging on Stripe's document: \
     Kong/spec-renderer#71). The client is generated and compiled from the whole document \
     (CORPUS.md), and the default suite runs Stripe's customers endpoint on a cut-down copy.";

/// The same, for a document whose references name schemas it does not define.
const PETSTORE_DANGLING: &str = "spec contradicts itself**: `PetAny` is `anyOf` of \
     `#/components/schemas/PetByAge` and `#/components/schemas/PetByType`, and the document defines \
     neither (its schemas are `Pet`, `Pets`, `PetAny`, `CatOrDog`, `Error`); Prism refuses the whole \
     document for it. clientgen reports each dangling reference as a located warning, repairs it to \
     any JSON value, and the client compiles (CORPUS.md: `dangling $ref repaired ×3`).";

/// The documents that were not run, each with the reason and, where reviewed, the evidence.
fn not_run_section(results: &[DocResult]) -> String {
    let mut out = String::new();
    for r in results {
        let Some(error) = &r.error else { continue };
        let evidence = NOT_RUN.iter().find(|(label, _)| *label == r.label).map(|(_, e)| format!(" — **{e}"));
        out.push_str(&format!("- `{}`: {error}{}\n", r.label, evidence.unwrap_or_default()));
    }
    if out.is_empty() {
        return out;
    }
    format!("\n## Documents not run\n\n{out}")
}

pub fn attribution(document: &str, operation: &str, route: &str) -> Option<&'static Attribution> {
    ATTRIBUTIONS
        .iter()
        .find(|a| a.document == document && (a.operation == operation || a.operation == route || a.operation == "*"))
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
        let entry = folders.entry(folder_key(r)).or_default();
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
    out.push_str(&judged_section(results));
    out.push_str("## Documents\n\n| document | operations | requests accepted | responses decoded | failures | time |\n|---|---|---|---|---|---|\n");
    for r in results {
        let failures = r.ops.iter().filter(|o| !o.passed()).count();
        let note = match (&r.error, &r.altered) {
            (Some(e), _) => format!(" — not run: {}", e.replace('|', "\\|")),
            (None, Some(a)) => format!(" — {}", a.replace('|', "\\|")),
            (None, None) => String::new(),
        };
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
    out.push_str(&not_run_section(results));
    out.push_str("\n## Failures and their attribution\n\n");
    let mut any = false;
    let mut unattributed = 0;
    for r in results {
        for op in r.ops.iter().filter(|o| !o.passed()) {
            any = true;
            let (kind, evidence) = explain(&r.label, op).unwrap_or_else(|| {
                unattributed += 1;
                ("UNATTRIBUTED", "not reviewed yet".to_owned())
            });
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

/// A document's folder, as the totals tables group them.
fn folder_key(r: &DocResult) -> &str {
    if r.folder.is_empty() {
        "."
    } else {
        &r.folder
    }
}

/// The totals counting only what the validators could judge ([`judged`]), per folder, and the
/// failing operations by cause.
fn judged_section(results: &[DocResult]) -> String {
    let mut out = String::from(
        "## What the validators could judge\n\n\
         The same operations, counting only what a validator could judge: a request refusal that is\n\
         one validator's documented limitation counts as accepted when the other validator accepted\n\
         the same request (openapi-core where Prism cannot judge a construct, Prism where openapi-core\n\
         misreads OpenAPI), and a response Prism could not make within the spec (it refused its own,\n\
         failed, or openapi-core finds it outside the spec) is left out, as no response the spec\n\
         allows. *Unjudged*: Prism died or hung, made no response within the spec for any documented\n\
         status, or both validators refused a request, each for a limitation of its own (a path\n\
         neither can take apart, for one). Every other failure counts against the operation,\n\
         whoever is at fault (a spec that contradicts itself; a refusal no limitation explains).\n\
         The targets are the strict totals above; this table shows how much of what stands\n\
         between them and 100% the validators could not judge.\n\n\
         | folder | operations | passed | failed | unjudged | passed of judged |\n|---|---|---|---|---|---|\n",
    );
    // Each operation judged once, for both tables.
    let outcomes: Vec<(&DocResult, &OpResult, Judged)> =
        results.iter().flat_map(|r| r.ops.iter().map(move |op| (r, op, judged(&r.label, op)))).collect();
    let mut folders: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for (r, _, outcome) in &outcomes {
        folders.entry(folder_key(r)).or_default()[*outcome as usize] += 1;
    }
    let share = |c: &[usize; 3]| 100.0 * c[0] as f64 / (c[0] + c[1]).max(1) as f64;
    let mut total = [0usize; 3];
    for (folder, c) in &folders {
        out.push_str(&format!(
            "| {folder} | {} | {} | {} | {} | {:.1}% |\n",
            c[0] + c[1] + c[2],
            c[0],
            c[1],
            c[2],
            share(c)
        ));
        for i in 0..3 {
            total[i] += c[i];
        }
    }
    out.push_str(&format!(
        "| **total** | **{}** | **{}** | **{}** | **{}** | **{:.1}%** |\n\n",
        total.iter().sum::<usize>(),
        total[0],
        total[1],
        total[2],
        share(&total)
    ));
    let mut by_cause: BTreeMap<Option<Cause>, [usize; 2]> = BTreeMap::new();
    for (_, op, outcome) in outcomes.iter().filter(|(_, op, _)| !op.passed()) {
        let column = usize::from(*outcome == Judged::Failed);
        for cause in causes_of(op) {
            by_cause.entry(cause).or_default()[column] += 1;
        }
    }
    out.push_str(
        "Failing operations by the cause their messages show (an operation counts once per cause it\n\
         shows; *none*: messages no rule reads, attributed by a reviewed entry or a path rule below):\n\n\
         | cause | operations | of which still failed when judged |\n|---|---|---|\n",
    );
    let mut rows: Vec<_> = by_cause.into_iter().collect();
    rows.sort_by(|a, b| (b.1[0] + b.1[1]).cmp(&(a.1[0] + a.1[1])).then(a.0.cmp(&b.0)));
    for (cause, [others, failed]) in rows {
        let label = cause.map_or("none", Cause::label);
        out.push_str(&format!("| {label} | {} | {failed} |\n", others + failed));
    }
    out.push('\n');
    out
}
