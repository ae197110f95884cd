//! Caching temporary credentials: refreshed ahead of expiry, one refresh at a time shared by every
//! caller, still-valid credentials kept when a refresh fails, expired ones never handed out.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use super::timestamp::format_system_time;
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::future::BoxFuture;

/// The current time, as the credentials cache sees it. Replaceable so tests can move time
/// forward instead of sleeping.
pub trait Clock: Send + Sync + fmt::Debug {
    /// Now.
    fn now(&self) -> SystemTime;
}

/// The system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// How long before expiry credentials are refreshed, at most (the official libraries' 15
/// minutes). Short-lived credentials are refreshed once half their lifetime has passed instead.
const DEFAULT_REFRESH_BEFORE: Duration = Duration::from_secs(15 * 60);

/// After a failed refresh, how long cached credentials that are still valid are served without
/// asking the source again, so a broken source does not slow every call down.
const DEFAULT_RETRY_AFTER_FAILURE: Duration = Duration::from_secs(10);

/// Wraps a provider of temporary credentials and caches what it returns.
///
/// - Credentials are fetched on first use and refreshed ahead of their
///   [`Credentials::expiration`]: when less than 15 minutes remain, or less than half of their
///   lifetime for credentials that live under 30 minutes ([`CredentialsCache::refresh_before`]
///   changes the 15 minutes).
/// - Concurrent callers share one refresh: while it runs, callers that hold no valid credentials
///   wait for its result, and the others keep using the cached credentials.
/// - A failed refresh keeps serving the cached credentials while they are valid (logged as a
///   warning; the source is asked again after 10 seconds). Expired credentials are never
///   returned: with nothing valid cached, the refresh's error is.
/// - Credentials without an expiration are cached for good.
///
/// The providers of this module ([`super::AssumeRoleProvider`], [`super::OidcRoleProvider`],
/// [`super::EcsRoleProvider`], [`super::UriProvider`]) already cache with it; wrap your own
/// provider to get the same behaviour. Clones share the cached credentials and the refresh;
/// [`CredentialsCache::clock`] and [`CredentialsCache::refresh_before`] set up the handle they are
/// called on (and the clones made from it afterwards).
#[derive(Clone)]
pub struct CredentialsCache {
    inner: Arc<Inner>,
    settings: Settings,
}

#[derive(Clone)]
struct Settings {
    clock: Arc<dyn Clock>,
    refresh_before: Duration,
    retry_after_failure: Duration,
}

struct Inner {
    source: Box<dyn ProvideCredentials>,
    state: Mutex<State>,
    /// Held by the one caller that is refreshing.
    refreshing: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct State {
    current: Option<Credentials>,
    fetched_at: Option<SystemTime>,
    /// Counts finished refreshes, so a caller that waited for one knows it happened.
    refreshes: u64,
    last_error: Option<CredentialsError>,
    failed_at: Option<SystemTime>,
}

impl CredentialsCache {
    /// Caches what `source` returns, with the system clock.
    pub fn new(source: impl ProvideCredentials + 'static) -> Self {
        CredentialsCache {
            inner: Arc::new(Inner {
                source: Box::new(source),
                state: Mutex::new(State::default()),
                refreshing: tokio::sync::Mutex::new(()),
            }),
            settings: Settings {
                clock: Arc::new(SystemClock),
                refresh_before: DEFAULT_REFRESH_BEFORE,
                retry_after_failure: DEFAULT_RETRY_AFTER_FAILURE,
            },
        }
    }

    /// Refreshes when less than `before` remains before expiry (default 15 minutes); credentials
    /// that live less than twice that are refreshed at half their lifetime.
    pub fn refresh_before(mut self, before: Duration) -> Self {
        self.settings.refresh_before = before;
        self
    }

    /// Reads the time from `clock` instead of the system clock (for tests).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.settings.clock = clock;
        self
    }

    /// The shared clock, for providers that build caches of their own sources.
    pub(crate) fn with_clock_opt(self, clock: Option<&Arc<dyn Clock>>) -> Self {
        match clock {
            Some(clock) => self.clock(clock.clone()),
            None => self,
        }
    }

    /// The cached credentials, if any, whether or not they are still valid.
    pub fn cached(&self) -> Option<Credentials> {
        self.inner.lock().current.clone()
    }

    async fn get(&self) -> Result<Credentials, CredentialsError> {
        let inner = &*self.inner;
        let settings = &self.settings;
        let now = settings.clock.now();
        let (seen, stale) = match inner.look(settings, now) {
            Look::Use(credentials) => return Ok(credentials),
            Look::Stale(credentials, seen) => (seen, Some(credentials)),
            Look::Nothing(seen) => (seen, None),
        };
        if let Some(current) = stale {
            // Stale but valid: refresh, unless another caller is refreshing.
            let Ok(guard) = inner.refreshing.try_lock() else {
                return Ok(current);
            };
            // A refresh that finished just before the lock was taken counts.
            let latest = inner.finished_since(seen, now);
            if let Some(latest) = latest {
                return latest.or(Ok(current));
            }
            return inner.refresh(settings, guard).await;
        }
        // Nothing valid cached: wait for the refresh under way, if any, and use its outcome.
        let guard = inner.refreshing.lock().await;
        let latest = inner.finished_since(seen, settings.clock.now());
        match latest {
            Some(outcome) => outcome,
            None => inner.refresh(settings, guard).await,
        }
    }
}

/// What the cache holds for a caller at some instant.
enum Look {
    /// Fresh credentials, or valid ones while a failed refresh is recent.
    Use(Credentials),
    /// Valid credentials due for a refresh, and the refresh count seen.
    Stale(Credentials, u64),
    /// Nothing valid, and the refresh count seen.
    Nothing(u64),
}

impl Inner {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn look(&self, settings: &Settings, now: SystemTime) -> Look {
        let state = self.lock();
        let Some(current) = state.current.as_ref().filter(|c| !c.expired_at(now)) else {
            return Look::Nothing(state.refreshes);
        };
        let backing_off = state
            .failed_at
            .is_some_and(|failed| now < failed + settings.retry_after_failure);
        if backing_off || settings.is_fresh(current, state.fetched_at, now) {
            Look::Use(current.clone())
        } else {
            Look::Stale(current.clone(), state.refreshes)
        }
    }

    /// The outcome of the refreshes that finished since the count was `seen`, if any did: the
    /// credentials cached then if still valid at `now`, else the last refresh's error.
    fn finished_since(
        &self,
        seen: u64,
        now: SystemTime,
    ) -> Option<Result<Credentials, CredentialsError>> {
        let state = self.lock();
        if state.refreshes == seen {
            return None;
        }
        if let Some(current) = state.current.as_ref().filter(|c| !c.expired_at(now)) {
            return Some(Ok(current.clone()));
        }
        state.last_error.clone().map(Err)
    }

    /// Asks the source; the caller holds the refresh lock (`_guard`) until the outcome is stored.
    async fn refresh(
        &self,
        settings: &Settings,
        _guard: tokio::sync::MutexGuard<'_, ()>,
    ) -> Result<Credentials, CredentialsError> {
        let result = self.source.credentials().await;
        let now = settings.clock.now();
        let result = result.and_then(|credentials| match credentials.expiration() {
            Some(expiration) if expiration <= now => Err(CredentialsError::new(format!(
                "the credentials fetched had already expired (at {})",
                format_system_time(expiration)
            ))),
            _ => Ok(credentials),
        });
        let mut state = self.lock();
        state.refreshes += 1;
        match result {
            Ok(credentials) => {
                if let Some(expiration) = credentials.expiration() {
                    tracing::debug!(
                        access_key_id = credentials.access_key_id(),
                        expiration = %format_system_time(expiration),
                        "credentials refreshed"
                    );
                }
                state.current = Some(credentials.clone());
                state.fetched_at = Some(now);
                state.last_error = None;
                state.failed_at = None;
                Ok(credentials)
            }
            Err(error) => {
                state.last_error = Some(error.clone());
                state.failed_at = Some(now);
                match state.current.as_ref().filter(|c| !c.expired_at(now)) {
                    Some(current) => {
                        tracing::warn!(
                            error = %error,
                            valid_until = %current.expiration().map(format_system_time).unwrap_or_default(),
                            "refreshing credentials failed; using the cached ones while they are valid"
                        );
                        Ok(current.clone())
                    }
                    None => Err(error),
                }
            }
        }
    }
}

impl Settings {
    /// Whether `credentials` need no refresh yet.
    fn is_fresh(
        &self,
        credentials: &Credentials,
        fetched_at: Option<SystemTime>,
        now: SystemTime,
    ) -> bool {
        let Some(expiration) = credentials.expiration() else {
            return true;
        };
        let lifetime = fetched_at
            .and_then(|fetched| expiration.duration_since(fetched).ok())
            .unwrap_or_default();
        let before = self.refresh_before.min(lifetime / 2);
        match expiration.duration_since(now) {
            Ok(remaining) => remaining > before,
            Err(_) => false,
        }
    }
}

impl ProvideCredentials for CredentialsCache {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.get())
    }
}

impl fmt::Debug for CredentialsCache {
    // The source's own Debug redacts; the cached credentials are summarised, never printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.inner.lock();
        f.debug_struct("CredentialsCache")
            .field("source", &self.inner.source)
            .field(
                "cached_until",
                &state
                    .current
                    .as_ref()
                    .map(|c| c.expiration().map(format_system_time)),
            )
            .field("refresh_before", &self.settings.refresh_before)
            .finish()
    }
}
