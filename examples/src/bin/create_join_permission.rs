//! Creates a LinkWAN join permission.
//!
//! ```text
//! create_join_permission NAME [--endpoint URL]
//! ```
//!
//! Credentials come from the default chain (`ALIBABA_CLOUD_ACCESS_KEY_ID` and
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, the aliyun CLI profile, or the credentials file); the region
//! from `ALIBABA_CLOUD_REGION_ID` or the CLI profile. `--endpoint` overrides where requests go.
//!
//! Exit status: 0 on success, 3 when the name is taken, 1 on any other error, 2 on bad usage.

use std::process::ExitCode;

use alibabacloud::linkwan::v2018_12_30::{
    Client, CreateLocalJoinPermission, CreateLocalJoinPermissionError,
};
use alibabacloud::Error;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (name, endpoint) = match args.as_slice() {
        [name] => (name.clone(), None),
        [name, flag, url] if flag == "--endpoint" => (name.clone(), Some(url.clone())),
        _ => {
            eprintln!("usage: create_join_permission NAME [--endpoint URL]");
            return ExitCode::from(2);
        }
    };

    let runtime = alibabacloud::Client::builder();
    let runtime = match endpoint {
        Some(url) => runtime.endpoint(url),
        None => runtime,
    };
    let client = match runtime.build() {
        Ok(runtime) => Client::new(runtime),
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };

    // Class A devices, frequency band plan group 101, Alibaba Cloud's shared JoinEUI.
    let request = CreateLocalJoinPermission::new(101, "A", name.as_str(), true);
    match client.create_local_join_permission(request).await {
        Ok(response) => {
            println!(
                "created join permission {} (request {})",
                response.data.unwrap_or_default(),
                response.request_id
            );
            ExitCode::SUCCESS
        }
        Err(Error::Service(CreateLocalJoinPermissionError::JoinPermissionNameDuplicated(err))) => {
            eprintln!(
                "a join permission named {name:?} already exists (request {})",
                err.request_id().unwrap_or("unknown")
            );
            ExitCode::from(3)
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
