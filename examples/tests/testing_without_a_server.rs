//! The README's example of testing without a server: a user's function that pages through ECS
//! instances, starts the stopped ones and waits until they run, tested with the mock transport
//! of the `testing` feature. No socket is opened; time is paused, so the waiter's delays of
//! seconds pass at once.

use alibabacloud::ecs::latest::{
    Client, DescribeInstances, DescribeInstancesResponse, Instance, Instances, StartInstance,
    StartInstanceResponse,
};
use alibabacloud::runtime::testing::Mock;
use alibabacloud_examples::fleet::start_stopped_instances;

/// A page of instances, each `(id, status)`, and the token of the next page.
fn page(instances: &[(&str, &str)], next: Option<&str>) -> DescribeInstancesResponse {
    let instance = instances
        .iter()
        .map(|(id, status)| Instance {
            instance_id: Some(id.to_string()),
            status: Some(status.to_string()),
            ..Default::default()
        })
        .collect();
    DescribeInstancesResponse {
        instances: Instances { instance },
        next_token: next.map(str::to_owned),
        ..Default::default()
    }
}

#[tokio::test(start_paused = true)]
async fn starts_the_stopped_instances_and_waits_until_they_run() {
    let mock = Mock::new();
    let listing = |r: &DescribeInstances| r.vpc_id.as_deref() == Some("vpc-1");
    // Two pages: the paginator sends the first page's token for the second.
    mock.on::<DescribeInstances>()
        .matching(move |r| listing(r) && r.next_token.is_none())
        .respond(page(&[("i-1", "Running"), ("i-2", "Stopped")], Some("p2")));
    mock.on::<DescribeInstances>()
        .matching(move |r| listing(r) && r.next_token.as_deref() == Some("p2"))
        .respond(page(&[("i-3", "Stopped")], None));
    mock.on::<StartInstance>()
        .respond(StartInstanceResponse::default())
        .times(2);
    // The waiter polls the two it started: starting, then running.
    let polling = |r: &DescribeInstances| r.instance_ids.as_deref() == Some(r#"["i-2","i-3"]"#);
    mock.on::<DescribeInstances>()
        .matching(polling)
        .respond(page(&[("i-2", "Starting"), ("i-3", "Running")], None));
    mock.on::<DescribeInstances>()
        .matching(polling)
        .respond(page(&[("i-2", "Running"), ("i-3", "Running")], None));

    let client = Client::from(mock.client());
    let started = start_stopped_instances(&client, "vpc-1").await.unwrap();

    assert_eq!(started, ["i-2", "i-3"]);
    let starts: Vec<String> = mock
        .calls::<StartInstance>()
        .into_iter()
        .map(|call| call.instance_id)
        .collect();
    assert_eq!(starts, ["i-2", "i-3"]);
    mock.verify(); // every rule answered, nothing unanswered
}

#[tokio::test(start_paused = true)]
async fn a_service_error_reaches_the_caller() {
    let mock = Mock::new();
    mock.on::<DescribeInstances>()
        .respond(page(&[("i-2", "Stopped")], None));
    mock.on::<StartInstance>().fail_with(
        "IncorrectInstanceStatus",
        "The current status of the resource does not support this operation.",
    );

    let client = Client::from(mock.client());
    let error = start_stopped_instances(&client, "vpc-1").await.unwrap_err();
    assert!(
        error.to_string().contains("IncorrectInstanceStatus"),
        "{error}"
    );
    mock.verify();
}
