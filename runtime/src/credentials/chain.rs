//! The default credential chain, in the official libraries' order.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use super::assume_role::AssumeRoleProvider;
use super::cache::Clock;
use super::ecs_role::{EcsRoleProvider, EcsRoleProviderBuilder};
use super::oidc::{OidcRoleProvider, OidcRoleProviderBuilder};
use super::sts::StsEndpoint;
use super::uri::{UriProvider, UriProviderBuilder};
use super::{cli_profile, ini_file, Credentials, CredentialsError, ProvideCredentials};
use crate::environment::Environment;
use crate::future::BoxFuture;
use crate::transport::Transport;

/// The chain's steps, in order, as errors name them.
const STEPS: [&str; 6] = [
    "environment variables",
    "OIDC role",
    "aliyun CLI profile",
    "credentials file",
    "ECS instance RAM role",
    "credentials URI",
];

/// What a configured source gives: credentials, or a provider that fetches them.
pub(super) enum Found {
    Static(Credentials),
    Provider(Arc<dyn ProvideCredentials>),
}

/// What the chain's caller set besides the environment: where STS and the metadata service are,
/// the transport, the clock. Handed to every provider a step builds.
#[derive(Clone, Default)]
pub(super) struct Settings {
    sts: Option<StsEndpoint>,
    metadata_endpoint: Option<String>,
    transport: Option<Arc<dyn Transport>>,
    clock: Option<Arc<dyn Clock>>,
}

/// A role to assume, as a profile describes it.
pub(super) struct Role {
    pub role_arn: String,
    pub session_name: Option<String>,
    pub duration: Option<Duration>,
    pub policy: Option<String>,
    pub external_id: Option<String>,
    pub sts: StsEndpoint,
}

impl Settings {
    /// The STS endpoint: the chain's override, else the profile's or environment's.
    pub(super) fn sts(&self, own: StsEndpoint) -> StsEndpoint {
        self.sts.clone().unwrap_or(own)
    }

    pub(super) fn assume_role(
        &self,
        base: Arc<dyn ProvideCredentials>,
        role: Role,
    ) -> Result<Found, String> {
        let mut builder = AssumeRoleProvider::builder_shared(base, role.role_arn)
            .sts_endpoint(self.sts(role.sts))
            .transport_shared(self.transport.clone())
            .clock_opt(self.clock.clone());
        if let Some(name) = role.session_name {
            builder = builder.role_session_name(name);
        }
        if let Some(duration) = role.duration {
            builder = builder.duration(duration);
        }
        if let Some(policy) = role.policy {
            builder = builder.policy(policy);
        }
        if let Some(id) = role.external_id {
            builder = builder.external_id(id);
        }
        let provider = builder.build().map_err(|error| error.to_string())?;
        Ok(Found::Provider(Arc::new(provider)))
    }

    pub(super) fn ecs(&self, mut builder: EcsRoleProviderBuilder) -> Result<Found, String> {
        if let Some(endpoint) = &self.metadata_endpoint {
            builder = builder.endpoint(endpoint.clone());
        }
        let provider = builder
            .transport_shared(self.transport.clone())
            .clock_opt(self.clock.clone())
            .build()
            .map_err(|error| error.to_string())?;
        Ok(Found::Provider(Arc::new(provider)))
    }

    pub(super) fn oidc(&self, builder: OidcRoleProviderBuilder) -> Result<Found, String> {
        let builder = match &self.sts {
            Some(sts) => builder.sts_endpoint(sts.clone()),
            None => builder,
        };
        let provider = builder
            .transport_shared(self.transport.clone())
            .clock_opt(self.clock.clone())
            .build()
            .map_err(|error| error.to_string())?;
        Ok(Found::Provider(Arc::new(provider)))
    }

    fn uri(&self, builder: UriProviderBuilder) -> Result<Found, String> {
        let provider = builder
            .transport_shared(self.transport.clone())
            .clock_opt(self.clock.clone())
            .build()
            .map_err(|error| error.to_string())?;
        Ok(Found::Provider(Arc::new(provider)))
    }
}

/// One step's outcome without network access.
enum Located {
    Found(Found),
    Skipped(String),
}

impl From<Result<Found, String>> for Located {
    fn from(result: Result<Found, String>) -> Self {
        match result {
            Ok(found) => Located::Found(found),
            Err(why) => Located::Skipped(why),
        }
    }
}

/// The source the chain settled on: later calls go straight to it.
#[derive(Clone)]
enum Sticky {
    /// Credentials read from the environment or a file, read again at every call.
    Static(usize),
    /// A provider that fetches (and caches) credentials.
    Provider(usize, Arc<dyn ProvideCredentials>),
}

#[derive(Default)]
struct State {
    sticky: Option<Sticky>,
    /// Counts finished searches, so a caller that waited for one knows it happened.
    searches: u64,
    last_error: Option<CredentialsError>,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    /// Held by the one caller searching the chain.
    searching: tokio::sync::Mutex<()>,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Finds credentials the way the official libraries do; the first source that yields them wins:
///
/// 1. environment: `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, optional
///    `ALIBABA_CLOUD_SECURITY_TOKEN`;
/// 2. OIDC role (RRSA): `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and
///    `ALIBABA_CLOUD_OIDC_TOKEN_FILE`, through STS `AssumeRoleWithOIDC` ([`super::OidcRoleProvider`]);
/// 3. the aliyun CLI profile, `~/.aliyun/config.json` (or `ALIBABA_CLOUD_CONFIG_FILE`), profile
///    `ALIBABA_CLOUD_PROFILE`, else the file's `current`, else `default`; modes `AK`,
///    `StsToken`, `RamRoleArn`, `EcsRamRole`, `ChainableRamRoleArn` and `OIDC`; off with
///    `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`;
/// 4. the shared credentials file, `~/.alibabacloud/credentials` (or
///    `ALIBABA_CLOUD_CREDENTIALS_FILE`), section `ALIBABA_CLOUD_PROFILE` or `default`; types
///    `access_key`, `ecs_ram_role` and `ram_role_arn`;
/// 5. the ECS instance RAM role from the metadata service ([`super::EcsRoleProvider`]; role
///    `ALIBABA_CLOUD_ECS_METADATA`, else discovered; `ALIBABA_CLOUD_IMDSV1_DISABLED=true` requires
///    the session token); off with `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`;
/// 6. a credentials URI, `ALIBABA_CLOUD_CREDENTIALS_URI` ([`super::UriProvider`]): `https://`,
///    or `http://` to a loopback host; any other value is reported as refused, without a
///    connection.
///
/// A source that is configured but fails (STS refuses, no metadata service) is reported and the
/// search goes on. Once a source has yielded credentials the chain keeps to it, as the official
/// libraries do: later calls ask that source only (and its cache), and its errors are returned as
/// they are. When every source fails, the error lists each one, in order, and why it gave
/// nothing; it never holds a secret.
///
/// Role steps call STS at `ALIBABA_CLOUD_STS_REGION`'s endpoint (VPC endpoint with
/// `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`), else `sts.aliyuncs.com`. For tests, every address
/// can be replaced: [`DefaultChain::sts_endpoint`], [`DefaultChain::ecs_metadata_endpoint`];
/// the credentials URI comes from the environment.
///
/// Clones share the source the chain settled on.
#[derive(Clone, Default)]
pub struct DefaultChain {
    env: Environment,
    settings: Settings,
    shared: Arc<Shared>,
}

impl DefaultChain {
    /// A chain over the real process environment and home directory.
    pub fn from_process() -> Self {
        DefaultChain::new(Environment::from_process())
    }

    /// A chain over an explicit environment (variables and home directory), for tests.
    pub fn new(env: Environment) -> Self {
        DefaultChain {
            env,
            settings: Settings::default(),
            shared: Arc::default(),
        }
    }

    /// Sends every STS call of the chain (OIDC and RAM role steps) to this endpoint instead of
    /// the one the profile or the environment names.
    pub fn sts_endpoint(mut self, endpoint: StsEndpoint) -> Self {
        self.settings.sts = Some(endpoint);
        self.shared = Arc::default();
        self
    }

    /// Asks this metadata service (a base URL such as `http://127.0.0.1:8080`) instead of
    /// `http://100.100.100.200`.
    pub fn ecs_metadata_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.settings.metadata_endpoint = Some(endpoint.into());
        self.shared = Arc::default();
        self
    }

    /// Does the chain's HTTP (STS, metadata service, credentials URI) over this transport, used
    /// as it is (a proxy it is configured with included). Without it, that HTTP never goes
    /// through a proxy from the environment.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.settings.transport = Some(Arc::new(transport));
        self.shared = Arc::default();
        self
    }

    /// Reads the time for the expiry of temporary credentials from `clock` (for tests).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.settings.clock = Some(clock);
        self.shared = Arc::default();
        self
    }

    /// One step, without network access: what it found, or why it found nothing.
    fn locate(&self, step: usize) -> Located {
        let env = &self.env;
        let settings = &self.settings;
        match step {
            0 => environment(env),
            1 => match OidcRoleProvider::from_env(env) {
                Ok(None) => Located::Skipped(
                    "ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE not set"
                        .to_owned(),
                ),
                Ok(Some(builder)) => settings.oidc(builder).into(),
                Err(why) => Located::Skipped(why),
            },
            2 => cli_profile::locate(env, settings).into(),
            3 => ini_file::locate(env, settings).into(),
            4 => match EcsRoleProvider::from_env(env) {
                Ok(builder) => settings.ecs(builder).into(),
                Err(why) => Located::Skipped(why),
            },
            _ => match env.var("ALIBABA_CLOUD_CREDENTIALS_URI") {
                Some(uri) => settings
                    .uri(UriProvider::builder(uri).origin("ALIBABA_CLOUD_CREDENTIALS_URI"))
                    .into(),
                None => Located::Skipped("ALIBABA_CLOUD_CREDENTIALS_URI not set".to_owned()),
            },
        }
    }

    /// Runs the chain once without network access: the credentials of the first source that is
    /// configured, when that source holds them itself (environment variables, an `AK` or
    /// `StsToken` CLI profile, an `access_key` section). When the first configured source has to
    /// fetch credentials (an OIDC role, a RAM role, the ECS instance role, a credentials URI) it
    /// is an error that says so: use the chain as a [`ProvideCredentials`] instead, which does
    /// fetch.
    pub fn resolve(&self) -> Result<Credentials, CredentialsError> {
        let mut tried = Vec::new();
        for (step, label) in STEPS.iter().enumerate() {
            match self.locate(step) {
                Located::Found(Found::Static(credentials)) => return Ok(credentials),
                Located::Found(Found::Provider(_)) => {
                    tried.push(format!(
                        "{label}: configured; its credentials are fetched over the network"
                    ));
                    return Err(CredentialsError::chain_failed_with(
                        format!(
                            "the first Alibaba Cloud credentials source configured ({label}) needs network access: use the chain as a credentials provider"
                        ),
                        tried,
                    ));
                }
                Located::Skipped(why) => tried.push(format!("{label}: {why}")),
            }
        }
        Err(CredentialsError::chain_failed(tried))
    }

    /// Checks, without network access, that some source is configured (the ECS instance role
    /// counts unless `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`); when none is, the error lists
    /// every source and why it is not.
    pub fn check(&self) -> Result<(), CredentialsError> {
        let mut tried = Vec::new();
        for (step, label) in STEPS.iter().enumerate() {
            match self.locate(step) {
                Located::Found(_) => return Ok(()),
                Located::Skipped(why) => tried.push(format!("{label}: {why}")),
            }
        }
        Err(CredentialsError::chain_failed(tried))
    }

    /// [`DefaultChain::locate`], on the blocking pool for the steps that read files.
    async fn locate_blocking(&self, step: usize) -> Located {
        if !matches!(step, 2 | 3) {
            return self.locate(step);
        }
        let chain = self.clone();
        tokio::task::spawn_blocking(move || chain.locate(step))
            .await
            .unwrap_or_else(|_| Located::Skipped("the lookup task failed".to_owned()))
    }

    async fn get(&self) -> Result<Credentials, CredentialsError> {
        let sticky = self.shared.lock().sticky.clone();
        match sticky {
            Some(Sticky::Provider(_, provider)) => return provider.credentials().await,
            Some(Sticky::Static(step)) => {
                // Read again, so a rotated key is picked up.
                if let Located::Found(Found::Static(credentials)) = self.locate_blocking(step).await
                {
                    return Ok(credentials);
                }
                let mut state = self.shared.lock();
                if matches!(state.sticky, Some(Sticky::Static(s)) if s == step) {
                    state.sticky = None;
                }
            }
            None => {}
        }
        let seen = self.shared.lock().searches;
        let _searching = self.shared.searching.lock().await;
        let waited_for = {
            let state = self.shared.lock();
            (state.searches != seen).then(|| (state.sticky.clone(), state.last_error.clone()))
        };
        match waited_for {
            Some((Some(Sticky::Provider(_, provider)), _)) => return provider.credentials().await,
            Some((Some(Sticky::Static(step)), _)) => {
                if let Located::Found(Found::Static(credentials)) = self.locate_blocking(step).await
                {
                    return Ok(credentials);
                }
            }
            Some((None, Some(error))) => return Err(error),
            _ => {}
        }
        let result = self.search().await;
        let mut state = self.shared.lock();
        state.searches += 1;
        match result {
            Ok((credentials, sticky)) => {
                state.sticky = Some(sticky);
                state.last_error = None;
                Ok(credentials)
            }
            Err(error) => {
                state.last_error = Some(error.clone());
                Err(error)
            }
        }
    }

    /// Tries every step in order.
    async fn search(&self) -> Result<(Credentials, Sticky), CredentialsError> {
        let mut tried = Vec::new();
        for (step, label) in STEPS.iter().enumerate() {
            match self.locate_blocking(step).await {
                Located::Found(Found::Static(credentials)) => {
                    tracing::debug!(source = label, "credentials found");
                    return Ok((credentials, Sticky::Static(step)));
                }
                Located::Found(Found::Provider(provider)) => match provider.credentials().await {
                    Ok(credentials) => {
                        tracing::debug!(source = label, "credentials found");
                        return Ok((credentials, Sticky::Provider(step, provider)));
                    }
                    Err(error) => {
                        tracing::debug!(source = label, error = %error, "credentials source failed");
                        tried.push(format!("{label}: {error}"));
                    }
                },
                Located::Skipped(why) => tried.push(format!("{label}: {why}")),
            }
        }
        Err(CredentialsError::chain_failed(tried))
    }
}

/// The environment's access key as static credentials: what a client built without credentials
/// uses when the default chain is left out (feature `default-chain` off).
#[cfg(not(feature = "default-chain"))]
pub(crate) fn environment_credentials(env: &Environment) -> Result<Credentials, CredentialsError> {
    match environment(env) {
        Located::Found(Found::Static(credentials)) => Ok(credentials),
        Located::Skipped(why) => Err(CredentialsError::new(format!(
            "no credentials: {why} (without the `default-chain` feature only the environment is \
             read; give the client credentials or a provider)"
        ))),
        _ => Err(CredentialsError::new("no credentials in the environment")),
    }
}

/// The environment step.
fn environment(env: &Environment) -> Located {
    let id = env.var("ALIBABA_CLOUD_ACCESS_KEY_ID");
    let secret = env.var("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    match (id, secret) {
        (Some(id), Some(secret)) => Located::Found(Found::Static(
            match env.var("ALIBABA_CLOUD_SECURITY_TOKEN") {
                Some(token) => Credentials::with_security_token(id, secret, token),
                None => Credentials::new(id, secret),
            },
        )),
        (None, None) => Located::Skipped(
            "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET not set".to_owned(),
        ),
        (Some(_), None) => Located::Skipped(
            "ALIBABA_CLOUD_ACCESS_KEY_ID set but ALIBABA_CLOUD_ACCESS_KEY_SECRET not set"
                .to_owned(),
        ),
        (None, Some(_)) => Located::Skipped(
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET set but ALIBABA_CLOUD_ACCESS_KEY_ID not set"
                .to_owned(),
        ),
    }
}

impl ProvideCredentials for DefaultChain {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.get())
    }
}

impl fmt::Debug for DefaultChain {
    // The environment's Debug shows variable names only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let settled = match &self.shared.lock().sticky {
            Some(Sticky::Static(step) | Sticky::Provider(step, _)) => Some(STEPS[*step]),
            None => None,
        };
        f.debug_struct("DefaultChain")
            .field("env", &self.env)
            .field("sts_endpoint", &self.settings.sts)
            .field("ecs_metadata_endpoint", &self.settings.metadata_endpoint)
            .field("settled_on", &settled)
            .finish_non_exhaustive()
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

    /// No metadata service: these tests never leave the process.
    fn offline() -> Environment {
        Environment::new().with_var("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
    }

    const CLI_CONFIG: &str = r#"{"current":"dev","profiles":[
        {"name":"default","mode":"AK","access_key_id":"cli-default-id","access_key_secret":"cli-default-secret","region_id":"cn-hangzhou"},
        {"name":"dev","mode":"AK","access_key_id":"cli-dev-id","access_key_secret":"cli-dev-secret","region_id":"cn-shanghai"},
        {"name":"sts","mode":"StsToken","access_key_id":"cli-sts-id","access_key_secret":"cli-sts-secret","sts_token":"cli-sts-token"},
        {"name":"sso","mode":"CloudSSO"}]}"#;

    const CREDENTIALS_FILE: &str = "[default]\ntype = access_key\naccess_key_id = file-id\naccess_key_secret = file-secret\n\n[other]\ntype = rsa_key_pair\n";

    #[test]
    fn environment_wins() {
        let home = tempfile::tempdir().unwrap();
        write(&home.path().join(".aliyun/config.json"), CLI_CONFIG);
        let env = offline()
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
        let env = offline().with_home(home.path());
        let c = DefaultChain::new(env.clone()).resolve().unwrap();
        assert_eq!(c.access_key_id(), "cli-dev-id");
        assert_eq!(
            crate::credentials::cli_profile::profile_region(&env),
            Some("cn-shanghai".into())
        );

        let sts = env.clone().with_var("ALIBABA_CLOUD_PROFILE", "sts");
        let c = DefaultChain::new(sts).resolve().unwrap();
        assert_eq!(
            (c.access_key_id(), c.security_token()),
            ("cli-sts-id", Some("cli-sts-token"))
        );

        // The switch that turns the CLI profile off.
        let off = env.with_var("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true");
        let err = DefaultChain::new(off).resolve().unwrap_err();
        assert!(
            err.to_string()
                .contains("turned off by ALIBABA_CLOUD_CLI_PROFILE_DISABLED"),
            "{err}"
        );
    }

    #[test]
    fn cli_config_file_variable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("elsewhere.json");
        write(&path, CLI_CONFIG);
        let env = offline()
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
        let env = offline().with_home(home.path());
        let c = DefaultChain::new(env).resolve().unwrap();
        assert_eq!(
            (c.access_key_id(), c.access_key_secret()),
            ("file-id", "file-secret")
        );

        // An unsupported CLI mode is reported and the chain goes on.
        write(&home.path().join(".aliyun/config.json"), CLI_CONFIG);
        let env = offline()
            .with_home(home.path())
            .with_var("ALIBABA_CLOUD_PROFILE", "sso");
        let err = DefaultChain::new(env).resolve().unwrap_err();
        // The file's [sso] section does not exist either.
        assert!(err.to_string().contains("CloudSSO"), "{err}");
        assert!(err.to_string().contains("no section [sso]"), "{err}");
    }

    #[test]
    fn credentials_file_variable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("creds.ini");
        write(&path, CREDENTIALS_FILE);
        let env = offline().with_var("ALIBABA_CLOUD_CREDENTIALS_FILE", path.to_str().unwrap());
        assert_eq!(
            DefaultChain::new(env).resolve().unwrap().access_key_id(),
            "file-id"
        );
        let env = offline()
            .with_var("ALIBABA_CLOUD_CREDENTIALS_FILE", path.to_str().unwrap())
            .with_var("ALIBABA_CLOUD_PROFILE", "other");
        let err = DefaultChain::new(env).resolve().unwrap_err();
        assert!(err.to_string().contains("rsa_key_pair"), "{err}");
    }

    #[test]
    fn failed_chain_lists_every_step_in_order_without_secrets() {
        let home = tempfile::tempdir().unwrap();
        let env = offline()
            .with_home(home.path())
            .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "lonely-secret");
        let chain = DefaultChain::new(env);
        for err in [chain.resolve().unwrap_err(), chain.check().unwrap_err()] {
            let text = err.to_string();
            assert_eq!(err.tried().len(), 6, "{text}");
            let mut last = 0;
            for step in STEPS {
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
            assert!(
                text.contains("ALIBABA_CLOUD_ECS_METADATA_DISABLED"),
                "{text}"
            );
            assert!(!text.contains("lonely-secret"));
            assert!(!format!("{err:?}").contains("lonely-secret"));
        }
    }

    #[test]
    fn network_sources_are_not_resolved_offline() {
        // With the metadata service allowed, the chain is configured (check passes), but
        // resolving without network access says the source needs it.
        let home = tempfile::tempdir().unwrap();
        let chain = DefaultChain::new(Environment::new().with_home(home.path()));
        chain.check().unwrap();
        let err = chain.resolve().unwrap_err();
        assert!(err.to_string().contains("ECS instance RAM role"), "{err}");
        assert!(err.to_string().contains("needs network access"), "{err}");
        assert_eq!(err.tried().len(), 5, "{err}");
    }

    #[tokio::test]
    async fn chain_as_a_provider() {
        let env = offline()
            .with_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id")
            .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret");
        let c = DefaultChain::new(env).credentials().await.unwrap();
        assert_eq!(c.access_key_id(), "env-id");
    }

    #[tokio::test]
    async fn a_static_source_is_read_again() {
        let home = tempfile::tempdir().unwrap();
        let file = home.path().join(".alibabacloud/credentials");
        write(&file, CREDENTIALS_FILE);
        let chain = DefaultChain::new(offline().with_home(home.path()));
        assert_eq!(
            chain.credentials().await.unwrap().access_key_id(),
            "file-id"
        );
        write(
            &file,
            "[default]\ntype = access_key\naccess_key_id = rotated-id\naccess_key_secret = s\n",
        );
        assert_eq!(
            chain.credentials().await.unwrap().access_key_id(),
            "rotated-id"
        );
        assert!(format!("{chain:?}").contains("credentials file"));
    }

    #[test]
    fn broken_files_are_reported_not_fatal() {
        let home = tempfile::tempdir().unwrap();
        write(&home.path().join(".aliyun/config.json"), "{ not json");
        write(
            &home.path().join(".alibabacloud/credentials"),
            CREDENTIALS_FILE,
        );
        let env = offline().with_home(home.path());
        assert_eq!(
            DefaultChain::new(env).resolve().unwrap().access_key_id(),
            "file-id"
        );
    }
}
