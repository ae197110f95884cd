//! Page model → operation spec.
//!
//! The page says things in several places that can disagree (title, explorer link, `Action`
//! row, request example); this stage picks one, says which, and reports the disagreement.

mod binding;
mod body;
mod examples;
mod idempotency;
mod nesting;
mod paging;
mod params;
pub mod sensitivity;
mod shape;
mod values;
mod xml;

pub use params::{is_common, COMMON};

use crate::diagnostics::{Diagnostics, Severity};
use crate::page::Page;
use crate::spec::model::{
    ClientValue, ErrorCode, Examples, Location as ParamLocation, Member, OperationSpec, Source,
    StructureFrom, Type,
};
use crate::spec::product::ProductConfig;
use crate::spec::wire;
use shape::Shape;

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
    if !is_version(&version) {
        // The version becomes a directory and a module name: only a date is taken.
        let (line, column) = explorer
            .filter(|e| e.version.is_some())
            .map_or((1, 1), |e| (e.line, e.column));
        diags.push(
            page.diagnostic(
                Severity::Error,
                "invalid-version",
                line,
                column,
                format!("the API version `{version}` is not a date"),
            )
            .expected_found(
                "a version written YYYY-MM-DD (`2019-03-01`)",
                format!("`{version}`"),
            ),
        );
        return None;
    }
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
    let binding = binding::for_page(page, product, diags)?;
    let mut request = params::build(page, binding.locations(), diags);
    binding.complete(page, &mut request, diags);
    let http = binding.http(&request);
    let top_names: Vec<&str> = page.response.iter().map(|r| r.name.as_str()).collect();
    let read = examples::read(page, &|n| top_names.contains(&n), diags);
    let shape = nesting::envelope(read.shape.clone(), &page.response);
    let mut response = nesting::build(page, &page.response, shape.as_ref(), diags);
    if page.response.is_empty() {
        response = response_from_example(page, &name, shape.as_ref(), diags);
    }
    add_prose_fields(page, shape.as_ref(), &mut response, diags);
    let errors = errors(page);
    let request_example = binding.request_example(page);
    cap_depth(page, &mut request, &mut response, diags);
    values::settle(&mut request);
    values::settle(&mut response);
    sensitivity::settle(&mut request);
    sensitivity::settle(&mut response);
    region_from_client(&mut request);
    let endpoint = page.request_example.as_ref().and_then(|r| r.host.clone());
    let idempotency = idempotency::decide(&name, &http, &request);

    Some(OperationSpec {
        name,
        product: code,
        version,
        summary: page
            .summary
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default(),
        description: page.description.clone(),
        summary_en: String::new(),
        description_en: String::new(),
        source: Source {
            page: page.file.clone(),
            revision: revision(&page.file),
        },
        source_en: None,
        structure: StructureFrom::Source,
        http,
        endpoint,
        pagination: paging::detect(page, &request, &response, diags),
        idempotency,
        waiters: Vec::new(),
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

/// Takes again the decisions that follow from member names (the client's region, the
/// idempotency token), after members were renamed or merged (`spec::bilingual`).
pub(crate) fn settle_name_decisions(spec: &mut OperationSpec) {
    region_from_client(&mut spec.request);
    spec.idempotency = idempotency::decide(&spec.name, &spec.http, &spec.request);
}

/// A top-level `RegionId` text parameter in the query is the region of the call: every RPC call
/// needs one, so pages mark it required, and the client already has one. The client fills it
/// when the request leaves it unset, so users give the region once.
fn region_from_client(request: &mut [Member]) {
    for member in request {
        if member.name == "RegionId"
            && member.ty == Type::String
            && member.location == Some(ParamLocation::Query)
            && member.values.is_empty()
        {
            member.from_client = Some(ClientValue::Region);
        }
    }
}

/// True for an action name: ASCII letters and digits, starting with a capital, or in lower
/// camel case (elasticsearch's `createInstance`, so named in its explorer link and SDKs).
fn is_action(text: &str) -> bool {
    let first = text.chars().next();
    let lower_camel = first.is_some_and(|c| c.is_ascii_lowercase())
        && text.chars().any(|c| c.is_ascii_uppercase());
    (first.is_some_and(|c| c.is_ascii_uppercase()) || lower_camel)
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
    if let Some(row) = page.request.iter().find(|r| r.name == "Action") {
        let from_example = row
            .example
            .as_deref()
            .unwrap_or_default()
            .trim_matches(|c: char| c.is_whitespace() || c == '*' || c == '`')
            .to_string();
        let from_text = crate::page::values::stated_name(&row.description);
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
    let chosen = choose_name(&candidates)?;
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

/// The name the sources agree on. Each source votes for its name, compared without case; the
/// name with the most votes wins, a tie going to the earlier source (the explorer link first).
/// So one source that names another API (an explorer link copied from another page) is
/// outvoted by the title and the `Action` row that agree. When the winning spelling is
/// lower-cased (`Describecdndomaindetail`, translation damage), a source's spelling of the same
/// name with capitals is taken: a translation lower-cases names, it never adds capitals.
fn choose_name(candidates: &[Candidate]) -> Option<&Candidate> {
    let actions: Vec<&Candidate> = candidates.iter().filter(|(n, ..)| is_action(n)).collect();
    let votes = |name: &str| {
        actions
            .iter()
            .filter(|(other, ..)| other.eq_ignore_ascii_case(name))
            .count()
    };
    let mut best: Option<(&Candidate, usize)> = None;
    for &candidate in &actions {
        let count = votes(&candidate.0);
        if best.is_none_or(|(_, most)| count > most) {
            best = Some((candidate, count));
        }
    }
    let (winner, _) = best?;
    let capitals = |name: &str| name.chars().filter(char::is_ascii_uppercase).count();
    let mut spelling = winner;
    // Only a name with no capital after its first letter is taken for lower-cased; otherwise
    // the sources' spellings (`DescribeAutoSnapshotPolicyEx`, `…EX`) are left to the order.
    let lowered = capitals(&winner.0) <= 1;
    for &candidate in &actions {
        if lowered
            && candidate.0.eq_ignore_ascii_case(&winner.0)
            && capitals(&candidate.0) > capitals(&spelling.0)
        {
            spelling = candidate;
        }
    }
    Some(spelling)
}

/// A name for the operation, with the source that gives it and where: (name, source, line,
/// column).
type Candidate = (String, &'static str, usize, usize);

/// `2019-09-12_889536aa.md` → `2019-09-12`.
/// True for an API version as Alibaba writes them: a date, `YYYY-MM-DD`.
pub(crate) fn is_version(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// The revision date of a `<date>_<blob>.md` page name.
pub(crate) fn revision(file: &str) -> Option<String> {
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

/// The response of a page with no response table, read from its JSON example, when it has one
/// (older pages give only the example): the fields and their types as the example shows them,
/// reported so that a maintainer can check them. An example that is one object under the
/// action's name (`{"CreateX": {...}}`) is read from inside it.
fn response_from_example(
    page: &Page,
    action: &str,
    shape: Option<&shape::Shape>,
    diags: &mut Diagnostics,
) -> Vec<crate::spec::model::Member> {
    let Some(shape::Shape::Object(members)) = shape else {
        return Vec::new();
    };
    let members = match members.iter().next() {
        Some((key, shape::Shape::Object(inner)))
            if members.len() == 1
                && !action.is_empty()
                && (key == action || key.strip_suffix("Response") == Some(action)) =>
        {
            inner
        }
        _ => members,
    };
    if members.is_empty() {
        return Vec::new();
    }
    let line = page
        .responses
        .iter()
        .find(|r| r.kind == crate::page::ExampleKind::Json && !r.error)
        .map_or(1, |r| r.line);
    diags.push(
        page.diagnostic(
            Severity::Warning,
            "response-from-example",
            line,
            1,
            format!(
                "the page has no response table; the {} fields of its JSON example are the response, typed from their values",
                members.len()
            ),
        )
        .expected_found("a response table", "only an example"),
    );
    members
        .iter()
        .map(|(name, shape)| nesting::field_from_shape(name, shape))
        .collect()
}

/// Keeps both trees within [`wire::MAX_DEPTH`] levels, so every spec loads back; what is cut
/// becomes an untyped value, reported where the deep part was read from.
fn cap_depth(
    page: &Page,
    request: &mut [crate::spec::model::Member],
    response: &mut [crate::spec::model::Member],
    diags: &mut Diagnostics,
) {
    use crate::spec::model::Type;
    let sides = [
        (
            request,
            Type::Json,
            "request",
            page.body_example
                .as_ref()
                .map(|(_, l)| *l)
                .or(page.request.first().map(|r| r.line)),
        ),
        (
            response,
            Type::Any,
            "response",
            page.responses
                .first()
                .map(|r| r.line)
                .or(page.response.first().map(|r| r.line)),
        ),
    ];
    for (members, untyped, side, line) in sides {
        if wire::cap_depth(members, &untyped) {
            diags.push(
                page.diagnostic(
                    Severity::Warning,
                    "nesting-too-deep",
                    line.unwrap_or(1),
                    1,
                    format!("the {side} nests deeper than {} levels; what lies deeper is kept as an untyped JSON value", wire::MAX_DEPTH),
                )
                .expected_found(format!("at most {} levels", wire::MAX_DEPTH), "more"),
            );
        }
    }
}

/// The error table, in page order, exact duplicates dropped.
fn errors(page: &Page) -> Vec<ErrorCode> {
    let mut out: Vec<ErrorCode> = Vec::new();
    for r in &page.errors {
        let e = ErrorCode {
            code: r.code.clone(),
            http_status: r.http_status,
            message: r.message.clone(),
            description: r.description.clone(),
            description_en: String::new(),
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

/// Response fields the page names only in prose (documented on another page) take their
/// members from this page's example; without one they cannot be typed and are reported.
fn add_prose_fields(
    page: &Page,
    shape: Option<&Shape>,
    response: &mut Vec<Member>,
    diags: &mut Diagnostics,
) {
    for field in &page.response_in_prose {
        if response.iter().any(|m| m.name == field.name) {
            continue;
        }
        match shape.and_then(Shape::members).and_then(|m| m.get(&field.name)) {
            Some(shown) => {
                let mut member = nesting::field_from_shape(&field.name, shown);
                member.description = field.sentence.clone();
                response.push(member);
                diags.push(
                    page.diagnostic(Severity::Warning, "field-from-example", field.line, 1, format!("`{}` is documented on another page; its members are read from this page's example", field.name))
                        .expected_found(format!("a table row for `{}`", field.name), "a sentence naming it"),
                );
            }
            None => diags.push(
                page.diagnostic(Severity::Warning, "field-not-shown", field.line, 1, format!("the response names `{}` in prose, but neither the table nor the example shows it; it is left out", field.name))
                    .expected_found(format!("`{}` in the example", field.name), "no such key"),
            ),
        }
    }
}

#[cfg(test)]
mod tests;
