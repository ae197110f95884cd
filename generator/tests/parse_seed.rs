//! The seed page, end to end through `page::read` and `spec::build::build`, snapshotted as the
//! YAML the pipeline writes.

use std::path::PathBuf;

use apigen::diagnostics::Diagnostics;
use apigen::spec::{build, yaml};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn seed_page_builds_the_expected_spec() {
    let root = repo_root();
    let page_path = root.join("specs/pages/linkwan/CreateLocalJoinPermission.md");
    let product_path = root.join("specs/products/linkwan.yaml");
    let text = std::fs::read_to_string(&page_path).expect("seed page is committed");
    let product_text =
        std::fs::read_to_string(&product_path).expect("linkwan product config is committed");
    let product =
        yaml::product_from_yaml(&product_path, &product_text).expect("linkwan.yaml reads");

    let mut diags = Diagnostics::new();
    let page = apigen::page::read("linkwan/CreateLocalJoinPermission.md", &text, &mut diags);
    let spec = build::build(&page, &product, &mut diags).expect("the seed page gives an operation");
    let rendered: Vec<String> = diags.items().iter().map(ToString::to_string).collect();
    assert!(
        diags.items().is_empty(),
        "unexpected diagnostics:\n{}",
        rendered.join("\n")
    );

    assert_eq!(spec.name, "CreateLocalJoinPermission");
    assert_eq!(spec.product, "LinkWAN");
    assert_eq!(spec.version, "2018-12-30");
    assert_eq!(
        spec.endpoint.as_deref(),
        Some("linkwan.cn-shanghai.aliyuncs.com")
    );
    let request: Vec<(String, String, bool)> = spec
        .request
        .iter()
        .map(|p| (p.name.clone(), p.ty.to_string(), p.required))
        .collect();
    assert_eq!(
        request,
        [
            ("ClassMode".to_string(), "string".to_string(), true),
            ("FreqBandPlanGroupId".to_string(), "long".to_string(), true),
            ("JoinPermissionName".to_string(), "string".to_string(), true),
            ("UseDefaultJoinEui".to_string(), "boolean".to_string(), true),
        ]
    );
    let response: Vec<(String, String)> = spec
        .response
        .iter()
        .map(|f| (f.name.clone(), f.ty.to_string()))
        .collect();
    assert_eq!(
        response,
        [
            ("Data".to_string(), "string".to_string()),
            ("RequestId".to_string(), "string".to_string()),
            ("Success".to_string(), "boolean".to_string())
        ]
    );
    assert_eq!(spec.errors.len(), 7);
    assert!(spec.errors.iter().all(|e| e.http_status == Some(400)));

    insta::assert_snapshot!(yaml::to_yaml(&spec));
}
