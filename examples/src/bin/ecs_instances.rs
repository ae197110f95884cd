//! Lists and launches ECS instances with the generated `alibabacloud::ecs::v2014_05_26` client:
//! an RPC API whose list pages by `NextToken` and whose create takes an idempotency token.
//!
//! ```text
//! ecs_instances [--endpoint URL] [--region ID] list [--page-size N]
//! ecs_instances [--endpoint URL] [--region ID] run IMAGE_ID INSTANCE_TYPE VSWITCH_ID SECURITY_GROUP_ID [--amount N] [--name NAME] [--client-token TOKEN]
//! ```
//!
//! - `list` pages through `DescribeInstances` with the generated paginator
//!   (`describe_instances_pages(...).items()`): each request after the first carries the
//!   `NextToken` of the page before, `--page-size` instances at a time (`MaxResults`, default
//!   100), until a page comes back without a token. One line per instance: id, status, type,
//!   zone, private IP, public IP, name.
//! - `run` calls `RunInstances` and prints the ids of the instances it created. Without
//!   `--client-token` the client sends a fresh `ClientToken` (a UUID) for the call, the same on
//!   every attempt: the service runs a repeated token once, so the client may retry even a
//!   failure after which the create may have run (a reset connection, an HTTP 500).
//!
//! Credentials come from the default chain (`ALIBABA_CLOUD_ACCESS_KEY_ID` and
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, the aliyun CLI profile, or the credentials file); the region
//! from `--region`, `ALIBABA_CLOUD_REGION_ID` or the CLI profile. `--endpoint` overrides where
//! requests go (a host, or an `http://` URL such as a local test server).
//!
//! For example: `ecs_instances --region cn-hangzhou run aliyun_3_x64_20G_alibase_20240528.vhd
//! ecs.g7.large vsw-bp1s5fnvk4gn2tws0**** sg-bp67acfmxazb4p**** --amount 2`.
//!
//! Exit status: 0 on success, 1 on any error, 2 on bad usage.

use std::process::ExitCode;

use alibabacloud::ecs::v2014_05_26::{Client, DescribeInstances, Instance, RunInstances};
use alibabacloud::{Error, OperationError};

const USAGE: &str = "usage: ecs_instances [--endpoint URL] [--region ID] \
                     (list [--page-size N] \
                     | run IMAGE_ID INSTANCE_TYPE VSWITCH_ID SECURITY_GROUP_ID \
                     [--amount N] [--name NAME] [--client-token TOKEN])";

/// What `run` launches.
struct Launch {
    image_id: String,
    instance_type: String,
    v_switch_id: String,
    security_group_id: String,
    amount: i64,
    name: Option<String>,
    client_token: Option<String>,
}

/// What the command line asked for.
enum Command {
    List { page_size: i64 },
    Run(Launch),
}

/// The parsed command line.
struct Options {
    endpoint: Option<String>,
    region: Option<String>,
    command: Command,
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
    // The region is given once, to the client: requests that take a `RegionId` send it.
    let client = match builder.build() {
        Ok(client) => client,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };

    match options.command {
        Command::List { page_size } => list(&client, page_size).await,
        Command::Run(launch) => run(&client, launch).await,
    }
}

/// Every instance of the region, page after page.
async fn list(client: &Client, page_size: i64) -> ExitCode {
    // `MaxResults` is the page size of token paging (`PageSize` goes with `PageNumber`).
    let request = DescribeInstances::new().max_results(page_size);
    let mut instances = client.describe_instances_pages(request).items();
    let mut count = 0;
    while let Some(instance) = instances.next().await {
        match instance {
            Ok(instance) => {
                print_instance(&instance);
                count += 1;
            }
            Err(err) => return failed(err),
        }
    }
    println!("{count} instances");
    ExitCode::SUCCESS
}

/// One line per instance; `-` for what the service left out.
fn print_instance(instance: &Instance) {
    let private_ip = instance
        .vpc_attributes
        .private_ip_address
        .ip_address
        .first();
    // A public IP of its own, else the EIP bound to it (an empty text when there is none).
    let public_ip = instance
        .public_ip_address
        .ip_address
        .first()
        .or(instance.eip_address.ip_address.as_ref())
        .filter(|ip| !ip.is_empty());
    println!(
        "{:<22} {:<9} {:<14} {:<14} {:<15} {:<15} {}",
        text(&instance.instance_id),
        text(&instance.status),
        text(&instance.instance_type),
        text(&instance.zone_id),
        private_ip.map_or("-", String::as_str),
        public_ip.map_or("-", String::as_str),
        text(&instance.instance_name),
    );
}

/// Launches `launch.amount` instances and prints their ids.
async fn run(client: &Client, launch: Launch) -> ExitCode {
    let mut request = RunInstances::new()
        .image_id(launch.image_id)
        .instance_type(launch.instance_type)
        .v_switch_id(launch.v_switch_id)
        .security_group_id(launch.security_group_id)
        .amount(launch.amount);
    if let Some(name) = launch.name {
        request = request.instance_name(name);
    }
    // Left unset, the client makes one up for this call and repeats it on every retry.
    if let Some(token) = launch.client_token {
        request = request.client_token(token);
    }
    match client.run_instances(request).await {
        Ok(response) => {
            let ids = &response.instance_id_sets.instance_id_set;
            println!(
                "started {} instances (request {})",
                ids.len(),
                response.request_id
            );
            for id in ids {
                println!("{id}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => failed(err),
    }
}

/// Reports an error: a service error by its code, message and request id, the rest (network,
/// timeout, credentials, configuration) as they describe themselves.
fn failed<E: OperationError>(err: Error<E>) -> ExitCode {
    match &err {
        Error::Service(service) => {
            let service = service.service_error();
            eprintln!(
                "error: {} (HTTP {}): {} (request {})",
                service.code(),
                service.status(),
                service.message(),
                service.request_id().unwrap_or("unknown")
            );
        }
        other => eprintln!("error: {other}"),
    }
    ExitCode::FAILURE
}

/// A text field the service may leave out.
fn text(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("-")
}

/// Reads the command line; `None` is bad usage.
fn parse(args: impl IntoIterator<Item = String>) -> Option<Options> {
    let mut args = args.into_iter();
    let (mut endpoint, mut region) = (None, None);
    let (mut page_size, mut amount, mut name, mut client_token) = (None, None, None, None);
    let mut words = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--endpoint" => endpoint = Some(args.next()?),
            "--region" => region = Some(args.next()?),
            "--page-size" => page_size = Some(args.next()?.parse().ok()?),
            "--amount" => amount = Some(args.next()?.parse().ok()?),
            "--name" => name = Some(args.next()?),
            "--client-token" => client_token = Some(args.next()?),
            flag if flag.starts_with("--") => return None,
            _ => words.push(arg),
        }
    }
    let run_flags = amount.is_some() || name.is_some() || client_token.is_some();
    let command = match <[String; 5]>::try_from(words) {
        Ok([command, image_id, instance_type, v_switch_id, security_group_id])
            if command == "run" && page_size.is_none() =>
        {
            Command::Run(Launch {
                image_id,
                instance_type,
                v_switch_id,
                security_group_id,
                amount: amount.unwrap_or(1),
                name,
                client_token,
            })
        }
        Ok(_) => return None,
        Err(words) if words == ["list"] && !run_flags => Command::List {
            page_size: page_size.unwrap_or(100),
        },
        Err(_) => return None,
    };
    Some(Options {
        endpoint,
        region,
        command,
    })
}
