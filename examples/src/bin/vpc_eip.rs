//! Gives an ECS instance a public address: allocates an elastic IP (EIP) and binds it to the
//! instance, with the generated `alibabacloud::vpc::v2016_04_28` client, the second call taking
//! the allocation id the first returned.
//!
//! ```text
//! vpc_eip [--endpoint URL] [--region ID] INSTANCE_ID [--bandwidth MBPS]
//! ```
//!
//! - `AllocateEipAddress` allocates a pay-by-traffic EIP of `--bandwidth` Mbit/s (default 5).
//! - `AssociateEipAddress` binds it to the ECS instance `INSTANCE_ID`.
//!
//! Both are creates that take a `ClientToken`; the program sets none, so the client sends a fresh
//! one per call and repeats it on retries. If the binding fails, the EIP stays allocated: the
//! program prints its allocation id so that it can be bound again or released.
//!
//! Credentials come from the default chain (`ALIBABA_CLOUD_ACCESS_KEY_ID` and
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, the aliyun CLI profile, or the credentials file); the region
//! from `--region`, `ALIBABA_CLOUD_REGION_ID` or the CLI profile. `--endpoint` overrides where
//! requests go (a host, or an `http://` URL such as a local test server).
//!
//! For example: `vpc_eip --region cn-hangzhou i-bp67acfmxazb4p**** --bandwidth 10`.
//!
//! Exit status: 0 on success, 1 on any error, 2 on bad usage.

use std::process::ExitCode;

use alibabacloud::vpc::v2016_04_28::{
    AllocateEipAddress, AssociateEipAddress, Client, InstanceType, InternetChargeType,
};
use alibabacloud::{Error, OperationError};

const USAGE: &str = "usage: vpc_eip [--endpoint URL] [--region ID] INSTANCE_ID [--bandwidth MBPS]";

/// The parsed command line.
struct Options {
    endpoint: Option<String>,
    region: Option<String>,
    instance_id: String,
    bandwidth: u32,
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

    let request = AllocateEipAddress::new()
        .bandwidth(options.bandwidth.to_string())
        .internet_charge_type(InternetChargeType::PayByTraffic);
    let eip = match client.allocate_eip_address(request).await {
        Ok(response) => response,
        Err(err) => return failed(err),
    };
    let Some(allocation_id) = eip.allocation_id else {
        eprintln!(
            "error: AllocateEipAddress returned no allocation id (request {})",
            eip.request_id
        );
        return ExitCode::FAILURE;
    };
    println!(
        "allocated {} as {allocation_id} (request {})",
        eip.eip_address.as_deref().unwrap_or("-"),
        eip.request_id
    );

    let request = AssociateEipAddress::new(&allocation_id, &options.instance_id)
        .instance_type(InstanceType::EcsInstance);
    match client.associate_eip_address(request).await {
        Ok(response) => {
            println!(
                "bound {allocation_id} to {} (request {})",
                options.instance_id, response.request_id
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            // Still allocated (and billed): say which EIP, so it is not lost.
            eprintln!("{allocation_id} is allocated but not bound");
            failed(err)
        }
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

/// Reads the command line; `None` is bad usage.
fn parse(args: impl IntoIterator<Item = String>) -> Option<Options> {
    let mut args = args.into_iter();
    let (mut endpoint, mut region, mut bandwidth) = (None, None, None);
    let mut words = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--endpoint" => endpoint = Some(args.next()?),
            "--region" => region = Some(args.next()?),
            "--bandwidth" => bandwidth = Some(args.next()?.parse().ok()?),
            flag if flag.starts_with("--") => return None,
            _ => words.push(arg),
        }
    }
    let [instance_id] = <[String; 1]>::try_from(words).ok()?;
    Some(Options {
        endpoint,
        region,
        instance_id,
        bandwidth: bandwidth.unwrap_or(5),
    })
}
