//! The Security Token Service (STS, API version 2015-04-01): where it is, and the two operations
//! the credential providers call, `AssumeRole` (signed with base credentials) and
//! `AssumeRoleWithOIDC` (anonymous: the OIDC token is the proof), written by hand the way
//! generated operations are.

use std::time::Duration;

use serde::{Deserialize, Deserializer};

use super::{redact_value, timestamp, Credentials, CredentialsError};
use crate::de::{object, read_into, skip, Nested};
use crate::environment::Environment;
use crate::error::{Error, ServiceError};
use crate::http::Method;
use crate::params::Params;
use crate::service::{EndpointRule, Operation, Service};

/// The STS product, as generated code would describe it.
pub(crate) const STS: Service = Service {
    product: "Sts",
    version: "2015-04-01",
    endpoint: EndpointRule {
        prefix: "sts",
        regional: false,
        hosts: &[],
    },
};

/// The shortest session STS grants (15 minutes), and the default (1 hour).
pub(crate) const MIN_DURATION: Duration = Duration::from_secs(900);
pub(crate) const DEFAULT_DURATION: Duration = Duration::from_secs(3600);

/// Where STS calls go.
///
/// By default the central endpoint `sts.aliyuncs.com`. With a region,
/// `sts.<region>.aliyuncs.com`, or with the VPC switch `sts-vpc.<region>.aliyuncs.com` (as in
/// the official libraries, the VPC switch only applies with a region). [`StsEndpoint::from_env`]
/// reads `ALIBABA_CLOUD_STS_REGION` and `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`.
/// [`StsEndpoint::custom`] names any endpoint: a host, or a full URL such as
/// `http://127.0.0.1:8080` for a local test server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StsEndpoint {
    custom: Option<String>,
    region: Option<String>,
    vpc: bool,
}

impl StsEndpoint {
    /// The central endpoint, `sts.aliyuncs.com`.
    pub fn global() -> Self {
        StsEndpoint::default()
    }

    /// The endpoint of a region, `sts.<region>.aliyuncs.com`.
    pub fn region(region: impl Into<String>) -> Self {
        StsEndpoint {
            region: Some(region.into()),
            ..StsEndpoint::default()
        }
    }

    /// An explicit endpoint: a host (HTTPS) or a full `http://` / `https://` URL.
    pub fn custom(endpoint: impl Into<String>) -> Self {
        StsEndpoint {
            custom: Some(endpoint.into()),
            ..StsEndpoint::default()
        }
    }

    /// Uses the VPC endpoint of the region (`sts-vpc.<region>.aliyuncs.com`).
    pub fn vpc(mut self, vpc: bool) -> Self {
        self.vpc = vpc;
        self
    }

    /// The region and VPC switch of the environment: `ALIBABA_CLOUD_STS_REGION` and
    /// `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`.
    pub fn from_env(env: &Environment) -> Self {
        Self::resolve(None, false, env)
    }

    /// A profile's own region and VPC switch, falling back to the environment's.
    pub(crate) fn resolve(region: Option<&str>, vpc: bool, env: &Environment) -> Self {
        let region = region
            .map(str::trim)
            .filter(|region| !region.is_empty())
            .or_else(|| env.var("ALIBABA_CLOUD_STS_REGION"))
            .map(str::to_owned);
        let vpc = vpc || is_true(env.var("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED"));
        StsEndpoint {
            custom: None,
            region,
            vpc,
        }
    }

    /// The endpoint text for [`crate::ClientBuilder::endpoint`]: a host or a URL.
    pub fn endpoint(&self) -> String {
        if let Some(custom) = &self.custom {
            return custom.clone();
        }
        match &self.region {
            Some(region) if self.vpc => format!("sts-vpc.{region}.aliyuncs.com"),
            Some(region) => format!("sts.{region}.aliyuncs.com"),
            None => "sts.aliyuncs.com".to_owned(),
        }
    }
}

/// `true`, in any case, as the official libraries read their switches.
pub(crate) fn is_true(value: Option<&str>) -> bool {
    value.is_some_and(|value| value.trim().eq_ignore_ascii_case("true"))
}

/// What both `AssumeRole` calls send besides the role: session name, duration, policy.
#[derive(Clone)]
pub(crate) struct Session {
    pub role_arn: String,
    pub role_session_name: String,
    pub duration: Duration,
    pub policy: Option<String>,
}

impl Session {
    fn write<'a>(&'a self, params: &mut Params<'a>) {
        params.body("RoleArn", &self.role_arn);
        params.body("RoleSessionName", &self.role_session_name);
        params.body("DurationSeconds", self.duration.as_secs().to_string());
        params.body("Policy", &self.policy);
    }
}

/// A session name when none is given: `alibabacloud-rust-<milliseconds since 1970>` (2 to 64
/// characters of `[A-Za-z0-9.@_-]`, as STS requires).
pub(crate) fn default_session_name() -> String {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis();
    format!("alibabacloud-rust-{millis}")
}

/// Checks a session duration: at least 15 minutes (STS checks the role's maximum).
pub(crate) fn check_duration(duration: Duration) -> Result<(), CredentialsError> {
    if duration < MIN_DURATION {
        return Err(CredentialsError::new(format!(
            "the role session duration must be at least {} seconds, not {}",
            MIN_DURATION.as_secs(),
            duration.as_secs()
        )));
    }
    Ok(())
}

/// The secret members of both calls' answers: an answer that does not decode never shows them,
/// in errors or in the client's logs.
const CREDENTIALS: &[&str] = &["Credentials.AccessKeySecret", "Credentials.SecurityToken"];

/// `AssumeRole`: temporary credentials of a RAM role, signed with the caller's credentials.
pub(crate) struct AssumeRole {
    pub session: Session,
    pub external_id: Option<String>,
}

impl Operation for AssumeRole {
    type Output = AssumeRoleOutput;
    type Error = ServiceError;
    const ACTION: &'static str = "AssumeRole";
    const METHOD: Method = Method::Post;
    // Assuming a role changes nothing: repeating the call only issues other credentials.
    const IDEMPOTENT: bool = true;
    const SENSITIVE: &'static [&'static str] = &["ExternalId"];
    const SENSITIVE_RESPONSE: &'static [&'static str] = CREDENTIALS;
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        self.session.write(params);
        params.body("ExternalId", &self.external_id);
    }
}

/// `AssumeRoleWithOIDC`: temporary credentials of a RAM role for the holder of an OIDC token
/// (RRSA). Anonymous: no signature, no AccessKey.
pub(crate) struct AssumeRoleWithOidc {
    pub session: Session,
    pub oidc_provider_arn: String,
    pub oidc_token: String,
}

impl Operation for AssumeRoleWithOidc {
    type Output = AssumeRoleOutput;
    type Error = ServiceError;
    const ACTION: &'static str = "AssumeRoleWithOIDC";
    const METHOD: Method = Method::Post;
    const IDEMPOTENT: bool = true;
    const SENSITIVE: &'static [&'static str] = &["OIDCToken"];
    const SENSITIVE_RESPONSE: &'static [&'static str] = CREDENTIALS;
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        self.session.write(params);
        params.body("OIDCProviderArn", &self.oidc_provider_arn);
        params.body("OIDCToken", &self.oidc_token);
    }
}

/// The answer of both calls. No `Debug`: it holds secrets.
#[derive(Default)]
pub(crate) struct AssumeRoleOutput {
    credentials: Option<StsCredentials>,
    request_id: Option<String>,
}

#[derive(Default)]
struct StsCredentials {
    access_key_id: Option<String>,
    access_key_secret: Option<String>,
    security_token: Option<String>,
    expiration: Option<String>,
}

// Decoded as generated responses are: member by member, each leniently.
impl Nested for AssumeRoleOutput {
    fn member<'de, D: Deserializer<'de>>(&mut self, name: &str, value: D) -> Result<(), D::Error> {
        match name {
            "Credentials" => read_into(&mut self.credentials, value),
            "RequestId" => read_into(&mut self.request_id, value),
            _ => skip(value),
        }
    }
}

impl<'de> Deserialize<'de> for AssumeRoleOutput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object(deserializer)
    }
}

impl Nested for StsCredentials {
    fn member<'de, D: Deserializer<'de>>(&mut self, name: &str, value: D) -> Result<(), D::Error> {
        match name {
            "AccessKeyId" => read_into(&mut self.access_key_id, value),
            "AccessKeySecret" => read_into(&mut self.access_key_secret, value),
            "SecurityToken" => read_into(&mut self.security_token, value),
            "Expiration" => read_into(&mut self.expiration, value),
            _ => skip(value),
        }
    }
}

impl AssumeRoleOutput {
    /// The credentials, or what is missing from the answer.
    pub(crate) fn into_credentials(self, action: &str) -> Result<Credentials, CredentialsError> {
        let request = self
            .request_id
            .map(|id| format!(" (request id {id})"))
            .unwrap_or_default();
        let missing = |what: &str| {
            CredentialsError::new(format!("STS {action}: the answer has no {what}{request}"))
        };
        let credentials = self.credentials.ok_or_else(|| missing("Credentials"))?;
        let field = |value: Option<String>, name: &str| {
            value
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| missing(&format!("Credentials.{name}")))
        };
        let id = field(credentials.access_key_id, "AccessKeyId")?;
        let secret = field(credentials.access_key_secret, "AccessKeySecret")?;
        let token = field(credentials.security_token, "SecurityToken")?;
        let expiration = field(credentials.expiration, "Expiration")?;
        let expiration = timestamp::parse(&expiration).ok_or_else(|| {
            CredentialsError::new(format!(
                "STS {action}: the answer's Expiration {expiration:?} is not an ISO 8601 time{request}"
            ))
        })?;
        Ok(Credentials::with_security_token(id, secret, token).with_expiration(expiration))
    }
}

/// A failed STS call as a credentials error. The client has already removed the caller's secret
/// and token from service messages; `hide` names further values to remove (the OIDC token). A
/// body that does not decode is described by its status and where decoding stopped, never quoted:
/// it may hold the new credentials.
pub(crate) fn call_error(action: &str, error: Error, hide: &[&str]) -> CredentialsError {
    let clean = |text: &str| {
        hide.iter()
            .fold(text.to_owned(), |text, secret| redact_value(&text, secret))
    };
    let text = match error {
        Error::Service(error) => {
            let mut text = format!("{}: {}", error.code(), clean(error.message()));
            if let Some(id) = error.request_id() {
                text.push_str(&format!(" (request id {id})"));
            }
            text
        }
        Error::Decode(error) => {
            let mut text = format!("undecodable answer (HTTP {})", error.status());
            if let Some(path) = error.path() {
                text.push_str(&format!(" at {path}"));
            }
            text
        }
        Error::Transport(error) => clean(&format!("transport error: {error}")),
        Error::Timeout(error) => error.to_string(),
        Error::Credentials(error) => format!("the credentials to sign with: {error}"),
        Error::Config(error) => clean(&error.to_string()),
    };
    CredentialsError::new(format!("STS {action} failed: {text}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        let env = Environment::new();
        assert_eq!(StsEndpoint::global().endpoint(), "sts.aliyuncs.com");
        assert_eq!(
            StsEndpoint::region("cn-hangzhou").endpoint(),
            "sts.cn-hangzhou.aliyuncs.com"
        );
        assert_eq!(
            StsEndpoint::region("cn-hangzhou").vpc(true).endpoint(),
            "sts-vpc.cn-hangzhou.aliyuncs.com"
        );
        assert_eq!(StsEndpoint::from_env(&env).endpoint(), "sts.aliyuncs.com");
        let env = env
            .with_var("ALIBABA_CLOUD_STS_REGION", "cn-beijing")
            .with_var("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED", "TRUE");
        assert_eq!(
            StsEndpoint::from_env(&env).endpoint(),
            "sts-vpc.cn-beijing.aliyuncs.com"
        );
        assert_eq!(
            StsEndpoint::resolve(Some("cn-shanghai"), false, &env).endpoint(),
            "sts-vpc.cn-shanghai.aliyuncs.com"
        );
        assert_eq!(
            StsEndpoint::custom("http://127.0.0.1:9").endpoint(),
            "http://127.0.0.1:9"
        );
    }

    #[test]
    fn output_checks_every_field() {
        let body = br#"{"RequestId":"R1","Credentials":{"AccessKeyId":"STS.a","AccessKeySecret":"s3cr3t-value","SecurityToken":"tok-value","Expiration":"2030-01-01T00:00:00Z"}}"#;
        let output: AssumeRoleOutput = serde_json::from_slice(body).unwrap();
        let c = output.into_credentials("AssumeRole").unwrap();
        assert_eq!(c.access_key_id(), "STS.a");
        assert!(c.expiration().is_some());

        let body = br#"{"RequestId":"R2","Credentials":{"AccessKeyId":"STS.a","AccessKeySecret":"s3cr3t-value","Expiration":"2030-01-01T00:00:00Z"}}"#;
        let output: AssumeRoleOutput = serde_json::from_slice(body).unwrap();
        let err = output
            .into_credentials("AssumeRole")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("Credentials.SecurityToken") && err.contains("R2"),
            "{err}"
        );
        assert!(!err.contains("s3cr3t"), "{err}");
    }
}
