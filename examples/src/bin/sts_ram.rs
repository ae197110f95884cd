//! Assumes a RAM role with STS, then creates a RAM user with the role's temporary credentials,
//! with the generated `alibabacloud::sts::v2015_04_01` and `alibabacloud::ram::v2015_05_01`
//! clients: two products, the second called with credentials the first returned.
//!
//! ```text
//! sts_ram [--endpoint URL] ROLE_ARN USER_NAME [--display-name NAME] [--duration SECONDS]
//! ```
//!
//! - `AssumeRole` asks for `--duration` seconds (default 3600) of the role `ROLE_ARN`, and the
//!   program prints who it became, the temporary AccessKey id and when it expires. The secret
//!   and the security token are used, never printed.
//! - `CreateUser` then creates `USER_NAME` (with `--display-name`, if given) signed with those
//!   temporary credentials, and the program prints the new user.
//!
//! Credentials for `AssumeRole` come from the default chain (`ALIBABA_CLOUD_ACCESS_KEY_ID` and
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, the aliyun CLI profile, or the credentials file).
//! `--endpoint` overrides where both products' requests go (a host, or an `http://` URL such as
//! a local test server).
//!
//! For example: `sts_ram acs:ram::123456789012****:role/user-admin alice --display-name Alice`.
//!
//! Exit status: 0 on success, 1 on any error, 2 on bad usage.

use std::process::ExitCode;

use alibabacloud::ram::v2015_05_01::{Client as RamClient, CreateUser};
use alibabacloud::runtime::Credentials;
use alibabacloud::sts::v2015_04_01::{AssumeRole, Client as StsClient};
use alibabacloud::{Error, OperationError};

const USAGE: &str = "usage: sts_ram [--endpoint URL] ROLE_ARN USER_NAME \
                     [--display-name NAME] [--duration SECONDS]";

/// Names the role session in the role's audit trail (ActionTrail).
const SESSION_NAME: &str = "sts-ram-example";

/// The parsed command line.
struct Options {
    endpoint: Option<String>,
    role_arn: String,
    user_name: String,
    display_name: Option<String>,
    duration_seconds: i64,
}

#[tokio::main]
async fn main() -> ExitCode {
    let Some(options) = parse(std::env::args().skip(1)) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    // Both products' clients: `--endpoint`, when given, serves both.
    let builder = || {
        let builder = alibabacloud::Client::builder();
        match &options.endpoint {
            Some(url) => builder.endpoint(url),
            None => builder,
        }
    };

    let sts = match builder().build() {
        Ok(runtime) => StsClient::new(runtime),
        Err(err) => return config_failed(err),
    };
    let request =
        AssumeRole::new(&options.role_arn, SESSION_NAME).duration_seconds(options.duration_seconds);
    let role = match sts.assume_role(request).await {
        Ok(response) => response,
        Err(err) => return failed(err),
    };
    let user = &role.assumed_role_user;
    let temporary = &role.credentials;
    println!(
        "assumed {} as {} (request {})",
        text(&user.arn),
        text(&user.assumed_role_id),
        role.request_id
    );
    println!(
        "  access key {}, expires {}",
        text(&temporary.access_key_id),
        text(&temporary.expiration)
    );
    let (Some(id), Some(secret), Some(token)) = (
        &temporary.access_key_id,
        &temporary.access_key_secret,
        &temporary.security_token,
    ) else {
        eprintln!("error: AssumeRole returned incomplete credentials");
        return ExitCode::FAILURE;
    };

    // A client of its own: these credentials replace the chain's for every RAM call.
    let ram = match builder()
        .credentials(Credentials::with_security_token(id, secret, token))
        .build()
    {
        Ok(runtime) => RamClient::new(runtime),
        Err(err) => return config_failed(err),
    };
    let mut request = CreateUser::new(&options.user_name);
    if let Some(name) = &options.display_name {
        request = request.display_name(name);
    }
    match ram.create_user(request).await {
        Ok(response) => {
            // No request id: the generated response has none at its top level (the page
            // documents `RequestId` inside `User`, where the service does not send it).
            let user = &response.user;
            println!(
                "created user {} ({}), id {}, at {}",
                text(&user.user_name),
                text(&user.display_name),
                text(&user.user_id),
                text(&user.create_date)
            );
            ExitCode::SUCCESS
        }
        Err(err) => failed(err),
    }
}

/// Reports a client that could not be built (no credentials, a bad endpoint).
fn config_failed(err: alibabacloud::ConfigError) -> ExitCode {
    eprintln!("error: {err}");
    ExitCode::FAILURE
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
    let (mut endpoint, mut display_name, mut duration) = (None, None, None);
    let mut words = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--endpoint" => endpoint = Some(args.next()?),
            "--display-name" => display_name = Some(args.next()?),
            "--duration" => duration = Some(args.next()?.parse().ok()?),
            flag if flag.starts_with("--") => return None,
            _ => words.push(arg),
        }
    }
    let [role_arn, user_name] = <[String; 2]>::try_from(words).ok()?;
    Some(Options {
        endpoint,
        role_arn,
        user_name,
        display_name,
        duration_seconds: duration.unwrap_or(3600),
    })
}
