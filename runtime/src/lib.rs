//! Runtime for generated Alibaba Cloud clients: signing (RPC signature V1 and V3), credentials,
//! endpoints, transport, retries, errors and lenient response decoding.
//!
//! Generated crates describe each product with a [`Service`] and each operation with a request
//! struct implementing [`Operation`]; a [`Client`] calls them.
//!
//! ```no_run
//! use alibabacloud_runtime::{Client, Credentials, EndpointRule, Method, Operation, Params, Service, ServiceError};
//! use alibabacloud_runtime::de::{lenient, Nested};
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
//! #[derive(Debug, Default, serde::Deserialize)]
//! #[serde(rename_all = "PascalCase")]
//! struct CreateLocalJoinPermissionOutput {
//!     #[serde(default, deserialize_with = "lenient")]
//!     data: String,
//!     #[serde(default, deserialize_with = "lenient")]
//!     request_id: String,
//!     #[serde(default, deserialize_with = "lenient")]
//!     success: bool,
//! }
//! impl Nested for CreateLocalJoinPermissionOutput {}
//!
//! impl Operation for CreateLocalJoinPermission {
//!     type Output = CreateLocalJoinPermissionOutput;
//!     type Error = ServiceError;
//!     const ACTION: &'static str = "CreateLocalJoinPermission";
//!     const METHOD: Method = Method::Post;
//!     fn write_params(&self, params: &mut Params) {
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

mod client;
pub mod credentials;
pub mod de;
mod decode;
mod endpoint;
mod environment;
mod error;
mod params;
mod request;
mod retry;
mod service;
pub mod sign;
mod transport;

pub use client::{Client, ClientBuilder, Timeouts};
pub use credentials::{Credentials, CredentialsError, DefaultChain, ProvideCredentials};
pub use decode::decode_body;
pub use endpoint::Endpoint;
pub use environment::Environment;
pub use error::{
    CommonCode, ConfigError, ConfigErrorKind, DecodeError, Error, OperationError, ServiceError,
    SignatureMismatch, TimeoutError, TimeoutKind,
};
pub use params::{member, Params, WireValue};
pub use retry::RetryPolicy;
pub use service::{EndpointRule, Method, Operation, Service};
pub use sign::SignatureVersion;
#[cfg(feature = "reqwest")]
pub use transport::ReqwestTransport;
pub use transport::{
    BoxFuture, HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind,
};
