//! Starts an ECS instance and waits until it runs, with the generated
//! `alibabacloud::ecs::latest` client: `StartInstance`, then `wait_until_instance_running`,
//! which polls `DescribeInstances` (filtered to the instance) until its status is `Running`.
//!
//! ```text
//! ecs_wait [--endpoint URL] [--region ID] [--max-wait SECONDS] [--poll-ms MS] INSTANCE_ID
//! ```
//!
//! `--max-wait` bounds the wait (default: the waiter's 600 s); `--poll-ms` sets the delay
//! between polls (default: the waiter's, 5 s growing to 30 s).
//!
//! Credentials come from the default chain; the region from `--region`,
//! `ALIBABA_CLOUD_REGION_ID` or the CLI profile. For example:
//! `ecs_wait --region cn-hangzhou --max-wait 300 i-bp67acfmxazb4p****`.
//!
//! Exit status: 0 when the instance runs, 1 when it ends in another state, the deadline passes
//! or a call fails, 2 on bad usage.

use std::process::ExitCode;
use std::time::Duration;

use alibabacloud::ecs::latest::{Client, DescribeInstances, StartInstance};
use alibabacloud::runtime::WaitError;

const USAGE: &str =
    "usage: ecs_wait [--endpoint URL] [--region ID] [--max-wait SECONDS] [--poll-ms MS] INSTANCE_ID";

/// The parsed command line.
struct Options {
    endpoint: Option<String>,
    region: Option<String>,
    max_wait: Option<Duration>,
    poll: Option<Duration>,
    instance_id: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    let Some(options) = parse(std::env::args().skip(1)) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let mut builder = Client::builder();
    if let Some(url) = options.endpoint {
        builder = builder.endpoint(url);
    }
    if let Some(region) = options.region {
        builder = builder.region(region);
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };

    if let Err(err) = client
        .start_instance(StartInstance::new(&options.instance_id))
        .await
    {
        eprintln!("error: {err}");
        return ExitCode::FAILURE;
    }
    println!("starting {}", options.instance_id);

    // `InstanceIds` is a JSON array of ids; the waiter judges every instance listed.
    let ids = format!("[\"{}\"]", options.instance_id);
    let mut wait = client.wait_until_instance_running(DescribeInstances::new().instance_ids(ids));
    if let Some(max_wait) = options.max_wait {
        wait = wait.max_wait(max_wait);
    }
    if let Some(poll) = options.poll {
        wait = wait.min_delay(poll).max_delay(poll);
    }
    match wait.await {
        Ok(done) => {
            println!(
                "{} is {} after {} calls",
                options.instance_id, done.state, done.attempts
            );
            ExitCode::SUCCESS
        }
        Err(WaitError::Failed { state, .. }) => {
            eprintln!(
                "error: {} went {state} instead of Running",
                options.instance_id
            );
            ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Reads the command line; `None` is bad usage.
fn parse(args: impl IntoIterator<Item = String>) -> Option<Options> {
    let mut args = args.into_iter();
    let (mut endpoint, mut region, mut max_wait, mut poll) = (None, None, None, None);
    let mut words = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--endpoint" => endpoint = Some(args.next()?),
            "--region" => region = Some(args.next()?),
            "--max-wait" => max_wait = Some(Duration::from_secs(args.next()?.parse().ok()?)),
            "--poll-ms" => poll = Some(Duration::from_millis(args.next()?.parse().ok()?)),
            flag if flag.starts_with("--") => return None,
            _ => words.push(arg),
        }
    }
    let [instance_id] = <[String; 1]>::try_from(words).ok()?;
    Some(Options {
        endpoint,
        region,
        max_wait,
        poll,
        instance_id,
    })
}
