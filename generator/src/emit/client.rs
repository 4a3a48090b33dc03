//! `Client`, `ClientBuilder` and one async method per operation. Methods only assemble a
//! `clientgen_runtime::Request` and match on the status; the runtime does the rest.

use super::docs::{doc_attrs, doc_paragraphs, mixed_paragraph_attrs, Paragraph};
use super::types::type_needs;
use super::{ident, syntax, TypeTokens};
use crate::ir::{
    Api, AuthScheme, BodyEncoding, ClientCredentialsFlow, Credential, FormField, MultipartForm, NextCursor, Operation,
    Pagination, Param, ParamLocation, ParamStyle, PartKind, RequestBody, ResponseBody, Scalar, Security, StatusMatch,
    TypeRef,
};
use proc_macro2::TokenStream;
use quote::quote;

/// `Client` and `ClientBuilder`.
pub fn emit_client(api: &Api, tt: &TypeTokens<'_>) -> TokenStream {
    let title = format!(" Client for the {} (version {}).", api.title.trim(), api.version.trim());
    let description = doc_attrs(api.description.as_deref());
    let blank = api.description.as_ref().map(|_| quote!(#[doc = ""]));
    let example = client_example(api);
    let builder = emit_builder(api, tt);
    let has_variables = api.servers.first().is_some_and(|s| !s.variables.is_empty());
    let server_variables_init = has_variables.then(|| quote!(server_variables: ServerVariables::default(),));
    let device_authorization = device_authorization_method(api);
    let security_init = api.security.as_ref().map(|security| {
        let security = security_expr(security);
        quote!(security: Some(#security),)
    });
    quote! {
        #[doc = #title]
        #blank
        #description
        #[doc = ""]
        #example
        #[derive(Debug, Clone)]
        pub struct Client {
            pub(crate) inner: ::clientgen_runtime::Client,
        }

        #builder

        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder {
                    config: ::clientgen_runtime::ClientConfig {
                        user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
                        #security_init
                        ..::clientgen_runtime::ClientConfig::default()
                    },
                    #server_variables_init
                }
            }

            /// A copy of this client that also sends `name: value` with every request (on top of
            /// the builder's defaults, replacing one of the same name).
            pub fn with_header(&self, name: &str, value: &str) -> Result<Client, ::clientgen_runtime::InvalidRequest> {
                Ok(Client { inner: self.inner.with_header(name, value)? })
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.inner.base_url()
            }

            #device_authorization
        }
    }
}

/// `client.device_authorization(client_id)`: the OAuth 2.0 device authorization flow of the
/// first scheme that has one (OpenAPI 3.2), for a program whose user signs in elsewhere.
fn device_authorization_method(api: &Api) -> Option<TokenStream> {
    let flow = api.auth.iter().find_map(|auth| match auth {
        AuthScheme::Bearer { device_authorization: Some(flow), .. } => Some(flow),
        _ => None,
    })?;
    let (device_url, token_url, scopes) = (&flow.device_authorization_url, &flow.token_url, &flow.scopes);
    let listed = if scopes.is_empty() {
        "no scopes (the server's default)".to_owned()
    } else {
        scopes.iter().map(|s| format!("`{}`", s.replace('`', "'"))).collect::<Vec<_>>().join(", ")
    };
    let docs = [
        format!(
            " Signs a user in on another device (OAuth 2.0 device authorization grant, RFC 8628): asks \
             `{}` for a code, asking for {listed}, and polls `{}` for the token.",
            device_url.replace('`', "'"),
            token_url.replace('`', "'")
        ),
        String::new(),
        " `start()` returns the code to show the user and where to enter it; `poll(&code)` waits \
         for their approval (honouring the server's interval and `slow_down`) and ends with the \
         token, or `TokenError::Denied` / `TokenError::Expired`. Build a client with it:"
            .to_owned(),
        String::new(),
        " ```no_run".to_owned(),
        " # async fn example(client: Client) -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
        " let flow = client.device_authorization(\"your-client-id\");".to_owned(),
        " let code = flow.start().await?;".to_owned(),
        " println!(\"Open {} and enter {}\", code.verification_uri, code.user_code);".to_owned(),
        " let token = flow.poll(&code).await?;".to_owned(),
        " let client = Client::builder().bearer_token(token.access_token.expose()).build()?;".to_owned(),
        " # let _ = client; Ok(()) }".to_owned(),
        " ```".to_owned(),
    ];
    Some(quote! {
        #(#[doc = #docs])*
        pub fn device_authorization(&self, client_id: impl Into<String>) -> ::clientgen_runtime::DeviceAuthorization {
            self.inner.device_authorization(#device_url, #token_url, client_id, &[#(#scopes),*])
        }
    })
}

fn client_example(api: &Api) -> TokenStream {
    let krate = &api.crate_name;
    let mut lines =
        vec![" ```no_run".to_owned(), format!(" # async fn example() -> Result<(), Box<dyn std::error::Error>> {{")];
    let mut builder = format!(" let client = {krate}::Client::builder()");
    if api.auth.iter().any(|a| matches!(a, AuthScheme::Bearer { .. })) {
        builder.push_str(".bearer_token(\"your-token\")");
    }
    if let Some(server) = api.servers.first() {
        for variable in server.variables.iter().filter(|v| v.default.is_none()) {
            builder.push_str(&format!(".{}(\"your-{}\")", variable.rust_name, variable.name.replace('_', "-")));
        }
    }
    builder.push_str(".build()?;");
    lines.push(builder);
    lines.push(" # let _ = client;".to_owned());
    lines.push(" # Ok(())".to_owned());
    lines.push(" # }".to_owned());
    lines.push(" ```".to_owned());
    let attrs = lines.iter().map(|l| quote!(#[doc = #l]));
    quote!(#(#attrs)*)
}

fn emit_builder(api: &Api, tt: &TypeTokens<'_>) -> TokenStream {
    let mut setters = Vec::new();
    setters.push(quote! {
        /// Sends requests to `url` instead of the spec's server (which stays the default).
        pub fn base_url(mut self, url: impl Into<String>) -> Self {
            self.config.base_url = Some(url.into());
            self
        }
    });
    setters.extend(auth_setters(api));
    setters.push(fixed_setters());
    if api.operations.iter().any(|op| matches!(op.success.body, ResponseBody::Events(_))) {
        setters.push(quote! {
            /// Reconnects every event stream whose connection drops, per `policy` (off by
            /// default; a call can ask for it alone with `.reconnect(…)`); see `Reconnect`.
            pub fn reconnect(mut self, policy: ::clientgen_runtime::Reconnect) -> Self {
                self.config.reconnect = Some(policy);
                self
            }
        });
    }
    setters.extend(default_header_setters(api, tt));
    let server = api.servers.first();
    let variables = server.map(|s| s.variables.as_slice()).unwrap_or_default();
    let variable_fields = variables.iter().map(|v| {
        let field = ident(&v.rust_name);
        quote!(#field: Option<String>,)
    });
    setters.extend(variables.iter().map(server_variable_setter));
    let default_url = default_url(server);
    let variables_binding =
        if variables.is_empty() { quote!() } else { quote!(let variables = self.server_variables;) };
    let (variables_field, variables_struct) = if variables.is_empty() {
        (quote!(), quote!())
    } else {
        (
            quote!(server_variables: ServerVariables,),
            quote! {
                /// Values of the server URL's variables.
                #[derive(Debug, Clone, Default)]
                struct ServerVariables {
                    #(#variable_fields)*
                }
            },
        )
    };
    quote! {
        /// Configures a [`Client`]; start with [`Client::builder`].
        #[derive(Debug, Clone)]
        pub struct ClientBuilder {
            config: ::clientgen_runtime::ClientConfig,
            #variables_field
        }

        #variables_struct

        impl ClientBuilder {
            #(#setters)*

            /// Builds the client.
            pub fn build(self) -> Result<Client, ::clientgen_runtime::BuildError> {
                #variables_binding
                let inner = self.config.build(|| #default_url)?;
                Ok(Client { inner })
            }
        }
    }
}

/// The credential setters: bearer token (and token provider, client credentials), basic
/// authentication, one per API key.
fn auth_setters(api: &Api) -> Vec<TokenStream> {
    let mut setters = Vec::new();
    // Several bearer (or basic) schemes share one setter: the first one's description documents it.
    let (mut has_bearer, mut has_basic, mut has_client_credentials) = (false, false, false);
    for auth in &api.auth {
        match auth {
            AuthScheme::Bearer { description, client_credentials, .. } => {
                if let Some(flow) = client_credentials.as_ref().filter(|_| !has_client_credentials) {
                    setters.push(client_credentials_setter(flow));
                    has_client_credentials = true;
                }
                if std::mem::replace(&mut has_bearer, true) {
                    continue;
                }
                let docs = doc_paragraphs(&[
                    Some("Authenticates every request with `Authorization: Bearer <token>`.".into()),
                    description.clone(),
                ]);
                setters.push(quote! {
                    #docs
                    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
                        self.config.bearer_token = Some(::clientgen_runtime::Secret::new(token));
                        self
                    }

                    /// Gets the bearer token of each request from `provider` (any way of obtaining
                    /// tokens): asked before each request, and once more after a `401`.
                    pub fn token_provider(mut self, provider: impl ::clientgen_runtime::TokenProvider + 'static) -> Self {
                        self.config.token_provider = Some(::std::sync::Arc::new(provider));
                        self
                    }
                });
            }
            AuthScheme::Basic { description, .. } => {
                if std::mem::replace(&mut has_basic, true) {
                    continue;
                }
                let docs = doc_paragraphs(&[
                    Some("Authenticates every request with HTTP basic authentication.".into()),
                    description.clone(),
                ]);
                setters.push(quote! {
                    #docs
                    pub fn basic_auth(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
                        self.config.basic_auth = Some((user.into(), ::clientgen_runtime::Secret::new(password)));
                        self
                    }
                });
            }
            AuthScheme::ApiKey { setter, name, param, location, description } => {
                let method = ident(setter);
                let (location_tokens, where_) = match location {
                    crate::ir::ApiKeyLocation::Header => (quote!(Header), "header"),
                    crate::ir::ApiKeyLocation::Query => (quote!(Query), "query parameter"),
                    crate::ir::ApiKeyLocation::Cookie => (quote!(Cookie), "cookie"),
                };
                let docs = doc_paragraphs(&[
                    Some(format!("Sends the API key `{name}` in the {where_} `{param}`.")),
                    description.clone(),
                ]);
                setters.push(quote! {
                    #docs
                    pub fn #method(mut self, key: impl Into<String>) -> Self {
                        self.config.api_keys.push((::clientgen_runtime::ApiKeyLocation::#location_tokens, #param.to_owned(), ::clientgen_runtime::Secret::new(key)));
                        self
                    }
                });
            }
        }
    }
    setters
}

/// The setters every client has: timeout, retry, user agent, HTTP client, default headers.
fn fixed_setters() -> TokenStream {
    quote! {
        /// Time allowed for each attempt, from sending to the end of the body (default 30 s).
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.config.timeout = timeout;
            self
        }

        /// When to retry throttled (429, 503) and failed requests; see `RetryPolicy`.
        pub fn retry(mut self, policy: ::clientgen_runtime::RetryPolicy) -> Self {
            self.config.retry = policy;
            self
        }

        /// Replaces the `User-Agent` (default: this crate's name and version).
        pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
            self.config.user_agent = user_agent.into();
            self
        }

        /// Uses the caller's reqwest client (for proxies, pools or TLS settings).
        pub fn http_client(mut self, client: ::clientgen_runtime::reqwest::Client) -> Self {
            self.config.http_client = Some(client);
            self
        }

        /// Sends `name: value` with every request unless a call sets that header itself.
        pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
            self.config.set_default_header(name, value.into());
            self
        }
    }
}

/// One setter per header parameter with a client-wide default.
fn default_header_setters(api: &Api, tt: &TypeTokens<'_>) -> Vec<TokenStream> {
    let mut setters = Vec::new();
    for header in &api.default_headers {
        let method = ident(&header.rust_name);
        let wire = &header.wire_name;
        let (arg_ty, to_string) = setter_arg(&header.ty, tt);
        let per_call = api.operations.iter().flat_map(|op| &op.params).any(|p| p.wire_name.eq_ignore_ascii_case(wire));
        let sent = match per_call {
            true => format!("Sent as `{wire}` with every request; a call's own value replaces it."),
            false => format!("Sent as `{wire}` with every request."),
        };
        let docs = doc_paragraphs(&[header.description.clone(), Some(sent)]);
        setters.push(quote! {
            #docs
            pub fn #method(mut self, value: #arg_ty) -> Self {
                self.config.set_default_header(#wire, #to_string);
                self
            }
        });
    }
    setters
}

/// The setter of one server URL variable.
fn server_variable_setter(variable: &crate::ir::ServerVariable) -> TokenStream {
    let field = ident(&variable.rust_name);
    let name = &variable.name;
    let default_doc = match &variable.default {
        Some(default) => format!("Defaults to `{default}`."),
        None => "Required unless `base_url` is set.".to_owned(),
    };
    let allowed = (!variable.allowed.is_empty()).then(|| {
        format!("One of {}.", variable.allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", "))
    });
    let docs = doc_paragraphs(&[
        Some(format!("The server URL's `{{{name}}}`.")),
        variable.description.clone(),
        allowed,
        Some(default_doc),
    ]);
    quote! {
        #docs
        pub fn #field(mut self, value: impl Into<String>) -> Self {
            self.server_variables.#field = Some(value.into());
            self
        }
    }
}

/// The expression that expands the spec's first server URL (or the error when there is none).
fn default_url(server: Option<&crate::ir::Server>) -> TokenStream {
    match server {
        Some(server) => {
            let url = &server.url;
            let expansions = server.variables.iter().map(|v| {
                let field = ident(&v.rust_name);
                let name = &v.name;
                let default = match &v.default {
                    Some(d) => quote!(Some(#d)),
                    None => quote!(None),
                };
                let allowed = &v.allowed;
                quote!((#name, variables.#field.as_deref(), #default, &[#(#allowed),*]))
            });
            quote!(::clientgen_runtime::expand_server_url(#url, &[#(#expansions),*]))
        }
        None => quote!(Err(::clientgen_runtime::BuildError::InvalidBaseUrl {
            url: String::new(),
            reason: "the spec names no server; set base_url".to_owned(),
        })),
    }
}

/// The argument type of a typed header setter, and how it becomes text.
fn setter_arg(ty: &TypeRef, tt: &TypeTokens<'_>) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::Scalar(Scalar::String) => (quote!(impl Into<String>), quote!(value.into())),
        TypeRef::Scalar(Scalar::DateTime | Scalar::Date) => {
            (tt.type_tokens(ty), quote!(::clientgen_runtime::header_text(&value)))
        }
        TypeRef::Scalar(_) => (tt.type_tokens(ty), quote!(value.to_string())),
        other => (tt.type_tokens(other), quote!(::clientgen_runtime::header_text(&value))),
    }
}

/// `client_credentials(id, secret)`: the OAuth 2.0 client-credentials grant at the flow's token
/// URL (several such flows: the first one's).
fn client_credentials_setter(flow: &ClientCredentialsFlow) -> TokenStream {
    let url = &flow.token_url;
    let scopes = &flow.scopes;
    let listed = if scopes.is_empty() {
        "no scopes (the server's default)".to_owned()
    } else {
        scopes.iter().map(|s| format!("`{}`", s.replace('`', "'"))).collect::<Vec<_>>().join(", ")
    };
    let doc = format!(
        " Fetches bearer tokens with the OAuth 2.0 client-credentials grant from `{}`, asking for {listed}; \
         caches each token, fetches a new one before it expires or after a `401`, and shares one fetch \
         among concurrent calls.",
        url.replace('`', "'")
    );
    quote! {
        #[doc = #doc]
        pub fn client_credentials(mut self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
            self.config.token_provider = Some(::std::sync::Arc::new(::clientgen_runtime::ClientCredentials::new(
                #url, client_id, client_secret, &[#(#scopes),*],
            )));
            self
        }
    }
}

/// Whether a parameter of this type is passed by value (small `Copy` scalars).
fn by_value(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Scalar(s) if !matches!(s, Scalar::String))
}

/// Fixed pieces of the client methods, parsed once per thread (see `syntax`).
struct MethodFragments {
    /// `impl Client {}`, to hold a chunk of methods.
    client_impl: syn::ItemImpl,
    /// `pub fn _(&self) {}`: name, arguments, return type and body to fill in.
    method: syn::ImplItemFn,
    /// `#[deprecated]`.
    deprecated: syn::Attribute,
    /// `#[allow(clippy::too_many_arguments)]`.
    allow_many_arguments: syn::Attribute,
    /// `#[allow(clippy::type_complexity)]`.
    allow_type_complexity: syn::Attribute,
    /// `impl Into<::clientgen_runtime::Upload>`, the type of a body sent as bytes or a file.
    upload_arg: syn::Type,
}

impl MethodFragments {
    fn parse() -> MethodFragments {
        MethodFragments {
            client_impl: syn::parse_quote!(impl Client {}),
            method: syn::parse_quote!(
                pub fn placeholder(&self) {}
            ),
            deprecated: syn::parse_quote!(#[deprecated]),
            allow_many_arguments: syn::parse_quote!(#[allow(clippy::too_many_arguments)]),
            allow_type_complexity: syn::parse_quote!(#[allow(clippy::type_complexity)]),
            upload_arg: syn::parse_quote!(impl Into<::clientgen_runtime::Upload>),
        }
    }
}

thread_local! {
    static METHOD: MethodFragments = MethodFragments::parse();
}

/// The handles of `groups` (each with its accessor on the client or its parent handle), then
/// an `impl Client` block with the methods of `operations` that have no group and one `impl`
/// block per group for the others. Large APIs get several files, rendered in parallel. Built
/// as syntax trees: methods are most of a large client.
pub fn emit_methods(groups: &[usize], operations: &[&Operation], tt: &TypeTokens<'_>) -> Vec<syn::Item> {
    let api = tt.api;
    let mut items: Vec<syn::Item> = groups.iter().flat_map(|&g| handle_items(api, g)).collect();
    METHOD.with(|fragments| {
        let mut owners: Vec<Option<usize>> = vec![None];
        owners.extend(groups.iter().map(|&g| Some(g)));
        for owner in owners {
            let members: Vec<&&Operation> = operations.iter().filter(|op| op.group == owner).collect();
            if members.is_empty() {
                continue;
            }
            let mut block = match owner {
                None => fragments.client_impl.clone(),
                Some(g) => {
                    let ty = syntax::ident(&api.groups[g].type_name);
                    syn::parse_quote!(impl<'a> #ty<'a> {})
                }
            };
            block.items.extend(members.iter().map(|op| syn::ImplItem::Fn(emit_method(op, tt, fragments))));
            items.push(syn::Item::Impl(block));
        }
    });
    items
}

/// A group's handle type and its accessor on the client or on the parent's handle.
fn handle_items(api: &crate::ir::Api, index: usize) -> Vec<syn::Item> {
    let group = &api.groups[index];
    let ty = syntax::ident(&group.type_name);
    let accessor = syntax::ident(&group.accessor);
    let mut chain = vec![group.accessor.as_str()];
    let mut up = group.parent;
    while let Some(parent) = up {
        chain.push(api.groups[parent].accessor.as_str());
        up = api.groups[parent].parent;
    }
    chain.reverse();
    let reach = format!("`client.{}()`", chain.join("()."));
    let children: Vec<String> =
        api.groups.iter().filter(|g| g.parent == Some(index)).map(|g| format!("`{}()`", g.accessor)).collect();
    let nested = (!children.is_empty()).then(|| format!("Nested groups: {}.", children.join(", ")));
    let struct_docs = mixed_paragraph_attrs(&[
        Paragraph::Spec(group.doc.clone()),
        Paragraph::Ours(Some(format!(
            "Reached with {reach}: it borrows the client and costs nothing to make or copy."
        ))),
        Paragraph::Ours(nested),
    ]);
    let accessor_docs = mixed_paragraph_attrs(&[
        Paragraph::Ours(Some(format!("The `{}` operations: [`{}`].", group.path.join("."), group.type_name))),
        Paragraph::Spec(group.doc.as_ref().and_then(|d| d.split("\n\n").next().map(str::to_owned))),
    ]);
    let definition: syn::Item = syn::parse_quote! {
        #(#struct_docs)*
        #[derive(Debug, Clone, Copy)]
        pub struct #ty<'a> {
            pub(crate) client: &'a Client,
        }
    };
    let access: syn::Item = match group.parent {
        None => syn::parse_quote! {
            impl Client {
                #(#accessor_docs)*
                pub fn #accessor(&self) -> #ty<'_> {
                    #ty { client: self }
                }
            }
        },
        Some(parent) => {
            let parent_ty = syntax::ident(&api.groups[parent].type_name);
            syn::parse_quote! {
                impl<'a> #parent_ty<'a> {
                    #(#accessor_docs)*
                    pub fn #accessor(&self) -> #ty<'a> {
                        #ty { client: self.client }
                    }
                }
            }
        }
    };
    vec![definition, access]
}

/// A path under `::clientgen_runtime`.
fn runtime_path(segments: &[&str]) -> syn::Expr {
    let mut all = vec!["clientgen_runtime"];
    all.extend_from_slice(segments);
    syntax::path_expr(syntax::path(true, &all))
}

/// `request.<method>(args…)?;`
fn request_call(method: &str, args: impl IntoIterator<Item = syn::Expr>) -> syn::Stmt {
    syntax::stmt(syntax::try_(syntax::method_call(syntax::var("request"), method, args)))
}

/// `::clientgen_runtime::check_length("wire", value, min, max)?;`
fn check_length(param: &Param, value: syn::Expr) -> syn::Stmt {
    syntax::stmt(syntax::try_(syntax::call(
        runtime_path(&["check_length"]),
        [
            syntax::str_lit(&param.wire_name),
            value,
            syntax::option_int(param.constraints.min_length),
            syntax::option_int(param.constraints.max_length),
        ],
    )))
}

fn param_arg_type(param: &Param, tt: &TypeTokens<'_>) -> syn::Type {
    match &param.ty {
        TypeRef::Scalar(Scalar::String) => syntax::ref_type(syntax::path_type(syntax::path(false, &["str"]))),
        ty if by_value(ty) => tt.syn_type(ty),
        ty => syntax::ref_type(tt.syn_type(ty)),
    }
}

/// `&[FormField::deep_object("address"), FormField::form("ids", false).allow_reserved(), …]`:
/// the spec's `encoding` entries that differ from the default.
fn form_fields(fields: &[FormField]) -> syn::Expr {
    let items = fields.iter().map(form_field);
    let array: syn::ExprArray = syn::parse_quote!([#(#items),*]);
    syn::parse_quote!(&#array)
}

/// `FormField::form("tags", false)`: how one property of a form (or a styled multipart part) is
/// written.
fn form_field(field: &FormField) -> syn::Expr {
    let name = syntax::str_lit(&field.wire_name);
    let mut expr = match field.style {
        ParamStyle::DeepObject => syntax::call(runtime_path(&["FormField", "deep_object"]), [name]),
        ParamStyle::Form { explode } => {
            syntax::call(runtime_path(&["FormField", "form"]), [name, syntax::bool_lit(explode)])
        }
        style => syntax::call(runtime_path(&["FormField", "styled"]), [name, style_expr(style)]),
    };
    if field.allow_reserved {
        expr = syntax::method_call(expr, "allow_reserved", []);
    }
    if field.json {
        expr = syntax::method_call(expr, "json", []);
    }
    expr
}

/// `&Cursor { param: "starting_after", next: NextCursor::LastItem { .. } }`: how the next page
/// is found (a constant, promoted to `'static`).
fn cursor_expr(pagination: &Pagination) -> syn::Expr {
    let strs = |path: &[String]| -> syn::Expr {
        let items = path.iter().map(|p| p.as_str());
        syn::parse_quote!(&[#(#items),*])
    };
    let param = pagination.param.as_str();
    let next: syn::Expr = match &pagination.next {
        NextCursor::Field(path) => {
            let path = strs(path);
            syn::parse_quote!(::clientgen_runtime::NextCursor::Field(#path))
        }
        NextCursor::LastItem { field, has_more } => {
            let items = strs(pagination.items.as_deref().unwrap_or_default());
            let has_more: syn::Expr = match has_more {
                Some(path) => {
                    let path = strs(path);
                    syn::parse_quote!(Some(#path))
                }
                None => syn::parse_quote!(None),
            };
            syn::parse_quote!(::clientgen_runtime::NextCursor::LastItem { items: #items, field: #field, has_more: #has_more })
        }
        NextCursor::Offset { limit } | NextCursor::Page { limit } => {
            let items = strs(pagination.items.as_deref().unwrap_or_default());
            let limit: syn::Expr = match limit {
                Some(limit) => syn::parse_quote!(Some(#limit)),
                None => syn::parse_quote!(None),
            };
            let kind = if matches!(pagination.next, NextCursor::Offset { .. }) { "Offset" } else { "Page" };
            let kind = syntax::ident(kind);
            syn::parse_quote!(::clientgen_runtime::NextCursor::#kind { items: #items, limit: #limit })
        }
        NextCursor::Url(path) => {
            let path = strs(path);
            syn::parse_quote!(::clientgen_runtime::NextCursor::Url(#path))
        }
    };
    syn::parse_quote!(&::clientgen_runtime::Cursor { param: #param, next: #next })
}

/// `&[&[Credential::Bearer], &[Credential::ApiKey("X-Key")], &[]]`: a `security` requirement.
fn security_expr(security: &Security) -> syn::Expr {
    let alternatives = security.iter().map(|alternative| {
        let credentials = alternative.iter().map(|credential| match credential {
            Credential::Bearer => runtime_path(&["Credential", "Bearer"]),
            Credential::Basic => runtime_path(&["Credential", "Basic"]),
            Credential::ApiKey(name) => syntax::call(runtime_path(&["Credential", "ApiKey"]), [syntax::str_lit(name)]),
        });
        let array: syn::ExprArray = syn::parse_quote!([#(#credentials),*]);
        let reference: syn::Expr = syn::parse_quote!(&#array);
        reference
    });
    let array: syn::ExprArray = syn::parse_quote!([#(#alternatives),*]);
    syn::parse_quote!(&#array)
}

fn style_expr(style: ParamStyle) -> syn::Expr {
    let form = |explode: bool| {
        syntax::struct_expr(
            syntax::path(true, &["clientgen_runtime", "ParamStyle", "Form"]),
            [(syntax::ident("explode"), syntax::bool_lit(explode))],
        )
    };
    match style {
        ParamStyle::Form { explode } => form(explode),
        ParamStyle::SpaceDelimited => runtime_path(&["ParamStyle", "SpaceDelimited"]),
        ParamStyle::PipeDelimited => runtime_path(&["ParamStyle", "PipeDelimited"]),
        ParamStyle::DeepObject => runtime_path(&["ParamStyle", "DeepObject"]),
        ParamStyle::Simple => form(false),
        ParamStyle::SimpleExploded => runtime_path(&["ParamStyle", "SimpleExploded"]),
        ParamStyle::Label { explode } => syntax::struct_expr(
            syntax::path(true, &["clientgen_runtime", "ParamStyle", "Label"]),
            [(syntax::ident("explode"), syntax::bool_lit(explode))],
        ),
        ParamStyle::Matrix { explode } => syntax::struct_expr(
            syntax::path(true, &["clientgen_runtime", "ParamStyle", "Matrix"]),
            [(syntax::ident("explode"), syntax::bool_lit(explode))],
        ),
        ParamStyle::Json => runtime_path(&["ParamStyle", "Json"]),
    }
}

/// `types::Name`.
fn types_path(segments: &[&str]) -> syn::Path {
    let mut all = vec!["types"];
    all.extend_from_slice(segments);
    syntax::path(false, &all)
}

fn emit_method(op: &Operation, tt: &TypeTokens<'_>, fragments: &MethodFragments) -> syn::ImplItemFn {
    let mut args: Vec<syn::FnArg> = Vec::new();
    let mut setup: Vec<syn::Stmt> = Vec::new();
    let param_docs = required_params(op, tt, &mut args, &mut setup);
    if let Some(body) = &op.body {
        body_setup(body, tt, fragments, &mut args, &mut setup);
    }
    optional_params(op, &mut args, &mut setup);
    let (success_type, decode, streaming) = success_decode(op, tt);
    let error_type = match &op.error_enum {
        Some(error_enum) => syntax::path_type(types_path(&[error_enum])),
        None => syntax::unit_type(),
    };
    let http_method = if op.method.is_standard() {
        runtime_path(&["Method", op.method.as_str()])
    } else {
        syntax::call(runtime_path(&["extension_method"]), [syntax::str_lit(op.method.as_str())])
    };
    let request = if setup.is_empty() {
        let mut new = syntax::call(runtime_path(&["Request", "new"]), [http_method, syntax::str_lit(&op.path)]);
        if let Some(accept) = &op.accept {
            new = syntax::method_call(new, "with_accept", [syntax::str_lit(accept)]);
        }
        syntax::call(syntax::var("Ok"), [new])
    } else {
        if let Some(accept) = &op.accept {
            setup.insert(
                0,
                syntax::stmt(syntax::method_call(syntax::var("request"), "accept", [syntax::str_lit(accept)])),
            );
        }
        setup.push(syntax::tail(syntax::call(syntax::var("Ok"), [syntax::unit()])));
        syntax::call(
            runtime_path(&["Request", "build"]),
            [http_method, syntax::str_lit(&op.path), syntax::closure("request", syntax::block_expr(setup))],
        )
    };
    let status = syntax::method_call(syntax::method_call(syntax::var("response"), "status", []), "as_u16", []);
    let client = match op.group {
        None => syntax::var("self"),
        Some(_) => syntax::field(syntax::var("self"), "client"),
    };
    let call = syntax::method_call(
        syntax::field(client, "inner"),
        if streaming { "call_streaming" } else { "call" },
        [
            syntax::str_lit(op.operation_id.as_deref().unwrap_or(&op.rust_name)),
            syntax::var("request"),
            syntax::bool_lit(op.method.is_idempotent()),
            syntax::closure("response", decode_body(op, syntax::match_expr(status, status_arms(op, decode)))),
        ],
    );

    let call = match &op.pagination {
        Some(pagination) => syntax::method_call(call, "paged", [cursor_expr(pagination)]),
        None => call,
    };
    let headers_type = op.headers_struct.as_ref().map(|name| syntax::path_type(types_path(&[name])));
    let call = match headers_type {
        Some(_) => syntax::method_call(call, "headers_as", []),
        None => call,
    };

    let signature_line = match &op.server {
        Some(server) => format!(
            "`{} {}`, sent to this operation's own server, `{server}` (unless the client was given a base URL)",
            op.method, op.path
        ),
        None => format!("`{} {}`", op.method, op.path),
    };
    let params_doc =
        (!param_docs.is_empty()).then(|| param_docs.iter().map(|l| format!("- {l}")).collect::<Vec<_>>().join("\n"));
    let stream_doc = op.stream_of.as_ref().map(|plain| {
        let plain_op = tt.api.operations.iter().find(|o| &o.rust_name == plain && o.stream_of.is_none());
        let plain = plain_op.map_or(plain, |o| &o.method_name);
        let flag = op.body.as_ref().and_then(|b| b.stream_flag.as_deref());
        let sent = flag.map(|f| format!(", sending `{f}: true` whatever the body sets")).unwrap_or_default();
        let media = op.accept.as_deref().and_then(|a| a.split(',').next()).unwrap_or_default();
        let media: String = media.chars().filter(|c| !"`[]<>\\".contains(*c)).collect();
        let encoding = |o: &Operation| o.body.as_ref().map(|b| b.encoding.clone());
        let request_form = plain_op.is_some_and(|p| encoding(p) != encoding(op));
        if let (true, Some(body)) = (request_form, &op.body) {
            let sent: String = body.content_type.chars().filter(|c| !"`[]<>\\".contains(*c)).collect();
            let what = match body.encoding {
                BodyEncoding::Records { .. } => "the records, each a JSON text,",
                _ => "the body (text, bytes, a file or a reader)",
            };
            return format!("The `{sent}` form of [`{plain}`](Self::{plain}): sends {what} as `{sent}` instead of JSON.");
        }
        match &op.success.body {
            ResponseBody::Lines { .. } => {
                format!("The JSON-records form of [`{plain}`](Self::{plain}): asks for `{media}`{sent}, and yields each record as it arrives (`.await` the call, then `next_record()` on the stream).")
            }
            ResponseBody::Text => format!("The text form of [`{plain}`](Self::{plain}): asks for `{media}` and answers with the text."),
            ResponseBody::Bytes => format!("The binary form of [`{plain}`](Self::{plain}): asks for `{media}` and streams the bytes as they arrive."),
            _ => format!("The event-stream form of [`{plain}`](Self::{plain}): asks for `text/event-stream`{sent}, and yields each event as it arrives (`.await` the call, then `next()` on the stream)."),
        }
    });
    let mut method = fragments.method.clone();
    method.attrs = mixed_paragraph_attrs(&[
        Paragraph::Spec(op.doc.clone()),
        Paragraph::Ours(stream_doc),
        Paragraph::Spec(Some(signature_line)),
        Paragraph::Spec(params_doc),
        Paragraph::Ours(usage_doc(op)),
    ]);
    if op.deprecated {
        method.attrs.push(fragments.deprecated.clone());
    }
    if args.len() > 6 {
        method.attrs.push(fragments.allow_many_arguments.clone());
    }
    method.sig.ident = syntax::ident(&op.method_name);
    let lifetime = if op.group.is_some() { "'a" } else { "'_" };
    let output = syntax::call_type(lifetime, success_type, error_type, headers_type);
    let complex = std::iter::once(&output)
        .chain(args.iter().filter_map(|arg| match arg {
            syn::FnArg::Typed(typed) => Some(&*typed.ty),
            syn::FnArg::Receiver(_) => None,
        }))
        .any(|ty| syntax::type_complexity(ty) > syntax::TYPE_COMPLEXITY_ALLOWED);
    if complex {
        method.attrs.push(fragments.allow_type_complexity.clone());
    }
    method.sig.inputs.extend(args);
    method.sig.output = syn::ReturnType::Type(Default::default(), Box::new(output));
    method.block.stmts = vec![syntax::let_stmt("request", false, request), syntax::tail(call)];
    method
}

/// How to consume the method's `Call`, and which documented statuses its error covers.
fn usage_doc(op: &Operation) -> Option<String> {
    let mut lines = Vec::new();
    if let ResponseBody::Lines { .. } = op.success.body {
        lines.push(
            "`.await` the call for a stream of the records, each decoded as it arrives (`next_record()`); a record that does not decode is an error and the stream goes on.".to_owned(),
        );
    } else if op.stream_of.is_none() || !matches!(op.success.body, ResponseBody::Events(_)) {
        let what = match op.success.body {
            ResponseBody::Parts(_) => "the parts of the `multipart/mixed` body, each decoded",
            _ => "the body",
        };
        let mut consume = format!("`.await` the call for {what}; `.with_response()` also gives the status and headers");
        if op.pagination.is_some() {
            consume.push_str("; `.pages()` and `.items()` stream every page and every item, following the next cursor");
        }
        lines.push(format!("{consume}."));
    }
    if let Some(error_enum) = &op.error_enum {
        let arms: Vec<String> = op
            .errors
            .iter()
            .map(|e| {
                let status = match e.status {
                    crate::ir::StatusMatch::Code(code) => code.to_string(),
                    crate::ir::StatusMatch::Range(digit) => format!("{digit}XX"),
                    crate::ir::StatusMatch::Default => "any other".to_owned(),
                };
                format!("{status} → `{}`", e.rust_name)
            })
            .collect();
        lines.push(format!("Documented errors (`Error::Api`, details `{error_enum}`): {}.", arms.join(", ")));
    }
    (!lines.is_empty()).then(|| lines.join(" "))
}

/// A parameter's value as passed on: small `Copy` scalars by reference to the argument.
fn param_argument(param: &Param) -> syn::Expr {
    let arg = syntax::var(&param.rust_name);
    if by_value(&param.ty) {
        syntax::reference(arg)
    } else {
        arg
    }
}

/// The operation's own security, path parameters and required parameters: their arguments and
/// the statements that put them in the request. Returns the parameters' doc lines.
fn required_params(
    op: &Operation,
    tt: &TypeTokens<'_>,
    args: &mut Vec<syn::FnArg>,
    setup: &mut Vec<syn::Stmt>,
) -> Vec<String> {
    if let Some(security) = &op.security {
        let call = syntax::method_call(syntax::var("request"), "security", [security_expr(security)]);
        setup.push(syntax::stmt(call));
    }
    if let Some(server) = &op.server {
        setup.push(syntax::stmt(syntax::method_call(syntax::var("request"), "server", [syntax::str_lit(server)])));
    }
    // A documented redirect of a method that is not safe is returned to the caller (a `POST`
    // answered with a documented `303` says where to look next; it must not be sent again
    // elsewhere). A safe method's is followed as HTTP clients do: at most 10 hops, credentials
    // dropped when the origin changes, the final URL on `with_response()`.
    if op.documents_redirect() && !op.method.is_safe() {
        setup.push(syntax::stmt(syntax::method_call(syntax::var("request"), "keep_redirects", [])));
    }
    for param in op.params.iter().filter(|p| p.location == ParamLocation::Path) {
        let wire = syntax::str_lit(&param.wire_name);
        setup.push(match param.style {
            ParamStyle::Simple => request_call("path_param", [wire, param_argument(param)]),
            style => request_call("path_param_with_style", [wire, param_argument(param), style_expr(style)]),
        });
    }
    let mut param_docs = Vec::new();
    for param in op.params.iter().filter(|p| p.required) {
        args.push(syntax::typed_arg(&param.rust_name, param_arg_type(param, tt)));
        if let Some(doc) = &param.doc {
            param_docs.push(format!("`{}`: {}", param.rust_name, doc.lines().next().unwrap_or_default()));
        }
        if !param.constraints.is_empty() && matches!(param.ty, TypeRef::Scalar(Scalar::String)) {
            setup.push(check_length(param, syntax::var(&param.rust_name)));
        }
        if param.location != ParamLocation::Path {
            setup.extend(param_setter(param, param_argument(param)));
        }
    }
    param_docs
}

/// The optional parameters, from the `params` struct.
fn optional_params(op: &Operation, args: &mut Vec<syn::FnArg>, setup: &mut Vec<syn::Stmt>) {
    let Some(params_struct) = &op.params_struct else {
        return;
    };
    args.push(syntax::typed_arg("params", syntax::ref_type(syntax::path_type(types_path(&[params_struct])))));
    for param in op.params.iter().filter(|p| !p.required && p.location != ParamLocation::Path) {
        let value = || syntax::reference(syntax::field(syntax::var("params"), &param.rust_name));
        if !param.constraints.is_empty() && matches!(param.ty, TypeRef::Scalar(Scalar::String)) {
            setup.push(check_length(param, value()));
        }
        setup.extend(param_setter(param, value()));
    }
}

/// The `body` argument and the statements that encode it.
fn body_setup(
    body: &RequestBody,
    tt: &TypeTokens<'_>,
    fragments: &MethodFragments,
    args: &mut Vec<syn::FnArg>,
    setup: &mut Vec<syn::Stmt>,
) {
    let (body_type, send) = match (&body.encoding, &body.ty, &body.multipart) {
        (BodyEncoding::Multipart, _, Some(form)) => {
            (syntax::ref_type(syntax::path_type(types_path(&[&form.type_name]))), multipart_setup(form))
        }
        (BodyEncoding::Records { seq }, Some(ty), _) => {
            let args = [syntax::str_lit(&body.content_type), syntax::var("body"), syntax::bool_lit(*seq)];
            let send = vec![request_call("json_records", args)];
            (syntax::ref_type(syntax::slice_type(tt.syn_type(ty))), send)
        }
        (BodyEncoding::Json | BodyEncoding::Form, Some(ty), _) => {
            // A body that may be `null`: an optional one is left out for it (`None`), and a
            // form, which cannot be null, takes the value only.
            let ty = match ty {
                TypeRef::Nullable(inner) if !body.required || body.encoding == BodyEncoding::Form => inner,
                ty => ty,
            };
            let set = if body.encoding == BodyEncoding::Form { "form" } else { "json" };
            let mut send = Vec::new();
            if type_needs(ty, tt.needs_validation) {
                send.push(syntax::stmt(syntax::try_(syntax::call(
                    runtime_path(&["Validate", "validate"]),
                    [syntax::var("body")],
                ))));
            }
            if let (BodyEncoding::Json, Some(flag)) = (&body.encoding, &body.stream_flag) {
                // The event-stream form: the flag is sent as `true` whatever the caller set.
                let args = [syntax::str_lit(&body.content_type), syntax::var("body"), syntax::str_lit(flag)];
                send.push(request_call("json_streaming", args));
            } else if body.encoding == BodyEncoding::Json && body.content_type != "application/json" {
                // Another JSON media type of the spec's (`application/vnd.api+json`): sent as such.
                send.push(request_call("json_as", [syntax::str_lit(&body.content_type), syntax::var("body")]));
            } else if body.form_fields.is_empty() {
                send.push(request_call(set, [syntax::var("body")]));
            } else {
                send.push(request_call("form_with", [syntax::var("body"), form_fields(&body.form_fields)]));
            }
            (syntax::ref_type(tt.syn_type(ty)), send)
        }
        _ => {
            // Bytes, a file or a reader, streamed (`impl Into<Upload>`).
            args.push(syntax::typed_arg("body", fragments.upload_arg.clone()));
            setup.push(request_call("upload", [syntax::str_lit(&body.content_type), syntax::var("body")]));
            return;
        }
    };
    if body.required {
        args.push(syntax::typed_arg("body", body_type));
        setup.extend(send);
    } else {
        args.push(syntax::typed_arg("body", syntax::generic_type(false, &["Option"], [body_type])));
        setup.push(syntax::stmt(syntax::if_let_some("body", send)));
    }
}

/// `let mut form = Multipart::new();`, a `field` or `file` call per property, and
/// `request.multipart(form);`.
fn multipart_setup(form: &MultipartForm) -> Vec<syn::Stmt> {
    let mut stmts = vec![syntax::let_stmt("form", true, syntax::call(runtime_path(&["Multipart", "new"]), []))];
    for field in &form.fields {
        let content_type = match &field.content_type {
            Some(media) => syntax::call(syntax::var("Some"), [syntax::str_lit(media)]),
            None => syntax::var("None"),
        };
        let value = syntax::reference(syntax::field(syntax::var("body"), &field.rust_name));
        let wire = syntax::str_lit(&field.wire_name);
        let add = match field.kind {
            PartKind::File | PartKind::Files => {
                syntax::method_call(syntax::var("form"), "file", [wire, value, content_type])
            }
            PartKind::Value(_) => match &field.styled {
                Some(styled) => {
                    syntax::try_(syntax::method_call(syntax::var("form"), "styled", [value, form_field(styled)]))
                }
                None => syntax::try_(syntax::method_call(syntax::var("form"), "field", [wire, value, content_type])),
            },
        };
        stmts.push(syntax::stmt(add));
        let constant: Vec<(&str, &str)> =
            field.headers.iter().filter_map(|h| Some((h.name.as_str(), h.value.as_deref()?))).collect();
        if !constant.is_empty() {
            let pairs = constant.iter().map(|(name, value)| {
                let tuple: syn::Expr = syn::parse_quote!((#name, #value));
                tuple
            });
            let list: syn::Expr = syn::parse_quote!(&[#(#pairs),*]);
            let call = syntax::method_call(syntax::var("form"), "headers", [syntax::str_lit(&field.wire_name), list]);
            stmts.push(syntax::stmt(call));
        }
    }
    stmts.push(syntax::stmt(syntax::method_call(syntax::var("request"), "multipart", [syntax::var("form")])));
    stmts
}

/// The success type, the expression that decodes it from `response`, and whether the body is
/// streamed rather than read whole.
fn success_decode(op: &Operation, tt: &TypeTokens<'_>) -> (syn::Type, syn::Expr, bool) {
    let response_call = |method: &str| syntax::method_call(syntax::var("response"), method, []);
    let runtime_type = |name: &str| syntax::path_type(syntax::path(true, &["clientgen_runtime", name]));
    match &op.success.body {
        ResponseBody::Empty => (syntax::unit_type(), response_call("empty"), false),
        ResponseBody::Json(ty) if op.success.body_optional => {
            (syntax::generic_type(false, &["Option"], [tt.syn_type(ty)]), response_call("json_or_empty"), false)
        }
        ResponseBody::Json(ty) => (tt.syn_type(ty), response_call("json"), false),
        ResponseBody::Parts(ty) => {
            (syntax::generic_type(false, &["Vec"], [tt.syn_type(ty)]), response_call("json_parts"), false)
        }
        ResponseBody::Text => (syntax::path_type(syntax::path(false, &["String"])), response_call("text"), false),
        ResponseBody::Bytes => (runtime_type("ByteStream"), response_call("byte_stream"), true),
        ResponseBody::Events(Some(ty)) => (
            syntax::generic_type(true, &["clientgen_runtime", "EventStream"], [tt.syn_type(ty)]),
            response_call("events"),
            true,
        ),
        ResponseBody::Events(None) => (
            syntax::generic_type(
                true,
                &["clientgen_runtime", "EventStream"],
                [syntax::path_type(syntax::path(false, &["String"]))],
            ),
            response_call("text_events"),
            true,
        ),
        ResponseBody::Lines { item, seq } => (
            syntax::generic_type(true, &["clientgen_runtime", "JsonLines"], [tt.syn_type(item)]),
            response_call(if *seq { "json_seq" } else { "json_lines" }),
            true,
        ),
    }
}

/// The response closure's body: the match on the status, after `use` lines that name the success
/// and error enums once (`S`, `E`), so that a renamed operation changes those lines, not every arm.
fn decode_body(op: &Operation, matched: syn::Expr) -> syn::Expr {
    let mut stmts: Vec<syn::Stmt> = Vec::new();
    let alias = |enum_name: &str, alias: &str| -> syn::Stmt {
        let path = types_path(&[enum_name]);
        let alias = syn::Ident::new(alias, proc_macro2::Span::call_site());
        syn::parse_quote!(use #path as #alias;)
    };
    if let Some(variants) = &op.success.variants {
        stmts.push(alias(&variants.enum_name, SUCCESS_ALIAS));
    }
    if let Some(error_enum) = op.error_enum.as_ref().filter(|_| !op.errors.is_empty()) {
        stmts.push(alias(error_enum, ERROR_ALIAS));
    }
    if stmts.is_empty() {
        return matched;
    }
    stmts.push(syn::Stmt::Expr(matched, None));
    syntax::block_expr(stmts)
}

/// The names the response closure gives the operation's success and error enums.
const SUCCESS_ALIAS: &str = "S";
const ERROR_ALIAS: &str = "E";

/// The success arms: `200..=299` decodes the body; where 2xx statuses document different bodies,
/// each of those statuses first, decoding into its variant of the success enum.
fn success_arms(op: &Operation, decode: syn::Expr) -> Vec<syn::Arm> {
    let Some(variants) = &op.success.variants else {
        return vec![syntax::arm(syntax::range_pattern(200, 299), decode)];
    };
    let into = |variant: &str| {
        let constructor = syntax::path_expr(syntax::path(false, &[SUCCESS_ALIAS, variant]));
        if variants.text.iter().any(|v| v == variant) {
            // A text body: read as text whatever the other statuses' decoding.
            let text =
                syntax::method_call(syntax::method_call(syntax::var("response"), "text", []), "map", [constructor]);
            return match op.success.body_optional {
                true => syntax::method_call(text, "map", [syntax::var("Some")]),
                false => text,
            };
        }
        let map = if op.success.body_optional {
            syntax::closure("body", syntax::method_call(syntax::var("body"), "map", [constructor]))
        } else {
            constructor
        };
        syntax::method_call(decode.clone(), "map", [map])
    };
    let mut arms: Vec<syn::Arm> = variants
        .by_status
        .iter()
        .map(|(status, variant)| syntax::arm(syntax::int_pattern((*status).into()), into(variant)))
        .collect();
    arms.push(syntax::arm(syntax::range_pattern(200, 299), into(&variants.primary)));
    arms
}

/// The arms of the match on the response status: success, documented errors (exact statuses,
/// then ranges, then `default`, whatever the spec's order), anything else.
fn status_arms(op: &Operation, decode: syn::Expr) -> Vec<syn::Arm> {
    let mut arms = success_arms(op, decode);
    let mut has_default = false;
    if op.error_enum.is_some() {
        for pass in 0..3 {
            for error in &op.errors {
                let pattern = match (pass, error.status) {
                    (0, StatusMatch::Code(code)) => syntax::int_pattern(code.into()),
                    (1, StatusMatch::Range(class)) => {
                        syntax::range_pattern(u64::from(class) * 100, u64::from(class) * 100 + 99)
                    }
                    (2, StatusMatch::Default) => {
                        has_default = true;
                        syntax::wildcard()
                    }
                    _ => continue,
                };
                let variant = syntax::path_expr(syntax::path(false, &[ERROR_ALIAS, &error.rust_name]));
                let decode = if error.body.is_some() { "error_json" } else { "error" };
                let value = syntax::method_call(syntax::var("response"), decode, [variant]);
                arms.push(syntax::arm(pattern, syntax::call(syntax::var("Err"), [value])));
            }
        }
    }
    if !has_default {
        let unexpected = syntax::method_call(syntax::var("response"), "unexpected", []);
        arms.push(syntax::arm(syntax::wildcard(), syntax::call(syntax::var("Err"), [unexpected])));
    }
    arms
}

/// The statement that puts a parameter into the request (path parameters are in the path).
fn param_setter(param: &Param, value: syn::Expr) -> Option<syn::Stmt> {
    let wire = syntax::str_lit(&param.wire_name);
    match param.location {
        ParamLocation::Path => None,
        ParamLocation::Query if matches!(param.style, ParamStyle::Form { explode: true }) => {
            Some(request_call("query", [wire, value]))
        }
        ParamLocation::Query => Some(request_call("query_with_style", [wire, value, style_expr(param.style)])),
        ParamLocation::Header | ParamLocation::Cookie if param.style == ParamStyle::Json => {
            let text = syntax::try_(syntax::call(runtime_path(&["json_param"]), [wire.clone(), value]));
            let method = if param.location == ParamLocation::Header { "header" } else { "cookie" };
            Some(request_call(method, [wire, syntax::reference(text)]))
        }
        ParamLocation::Header => Some(request_call("header", [wire, value])),
        ParamLocation::Cookie => Some(request_call("cookie", [wire, value])),
    }
}
