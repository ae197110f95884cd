//! Credentials: a static access key, STS credentials, and the providers that find or fetch
//! them: the default chain (environment, OIDC role, aliyun CLI profile, shared credentials file,
//! ECS instance RAM role, credentials URI), an explicit RAM role provider (STS `AssumeRole`), and
//! a cache that refreshes temporary credentials before they expire.
//!
//! The secret, the security token and OIDC tokens are never shown: `Debug` prints `<redacted>` in
//! their place, and errors and logs name variables, files and endpoints, never values.

mod assume_role;
mod cache;
mod chain;
mod cli_profile;
mod ecs_role;
mod http;
mod ini_file;
mod oidc;
mod sts;
mod timestamp;
mod uri;

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

pub use assume_role::{AssumeRoleProvider, AssumeRoleProviderBuilder};
pub use cache::{Clock, CredentialsCache, SystemClock};
#[cfg(not(feature = "default-chain"))]
pub(crate) use chain::environment_credentials;
pub use chain::DefaultChain;
#[cfg(feature = "default-chain")]
pub(crate) use cli_profile::profile_region;
pub use ecs_role::{EcsRoleProvider, EcsRoleProviderBuilder};
pub use oidc::{OidcRoleProvider, OidcRoleProviderBuilder};
pub use sts::StsEndpoint;
pub use uri::{UriProvider, UriProviderBuilder};

use crate::escape::percent_encode;
use crate::future::BoxFuture;

/// An access key, optionally with an STS security token and the time it expires.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
    expiration: Option<SystemTime>,
}

impl Credentials {
    /// A long-term access key (AccessKey id and secret).
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
            expiration: None,
        }
    }

    /// Temporary STS credentials: the STS key id and secret with their security token.
    pub fn with_security_token(
        access_key_id: impl Into<String>,
        access_key_secret: impl Into<String>,
        security_token: impl Into<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: Some(security_token.into()),
            expiration: None,
        }
    }

    /// The same credentials, valid until `expiration` (temporary credentials from STS, the ECS
    /// metadata service or a credentials URI). [`CredentialsCache`] refreshes them before then
    /// and never hands them out after.
    pub fn with_expiration(mut self, expiration: SystemTime) -> Self {
        self.expiration = Some(expiration);
        self
    }

    /// The AccessKey id (not secret; sent with every request).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The AccessKey secret.
    pub fn access_key_secret(&self) -> &str {
        &self.access_key_secret
    }

    /// The STS security token, for STS credentials.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    /// When these credentials expire; `None` for long-term keys and for temporary credentials
    /// given without their expiry.
    pub fn expiration(&self) -> Option<SystemTime> {
        self.expiration
    }

    /// Whether they have expired at `now`.
    pub(crate) fn expired_at(&self, now: SystemTime) -> bool {
        self.expiration.is_some_and(|expiration| expiration <= now)
    }

    /// Checks that the id and secret are present, so a missing value is a configuration error
    /// instead of a signature error from the server.
    pub(crate) fn validate(&self) -> Result<(), CredentialsError> {
        if self.access_key_id.trim().is_empty() || self.access_key_secret.trim().is_empty() {
            return Err(CredentialsError::new("the AccessKey id or secret is empty"));
        }
        Ok(())
    }

    /// Replaces the secret and token in `text`, raw or percent-encoded once or twice (as they
    /// appear in URLs and V1 strings to sign), with `<redacted>`. Server messages echo the string
    /// to sign, which carries the STS token.
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        let secrets = [
            Some(self.access_key_secret.as_str()),
            self.security_token.as_deref(),
        ];
        for secret in secrets.into_iter().flatten() {
            out = redact_value(&out, secret);
        }
        out
    }
}

/// Replaces `secret` in `text`, raw or percent-encoded once or twice, with `<redacted>`. Values
/// shorter than 4 bytes are left alone (they would match everywhere and protect nothing).
pub(crate) fn redact_value(text: &str, secret: &str) -> String {
    let secret = secret.trim();
    if secret.len() < 4 {
        return text.to_owned();
    }
    let mut out = text.to_owned();
    let once = percent_encode(secret);
    let twice = percent_encode(&once);
    for form in [twice, once, secret.to_owned()] {
        if out.contains(&form) {
            out = out.replace(&form, "<redacted>");
        }
    }
    out
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"<redacted>")
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "<redacted>"),
            )
            .field(
                "expiration",
                &self.expiration.map(timestamp::format_system_time),
            )
            .finish()
    }
}

/// A source of credentials, asked before every attempt (so rotating sources stay fresh).
///
/// [`Credentials`] itself is a provider that always returns itself; [`DefaultChain`] searches the
/// usual places; [`AssumeRoleProvider`], [`OidcRoleProvider`], [`EcsRoleProvider`] and
/// [`UriProvider`] fetch temporary credentials and cache them ([`CredentialsCache`]).
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// The credentials to sign the next attempt with.
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

impl ProvideCredentials for Credentials {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Arc<P> {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).credentials()
    }
}

/// Credentials could not be found or are unusable. When the default chain fails, the message
/// lists every source it tried, in order, and why each gave nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    message: String,
    tried: Vec<String>,
}

impl CredentialsError {
    /// An error with a message (never containing a secret).
    pub fn new(message: impl Into<String>) -> Self {
        CredentialsError {
            message: message.into(),
            tried: Vec::new(),
        }
    }

    pub(crate) fn chain_failed(tried: Vec<String>) -> Self {
        CredentialsError {
            message: "no Alibaba Cloud credentials found".to_owned(),
            tried,
        }
    }

    /// A chain error with its own headline (the chain run without network access).
    pub(crate) fn chain_failed_with(message: impl Into<String>, tried: Vec<String>) -> Self {
        CredentialsError {
            message: message.into(),
            tried,
        }
    }

    /// What went wrong, without the list of sources tried.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The sources the default chain tried, in order, each with why it gave nothing.
    pub fn tried(&self) -> &[String] {
        &self.tried
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if !self.tried.is_empty() {
            f.write_str("; tried, in order: ")?;
            for (index, step) in self.tried.iter().enumerate() {
                if index > 0 {
                    f.write_str("; ")?;
                }
                write!(f, "{}) {step}", index + 1)?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for CredentialsError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secret_and_token() {
        let c =
            Credentials::with_security_token("LTAIid", "very-secret-value", "token/with+chars=");
        let text = format!("{c:?}");
        assert!(text.contains("LTAIid"));
        assert!(!text.contains("very-secret-value"));
        assert!(!text.contains("token/with"));
    }

    #[test]
    fn redact_raw_and_encoded() {
        let c = Credentials::with_security_token("id", "very-secret-value", "tok/en+x=");
        let message = format!(
            "a very-secret-value b tok/en+x= c {} d {}",
            percent_encode("tok/en+x="),
            percent_encode(&percent_encode("tok/en+x="))
        );
        let redacted = c.redact(&message);
        assert_eq!(
            redacted,
            "a <redacted> b <redacted> c <redacted> d <redacted>"
        );
    }

    #[test]
    fn validate_rejects_empty() {
        assert!(Credentials::new("id", "").validate().is_err());
        assert!(Credentials::new("", "s").validate().is_err());
        assert!(Credentials::new("id", "s").validate().is_ok());
    }
}
