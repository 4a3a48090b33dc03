//! Syntax trees built directly, for the shapes repeated hundreds of times in a large client
//! (client methods, structs, string enums and their serde impls). Quoting them and having `syn` parse the tokens back
//! was two thirds of generation time; building the same tree here costs about what cloning it
//! does. The trees are the ones `syn` would parse from the equivalent `quote!`, so prettyplease
//! prints them identically (the snapshot tests hold the output byte for byte).
//!
//! Fixed pieces (signatures, paths) are parsed once per thread from `parse_quote!` and cloned;
//! the variable parts are assembled with the small constructors below.

use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::{
    AngleBracketedGenericArguments, Arm, AttrStyle, Attribute, Block, Expr, ExprBlock, ExprCall, ExprClosure,
    ExprField, ExprForLoop, ExprIf, ExprLet, ExprLit, ExprMatch, ExprMethodCall, ExprPath, ExprRange, ExprReference,
    ExprStruct, ExprTry, ExprTuple, ExprUnary, ExprWhile, FieldValue, FnArg, GenericArgument, Ident, Lifetime, Lit,
    LitBool, LitInt, LitStr, Local, LocalInit, Member, Meta, MetaNameValue, Pat, PatIdent, PatTuple, PatTupleStruct,
    PatType, PatWild, Path, PathArguments, PathSegment, RangeLimits, ReturnType, Stmt, Token, Type, TypePath,
    TypeReference, TypeTuple, UnOp,
};

/// An identifier the IR has already made valid.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `a::b::c`, or `::a::b::c` when `global`.
pub fn path(global: bool, segments: &[&str]) -> Path {
    Path {
        leading_colon: global.then(Default::default),
        segments: segments.iter().map(|s| PathSegment::from(ident(s))).collect(),
    }
}

/// A path as an expression.
pub fn path_expr(path: Path) -> Expr {
    Expr::Path(ExprPath { attrs: Vec::new(), qself: None, path })
}

/// A local variable (or any single identifier) as an expression.
pub fn var(name: &str) -> Expr {
    path_expr(path(false, &[name]))
}

/// `"value"`.
pub fn str_lit(value: &str) -> Expr {
    Expr::Lit(ExprLit { attrs: Vec::new(), lit: Lit::Str(LitStr::new(value, Span::call_site())) })
}

/// An unsuffixed integer literal.
pub fn int_lit(value: u64) -> Expr {
    Expr::Lit(ExprLit { attrs: Vec::new(), lit: Lit::Int(LitInt::new(&value.to_string(), Span::call_site())) })
}

/// `Some(n)` or `None`.
pub fn option_int(value: Option<u64>) -> Expr {
    match value {
        Some(n) => call(var("Some"), [int_lit(n)]),
        None => var("None"),
    }
}

/// `true` / `false`.
pub fn bool_lit(value: bool) -> Expr {
    Expr::Lit(ExprLit { attrs: Vec::new(), lit: Lit::Bool(LitBool::new(value, Span::call_site())) })
}

/// `func(args…)`.
pub fn call(func: Expr, args: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Call(ExprCall {
        attrs: Vec::new(),
        func: Box::new(func),
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `receiver.method(args…)`.
pub fn method_call(receiver: Expr, method: &str, args: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::MethodCall(ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: ident(method),
        turbofish: None,
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `return expr`.
pub fn return_(expr: Expr) -> Expr {
    Expr::Return(syn::ExprReturn { attrs: Vec::new(), return_token: Default::default(), expr: Some(Box::new(expr)) })
}

/// `expr?`.
pub fn try_(expr: Expr) -> Expr {
    Expr::Try(ExprTry { attrs: Vec::new(), expr: Box::new(expr), question_token: Default::default() })
}

/// `&expr`.
pub fn reference(expr: Expr) -> Expr {
    Expr::Reference(ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(expr),
    })
}

/// `&mut expr`.
pub fn reference_mut(expr: Expr) -> Expr {
    Expr::Reference(ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: Some(Default::default()),
        expr: Box::new(expr),
    })
}

/// `base.name`.
pub fn field(base: Expr, name: &str) -> Expr {
    Expr::Field(ExprField {
        attrs: Vec::new(),
        base: Box::new(base),
        dot_token: Default::default(),
        member: Member::Named(ident(name)),
    })
}

/// `Name { member: value, … }` (each field followed by a comma, as quoted).
pub fn struct_expr(name: Path, fields: impl IntoIterator<Item = (Ident, Expr)>) -> Expr {
    let mut punctuated = Punctuated::new();
    for (member, expr) in fields {
        punctuated.push_value(FieldValue {
            attrs: Vec::new(),
            member: Member::Named(member),
            colon_token: Some(Default::default()),
            expr,
        });
        punctuated.push_punct(Default::default());
    }
    Expr::Struct(ExprStruct {
        attrs: Vec::new(),
        qself: None,
        path: name,
        brace_token: Default::default(),
        fields: punctuated,
        dot2_token: None,
        rest: None,
    })
}

/// `{ stmts }` as an expression.
pub fn block_expr(stmts: Vec<Stmt>) -> Expr {
    Expr::Block(ExprBlock { attrs: Vec::new(), label: None, block: block(stmts) })
}

/// `{ stmts }`.
pub fn block(stmts: Vec<Stmt>) -> Block {
    Block { brace_token: Default::default(), stmts }
}

/// `|param| body`.
pub fn closure(param: &str, body: Expr) -> Expr {
    Expr::Closure(ExprClosure {
        attrs: Vec::new(),
        lifetimes: None,
        constness: None,
        movability: None,
        asyncness: None,
        capture: None,
        or1_token: Default::default(),
        inputs: std::iter::once(binding(param, false)).collect(),
        or2_token: Default::default(),
        output: ReturnType::Default,
        body: Box::new(body),
    })
}

/// `match scrutinee { arms }`.
pub fn match_expr(scrutinee: Expr, arms: Vec<Arm>) -> Expr {
    Expr::Match(ExprMatch {
        attrs: Vec::new(),
        match_token: Default::default(),
        expr: Box::new(scrutinee),
        brace_token: Default::default(),
        arms,
    })
}

/// `pattern => body,` (the comma is dropped after a block body, as quoted).
pub fn arm(pattern: Pat, body: Expr) -> Arm {
    let comma = (!matches!(body, Expr::Block(_))).then(Default::default);
    Arm {
        attrs: Vec::new(),
        pat: pattern,
        guard: None,
        fat_arrow_token: Default::default(),
        body: Box::new(body),
        comma,
    }
}

/// `_`.
pub fn wildcard() -> Pat {
    Pat::Wild(PatWild { attrs: Vec::new(), underscore_token: Default::default() })
}

/// A string literal as a pattern.
pub fn str_pattern(value: &str) -> Pat {
    Pat::Lit(ExprLit { attrs: Vec::new(), lit: Lit::Str(LitStr::new(value, Span::call_site())) })
}

/// An integer literal as a pattern.
pub fn int_pattern(value: u64) -> Pat {
    Pat::Lit(ExprLit { attrs: Vec::new(), lit: Lit::Int(LitInt::new(&value.to_string(), Span::call_site())) })
}

/// `low..=high` as a pattern.
pub fn range_pattern(low: u64, high: u64) -> Pat {
    Pat::Range(ExprRange {
        attrs: Vec::new(),
        start: Some(Box::new(int_lit(low))),
        limits: RangeLimits::Closed(Default::default()),
        end: Some(Box::new(int_lit(high))),
    })
}

/// `name` or `mut name` as a binding pattern.
pub fn binding(name: &str, mutable: bool) -> Pat {
    Pat::Ident(PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: mutable.then(Default::default),
        ident: ident(name),
        subpat: None,
    })
}

/// `let Some(name) = value` (the condition of an `if let` or `while let`).
pub fn let_some(name: &str, value: Expr) -> Expr {
    let pattern = Pat::TupleStruct(PatTupleStruct {
        attrs: Vec::new(),
        qself: None,
        path: path(false, &["Some"]),
        paren_token: Default::default(),
        elems: std::iter::once(binding(name, false)).collect(),
    });
    Expr::Let(ExprLet {
        attrs: Vec::new(),
        let_token: Default::default(),
        pat: Box::new(pattern),
        eq_token: Default::default(),
        expr: Box::new(value),
    })
}

/// `if let Some(name) = name { stmts }`.
pub fn if_let_some(name: &str, stmts: Vec<Stmt>) -> Expr {
    if_then(let_some(name, var(name)), stmts)
}

/// `if condition { stmts }`.
pub fn if_then(condition: Expr, stmts: Vec<Stmt>) -> Expr {
    Expr::If(ExprIf {
        attrs: Vec::new(),
        if_token: Default::default(),
        cond: Box::new(condition),
        then_branch: block(stmts),
        else_branch: None,
    })
}

/// `!expr`.
pub fn not(expr: Expr) -> Expr {
    Expr::Unary(ExprUnary { attrs: Vec::new(), op: UnOp::Not(Default::default()), expr: Box::new(expr) })
}

/// `for (first, second) in iterable { stmts }`.
pub fn for_pairs(first: &str, second: &str, iterable: Expr, stmts: Vec<Stmt>) -> Expr {
    let pattern = Pat::Tuple(PatTuple {
        attrs: Vec::new(),
        paren_token: Default::default(),
        elems: [binding(first, false), binding(second, false)].into_iter().collect(),
    });
    Expr::ForLoop(ExprForLoop {
        attrs: Vec::new(),
        label: None,
        for_token: Default::default(),
        pat: Box::new(pattern),
        in_token: Default::default(),
        expr: Box::new(iterable),
        body: block(stmts),
    })
}

/// A named struct field: doc attributes, `pub name: ty`.
pub fn pub_field(attrs: Vec<Attribute>, name: &str, ty: Type) -> syn::Field {
    syn::Field {
        attrs,
        vis: syn::Visibility::Public(Default::default()),
        mutability: syn::FieldMutability::None,
        ident: Some(ident(name)),
        colon_token: Some(Default::default()),
        ty,
    }
}

/// `{ fields, }`: named fields, each followed by a comma, as quoted.
pub fn named_fields(fields: impl IntoIterator<Item = syn::Field>) -> syn::Fields {
    let mut named = Punctuated::new();
    for field in fields {
        named.push_value(field);
        named.push_punct(Default::default());
    }
    syn::Fields::Named(syn::FieldsNamed { brace_token: Default::default(), named })
}

/// `while condition { stmts }`.
pub fn while_loop(condition: Expr, stmts: Vec<Stmt>) -> Expr {
    Expr::While(ExprWhile {
        attrs: Vec::new(),
        label: None,
        while_token: Default::default(),
        cond: Box::new(condition),
        body: block(stmts),
    })
}

/// `let name = init;` (`let mut` when `mutable`).
pub fn let_stmt(name: &str, mutable: bool, init: Expr) -> Stmt {
    Stmt::Local(Local {
        attrs: Vec::new(),
        let_token: Default::default(),
        pat: binding(name, mutable),
        init: Some(LocalInit { eq_token: Default::default(), expr: Box::new(init), diverge: None }),
        semi_token: Default::default(),
    })
}

/// `expr;` — or `expr` without a semicolon for block-like expressions (`if …{}`), as quoted.
pub fn stmt(expr: Expr) -> Stmt {
    let semi =
        (!matches!(expr, Expr::If(_) | Expr::While(_) | Expr::Match(_) | Expr::Block(_))).then(<Token![;]>::default);
    Stmt::Expr(expr, semi)
}

/// The final expression of a block.
pub fn tail(expr: Expr) -> Stmt {
    Stmt::Expr(expr, None)
}

/// `#[doc = "text"]`.
pub fn doc_attr(text: &str) -> Attribute {
    Attribute {
        pound_token: Default::default(),
        style: AttrStyle::Outer,
        bracket_token: Default::default(),
        meta: Meta::NameValue(MetaNameValue {
            path: path(false, &["doc"]),
            eq_token: Default::default(),
            value: str_lit(text),
        }),
    }
}

/// A path as a type.
pub fn path_type(path: Path) -> Type {
    Type::Path(TypePath { qself: None, path })
}

/// `a::b::Name<args…>` (`::a::…` when `global`): the last segment carries the arguments.
pub fn generic_type(global: bool, segments: &[&str], args: impl IntoIterator<Item = Type>) -> Type {
    generic_path_type(path(global, segments), args)
}

/// `path<args…>` (the arguments go on the last segment).
pub fn generic_path_type(mut path: Path, args: impl IntoIterator<Item = Type>) -> Type {
    if let Some(last) = path.segments.last_mut() {
        last.arguments = PathArguments::AngleBracketed(AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: args.into_iter().map(GenericArgument::Type).collect(),
            gt_token: Default::default(),
        });
    }
    path_type(path)
}

/// `&ty`.
pub fn ref_type(ty: Type) -> Type {
    Type::Reference(TypeReference {
        and_token: Default::default(),
        lifetime: None,
        mutability: None,
        elem: Box::new(ty),
    })
}

/// `()` as a value.
/// `[T]`.
pub fn slice_type(elem: Type) -> Type {
    Type::Slice(syn::TypeSlice { bracket_token: Default::default(), elem: Box::new(elem) })
}

pub fn unit() -> Expr {
    Expr::Tuple(ExprTuple { attrs: Vec::new(), paren_token: Default::default(), elems: Punctuated::new() })
}

/// `()` as a type.
pub fn unit_type() -> Type {
    Type::Tuple(TypeTuple { paren_token: Default::default(), elems: Punctuated::new() })
}

/// `impl ::std::future::Future<Output = output> + Send + '_`: what a client method returns.
/// `::clientgen_runtime::Call<'_, T, E>`: what a generated method returns.
pub fn call_type(lifetime: &str, success: Type, error: Type, headers: Option<Type>) -> Type {
    let mut call = path(true, &["clientgen_runtime", "Call"]);
    if let Some(last) = call.segments.last_mut() {
        last.arguments = PathArguments::AngleBracketed(AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: [
                GenericArgument::Lifetime(Lifetime::new(lifetime, Span::call_site())),
                GenericArgument::Type(success),
                GenericArgument::Type(error),
            ]
            .into_iter()
            .chain(headers.map(GenericArgument::Type))
            .collect(),
            gt_token: Default::default(),
        });
    }
    path_type(call)
}

/// `name: ty` as a function argument.
pub fn typed_arg(name: &str, ty: Type) -> FnArg {
    FnArg::Typed(PatType {
        attrs: Vec::new(),
        pat: Box::new(binding(name, false)),
        colon_token: Default::default(),
        ty: Box::new(ty),
    })
}

/// clippy's `type_complexity` score of a type, as its lint computes it: each named type, tuple or
/// array costs 10 × its nesting depth, a reference 1; generic arguments (and `Output = …`
/// bindings) nest one level deeper. The lint fires above 250; generated code that could reach it
/// (arbitrarily nested optional maps of lists, say) says `#[allow(clippy::type_complexity)]`.
pub fn type_complexity(ty: &Type) -> u64 {
    fn score(ty: &Type, nest: u64) -> u64 {
        match ty {
            Type::Path(path) => {
                let mut total = 10 * nest;
                for segment in &path.path.segments {
                    if let syn::PathArguments::AngleBracketed(args) = &segment.arguments {
                        for arg in &args.args {
                            match arg {
                                syn::GenericArgument::Type(inner) => total += score(inner, nest + 1),
                                syn::GenericArgument::AssocType(binding) => total += score(&binding.ty, nest + 1),
                                _ => {}
                            }
                        }
                    }
                }
                total
            }
            Type::Reference(reference) => 1 + score(&reference.elem, nest),
            Type::Tuple(tuple) => 10 * nest + tuple.elems.iter().map(|t| score(t, nest + 1)).sum::<u64>(),
            Type::Array(array) => 10 * nest + score(&array.elem, nest + 1),
            Type::Slice(slice) => 10 * nest + score(&slice.elem, nest + 1),
            Type::ImplTrait(bounds) => bounds
                .bounds
                .iter()
                .map(|bound| match bound {
                    syn::TypeParamBound::Trait(t) => {
                        score(&Type::Path(syn::TypePath { qself: None, path: t.path.clone() }), nest) - 10 * nest
                    }
                    _ => 0,
                })
                .sum(),
            _ => 0,
        }
    }
    score(ty, 1)
}

/// Above this, generated items carry `#[allow(clippy::type_complexity)]` (clippy's default
/// threshold is 250; the margin covers differences in how the two count).
pub const TYPE_COMPLEXITY_ALLOWED: u64 = 200;

#[cfg(test)]
mod complexity_tests {
    use super::type_complexity;

    #[test]
    fn scores_like_clippy() {
        // clippy's own UI test case for the lint (tests/ui/type_complexity.rs) fires; a plain one does not.
        let flagged: syn::Type = syn::parse_quote!(Vec<Vec<Box<(u32, u32, u32, u32)>>>);
        assert!(type_complexity(&flagged) > 250, "{}", type_complexity(&flagged));
        let plain: syn::Type = syn::parse_quote!(Vec<Option<String>>);
        assert!(type_complexity(&plain) < 100);
        // The shape the random-document test found (a method's future of nested optional maps).
        let found: syn::Type = syn::parse_quote!(
            impl Future<Output = Result<Option<Option<BTreeMap<String, Vec<types::X>>>>, Error>> + Send + '_
        );
        assert!(type_complexity(&found) > super::TYPE_COMPLEXITY_ALLOWED);
    }
}
