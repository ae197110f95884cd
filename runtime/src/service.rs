//! How generated code describes products and operations.

use crate::error::OperationError;
use crate::http::Method;
use crate::params::Params;

/// How a product's endpoint host is found.
#[derive(Debug, Clone, Copy)]
pub struct EndpointRule {
    /// Host prefix: `linkwan` → `linkwan.<region>.aliyuncs.com`.
    pub prefix: &'static str,
    /// Whether the product needs a region (else `<prefix>.aliyuncs.com`).
    pub regional: bool,
    /// Region id → host, for hosts that do not follow the rule.
    pub hosts: &'static [(&'static str, &'static str)],
}

/// One product version, as generated code describes it.
#[derive(Debug, Clone, Copy)]
pub struct Service {
    /// Product code (`LinkWAN`).
    pub product: &'static str,
    /// API version (`2018-12-30`).
    pub version: &'static str,
    /// Endpoint rule.
    pub endpoint: EndpointRule,
}

/// One operation's request. Implemented by every generated request struct.
///
/// An RPC operation (the default) sends its parameters in the query and a form body. An ROA
/// (REST-style) operation sets [`Operation::PATH`]: it has its own path, path parameters, and a
/// JSON or form body.
pub trait Operation: Send + Sync {
    /// The decoded success response.
    type Output: serde::de::DeserializeOwned + Send + 'static;
    /// The operation's error enum.
    type Error: OperationError;
    /// The `Action` parameter (RPC), or the `x-acs-action` header (ROA).
    const ACTION: &'static str;
    /// The HTTP method.
    const METHOD: Method;
    /// For an ROA operation, its path template with `[Name]` placeholders, each filled with the
    /// percent-encoded value written by [`Params::path`]:
    /// `Some("/openapi/instances/[InstanceId]/actions/recover-zones")`. `None` (the default)
    /// means RPC.
    const PATH: Option<&'static str> = None;
    /// Writes the operation's own parameters (not the common ones).
    fn write_params(&self, params: &mut Params);
}

/// The two request styles, told apart by [`Operation::PATH`]; they differ in how a request is
/// laid out and signed and in how a success body is recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
    /// Everything in the query and a form body, path `/`.
    Rpc,
    /// A path of its own, a query, a JSON or form body.
    Roa,
}

impl Protocol {
    /// The style of operation `O`.
    pub(crate) fn of<O: Operation>() -> Protocol {
        if O::PATH.is_some() {
            Protocol::Roa
        } else {
            Protocol::Rpc
        }
    }
}
