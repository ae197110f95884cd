//! Each kind of change between two small spec trees, and the effect it is given.

use std::collections::BTreeMap;

use apigen::changes::{self, Change, Effect, Kind, SpecTree};

/// A tree of one product `p`, version `2020-01-01`, with these operation specs (by action)
/// and shape table.
fn tree(ops: &[(&str, &str)], shapes: &str) -> SpecTree {
    let mut files = BTreeMap::new();
    for (action, yaml) in ops {
        files.insert(format!("p/2020-01-01/{action}.yaml"), yaml.to_string());
    }
    if !shapes.is_empty() {
        files.insert("p/2020-01-01/_shapes.yaml".into(), shapes.to_string());
    }
    SpecTree::from_files(&files).expect("test specs load")
}

const HEAD: &str = "name: Op\nproduct: P\nversion: 2020-01-01\nsource:\n  page: p/Op/2020-01-01_a.md\n  revision: 2020-01-01\nhttp:\n  style: rpc\n  method: POST\n";

fn op(rest: &str) -> String {
    format!("{HEAD}{rest}")
}

/// The changes from `old` to `new` of operation `Op`.
fn diff(old: &str, new: &str) -> Vec<Change> {
    let report = changes::compare(&tree(&[("Op", old)], ""), &tree(&[("Op", new)], ""));
    report
        .products
        .get("p")
        .map(|p| p.changes.clone())
        .unwrap_or_default()
}

/// The one change from `old` to `new`, as (subject, kind, effect).
fn one(old: &str, new: &str) -> (String, Kind, Effect) {
    let changes = diff(&op(old), &op(new));
    assert_eq!(changes.len(), 1, "{changes:#?}");
    let c = &changes[0];
    (c.subject.clone(), c.kind, c.effect)
}

fn s(text: &str) -> String {
    text.to_string()
}

#[test]
fn identical_trees_have_no_changes() {
    let spec = op("request:\n- name: A\n  type: string\n  location: query\n");
    assert!(changes::compare(&tree(&[("Op", &spec)], ""), &tree(&[("Op", &spec)], "")).is_empty());
}

#[test]
fn operations_added_are_additive_and_removed_breaking() {
    let old = tree(&[("Op", &op(""))], "");
    let new = tree(&[("Op", &op("")), ("New", &op(""))], "");
    let report = changes::compare(&old, &new);
    let c = &report.products["p"].changes[0];
    assert_eq!(
        (c.operation.as_str(), c.kind, c.effect),
        ("New", Kind::OperationAdded, Effect::Additive)
    );
    let back = changes::compare(&new, &old);
    let c = &back.products["p"].changes[0];
    assert_eq!(
        (c.kind, c.effect),
        (Kind::OperationRemoved, Effect::Breaking)
    );
    // A product gone has every operation removed.
    let gone = changes::compare(&old, &SpecTree::default());
    assert_eq!(gone.products["p"].effect(), Some(Effect::Breaking));
}

#[test]
fn request_members_added_optional_are_additive_required_breaking() {
    let base = "request:\n- name: A\n  type: string\n  location: query\n";
    let optional = format!("{base}- name: B\n  type: string\n  location: query\n");
    let required =
        format!("{base}- name: B\n  type: string\n  location: query\n  required: true\n");
    assert_eq!(
        one(base, &optional),
        (s("request.B"), Kind::MemberAdded, Effect::Additive)
    );
    assert_eq!(
        one(base, &required),
        (s("request.B"), Kind::MemberAdded, Effect::Breaking)
    );
    // The client supplies the region: a required RegionId is no `new()` argument.
    let region = format!(
        "{base}- name: RegionId\n  type: string\n  location: query\n  required: true\n  from_client: region\n"
    );
    assert_eq!(
        one(base, &region),
        (s("request.RegionId"), Kind::MemberAdded, Effect::Additive)
    );
    assert_eq!(
        one(&optional, base),
        (s("request.B"), Kind::MemberRemoved, Effect::Breaking)
    );
}

#[test]
fn nested_and_response_members_added_are_breaking_since_their_structs_are_built_with_literals() {
    let old = "request:\n- name: Tag\n  type: array<struct>\n  location: query\n  members:\n  - name: Key\n    type: string\n";
    let new = format!("{old}  - name: Value\n    type: string\n");
    assert_eq!(
        one(old, &new),
        (s("request.Tag.Value"), Kind::MemberAdded, Effect::Breaking)
    );
    let old = "response:\n- name: RequestId\n  type: string\n";
    let new = format!("{old}- name: Data\n  type: string\n");
    assert_eq!(
        one(old, &new),
        (s("response.Data"), Kind::MemberAdded, Effect::Breaking)
    );
    assert_eq!(
        one(&new, old),
        (s("response.Data"), Kind::MemberRemoved, Effect::Breaking)
    );
}

#[test]
fn required_changes_break_requests_and_only_document_responses() {
    let opt = "request:\n- name: A\n  type: string\n  location: query\n";
    let req = "request:\n- name: A\n  type: string\n  location: query\n  required: true\n";
    assert_eq!(
        one(opt, req),
        (s("request.A"), Kind::MadeRequired, Effect::Breaking)
    );
    assert_eq!(
        one(req, opt),
        (s("request.A"), Kind::MadeOptional, Effect::Breaking)
    );
    // Response fields are Option whatever `required` says.
    let opt = "response:\n- name: A\n  type: string\n";
    let req = "response:\n- name: A\n  type: string\n  required: true\n";
    assert_eq!(
        one(req, opt),
        (s("response.A"), Kind::MadeOptional, Effect::Docs)
    );
}

#[test]
fn retyped_and_reshaped_members_are_breaking() {
    let a = "response:\n- name: A\n  type: string\n";
    let b = "response:\n- name: A\n  type: integer\n";
    assert_eq!(
        one(a, b),
        (s("response.A"), Kind::MemberRetyped, Effect::Breaking)
    );
    let shaped = "response:\n- name: A\n  type: string\n  shape: AStatus\n";
    assert_eq!(
        one(a, shaped),
        (s("response.A"), Kind::MemberRetyped, Effect::Breaking)
    );
    let renamed = "response:\n- name: A\n  type: string\n  shape: Status\n";
    assert_eq!(
        one(shaped, renamed),
        (s("response.A"), Kind::MemberRetyped, Effect::Breaking)
    );
    let formatted = "response:\n- name: A\n  type: string\n  format: base64\n";
    assert_eq!(
        one(a, formatted),
        (s("response.A"), Kind::MemberRetyped, Effect::Breaking)
    );
}

#[test]
fn a_member_renamed_is_told_only_when_the_page_says_so() {
    let old = "request:\n- name: Old\n  type: string\n  location: query\n";
    let said =
        "request:\n- name: New\n  type: string\n  location: query\n  description: 替代参数Old。\n";
    assert_eq!(
        one(old, said),
        (s("request.Old"), Kind::MemberRenamed, Effect::Breaking)
    );
    let unsaid = "request:\n- name: New\n  type: string\n  location: query\n";
    let kinds: Vec<Kind> = diff(&op(old), &op(unsaid)).iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [Kind::MemberRemoved, Kind::MemberAdded]);
}

#[test]
fn moved_members_and_bindings_change_the_wire_only() {
    let q = "request:\n- name: A\n  type: string\n  location: query\n";
    let b = "request:\n- name: A\n  type: string\n  location: form\n";
    assert_eq!(one(q, b), (s("request.A"), Kind::MemberMoved, Effect::Wire));
    let get = HEAD.replace("POST", "GET");
    let changes = diff(HEAD, &get);
    assert_eq!(
        (
            changes[0].subject.as_str(),
            changes[0].kind,
            changes[0].effect
        ),
        ("http.method", Kind::Binding, Effect::Wire)
    );
    let secret = "request:\n- name: A\n  type: string\n  location: query\n  sensitive: true\n";
    assert_eq!(
        one(q, secret),
        (s("request.A"), Kind::Sensitivity, Effect::Wire)
    );
}

#[test]
fn new_arguments_order_is_breaking() {
    let ab = "request:\n- name: A\n  type: string\n  location: query\n  required: true\n- name: B\n  type: string\n  location: query\n  required: true\n";
    let ba = "request:\n- name: B\n  type: string\n  location: query\n  required: true\n- name: A\n  type: string\n  location: query\n  required: true\n";
    assert_eq!(
        one(ab, ba),
        (s("request"), Kind::ArgumentsReordered, Effect::Breaking)
    );
}

#[test]
fn enum_values_added_are_additive_removed_breaking_and_plain_values_docs() {
    let two =
        "response:\n- name: S\n  type: string\n  shape: S\n  values:\n  - value: a\n  - value: b\n";
    let three = format!("{two}  - value: c\n");
    assert_eq!(
        one(two, &three),
        (s("response.S"), Kind::ValueAdded, Effect::Additive)
    );
    assert_eq!(
        one(&three, two),
        (s("response.S"), Kind::ValueRemoved, Effect::Breaking)
    );
    let plain = "response:\n- name: N\n  type: integer\n  values:\n  - value: '1'\n";
    let more = format!("{plain}  - value: '2'\n");
    assert_eq!(
        one(plain, &more),
        (s("response.N"), Kind::ValueAdded, Effect::Docs)
    );
}

#[test]
fn error_codes_added_are_additive_removed_breaking() {
    let one_code = "errors:\n- code: Forbidden\n  http_status: 403\n";
    let two = format!("{one_code}- code: Throttling\n  http_status: 400\n");
    assert_eq!(
        one(one_code, &two),
        (s("errors.Throttling"), Kind::ErrorAdded, Effect::Additive)
    );
    assert_eq!(
        one(&two, one_code),
        (s("errors.Throttling"), Kind::ErrorRemoved, Effect::Breaking)
    );
    // A code listed twice is one variant: no change when both stay.
    let twice = format!("{one_code}- code: Forbidden\n  http_status: 403\n  message: other\n");
    assert!(diff(&op(&twice), &op(&twice)).is_empty());
}

#[test]
fn paging_added_is_additive_removed_breaking_items_moved_breaking() {
    let paged = "pagination:\n  style: page_number\n  input: PageNumber\n  size: PageSize\n  items: Items.Item\n";
    assert_eq!(
        one("", paged),
        (s("pagination"), Kind::Paging, Effect::Additive)
    );
    assert_eq!(
        one(paged, ""),
        (s("pagination"), Kind::Paging, Effect::Breaking)
    );
    let moved = paged.replace("Items.Item", "Data.Items");
    assert_eq!(one(paged, &moved).2, Effect::Breaking);
    let total = format!("{paged}  total: TotalCount\n");
    assert_eq!(one(paged, &total).2, Effect::Wire);
}

#[test]
fn prose_and_examples_are_docs_only() {
    assert_eq!(
        one("summary: a\n", "summary: b\n"),
        (s("summary"), Kind::Docs, Effect::Docs)
    );
    let a = "response:\n- name: A\n  type: string\n  description: x\n";
    let b = "response:\n- name: A\n  type: string\n  description: y\n";
    assert_eq!(one(a, b), (s("response.A"), Kind::Docs, Effect::Docs));
    assert_eq!(
        one("endpoint: a.com\n", "endpoint: b.com\n").2,
        Effect::Docs
    );
}

#[test]
fn fields_without_a_rule_are_still_reported() {
    // `idempotent` and `waiters` stand for fields the spec format gains later.
    assert_eq!(
        one("", "idempotent: true\n"),
        (s("idempotent"), Kind::Other, Effect::Additive)
    );
    assert_eq!(
        one("idempotent: true\n", ""),
        (s("idempotent"), Kind::Other, Effect::Breaking)
    );
    assert_eq!(
        one("waiters:\n- name: A\n", "waiters:\n- name: B\n"),
        (s("waiters"), Kind::Other, Effect::Breaking)
    );
    let a = "response:\n- name: A\n  type: string\n";
    let b = "response:\n- name: A\n  type: string\n  deprecated: true\n";
    assert_eq!(
        one(a, b),
        (s("response.A.deprecated"), Kind::Other, Effect::Additive)
    );
}

#[test]
fn shape_names_added_removed_and_renamed() {
    let old = "structs:\n- name: Alarm\n  side: response\n  used_by:\n  - Op response.Alarms\nenums:\n- name: Status\n  wire: Status\n  used_by:\n  - Op response.Status\n";
    let renamed = old.replace("name: Alarm", "name: OpAlarm");
    let report = changes::compare(
        &tree(&[("Op", &op(""))], old),
        &tree(&[("Op", &op(""))], &renamed),
    );
    let c = &report.products["p"].changes[0];
    assert_eq!(
        (c.subject.as_str(), c.kind, c.effect, c.detail.as_str()),
        (
            "struct Alarm",
            Kind::ShapeRenamed,
            Effect::Breaking,
            "renamed to `OpAlarm`"
        )
    );
    let fewer = "enums:\n- name: Status\n  wire: Status\n  used_by:\n  - Op response.Status\n";
    let report = changes::compare(
        &tree(&[("Op", &op(""))], old),
        &tree(&[("Op", &op(""))], fewer),
    );
    let c = &report.products["p"].changes[0];
    assert_eq!((c.kind, c.effect), (Kind::ShapeRemoved, Effect::Breaking));
    let report = changes::compare(
        &tree(&[("Op", &op(""))], fewer),
        &tree(&[("Op", &op(""))], old),
    );
    let c = &report.products["p"].changes[0];
    assert_eq!((c.kind, c.effect), (Kind::ShapeAdded, Effect::Additive));
}

#[test]
fn a_product_effect_is_its_strongest_change_and_revisions_are_kept() {
    let old = op("summary: a\n");
    let new = op("summary: b\nerrors:\n- code: X\n")
        .replace("revision: 2020-01-01", "revision: 2021-02-03");
    let report = changes::compare(&tree(&[("Op", &old)], ""), &tree(&[("Op", &new)], ""));
    let product = &report.products["p"];
    assert_eq!(product.effect(), Some(Effect::Additive));
    let revisions = &product.revisions["2020-01-01 Op"];
    assert_eq!(
        (revisions.old.as_deref(), revisions.new.as_deref()),
        (Some("2020-01-01"), Some("2021-02-03"))
    );
    let text = changes::report::text(&report);
    assert!(
        text.starts_with("p: additive (0 breaking, 1 additive, 0 wire, 1 docs)\n"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&changes::report::json(&report)).unwrap();
    assert_eq!(json["additive"], 1);
    assert_eq!(json["products"]["p"]["changes"][1]["kind"], "error-added");
}

#[test]
fn a_newer_api_version_moves_latest_and_breaks() {
    let old = tree(&[("Op", &op(""))], "");
    let mut files = BTreeMap::new();
    files.insert("p/2020-01-01/Op.yaml".to_string(), op(""));
    files.insert(
        "p/2021-01-01/Op.yaml".to_string(),
        op("").replace("2020-01-01", "2021-01-01"),
    );
    let new = SpecTree::from_files(&files).unwrap();
    let report = changes::compare(&old, &new);
    let changes = &report.products["p"].changes;
    assert_eq!(
        (
            changes[0].subject.as_str(),
            changes[0].kind,
            changes[0].effect,
            changes[0].detail.as_str()
        ),
        (
            "latest",
            Kind::LatestMoved,
            Effect::Breaking,
            "`latest` moves from 2020-01-01 to 2021-01-01"
        )
    );
    assert_eq!(
        (changes[1].kind, changes[1].effect),
        (Kind::OperationAdded, Effect::Additive)
    );
}
