//! One binding per API style: everything the spec builder decides differently for RPC and ROA
//! (HTTP method and path, where a parameter travels, the body, the request example) lives here,
//! so the rest of the builder works on one member model.

use std::collections::BTreeMap;

use super::body;
use super::params::{is_common, Locations};
use crate::diagnostics::{Diagnostics, Severity};
use crate::page::{Page, Position, RequestLine};
use crate::spec::model::{
    BodyEncoding, HttpBinding, HttpMethod, Location, Member, RequestExample, Style, Type,
};
use crate::spec::product::ProductConfig;
use crate::spec::wire::{canonical_template, placeholders};

/// What a style decides.
pub trait Binding: Locations {
    /// The binding as the parameter builder's location rule.
    fn locations(&self) -> &dyn Locations;
    /// Adds what the style documents outside the parameter table (an ROA body) and checks the
    /// members against the binding (path placeholders).
    fn complete(&self, page: &Page, request: &mut Vec<Member>, diags: &mut Diagnostics);
    /// The HTTP binding of the operation, given its request members.
    fn http(&self, request: &[Member]) -> HttpBinding;
    /// The page's request example, in the style's terms.
    fn request_example(&self, page: &Page) -> Option<RequestExample>;
}

/// The binding of a page: ROA when the explorer link says so or the page has a request-syntax
/// block, else RPC. `None` (with an Error pushed) for an ROA page with no request line.
pub fn for_page(
    page: &Page,
    product: &ProductConfig,
    diags: &mut Diagnostics,
) -> Option<Box<dyn Binding>> {
    let explorer_style = page
        .explorer
        .as_ref()
        .and_then(|e| e.style.as_deref())
        .map(str::to_ascii_uppercase);
    // A page with neither an explorer link nor a request-syntax block may still give its
    // resource path in a URL request example; the method is then the product's, and said so.
    let example_line = page
        .request_example
        .as_ref()
        .filter(|_| page.explorer.is_none() && page.request_syntax.is_none())
        .filter(|e| !e.params.iter().any(|(name, _)| name == "Action"))
        // `[Endpoint]`, or the product's own host: not a link to some other site.
        .filter(|e| {
            e.host.as_deref().is_none_or(|host| {
                host.starts_with(&format!(
                    "{}.",
                    product.endpoint.prefix.to_ascii_lowercase()
                ))
            })
        })
        .and_then(|e| Some((e.url_path.clone()?, e.line)))
        .map(|(target, line)| RequestLine {
            line,
            methods: vec![product.method],
            target,
        });
    let roa = explorer_style.as_deref() == Some("ROA")
        || (explorer_style.is_none() && (page.request_syntax.is_some() || example_line.is_some()));
    if !roa {
        return Some(Box::new(Rpc {
            method: product.method,
        }));
    }
    if let Some(line) = example_line.as_ref() {
        diags.push(
            page.diagnostic(
                Severity::Warning,
                "method-not-on-page",
                line.line,
                1,
                format!(
                    "the page gives its path `{}` only in the request example and no method; the product's {} is used",
                    line.target,
                    product.method.as_str()
                ),
            )
            .expected_found(
                "a 请求语法 block such as `POST /api/v2/projects/[projectName]/folders HTTP/1.1`",
                "a URL request example",
            ),
        );
    }
    let Some(line) = page.request_syntax.clone().or(example_line) else {
        let at = page.title.as_ref().map_or(1, |t| t.line);
        diags.push(
            page.diagnostic(
                Severity::Error,
                "missing-request-line",
                at,
                1,
                "an ROA page must give its method and path; this one does not",
            )
            .expected_found(
                "a 请求语法 block such as `GET /openapi/instances/[InstanceId] HTTP/1.1`",
                "none",
            ),
        );
        return None;
    };
    if let Some(why) = path_fault(&canonical_template(line.path())) {
        // The template goes into the URL as written: what the page gives must not let the URL
        // parser move the request to another resource than the one signed.
        diags.push(
            page.diagnostic(
                Severity::Error,
                "invalid-path",
                line.line,
                1,
                format!("the request path `{}` {why}", line.path()),
            )
            .expected_found(
                "`/segment/[Name]/…`: plain segments and `[Name]` placeholders",
                why,
            ),
        );
        return None;
    }
    Some(Box::new(Roa::new(&line)))
}

/// What is wrong with an ROA path template (placeholders written `[Name]`), if anything: it
/// must start with `/`, have no dot segments, and hold no `#`, quotes, backslashes, control
/// characters or unbalanced brackets.
fn path_fault(template: &str) -> Option<String> {
    if !template.starts_with('/') {
        return Some("does not start with `/`".to_string());
    }
    if let Some(c) = template.chars().find(|c| {
        c.is_control()
                || c.is_whitespace()
                // `%2e%2e` is a dot segment to URL parsers: a template holds no escapes.
                || matches!(c, '#' | '?' | '%' | '"' | '\'' | '`' | '\\' | '{' | '}' | '<' | '>')
    }) {
        return Some(format!("holds the character {c:?}"));
    }
    if template
        .split('/')
        .any(|segment| segment == "." || segment == "..")
    {
        return Some("has a `.` or `..` segment".to_string());
    }
    let mut open = false;
    for c in template.chars() {
        match (c, open) {
            ('[', false) => open = true,
            (']', true) => open = false,
            ('[' | ']', _) | ('/', true) => {
                return Some("has unbalanced `[` `]` placeholders".to_string())
            }
            _ => {}
        }
    }
    open.then(|| "has unbalanced `[` `]` placeholders".to_string())
}

/// RPC: every parameter in the query or the form body, one method for the whole product.
struct Rpc {
    method: HttpMethod,
}

impl Locations for Rpc {
    fn locate(&self, _: &str, position: Option<Position>) -> Location {
        match position {
            Some(Position::Body | Position::FormData) => Location::Form,
            Some(Position::Header) => Location::Header,
            Some(Position::Path | Position::Query) | None => Location::Query,
        }
    }
}

impl Binding for Rpc {
    fn locations(&self) -> &dyn Locations {
        self
    }

    fn complete(&self, _: &Page, _: &mut Vec<Member>, _: &mut Diagnostics) {}

    fn http(&self, request: &[Member]) -> HttpBinding {
        let form = request.iter().any(|m| m.location == Some(Location::Form));
        HttpBinding {
            style: Style::Rpc,
            method: self.method,
            path: None,
            body: if form {
                BodyEncoding::Form
            } else {
                BodyEncoding::None
            },
        }
    }

    fn request_example(&self, page: &Page) -> Option<RequestExample> {
        let example = page.request_example.as_ref()?;
        Some(RequestExample {
            host: example.host.clone(),
            params: example
                .params
                .iter()
                .filter(|(k, _)| !is_common(k))
                .cloned()
                .collect(),
            ..RequestExample::default()
        })
    }
}

/// ROA: a method and a path template per operation.
struct Roa {
    method: HttpMethod,
    template: String,
}

impl Roa {
    fn new(line: &RequestLine) -> Roa {
        // Pages offering several methods (`PATCH|POST`) are served by the POST the SDKs send.
        let method = [HttpMethod::Post, HttpMethod::Put]
            .into_iter()
            .find(|m| line.methods.contains(m))
            .or_else(|| line.methods.first().copied())
            .unwrap_or(HttpMethod::Get);
        Roa {
            method,
            template: canonical_template(line.path()),
        }
    }

    fn placeholders(&self) -> Vec<&str> {
        placeholders(&self.template)
    }
}

impl Locations for Roa {
    fn locate(&self, name: &str, position: Option<Position>) -> Location {
        match position {
            Some(Position::Path) => Location::Path,
            Some(Position::Query) => Location::Query,
            Some(Position::Header) => Location::Header,
            Some(Position::Body) => Location::Body,
            Some(Position::FormData) => Location::Form,
            // Older pages have no 位置 column: a placeholder of the path is a path parameter.
            None if self.placeholders().contains(&name) => Location::Path,
            None => Location::Query,
        }
    }
}

impl Binding for Roa {
    fn locations(&self) -> &dyn Locations {
        self
    }

    fn complete(&self, page: &Page, request: &mut Vec<Member>, diags: &mut Diagnostics) {
        // A body the parameter table already describes (`Body` rows) is not read twice.
        let has_body_rows = request.iter().any(|m| m.location == Some(Location::Body));
        if !has_body_rows {
            for member in body::members(page, diags) {
                if request.iter().any(|m| m.name == member.name) {
                    let line = page.body.first().map_or(1, |r| r.line);
                    diags.push(
                        page.diagnostic(Severity::Warning, "duplicate-field", line, 1, format!("the parameter table already has `{}`; the body's member of that name is left out", member.name))
                            .expected_found("one description per parameter", "two"),
                    );
                } else {
                    request.push(member);
                }
            }
        }
        let line = page.request_syntax.as_ref().map_or(1, |l| l.line);
        for name in self.placeholders() {
            match request.iter_mut().find(|m| m.name == name) {
                Some(member) => {
                    if member.location != Some(Location::Path) {
                        diags.push(
                            page.diagnostic(Severity::Warning, "path-parameter", line, 1, format!("`[{name}]` is in the path, but the table places `{name}` elsewhere; read as a path parameter"))
                                .expected_found("Path", format!("{:?}", member.location)),
                        );
                        member.location = Some(Location::Path);
                    }
                    // A path cannot have a hole: the value is always required.
                    member.required = true;
                }
                None => {
                    diags.push(
                        page.diagnostic(Severity::Warning, "path-parameter", line, 1, format!("`[{name}]` is in the path but not in the parameter table; added as a required string"))
                            .expected_found(format!("a `{name}` row"), "none"),
                    );
                    let mut member = Member::new(name, Type::String);
                    member.location = Some(Location::Path);
                    member.required = true;
                    request.push(member);
                }
            }
        }
        let names = self.placeholders();
        for member in request.iter_mut() {
            if member.location == Some(Location::Path) && !names.contains(&member.name.as_str()) {
                diags.push(
                    page.diagnostic(Severity::Warning, "path-parameter", line, 1, format!("`{}` is a Path parameter the path has no `[{}]` for; sent in the query", member.name, member.name))
                        .expected_found(format!("`[{}]` in the path", member.name), self.template.clone()),
                );
                member.location = Some(Location::Query);
            }
        }
    }

    fn http(&self, request: &[Member]) -> HttpBinding {
        let has = |l: Location| request.iter().any(|m| m.location == Some(l));
        HttpBinding {
            style: Style::Roa,
            method: self.method,
            path: Some(self.template.clone()),
            body: if has(Location::Body) {
                BodyEncoding::Json
            } else if has(Location::Form) {
                BodyEncoding::Form
            } else {
                BodyEncoding::None
            },
        }
    }

    fn request_example(&self, page: &Page) -> Option<RequestExample> {
        let example = page.request_example.as_ref()?;
        let line = example.request_line.as_ref()?;
        let body = example
            .body
            .as_ref()
            .and_then(|(text, _)| body::parse_json(text).ok())
            .map(|value| value.to_string());
        let params: BTreeMap<String, String> = example.params.iter().cloned().collect();
        Some(RequestExample {
            host: example.host.clone(),
            method: line.methods.first().copied(),
            path: Some(line.path().to_string()),
            params,
            body,
        })
    }
}

#[cfg(test)]
mod path_tests {
    use super::path_fault;

    #[test]
    fn templates_that_would_leave_the_signed_resource_are_refused() {
        assert_eq!(
            path_fault("/openapi/instances/[InstanceId]/actions/recover"),
            None
        );
        assert_eq!(path_fault("/"), None);
        for bad in [
            "/openapi/../../admin/[Id]",
            "/openapi/./x",
            "/a#b",
            "/a/\"b\"",
            "/a/[Id",
            "/a/Id]",
            "/a/[[Id]]",
            "/a/[Id/x]",
            "/a/{Id",
            "/a\u{7}",
            "a/b",
        ] {
            assert!(path_fault(bad).is_some(), "{bad}");
        }
    }
}
