//! Pagination, detected from an operation's request and response members: a page number and a
//! size with a total (`PageNumber`/`PageSize`/`TotalCount`, `CurrentPage`, ROA `page`/`size` with
//! `Headers.X-Total-Count`), a token (`NextToken`/`MaxResults`), or an offset and a limit. The
//! response list that holds the items must be unambiguous; otherwise there is no paginator and a
//! warning says why (an override can set one).

use crate::diagnostics::{Diagnostics, Severity};
use crate::page::Page;
use crate::spec::model::{Member, Pagination, PagingStyle, Type};

const PAGE_NUMBER: &[&str] = &["pagenumber", "currentpage", "page", "pageno", "pagenum"];
const PAGE_SIZE: &[&str] = &["pagesize", "size", "maxresults", "limit"];
const TOKEN: &[&str] = &["nexttoken"];
const OFFSET: &[&str] = &["offset"];
const TOTAL: &[&str] = &[
    "totalcount",
    "total",
    "totalrecordcount",
    "totalnum",
    "x-total-count",
    "totalcounts",
];

/// The operation's pagination, if its members show one.
pub fn detect(
    page: &Page,
    request: &[Member],
    response: &[Member],
    diags: &mut Diagnostics,
) -> Option<Pagination> {
    let find = |names: &[&str]| {
        request
            .iter()
            .find(|m| names.contains(&m.name.to_ascii_lowercase().as_str()) && is_scalar(&m.ty))
            .map(|m| m.name.clone())
    };
    let size = find(PAGE_SIZE);
    let (style, input) = if let Some(token) = find(TOKEN) {
        (PagingStyle::Token, token)
    } else if let Some(number) = find(PAGE_NUMBER) {
        (PagingStyle::PageNumber, number)
    } else if let (Some(offset), Some(_)) = (find(OFFSET), &size) {
        (PagingStyle::Offset, offset)
    } else {
        return None;
    };
    let mut scalars = Vec::new();
    let mut lists = Vec::new();
    walk(response, "", 0, &mut scalars, &mut lists);
    let total = scalars
        .iter()
        .filter(|(path, ty, _)| {
            TOTAL.contains(&leaf(path).to_ascii_lowercase().as_str()) && is_integer(ty)
        })
        .min_by_key(|(_, _, depth)| *depth)
        .map(|(path, _, _)| path.clone());
    let next = scalars
        .iter()
        .filter(|(path, _, _)| leaf(path).eq_ignore_ascii_case("nexttoken"))
        .min_by_key(|(_, _, depth)| *depth)
        .map(|(path, _, _)| path.clone());
    if style == PagingStyle::Token && next.is_none() {
        return None;
    }
    let next = next.filter(|_| style == PagingStyle::Token);
    if style == PagingStyle::PageNumber && total.is_none() && size.is_none() {
        return None;
    }
    // The items: the shallowest list beside the total (or under the total's parent), else the
    // shallowest list; two lists at that depth is a guess not to make.
    let parent = |path: &str| {
        path.rsplit_once('.')
            .map_or(String::new(), |(p, _)| p.to_string())
    };
    let near_total: Vec<&(String, usize)> = match &total {
        Some(t) if !t.starts_with("Headers.") => {
            let base = parent(t);
            lists
                .iter()
                .filter(|(p, _)| base.is_empty() || p.starts_with(&format!("{base}.")))
                .collect()
        }
        _ => Vec::new(),
    };
    let pool: Vec<&(String, usize)> = if near_total.is_empty() {
        lists.iter().collect()
    } else {
        near_total
    };
    let shallowest = pool.iter().map(|(_, depth)| *depth).min()?;
    let candidates: Vec<&String> = pool
        .iter()
        .filter(|(_, d)| *d == shallowest)
        .map(|(p, _)| p)
        .collect();
    let [items] = candidates.as_slice() else {
        let line = page.response.first().map_or(1, |r| r.line);
        let names: Vec<&str> = candidates.iter().map(|p| p.as_str()).collect();
        diags.push(
            page.diagnostic(
                Severity::Warning,
                "pagination-ambiguous",
                line,
                1,
                format!("the operation pages by `{input}`, but the response has several lists that could hold the items ({}); no paginator", names.join(", ")),
            )
            .expected_found("one response list", format!("{}", names.len())),
        );
        return None;
    };
    Some(Pagination {
        style,
        input,
        size,
        items: (*items).clone(),
        total,
        next,
    })
}

fn is_scalar(ty: &Type) -> bool {
    matches!(ty, Type::String | Type::Integer | Type::Long)
}

fn is_integer(ty: &Type) -> bool {
    matches!(ty, Type::Integer | Type::Long | Type::String)
}

fn leaf(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// Collects scalar paths (with type and depth) and list paths (with depth) outside lists: a
/// list inside another list's items is not a page's item list.
fn walk(
    members: &[Member],
    prefix: &str,
    depth: usize,
    scalars: &mut Vec<(String, Type, usize)>,
    lists: &mut Vec<(String, usize)>,
) {
    for m in members {
        let path = if prefix.is_empty() {
            m.name.clone()
        } else {
            format!("{prefix}.{}", m.name)
        };
        match &m.ty {
            Type::Array(_) => lists.push((path, depth)),
            Type::Struct => walk(&m.members, &path, depth + 1, scalars, lists),
            ty => scalars.push((path, ty.clone(), depth)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(name: &str, ty: &str, members: Vec<Member>) -> Member {
        let mut member = Member::new(name, ty.parse().unwrap());
        member.members = members;
        member
    }

    fn detect_in(request: &[Member], response: &[Member]) -> (Option<Pagination>, Diagnostics) {
        let mut d = Diagnostics::new();
        let page = Page::default();
        (detect(&page, request, response, &mut d), d)
    }

    #[test]
    fn page_number_with_a_total_and_a_wrapped_list() {
        let request = [
            m("DomainName", "string", vec![]),
            m("PageNumber", "long", vec![]),
            m("PageSize", "long", vec![]),
        ];
        let response = [
            m("TotalCount", "long", vec![]),
            m(
                "DomainRecords",
                "struct",
                vec![m(
                    "Record",
                    "array<struct>",
                    vec![m("RR", "string", vec![])],
                )],
            ),
        ];
        let (p, _) = detect_in(&request, &response);
        let p = p.unwrap();
        assert_eq!(
            (p.style, p.input.as_str(), p.size.as_deref()),
            (PagingStyle::PageNumber, "PageNumber", Some("PageSize"))
        );
        assert_eq!(p.items, "DomainRecords.Record");
        assert_eq!(p.total.as_deref(), Some("TotalCount"));
    }

    #[test]
    fn roa_page_and_size_with_a_header_total() {
        let request = [m("page", "integer", vec![]), m("size", "integer", vec![])];
        let response = [
            m(
                "Headers",
                "struct",
                vec![m("X-Total-Count", "integer", vec![])],
            ),
            m("Result", "array<struct>", vec![m("id", "string", vec![])]),
        ];
        let p = detect_in(&request, &response).0.unwrap();
        assert_eq!(
            (p.items.as_str(), p.total.as_deref()),
            ("Result", Some("Headers.X-Total-Count"))
        );
    }

    #[test]
    fn tokens_need_a_next_token_and_lists_must_be_unambiguous() {
        let request = [
            m("NextToken", "string", vec![]),
            m("MaxResults", "integer", vec![]),
        ];
        let response = [
            m("NextToken", "string", vec![]),
            m("Keys", "array<struct>", vec![m("KeyId", "string", vec![])]),
        ];
        let p = detect_in(&request, &response).0.unwrap();
        assert_eq!(
            (p.style, p.next.as_deref(), p.items.as_str()),
            (PagingStyle::Token, Some("NextToken"), "Keys")
        );
        assert!(detect_in(&request, &response[1..]).0.is_none());
        let two = [
            m("TotalCount", "long", vec![]),
            m("A", "array<string>", vec![]),
            m("B", "array<string>", vec![]),
        ];
        let (p, d) = detect_in(
            &[
                m("PageNumber", "long", vec![]),
                m("PageSize", "long", vec![]),
            ],
            &two,
        );
        assert!(p.is_none());
        assert_eq!(d.items()[0].kind, "pagination-ambiguous");
        assert!(detect_in(&[m("Name", "string", vec![])], &two).0.is_none());
    }
}
