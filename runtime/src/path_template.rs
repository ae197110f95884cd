//! ROA paths: `/openapi/instances/[InstanceId]`, stated by generated code as pieces
//! ([`PathPiece`]), with each path parameter's value filled in.

use std::fmt::Write as _;

use crate::error::ConfigError;
use crate::escape::percent_encode_into;
use crate::params::Pair;
use crate::service::PathPiece;

/// Renders the path `pieces` with the values in `values` (name → raw value).
///
/// Each value is percent-encoded as Alibaba's `PercentEncode` does: only `A-Z a-z 0-9 - _ . ~`
/// are kept, everything else becomes `%XX`, `/` included, so a value is always one path segment.
/// Literal pieces are copied as they are. The result is the request path, the V3 CanonicalURI and
/// the classic CanonicalizedResource's path, all three the same text.
///
/// A parameter without a value is an error naming it, as is a value that is empty, `.` or `..`:
/// those would silently address another resource (`/instances/` is the list, and URL parsers
/// collapse `..`). So is literal text that a URL parser would change (dot segments, `%2e%2e`,
/// `?`, `#`, spaces, quotes, non-ASCII): the path sent must be the path signed, byte for byte.
pub(crate) fn render(pieces: &[PathPiece], values: &[Pair<'_>]) -> Result<String, ConfigError> {
    let mut out = String::with_capacity(64);
    if !matches!(pieces.first(), Some(PathPiece::Literal(text)) if text.starts_with('/')) {
        out.push('/');
    }
    for piece in pieces {
        match *piece {
            PathPiece::Literal(text) => out.push_str(text),
            PathPiece::Param(name) => {
                let value = values
                    .iter()
                    .find(|(candidate, _)| candidate == name)
                    .map(|(_, value)| value.as_ref())
                    .ok_or_else(|| {
                        ConfigError::invalid_parameter(format!(
                            "path parameter {name} has no value (the path is {})",
                            template(pieces)
                        ))
                    })?;
                if matches!(value, "" | "." | "..") {
                    return Err(ConfigError::invalid_parameter(format!(
                        "path parameter {name} is {value:?}, which would address another path \
                         than {}",
                        template(pieces)
                    )));
                }
                percent_encode_into(&mut out, value);
            }
        }
    }
    sent_as_signed(pieces, &out)?;
    Ok(out)
}

/// The path as its page writes it, `[Name]` for each parameter, for error messages.
fn template(pieces: &[PathPiece]) -> String {
    let mut text = String::new();
    for piece in pieces {
        match piece {
            PathPiece::Literal(literal) => text.push_str(literal),
            PathPiece::Param(name) => {
                let _ = write!(text, "[{name}]");
            }
        }
    }
    text
}

/// Checks that `path` goes on the wire as it is: the transport parses the request URL, and a
/// parser normalises dot segments, escapes spaces and quotes, and cuts at `?` and `#`; any such
/// change would send one path and sign another.
fn sent_as_signed(pieces: &[PathPiece], path: &str) -> Result<(), ConfigError> {
    let sent = url::Url::parse(&format!("http://h{path}"));
    match &sent {
        Ok(url) if url.path() == path && url.query().is_none() && url.fragment().is_none() => {
            Ok(())
        }
        _ => Err(ConfigError::invalid_parameter(format!(
            "the path template {:?} gives the path {path:?}, which would be sent as {:?}: \
             another path than the one signed",
            template(pieces),
            sent.as_ref()
                .map_or("nothing", |url| &url[url::Position::BeforePath..])
        ))),
    }
}

#[cfg(test)]
/// Splits a template written as its page writes it (`/things/[Id]`), as codegen does; for
/// tests, which write paths as templates.
pub(crate) fn pieces(template: &str) -> Vec<PathPiece> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('[') {
        let close = open + rest[open..].find(']').expect("closed");
        if open > 0 {
            out.push(PathPiece::Literal(leak(&rest[..open])));
        }
        out.push(PathPiece::Param(leak(&rest[open + 1..close])));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(PathPiece::Literal(leak(rest)));
    }
    out
}

#[cfg(test)]
fn leak(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ConfigErrorKind;

    fn values<'a>(list: &[(&'a str, &'a str)]) -> Vec<Pair<'a>> {
        list.iter().map(|&(n, v)| (n.into(), v.into())).collect()
    }

    fn render(template: &str, values: &[Pair<'_>]) -> Result<String, ConfigError> {
        super::render(&super::pieces(template), values)
    }

    #[test]
    fn placeholders_are_escaped_and_literals_kept() {
        assert_eq!(
            render(
                "/openapi/instances/[InstanceId]/actions/recover-zones",
                &values(&[("InstanceId", "es-cn-n6w1o1x0w001c****")])
            )
            .unwrap(),
            "/openapi/instances/es-cn-n6w1o1x0w001c%2A%2A%2A%2A/actions/recover-zones"
        );
        assert_eq!(
            render(
                "/pop/v2/api/web/applications/[ApplicationId]",
                &values(&[("ApplicationId", "app id/1~*")])
            )
            .unwrap(),
            "/pop/v2/api/web/applications/app%20id%2F1~%2A"
        );
        assert_eq!(
            render(
                "/a/[X]-[Y]/b",
                &values(&[("Y", "名"), ("X", "?&=#%+"), ("Unused", "z")])
            )
            .unwrap(),
            "/a/%3F%26%3D%23%25%2B-%E5%90%8D/b"
        );
        assert_eq!(render("/tags", &[]).unwrap(), "/tags");
        assert_eq!(render("", &[]).unwrap(), "/");
        assert_eq!(render("x/[A]", &values(&[("A", "1")])).unwrap(), "/x/1");
        // Brackets in literal text are text.
        assert_eq!(
            super::render(&[PathPiece::Literal("/a[b")], &[]).unwrap(),
            "/a[b"
        );
    }

    #[test]
    fn missing_or_path_changing_values_are_errors() {
        let error = render("/openapi/instances/[InstanceId]", &[]).unwrap_err();
        assert_eq!(error.kind(), ConfigErrorKind::InvalidParameter);
        assert!(error.to_string().contains("InstanceId"), "{error}");
        for bad in ["", ".", ".."] {
            let error = render("/i/[Id]", &values(&[("Id", bad)])).unwrap_err();
            assert!(error.to_string().contains("path parameter Id"), "{error}");
        }
        // A template a URL parser would change is refused whatever its values.
        for template in [
            "/openapi/../admin/[Id]",
            "/openapi/./[Id]",
            "/a/%2e%2e/[Id]",
            "/a/%2E./[Id]",
            "/a/[Id]#admin",
            "/a/[Id]?admin=1",
            "/a b/[Id]",
            "/a/\"q\"/[Id]",
            "/a/\u{1}/[Id]",
            "/名/[Id]",
            "/a\\b/[Id]",
        ] {
            let error = render(template, &values(&[("Id", "x")])).unwrap_err();
            assert_eq!(error.kind(), ConfigErrorKind::InvalidParameter);
            assert!(
                error
                    .to_string()
                    .contains("another path than the one signed"),
                "{error}"
            );
        }
        // Dots inside a longer value are ordinary characters.
        assert_eq!(
            render("/i/[Id]", &values(&[("Id", "...")])).unwrap(),
            "/i/..."
        );
    }
}
