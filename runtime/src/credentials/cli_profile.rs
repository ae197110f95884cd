//! The aliyun CLI's profile file, `~/.aliyun/config.json`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;

use super::chain::{Found, Role, Settings};
use super::ecs_role::EcsRoleProvider;
use super::oidc::OidcRoleProvider;
use super::sts::{is_true, StsEndpoint};
use super::{Credentials, ProvideCredentials};
use crate::de::lenient;
use crate::environment::Environment;

// No Debug: profiles hold secrets.
#[derive(Default, Deserialize)]
#[serde(default)]
struct ConfigFile {
    current: String,
    profiles: Vec<Profile>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct Profile {
    name: String,
    mode: String,
    access_key_id: String,
    access_key_secret: String,
    sts_token: String,
    region_id: String,
    ram_role_arn: String,
    ram_session_name: String,
    #[serde(deserialize_with = "lenient")]
    expired_seconds: u64,
    sts_region: String,
    #[serde(deserialize_with = "lenient")]
    enable_vpc: bool,
    source_profile: String,
    ram_role_name: String,
    oidc_token_file: String,
    oidc_provider_arn: String,
    policy: String,
    external_id: String,
}

/// The profile file's path: `ALIBABA_CLOUD_CONFIG_FILE`, else `~/.aliyun/config.json`.
fn path(env: &Environment) -> Option<PathBuf> {
    match env.var("ALIBABA_CLOUD_CONFIG_FILE") {
        Some(path) => Some(PathBuf::from(path)),
        None => env
            .home()
            .map(|home| home.join(".aliyun").join("config.json")),
    }
}

/// Reads the profile file and the name of the selected profile: `ALIBABA_CLOUD_PROFILE`, else
/// the file's `current`, else `default`. `Ok(None)` when there is no file.
fn read(env: &Environment) -> Result<Option<(PathBuf, ConfigFile, String)>, String> {
    let Some(path) = path(env) else {
        return Err("no home directory and ALIBABA_CLOUD_CONFIG_FILE not set".to_owned());
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("{}: cannot read: {error}", path.display())),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // The serde error names a line and column, never a value.
    let file: ConfigFile = serde_json::from_str(text).map_err(|error| {
        format!(
            "{}: not a valid profile file (line {}, column {})",
            path.display(),
            error.line(),
            error.column()
        )
    })?;
    let wanted = env
        .var("ALIBABA_CLOUD_PROFILE")
        .map(str::to_owned)
        .or_else(|| Some(file.current.clone()).filter(|current| !current.is_empty()))
        .unwrap_or_else(|| "default".to_owned());
    Ok(Some((path, file, wanted)))
}

/// One chain step: what the selected CLI profile gives, or why it gives nothing.
pub(super) fn locate(env: &Environment, settings: &Settings) -> Result<Found, String> {
    if is_true(env.var("ALIBABA_CLOUD_CLI_PROFILE_DISABLED")) {
        return Err("turned off by ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true".to_owned());
    }
    let Some((path, file, wanted)) = read(env)? else {
        let shown = path(env)
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        return Err(format!("{shown}: file not found"));
    };
    let mut visited = Vec::new();
    resolve(&path, &file, &wanted, env, settings, &mut visited)
}

/// The source profile `name` gives; `visited` holds the profiles of a `ChainableRamRoleArn`
/// chain so far, to refuse loops.
fn resolve(
    path: &Path,
    file: &ConfigFile,
    name: &str,
    env: &Environment,
    settings: &Settings,
    visited: &mut Vec<String>,
) -> Result<Found, String> {
    if visited.iter().any(|seen| seen == name) {
        visited.push(name.to_owned());
        return Err(format!(
            "{}: source_profile loops: {}",
            path.display(),
            visited.join(" -> ")
        ));
    }
    visited.push(name.to_owned());
    let Some(profile) = file.profiles.iter().find(|profile| profile.name == name) else {
        return Err(format!("{}: no profile named {name:?}", path.display()));
    };
    let where_ = format!("{} profile {:?}", path.display(), profile.name);
    let mode = profile.mode.as_str();
    let required = |value: &str, field: &str| -> Result<String, String> {
        if value.trim().is_empty() {
            Err(format!("{where_}: mode {mode} without {field}"))
        } else {
            Ok(value.to_owned())
        }
    };
    let optional = |value: &str| Some(value.to_owned()).filter(|value| !value.trim().is_empty());
    let role = |profile: &Profile| -> Result<Role, String> {
        Ok(Role {
            role_arn: required(&profile.ram_role_arn, "ram_role_arn")?,
            session_name: optional(&profile.ram_session_name),
            duration: (profile.expired_seconds > 0)
                .then(|| Duration::from_secs(profile.expired_seconds)),
            policy: optional(&profile.policy),
            external_id: optional(&profile.external_id),
            sts: StsEndpoint::resolve(Some(&profile.sts_region), profile.enable_vpc, env),
        })
    };
    let in_profile = |why: String| format!("{where_}: {why}");
    match mode {
        "AK" | "" => Ok(Found::Static(Credentials::new(
            required(&profile.access_key_id, "access_key_id")?,
            required(&profile.access_key_secret, "access_key_secret")?,
        ))),
        "StsToken" => Ok(Found::Static(Credentials::with_security_token(
            required(&profile.access_key_id, "access_key_id")?,
            required(&profile.access_key_secret, "access_key_secret")?,
            required(&profile.sts_token, "sts_token")?,
        ))),
        "RamRoleArn" => {
            let base = Credentials::new(
                required(&profile.access_key_id, "access_key_id")?,
                required(&profile.access_key_secret, "access_key_secret")?,
            );
            settings
                .assume_role(Arc::new(base), role(profile)?)
                .map_err(in_profile)
        }
        "EcsRamRole" => {
            let mut builder = EcsRoleProvider::from_env(env).map_err(in_profile)?;
            if let Some(role) = optional(&profile.ram_role_name) {
                builder = builder.role_name(role);
            }
            settings.ecs(builder).map_err(in_profile)
        }
        "ChainableRamRoleArn" => {
            let source = required(&profile.source_profile, "source_profile")?;
            let role = role(profile)?;
            let base: Arc<dyn ProvideCredentials> =
                match resolve(path, file, &source, env, settings, visited) {
                    Ok(Found::Static(credentials)) => Arc::new(credentials),
                    Ok(Found::Provider(provider)) => provider,
                    Err(why) => {
                        return Err(format!("{where_}: source profile {source:?}: {why}"))
                    }
                };
            settings.assume_role(base, role).map_err(in_profile)
        }
        "OIDC" => {
            let mut builder = OidcRoleProvider::builder(
                required(&profile.ram_role_arn, "ram_role_arn")?,
                required(&profile.oidc_provider_arn, "oidc_provider_arn")?,
                required(&profile.oidc_token_file, "oidc_token_file")?,
            )
            .sts_endpoint(StsEndpoint::resolve(
                Some(&profile.sts_region),
                profile.enable_vpc,
                env,
            ));
            if let Some(name) = optional(&profile.ram_session_name) {
                builder = builder.role_session_name(name);
            }
            if profile.expired_seconds > 0 {
                builder = builder.duration(Duration::from_secs(profile.expired_seconds));
            }
            if let Some(policy) = optional(&profile.policy) {
                builder = builder.policy(policy);
            }
            settings.oidc(builder).map_err(in_profile)
        }
        other => Err(format!(
            "{where_}: mode {other:?} is not supported (supported: AK, StsToken, RamRoleArn, EcsRamRole, ChainableRamRoleArn, OIDC)"
        )),
    }
}

/// The selected CLI profile's `region_id`, if any.
#[cfg_attr(not(feature = "default-chain"), allow(dead_code))]
pub(crate) fn profile_region(env: &Environment) -> Option<String> {
    let (_, file, wanted) = read(env).ok()??;
    file.profiles
        .into_iter()
        .find(|profile| profile.name == wanted)
        .map(|profile| profile.region_id)
        .filter(|region| !region.is_empty())
}
