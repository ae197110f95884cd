//! The waiter loop driven through the `testing` mock: states walked to success, a failure
//! state, the deadline, error codes retried or taken as "gone", and errors that stop the wait.

use std::borrow::Cow;
use std::time::Duration;

use alibabacloud_runtime::testing::Mock;
use alibabacloud_runtime::{
    EndpointRule, Match, Method, OnEmpty, Operation, Params, Service, ServiceError, Wait,
    WaitConfig, WaitError, Waiter,
};

const THINGS: Service = Service {
    product: "Things",
    version: "2020-01-01",
    endpoint: EndpointRule {
        prefix: "things",
        regional: true,
        hosts: &[],
    },
};

#[derive(Debug, Clone, PartialEq)]
struct DescribeThings {
    id: String,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct DescribeThingsResponse {
    #[serde(rename = "Things", default)]
    things: Vec<Thing>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Thing {
    #[serde(rename = "Status", default)]
    status: Option<String>,
}

impl Operation for DescribeThings {
    type Output = DescribeThingsResponse;
    type Error = ServiceError;
    const ACTION: &'static str = "DescribeThings";
    const METHOD: Method = Method::Post;
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.query("ThingId", &self.id);
    }
}

fn states(response: &DescribeThingsResponse) -> Vec<Cow<'_, str>> {
    response
        .things
        .iter()
        .map(|t| Cow::Borrowed(t.status.as_deref().unwrap_or_default()))
        .collect()
}

const QUICK: WaitConfig = WaitConfig {
    min_delay: Duration::from_millis(1),
    max_delay: Duration::from_millis(4),
    max_wait: Duration::from_secs(30),
    jitter: true,
};

const RUNNING: Waiter<DescribeThings> = Waiter {
    name: "ThingRunning",
    path: "Things[].Status",
    states,
    matching: Match::All,
    success: &["Running"],
    failure: &["Stopped", "Deleted"],
    on_empty: OnEmpty::Wait,
    retry_codes: &["InvalidThingId.NotFound"],
    gone_codes: &[],
    defaults: QUICK,
};

const DELETED: Waiter<DescribeThings> = Waiter {
    name: "ThingDeleted",
    path: "Things[].Status",
    states,
    matching: Match::All,
    success: &[],
    failure: &[],
    on_empty: OnEmpty::Success,
    retry_codes: &[],
    gone_codes: &["InvalidThingId.NotFound"],
    defaults: QUICK,
};

fn things(states: &[&str]) -> DescribeThingsResponse {
    DescribeThingsResponse {
        things: states
            .iter()
            .map(|s| Thing {
                status: Some((*s).to_owned()),
            })
            .collect(),
    }
}

fn wait(mock: &Mock, waiter: &'static Waiter<DescribeThings>) -> Wait<DescribeThings> {
    Wait::new(
        mock.client(),
        &THINGS,
        DescribeThings { id: "t-1".into() },
        waiter,
    )
}

#[tokio::test]
async fn walks_the_states_to_success() {
    let mock = Mock::new();
    mock.on::<DescribeThings>()
        .fail_with("InvalidThingId.NotFound", "not yet");
    for state in [
        &["Pending"][..],
        &["Starting", "Running"],
        &["Running", "Running"],
    ] {
        mock.on::<DescribeThings>().respond(things(state));
    }
    let done = wait(&mock, &RUNNING).await.expect("reaches Running");
    assert_eq!(done.state, "Running");
    assert_eq!(done.attempts, 4);
    assert_eq!(done.response, Some(things(&["Running", "Running"])));
    assert!(mock.calls::<DescribeThings>().iter().all(|c| c.id == "t-1"));
    mock.verify();
}

#[tokio::test]
async fn any_is_enough_with_match_any() {
    static ANY: Waiter<DescribeThings> = Waiter {
        matching: Match::Any,
        ..RUNNING
    };
    let mock = Mock::new();
    mock.on::<DescribeThings>()
        .respond(things(&["Starting", "Running"]));
    let done = wait(&mock, &ANY).send().await.expect("one is running");
    assert_eq!(done.attempts, 1);
    assert_eq!(done.state, "Starting, Running");
}

#[tokio::test]
async fn a_failure_state_ends_the_wait_with_its_response() {
    let mock = Mock::new();
    mock.on::<DescribeThings>().respond(things(&["Pending"]));
    mock.on::<DescribeThings>()
        .respond(things(&["Running", "Stopped"]));
    let error = wait(&mock, &RUNNING)
        .await
        .expect_err("Stopped is a failure");
    match &error {
        WaitError::Failed {
            state, attempts, ..
        } => {
            assert_eq!(state, "Stopped");
            assert_eq!(*attempts, 2);
        }
        other => panic!("expected Failed, got {other:?}"),
    }
    assert_eq!(error.response(), Some(&things(&["Running", "Stopped"])));
    assert!(
        error
            .to_string()
            .starts_with("waiter ThingRunning: reached failure state `Stopped` after 2 calls"),
        "{error}"
    );
}

#[tokio::test]
async fn the_deadline_names_the_last_state() {
    let mock = Mock::new();
    mock.on::<DescribeThings>()
        .respond(things(&["Pending"]))
        .repeatedly();
    let error = wait(&mock, &RUNNING)
        .max_wait(Duration::from_millis(30))
        .max_delay(Duration::from_millis(5))
        .await
        .expect_err("never runs");
    match &error {
        WaitError::TimedOut {
            last_state,
            response,
            attempts,
            ..
        } => {
            assert_eq!(last_state.as_deref(), Some("Pending"));
            assert_eq!(response.as_deref(), Some(&things(&["Pending"])));
            assert!(*attempts >= 2, "{attempts}");
        }
        other => panic!("expected TimedOut, got {other:?}"),
    }
    assert!(
        error.to_string().contains("last state `Pending`"),
        "{error}"
    );
}

#[tokio::test]
async fn an_error_not_retried_stops_the_wait() {
    let mock = Mock::new();
    mock.on::<DescribeThings>().respond(things(&["Pending"]));
    mock.on::<DescribeThings>().fail_with("Forbidden.RAM", "no");
    let error = wait(&mock, &RUNNING).await.expect_err("forbidden");
    match &error {
        WaitError::Call {
            error, attempts, ..
        } => {
            assert_eq!(error.code(), Some("Forbidden.RAM"));
            assert_eq!(*attempts, 2);
        }
        other => panic!("expected Call, got {other:?}"),
    }
    assert!(std::error::Error::source(&error).is_some());
    assert!(error.to_string().contains("Forbidden.RAM"), "{error}");
}

#[tokio::test]
async fn deleted_on_an_empty_list_or_a_gone_code() {
    let mock = Mock::new();
    mock.on::<DescribeThings>().respond(things(&["Stopping"]));
    mock.on::<DescribeThings>().respond(things(&[]));
    let done = wait(&mock, &DELETED).await.expect("gone");
    assert_eq!(done.attempts, 2);
    assert_eq!(done.response, Some(things(&[])));

    let mock = Mock::new();
    mock.on::<DescribeThings>()
        .fail_with("InvalidThingId.NotFound", "gone");
    let done = wait(&mock, &DELETED).await.expect("gone");
    assert_eq!(done.response, None);
    assert_eq!(done.state, "error code InvalidThingId.NotFound");
}
