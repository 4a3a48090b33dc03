//! `Client`, `ClientBuilder` and one async method per operation. Methods only assemble a
//! `clientgen_runtime::Request` and match on the status; the runtime does the rest.

use super::docs::{doc_attrs, doc_paragraphs};
use super::types::type_needs;
use super::{ident, TypeTokens};
use crate::ir::{
    Api, AuthScheme, BodyEncoding, Operation, Param, ParamLocation, ParamStyle, ResponseBody, Scalar, StatusMatch,
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
    quote! {
        #[doc = #title]
        #blank
        #description
        #[doc = ""]
        #example
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: ::clientgen_runtime::Client,
        }

        #builder

        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder {
                    config: ::clientgen_runtime::ClientConfig {
                        user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
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
        }
    }
}

/// One `impl Client` block with the methods of `operations` (large APIs get several blocks, so
/// they can be rendered in parallel).
pub fn emit_methods(operations: &[Operation], tt: &TypeTokens<'_>) -> TokenStream {
    let methods = operations.iter().map(|op| emit_method(op, tt));
    quote! {
        impl Client {
            #(#methods)*
        }
    }
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
    // Several bearer (or basic) schemes share one setter: the first one's description documents it.
    let (mut has_bearer, mut has_basic) = (false, false);
    for auth in &api.auth {
        match auth {
            AuthScheme::Bearer { description, .. } => {
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
    setters.push(quote! {
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
    });
    for header in &api.default_headers {
        let method = ident(&header.rust_name);
        let wire = &header.wire_name;
        let (arg_ty, to_string) = setter_arg(&header.ty, tt);
        let docs = doc_paragraphs(&[
            header.description.clone(),
            Some(format!("Sent as `{wire}` with every request; a call's own value replaces it.")),
        ]);
        setters.push(quote! {
            #docs
            pub fn #method(mut self, value: #arg_ty) -> Self {
                self.config.set_default_header(#wire, #to_string);
                self
            }
        });
    }
    let server = api.servers.first();
    let variables = server.map(|s| s.variables.as_slice()).unwrap_or_default();
    let variable_fields = variables.iter().map(|v| {
        let field = ident(&v.rust_name);
        quote!(#field: Option<String>,)
    });
    for variable in variables {
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
        setters.push(quote! {
            #docs
            pub fn #field(mut self, value: impl Into<String>) -> Self {
                self.server_variables.#field = Some(value.into());
                self
            }
        });
    }
    let default_url = match server {
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
    };
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

/// Whether a parameter of this type is passed by value (small `Copy` scalars).
fn by_value(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Scalar(s) if !matches!(s, Scalar::String))
}

fn param_arg_type(param: &Param, tt: &TypeTokens<'_>) -> TokenStream {
    match &param.ty {
        TypeRef::Scalar(Scalar::String) => quote!(&str),
        ty if by_value(ty) => tt.type_tokens(ty),
        ty => {
            let ty = tt.type_tokens(ty);
            quote!(&#ty)
        }
    }
}

fn style_tokens(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::Form { explode } => {
            quote!(::clientgen_runtime::ParamStyle::Form { explode: #explode })
        }
        ParamStyle::SpaceDelimited => quote!(::clientgen_runtime::ParamStyle::SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(::clientgen_runtime::ParamStyle::PipeDelimited),
        ParamStyle::DeepObject => quote!(::clientgen_runtime::ParamStyle::DeepObject),
        ParamStyle::Simple => quote!(::clientgen_runtime::ParamStyle::Form { explode: false }),
    }
}

fn method_tokens(method: crate::ir::Method) -> TokenStream {
    let name = ident(method.as_str());
    quote!(::clientgen_runtime::Method::#name)
}

fn emit_method(op: &Operation, tt: &TypeTokens<'_>) -> TokenStream {
    let name = ident(&op.rust_name);
    let mut args = Vec::new();
    let mut setup = Vec::new();
    let path_template = &op.path;
    for param in op.params.iter().filter(|p| p.location == ParamLocation::Path) {
        let arg = ident(&param.rust_name);
        let wire = &param.wire_name;
        let value = if by_value(&param.ty) { quote!(&#arg) } else { quote!(#arg) };
        setup.push(quote!(request.path_param(#wire, #value)?;));
    }
    let mut param_docs = Vec::new();
    for param in op.params.iter().filter(|p| p.required) {
        let arg = ident(&param.rust_name);
        let ty = param_arg_type(param, tt);
        args.push(quote!(#arg: #ty));
        if let Some(doc) = &param.doc {
            param_docs.push(format!("`{}`: {}", param.rust_name, doc.lines().next().unwrap_or_default()));
        }
        if !param.constraints.is_empty() && matches!(param.ty, TypeRef::Scalar(Scalar::String)) {
            let wire = &param.wire_name;
            let min = option_u64(param.constraints.min_length);
            let max = option_u64(param.constraints.max_length);
            setup.push(quote!(::clientgen_runtime::check_length(#wire, #arg, #min, #max)?;));
        }
        if param.location != ParamLocation::Path {
            let value = if by_value(&param.ty) { quote!(&#arg) } else { quote!(#arg) };
            setup.extend(param_setter(param, value));
        }
    }
    if let Some(body) = &op.body {
        let body_ident = ident("body");
        match (&body.encoding, &body.ty) {
            (BodyEncoding::Raw, _) | (_, None) => {
                args.push(quote!(body: ::clientgen_runtime::Bytes));
                let content_type = &body.content_type;
                setup.push(quote!(request.raw(#content_type, body)?;));
            }
            (encoding, Some(ty)) => {
                let ty_tokens = tt.type_tokens(ty);
                let set = if *encoding == BodyEncoding::Form { quote!(form) } else { quote!(json) };
                let validate = type_needs(ty, tt.needs_validation)
                    .then(|| quote!(::clientgen_runtime::Validate::validate(#body_ident)?;));
                if body.required {
                    args.push(quote!(body: &#ty_tokens));
                    setup.push(quote!(#validate request.#set(body)?;));
                } else {
                    args.push(quote!(body: Option<&#ty_tokens>));
                    setup.push(quote!(if let Some(body) = body { #validate request.#set(body)?; }));
                }
            }
        }
    }
    if let Some(params_struct) = &op.params_struct {
        let ty = ident(params_struct);
        args.push(quote!(params: &types::#ty));
        for param in op.params.iter().filter(|p| !p.required && p.location != ParamLocation::Path) {
            let field = ident(&param.rust_name);
            if !param.constraints.is_empty() && matches!(param.ty, TypeRef::Scalar(Scalar::String)) {
                let wire = &param.wire_name;
                let min = option_u64(param.constraints.min_length);
                let max = option_u64(param.constraints.max_length);
                setup.push(quote!(::clientgen_runtime::check_length(#wire, &params.#field, #min, #max)?;));
            }
            setup.extend(param_setter(param, quote!(&params.#field)));
        }
    }
    let (success_ty, decode) = match &op.success.body {
        ResponseBody::Empty => (quote!(()), quote!(response.empty())),
        ResponseBody::Json(ty) if op.success.body_optional => {
            let ty = tt.type_tokens(ty);
            (quote!(Option<#ty>), quote!(response.json_or_empty()))
        }
        ResponseBody::Json(ty) => (tt.type_tokens(ty), quote!(response.json())),
        ResponseBody::Text => (quote!(String), quote!(response.text())),
        ResponseBody::Bytes => (quote!(::clientgen_runtime::Bytes), quote!(response.bytes())),
    };
    let error_ty = match &op.error_enum {
        Some(error_enum) => {
            let e = ident(error_enum);
            quote!(types::#e)
        }
        None => quote!(),
    };
    let error_ty = if error_ty.is_empty() { quote!(Error) } else { quote!(Error<#error_ty>) };
    let mut arms = vec![quote!(200..=299 => #decode,)];
    let mut has_default = false;
    for pass in 0..3 {
        for error in &op.errors {
            let Some(error_enum) = &op.error_enum else {
                continue;
            };
            let enum_ident = ident(error_enum);
            let variant = ident(&error.rust_name);
            let pattern = match (pass, error.status) {
                (0, StatusMatch::Code(code)) => {
                    let code = proc_macro2::Literal::u16_unsuffixed(code);
                    quote!(#code)
                }
                (1, StatusMatch::Range(class)) => {
                    let low = proc_macro2::Literal::u16_unsuffixed(class * 100);
                    let high = proc_macro2::Literal::u16_unsuffixed(class * 100 + 99);
                    quote!(#low..=#high)
                }
                (2, StatusMatch::Default) => {
                    has_default = true;
                    quote!(_)
                }
                _ => continue,
            };
            let value = match &error.body {
                Some(_) => quote!(response.error_json(types::#enum_ident::#variant)),
                None => quote!(response.error(types::#enum_ident::#variant)),
            };
            arms.push(quote!(#pattern => Err(#value),));
        }
    }
    if !has_default {
        arms.push(quote!(_ => Err(response.unexpected()),));
    }
    let http_method = method_tokens(op.method);
    let idempotent = op.method.is_idempotent();
    let signature_line = format!("`{} {}`", op.method, op.path);
    let params_doc =
        (!param_docs.is_empty()).then(|| param_docs.iter().map(|l| format!("- {l}")).collect::<Vec<_>>().join("\n"));
    let docs = doc_paragraphs(&[op.doc.clone(), Some(signature_line), params_doc]);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let too_many = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let request = if setup.is_empty() {
        quote!(Ok(::clientgen_runtime::Request::new(#http_method, #path_template)))
    } else {
        quote! {
            ::clientgen_runtime::Request::build(#http_method, #path_template, |request| {
                #(#setup)*
                Ok(())
            })
        }
    };
    quote! {
        #docs
        #deprecated
        #too_many
        pub fn #name(&self, #(#args),*) -> impl ::std::future::Future<Output = Result<#success_ty, #error_ty>> + Send + '_ {
            let request = #request;
            self.inner.call(request, #idempotent, |response| match response.status().as_u16() {
                #(#arms)*
            })
        }
    }
}

fn option_u64(value: Option<u64>) -> TokenStream {
    match value {
        Some(n) => {
            let n = proc_macro2::Literal::u64_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    }
}

/// The statement that puts a parameter into the request (path parameters are in the path).
fn param_setter(param: &Param, value: TokenStream) -> Option<TokenStream> {
    let wire = &param.wire_name;
    match param.location {
        ParamLocation::Path => None,
        ParamLocation::Query if matches!(param.style, ParamStyle::Form { explode: true }) => {
            Some(quote!(request.query(#wire, #value)?;))
        }
        ParamLocation::Query => {
            let style = style_tokens(param.style);
            Some(quote!(request.query_with_style(#wire, #value, #style)?;))
        }
        ParamLocation::Header => Some(quote!(request.header(#wire, #value)?;)),
        ParamLocation::Cookie => Some(quote!(request.cookie(#wire, #value)?;)),
    }
}
