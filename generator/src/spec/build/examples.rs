//! Response examples: JSON made valid (comments stripped, `XxxResponse` wrapper removed),
//! XML kept as written when it reads, and the shape of both for the nesting stage.

use super::shape::{merge, Shape};
use super::xml;
use crate::diagnostics::{Diagnostics, Severity};
use crate::page::{ExampleKind, Page, ResponseExample};

/// The examples as they go into the spec, and their merged shape.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Read {
    /// Valid JSON text of the success response.
    pub json: Option<String>,
    /// XML text of the success response.
    pub xml: Option<String>,
    /// Valid JSON text of an error response.
    pub error_json: Option<String>,
    /// Merged shape of the success examples (JSON wins over XML where they disagree).
    pub shape: Option<Shape>,
}

/// Reads the page's response examples. `is_top_field` tells whether a name is a top-level
/// response field, to recognise an XML root element that only wraps the response.
pub fn read(page: &Page, is_top_field: &dyn Fn(&str) -> bool, diags: &mut Diagnostics) -> Read {
    let mut out = Read::default();
    let mut json_shape = None;
    let mut xml_shape = None;
    for example in &page.responses {
        match (example.kind, example.error) {
            (ExampleKind::Json, false) if out.json.is_none() => {
                if let Some((text, value)) = json(page, example, diags) {
                    if is_error_body(&value) {
                        // Filed under the success heading, but only an error body
                        // (slb DeleteLoadBalancer shows OperationDenied.DeleteProtectionIsOn).
                        if out.error_json.is_none() {
                            out.error_json = Some(text);
                        }
                        continue;
                    }
                    json_shape = Some(Shape::from_json(&value));
                    out.json = Some(text);
                }
            }
            (ExampleKind::Json, true) if out.error_json.is_none() => {
                out.error_json = json(page, example, diags).map(|(text, _)| text);
            }
            (ExampleKind::Xml, false) if out.xml.is_none() => {
                let text = strip_comment_lines(&example.text);
                match xml::parse(&text) {
                    Ok(elements) => {
                        let top = match elements.as_slice() {
                            [root] if !root.children.is_empty() && !is_top_field(&root.name) => {
                                &root.children
                            }
                            _ => &elements,
                        };
                        xml_shape = Some(Shape::from_xml(top));
                        out.xml = Some(text.trim().to_string());
                    }
                    Err(e) => {
                        let line = example.line
                            + text.get(..e.offset).map_or(0, |t| t.matches('\n').count());
                        diags.push(
                            page.diagnostic(
                                Severity::Warning,
                                "example-xml",
                                line,
                                1,
                                "XML example does not parse; left out of the spec",
                            )
                            .expected_found("well-formed XML", e.message),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    out.shape = match (json_shape, xml_shape) {
        (Some(j), Some(x)) => Some(merge(j, x)),
        (j, x) => j.or(x),
    };
    out
}

/// An object holding only the keys of an error body, with a `Code` that is not a success code
/// and a `Message`: an error response, whatever heading the page put it under.
fn is_error_body(value: &serde_json::Value) -> bool {
    const ERROR_KEYS: &[&str] = &["RequestId", "HostId", "Code", "Message", "Recommend"];
    let serde_json::Value::Object(map) = value else {
        return false;
    };
    let failure_code = match map.get("Code") {
        Some(serde_json::Value::String(code)) => {
            let code = code.trim();
            !code.is_empty()
                && code.parse::<f64>().is_err()
                && !["success", "ok", "true"].contains(&code.to_ascii_lowercase().as_str())
        }
        _ => false,
    };
    failure_code
        && map.contains_key("Message")
        && map.keys().all(|k| ERROR_KEYS.contains(&k.as_str()))
}

/// Parses a JSON example; returns the text for the spec and the value.
fn json(
    page: &Page,
    example: &ResponseExample,
    diags: &mut Diagnostics,
) -> Option<(String, serde_json::Value)> {
    let cleaned = strip_comments(&example.text);
    let cleaned = strip_trailing_commas(&cleaned);
    let value: serde_json::Value = match serde_json::from_str(&cleaned) {
        Ok(v) => v,
        Err(e) => {
            diags.push(
                page.diagnostic(
                    Severity::Warning,
                    "example-json",
                    example.line + e.line().saturating_sub(1),
                    e.column(),
                    "JSON example does not parse; left out of the spec",
                )
                .expected_found("valid JSON", e.to_string()),
            );
            return None;
        }
    };
    let text = reformat(&cleaned);
    match unwrap_response(&value) {
        Some(inner) => Some((unwrap_text(&text), inner.clone())),
        None => Some((text, value)),
    }
}

/// Re-indents valid JSON text with two spaces, keeping the page's key order (a parsed map
/// would sort it). Empty objects and arrays stay `{}` / `[]`.
pub fn reformat(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let chars: Vec<char> = json
        .chars()
        .filter(|c| !c.is_control() || *c == '\t')
        .collect();
    let mut i = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    while let Some(&c) = chars.get(i) {
        i += 1;
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                let close = if c == '{' { '}' } else { ']' };
                let next = chars
                    .get(i..)
                    .unwrap_or_default()
                    .iter()
                    .position(|c| !c.is_whitespace());
                if let Some(n) = next.filter(|&n| chars.get(i + n) == Some(&close)) {
                    out.push(c);
                    out.push(close);
                    i += n + 1;
                } else {
                    out.push(c);
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// Removes the one-key wrapper object from reformatted text: drops the first and last lines
/// and one indentation level, and opens the inner object on the first line.
fn unwrap_text(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let inner = lines
        .get(1..lines.len().saturating_sub(1))
        .unwrap_or_default();
    let mut out: Vec<String> = inner
        .iter()
        .map(|l| l.strip_prefix("  ").unwrap_or(l).to_string())
        .collect();
    if let Some(first) = out.first_mut() {
        if let Some(at) = first.find('{') {
            *first = first.get(at..).unwrap_or_default().to_string();
        }
    }
    out.join("\n")
}

/// `{"XxxResponse": {...}}` → the inner object.
fn unwrap_response(value: &serde_json::Value) -> Option<&serde_json::Value> {
    let map = value.as_object()?;
    if map.len() != 1 {
        return None;
    }
    let (key, inner) = map.iter().next()?;
    (key.ends_with("Response") && inner.is_object()).then_some(inner)
}

/// Removes lines that are only a `//` comment.
fn strip_comment_lines(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Removes `//` comments outside strings (`//json response`, `"a": 1 // note`).
pub fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_string = false;
        let mut escaped = false;
        let mut cut = line.len();
        let mut prev = ' ';
        for (i, c) in line.char_indices() {
            if in_string {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_string = false;
                }
            } else if c == '"' {
                in_string = true;
            } else if c == '/' && prev == '/' {
                cut = i - 1;
                break;
            }
            prev = c;
        }
        out.push_str(line.get(..cut).unwrap_or(line));
        out.push('\n');
    }
    out
}

/// Removes a `,` that directly precedes `}` or `]` (outside strings).
pub fn strip_trailing_commas(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if c == ',' {
            let next = chars
                .get(i + 1..)
                .unwrap_or_default()
                .iter()
                .find(|c| !c.is_whitespace());
            if matches!(next, Some('}') | Some(']')) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_with(examples: &str) -> (Read, Diagnostics) {
        let text = format!("# X\n\n## 示例\n\n正常返回示例\n\n{examples}");
        let mut d = Diagnostics::new();
        let page = crate::page::read("x.md", &text, &mut d);
        let r = read(&page, &|n| n == "A", &mut d);
        (r, d)
    }

    #[test]
    fn strips_comments_and_wrappers() {
        let (r, d) = page_with(
            "```\n//json response\n{\"XResponse\": {\"A\": \"x // y\", \"B\": [1,],}}\n```\n",
        );
        assert!(d.items().is_empty());
        assert_eq!(
            r.json.as_deref(),
            Some("{\n  \"A\": \"x // y\",\n  \"B\": [\n    1\n  ]\n}")
        );
        let (r, _) = page_with("```\n{\"Z\":1, \"A\" : {\"s\": \"a\\\"{,\"}, \"E\": { }}\n```\n");
        assert_eq!(
            r.json.as_deref(),
            Some("{\n  \"Z\": 1,\n  \"A\": {\n    \"s\": \"a\\\"{,\"\n  },\n  \"E\": {}\n}")
        );
    }

    #[test]
    fn an_error_body_under_the_success_heading_is_the_error_example() {
        let error = "{\"RequestId\":\"r\",\"HostId\":\"slb.aliyuncs.com\",\"Code\":\"OperationDenied\",\"Message\":\"no\"}";
        assert!(is_error_body(&serde_json::from_str(error).unwrap()));
        for success in [
            "{\"RequestId\":\"r\",\"Code\":\"200\",\"Message\":\"ok\"}",
            "{\"RequestId\":\"r\",\"Code\":\"Success\",\"Message\":\"\"}",
            "{\"RequestId\":\"r\",\"Code\":\"E\",\"Message\":\"m\",\"Data\":1}",
        ] {
            assert!(
                !is_error_body(&serde_json::from_str(success).unwrap()),
                "{success}"
            );
        }
    }

    #[test]
    fn broken_json_is_reported() {
        let (r, d) = page_with("```\n{\"A\": \n```\n");
        assert!(r.json.is_none());
        assert_eq!(d.items()[0].kind, "example-json");
    }

    #[test]
    fn xml_root_wrapper_is_seen_through() {
        let (r, _) = page_with("```\n<KMS><A>1</A><L><X>1</X></L><L><X>2</X></L></KMS>\n```\n");
        let shape = r.shape.unwrap();
        assert!(matches!(
            shape.members().and_then(|m| m.get("L")),
            Some(Shape::Array(_))
        ));
        let (r, _) = page_with("```\n<A><B>1</B></A>\n```\n");
        assert!(r.shape.unwrap().members().unwrap().contains_key("A"));
    }
}
