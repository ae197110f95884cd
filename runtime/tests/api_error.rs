//! One error type for the operations of an API version: `?` turns each operation's typed error
//! into `ApiError<C>`, whose `code()` reads the code as the version's code enum. Against the
//! loopback server.

mod support;

use alibabacloud_runtime::{
    ApiError, Error, Method, Operation, OperationError, Params, ServiceError,
};
use support::ops::*;
use support::Fault;

/// The version's code enum, as generated code writes it (reduced to what the test needs).
#[derive(Debug, PartialEq)]
enum Code {
    InvalidName,
    ForbiddenRam,
    Other(String),
}

impl From<&str> for Code {
    fn from(code: &str) -> Self {
        match code {
            "InvalidName" => Code::InvalidName,
            "Forbidden.RAM" => Code::ForbiddenRam,
            other => Code::Other(other.to_string()),
        }
    }
}

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        match self {
            Code::InvalidName => "InvalidName",
            Code::ForbiddenRam => "Forbidden.RAM",
            Code::Other(code) => code,
        }
    }
}

/// An operation error enum that documents only `InvalidName`.
#[derive(Debug)]
enum RenameError {
    InvalidName(ServiceError),
    Other(ServiceError),
}

impl From<ServiceError> for RenameError {
    fn from(e: ServiceError) -> Self {
        if e.code() == "InvalidName" {
            RenameError::InvalidName(e)
        } else {
            RenameError::Other(e)
        }
    }
}

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.service_error(), f)
    }
}

impl std::error::Error for RenameError {}

impl OperationError for RenameError {
    fn service_error(&self) -> &ServiceError {
        match self {
            RenameError::InvalidName(e) | RenameError::Other(e) => e,
        }
    }
}

struct Rename;
impl Operation for Rename {
    type Output = Output;
    type Error = RenameError;
    const ACTION: &'static str = "RenameThing";
    const METHOD: Method = Method::Post;
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.query("Name", "thing");
    }
}

/// Two operations with different error types, one error type for the caller.
async fn describe_then_rename(client: &alibabacloud_runtime::Client) -> Result<(), ApiError<Code>> {
    client.call(&LINKWAN, &GetOp(TestOp::default())).await?;
    client.call(&LINKWAN, &Rename).await?;
    Ok(())
}

#[tokio::test]
async fn errors_of_different_operations_become_one_type_with_the_versions_codes() {
    let server = server().await;
    let client = builder(&server).build().unwrap();
    server.push_faults([Fault::Forbidden]);
    let err = describe_then_rename(&client).await.unwrap_err();
    assert_eq!(err.code(), Some(Code::ForbiddenRam));
    assert!(err.is(Code::ForbiddenRam) && !err.is(Code::InvalidName));
    assert_eq!(err.code_str(), Some("Forbidden.RAM"));
    assert!(err.request_id().is_some());
    assert!(!err.is_retryable());
    assert!(matches!(err.error(), Error::Service(_)));
    assert!(err.to_string().contains("Forbidden.RAM"), "{err}");

    // The first call succeeds; the second fails with a code its own enum documents.
    server.push_faults([
        Fault::Answer(support::Answer::json(200, r#"{"RequestId":"r"}"#)),
        Fault::InvalidName,
    ]);
    let err = describe_then_rename(&client).await.unwrap_err();
    assert_eq!(err.code(), Some(Code::InvalidName));
    assert_eq!(server.requests(), 3);

    // A code no page documents is kept as text.
    server.push_faults([Fault::Service {
        status: 400,
        code: "Brand.New".into(),
        message: "new".into(),
    }]);
    let err = describe_then_rename(&client).await.unwrap_err();
    assert_eq!(err.code(), Some(Code::Other("Brand.New".into())));
}

#[tokio::test]
async fn is_checks_the_code_of_any_operation_error() {
    let server = server().await;
    let client = builder(&server).build().unwrap();
    server.push_faults([Fault::InvalidName]);
    let err = client.call(&LINKWAN, &Rename).await.unwrap_err();
    assert!(err.is("InvalidName") && err.is(Code::InvalidName));
    assert!(!err.is(Code::ForbiddenRam));
    assert!(matches!(err, Error::Service(RenameError::InvalidName(_))));
    let untyped: Error = err.into_untyped();
    assert_eq!(untyped.code(), Some("InvalidName"));
}
