//! How generated code describes products and operations.

use crate::error::OperationError;
use crate::params::Params;

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
}

impl Method {
    /// The method's name as it appears in a request line and in the string to sign.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

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
pub trait Operation: Send + Sync {
    /// The decoded success response.
    type Output: serde::de::DeserializeOwned + Send + 'static;
    /// The operation's error enum.
    type Error: OperationError;
    /// The `Action` parameter.
    const ACTION: &'static str;
    /// The HTTP method.
    const METHOD: Method;
    /// Writes the operation's own parameters (not the common ones).
    fn write_params(&self, params: &mut Params);
}
