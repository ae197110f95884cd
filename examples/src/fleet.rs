//! Application code that calls ECS, written as a user would, and tested without a server in
//! `tests/testing_without_a_server.rs` with the runtime's mock transport.

use std::time::Duration;

use alibabacloud::ecs::latest::{Client, DescribeInstances, StartInstance};

/// Starts every stopped instance of the VPC `vpc_id`, page after page, and waits until all of
/// them run. Returns the ids it started.
pub async fn start_stopped_instances(
    client: &Client,
    vpc_id: &str,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut stopped = Vec::new();
    let request = DescribeInstances::new().vpc_id(vpc_id).max_results(100);
    let mut instances = client.describe_instances_pages(request).items();
    while let Some(instance) = instances.next().await {
        let instance = instance?;
        if instance.status.as_deref() == Some("Stopped") {
            stopped.extend(instance.instance_id);
        }
    }
    for id in &stopped {
        client.start_instance(StartInstance::new(id)).await?;
    }
    if !stopped.is_empty() {
        // `InstanceIds` is a JSON array; the waiter wants every instance listed `Running`.
        let ids = alibabacloud::serde_json::to_string(&stopped)?;
        client
            .wait_until_instance_running(DescribeInstances::new().instance_ids(ids))
            .max_wait(Duration::from_secs(600))
            .await?;
    }
    Ok(stopped)
}
