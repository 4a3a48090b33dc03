//! Stage 2: the merged OpenAPI document → [`Api`]. The only stage that knows OpenAPI semantics,
//! and the only one that decides names.

mod groups;
mod multipart;
pub(crate) mod operation;
pub mod pagination;
pub mod path_names;
mod schema;
mod tags;

use crate::diagnostics::{Error, Location, Warning};
use crate::ir::{
    Api, ApiKeyLocation, AuthScheme, Credential, DefaultHeader, ParamLocation, ResponseBody, Scalar, Server,
    ServerVariable, TypeId, TypeKind, TypeRef, Usage,
};
use crate::load::{LoadedApi, Origins};
use crate::names::{value_name, Namespace};
use openapiv3::{ReferenceOr, SecurityScheme};

/// What lowering needs besides the document.
#[derive(Debug, Clone)]
pub struct LowerOptions {
    /// The crate name of the generated client.
    pub crate_name: String,
    /// The spec paths as the user gave them (recorded in the generated header).
    pub sources: Vec<String>,
    /// Pagination rules by `operationId` (or method name), for specs that declare none.
    pub pagination: std::collections::BTreeMap<String, pagination::PaginationRule>,
    /// Every method on the client itself, none in groups (`client.repos_list_for_org()`
    /// instead of `client.repos().list_for_org()`).
    pub flat: bool,
}

/// Shared state while lowering: where things came from, and the warnings so far.
pub struct Ctx {
    origins: Origins,
    warnings: Vec<Warning>,
    /// The description of the first `Authorization` header parameter an operation declares
    /// (`Some("")` when it has none): OpenAPI says to ignore the parameter, and a document
    /// without a scheme that sets the header gets a builder setter for it instead.
    pub(crate) authorization: Option<String>,
}

impl Ctx {
    /// A context whose warnings go nowhere (a pass that only looks, before the one that warns).
    pub(crate) fn quiet() -> Ctx {
        Ctx { origins: Origins::default(), warnings: Vec::new(), authorization: None }
    }

    /// Locates a JSON pointer of the merged document in its file.
    pub fn locate(&self, pointer: &str) -> Location {
        self.origins.locate(pointer)
    }

    /// Records a warning at `pointer`.
    pub fn warn(&mut self, pointer: &str, message: &str) {
        let location = self.locate(pointer);
        self.warnings.push(Warning { location, message: message.to_owned() });
    }
}

/// Lowers a loaded API into the IR. Warnings come back alongside; errors stop lowering.
pub fn lower(loaded: &LoadedApi, options: &LowerOptions) -> Result<(Api, Vec<Warning>), Error> {
    let openapi = &loaded.openapi;
    let mut ctx = Ctx { origins: loaded.origins.clone(), warnings: Vec::new(), authorization: None };
    let empty = indexmap::IndexMap::new();
    let components = openapi.components.as_ref().map(|c| &c.schemas).unwrap_or(&empty);
    let mut space = schema::TypeSpace::new(components);
    space.lower_components(&mut ctx)?;
    let (mut operations, wanted_names) = operation::lower_operations(openapi, &mut space, &mut ctx)?;
    let mut types = space.types;
    break_alias_cycles(&mut types, &mut ctx);
    // Every setter of the generated ClientBuilder is named in this one namespace: the fixed
    // ones, then API keys, server variables and default headers, in that order.
    let mut builder_names = Namespace::with_reserved(BUILDER_METHODS);
    let auth = lower_auth(openapi, &mut builder_names);
    let security = openapi.security.as_ref().map(|requirement| resolve_security(requirement, &auth));
    let mut used_rules = std::collections::BTreeSet::new();
    let mut hints = Vec::with_capacity(operations.len());
    for op in &mut operations {
        let spec_operation = openapi
            .paths
            .paths
            .get(&op.path)
            .and_then(ReferenceOr::as_item)
            .and_then(|item| operation::find_operation(item, &op.method));
        let own = spec_operation
            .as_ref()
            .and_then(|operation| operation.security.as_ref())
            .map(|requirement| resolve_security(requirement, &auth));
        op.security = own.filter(|own| Some(own) != security.as_ref());
        hints.push(match (&spec_operation, options.flat) {
            (Some(operation), false) => groups::hint(operation, &openapi.tags),
            _ => groups::Hint::default(),
        });
        let extension =
            spec_operation.as_ref().and_then(|operation| operation.extensions.get("x-speakeasy-pagination"));
        op.pagination = pagination::lower(op, extension, &options.pagination, &mut used_rules, &types, &mut ctx);
    }
    let unused: Vec<String> =
        options.pagination.keys().filter(|key| !used_rules.contains(*key)).map(|key| format!("`{key}`")).collect();
    if !unused.is_empty() {
        return Err(Error::Config(format!(
            "pagination rule {} matches no operation (rules are keyed by operationId or method name, `tag:NAME`, a glob such as `list*`, or `*` for every operation)",
            unused.join(", ")
        )));
    }
    let groups = groups::assign(&mut operations, &wanted_names, &hints, &openapi.tags, &mut ctx);
    let mut iterable: Vec<crate::ir::Iterable> = Vec::new();
    for op in &operations {
        // One page type, one way to iterate it: the first operation's.
        if let Some(found) = pagination::iterable(op, &types).filter(|f| iterable.iter().all(|i| i.ty != f.ty)) {
            iterable.push(found);
        }
    }
    let servers = lower_servers(openapi, &mut builder_names);
    let mut default_headers = collect_default_headers(&mut operations, &mut builder_names);
    default_headers.extend(authorization_header(ctx.authorization.take(), &auth, &mut builder_names));
    mark_usage(&mut types, &operations);
    // Every string enum keeps values it does not list (`Unknown`), and every tagged union tags
    // it does not know, whichever direction uses them: a type's shape never depends on which
    // operations use it (adding the first response that carries an enum would otherwise change
    // its variants and drop `Copy`), an enum with a data-carrying variant cannot be cast with
    // `as` (inserting a value in the middle is then not a breaking discriminant change), and
    // callers can send values newer than their spec.
    for ty in &mut types {
        match &mut ty.kind {
            TypeKind::Enum(e) => e.tolerant = true,
            TypeKind::Union(u) => u.tolerant = u.tag.is_some(),
            _ => {}
        }
    }
    mark_boxes(&mut types);
    let api = Api {
        crate_name: options.crate_name.clone(),
        title: openapi.info.title.clone(),
        version: openapi.info.version.clone(),
        description: openapi.info.description.clone(),
        sources: options.sources.clone(),
        servers,
        security,
        auth,
        default_headers,
        types,
        operations,
        iterable,
        groups,
    };
    let mut warnings = loaded.warnings.clone();
    warnings.extend(ctx.warnings);
    Ok((api, warnings))
}

/// The generated `ClientBuilder`'s own methods.
const BUILDER_METHODS: &[&str] =
    &["base_url", "bearer_token", "basic_auth", "timeout", "user_agent", "retry", "http_client", "header", "build"];

fn lower_servers(openapi: &openapiv3::OpenAPI, names: &mut Namespace) -> Vec<Server> {
    openapi
        .servers
        .iter()
        .map(|server| {
            let variables = server
                .variables
                .iter()
                .flatten()
                .map(|(name, variable)| ServerVariable {
                    name: name.clone(),
                    rust_name: names.claim(&value_name(name, "variable")),
                    default: Some(variable.default.clone()).filter(|d| !d.is_empty()),
                    allowed: variable.enumeration.clone(),
                    description: variable.description.clone(),
                })
                .collect();
            Server { url: server.url.clone(), description: server.description.clone(), variables }
        })
        .collect()
}

fn lower_auth(openapi: &openapiv3::OpenAPI, names: &mut Namespace) -> Vec<AuthScheme> {
    let Some(components) = &openapi.components else {
        return Vec::new();
    };
    let mut schemes = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let ReferenceOr::Item(scheme) = scheme else {
            continue;
        };
        let auth = match scheme {
            SecurityScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
                AuthScheme::Basic { name: name.clone(), description: description.clone() }
            }
            SecurityScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                AuthScheme::Bearer {
                    name: name.clone(),
                    description: description.clone(),
                    client_credentials: None,
                    device_authorization: None,
                }
            }
            SecurityScheme::HTTP { .. } => continue,
            SecurityScheme::OAuth2 { description, flows, .. } => AuthScheme::Bearer {
                name: name.clone(),
                description: description.clone(),
                client_credentials: flows.client_credentials.as_ref().map(|flow| crate::ir::ClientCredentialsFlow {
                    token_url: flow.token_url.clone(),
                    scopes: requested_scopes(openapi, name),
                }),
                device_authorization: device_flow(flows, openapi, name),
            },
            SecurityScheme::OpenIDConnect { description, .. } => AuthScheme::Bearer {
                name: name.clone(),
                description: description.clone(),
                client_credentials: None,
                device_authorization: None,
            },
            SecurityScheme::APIKey { location, name: param, description, .. } => AuthScheme::ApiKey {
                setter: {
                    // `apiKey` → `api_key`, `token` → `token_key`.
                    let base = value_name(name, "api");
                    names.claim(&if base.ends_with("key") { base } else { format!("{base}_key") })
                },
                name: name.clone(),
                param: param.clone(),
                location: match location {
                    openapiv3::APIKeyLocation::Header => ApiKeyLocation::Header,
                    openapiv3::APIKeyLocation::Query => ApiKeyLocation::Query,
                    openapiv3::APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
                },
                description: description.clone(),
            },
        };
        schemes.push(auth);
    }
    schemes
}

/// OpenAPI 3.2's device authorization flow, which the loader keeps under an extension (the
/// openapiv3 model predates it).
fn device_flow(
    flows: &openapiv3::OAuth2Flows,
    openapi: &openapiv3::OpenAPI,
    scheme: &str,
) -> Option<crate::ir::DeviceAuthorizationFlow> {
    let flow = flows.extensions.get(crate::load::DEVICE_FLOW_EXTENSION)?;
    let url = |key: &str| flow.get(key).and_then(serde_json::Value::as_str).map(str::to_owned);
    Some(crate::ir::DeviceAuthorizationFlow {
        device_authorization_url: url("deviceAuthorizationUrl")?,
        token_url: url("tokenUrl")?,
        scopes: requested_scopes(openapi, scheme),
    })
}

/// The scopes the document's and its operations' `security` requirements ask of `scheme`.
fn requested_scopes(openapi: &openapiv3::OpenAPI, scheme: &str) -> Vec<String> {
    let mut scopes: Vec<String> = Vec::new();
    let requirements = openapi
        .security
        .iter()
        .flatten()
        .chain(openapi.operations().flat_map(|(_, _, operation)| operation.security.iter().flatten()));
    for requirement in requirements {
        for scope in requirement.get(scheme).into_iter().flatten() {
            if !scopes.contains(scope) {
                scopes.push(scope.clone());
            }
        }
    }
    scopes
}

/// A `security` requirement in terms of the credentials the client holds. An alternative that
/// names a scheme the client cannot send (HTTP digest, mutual TLS, one not defined) is left out.
fn resolve_security(requirement: &[openapiv3::SecurityRequirement], auth: &[AuthScheme]) -> crate::ir::Security {
    requirement
        .iter()
        .filter_map(|alternative| {
            alternative
                .keys()
                .map(|scheme| {
                    auth.iter().find_map(|a| match a {
                        AuthScheme::Bearer { name, .. } if name == scheme => Some(Credential::Bearer),
                        AuthScheme::Basic { name, .. } if name == scheme => Some(Credential::Basic),
                        AuthScheme::ApiKey { name, param, .. } if name == scheme => {
                            Some(Credential::ApiKey(param.clone()))
                        }
                        _ => None,
                    })
                })
                .collect::<Option<Vec<Credential>>>()
        })
        .collect()
}

/// Optional header parameters become client-wide defaults (same wire name, same type everywhere).
fn collect_default_headers(operations: &mut [crate::ir::Operation], names: &mut Namespace) -> Vec<DefaultHeader> {
    let mut headers: Vec<DefaultHeader> = Vec::new();
    let mut rejected: Vec<String> = Vec::new();
    for operation in operations.iter() {
        for param in operation.params.iter().filter(|p| p.location == ParamLocation::Header) {
            let key = param.wire_name.to_ascii_lowercase();
            if rejected.contains(&key) {
                continue;
            }
            match headers.iter().position(|h| h.wire_name.eq_ignore_ascii_case(&param.wire_name)) {
                Some(index) if headers[index].ty != param.ty || param.required => {
                    headers.remove(index);
                    rejected.push(key);
                }
                Some(_) => {}
                None if param.required => rejected.push(key),
                None => headers.push(DefaultHeader {
                    wire_name: param.wire_name.clone(),
                    rust_name: names.claim(&param.rust_name),
                    ty: param.ty.clone(),
                    description: param.doc.clone(),
                }),
            }
        }
    }
    for operation in operations.iter_mut() {
        for param in operation.params.iter_mut().filter(|p| p.location == ParamLocation::Header) {
            param.has_client_default = headers.iter().any(|h| h.wire_name.eq_ignore_ascii_case(&param.wire_name));
        }
    }
    headers
}

/// A builder setter for the `Authorization` header when operations declare it as a parameter
/// (which OpenAPI says to ignore) and no security scheme of the document sets it: without one,
/// a caller would have no way but the generic `header` to send the credentials the spec asks for.
fn authorization_header(declared: Option<String>, auth: &[AuthScheme], names: &mut Namespace) -> Option<DefaultHeader> {
    let description = declared?;
    let sets_it = auth.iter().any(|scheme| match scheme {
        AuthScheme::Bearer { .. } | AuthScheme::Basic { .. } => true,
        AuthScheme::ApiKey { param, location, .. } => {
            *location == ApiKeyLocation::Header && param.eq_ignore_ascii_case("authorization")
        }
    });
    if sets_it {
        return None;
    }
    let note = "The spec declares an `Authorization` header parameter, which OpenAPI says to ignore, \
                and no security scheme that sets it: set the credentials here.";
    Some(DefaultHeader {
        wire_name: "Authorization".to_owned(),
        rust_name: names.claim("authorization"),
        ty: TypeRef::Scalar(Scalar::String),
        description: Some(if description.trim().is_empty() {
            note.to_owned()
        } else {
            format!("{description}\n\n{note}")
        }),
    })
}

/// Marks every type reachable from a request or a response.
fn mark_usage(types: &mut [crate::ir::TypeDef], operations: &[crate::ir::Operation]) {
    let mut request_roots = Vec::new();
    let mut response_roots = Vec::new();
    for operation in operations {
        request_roots.extend(operation.params.iter().map(|p| p.ty.clone()));
        if let Some(ty) = operation.body.as_ref().and_then(|b| b.ty.clone()) {
            request_roots.push(ty);
        }
        for field in operation.body.iter().filter_map(|b| b.multipart.as_ref()).flat_map(|f| &f.fields) {
            if let crate::ir::PartKind::Value(ty) = &field.kind {
                request_roots.push(ty.clone());
            }
        }
        if let ResponseBody::Json(ty)
        | ResponseBody::Events(Some(ty))
        | ResponseBody::Lines { item: ty, .. }
        | ResponseBody::Parts(ty) = &operation.success.body
        {
            response_roots.push(ty.clone());
        }
        response_roots.extend(operation.errors.iter().filter_map(|e| e.body.clone()));
    }
    let mark = |types: &mut [crate::ir::TypeDef], roots: Vec<TypeRef>, set: fn(&mut Usage)| {
        let mut stack: Vec<TypeId> = roots.iter().filter_map(TypeRef::named).collect();
        let mut seen = vec![false; types.len()];
        while let Some(id) = stack.pop() {
            if std::mem::replace(&mut seen[id.0], true) {
                continue;
            }
            set(&mut types[id.0].usage);
            stack.extend(children(&types[id.0].kind).into_iter().map(|(id, _)| id));
        }
    };
    mark(types, request_roots, |u| u.request = true);
    mark(types, response_roots, |u| u.response = true);
    // A schema no operation uses is most likely a payload the caller receives some other way
    // (webhooks): treat it, and everything in it, as received.
    let unused: Vec<TypeRef> = types
        .iter()
        .enumerate()
        .filter(|(_, t)| t.usage == Usage::default())
        .map(|(i, _)| TypeRef::Named(TypeId(i)))
        .collect();
    mark(types, unused, |u| u.response = true);
}

/// The named types a type refers to, with whether the edge is direct (stored inline, so a cycle
/// of direct edges needs a `Box`) rather than behind a `Vec` or map.
fn children(kind: &TypeKind) -> Vec<(TypeId, bool)> {
    fn walk(ty: &TypeRef, direct: bool, out: &mut Vec<(TypeId, bool)>) {
        match ty {
            TypeRef::Named(id) => out.push((*id, direct)),
            TypeRef::Nullable(inner) => walk(inner, direct, out),
            TypeRef::Array(inner) | TypeRef::OneOrMany(inner) | TypeRef::Map(inner) => walk(inner, false, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct(s) => {
            for field in &s.fields {
                walk(&field.ty, true, &mut out);
            }
            if let Some(additional) = &s.additional {
                walk(&additional.ty, false, &mut out);
            }
        }
        TypeKind::Union(u) => {
            for variant in &u.variants {
                walk(&variant.ty, true, &mut out);
            }
        }
        TypeKind::Alias(ty) => walk(ty, true, &mut out),
        TypeKind::Enum(_) => {}
    }
    out
}

/// Type aliases are expanded by the compiler, so an alias may not reach itself through other
/// aliases in any position (`type A = B; type B = A;`, `type A = Vec<A>;`: error E0391). Such a
/// cycle says nothing about the data beyond "any JSON" at the point where it closes, so the first
/// alias of each cycle (in document order) gets untyped JSON there, with a located warning.
fn break_alias_cycles(types: &mut [crate::ir::TypeDef], ctx: &mut Ctx) {
    loop {
        let is_alias = |id: usize| matches!(types[id].kind, TypeKind::Alias(_));
        let edges: Vec<Vec<usize>> = types
            .iter()
            .map(|t| match &t.kind {
                TypeKind::Alias(ty) => ty.named().map(|id| id.0).filter(|&id| is_alias(id)).into_iter().collect(),
                _ => Vec::new(),
            })
            .collect();
        let component = strongly_connected_components(&edges);
        let cyclic = (0..types.len()).find(|&node| edges[node].iter().any(|&next| component[next] == component[node]));
        let Some(first) = cyclic else { return };
        let members: Vec<usize> = (0..types.len()).filter(|&n| component[n] == component[first]).collect();
        let names: Vec<&str> = members.iter().map(|&n| types[n].name.as_str()).collect();
        let message = format!(
            "type aliases refer to each other in a cycle ({}); `{}` takes untyped JSON where the cycle closes",
            names.join(", "),
            types[first].name
        );
        let origin = types[first].origin.clone();
        ctx.warn(&origin, &message);
        if let TypeKind::Alias(ty) = &mut types[first].kind {
            replace_named(ty, &|id| component[id.0] == component[first]);
        }
    }
}

/// Replaces the named types `hit` selects with untyped JSON, wherever they appear in `ty`.
fn replace_named(ty: &mut TypeRef, hit: &dyn Fn(TypeId) -> bool) {
    match ty {
        TypeRef::Named(id) if hit(*id) => *ty = TypeRef::Json,
        TypeRef::Array(inner) | TypeRef::OneOrMany(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            replace_named(inner, hit)
        }
        _ => {}
    }
}

/// Boxes the fields and variants that close a cycle of direct containment (Tarjan's SCCs over
/// direct edges): without a `Box`, such a type would have infinite size.
fn mark_boxes(types: &mut [crate::ir::TypeDef]) {
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| children(&t.kind).into_iter().filter(|(_, direct)| *direct).map(|(id, _)| id.0).collect())
        .collect();
    let component = strongly_connected_components(&edges);
    let in_cycle = |from: usize, to: usize| component[from] == component[to];
    for (index, ty) in types.iter_mut().enumerate() {
        match &mut ty.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    if let Some(target) = direct_target(&field.ty) {
                        field.boxed = in_cycle(index, target.0);
                    }
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    if let Some(target) = direct_target(&variant.ty) {
                        variant.boxed = in_cycle(index, target.0);
                    }
                }
            }
            _ => {}
        }
    }
}

fn direct_target(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Nullable(inner) => direct_target(inner),
        _ => None,
    }
}

/// Iterative Tarjan: component index per node (nodes in one cycle share an index).
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(top) = work.len().checked_sub(1) {
            let (node, child) = work[top];
            if child == 0 && index[node] == usize::MAX {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(child) {
                work[top].1 += 1;
                if index[next] == usize::MAX {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                loop {
                    let member = stack.pop().expect("the node itself is on the stack");
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}
