//! A client built without credentials when the `default-chain` feature is off: only the
//! environment's access key and region are read, never the profile files. Run with
//! `cargo test -p alibabacloud-runtime --no-default-features --features native-tls --test
//! without_default_chain` (CI does); with the feature on there is nothing to check here.
#![cfg(not(feature = "default-chain"))]

use alibabacloud_runtime::{Client, ConfigErrorKind, Environment};

/// A home directory whose CLI profile has credentials and a region, which must stay unread.
fn home_with_cli_profile() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join(".aliyun");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.json"),
        r#"{"current":"default","profiles":[{"name":"default","mode":"AK",
            "access_key_id":"cli-id","access_key_secret":"cli-secret","region_id":"cn-hangzhou"}]}"#,
    )
    .unwrap();
    home
}

#[test]
fn the_environment_access_key_is_used() {
    let home = home_with_cli_profile();
    let env = Environment::new()
        .with_home(home.path())
        .with_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id")
        .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret")
        .with_var("ALIBABA_CLOUD_REGION_ID", "cn-shanghai");
    let client = Client::builder().environment(env).build().unwrap();
    assert_eq!(client.region(), Some("cn-shanghai"));
}

#[test]
fn profile_files_are_not_read() {
    let home = home_with_cli_profile();
    let env = Environment::new()
        .with_home(home.path())
        .with_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id")
        .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret");
    let client = Client::builder().environment(env).build().unwrap();
    // The profile's region would be cn-hangzhou with the chain.
    assert_eq!(client.region(), None);

    let error = Client::builder()
        .environment(Environment::new().with_home(home.path()))
        .build()
        .unwrap_err();
    assert_eq!(error.kind(), ConfigErrorKind::Credentials);
    let text = error.to_string();
    assert!(text.contains("default-chain"), "{text}");
    assert!(!text.contains("cli-secret"), "{text}");
}
