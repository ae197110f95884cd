//! The aliyun CLI's profile file, `~/.aliyun/config.json`.

use std::path::PathBuf;

use serde::Deserialize;

use super::Credentials;
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

/// Reads the selected profile: `ALIBABA_CLOUD_PROFILE`, else the file's `current`, else `default`.
/// `Ok(None)` when there is no file.
fn selected_profile(env: &Environment) -> Result<Option<(PathBuf, Profile)>, String> {
    let Some(path) = path(env) else {
        return Err("no home directory and ALIBABA_CLOUD_CONFIG_FILE not set".to_owned());
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("{}: cannot read: {error}", path.display())),
    };
    // The serde error names a line and column, never a value.
    let file: ConfigFile = serde_json::from_str(&text)
        .map_err(|error| format!("{}: not a valid profile file: {error}", path.display()))?;
    let wanted = env
        .var("ALIBABA_CLOUD_PROFILE")
        .map(str::to_owned)
        .or_else(|| Some(file.current.clone()).filter(|current| !current.is_empty()))
        .unwrap_or_else(|| "default".to_owned());
    match file
        .profiles
        .into_iter()
        .find(|profile| profile.name == wanted)
    {
        Some(profile) => Ok(Some((path, profile))),
        None => Err(format!("{}: no profile named {wanted:?}", path.display())),
    }
}

/// One chain step: credentials from the CLI profile, or why there are none.
pub(super) fn credentials(env: &Environment) -> Result<Credentials, String> {
    let (path, profile) = match selected_profile(env)? {
        Some(found) => found,
        None => {
            let shown = path(env)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            return Err(format!("{shown}: file not found"));
        }
    };
    let where_ = format!("{} profile {:?}", path.display(), profile.name);
    let missing = |field: &str| format!("{where_}: mode {} without {field}", profile.mode);
    match profile.mode.as_str() {
        "AK" | "" => {
            if profile.access_key_id.is_empty() {
                return Err(missing("access_key_id"));
            }
            if profile.access_key_secret.is_empty() {
                return Err(missing("access_key_secret"));
            }
            Ok(Credentials::new(
                profile.access_key_id,
                profile.access_key_secret,
            ))
        }
        "StsToken" => {
            if profile.access_key_id.is_empty() {
                return Err(missing("access_key_id"));
            }
            if profile.access_key_secret.is_empty() {
                return Err(missing("access_key_secret"));
            }
            if profile.sts_token.is_empty() {
                return Err(missing("sts_token"));
            }
            Ok(Credentials::with_security_token(
                profile.access_key_id,
                profile.access_key_secret,
                profile.sts_token,
            ))
        }
        other => Err(format!(
            "{where_}: mode {other:?} is not supported (supported: AK, StsToken)"
        )),
    }
}

/// The selected CLI profile's `region_id`, if any.
pub(crate) fn profile_region(env: &Environment) -> Option<String> {
    match selected_profile(env) {
        Ok(Some((_, profile))) if !profile.region_id.is_empty() => Some(profile.region_id),
        _ => None,
    }
}
