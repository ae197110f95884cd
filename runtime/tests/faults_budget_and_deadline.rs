//! The client-wide retry budget, the waits a service asks for (`Retry-After`,
//! `x-acs-retry-after`), and the call's deadline: never slept past, and when it ends the call,
//! the caller gets the last real error.

mod support;

use std::time::{Duration, Instant};

use alibabacloud_runtime::{Error, TimeoutKind};
use support::ops::*;
use support::{Answer, Fault};

async fn read_only(client: &alibabacloud_runtime::Client) -> Result<Output, Error> {
    client.call(&LINKWAN, &GetOp(TestOp::default())).await
}

fn unavailable() -> Fault {
    Fault::Service {
        status: 503,
        code: "ServiceUnavailable".into(),
        message: "busy".into(),
    }
}

#[tokio::test]
async fn the_retry_budget_is_shared_by_every_call_of_a_client() {
    let server = server().await;
    server.always(unavailable());
    // Two retries' worth (5 tokens each).
    let client = builder(&server)
        .retry(fast_retries(3).with_retry_budget(10))
        .build()
        .unwrap();
    assert_eq!(client.retry_policy().retry_budget(), 10);
    let err = read_only(&client).await.unwrap_err();
    assert_eq!(err.code(), Some("ServiceUnavailable"));
    assert_eq!(server.requests(), 3);
    // A clone shares the budget: spent, so its call makes one attempt.
    let clone = client.clone();
    let err = read_only(&clone).await.unwrap_err();
    assert_eq!(err.code(), Some("ServiceUnavailable"));
    assert_eq!(server.requests(), 4);

    // Successes refill it (1 token each at the first attempt)...
    let server = self::server().await;
    let client = builder(&server)
        .retry(fast_retries(3).with_retry_budget(10))
        .build()
        .unwrap();
    server.always(unavailable());
    read_only(&client).await.unwrap_err();
    assert_eq!(server.requests(), 3);
    server.state.lock().unwrap().always = None;
    for _ in 0..5 {
        read_only(&client).await.unwrap();
    }
    // ...so one retry is affordable again, and it succeeds, giving its 5 tokens back.
    server.push_faults([unavailable()]);
    read_only(&client).await.unwrap();
    assert_eq!(server.requests(), 3 + 5 + 2);
    server.push_faults([unavailable()]);
    read_only(&client).await.unwrap();
    assert_eq!(server.requests(), 3 + 5 + 2 + 2);

    // A budget of 0 means no retries.
    let server = self::server().await;
    server.always(unavailable());
    let client = builder(&server)
        .retry(fast_retries(3).with_retry_budget(0))
        .build()
        .unwrap();
    read_only(&client).await.unwrap_err();
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_retry_after_a_timeout_costs_twice_as_much() {
    let server = server().await;
    server.always(Fault::executed(Fault::Slow(Duration::from_secs(5))));
    let client = builder(&server)
        .attempt_timeout(Duration::from_millis(200))
        .retry(fast_retries(4).with_retry_budget(15))
        .build()
        .unwrap();
    let err = read_only(&client).await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    // 15 tokens: one retry after a timeout (10), not two.
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    let server = server().await;
    server.push_faults([Fault::Answer(
        Answer::json(429, r#"{"Code":"TooManyRequests","Message":"slow down"}"#)
            .with_header("retry-after", "1"),
    )]);
    let client = builder(&server)
        .retry(fast_retries(3).with_backoff(Duration::from_millis(1), Duration::from_secs(5)))
        .build()
        .unwrap();
    let started = Instant::now();
    // A create without a token: a refusal is retried for every operation.
    call_default(&client).await.unwrap();
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(4),
        "{elapsed:?}"
    );
    assert_eq!(server.requests(), 2);

    // Not honoured when asked not to: the backoff alone decides.
    let server = self::server().await;
    server.push_faults([Fault::Answer(
        Answer::json(429, r#"{"Code":"TooManyRequests","Message":"slow down"}"#)
            .with_header("retry-after", "30"),
    )]);
    let client = builder(&server)
        .retry(fast_retries(3).with_rate_limit_header(false))
        .build()
        .unwrap();
    let started = Instant::now();
    call_default(&client).await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn a_wait_beyond_the_remaining_time_ends_the_call_with_the_service_error() {
    let server = server().await;
    server.always(Fault::Answer(
        Answer::json(
            429,
            r#"{"Code":"TooManyRequests","Message":"slow down","RequestId":"R-429"}"#,
        )
        .with_header("retry-after", "2"),
    ));
    let client = builder(&server)
        .retry(fast_retries(3).with_backoff(Duration::from_millis(1), Duration::from_secs(20)))
        .total_timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = read_only(&client).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_millis(900));
    assert_eq!(
        (err.code(), err.message(), err.request_id()),
        (Some("TooManyRequests"), Some("slow down"), Some("R-429"))
    );
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn backoff_never_sleeps_past_the_deadline() {
    // Each answer asks for 700 ms; the call has 1 s: one wait fits, the second would not.
    let server = server().await;
    server.always(Fault::Answer(
        Answer::json(
            503,
            r#"{"Code":"ServiceUnavailable","Message":"busy","RequestId":"R-503"}"#,
        )
        .with_header("x-acs-retry-after", "700"),
    ));
    let client = builder(&server)
        .retry(fast_retries(5).with_backoff(Duration::from_millis(1), Duration::from_secs(20)))
        .total_timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = read_only(&client).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(700) && elapsed < Duration::from_secs(1),
        "{elapsed:?}"
    );
    assert_eq!(err.code(), Some("ServiceUnavailable"));
    assert_eq!(err.request_id(), Some("R-503"));
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn when_time_runs_out_the_last_real_error_is_returned() {
    // The first attempt gets a 500; the next ones hang until the total timeout cuts them.
    let server = server().await;
    server.push_faults([Fault::executed(Fault::Internal)]);
    server.always(Fault::executed(Fault::Slow(Duration::from_secs(10))));
    let client = builder(&server)
        .attempt_timeout(Duration::from_secs(5))
        .total_timeout(Duration::from_millis(600))
        .retry(fast_retries(4))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = read_only(&client).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    let service = err.service_error().expect("the 500, not a bare timeout");
    assert_eq!(service.code(), "InternalError");
    assert_eq!(service.status(), 500);
    assert!(!service.message().is_empty());
    assert!(err.request_id().is_some());
    assert_eq!(server.requests(), 2);

    // Without an earlier answer, the total timeout it is.
    let server = self::server().await;
    server.always(Fault::executed(Fault::Slow(Duration::from_secs(10))));
    let client = builder(&server)
        .attempt_timeout(Duration::from_secs(5))
        .total_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = read_only(&client).await.unwrap_err();
    let Error::Timeout(timeout) = &err else {
        panic!("expected a timeout, got {err:?}")
    };
    assert_eq!(timeout.kind(), TimeoutKind::Total);
    assert_eq!(server.requests(), 1);
}
