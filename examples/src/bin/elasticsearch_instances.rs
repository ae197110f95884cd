//! Lists, shows and renames Alibaba Cloud Elasticsearch instances with the generated
//! `alibabacloud::elasticsearch::v2017_06_13` client: an ROA API, where every operation is an HTTP
//! method on a REST path (`GET /openapi/instances/{InstanceId}`) and writes take a JSON body.
//!
//! ```text
//! elasticsearch_instances [--endpoint URL] [--classic-signature] list [--all] [--page N] [--size N] [--name TEXT] [--payment prepaid|postpaid]
//! elasticsearch_instances [--endpoint URL] [--classic-signature] show INSTANCE_ID
//! elasticsearch_instances [--endpoint URL] [--classic-signature] rename INSTANCE_ID NEW_NAME
//! ```
//!
//! - `list` calls `ListInstance` (`GET /openapi/instances`, paging and the filters in the query)
//!   and prints one line per instance. With `--all` it pages through every instance with the
//!   generated paginator (`list_instance_pages(...).items()`), from `--page` on, `--size` at a
//!   time. `--payment` takes the documented billing methods as the `PaymentType` enum.
//! - `show` calls `DescribeInstance` (`GET /openapi/instances/{InstanceId}`).
//! - `rename` calls `UpdateDescription` (`POST /openapi/instances/{InstanceId}/description` with
//!   the JSON body `{"description": NEW_NAME}`): the instance's name is its "description".
//!
//! Credentials come from the default chain (`ALIBABA_CLOUD_ACCESS_KEY_ID` and
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, the aliyun CLI profile, or the credentials file); the region
//! from `ALIBABA_CLOUD_REGION_ID` or the CLI profile. `--endpoint` overrides where requests go (a
//! host, or an `http://` URL such as a local test server). Requests are signed with signature V3;
//! `--classic-signature` uses the older `acs <id>:<signature>` ROA scheme instead.
//!
//! For example: `ALIBABA_CLOUD_REGION_ID=cn-hangzhou elasticsearch_instances list --size 20`.
//!
//! Exit status: 0 on success, 3 when the instance does not exist, 1 on any other error, 2 on bad
//! usage.

use std::process::ExitCode;

use alibabacloud::elasticsearch::v2017_06_13::{
    Client, DescribeInstance, Instance, ListInstance, PaymentType, UpdateDescription,
    UpdateDescriptionError,
};
use alibabacloud::runtime::RoaSignature;
use alibabacloud::{Error, OperationError};

const USAGE: &str = "usage: elasticsearch_instances [--endpoint URL] [--classic-signature] \
                     (list [--all] [--page N] [--size N] [--name TEXT] [--payment prepaid|postpaid] \
                     | show INSTANCE_ID | rename INSTANCE_ID NEW_NAME)";

/// What the command line asked for.
enum Command {
    List {
        all: bool,
        // Boxed: the request struct is far larger than the other commands.
        request: Box<ListInstance>,
    },
    Show {
        instance_id: String,
    },
    Rename {
        instance_id: String,
        new_name: String,
    },
}

/// The parsed command line: where to send requests, how to sign them, and what to do.
struct Options {
    endpoint: Option<String>,
    classic_signature: bool,
    command: Command,
}

#[tokio::main]
async fn main() -> ExitCode {
    let Some(options) = parse(std::env::args().skip(1)) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };

    let mut builder = alibabacloud::Client::builder();
    if let Some(url) = options.endpoint {
        builder = builder.endpoint(url);
    }
    if options.classic_signature {
        builder = builder.roa_signature(RoaSignature::Classic);
    }
    let client = match builder.build() {
        Ok(runtime) => Client::new(runtime),
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };

    match options.command {
        Command::List {
            all: false,
            request,
        } => list(&client, *request).await,
        Command::List { all: true, request } => list_all(&client, *request).await,
        Command::Show { instance_id } => show(&client, &instance_id).await,
        Command::Rename {
            instance_id,
            new_name,
        } => rename(&client, &instance_id, &new_name).await,
    }
}

/// One page of instances, one line each: id, status, engine version, name.
async fn list(client: &Client, request: ListInstance) -> ExitCode {
    let response = match client.list_instance(request).await {
        Ok(response) => response,
        Err(err) => return failed(err),
    };
    let total = response
        .headers
        .x_total_count
        .unwrap_or(response.result.len() as i64);
    println!(
        "{} of {total} instances (request {})",
        response.result.len(),
        response.request_id
    );
    for instance in &response.result {
        print_instance(instance);
    }
    ExitCode::SUCCESS
}

/// Every instance, page after page, until the total the service reports is reached (or a page
/// comes back empty). An error on any page ends the listing with that error.
async fn list_all(client: &Client, request: ListInstance) -> ExitCode {
    let mut instances = client.list_instance_pages(request).items();
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

fn print_instance(instance: &Instance) {
    println!(
        "{:<28} {:<10} {:<20} {}",
        text(&instance.instance_id),
        text(&instance.status),
        text(&instance.es_version),
        text(&instance.description),
    );
}

/// The main facts about one instance.
async fn show(client: &Client, instance_id: &str) -> ExitCode {
    let response = match client
        .describe_instance(DescribeInstance::new(instance_id))
        .await
    {
        Ok(response) => response,
        // DescribeInstance's page documents no error codes, so its enum has only `Other`: tell
        // "no such instance" apart by the code.
        Err(Error::Service(err)) if err.code() == "InstanceNotFound" => {
            return not_found(instance_id, err.request_id());
        }
        Err(err) => return failed(err),
    };
    let instance = &response.result;
    let nodes = &instance.node_spec;
    println!(
        "{} ({})",
        text(&instance.instance_id),
        text(&instance.description)
    );
    println!("  status:   {}", text(&instance.status));
    println!("  version:  {}", text(&instance.es_version));
    println!(
        "  nodes:    {} x {}, {} GB {}",
        number(instance.node_amount),
        text(&nodes.spec),
        number(nodes.disk),
        text(&nodes.disk_type),
    );
    println!(
        "  endpoint: {}:{} ({})",
        text(&instance.domain),
        number(instance.port),
        text(&instance.protocol),
    );
    println!("  created:  {}", text(&instance.created_at));
    println!("request {}", response.request_id);
    ExitCode::SUCCESS
}

/// Sets the instance's name (its `description`).
async fn rename(client: &Client, instance_id: &str, new_name: &str) -> ExitCode {
    let request = UpdateDescription::new(instance_id).description(new_name);
    match client.update_description(request).await {
        Ok(response) => {
            let name = response.result.description.as_deref().unwrap_or(new_name);
            println!(
                "renamed {instance_id} to {name:?} (request {})",
                response.request_id
            );
            ExitCode::SUCCESS
        }
        // UpdateDescription's page documents this code, so it has its own variant.
        Err(Error::Service(UpdateDescriptionError::InstanceNotFound(err))) => {
            not_found(instance_id, err.request_id())
        }
        Err(err) => failed(err),
    }
}

fn not_found(instance_id: &str, request_id: Option<&str>) -> ExitCode {
    eprintln!(
        "no instance {instance_id} (InstanceNotFound, request {})",
        request_id.unwrap_or("unknown")
    );
    ExitCode::from(3)
}

/// Reports any other error: a service error by its code, message and request id, the rest
/// (network, timeout, credentials, configuration) as they describe themselves.
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

/// A text field (or a value enum, which prints as sent) the service may leave out.
fn text<T: AsRef<str>>(value: &Option<T>) -> &str {
    value.as_ref().map_or("-", AsRef::as_ref)
}

/// A number the service may leave out.
fn number(value: Option<i64>) -> String {
    value.map_or_else(|| "-".to_owned(), |n| n.to_string())
}

/// Reads the command line; `None` is bad usage.
fn parse(args: impl IntoIterator<Item = String>) -> Option<Options> {
    let mut args = args.into_iter();
    let (mut endpoint, mut classic_signature) = (None, false);
    let (mut page, mut size, mut name, mut payment) = (None, None, None, None);
    let mut all = false;
    let mut words = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--endpoint" => endpoint = Some(args.next()?),
            "--classic-signature" => classic_signature = true,
            "--page" => page = Some(args.next()?.parse().ok()?),
            "--size" => size = Some(args.next()?.parse().ok()?),
            "--name" => name = Some(args.next()?),
            "--all" => all = true,
            // Any text converts; the documented values become their variants.
            "--payment" => payment = Some(PaymentType::from(args.next()?)),
            flag if flag.starts_with("--") => return None,
            _ => words.push(arg),
        }
    }
    let list_filters =
        all || page.is_some() || size.is_some() || name.is_some() || payment.is_some();
    let command = match words.as_slice() {
        [command] if command == "list" => {
            let mut request = ListInstance::new();
            request.page = page;
            request.size = size;
            request.description = name;
            request.payment_type = payment;
            Command::List {
                all,
                request: Box::new(request),
            }
        }
        [command, id] if command == "show" && !list_filters => Command::Show {
            instance_id: id.clone(),
        },
        [command, id, new_name] if command == "rename" && !list_filters => Command::Rename {
            instance_id: id.clone(),
            new_name: new_name.clone(),
        },
        _ => return None,
    };
    Some(Options {
        endpoint,
        classic_signature,
        command,
    })
}
