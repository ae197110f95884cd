//! Runtime for generated Alibaba Cloud clients: signing (RPC signature V1 and V3; for ROA, V3 or
//! the classic ROA signature), credentials, endpoints, transport, retries, errors and lenient
//! response decoding.
//!
//! Generated crates describe each product with a [`Service`] and each operation with a request
//! struct implementing [`Operation`]; a [`Client`] calls them. An RPC operation sends its
//! parameters in the query and a form body; an ROA (REST-style) operation states its path and
//! body encoding in [`Operation::STYLE`] and writes path parameters, a query, and a JSON or form
//! body (see [`Params`]). The ROA example is at the end.
//!
//! Calls need a Tokio 1.x runtime with the time driver, and the default transport also needs
//! the IO driver (`#[tokio::main]`, or a runtime built with `enable_all()`); a call elsewhere
//! fails with a [`ConfigErrorKind::Runtime`] error instead of a panic. Failed attempts are
//! retried according to what they say about the request (see [`RetryPolicy`]): a request that
//! may have run is repeated only for operations that are safe to repeat
//! ([`Operation::IDEMPOTENT`], [`Operation::CLIENT_TOKEN`]).
//!
//! Feature `testing` adds the module `testing`: a mock transport that answers calls by typed
//! rules, for testing code that calls Alibaba Cloud without a server.
//!
//! ```no_run
//! use alibabacloud_runtime::{Client, Credentials, EndpointRule, Method, Operation, Params, Service, ServiceError};
//! use alibabacloud_runtime::de::{object, read_into, skip, Nested};
//!
//! const LINKWAN: Service = Service {
//!     product: "LinkWAN",
//!     version: "2018-12-30",
//!     endpoint: EndpointRule { prefix: "linkwan", regional: true, hosts: &[] },
//! };
//!
//! // What generated code looks like, written by hand.
//! struct CreateLocalJoinPermission {
//!     class_mode: String,
//!     freq_band_plan_group_id: i64,
//!     join_permission_name: String,
//!     use_default_join_eui: bool,
//! }
//!
//! #[derive(Debug, Default)]
//! struct CreateLocalJoinPermissionOutput {
//!     data: String,
//!     request_id: String,
//!     success: bool,
//! }
//! // Each member by its wire name, decoded leniently; unknown members skipped.
//! impl Nested for CreateLocalJoinPermissionOutput {
//!     fn member<'de, D: serde::Deserializer<'de>>(&mut self, name: &str, value: D) -> Result<(), D::Error> {
//!         match name {
//!             "Data" => read_into(&mut self.data, value),
//!             "RequestId" => read_into(&mut self.request_id, value),
//!             "Success" => read_into(&mut self.success, value),
//!             _ => skip(value),
//!         }
//!     }
//! }
//! impl<'de> serde::Deserialize<'de> for CreateLocalJoinPermissionOutput {
//!     fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
//!         object(deserializer)
//!     }
//! }
//!
//! impl Operation for CreateLocalJoinPermission {
//!     type Output = CreateLocalJoinPermissionOutput;
//!     type Error = ServiceError;
//!     const ACTION: &'static str = "CreateLocalJoinPermission";
//!     const METHOD: Method = Method::Post;
//!     fn write_params<'a>(&'a self, params: &mut Params<'a>) {
//!         params.query("ClassMode", &self.class_mode);
//!         params.query("FreqBandPlanGroupId", &self.freq_band_plan_group_id);
//!         params.query("JoinPermissionName", &self.join_permission_name);
//!         params.query("UseDefaultJoinEui", &self.use_default_join_eui);
//!     }
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // Credentials and region from the environment, the aliyun CLI profile or the credentials file:
//! let client = Client::from_env()?;
//! // Or explicitly:
//! let client = Client::builder()
//!     .credentials(Credentials::new("LTAI...", "secret"))
//!     .region("cn-shanghai")
//!     .build()?;
//! let request = CreateLocalJoinPermission {
//!     class_mode: "A".into(),
//!     freq_band_plan_group_id: 101,
//!     join_permission_name: "test".into(),
//!     use_default_join_eui: true,
//! };
//! match client.call(&LINKWAN, &request).await {
//!     Ok(output) => println!("created {}", output.data),
//!     Err(error) => eprintln!("{error} (code {:?}, request id {:?})", error.code(), error.request_id()),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! An ROA operation, signed with V3 unless [`ClientBuilder::roa_signature`] says otherwise:
//!
//! ```no_run
//! # use alibabacloud_runtime::{Body, Client, EndpointRule, Method, Operation, Params, PathPiece, Service, ServiceError, Style};
//! # const ELASTICSEARCH: Service = Service {
//! #     product: "elasticsearch",
//! #     version: "2017-06-13",
//! #     endpoint: EndpointRule { prefix: "elasticsearch", regional: true, hosts: &[] },
//! # };
//! # #[derive(Debug, Default, serde::Deserialize)]
//! # struct UpdateInstanceOutput {}
//! struct UpdateInstance {
//!     instance_id: String,
//!     client_token: Option<String>,
//!     description: Option<String>,
//! }
//!
//! impl Operation for UpdateInstance {
//!     type Output = UpdateInstanceOutput;
//!     type Error = ServiceError;
//!     const ACTION: &'static str = "UpdateInstance";
//!     const METHOD: Method = Method::Put;
//!     // `/openapi/instances/[InstanceId]`, split where the spec puts its path parameters.
//!     const STYLE: Style = Style::Roa {
//!         path: &[PathPiece::Literal("/openapi/instances/"), PathPiece::Param("InstanceId")],
//!         body: Body::Json,
//!     };
//!     // A token is written below, the same on every attempt: a timeout may be retried safely.
//!     const CLIENT_TOKEN: Option<&'static str> = Some("clientToken");
//!     fn write_params<'a>(&'a self, params: &mut Params<'a>) {
//!         params.path("InstanceId", &self.instance_id); // escaped into the path
//!         // The caller's token (borrowed), or a fresh one for this call (moved in).
//!         let token = alibabacloud_runtime::client_token(self.client_token.as_deref());
//!         params.query("clientToken", token);
//!         params.json_member("description", &self.description); // body: {"description":...} or {}
//!     }
//! }
//! # async fn run(client: Client) -> Result<(), Box<dyn std::error::Error>> {
//! let request = UpdateInstance {
//!     instance_id: "es-cn-abc".into(),
//!     client_token: None,
//!     description: Some("renamed".into()),
//! };
//! client.call(&ELASTICSEARCH, &request).await?;
//! # Ok(())
//! # }
//! ```
//!
//! Generated crates wrap the client in one type per product, built by a [`ClientBuilder`] typed
//! for it; [`Client::with_options`] gives a handle with other timeouts or retries
//! ([`CallOptions`]); [`Params::region`] takes a `RegionId` from the client when the request
//! has none; [`Params::extra`] sends parameters the API reference lacks ([`Extra`]):
//!
//! ```no_run
//! # use alibabacloud_runtime::{Body, Client, EndpointRule, Method, Operation, Params, PathPiece, Service, ServiceError, Style};
//! # const CMS: Service = Service {
//! #     product: "Cms",
//! #     version: "2019-01-01",
//! #     endpoint: EndpointRule { prefix: "metrics", regional: true, hosts: &[] },
//! # };
//! # #[derive(Debug, Default, serde::Deserialize)]
//! # pub struct DescribeAlertsOutput {}
//! use std::time::Duration;
//! use alibabacloud_runtime::{CallOptions, ClientBuilder, Extra, RetryPolicy};
//!
//! pub struct CmsClient {
//!     inner: Client,
//! }
//! impl From<Client> for CmsClient {
//!     fn from(inner: Client) -> Self {
//!         CmsClient { inner }
//!     }
//! }
//! impl CmsClient {
//!     pub fn builder() -> ClientBuilder<Self> {
//!         ClientBuilder::new()
//!     }
//!     pub fn with_options(&self, options: CallOptions) -> Self {
//!         Self { inner: self.inner.with_options(options) }
//!     }
//! }
//!
//! #[derive(Default)]
//! pub struct DescribeAlerts {
//!     region_id: Option<String>,
//!     extra: Extra,
//! }
//! impl DescribeAlerts {
//!     pub fn extra_query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
//!         self.extra.query(name, value);
//!         self
//!     }
//! }
//! impl Operation for DescribeAlerts {
//!     type Output = DescribeAlertsOutput;
//!     type Error = ServiceError;
//!     const ACTION: &'static str = "DescribeAlerts";
//!     const METHOD: Method = Method::Post;
//!     fn write_params<'a>(&'a self, params: &mut Params<'a>) {
//!         params.region("RegionId", &self.region_id); // the client's region when unset
//!         params.extra(&self.extra); // last
//!     }
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let cms = CmsClient::builder().region("cn-hangzhou").build()?;
//! let quick = cms.with_options(
//!     CallOptions::new().attempt_timeout(Duration::from_secs(3)).retry(RetryPolicy::disabled()),
//! );
//! let request = DescribeAlerts::default().extra_query("Tag.1.Key", "team");
//! quick.inner.call(&CMS, &request).await?; // RegionId=cn-hangzhou&Tag.1.Key=team
//! # Ok(())
//! # }
//! ```

mod async_runtime;
mod client;
pub mod credentials;
pub mod de;
pub mod debug;
mod decode;
mod encoded;
mod endpoint;
mod environment;
mod error;
mod escape;
mod extra;
mod future;
mod http;
mod json_body;
mod json_path;
mod macros;
mod options;
mod paginate;
mod params;
mod path_template;
mod redact_response;
mod request;
mod retry;
mod service;
pub mod sign;
#[cfg(feature = "testing")]
pub mod testing;
mod timestamp;
mod transport;
mod waiter;

pub use client::{Client, ClientBuilder, Timeouts};
pub use credentials::{Credentials, CredentialsError, DefaultChain, ProvideCredentials};
pub use decode::decode_body;
pub use encoded::{Base64, Base64DecodeError};
pub use endpoint::Endpoint;
pub use environment::Environment;
pub use error::{
    ApiError, CommonCode, ConfigError, ConfigErrorKind, DecodeError, Error, OperationError,
    ServiceError, SignatureMismatch, TimeoutError, TimeoutKind,
};
pub use extra::Extra;
pub use future::BoxFuture;
pub use http::{HttpRequest, HttpResponse, Method};
pub use json_body::JsonBody;
pub use options::CallOptions;
pub use paginate::{Items, Pages, Paginated, Position};
pub use params::{member, Pair, Params, ToWire, WireValue};
pub use retry::RetryPolicy;
pub use service::{client_token, Body, EndpointRule, Operation, PathPiece, Service, Style};
pub use sign::{RoaSignature, SignatureVersion};
pub use timestamp::{Rfc3339, TimeFormat, Timestamp, TimestampParseError, UnixMillis, UnixSeconds};
#[cfg(feature = "reqwest")]
pub use transport::ReqwestTransport;
pub use transport::{Transport, TransportError, TransportErrorKind, TypedRequest};
pub use waiter::{Match, OnEmpty, Wait, WaitConfig, WaitError, Waited, Waiter};

/// What the macros generated crates expand name, reachable whatever the user's crate depends on.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}

/// The runtime's request assembly (prepare a call, build and sign one attempt), exposed only so
/// the benchmarks time the code the client runs: [`Prepared::new`](assembly::Prepared::new) once
/// per call, [`Prepared::sign`](assembly::Prepared::sign) per attempt; [`build`](assembly::build)
/// is the RPC step alone. Not part of the stable API: it may change in any release. (Here rather
/// than under `sign`, so that signing never depends on request assembly.)
#[doc(hidden)]
pub mod assembly {
    pub use crate::request::{build, Attempt, Call, Prepared, Schemes, Signed};
}
