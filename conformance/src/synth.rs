//! Arguments for an operation, synthesized from the spec: its examples first (parameter,
//! media-type and schema examples), otherwise values generated to satisfy the schema (required
//! properties, enums, formats, length and range bounds, array bounds, one branch of a union).
//! `full` also fills every optional parameter and property, so both shapes of a call are tried.
//! With `examples` off, only the schemas are used (no examples, no defaults): the driver falls
//! back on those values where an example or default of the spec does not fit its own schema.

use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::{json, Map, Value};

/// Looks things up in one document.
pub struct Synth<'a> {
    pub api: &'a OpenAPI,
    /// Whether the spec's examples come first (else values are built from the schemas only: the
    /// fallback where an example does not fit the spec's own schema).
    pub examples: bool,
}

const MAX_DEPTH: usize = 8;

impl Synth<'_> {
    fn schema_ref<'s>(&'s self, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema> {
        let mut current = schema;
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(schema) => return Some(schema),
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix("#/components/schemas/")?;
                    current = self.api.components.as_ref()?.schemas.get(&unescape(name))?;
                }
            }
        }
        None
    }

    pub fn parameter<'s>(&'s self, parameter: &'s ReferenceOr<Parameter>) -> Option<&'s Parameter> {
        let mut current = parameter;
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(parameter) => return Some(parameter),
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix("#/components/parameters/")?;
                    current = self.api.components.as_ref()?.parameters.get(&unescape(name))?;
                }
            }
        }
        None
    }

    pub fn request_body<'s>(&'s self, body: &'s ReferenceOr<RequestBody>) -> Option<&'s RequestBody> {
        match body {
            ReferenceOr::Item(body) => Some(body),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/requestBodies/")?;
                match self.api.components.as_ref()?.request_bodies.get(&unescape(name))? {
                    ReferenceOr::Item(body) => Some(body),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
    }

    /// A value for a parameter: its example, else its schema's.
    pub fn parameter_value(&self, parameter: &Parameter, full: bool) -> Value {
        let data = parameter.parameter_data_ref();
        if let Some(example) = data.example.as_ref().filter(|_| self.examples) {
            return example.clone();
        }
        if let Some(ReferenceOr::Item(example)) = data.examples.values().next().filter(|_| self.examples) {
            if let Some(value) = &example.value {
                return value.clone();
            }
        }
        match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.distinct_branch(schema, full).unwrap_or_else(|| self.value(schema, full, 0))
            }
            ParameterSchemaOrContent::Content(content) => content
                .values()
                .next()
                .and_then(|media| media.schema.as_ref())
                .map_or(json!("x"), |schema| self.value(schema, full, 0)),
        }
    }

    /// For a parameter whose schema is a `oneOf` of primitive types: the first branch's value
    /// that no other branch accepts once written as text (a path, query or header value has no
    /// JSON type: GitHub's `workflow_id`, `oneOf: [integer, string]`, takes `1` under both
    /// branches, which `oneOf` forbids, and `string` under one). None when the schema is no such
    /// `oneOf`, has an example of its own, or every branch's value is ambiguous.
    fn distinct_branch(&self, schema: &ReferenceOr<Schema>, full: bool) -> Option<Value> {
        let schema = self.schema_ref(schema)?;
        let SchemaKind::OneOf { one_of } = &schema.schema_kind else { return None };
        if self.examples && (schema.schema_data.example.is_some() || schema.schema_data.default.is_some()) {
            return None;
        }
        let branches: Vec<&Schema> = one_of.iter().map(|b| self.schema_ref(b)).collect::<Option<_>>()?;
        if !branches.iter().all(|b| {
            matches!(
                b.schema_kind,
                SchemaKind::Type(Type::String(_) | Type::Integer(_) | Type::Number(_) | Type::Boolean(_))
            )
        }) {
            return None;
        }
        let values: Vec<Value> = one_of.iter().map(|b| self.value(b, full, 1)).collect();
        let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
        let distinct = |i: usize| {
            let written = text(&values[i]);
            branches.iter().enumerate().all(|(j, b)| j == i || !accepts_text(b, &written))
        };
        (0..values.len()).find(|&i| distinct(i)).map(|i| values[i].clone())
    }

    /// A body value for a media type: its example, else one of its examples, else its schema's.
    pub fn media_value(&self, media: &openapiv3::MediaType, full: bool) -> Value {
        if let Some(example) = media.example.as_ref().filter(|_| self.examples) {
            return example.clone();
        }
        if let Some(ReferenceOr::Item(example)) = media.examples.values().next().filter(|_| self.examples) {
            if let Some(value) = &example.value {
                return value.clone();
            }
        }
        media.schema.as_ref().map_or(json!({}), |schema| self.value(schema, full, 0))
    }

    /// A value that satisfies `schema` (request direction: read-only properties left out).
    pub fn value(&self, schema: &ReferenceOr<Schema>, full: bool, depth: usize) -> Value {
        let Some(schema) = self.schema_ref(schema) else { return json!({}) };
        if let Some(example) = schema.schema_data.example.as_ref().filter(|_| self.examples) {
            if !example.is_null() {
                return example.clone();
            }
        }
        if let Some(default) = schema.schema_data.default.as_ref().filter(|_| self.examples) {
            if !default.is_null() {
                return default.clone();
            }
        }
        if depth > MAX_DEPTH {
            // As little as the type allows: nesting stops here.
            return match &schema.schema_kind {
                SchemaKind::Type(Type::Array(_)) => json!([]),
                SchemaKind::Type(Type::Object(_)) => json!({}),
                _ => Value::Null,
            };
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                if let Some(value) = s.enumeration.iter().flatten().next() {
                    return json!(value);
                }
                // A date's pattern only restates its format, and text generated from it is rarely a
                // real date (`6928-54-21`): the format's value comes first.
                let dated =
                    matches!(&s.format, VariantOrUnknownOrEmpty::Item(StringFormat::Date | StringFormat::DateTime));
                let pattern = s.pattern.as_deref().filter(|_| !dated);
                match pattern.and_then(|p| pattern_value(p, s.min_length, s.max_length)) {
                    Some(text) => json!(text),
                    None => string_value(&s.format, s.min_length, s.max_length),
                }
            }
            SchemaKind::Type(Type::Integer(i)) => {
                if let Some(value) = i.enumeration.iter().flatten().next() {
                    return json!(value);
                }
                let mut n = i.minimum.map(|m| if i.exclusive_minimum { m + 1 } else { m }).unwrap_or(1);
                if let Some(max) = i.maximum {
                    let max = if i.exclusive_maximum { max - 1 } else { max };
                    if n > max {
                        n = max;
                    }
                }
                if let Some(step) = i.multiple_of.filter(|s| *s > 0) {
                    n = ((n + step - 1) / step) * step;
                }
                json!(n)
            }
            SchemaKind::Type(Type::Number(n)) => {
                if let Some(value) = n.enumeration.iter().flatten().next() {
                    return json!(value);
                }
                let mut v = n.minimum.map(|m| if n.exclusive_minimum { m + 1.0 } else { m }).unwrap_or(1.5);
                if let Some(max) = n.maximum {
                    v = v.min(if n.exclusive_maximum { max - 0.5 } else { max });
                }
                if let Some(step) = n.multiple_of.filter(|s| *s > 0.0) {
                    v = (v / step).ceil() * step;
                }
                json!(v)
            }
            SchemaKind::Type(Type::Boolean(_)) => json!(true),
            SchemaKind::Type(Type::Array(a)) => {
                let count = a.min_items.unwrap_or(1).max(1);
                let item = a.items.as_ref().map_or(json!("x"), |items| self.boxed(items, full, depth + 1));
                Value::Array(vec![item; count])
            }
            SchemaKind::Type(Type::Object(o)) => {
                let mut out = Map::new();
                self.properties(&o.properties, &o.required, full, depth, &mut out);
                // An object with nothing required still gets one property: an empty object is
                // no value at all in a path, a form body or a header.
                if out.is_empty() {
                    // Not a read-only one: it has no place in a request.
                    if let Some((name, property)) = o.properties.iter().find(|(_, p)| !self.read_only(p)) {
                        out.insert(name.clone(), self.boxed(property, false, depth + 1));
                    }
                }
                if out.is_empty() && o.properties.is_empty() {
                    if let Some(openapiv3::AdditionalProperties::Schema(value)) = &o.additional_properties {
                        out.insert("key".into(), self.value(value, full, depth + 1));
                    }
                }
                Value::Object(out)
            }
            SchemaKind::AllOf { all_of } => {
                let mut out = Map::new();
                let mut other = None;
                for part in all_of {
                    match self.value(part, full, depth + 1) {
                        Value::Object(map) => merge(&mut out, map),
                        value => other = other.or(Some(value)),
                    }
                }
                if out.is_empty() {
                    other.unwrap_or(json!({}))
                } else {
                    Value::Object(out)
                }
            }
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => {
                self.union(parts, schema.schema_data.discriminator.as_ref(), full, depth)
            }
            SchemaKind::Not { .. } => json!({}),
            SchemaKind::Any(any) => {
                // The first value of the schema's own type (ReadMe's `type: number` with `""`
                // among its `enum` values: that one no value can be).
                let fits = |v: &&Value| match any.typ.as_deref() {
                    Some("number") => v.is_number(),
                    Some("integer") => v.is_i64() || v.is_u64(),
                    Some("string") => v.is_string(),
                    Some("boolean") => v.is_boolean(),
                    Some("array") => v.is_array(),
                    Some("object") => v.is_object(),
                    _ => !v.is_null(),
                };
                if let Some(value) = any.enumeration.iter().find(fits) {
                    return value.clone();
                }
                if !any.one_of.is_empty() || !any.any_of.is_empty() {
                    let parts = if any.one_of.is_empty() { &any.any_of } else { &any.one_of };
                    let chosen = self.union(parts, schema.schema_data.discriminator.as_ref(), full, depth);
                    // The schema's own `items` constrains the branch's array too (Docker's `Cmd`:
                    // `items: {type: string}` beside `oneOf: [{type: array, items: {}}, string]`).
                    if let (Value::Array(_), Some(items)) = (&chosen, &any.items) {
                        return Value::Array(vec![self.boxed(items, full, depth + 1)]);
                    }
                    if any.properties.is_empty() {
                        return chosen;
                    }
                    return self.constrained_object(any, parts, chosen, full, depth);
                }
                let mut out = Map::new();
                for part in &any.all_of {
                    if let Value::Object(map) = self.value(part, full, depth + 1) {
                        merge(&mut out, map);
                    }
                }
                // Names this schema requires that an `allOf` part describes but did not fill (it
                // leaves out what it does not require itself): made from that part's schema.
                let mut described = any.properties.clone();
                for name in &any.required {
                    if out.contains_key(name) || described.contains_key(name) {
                        continue;
                    }
                    if let Some(property) = self.part_property(&any.all_of, name, depth) {
                        described.insert(name.clone(), property);
                    }
                }
                self.properties(&described, &any.required, full, depth, &mut out);
                if !out.is_empty() {
                    return Value::Object(out);
                }
                // `items` without `type`: a list, as the spec's authors mean it (JSON Schema
                // would take any other kind of value too; clientgen types it list-or-item).
                if let (None | Some("array"), Some(items)) = (any.typ.as_deref(), &any.items) {
                    return Value::Array(vec![self.boxed(items, full, depth + 1)]);
                }
                match any.typ.as_deref() {
                    // `type: 'null'` (3.1), which the loader reads as `nullable` without a type.
                    Some("null") => Value::Null,
                    None if schema.schema_data.nullable => Value::Null,
                    Some("string") => json!("string"),
                    Some("integer") => json!(1),
                    Some("number") => json!(1.5),
                    Some("boolean") => json!(true),
                    Some("array") => json!([]),
                    _ => json!({}),
                }
            }
        }
    }

    fn read_only(&self, property: &ReferenceOr<Box<Schema>>) -> bool {
        match property {
            ReferenceOr::Item(s) => s.schema_data.read_only,
            ReferenceOr::Reference { reference } => self
                .schema_ref(&ReferenceOr::Reference { reference: reference.clone() })
                .is_some_and(|s| s.schema_data.read_only),
        }
    }

    /// The schema an `allOf` part (or a part of a part) gives property `name`.
    fn part_property(
        &self,
        parts: &[ReferenceOr<Schema>],
        name: &str,
        depth: usize,
    ) -> Option<ReferenceOr<Box<Schema>>> {
        if depth > MAX_DEPTH {
            return None;
        }
        parts.iter().find_map(|part| {
            let schema = self.schema_ref(part)?;
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => o.properties.get(name).cloned(),
                SchemaKind::Any(a) => {
                    a.properties.get(name).cloned().or_else(|| self.part_property(&a.all_of, name, depth + 1))
                }
                SchemaKind::AllOf { all_of } => self.part_property(all_of, name, depth + 1),
                _ => None,
            }
        })
    }

    fn boxed(&self, schema: &ReferenceOr<Box<Schema>>, full: bool, depth: usize) -> Value {
        match schema {
            ReferenceOr::Item(schema) => self.value(&ReferenceOr::Item((**schema).clone()), full, depth),
            ReferenceOr::Reference { reference } => {
                self.value(&ReferenceOr::Reference { reference: reference.clone() }, full, depth)
            }
        }
    }

    fn properties(
        &self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        full: bool,
        depth: usize,
        out: &mut Map<String, Value>,
    ) {
        for (name, property) in properties {
            let is_required = required.contains(name);
            if !(is_required || full) || out.contains_key(name) {
                continue;
            }
            if self.read_only(property) && !is_required {
                continue;
            }
            // Optional properties of nested objects only one level down, to keep bodies small
            // and recursion finite.
            let value = self.boxed(property, full && depth < 2, depth + 1);
            if !value.is_null() || is_required {
                out.insert(name.clone(), value);
            }
        }
        // A required property `properties` does not describe may have any value: null (which
        // another `allOf` part describing it replaces, see `merge`).
        for name in required {
            if !properties.contains_key(name) && !out.contains_key(name) {
                out.insert(name.clone(), Value::Null);
            }
        }
    }

    /// An object with properties of its own and a `oneOf`/`anyOf` that constrains them (ReadMe's
    /// `oneOf: [{required: [title, category]}, {required: [title, categorySlug]}]`): its
    /// properties with the first branch's requirements too, leaving out what only another branch
    /// requires (so that the value matches one branch), and the branch's own value merged in.
    fn constrained_object(
        &self,
        any: &openapiv3::AnySchema,
        parts: &[ReferenceOr<Schema>],
        chosen: Value,
        full: bool,
        depth: usize,
    ) -> Value {
        let required_of = |part: &ReferenceOr<Schema>| -> Vec<String> {
            match self.schema_ref(part).map(|s| &s.schema_kind) {
                Some(SchemaKind::Type(Type::Object(o))) => o.required.clone(),
                Some(SchemaKind::Any(a)) => a.required.clone(),
                _ => Vec::new(),
            }
        };
        let mut required = any.required.clone();
        required.extend(parts.first().map(required_of).unwrap_or_default());
        let others: Vec<String> = parts.iter().skip(1).flat_map(required_of).collect();
        let mut properties = any.properties.clone();
        properties.retain(|name, _| required.contains(name) || !others.contains(name));
        let mut out = Map::new();
        self.properties(&properties, &required, full, depth, &mut out);
        if let Value::Object(map) = chosen {
            merge(&mut out, map);
        }
        Value::Object(out)
    }

    fn union(
        &self,
        parts: &[ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
        full: bool,
        depth: usize,
    ) -> Value {
        let Some(first) = parts.first() else { return json!({}) };
        let mut value = self.value(first, full, depth + 1);
        if let (Some(discriminator), Value::Object(map), ReferenceOr::Reference { reference }) =
            (discriminator, &mut value, first)
        {
            // The loader has rewritten mapping targets in other files as the `oneOf`'s references.
            let name = reference.rsplit('/').next().unwrap_or_default();
            let tag = discriminator
                .mapping
                .iter()
                .find(|(_, target)| target.as_str() == reference || target.as_str() == name)
                .map_or_else(|| unescape(name), |(tag, _)| tag.clone());
            map.insert(discriminator.property_name.clone(), json!(tag));
        }
        value
    }
}

/// Whether a primitive schema accepts `text` as a parameter value (by its type and `enum`).
fn accepts_text(schema: &Schema, text: &str) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            s.enumeration.is_empty() || s.enumeration.iter().flatten().any(|e| e == text)
        }
        SchemaKind::Type(Type::Integer(i)) => {
            text.parse::<i64>().is_ok_and(|n| i.enumeration.is_empty() || i.enumeration.contains(&Some(n)))
        }
        SchemaKind::Type(Type::Number(n)) => {
            text.parse::<f64>().is_ok_and(|x| n.enumeration.is_empty() || n.enumeration.contains(&Some(x)))
        }
        SchemaKind::Type(Type::Boolean(_)) => text == "true" || text == "false",
        _ => true,
    }
}

fn string_value(format: &VariantOrUnknownOrEmpty<StringFormat>, min: Option<usize>, max: Option<usize>) -> Value {
    let text = match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => "2024-05-01T12:00:00Z",
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => "2024-05-01",
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => "aGVsbG8=",
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => "binary",
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => "secret",
        VariantOrUnknownOrEmpty::Unknown(f) => match f.as_str() {
            "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "email" => "user@example.com",
            "uri" | "url" | "iri" => "https://example.com/resource",
            "uri-reference" | "iri-reference" => "/resource",
            "uri-template" => "https://example.com/{id}",
            "idn-email" => "user@example.com",
            "idn-hostname" => "example.com",
            "duration" => "P3D",
            "json-pointer" => "/a/b",
            "relative-json-pointer" => "0/a",
            "regex" => "^a+$",
            "hostname" => "example.com",
            "ipv4" => "192.0.2.1",
            "ipv6" => "2001:db8::1",
            "time" => "12:00:00Z",
            _ => "string",
        },
        _ => "string",
    };
    let mut text = text.to_owned();
    if let Some(min) = min {
        while text.chars().count() < min {
            text.push('x');
        }
    }
    if let Some(max) = max {
        text = text.chars().take(max).collect();
    }
    json!(text)
}

/// A string matching `pattern` (ASCII only, seeded by the pattern so runs repeat) within the
/// length bounds; `None` when the pattern cannot be generated from or no sample fits.
pub fn pattern_value(pattern: &str, min: Option<usize>, max: Option<usize>) -> Option<String> {
    use rand::{RngExt as _, SeedableRng as _};
    // OpenAPI patterns are unanchored ECMA-262 regexes; the generator wants no anchors.
    let pattern = pattern.strip_prefix('^').unwrap_or(pattern);
    let pattern = pattern.strip_suffix('$').unwrap_or(pattern);
    let pattern = literal_braces(pattern);
    let hir = regex_syntax::ParserBuilder::new().unicode(false).utf8(true).build().parse(&pattern).ok()?;
    // Repetitions long enough for the length bounds (`[0-9a-f]+` of exactly 40, a commit SHA).
    let repeat = max.or(min).map_or(8, |n| n.clamp(8, 256)) as u32;
    let generator = rand_regex::Regex::with_hir(hir, repeat).ok()?;
    let seed = pattern.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    (0..256).map(|_| rng.sample::<String, _>(&generator)).find(|text| {
        let n = text.chars().count();
        min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m)
    })
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Merges an `allOf` part's properties: a part's value replaces an earlier one, except that the
/// null of a property a part requires without describing it does not replace a described value.
fn merge(out: &mut Map<String, Value>, part: Map<String, Value>) {
    for (name, value) in part {
        if value.is_null() && out.contains_key(&name) {
            continue;
        }
        out.insert(name, value);
    }
}

/// ECMA-262 (Annex B) reads a `{` or `}` that is not part of a quantifier (`{2}`, `{2,}`,
/// `{2,4}`) as itself; Rust's regex syntax does not: such braces are escaped. A `.` becomes
/// `[a-z0-9]` (a subset of what it matches, and text a generator can write).
fn literal_braces(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len());
    let (mut i, mut in_class) = (0, false);
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                out.push(c);
                if let Some(next) = chars.get(i + 1) {
                    out.push(*next);
                }
                i += 2;
                continue;
            }
            '[' => in_class = true,
            ']' => in_class = false,
            '{' if !in_class => {
                let rest: String = chars[i + 1..].iter().take_while(|c| **c != '}').collect();
                let closed = i + 1 + rest.chars().count() < chars.len();
                let (low, high) = rest.split_once(',').unwrap_or((&rest, "0"));
                let quantifier = closed
                    && !low.is_empty()
                    && low.chars().all(|c| c.is_ascii_digit())
                    && high.chars().all(|c| c.is_ascii_digit());
                if quantifier {
                    out.push('{');
                    out.push_str(&rest);
                    out.push('}');
                    i += rest.chars().count() + 2;
                    continue;
                }
                out.push_str("\\{");
                i += 1;
                continue;
            }
            '}' if !in_class => {
                out.push_str("\\}");
                i += 1;
                continue;
            }
            // Any character: generated from plain ones (the byte-level `.` of a non-Unicode
            // pattern would not be UTF-8).
            '.' if !in_class => {
                out.push_str("[a-z0-9]");
                i += 1;
                continue;
            }
            // Anchors inside alternatives (`^ssh-rsa |^ecdsa-sha2 `): text is generated from
            // the start anyway, and the generator cannot write an anchor.
            '^' if !in_class && (out.is_empty() || out.ends_with('|') || out.ends_with('(')) => {
                i += 1;
                continue;
            }
            '$' if !in_class && matches!(chars.get(i + 1), None | Some('|') | Some(')')) => {
                i += 1;
                continue;
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}
