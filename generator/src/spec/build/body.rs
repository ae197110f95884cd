//! ROA request bodies documented in a `RequestBody` section (a table of members, often with `└`
//! children, a JSON example, or both) or only by the request example's body. An object body
//! becomes body members of the request, like `Body` rows of the parameter table; any other body
//! (a bare JSON array, a scalar, or one whose members nothing shows) becomes one payload member,
//! typed from the table and the example where they allow, else an untyped JSON value. Never
//! dropped.

use super::examples::{strip_comments, strip_trailing_commas};
use super::nesting::{self, field_from_shape};
use super::shape::Shape;
use crate::diagnostics::{Diagnostics, Severity};
use crate::page::Page;
use crate::spec::model::{Location, Member, Type};

/// Wire name of the payload member, as Alibaba's SDKs name the whole-body parameter.
pub const PAYLOAD: &str = "body";

/// Parses a JSON example as the pages write it (comments, trailing commas).
pub fn parse_json(text: &str) -> Result<serde_json::Value, serde_json::Error> {
    let cleaned = strip_trailing_commas(&strip_comments(text));
    serde_json::from_str(&cleaned)
}

/// The members of a page's documented body: body members, or one payload member.
pub fn members(page: &Page, diags: &mut Diagnostics) -> Vec<Member> {
    // The request example's body stands in for a missing RequestBody section.
    let example_body = page.request_example.as_ref().and_then(|e| e.body.as_ref());
    let example = page.body_example.as_ref().or(example_body);
    if example.is_none() && page.body.is_empty() {
        return Vec::new();
    }
    shaped(page, example, diags)
}

fn shaped(
    page: &Page,
    example_text: Option<&(String, usize)>,
    diags: &mut Diagnostics,
) -> Vec<Member> {
    let example = example_text.and_then(|(text, line)| match parse_json(text) {
        Ok(value) => Some(value),
        Err(e) => {
            diags.push(
                page.diagnostic(
                    Severity::Warning,
                    "example-json",
                    line + e.line().saturating_sub(1),
                    e.column(),
                    "the RequestBody example does not parse; the body is typed from its table alone",
                )
                .expected_found("valid JSON", e.to_string()),
            );
            None
        }
    });
    let shape = example.as_ref().map(Shape::from_json);
    let (list, item) = match shape {
        Some(Shape::Array(item)) => (true, Some(*item)),
        other => (false, other),
    };
    let members = if page.body.is_empty() {
        match item.as_ref().and_then(Shape::members) {
            Some(m) => m.iter().map(|(k, v)| field_from_shape(k, v)).collect(),
            None => Vec::new(),
        }
    } else {
        nesting::build(page, &page.body, item.as_ref(), diags)
    };
    let ty = match (&item, members.is_empty()) {
        (_, false) => Type::Struct,
        (Some(Shape::Object(_)) | None, true) => Type::Json,
        (Some(scalar), true) => nesting::scalar_of(scalar),
    };
    if !list && ty == Type::Struct {
        return members
            .into_iter()
            .map(|mut m| {
                m.location = Some(Location::Body);
                m
            })
            .collect();
    }
    let ty = if list { Type::Array(Box::new(ty)) } else { ty };
    if ty == Type::Json {
        let line =
            example_text.map_or_else(|| page.body.first().map_or(1, |r| r.line), |(_, l)| *l);
        diags.push(
            page.diagnostic(
                Severity::Warning,
                "body-untyped",
                line,
                1,
                "the RequestBody section shows no members; the body is an untyped JSON value",
            )
            .expected_found("a table of members or a JSON example", "neither that reads"),
        );
    }
    let mut member = Member::new(PAYLOAD, ty);
    member.location = Some(Location::Body);
    member.payload = true;
    member.description = "The request body.".to_string();
    member.members = members;
    vec![member]
}
