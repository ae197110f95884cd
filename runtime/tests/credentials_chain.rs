//! The default chain end to end, on loopback only: its order, each source (environment, OIDC,
//! CLI profile modes, credentials file, ECS metadata service, credentials URI), the error that
//! lists every step, and secrets kept out of errors and Debug output.

mod credentials_support;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use alibabacloud_runtime::credentials::{DefaultChain, StsEndpoint};
use alibabacloud_runtime::{
    Client, EndpointRule, Environment, Method, Operation, Params, ProvideCredentials, Service,
    ServiceError,
};
use alibabacloud_test_server::{Answer, Fault, TestServer};
use credentials_support::{
    assert_hidden, credentials_json, iso, sts_json, write, Reply, Request, Sim,
};

const ROLE_ARN: &str = "acs:ram::123456789012:role/chain-test";
const ROLE_SECRET: &str = "chain-role-secret-777";
const ROLE_TOKEN: &str = "chain-role-token-888";
const ECS_SECRET: &str = "chain-ecs-secret-555";
const ECS_TOKEN: &str = "chain-ecs-token-666";
const CLI_SECRET: &str = "chain-cli-secret-444";

/// A home directory with nothing in it, and no metadata service unless a test adds one.
fn bare(home: &Path) -> Environment {
    Environment::new()
        .with_home(home)
        .with_var("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
}

fn in_an_hour() -> SystemTime {
    SystemTime::now() + Duration::from_secs(3600)
}

fn role_answer(id: &str) -> Fault {
    Fault::Answer(Answer::json(
        200,
        sts_json(id, ROLE_SECRET, ROLE_TOKEN, in_an_hour()),
    ))
}

/// A metadata service for role `role`; its credentials' key id is always `STS.ecs`.
async fn metadata(role: &'static str) -> Sim {
    Sim::start(move |request: &Request| match request.path.as_str() {
        "/latest/api/token" => Reply::ok("imds-token"),
        "/latest/meta-data/ram/security-credentials/" => Reply::ok(role),
        path if path.ends_with(role) => Reply::ok(credentials_json(
            "STS.ecs",
            ECS_SECRET,
            ECS_TOKEN,
            in_an_hour(),
        )),
        _ => Reply::new(404, ""),
    })
    .await
}

fn value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn cli_config(home: &Path, profiles: serde_json::Value, current: &str) {
    let config = serde_json::json!({"current": current, "profiles": profiles});
    write(&home.join(".aliyun/config.json"), &config.to_string());
}

#[tokio::test]
async fn environment_variables_come_first() {
    let home = tempfile::tempdir().unwrap();
    cli_config(
        home.path(),
        serde_json::json!([{"name":"default","mode":"AK","access_key_id":"cli-id","access_key_secret":CLI_SECRET}]),
        "default",
    );
    let env = bare(home.path())
        .with_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id")
        .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret-123")
        .with_var("ALIBABA_CLOUD_SECURITY_TOKEN", "env-token-456");
    let chain = DefaultChain::new(env);
    let credentials = chain.credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "env-id");
    assert_eq!(credentials.security_token(), Some("env-token-456"));
    assert_eq!(chain.resolve().unwrap(), credentials);
    assert_hidden(
        &format!("{chain:?} {credentials:?}"),
        &["env-secret-123", "env-token-456"],
    );
}

#[tokio::test]
async fn oidc_comes_before_the_cli_profile_and_a_failing_source_is_skipped() {
    let home = tempfile::tempdir().unwrap();
    cli_config(
        home.path(),
        serde_json::json!([{"name":"default","mode":"AK","access_key_id":"cli-id","access_key_secret":CLI_SECRET}]),
        "default",
    );
    let token_file = home.path().join("oidc-token");
    std::fs::write(&token_file, "header.rrsa-token.sig").unwrap();
    let sts = Sim::start(|request: &Request| {
        assert_eq!(request.query("Action"), Some("AssumeRoleWithOIDC"));
        Reply::ok(sts_json("STS.oidc", ROLE_SECRET, ROLE_TOKEN, in_an_hour()))
    })
    .await;
    let env = bare(home.path())
        .with_var("ALIBABA_CLOUD_ROLE_ARN", ROLE_ARN)
        .with_var(
            "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
            "acs:ram::123456789012:oidc-provider/ack",
        )
        .with_var(
            "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
            token_file.to_str().unwrap(),
        )
        .with_var("ALIBABA_CLOUD_ROLE_SESSION_NAME", "from-env-session");
    let chain = DefaultChain::new(env.clone()).sts_endpoint(StsEndpoint::custom(sts.url()));
    assert_eq!(
        chain.credentials().await.unwrap().access_key_id(),
        "STS.oidc"
    );
    assert_eq!(
        sts.requests()[0].form_value("RoleSessionName").as_deref(),
        Some("from-env-session")
    );
    // Settled on the OIDC source, whose cache answers the next call.
    assert_eq!(
        chain.credentials().await.unwrap().access_key_id(),
        "STS.oidc"
    );
    assert_eq!(sts.count(), 1);
    assert!(format!("{chain:?}").contains("OIDC role"));

    // The sync lookup does not call STS: it says the first source needs the network.
    let err = DefaultChain::new(env.clone()).resolve().unwrap_err();
    assert!(err.to_string().contains("OIDC role"), "{err}");

    // STS refusing: reported, and the chain goes on to the CLI profile.
    sts.set_handler(|_: &Request| {
        Reply::new(
            403,
            r#"{"RequestId":"R-2","Code":"AuthenticationFail.NoPermission","Message":"denied"}"#,
        )
    });
    let chain = DefaultChain::new(env).sts_endpoint(StsEndpoint::custom(sts.url()));
    assert_eq!(chain.credentials().await.unwrap().access_key_id(), "cli-id");
    // Settled on the CLI profile: STS is not asked again.
    let before = sts.count();
    chain.credentials().await.unwrap();
    assert_eq!(sts.count(), before);

    // Only part of the OIDC variables: skipped, and said so.
    let env = bare(home.path()).with_var("ALIBABA_CLOUD_ROLE_ARN", ROLE_ARN);
    let home2 = tempfile::tempdir().unwrap();
    let err = DefaultChain::new(env.with_home(home2.path()))
        .credentials()
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains(
            "OIDC role: ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE not set"
        ),
        "{err}"
    );
}

#[tokio::test]
async fn cli_profile_ram_role_arn_assumes_the_role_with_the_profile_key() {
    let server = TestServer::start().await;
    server.add_key("LTAIcliRamRole", CLI_SECRET, None);
    server.push_faults([role_answer("STS.cli-role")]);
    let home = tempfile::tempdir().unwrap();
    cli_config(
        home.path(),
        serde_json::json!([{
            "name": "ops", "mode": "RamRoleArn",
            "access_key_id": "LTAIcliRamRole", "access_key_secret": CLI_SECRET,
            "ram_role_arn": ROLE_ARN, "ram_session_name": "cli-session",
            "expired_seconds": 1200, "policy": "{\"Version\":\"1\"}", "external_id": "cli-ext-id"
        }]),
        "ops",
    );
    let chain =
        DefaultChain::new(bare(home.path())).sts_endpoint(StsEndpoint::custom(server.endpoint()));
    let credentials = chain.credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "STS.cli-role");
    let request = &server.seen()[0];
    assert!(request.verified);
    assert_eq!(value(&request.query, "Action"), Some("AssumeRole"));
    assert_eq!(value(&request.query, "AccessKeyId"), Some("LTAIcliRamRole"));
    assert_eq!(value(&request.body, "RoleArn"), Some(ROLE_ARN));
    assert_eq!(value(&request.body, "RoleSessionName"), Some("cli-session"));
    assert_eq!(value(&request.body, "DurationSeconds"), Some("1200"));
    assert_eq!(value(&request.body, "Policy"), Some("{\"Version\":\"1\"}"));
    assert_eq!(value(&request.body, "ExternalId"), Some("cli-ext-id"));
    // Cached by the chain's provider.
    chain.credentials().await.unwrap();
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn cli_profile_ecs_ram_role_and_a_chainable_role_on_top() {
    let imds = metadata("cli-ecs-role").await;
    let server = TestServer::start().await;
    // The chained role is assumed with the instance role's STS credentials.
    server.add_key("STS.ecs", ECS_SECRET, Some(ECS_TOKEN));
    server.push_faults([role_answer("STS.chained")]);
    let home = tempfile::tempdir().unwrap();
    cli_config(
        home.path(),
        serde_json::json!([
            {"name": "instance", "mode": "EcsRamRole", "ram_role_name": "cli-ecs-role"},
            {"name": "chained", "mode": "ChainableRamRoleArn", "source_profile": "instance",
             "ram_role_arn": ROLE_ARN, "ram_session_name": "chained-session"}
        ]),
        "instance",
    );
    // The profile names the role: no discovery. The metadata switch must be on for the mode.
    let env = Environment::new().with_home(home.path());
    let chain = DefaultChain::new(env.clone()).ecs_metadata_endpoint(imds.url());
    assert_eq!(
        chain.credentials().await.unwrap().access_key_id(),
        "STS.ecs"
    );
    assert!(imds
        .requests()
        .iter()
        .all(|r| r.path != "/latest/meta-data/ram/security-credentials/"));

    let chain = DefaultChain::new(env.clone().with_var("ALIBABA_CLOUD_PROFILE", "chained"))
        .ecs_metadata_endpoint(imds.url())
        .sts_endpoint(StsEndpoint::custom(server.endpoint()));
    let credentials = chain.credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "STS.chained");
    let request = &server.seen()[0];
    assert!(
        request.verified,
        "signed with the instance role's credentials"
    );
    assert_eq!(value(&request.query, "AccessKeyId"), Some("STS.ecs"));
    assert_eq!(value(&request.query, "SecurityToken"), Some(ECS_TOKEN));
    assert_eq!(
        value(&request.body, "RoleSessionName"),
        Some("chained-session")
    );

    // The EcsRamRole mode obeys the metadata switch.
    let off = env
        .with_var("ALIBABA_CLOUD_PROFILE", "instance")
        .with_var("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true");
    let err = DefaultChain::new(off).credentials().await.unwrap_err();
    assert!(
        err.to_string().contains("aliyun CLI profile")
            && err
                .to_string()
                .contains("ALIBABA_CLOUD_ECS_METADATA_DISABLED"),
        "{err}"
    );
}

#[tokio::test]
async fn chainable_profiles_from_an_access_key_and_loops() {
    let server = TestServer::start().await;
    server.add_key("LTAIsource", CLI_SECRET, None);
    server.push_faults([role_answer("STS.from-ak")]);
    let home = tempfile::tempdir().unwrap();
    cli_config(
        home.path(),
        serde_json::json!([
            {"name": "source", "mode": "AK", "access_key_id": "LTAIsource", "access_key_secret": CLI_SECRET},
            {"name": "target", "mode": "ChainableRamRoleArn", "source_profile": "source", "ram_role_arn": ROLE_ARN},
            {"name": "a", "mode": "ChainableRamRoleArn", "source_profile": "b", "ram_role_arn": ROLE_ARN},
            {"name": "b", "mode": "ChainableRamRoleArn", "source_profile": "a", "ram_role_arn": ROLE_ARN},
            {"name": "orphan", "mode": "ChainableRamRoleArn", "source_profile": "missing", "ram_role_arn": ROLE_ARN}
        ]),
        "target",
    );
    let chain =
        DefaultChain::new(bare(home.path())).sts_endpoint(StsEndpoint::custom(server.endpoint()));
    assert_eq!(
        chain.credentials().await.unwrap().access_key_id(),
        "STS.from-ak"
    );
    assert!(server.seen()[0].verified);

    let err = DefaultChain::new(bare(home.path()).with_var("ALIBABA_CLOUD_PROFILE", "a"))
        .credentials()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("loops: a -> b -> a"), "{err}");
    let err = DefaultChain::new(bare(home.path()).with_var("ALIBABA_CLOUD_PROFILE", "orphan"))
        .credentials()
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("no profile named \"missing\""),
        "{err}"
    );
    assert_hidden(&format!("{err} {err:?}"), &[CLI_SECRET]);
}

#[tokio::test]
async fn cli_profile_oidc_mode() {
    let sts = Sim::start(|_: &Request| {
        Reply::ok(sts_json(
            "STS.cli-oidc",
            ROLE_SECRET,
            ROLE_TOKEN,
            in_an_hour(),
        ))
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    let token_file = home.path().join("t");
    std::fs::write(&token_file, "x.cli-oidc.y").unwrap();
    cli_config(
        home.path(),
        serde_json::json!([{"name":"k8s","mode":"OIDC","ram_role_arn":ROLE_ARN,
            "oidc_provider_arn":"acs:ram::1:oidc-provider/p","oidc_token_file":token_file}]),
        "k8s",
    );
    let chain = DefaultChain::new(bare(home.path())).sts_endpoint(StsEndpoint::custom(sts.url()));
    assert_eq!(
        chain.credentials().await.unwrap().access_key_id(),
        "STS.cli-oidc"
    );
    assert_eq!(
        sts.requests()[0].form_value("OIDCToken").as_deref(),
        Some("x.cli-oidc.y")
    );
}

#[tokio::test]
async fn the_credentials_file_with_a_bom_comments_and_role_types() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join(".alibabacloud/credentials");
    write(
        &file,
        "\u{feff}# written by hand\r\n; another comment style\r\n[default]\r\ntype = access_key   ; inline note\r\naccess_key_id = LTAIfile # id\r\naccess_key_secret = file-secret-321\r\n\r\n[role]\r\ntype = ram_role_arn\r\naccess_key_id = LTAIfileRole\r\naccess_key_secret = file-role-secret\r\nrole_arn = acs:ram::123456789012:role/file-role\r\nrole_session_name = file-session\r\n\r\n[instance]\r\ntype = ecs_ram_role\r\nrole_name = file-ecs-role\r\n",
    );
    let chain = DefaultChain::new(bare(home.path()));
    let credentials = chain.credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "LTAIfile");
    assert_eq!(credentials.access_key_secret(), "file-secret-321");

    let server = TestServer::start().await;
    server.add_key("LTAIfileRole", "file-role-secret", None);
    server.push_faults([role_answer("STS.file-role")]);
    let chain = DefaultChain::new(bare(home.path()).with_var("ALIBABA_CLOUD_PROFILE", "role"))
        .sts_endpoint(StsEndpoint::custom(server.endpoint()));
    assert_eq!(
        chain.credentials().await.unwrap().access_key_id(),
        "STS.file-role"
    );
    let request = &server.seen()[0];
    assert!(request.verified);
    assert_eq!(
        value(&request.body, "RoleArn"),
        Some("acs:ram::123456789012:role/file-role")
    );
    assert_eq!(
        value(&request.body, "RoleSessionName"),
        Some("file-session")
    );
    assert_eq!(value(&request.body, "DurationSeconds"), Some("3600"));

    let imds = metadata("file-ecs-role").await;
    let chain = DefaultChain::new(
        Environment::new()
            .with_home(home.path())
            .with_var("ALIBABA_CLOUD_PROFILE", "instance"),
    )
    .ecs_metadata_endpoint(imds.url());
    assert_eq!(
        chain.credentials().await.unwrap().access_key_id(),
        "STS.ecs"
    );
    assert!(imds
        .requests()
        .iter()
        .any(|r| r.path == "/latest/meta-data/ram/security-credentials/file-ecs-role"));
}

#[tokio::test]
async fn the_credentials_uri_comes_last() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let uri = Sim::start(move |request: &Request| {
        counter.fetch_add(1, Ordering::SeqCst);
        assert_eq!(request.method, "GET");
        Reply::ok(
            serde_json::json!({
                "AccessKeyId": "STS.uri",
                "AccessKeySecret": "uri-secret-abc",
                "SecurityToken": "uri-token-def",
                "Expiration": iso(in_an_hour()),
            })
            .to_string(),
        )
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    let env = bare(home.path()).with_var(
        "ALIBABA_CLOUD_CREDENTIALS_URI",
        format!("{}/credentials?token=uri-query-token", uri.url()),
    );
    let chain = DefaultChain::new(env.clone());
    let credentials = chain.credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "STS.uri");
    assert_eq!(uri.requests()[0].path, "/credentials");
    assert_eq!(uri.requests()[0].query("token"), Some("uri-query-token"));
    chain.credentials().await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1, "cached");

    // A failing URI: its error names the URI without the query.
    uri.set_handler(|_: &Request| Reply::new(500, r#"{"Code":"Oops"}"#));
    let err = DefaultChain::new(env).credentials().await.unwrap_err();
    let text = err.to_string();
    assert!(text.contains("credentials URI: GET"), "{text}");
    assert!(text.contains("/credentials: HTTP 500"), "{text}");
    assert_hidden(&format!("{text} {err:?}"), &["uri-query-token"]);
}

#[tokio::test]
async fn the_chain_error_lists_every_step_in_order_without_secrets() {
    let home = tempfile::tempdir().unwrap();
    cli_config(
        home.path(),
        serde_json::json!([{"name":"default","mode":"AK","access_key_id":"cli-id"}]),
        "default",
    );
    write(
        &home.path().join(".alibabacloud/credentials"),
        "[default]\ntype = access_key\naccess_key_id = x\naccess_key_secret = file-secret-not-shown\n[other]\n",
    );
    let imds = Sim::start(|_: &Request| Reply::new(500, "down")).await;
    let uri = Sim::start(|_: &Request| {
        Reply::ok(r#"{"Code":"Success","AccessKeySecret":"uri-secret-not-shown"}"#)
    })
    .await;
    let env = Environment::new()
        .with_home(home.path())
        .with_var("ALIBABA_CLOUD_PROFILE", "other")
        .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret-not-shown")
        .with_var("ALIBABA_CLOUD_CREDENTIALS_URI", uri.url());
    let chain = DefaultChain::new(env).ecs_metadata_endpoint(imds.url());
    let err = chain.credentials().await.unwrap_err();
    let text = err.to_string();
    let steps = err.tried();
    assert_eq!(steps.len(), 6, "{text}");
    let labels = [
        "environment variables: ALIBABA_CLOUD_ACCESS_KEY_SECRET set but ALIBABA_CLOUD_ACCESS_KEY_ID not set",
        "OIDC role: ALIBABA_CLOUD_ROLE_ARN",
        "aliyun CLI profile: ",
        "credentials file: ",
        "ECS instance RAM role: metadata service: ",
        "credentials URI: GET ",
    ];
    for (step, label) in steps.iter().zip(labels) {
        assert!(
            step.starts_with(label),
            "{step:?} should start with {label:?}"
        );
    }
    assert!(
        steps[2].contains("no profile named \"other\""),
        "{}",
        steps[2]
    );
    assert!(
        steps[3].contains("no section [other]") || steps[3].contains("type \"\""),
        "{}",
        steps[3]
    );
    assert!(steps[4].contains("HTTP 500"), "{}", steps[4]);
    assert!(steps[5].contains("no AccessKeyId"), "{}", steps[5]);
    assert!(text.starts_with("no Alibaba Cloud credentials found; tried, in order: 1) "));
    assert_hidden(
        &format!("{text} {err:?} {chain:?}"),
        &[
            "env-secret-not-shown",
            "file-secret-not-shown",
            "uri-secret-not-shown",
        ],
    );
}

// A client whose credentials come from the chain: the service call is signed with the
// instance role's STS credentials, and the test server checks it.

const DEMO: Service = Service {
    product: "Demo",
    version: "2020-01-01",
    endpoint: EndpointRule {
        prefix: "demo",
        regional: false,
        hosts: &[],
    },
};

struct Ping;

#[derive(Debug, Default, serde::Deserialize)]
struct PingOutput {
    #[serde(rename = "Success", default)]
    success: bool,
}

impl Operation for Ping {
    type Output = PingOutput;
    type Error = ServiceError;
    const ACTION: &'static str = "Ping";
    const METHOD: Method = Method::Post;
    fn write_params<'a>(&'a self, _params: &mut Params<'a>) {}
}

#[tokio::test]
async fn a_client_signs_with_what_the_chain_fetched() {
    let imds = metadata("client-role").await;
    let server = TestServer::start().await;
    server.add_key("STS.ecs", ECS_SECRET, Some(ECS_TOKEN));
    let home = tempfile::tempdir().unwrap();
    let chain = DefaultChain::new(Environment::new().with_home(home.path()))
        .ecs_metadata_endpoint(imds.url());
    let client = Client::builder()
        .credentials_provider(chain)
        .endpoint(server.endpoint())
        .environment(Environment::new())
        .build()
        .unwrap();
    for _ in 0..3 {
        assert!(client.call(&DEMO, &Ping).await.unwrap().success);
    }
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|s| s.verified));
    assert_eq!(value(&seen[0].query, "SecurityToken"), Some(ECS_TOKEN));
    // One metadata round for the three calls.
    assert_eq!(
        imds.requests()
            .iter()
            .filter(|r| r.path.ends_with("client-role"))
            .count(),
        1
    );
    assert_hidden(&format!("{client:?}"), &[ECS_SECRET, ECS_TOKEN]);
}
