//! Parameters a request sends beyond those its API reference page lists ([`Extra`]).

use std::fmt;

/// Parameters to send with a request beyond those its operation writes: for a parameter the API
/// reference page lacks, or one newer than the generated crate.
///
/// Each parameter is a name and a text value, sent exactly as given (no `.1` flattening: write
/// `Tag.1.Key` yourself) in the order added, and signed like the operation's own parameters
/// (query and body parameters always; headers as the scheme signs them: `x-acs-*` headers under
/// V3 and the classic ROA signature, none under V1).
/// [`Params::extra`](crate::Params::extra) writes them after the operation's parameters:
///
/// - [`Extra::query`]: into the URL query;
/// - [`Extra::body`]: into the form body (RPC operations, and ROA operations with a form body or
///   none), or as a top-level string member of the JSON object body of an ROA operation that
///   writes one;
/// - [`Extra::header`]: as a request header.
///
/// A name the request already carries is refused, not overridden: the call fails before
/// anything is sent with a [`ConfigError`](crate::ConfigError) of kind
/// [`InvalidParameter`](crate::ConfigErrorKind::InvalidParameter) naming it. That covers the
/// operation's own query and form parameters (for a query or form extra), the JSON body's
/// top-level members (for a JSON extra), its headers and the headers the runtime sets (for a
/// header extra, compared ignoring case), the common RPC parameters (`Action`, `Version`,
/// `Signature`...), and an extra of the same name added earlier. An optional parameter the
/// request leaves unset is not sent, so an extra may stand in for it. An empty name, and a
/// header that is not valid HTTP (a name with a space, a value with a line break), are refused
/// the same way.
///
/// Its `Debug` output shows the names, never the values, which may be secrets.
///
/// ```
/// use alibabacloud_runtime::Extra;
///
/// let mut extra = Extra::new();
/// extra.query("Tag.1.Key", "team").query("Tag.1.Value", "storage");
/// extra.header("x-acs-trace-id", "t-1");
/// assert_eq!(
///     format!("{extra:?}"),
///     r#"Extra { query: ["Tag.1.Key", "Tag.1.Value"], body: [], headers: ["x-acs-trace-id"] }"#
/// );
/// ```
///
/// Generated request structs hold one and expose it as `extra_query`, `extra_body` and
/// `extra_header`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Extra {
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
}

impl Extra {
    /// No extra parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a query parameter.
    pub fn query(&mut self, name: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds a body parameter: a form field, or a top-level string member of a JSON body.
    pub fn body(&mut self, name: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.body.push((name.into(), value.into()));
        self
    }

    /// Adds a request header.
    pub fn header(&mut self, name: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Whether no parameter was added.
    pub fn is_empty(&self) -> bool {
        self.query.is_empty() && self.body.is_empty() && self.headers.is_empty()
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn names(pairs: &[(String, String)]) -> Vec<&str> {
            pairs.iter().map(|(name, _)| name.as_str()).collect()
        }
        let (query, body, headers) = (names(&self.query), names(&self.body), names(&self.headers));
        f.debug_struct("Extra")
            .field("query", &query)
            .field("body", &body)
            .field("headers", &headers)
            .finish()
    }
}
