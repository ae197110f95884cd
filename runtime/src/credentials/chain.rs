//! The default credential chain, in the official libraries' order.

use super::{cli_profile, ini_file, Credentials, CredentialsError, ProvideCredentials};
use crate::environment::Environment;
use crate::future::BoxFuture;

/// Finds credentials the way the official libraries do; the first source that yields them wins:
///
/// 1. environment: `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, optional
///    `ALIBABA_CLOUD_SECURITY_TOKEN`;
/// 2. OIDC role (`ALIBABA_CLOUD_ROLE_ARN`...): recognised but not supported, so reported and skipped;
/// 3. the aliyun CLI profile, `~/.aliyun/config.json` (or `ALIBABA_CLOUD_CONFIG_FILE`), profile
///    `ALIBABA_CLOUD_PROFILE` or the file's `current`; modes `AK` and `StsToken`;
/// 4. the shared credentials file, `~/.alibabacloud/credentials` (or
///    `ALIBABA_CLOUD_CREDENTIALS_FILE`), section `ALIBABA_CLOUD_PROFILE` or `default`, `type = access_key`;
/// 5. ECS instance RAM role: not supported (this client never calls the metadata service), reported.
///
/// When nothing is found the error lists each source and why it gave nothing.
#[derive(Debug, Clone, Default)]
pub struct DefaultChain {
    env: Environment,
}

impl DefaultChain {
    /// A chain over the real process environment and home directory.
    pub fn from_process() -> Self {
        DefaultChain {
            env: Environment::from_process(),
        }
    }

    /// A chain over an explicit environment (variables and home directory), for tests.
    pub fn new(env: Environment) -> Self {
        DefaultChain { env }
    }

    /// Runs the chain once.
    pub fn resolve(&self) -> Result<Credentials, CredentialsError> {
        let env = &self.env;
        let mut tried = Vec::new();

        let id = env.var("ALIBABA_CLOUD_ACCESS_KEY_ID");
        let secret = env.var("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
        match (id, secret) {
            (Some(id), Some(secret)) => {
                return Ok(match env.var("ALIBABA_CLOUD_SECURITY_TOKEN") {
                    Some(token) => Credentials::with_security_token(id, secret, token),
                    None => Credentials::new(id, secret),
                })
            }
            (None, None) => tried.push(
                "environment variables: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET not set".to_owned(),
            ),
            (Some(_), None) => tried.push(
                "environment variables: ALIBABA_CLOUD_ACCESS_KEY_ID set but ALIBABA_CLOUD_ACCESS_KEY_SECRET not set".to_owned(),
            ),
            (None, Some(_)) => tried.push(
                "environment variables: ALIBABA_CLOUD_ACCESS_KEY_SECRET set but ALIBABA_CLOUD_ACCESS_KEY_ID not set".to_owned(),
            ),
        }

        if env.var("ALIBABA_CLOUD_ROLE_ARN").is_some()
            || env.var("ALIBABA_CLOUD_OIDC_TOKEN_FILE").is_some()
        {
            tried.push(
                "OIDC role (ALIBABA_CLOUD_ROLE_ARN): configured but not supported by this client"
                    .to_owned(),
            );
        } else {
            tried.push("OIDC role: ALIBABA_CLOUD_ROLE_ARN not set".to_owned());
        }

        match cli_profile::credentials(env) {
            Ok(credentials) => return Ok(credentials),
            Err(why) => tried.push(format!("aliyun CLI profile: {why}")),
        }

        match ini_file::credentials(env) {
            Ok(credentials) => return Ok(credentials),
            Err(why) => tried.push(format!("credentials file: {why}")),
        }

        tried.push("ECS instance RAM role: not supported by this client".to_owned());
        Err(CredentialsError::chain_failed(tried))
    }
}

impl ProvideCredentials for DefaultChain {
    // Re-read on every attempt, so a rotated key is picked up; the file reads run on the
    // blocking pool so they never stall the async workers.
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let chain = self.clone();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || chain.resolve())
                .await
                .unwrap_or_else(|_| Err(CredentialsError::new("the credential lookup task failed")))
        })
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use super::*;

    fn write(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    const CLI_CONFIG: &str = r#"{"current":"dev","profiles":[
        {"name":"default","mode":"AK","access_key_id":"cli-default-id","access_key_secret":"cli-default-secret","region_id":"cn-hangzhou"},
        {"name":"dev","mode":"AK","access_key_id":"cli-dev-id","access_key_secret":"cli-dev-secret","region_id":"cn-shanghai"},
        {"name":"sts","mode":"StsToken","access_key_id":"cli-sts-id","access_key_secret":"cli-sts-secret","sts_token":"cli-sts-token"},
        {"name":"role","mode":"RamRoleArn","access_key_id":"x","access_key_secret":"y"}]}"#;

    const CREDENTIALS_FILE: &str = "[default]\ntype = access_key\naccess_key_id = file-id\naccess_key_secret = file-secret\n\n[other]\ntype = ecs_ram_role\n";

    #[test]
    fn environment_wins() {
        let home = tempfile::tempdir().unwrap();
        write(&home.path().join(".aliyun/config.json"), CLI_CONFIG);
        let env = Environment::new()
            .with_home(home.path())
            .with_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id")
            .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret")
            .with_var("ALIBABA_CLOUD_SECURITY_TOKEN", "env-token");
        let c = DefaultChain::new(env).resolve().unwrap();
        assert_eq!(
            (c.access_key_id(), c.access_key_secret(), c.security_token()),
            ("env-id", "env-secret", Some("env-token"))
        );
    }

    #[test]
    fn cli_profile_current_and_override() {
        let home = tempfile::tempdir().unwrap();
        write(&home.path().join(".aliyun/config.json"), CLI_CONFIG);
        let env = Environment::new().with_home(home.path());
        let c = DefaultChain::new(env.clone()).resolve().unwrap();
        assert_eq!(c.access_key_id(), "cli-dev-id");
        assert_eq!(profile_region_of(&env), Some("cn-shanghai".into()));

        let sts = env.clone().with_var("ALIBABA_CLOUD_PROFILE", "sts");
        let c = DefaultChain::new(sts).resolve().unwrap();
        assert_eq!(
            (c.access_key_id(), c.security_token()),
            ("cli-sts-id", Some("cli-sts-token"))
        );
    }

    fn profile_region_of(env: &Environment) -> Option<String> {
        crate::credentials::profile_region(env)
    }

    #[test]
    fn cli_config_file_variable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("elsewhere.json");
        write(&path, CLI_CONFIG);
        let env = Environment::new()
            .with_var("ALIBABA_CLOUD_CONFIG_FILE", path.to_str().unwrap())
            .with_var("ALIBABA_CLOUD_PROFILE", "default");
        assert_eq!(
            DefaultChain::new(env).resolve().unwrap().access_key_id(),
            "cli-default-id"
        );
    }

    #[test]
    fn credentials_file_after_cli() {
        let home = tempfile::tempdir().unwrap();
        write(
            &home.path().join(".alibabacloud/credentials"),
            CREDENTIALS_FILE,
        );
        let env = Environment::new().with_home(home.path());
        let c = DefaultChain::new(env).resolve().unwrap();
        assert_eq!(
            (c.access_key_id(), c.access_key_secret()),
            ("file-id", "file-secret")
        );

        // An unsupported CLI mode is reported and the chain goes on.
        write(&home.path().join(".aliyun/config.json"), CLI_CONFIG);
        let env = Environment::new()
            .with_home(home.path())
            .with_var("ALIBABA_CLOUD_PROFILE", "role");
        let err = DefaultChain::new(env).resolve().unwrap_err();
        // The file's [role] section does not exist either.
        assert!(err.to_string().contains("RamRoleArn"), "{err}");
        assert!(err.to_string().contains("no section [role]"), "{err}");
    }

    #[test]
    fn credentials_file_variable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("creds.ini");
        write(&path, CREDENTIALS_FILE);
        let env =
            Environment::new().with_var("ALIBABA_CLOUD_CREDENTIALS_FILE", path.to_str().unwrap());
        assert_eq!(
            DefaultChain::new(env).resolve().unwrap().access_key_id(),
            "file-id"
        );
        let env = Environment::new()
            .with_var("ALIBABA_CLOUD_CREDENTIALS_FILE", path.to_str().unwrap())
            .with_var("ALIBABA_CLOUD_PROFILE", "other");
        let err = DefaultChain::new(env).resolve().unwrap_err();
        assert!(err.to_string().contains("ecs_ram_role"), "{err}");
    }

    #[test]
    fn failed_chain_lists_every_step_in_order_without_secrets() {
        let home = tempfile::tempdir().unwrap();
        let env = Environment::new()
            .with_home(home.path())
            .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "lonely-secret");
        let err = DefaultChain::new(env).resolve().unwrap_err();
        let text = err.to_string();
        assert_eq!(err.tried().len(), 5, "{text}");
        let order = [
            "environment variables",
            "OIDC role",
            "aliyun CLI profile",
            "credentials file",
            "ECS instance RAM role",
        ];
        let mut last = 0;
        for step in order {
            let at = text
                .find(step)
                .unwrap_or_else(|| panic!("{step} missing from {text}"));
            assert!(at >= last, "{step} out of order in {text}");
            last = at;
        }
        assert!(
            text.contains("ALIBABA_CLOUD_ACCESS_KEY_ID not set"),
            "{text}"
        );
        assert!(!text.contains("lonely-secret"));
        assert!(!format!("{err:?}").contains("lonely-secret"));
    }

    #[tokio::test]
    async fn chain_as_a_provider() {
        let env = Environment::new()
            .with_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id")
            .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret");
        let c = DefaultChain::new(env).credentials().await.unwrap();
        assert_eq!(c.access_key_id(), "env-id");
    }

    #[test]
    fn broken_files_are_reported_not_fatal() {
        let home = tempfile::tempdir().unwrap();
        write(&home.path().join(".aliyun/config.json"), "{ not json");
        write(
            &home.path().join(".alibabacloud/credentials"),
            CREDENTIALS_FILE,
        );
        let env = Environment::new().with_home(home.path());
        assert_eq!(
            DefaultChain::new(env).resolve().unwrap().access_key_id(),
            "file-id"
        );
    }
}
