//! Credentials: a static access key, STS credentials, and the default chain that finds what a
//! user already has (environment, aliyun CLI profile, shared credentials file).
//!
//! The secret and the token are never shown: `Debug` prints `<redacted>` in their place, and
//! errors name variables and files, never values.

mod chain;
mod cli_profile;
mod ini_file;

use std::fmt;
use std::sync::Arc;

pub use chain::DefaultChain;
pub(crate) use cli_profile::profile_region;

use crate::escape::percent_encode;
use crate::future::BoxFuture;

/// An access key, optionally with an STS security token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
}

impl Credentials {
    /// A long-term access key (AccessKey id and secret).
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
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
        }
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
        for secret in secrets.into_iter().flatten().filter(|s| s.len() >= 4) {
            let once = percent_encode(secret);
            let twice = percent_encode(&once);
            for form in [twice, once, secret.to_owned()] {
                if out.contains(&form) {
                    out = out.replace(&form, "<redacted>");
                }
            }
        }
        out
    }
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
            .finish()
    }
}

/// A source of credentials, asked before every attempt (so rotating sources stay fresh).
///
/// [`Credentials`] itself is a provider that always returns itself; [`DefaultChain`] searches the
/// usual places.
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
