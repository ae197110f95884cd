//! Tracing output and error text never carry a secret. In its own test binary because the
//! subscriber is captured per thread and other tests must not race its callsite registration.

mod log_capture;
mod support;

use log_capture::Captured;

use alibabacloud_runtime::{Client, Credentials, Environment, RoaSignature, SignatureVersion};
use support::ops::*;
use support::Fault;

#[tokio::test]
async fn no_secret_in_errors_debug_or_logs() {
    let (captured, _guard) = Captured::start();

    let server = server().await;
    let mut texts = Vec::new();
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        // Wrong secret with an STS token: the server echoes the string to sign, token included.
        let client = builder(&server)
            .credentials(Credentials::with_security_token(
                STS_ID,
                "sts-secret-WRONG",
                STS_TOKEN,
            ))
            .signature_version(version)
            .build()
            .unwrap();
        texts.push(format!("{client:?}"));
        let err = call_default(&client).await.unwrap_err();
        texts.push(format!("{err} | {err:?}"));
        assert!(
            err.to_string().contains("<redacted>") || version == SignatureVersion::V3,
            "{err}"
        );

        let client = builder(&server)
            .credentials(Credentials::with_security_token(
                STS_ID, STS_SECRET, STS_TOKEN,
            ))
            .signature_version(version)
            .retry(fast_retries(4))
            .build()
            .unwrap();
        server.push_faults([
            Fault::Internal,
            Fault::Drop,
            Fault::Throttling {
                time_left_ms: Some(1),
            },
        ]);
        // Read-only, so that the 500 and the broken connection are retried too.
        client
            .call(&LINKWAN, &GetOp(TestOp::default()))
            .await
            .unwrap();
        server.push_faults([Fault::Garbage]);
        let err = call_default(&client).await.unwrap_err();
        texts.push(format!("{err} | {err:?}"));
    }
    for signature in [RoaSignature::V3, RoaSignature::Classic] {
        // ROA too: the classic string to sign carries `x-acs-security-token:<token>`.
        let client = builder(&server)
            .credentials(Credentials::with_security_token(
                STS_ID,
                "sts-secret-WRONG",
                STS_TOKEN,
            ))
            .roa_signature(signature)
            .build()
            .unwrap();
        let op = RoaOp {
            id: "a/b".into(),
            note: Some("n".into()),
        };
        let err = client.call(&LINKWAN, &op).await.unwrap_err();
        assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
        assert!(
            err.to_string().contains("<redacted>") || signature == RoaSignature::V3,
            "{err}"
        );
        texts.push(format!("{err} | {err:?}"));
    }
    let env = Environment::new()
        .with_var("ALIBABA_CLOUD_ACCESS_KEY_ID", STS_ID)
        .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", STS_SECRET)
        .with_var("ALIBABA_CLOUD_SECURITY_TOKEN", STS_TOKEN);
    texts.push(format!("{env:?}"));
    texts.push(format!(
        "{:?}",
        Client::builder()
            .environment(env.clone())
            .transport(Recorder::default())
            .build()
            .unwrap()
    ));
    texts.push(format!(
        "{:?}",
        Credentials::with_security_token(STS_ID, STS_SECRET, STS_TOKEN)
    ));
    for text in &texts {
        assert_no_secret(text);
    }

    let logs = captured.text();
    assert!(
        logs.contains("alibabacloud.call") && logs.contains("alibabacloud.attempt"),
        "{logs}"
    );
    assert!(
        logs.contains("action=\"CreateThing\"") || logs.contains("action=CreateThing"),
        "{logs}"
    );
    assert!(
        logs.contains("outcome=") && logs.contains("request_id="),
        "{logs}"
    );
    assert!(logs.contains("retrying"), "{logs}");
    assert_no_secret(&logs);
}
