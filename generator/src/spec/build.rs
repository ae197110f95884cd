//! Page model → operation spec.
//!
//! The page says things in several places that can disagree (title, explorer link, `Action`
//! row, request example); this stage picks one, says which, and reports the disagreement.

mod examples;
mod nesting;
mod params;
mod shape;
mod types;
mod xml;

pub use params::{is_common, segments, Segment, COMMON};
pub use types::{hint as type_hint, TypeHint};

use crate::diagnostics::{Diagnostics, Severity};
use crate::markdown::cells::clean_word;
use crate::page::{Column, Page};
use crate::spec::model::{ErrorCode, Examples, OperationSpec, RequestExample, Source, Style};
use crate::spec::product::ProductConfig;

/// Page → spec. `None` (with at least one Error diagnostic pushed) when the page cannot give
/// an operation. `product` gives the version fallback and the method.
pub fn build(
    page: &Page,
    product: &ProductConfig,
    diags: &mut Diagnostics,
) -> Option<OperationSpec> {
    let Some(name) = name(page, diags) else {
        no_name(page, diags);
        return None;
    };
    let explorer = page.explorer.as_ref();
    let version = match (
        explorer.and_then(|e| e.version.clone()),
        &product.default_version,
    ) {
        (Some(v), _) => v,
        (None, Some(v)) => v.clone(),
        (None, None) => {
            let line =
                explorer.map_or_else(|| page.title.as_ref().map_or(1, |t| t.line), |e| e.line);
            diags.push(
                page.diagnostic(Severity::Error, "missing-version", line, 1, "the page names no API version and the product has no default_version")
                    .expected_found("`version=` in the OpenAPI Explorer link, or `default_version` in the product configuration", "neither"),
            );
            return None;
        }
    };
    let code = match explorer.and_then(|e| e.product.clone()) {
        Some(p) => {
            if !p.eq_ignore_ascii_case(&product.code) {
                if let Some(e) = explorer {
                    diags.push(
                        page.diagnostic(Severity::Warning, "product-mismatch", e.line, e.column, format!("the explorer link names product `{p}`; the configuration says `{}`, which is used", product.code))
                            .expected_found(format!("`{}`", product.code), format!("`{p}`")),
                    );
                }
            }
            product.code.clone()
        }
        None => product.code.clone(),
    };
    let style = match explorer
        .and_then(|e| e.style.as_deref())
        .map(str::to_ascii_uppercase)
        .as_deref()
    {
        Some("ROA") => Style::Roa,
        _ => Style::Rpc,
    };

    let request = params::build(page, diags);
    let top_names: Vec<String> = page
        .response
        .iter()
        .map(|r| {
            clean_word(r.text(Column::Name))
                .trim_start_matches('└')
                .to_string()
        })
        .collect();
    let read = examples::read(page, &|n| top_names.iter().any(|t| t == n), diags);
    let response = nesting::build(page, read.shape.as_ref(), diags);
    let errors = errors(page);
    let request_example = page.request_example.as_ref().map(|r| RequestExample {
        host: r.host.clone(),
        params: r
            .params
            .iter()
            .filter(|(k, _)| !is_common(k))
            .cloned()
            .collect(),
    });
    let endpoint = page.request_example.as_ref().and_then(|r| r.host.clone());

    Some(OperationSpec {
        name,
        product: code,
        version,
        style,
        method: product.method,
        summary: page
            .summary
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default(),
        description: page.description.clone(),
        source: Source {
            page: page.file.clone(),
            revision: revision(&page.file),
        },
        endpoint,
        request,
        response,
        errors,
        examples: Examples {
            request: request_example,
            json: read.json,
            xml: read.xml,
            error_json: read.error_json,
        },
    })
}

/// True for an action name: ASCII letters and digits, starting with a capital.
fn is_action(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && text.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The operation name: explorer `api=`, else the `Action` row, else an identifier title,
/// else the request example (last, because its `Action=` is hand-typed and has typos such as
/// `CreareAlias`). Disagreements are warnings.
fn name(page: &Page, diags: &mut Diagnostics) -> Option<String> {
    let mut candidates: Vec<(String, &'static str, usize, usize)> = Vec::new();
    if let Some(e) = &page.explorer {
        if let Some(api) = &e.api {
            candidates.push((api.clone(), "the OpenAPI Explorer link", e.line, e.column));
        }
    }
    if let Some(row) = page
        .request
        .iter()
        .find(|r| clean_word(r.text(Column::Name)) == "Action")
    {
        let from_example = clean_word(row.text(Column::Example));
        let from_text = action_in_description(row.text(Column::Description));
        let value = if is_action(&from_example) {
            Some(from_example)
        } else {
            from_text
        };
        if let Some(v) = value {
            candidates.push((v, "the Action row", row.line, 1));
        }
    }
    if let Some(t) = &page.title {
        candidates.push((t.text.trim().to_string(), "the title", t.line, t.column));
    }
    if let Some(r) = &page.request_example {
        if let Some((_, v)) = r.params.iter().find(|(k, _)| k == "Action") {
            candidates.push((v.clone(), "the request example", r.line, 1));
        }
    }
    let chosen = candidates.iter().find(|(n, ..)| is_action(n))?;
    for (other, source, line, column) in &candidates {
        if is_action(other) && other != &chosen.0 {
            diags.push(
                page.diagnostic(
                    Severity::Warning,
                    "name-mismatch",
                    *line,
                    *column,
                    format!(
                        "{source} names the API `{other}`; `{}` from {} is used",
                        chosen.0, chosen.1
                    ),
                )
                .expected_found(format!("`{}`", chosen.0), format!("`{other}`")),
            );
        }
    }
    Some(chosen.0.clone())
}

/// `取值：**CreateKey**` → `CreateKey`; also the plain `取值：QueryMetricMeta` of older pages.
fn action_in_description(text: &str) -> Option<String> {
    let bold = text.split("**").map(str::trim).find(|s| is_action(s));
    let plain = || {
        let (_, after) = text.split_once("取值")?;
        let after = after.trim_start_matches([':', '：', ' ', '\u{a0}']);
        let word: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        is_action(&word).then_some(word)
    };
    bold.map(str::to_string).or_else(plain)
}

/// `2019-09-12_889536aa.md` → `2019-09-12`.
fn revision(file: &str) -> Option<String> {
    let base = file.rsplit(['/', '\\']).next()?;
    let (date, _) = base.split_once('_')?;
    let parts: Vec<&str> = date.split('-').collect();
    let ok = parts.len() == 3
        && parts
            .iter()
            .zip([4, 2, 2])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_digit()));
    (ok && base.ends_with(".md")).then(|| date.to_string())
}

/// The error table, in page order, exact duplicates dropped.
fn errors(page: &Page) -> Vec<ErrorCode> {
    let mut out: Vec<ErrorCode> = Vec::new();
    for r in &page.errors {
        let code = clean_word(r.text(Column::ErrorCode));
        if code.is_empty() {
            continue;
        }
        let status = r.text(Column::HttpStatus).trim().parse::<u16>().ok();
        let e = ErrorCode {
            code,
            http_status: status,
            message: r.text(Column::ErrorMessage).to_string(),
            description: r.text(Column::Description).to_string(),
        };
        if !out.contains(&e) {
            out.push(e);
        }
    }
    out
}

/// Reports a page that names no API. One with no parameter or response table either is not an
/// API reference at all (a guide filed among the API pages): it is a warning and the page is
/// left out, so it does not block the product's other pages.
fn no_name(page: &Page, diags: &mut Diagnostics) {
    let line = page.title.as_ref().map_or(1, |t| t.line);
    if page.request.is_empty() && page.response.is_empty() {
        diags.push(
            page.diagnostic(
                Severity::Warning,
                "not-an-api",
                line,
                1,
                "this page is not an API reference (no action name, no parameter or response table); it is left out",
            )
            .expected_found(
                "an action name and a request or response table",
                "neither",
            ),
        );
        return;
    }
    diags.push(
        page.diagnostic(
            Severity::Error,
            "missing-name",
            line,
            1,
            "cannot tell which API this page documents",
        )
        .expected_found(
            "an action name in the explorer link, the Action row, the request example or the title",
            "none",
        ),
    );
}

#[cfg(test)]
mod tests;
