//! The intermediate representation: plain, owned data describing one API client.
//!
//! `lower` builds it from OpenAPI documents; `emit` turns it into Rust. It imports neither
//! openapiv3 nor quote, so either side can change without the other. Every Rust identifier the
//! emitter prints is decided here (by `lower` through `names`), never invented by the emitter.

use std::fmt;

/// One API: everything a generated client crate is made from.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The crate name, e.g. `nuweb`.
    pub crate_name: String,
    /// `info.title` of the first document.
    pub title: String,
    /// `info.version` of the first document.
    pub version: String,
    /// `info.description`, if any.
    pub description: Option<String>,
    /// The spec documents this client was generated from, as given (relative paths).
    pub sources: Vec<String>,
    /// Servers in document order; the first is the default base URL.
    pub servers: Vec<Server>,
    /// The document's `security` (`None`: it has none, and clients send every credential given).
    pub security: Option<Security>,
    /// Bearer / API-key authentication the client can attach.
    pub auth: Vec<AuthScheme>,
    /// Header parameters that may be given a client-wide default (documented on operations).
    pub default_headers: Vec<DefaultHeader>,
    /// Every named type, indexed by [`TypeId`]. Order is emission order.
    pub types: Vec<TypeDef>,
    /// Every operation, in document order (path, then method).
    pub operations: Vec<Operation>,
    /// Response types that are a page of a paginated list: iterating one yields its items.
    pub iterable: Vec<Iterable>,
    /// The groups operations are reached through (`client.repos()`), parents before children.
    pub groups: Vec<Group>,
}

impl Api {
    /// The accessors that lead from the client to `op`'s group (`["repos", "hooks"]`), empty
    /// when it is a method of the client itself.
    pub fn accessors(&self, op: &Operation) -> Vec<&str> {
        let mut chain = Vec::new();
        let mut next = op.group;
        while let Some(index) = next {
            let group = &self.groups[index];
            chain.push(group.accessor.as_str());
            next = group.parent;
        }
        chain.reverse();
        chain
    }

    /// How a caller reaches `op` from a client named `client`: `client.repos().list_for_org`.
    pub fn call_path(&self, client: &str, op: &Operation) -> String {
        let mut path = client.to_owned();
        for accessor in self.accessors(op) {
            path.push_str(&format!(".{accessor}()"));
        }
        path.push('.');
        path.push_str(&op.method_name);
        path
    }
}

/// A group of operations with a handle on the client (`client.repos()` returns `Repos`): an
/// operation's first tag, or the group a vendor's SDK extension names. Nested groups (an OpenAPI
/// 3.2 tag's `parent`, a dotted `x-speakeasy-group`) have a handle on their parent's handle.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Snake-case names from the outermost group down (`["repos", "hooks"]`): the identity.
    pub path: Vec<String>,
    /// The parent group (an index into [`Api::groups`]); `None` for a handle on the client.
    pub parent: Option<usize>,
    /// The accessor method on the parent (`repos`): the last name of `path`, unless that
    /// name was taken.
    pub accessor: String,
    /// The handle type (`Repos`, `ReposHooks`), unique among groups.
    pub type_name: String,
    /// The tag's description (or summary), if any.
    pub doc: Option<String>,
}

/// A page type whose items a `for` loop (and `Call::items`) can walk.
#[derive(Debug, Clone, PartialEq)]
pub struct Iterable {
    /// The page type.
    pub ty: TypeId,
    /// The field holding the items (Rust name).
    pub field: String,
    /// The items' type.
    pub item: TypeRef,
    /// The field is an `Option<Vec<_>>` (absent means no items).
    pub optional: bool,
}

/// A server URL, possibly templated with `{variables}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL template as written in the spec.
    pub url: String,
    /// `servers[].description`.
    pub description: Option<String>,
    /// Variables appearing in `url`.
    pub variables: Vec<ServerVariable>,
}

/// One `{name}` of a server URL; becomes a typed builder input.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// Name as it appears between the braces.
    pub name: String,
    /// Builder method name.
    pub rust_name: String,
    /// The default value; `None` when the spec's default is empty, which means the caller must set it.
    pub default: Option<String>,
    /// Allowed values, if the spec restricts them.
    pub allowed: Vec<String>,
    /// Description from the spec.
    pub description: Option<String>,
}

/// How the client authenticates.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthScheme {
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2.0 and OpenID Connect access tokens).
    Bearer {
        /// Scheme name in `components.securitySchemes`.
        name: String,
        /// Description from the spec.
        description: Option<String>,
        /// OAuth 2.0 client-credentials flow: where the client can fetch tokens itself.
        client_credentials: Option<ClientCredentialsFlow>,
        /// OAuth 2.0 device authorization flow (OpenAPI 3.2): where a user signs the client in.
        device_authorization: Option<DeviceAuthorizationFlow>,
    },
    /// HTTP basic authentication.
    Basic {
        /// Scheme name in `components.securitySchemes`.
        name: String,
        /// Description from the spec.
        description: Option<String>,
    },
    /// An API key sent in a header or a query parameter.
    ApiKey {
        /// Builder method that sets the key.
        setter: String,
        /// Scheme name in `components.securitySchemes`.
        name: String,
        /// Header or query parameter name.
        param: String,
        /// Where the key goes.
        location: ApiKeyLocation,
        /// Description from the spec.
        description: Option<String>,
    },
}

/// An OAuth 2.0 client-credentials flow (`flows.clientCredentials`).
#[derive(Debug, Clone, PartialEq)]
pub struct ClientCredentialsFlow {
    /// `tokenUrl`, as written (it may be relative to the server).
    pub token_url: String,
    /// The scopes the document's `security` requirements ask of this scheme, in first-seen order.
    pub scopes: Vec<String>,
}

/// An OAuth 2.0 device authorization flow (OpenAPI 3.2's `flows.deviceAuthorization`, RFC 8628).
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceAuthorizationFlow {
    /// `deviceAuthorizationUrl`, as written (it may be relative to the server).
    pub device_authorization_url: String,
    /// `tokenUrl`, as written.
    pub token_url: String,
    /// The scopes the document's `security` requirements ask of this scheme, in first-seen order.
    pub scopes: Vec<String>,
}

/// Where an API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// A header with a client-wide default set on the builder, overridable per call.
#[derive(Debug, Clone, PartialEq)]
pub struct DefaultHeader {
    /// Wire name, e.g. `X-NU-COMPANY-ID`.
    pub wire_name: String,
    /// Builder method name, e.g. `x_nu_company_id`.
    pub rust_name: String,
    /// Value type.
    pub ty: TypeRef,
    /// Description from the spec.
    pub description: Option<String>,
}

/// Index into [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A use of a type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    /// A named type defined in [`Api::types`].
    Named(TypeId),
    /// A built-in scalar.
    Scalar(Scalar),
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// A list the spec also lets be a single item (`items` without `type: array`):
    /// `OneOrMany<T>`, which decodes either.
    OneOrMany(Box<TypeRef>),
    /// A string-keyed map of `T` (`BTreeMap<String, T>`).
    Map(Box<TypeRef>),
    /// `Option<T>` inside arrays and maps (nullable items).
    Nullable(Box<TypeRef>),
    /// Any JSON value.
    Json,
    /// A JSON object of any shape (`serde_json::Map`).
    JsonObject,
}

impl TypeRef {
    /// The named type this reference reaches, through arrays, maps and `Option`s.
    pub fn named(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named(id) => Some(*id),
            TypeRef::Array(inner) | TypeRef::OneOrMany(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                inner.named()
            }
            TypeRef::Scalar(_) | TypeRef::Json | TypeRef::JsonObject => None,
        }
    }
}

/// Built-in scalar types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// `String`
    String,
    /// `bool`
    Bool,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `i128`: an integer without a format whose documented values (`example`, `default`) lie
    /// beyond `i64`.
    I128,
    /// `f64`
    F64,
    /// RFC 3339 timestamp (`chrono::DateTime<FixedOffset>`).
    DateTime,
    /// ISO 8601 calendar date (`chrono::NaiveDate`).
    Date,
}

/// Which direction a type travels in; decides derives and the three-state encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    /// Reachable from a request body or parameter.
    pub request: bool,
    /// Reachable from a response body.
    pub response: bool,
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust name (UpperCamelCase), unique in the crate's `types` module.
    pub name: String,
    /// Where it was declared, as a JSON pointer into its document.
    pub origin: String,
    /// Description from the spec.
    pub doc: Option<String>,
    /// What it is.
    pub kind: TypeKind,
    /// Request/response reachability, filled in after all operations are lowered.
    pub usage: Usage,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(Struct),
    /// A string enum.
    Enum(StringEnum),
    /// `oneOf` / `anyOf`: one of several types.
    Union(Union),
    /// A plain alias (`pub type Name = T;`).
    Alias(TypeRef),
}

impl TypeKind {
    /// The named types its fields (and extra properties), variants or target mention.
    pub fn mentions(&self) -> Vec<TypeId> {
        match self {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| &f.ty)
                .chain(s.additional.iter().map(|a| &a.ty))
                .filter_map(TypeRef::named)
                .collect(),
            TypeKind::Union(u) => u.variants.iter().filter_map(|v| v.ty.named()).collect(),
            TypeKind::Alias(ty) => ty.named().into_iter().collect(),
            TypeKind::Enum(_) => Vec::new(),
        }
    }
}

/// An object schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Fields in declaration order.
    pub fields: Vec<Field>,
    /// Extra properties (`additionalProperties`), kept in a flattened map when the object has
    /// named properties too. `None` when extra properties are not captured.
    pub additional: Option<AdditionalField>,
}

/// The flattened map that keeps an object's undeclared properties.
#[derive(Debug, Clone, PartialEq)]
pub struct AdditionalField {
    /// Rust field name (`additional_properties` unless a property already has it).
    pub rust_name: String,
    /// The map type (`TypeRef::JsonObject` or `TypeRef::Map`).
    pub ty: TypeRef,
}

/// One field of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust field name (snake_case).
    pub rust_name: String,
    /// Property name on the wire.
    pub wire_name: String,
    /// The value type, without the optionality wrapper.
    pub ty: TypeRef,
    /// Required / nullable combination.
    pub presence: Presence,
    /// Wrap in `Box` (breaks a recursive type cycle).
    pub boxed: bool,
    /// Description from the spec, with the documented default appended.
    pub doc: Option<String>,
    /// Checked before a request is sent.
    pub constraints: Constraints,
    /// `deprecated: true`.
    pub deprecated: bool,
}

/// Whether a property must be present and whether it may be `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required, not nullable: `T`.
    Required,
    /// Required and nullable: `Option<T>`, `None` sent as `null`.
    RequiredNullable,
    /// Optional: `Option<T>`, `None` omitted.
    Optional,
    /// Optional and nullable: three states (absent / null / value): `Patch<T>`.
    OptionalNullable,
}

/// Validation constraints that a client checks before sending.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Constraints {
    /// `maxLength` of a string.
    pub max_length: Option<u64>,
    /// `minLength` of a string.
    pub min_length: Option<u64>,
}

impl Constraints {
    /// True when nothing needs checking.
    pub fn is_empty(&self) -> bool {
        self.max_length.is_none() && self.min_length.is_none()
    }
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    /// Variants in spec order.
    pub variants: Vec<EnumVariant>,
    /// Keep unknown values in an `Unknown(String)` variant instead of failing to decode (set
    /// for every enum once lowering is done: see `lower::lower`).
    pub tolerant: bool,
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumVariant {
    /// Rust variant name.
    pub rust_name: String,
    /// The value on the wire.
    pub wire_value: String,
}

/// `oneOf` / `anyOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The alternatives, tried in order when untagged.
    pub variants: Vec<UnionVariant>,
    /// The property whose value says which variant a value is (OpenAPI `discriminator`).
    pub tag: Option<String>,
    /// Decode values with an unknown tag into an `Unknown(serde_json::Value)` variant.
    pub tolerant: bool,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub rust_name: String,
    /// The discriminator values that select this variant, for tagged unions (several when the
    /// mapping names one schema under several values; empty for untagged unions).
    pub tag_values: Vec<String>,
    /// The variant's payload.
    pub ty: TypeRef,
    /// Wrap in `Box` (breaks a recursive type cycle).
    pub boxed: bool,
    /// The variant's own doc, where the spec gives one (a success status's description).
    pub doc: Option<String>,
}

/// HTTP method.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
    /// QUERY (OpenAPI 3.2's `query`: a safe request with a body).
    Query,
    /// Another method OpenAPI 3.2's `additionalOperations` names (`LINK`), as written: an HTTP
    /// token (checked when loading).
    Other(String),
}

impl Method {
    /// Upper-case name as on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
            Method::Query => "QUERY",
            Method::Other(name) => name,
        }
    }

    /// One of the methods `http::Method` has a constant for.
    pub fn is_standard(&self) -> bool {
        !matches!(self, Method::Query | Method::Other(_))
    }

    /// Whether repeating the request has the same effect (RFC 9110 §9.2.2); such requests may be
    /// retried after a connection failure.
    pub fn is_idempotent(&self) -> bool {
        !matches!(self, Method::Post | Method::Patch | Method::Other(_))
    }

    /// Whether the method only reads (RFC 9110 §9.2.1's `GET` and `HEAD`, and 3.2's `QUERY`):
    /// a documented redirect of such a request is followed.
    pub fn is_safe(&self) -> bool {
        matches!(self, Method::Get | Method::Head | Method::Query)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One HTTP operation; becomes one async method on the client.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Snake-case name unique in the whole client: the method's name when methods are not
    /// grouped, and the prefix of the operation's own types (`ReposListForOrgParams`).
    pub rust_name: String,
    /// The method's name on its group's handle (`list_for_org`), or on the client when it has
    /// no group: unique there.
    pub method_name: String,
    /// The group whose handle has this method (an index into [`Api::groups`]); `None`: a
    /// method of the client.
    pub group: Option<usize>,
    /// `operationId`, if the spec gave one.
    pub operation_id: Option<String>,
    /// The operation's first tag, if any (the generated crate groups methods by it).
    pub tag: Option<String>,
    /// Where it was declared, e.g. `#/paths/~1users~1{id}/put`.
    pub origin: String,
    /// HTTP method.
    pub method: Method,
    /// Path template relative to the base URL, e.g. `/users/{USER_ID}`.
    pub path: String,
    /// Summary and description from the spec.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Parameters, path parameters first in template order, then the rest in spec order.
    pub params: Vec<Param>,
    /// Name of the per-call struct holding the optional parameters, when there are any.
    pub params_struct: Option<String>,
    /// The request body, if any.
    pub body: Option<RequestBody>,
    /// The successful outcome.
    pub success: SuccessResponse,
    /// Documented error statuses.
    pub errors: Vec<ErrorResponse>,
    /// Name of the per-operation error enum, when there are documented errors.
    pub error_enum: Option<String>,
    /// The operation's own `security`, when it differs from the document's.
    pub security: Option<Security>,
    /// Name of the struct of the success response's documented headers, when it documents any.
    pub headers_struct: Option<String>,
    /// How to fetch the next page, for lists paginated by a cursor, offset, page number or URL
    /// (lists paginated by `Link` headers need no declaration).
    pub pagination: Option<Pagination>,
    /// The operation's own server (its `servers`, else its path item's; the first, variables at
    /// their defaults) when it differs from the document's: requests go there unless the client
    /// was given a base URL.
    pub server: Option<String>,
    /// The `Accept` header: the media types the method decodes and its errors come in, in the
    /// spec's order; `None` sends the client's default.
    pub accept: Option<String>,
    /// For a negotiated form of an operation (its event stream, JSON records, text or bytes
    /// beside a JSON answer; a text or bytes body beside a JSON one): the plain method's name.
    /// It shares that method's parameter, error and header types.
    pub stream_of: Option<String>,
}

impl Operation {
    /// Whether the spec documents a redirect the client can follow (301, 302, 303, 307, 308, or
    /// a `3XX` range) among the operation's statuses. A safe method follows it; any other keeps
    /// it as its documented outcome.
    pub fn documents_redirect(&self) -> bool {
        const FOLLOWED: [u16; 5] = [301, 302, 303, 307, 308];
        self.success.statuses.iter().any(|s| FOLLOWED.contains(s))
            || self.errors.iter().any(|e| match e.status {
                StatusMatch::Code(code) => FOLLOWED.contains(&code),
                StatusMatch::Range(class) => class == 3,
                StatusMatch::Default => false,
            })
    }

    /// The named types its parameters, request body (and form parts), success body and error
    /// bodies mention, in that order (each reference once per mention).
    pub fn mentions(&self) -> impl Iterator<Item = TypeId> + '_ {
        let params = self.params.iter().map(|p| &p.ty);
        let body = self.body.iter().flat_map(|b| {
            let parts = b.multipart.iter().flat_map(|form| &form.fields).filter_map(|field| match &field.kind {
                PartKind::Value(ty) => Some(ty),
                PartKind::File | PartKind::Files => None,
            });
            b.ty.iter().chain(parts)
        });
        let success = match &self.success.body {
            ResponseBody::Json(ty)
            | ResponseBody::Events(Some(ty))
            | ResponseBody::Lines { item: ty, .. }
            | ResponseBody::Parts(ty) => Some(ty),
            ResponseBody::Empty | ResponseBody::Text | ResponseBody::Bytes | ResponseBody::Events(None) => None,
        };
        let errors = self.errors.iter().filter_map(|e| e.body.as_ref());
        params.chain(body).chain(success).chain(errors).filter_map(TypeRef::named)
    }

    /// The types this operation owns (named after it, not defined by a schema), each with the
    /// part of the operation that makes it: `parameters`, `responses` or `requestBody`.
    pub fn own_types(&self) -> impl Iterator<Item = (&str, &'static str)> {
        let shared = self.stream_of.is_some();
        let named =
            [(&self.params_struct, "parameters"), (&self.error_enum, "responses"), (&self.headers_struct, "responses")];
        let form = self.body.as_ref().and_then(|b| b.multipart.as_ref()).map(|f| (f.type_name.as_str(), "requestBody"));
        named
            .into_iter()
            .filter_map(|(name, part)| name.as_deref().map(|name| (name, part)))
            .chain(form)
            .filter(move |_| !shared)
    }
}

/// Pagination: the next page is this operation again with the query parameter `param` set to a
/// cursor found in the previous page's body, or to the next offset or page number (or the URL
/// the body gives).
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The query parameter that takes the cursor (wire name).
    pub param: String,
    /// Where the cursor is.
    pub next: NextCursor,
    /// The path (wire names) of the items in the body, when known.
    pub items: Option<Vec<String>>,
    /// What declared it: `x-speakeasy-pagination`, `configuration`, or the detected convention.
    pub source: String,
}

/// Where a page's body gives the next cursor.
#[derive(Debug, Clone, PartialEq)]
pub enum NextCursor {
    /// A field (path of wire names); absent, null or empty: the last page (Slack's
    /// `response_metadata.next_cursor`).
    Field(Vec<String>),
    /// A field of the last item of the items, while `has_more` (if given) is true (Stripe's `id`
    /// of the last of `data` while `has_more`).
    LastItem {
        /// The item field.
        field: String,
        /// The boolean that says whether another page follows.
        has_more: Option<Vec<String>>,
    },
    /// Offset pagination: `param` takes this request's offset plus the number of items on the
    /// page (the items are required); a page with no items, or fewer than the `limit` query
    /// parameter asked for, is the last.
    Offset {
        /// The query parameter that caps a page's items, if any (wire name).
        limit: Option<String>,
    },
    /// Page numbers: `param` takes this request's page number plus one (1 when unset); the
    /// last page as for offsets.
    Page {
        /// The query parameter that caps a page's items, if any (wire name).
        limit: Option<String>,
    },
    /// The next page's URL is this field (path of wire names); `param` is unused.
    Url(Vec<String>),
}

/// A `security` requirement: alternatives, each the credentials sent together (an empty
/// alternative: none needed). Alternatives naming a scheme the client cannot send are left out.
pub type Security = Vec<Vec<Credential>>;

/// A credential, as the client holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// The bearer token (HTTP bearer, OAuth 2.0, OpenID Connect).
    Bearer,
    /// HTTP basic authentication.
    Basic,
    /// The API key sent under this header, query or cookie name.
    ApiKey(String),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A `{segment}` of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// How an array or object parameter is serialized (OpenAPI `style` + `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `a=1&a=2` (explode) or `a=1,2`.
    Form {
        /// Repeat the name per item.
        explode: bool,
    },
    /// `a=1 2` (space-separated).
    SpaceDelimited,
    /// `a=1|2`.
    PipeDelimited,
    /// `a[key]=value`.
    DeepObject,
    /// Comma-separated, for path and header parameters.
    Simple,
    /// Path `simple` with `explode: true`: an object as `k=v,k2=v2`.
    SimpleExploded,
    /// Path `label`: `.v`, `.a,b` (or `.a.b` exploded).
    Label {
        /// One `.`-prefixed part per item.
        explode: bool,
    },
    /// Path `matrix`: `;name=v`, `;name=a,b` (or `;name=a;name=b` exploded).
    Matrix {
        /// One `;name=` pair per item.
        explode: bool,
    },
    /// Declared with `content: application/json`: the value's JSON text, as one pair.
    Json,
}

/// One parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Name on the wire.
    pub wire_name: String,
    /// Rust argument / field name.
    pub rust_name: String,
    /// Location.
    pub location: ParamLocation,
    /// Required parameters are method arguments; optional ones live in the params struct.
    pub required: bool,
    /// Value type.
    pub ty: TypeRef,
    /// Serialization style.
    pub style: ParamStyle,
    /// Description from the spec.
    pub doc: Option<String>,
    /// Checked before a request is sent.
    pub constraints: Constraints,
    /// This header has a client-wide default (see [`Api::default_headers`]).
    pub has_client_default: bool,
}

/// How a body is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON (`application/json` and `+json` types).
    Json,
    /// `application/x-www-form-urlencoded`, from a serializable value.
    Form,
    /// `multipart/form-data`, one part per property (see [`RequestBody::multipart`]).
    Multipart,
    /// Bytes, a file or a reader sent as the whole body with the given content type
    /// (octet-stream, images, text, ...).
    Raw,
    /// JSON records (the body's `ty` is one record), one per line (`application/x-ndjson`,
    /// `application/jsonl`) or, with `seq`, each after a record separator (RFC 7464's
    /// `application/json-seq`); the method takes a slice of them.
    Records {
        /// JSON text sequence framing instead of lines.
        seq: bool,
    },
}

/// The request body of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// Media type sent as `Content-Type`.
    pub content_type: String,
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// Value type (`None` for raw bodies).
    pub ty: Option<TypeRef>,
    /// `requestBody.required`.
    pub required: bool,
    /// Description from the spec.
    pub doc: Option<String>,
    /// Form bodies: the properties whose `encoding` differs from the default (`form`, exploded).
    pub form_fields: Vec<FormField>,
    /// Multipart bodies: the struct the caller fills in, one part per field.
    pub multipart: Option<MultipartForm>,
    /// The wire name of a boolean property sent as `true` whatever the caller set (`stream`, in
    /// the event-stream form of an operation).
    pub stream_flag: Option<String>,
}

/// The caller's side of a `multipart/form-data` body: a struct whose file properties hold
/// uploads (bytes, files, readers) and whose other properties hold ordinary values.
#[derive(Debug, Clone, PartialEq)]
pub struct MultipartForm {
    /// The struct's name in the `types` module.
    pub type_name: String,
    /// Description of the body's schema.
    pub doc: Option<String>,
    /// One field per property, in spec order.
    pub fields: Vec<MultipartField>,
}

/// One property of a multipart body.
#[derive(Debug, Clone, PartialEq)]
pub struct MultipartField {
    /// The part name on the wire.
    pub wire_name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// What the part holds.
    pub kind: PartKind,
    /// Listed in the schema's `required`.
    pub required: bool,
    /// Description from the spec.
    pub doc: Option<String>,
    /// `encoding.<property>.contentType` (its first media type), when the spec gives one.
    pub content_type: Option<String>,
    /// `encoding.<property>.headers` (`Content-Type` excepted).
    pub headers: Vec<PartHeader>,
    /// OpenAPI 3.1, an `encoding` with `style`, `explode` or `allowReserved`: the value is
    /// written in that style, each name and value it makes a text part (`contentType` ignored).
    pub styled: Option<FormField>,
}

/// A header the spec documents for the parts of a multipart property.
#[derive(Debug, Clone, PartialEq)]
pub struct PartHeader {
    /// The header name.
    pub name: String,
    /// The value sent with every part: the schema's `default`, or its only `enum` value.
    /// `None`: the caller sets it (on the `Upload`).
    pub value: Option<String>,
    /// Description from the spec.
    pub doc: Option<String>,
}

/// What a multipart property holds.
#[derive(Debug, Clone, PartialEq)]
pub enum PartKind {
    /// File content (`type: string, format: binary`, or 3.1 `contentMediaType`).
    File,
    /// Several files under one name (an array of binary strings).
    Files,
    /// A value: text for scalars, JSON for objects, a part per item for arrays.
    Value(TypeRef),
}

/// How one property of a form body is written (its entry in the media type's `encoding`).
#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    /// The property's name on the wire.
    pub wire_name: String,
    /// `style` and `explode`.
    pub style: ParamStyle,
    /// `allowReserved: true`.
    pub allow_reserved: bool,
    /// `contentType` is JSON: the value is sent as JSON text.
    pub json: bool,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub struct SuccessResponse {
    /// Documented 2xx statuses (empty: any 2xx).
    pub statuses: Vec<u16>,
    /// The decoded body.
    pub body: ResponseBody,
    /// Some documented success status has no body (say 204 beside a 200 with one): a JSON body
    /// is then `Option<T>`, `None` when the response is empty.
    pub body_optional: bool,
    /// Description of the first documented success status.
    pub doc: Option<String>,
    /// The response headers the success statuses document (the first declaration of each name).
    pub headers: Vec<ResponseHeader>,
    /// When 2xx statuses document different JSON bodies: `body` is then an enum with a variant
    /// per distinct body, and each status here decodes into its variant; any other 2xx decodes
    /// into `primary`.
    pub variants: Option<SuccessVariants>,
}

/// The variants of a success enum (see [`SuccessResponse::variants`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SuccessVariants {
    /// The enum (a [`TypeKind::Union`] without a tag).
    pub enum_name: String,
    /// The variant of the first 2xx status with a body.
    pub primary: String,
    /// Status → variant, for the statuses whose body differs from the first's.
    pub by_status: Vec<(u16, String)>,
    /// The variants whose body is text (a `text/*` media type beside the first's JSON): read
    /// as text into a `String`, not decoded as JSON.
    pub text: Vec<String>,
}

/// A documented response header, read into a typed field.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// Field name (snake_case), unique in its struct.
    pub rust_name: String,
    /// Header name, as the spec writes it (header names are case-insensitive).
    pub wire_name: String,
    /// The field's type (always optional: servers omit headers).
    pub ty: HeaderType,
    /// Description from the spec.
    pub doc: Option<String>,
}

/// How a response header's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderType {
    /// As sent: `String` (strings, and whatever has no simpler reading: arrays, objects, dates).
    Text,
    /// `integer`: `i64`.
    Integer,
    /// `number`: `f64`.
    Number,
    /// `boolean`: `bool`.
    Bool,
}

/// The decoded form of a response body.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// No body (or an ignored one): `()`.
    Empty,
    /// JSON decoded into a type.
    Json(TypeRef),
    /// Text (`text/*`): `String`.
    Text,
    /// Anything else: the raw bytes, streamed as they arrive.
    Bytes,
    /// `text/event-stream`: server-sent events whose data is the given JSON type, or text.
    Events(Option<TypeRef>),
    /// JSON records of the given type, one after another, read as they arrive: one per line
    /// (`application/x-ndjson`, `application/jsonl`) or, with `seq`, after record separators
    /// (`application/json-seq`, RFC 7464).
    Lines {
        /// Each record's type.
        item: TypeRef,
        /// JSON text sequence framing instead of lines.
        seq: bool,
    },
    /// The parts of a `multipart/mixed` body, each decoded into the given type (OpenAPI 3.2's
    /// `itemSchema`): `Vec<T>`.
    Parts(TypeRef),
}

/// A documented non-success status.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    /// Variant name in the operation's error enum.
    pub rust_name: String,
    /// Which statuses this entry covers.
    pub status: StatusMatch,
    /// Decoded body, if documented as JSON.
    pub body: Option<TypeRef>,
    /// Description from the spec.
    pub doc: Option<String>,
}

/// Which response statuses an [`ErrorResponse`] covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A class such as `4XX`, stored as its first digit.
    Range(u16),
    /// The spec's `default` response: any status not otherwise documented.
    Default,
}
