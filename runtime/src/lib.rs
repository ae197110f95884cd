//! Runtime for generated Alibaba Cloud clients.
//!
//! CONTRACT SKELETON: the names and signatures below are what generated code calls. The bodies
//! are being written; keep every name and signature here (add freely, move into modules and
//! re-export from the crate root).

use std::fmt;

/// Request parameters of one call, split by where they travel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    /// Sent in the URL query.
    pub query: Vec<(String, String)>,
    /// Sent form-encoded in the body (POST).
    pub body: Vec<(String, String)>,
}

impl Params {
    /// Writes `value` under `name` into the query (nothing for `None`, `Name.1`... for lists).
    pub fn query<V: WireValue + ?Sized>(&mut self, name: &str, value: &V) {
        value.write_to(name, &mut self.query);
    }
    /// Writes `value` under `name` into the body.
    pub fn body<V: WireValue + ?Sized>(&mut self, name: &str, value: &V) {
        value.write_to(name, &mut self.body);
    }
}

/// A value that flattens into wire parameters under a name: scalars write `name=value`,
/// `Option` writes nothing when `None`, `Vec<T>` writes `name.1`, `name.2`..., generated structs
/// write `name.Member` for each member, `serde_json::Value` writes its JSON text, maps write
/// `name.#<len>#<key>`. Booleans are lower-case.
pub trait WireValue {
    /// Appends this value's parameters under `name`.
    fn write_to(&self, name: &str, out: &mut Vec<(String, String)>);
}

/// Joins a parent parameter name and a member name: `member("Tag.1", "Key")` is `Tag.1.Key`.
pub fn member(parent: &str, name: &str) -> String {
    format!("{parent}.{name}")
}

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
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

/// An error code sent by the service, with everything the error body carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    _todo: (),
}

impl ServiceError {
    /// The `Code`.
    pub fn code(&self) -> &str {
        todo!()
    }
    /// The `Message`.
    pub fn message(&self) -> &str {
        todo!()
    }
    /// The `RequestId`, if the body had one.
    pub fn request_id(&self) -> Option<&str> {
        todo!()
    }
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        todo!()
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, _f: &mut fmt::Formatter<'_>) -> fmt::Result {
        todo!()
    }
}
impl std::error::Error for ServiceError {}

/// An operation's error enum: built from a [`ServiceError`] by its code.
pub trait OperationError: std::error::Error + From<ServiceError> + Send + Sync + 'static {
    /// The service error behind the variant.
    fn service_error(&self) -> &ServiceError;
}

/// Everything a call can end in other than success.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = ServiceError> {
    /// The service answered with an error code; `E` is the operation's enum.
    Service(E),
}

impl<E: OperationError> Error<E> {
    /// The service's error code, when the service answered with one.
    pub fn code(&self) -> Option<&str> {
        todo!()
    }
    /// The service's message, when the service answered with one.
    pub fn message(&self) -> Option<&str> {
        todo!()
    }
    /// The request id, when known.
    pub fn request_id(&self) -> Option<&str> {
        todo!()
    }
}

/// Client configuration that is missing or invalid (no credentials found, bad endpoint...).
#[derive(Debug)]
pub struct ConfigError {
    _todo: (),
}

/// Decodes one HTTP response of operation `O` exactly as [`Client::call`] does: an error body
/// becomes `Error::Service(O::Error::from(service_error))`, a success body is decoded leniently
/// into `O::Output`, anything else is a decode error that keeps the raw body.
pub fn decode_body<O: Operation>(_status: u16, _body: &[u8]) -> Result<O::Output, Error<O::Error>> {
    todo!()
}

/// A configured client: credentials, region, endpoint, timeouts, retries, transport.
#[derive(Debug, Clone)]
pub struct Client {
    _todo: (),
}

/// Builder for [`Client`].
#[derive(Debug, Default)]
pub struct ClientBuilder {
    _todo: (),
}

impl Client {
    /// A builder with the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client with the default credential chain, region from the environment or CLI profile,
    /// and default timeouts and retries.
    pub fn from_env() -> Result<Client, ConfigError> {
        todo!()
    }

    /// Calls one operation of `service`: resolves the endpoint, signs, sends, retries, decodes.
    pub async fn call<O: Operation>(&self, _service: &Service, _op: &O) -> Result<O::Output, Error<O::Error>> {
        todo!()
    }
}

/// Lenient decoding for generated response types.
///
/// Every generated response field is declared
/// `#[serde(default, deserialize_with = "alibabacloud_runtime::de::lenient")]`, and every generated
/// response struct declares `impl alibabacloud_runtime::de::Nested for X {}`.
pub mod de {
    use serde::de::DeserializeOwned;
    use serde::Deserializer;

    /// A type decoded forgivingly: numbers from strings and the reverse, booleans from
    /// `"true"`, one object where a list is declared, `null` as absent.
    pub trait Lenient: Sized {
        /// Decodes forgivingly.
        fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
    }

    /// Marker for generated structs: decoded with their own (derived) `Deserialize`, whose
    /// fields are lenient themselves.
    pub trait Nested: DeserializeOwned {}

    impl<T: Nested> Lenient for T {
        fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let _ = deserializer;
            todo!()
        }
    }

    impl Lenient for String {
        fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let _ = deserializer;
            todo!()
        }
    }

    impl<T: Lenient> Lenient for Option<T> {
        fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let _ = deserializer;
            todo!()
        }
    }

    impl<T: Lenient> Lenient for Vec<T> {
        fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let _ = deserializer;
            todo!()
        }
    }

    /// The `deserialize_with` function of every generated field.
    pub fn lenient<'de, D: Deserializer<'de>, T: Lenient>(deserializer: D) -> Result<T, D::Error> {
        T::deserialize_lenient(deserializer)
    }
}
