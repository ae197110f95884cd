//! The credentials cache: refresh ahead of expiry, one refresh for many callers, cached
//! credentials kept through a failed refresh while valid, expired ones never handed out.

mod credentials_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use alibabacloud_runtime::credentials::{Clock, CredentialsCache};
use alibabacloud_runtime::{BoxFuture, Credentials, CredentialsError, ProvideCredentials};
use credentials_support::{assert_hidden, ManualClock};

/// What the scripted source does on its next call.
#[derive(Debug, Clone)]
enum Next {
    /// Credentials valid for this long from the clock's now.
    Valid(Duration),
    /// Credentials that expired this long ago.
    Expired(Duration),
    Fail,
}

/// A source that counts its calls, answers as scripted, and can be slow.
#[derive(Debug)]
struct Scripted {
    clock: Arc<ManualClock>,
    calls: AtomicUsize,
    script: Mutex<Vec<Next>>,
    then: Next,
    delay: Duration,
}

impl Scripted {
    fn new(clock: &Arc<ManualClock>, script: Vec<Next>, then: Next) -> Arc<Scripted> {
        Arc::new(Scripted {
            clock: clock.clone(),
            calls: AtomicUsize::new(0),
            script: Mutex::new(script),
            then,
            delay: Duration::ZERO,
        })
    }

    fn slow(clock: &Arc<ManualClock>, then: Next, delay: Duration) -> Arc<Scripted> {
        Arc::new(Scripted {
            clock: clock.clone(),
            calls: AtomicUsize::new(0),
            script: Mutex::new(Vec::new()),
            then,
            delay,
        })
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl ProvideCredentials for Scripted {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            if !self.delay.is_zero() {
                tokio::time::sleep(self.delay).await;
            }
            let next = {
                let mut script = self.script.lock().unwrap();
                if script.is_empty() {
                    self.then.clone()
                } else {
                    script.remove(0)
                }
            };
            let now = self.clock.now();
            let credentials = |expiration: SystemTime| {
                Credentials::with_security_token(
                    format!("STS.id-{call}"),
                    format!("secret-number-{call}"),
                    format!("token-number-{call}"),
                )
                .with_expiration(expiration)
            };
            match next {
                Next::Valid(lifetime) => Ok(credentials(now + lifetime)),
                Next::Expired(ago) => Ok(credentials(now - ago)),
                Next::Fail => Err(CredentialsError::new(format!(
                    "the source is down (call {call})"
                ))),
            }
        })
    }
}

fn cache(source: &Arc<Scripted>, clock: &Arc<ManualClock>) -> CredentialsCache {
    CredentialsCache::new(source.clone()).clock(clock.clone())
}

const HOUR: Duration = Duration::from_secs(3600);
const MINUTE: Duration = Duration::from_secs(60);

#[tokio::test]
async fn fetched_once_then_served_from_the_cache() {
    let clock = ManualClock::new();
    let source = Scripted::new(&clock, vec![], Next::Valid(HOUR));
    let cache = cache(&source, &clock);
    let first = cache.credentials().await.unwrap();
    assert_eq!(first.access_key_id(), "STS.id-1");
    clock.advance(30 * MINUTE);
    assert_eq!(cache.credentials().await.unwrap(), first);
    assert_eq!(source.calls(), 1);
    assert_eq!(cache.cached(), Some(first));
}

#[tokio::test]
async fn refreshed_before_expiry() {
    let clock = ManualClock::new();
    let source = Scripted::new(&clock, vec![], Next::Valid(HOUR));
    let cache = cache(&source, &clock);
    cache.credentials().await.unwrap();

    // 16 minutes left: still fresh.
    clock.advance(44 * MINUTE);
    assert_eq!(
        cache.credentials().await.unwrap().access_key_id(),
        "STS.id-1"
    );
    // 14 minutes left: inside the 15-minute window, refreshed while still valid.
    clock.advance(2 * MINUTE);
    assert_eq!(
        cache.credentials().await.unwrap().access_key_id(),
        "STS.id-2"
    );
    assert_eq!(source.calls(), 2);

    // A custom window.
    let source = Scripted::new(&clock, vec![], Next::Valid(HOUR));
    let cache = CredentialsCache::new(source.clone())
        .clock(clock.clone())
        .refresh_before(5 * MINUTE);
    cache.credentials().await.unwrap();
    clock.advance(54 * MINUTE);
    cache.credentials().await.unwrap();
    assert_eq!(source.calls(), 1);
    clock.advance(2 * MINUTE);
    cache.credentials().await.unwrap();
    assert_eq!(source.calls(), 2);
}

#[tokio::test]
async fn short_lived_credentials_refresh_at_half_their_life() {
    let clock = ManualClock::new();
    let source = Scripted::new(&clock, vec![], Next::Valid(20 * MINUTE));
    let cache = cache(&source, &clock);
    cache.credentials().await.unwrap();
    clock.advance(9 * MINUTE);
    cache.credentials().await.unwrap();
    assert_eq!(
        source.calls(),
        1,
        "not every call: the window is half of 20 minutes"
    );
    clock.advance(2 * MINUTE);
    cache.credentials().await.unwrap();
    assert_eq!(source.calls(), 2);
}

#[tokio::test]
async fn concurrent_callers_share_one_refresh() {
    let clock = ManualClock::new();
    let source = Scripted::slow(&clock, Next::Valid(HOUR), Duration::from_millis(150));
    let cache = cache(&source, &clock);

    // Empty cache: every caller waits for the one fetch.
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.credentials().await })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap().access_key_id(), "STS.id-1");
    }
    assert_eq!(source.calls(), 1);

    // Due for a refresh: one caller refreshes, the others keep the still-valid credentials.
    clock.advance(50 * MINUTE);
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.credentials().await })
        })
        .collect();
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap().unwrap().access_key_id().to_owned());
    }
    assert_eq!(source.calls(), 2);
    assert!(ids.iter().all(|id| id == "STS.id-1" || id == "STS.id-2"));
    assert_eq!(
        cache.credentials().await.unwrap().access_key_id(),
        "STS.id-2"
    );
}

#[tokio::test]
async fn concurrent_callers_share_a_failure_too() {
    let clock = ManualClock::new();
    let source = Scripted::slow(&clock, Next::Fail, Duration::from_millis(150));
    let cache = cache(&source, &clock);
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.credentials().await })
        })
        .collect();
    for task in tasks {
        let err = task.await.unwrap().unwrap_err();
        assert!(err.to_string().contains("the source is down"), "{err}");
    }
    assert_eq!(source.calls(), 1);
}

#[tokio::test]
async fn a_failed_refresh_serves_the_still_valid_credentials() {
    let clock = ManualClock::new();
    let source = Scripted::new(&clock, vec![Next::Valid(HOUR)], Next::Fail);
    let cache = cache(&source, &clock);
    let first = cache.credentials().await.unwrap();

    // In the refresh window, the source fails: the cached credentials are still valid.
    clock.advance(50 * MINUTE);
    assert_eq!(cache.credentials().await.unwrap(), first);
    assert_eq!(source.calls(), 2);
    // Right after a failure the source is left alone for a moment...
    assert_eq!(cache.credentials().await.unwrap(), first);
    assert_eq!(source.calls(), 2);
    // ...then asked again.
    clock.advance(Duration::from_secs(11));
    assert_eq!(cache.credentials().await.unwrap(), first);
    assert_eq!(source.calls(), 3);
}

#[tokio::test]
async fn expired_credentials_are_never_used() {
    let clock = ManualClock::new();
    let source = Scripted::new(&clock, vec![Next::Valid(HOUR)], Next::Fail);
    let cache = cache(&source, &clock);
    cache.credentials().await.unwrap();

    // Past the expiry, with the source failing: the error, not the expired credentials.
    clock.advance(HOUR + Duration::from_secs(1));
    let err = cache.credentials().await.unwrap_err();
    assert!(err.to_string().contains("the source is down"), "{err}");
    // Not even right after the failure.
    let err = cache.credentials().await.unwrap_err();
    assert!(err.to_string().contains("the source is down"), "{err}");

    // Exactly at the expiry counts as expired.
    let source = Scripted::new(&clock, vec![Next::Valid(HOUR)], Next::Fail);
    let cache = self::cache(&source, &clock);
    cache.credentials().await.unwrap();
    clock.advance(HOUR);
    assert!(cache.credentials().await.is_err());

    // A source that hands out credentials already expired is an error too.
    let source = Scripted::new(&clock, vec![], Next::Expired(MINUTE));
    let cache = self::cache(&source, &clock);
    let err = cache.credentials().await.unwrap_err();
    assert!(err.to_string().contains("already expired"), "{err}");
    assert_hidden(
        &format!("{err} {err:?}"),
        &["secret-number", "token-number"],
    );
}

#[tokio::test]
async fn credentials_without_expiry_are_kept() {
    let clock = ManualClock::new();
    let calls = Arc::new(AtomicUsize::new(0));
    #[derive(Debug)]
    struct Counting(Arc<AtomicUsize>);
    impl ProvideCredentials for Counting {
        fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Box::pin(async { Ok(Credentials::new("LTAIlongterm", "long-term-secret")) })
        }
    }
    let cache = CredentialsCache::new(Counting(calls.clone())).clock(clock.clone());
    cache.credentials().await.unwrap();
    clock.advance(1000 * HOUR);
    cache.credentials().await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn debug_never_shows_the_cached_secret() {
    let clock = ManualClock::new();
    let source = Scripted::new(&clock, vec![], Next::Valid(HOUR));
    let cache = cache(&source, &clock);
    let credentials = cache.credentials().await.unwrap();
    let text = format!("{cache:?} {credentials:?}");
    assert_hidden(&text, &["secret-number-1", "token-number-1"]);
    assert!(text.contains("cached_until"), "{text}");
}
