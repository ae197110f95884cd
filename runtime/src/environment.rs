//! The process environment as configuration input, made explicit so it can be replaced in tests.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Environment variables and home directory that the default credential chain and region lookup
/// read. [`Environment::from_process`] snapshots the real ones; tests build one by hand so they
/// never touch the real environment or home directory.
#[derive(Clone, Default)]
pub struct Environment {
    vars: BTreeMap<String, String>,
    home: Option<PathBuf>,
}

impl Environment {
    /// An empty environment: no variables, no home directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// The current process's `ALIBABA_CLOUD_*` variables and home directory (`HOME`, or
    /// `USERPROFILE` on Windows).
    pub fn from_process() -> Self {
        let vars = std::env::vars_os()
            .filter_map(|(name, value)| Some((name.into_string().ok()?, value.into_string().ok()?)))
            .filter(|(name, _)| name.starts_with("ALIBABA_CLOUD_"))
            .collect();
        let home = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .filter(|home| !home.is_empty())
            .map(PathBuf::from);
        Environment { vars, home }
    }

    /// Sets one variable.
    pub fn with_var(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.vars.insert(name.into(), value.into());
        self
    }

    /// Sets the home directory.
    pub fn with_home(mut self, home: impl Into<PathBuf>) -> Self {
        self.home = Some(home.into());
        self
    }

    /// A variable's value; an empty value counts as unset, as in the official libraries.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|value| !value.is_empty())
    }

    /// The home directory, if known.
    pub fn home(&self) -> Option<&Path> {
        self.home.as_deref()
    }
}

impl fmt::Debug for Environment {
    // Values may be secrets: show names only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Environment")
            .field("vars", &self.vars.keys().collect::<Vec<_>>())
            .field("home", &self.home)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_is_unset_and_debug_hides_values() {
        let env = Environment::new()
            .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "hidden-value")
            .with_var("X", "");
        assert_eq!(env.var("X"), None);
        assert_eq!(
            env.var("ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
            Some("hidden-value")
        );
        assert!(!format!("{env:?}").contains("hidden-value"));
    }
}
