//! Waiters: declared in a product configuration (`waiters:`), checked against the specs of the
//! operations they poll, and recorded on those specs for the emitter.
//!
//! The pages document a resource's states but not which of them end a wait, so a maintainer
//! declares each waiter:
//!
//! ```yaml
//! waiters:
//!   - name: InstanceRunning            # method `wait_until_instance_running`
//!     operation: DescribeInstances     # polled with the caller's own request
//!     path: Instances.Instance[].Status  # `[]` goes through a list
//!     match: all                       # all (default) or any item in a success state
//!     success: [Running]
//!     failure: [Stopped]
//!     retry: [InvalidInstanceId.NotFound]  # codes meaning "not there yet"
//!     gone: []                         # codes meaning the resource is gone (success)
//!     empty: wait                      # an empty list: wait (default) or success
//!     min_delay: 5                     # seconds (optional defaults)
//!     max_delay: 30
//!     max_wait: 600
//! ```
//!
//! A waiter naming an operation, a member or a value the spec does not have is an error located
//! at the waiter's line of the configuration.

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity};

use super::model::{Member, OperationSpec, Type};
use super::product::ProductConfig;

/// How the states of a list decide success.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchMode {
    /// Every item in a success state.
    #[default]
    All,
    /// One item in a success state.
    Any,
}

impl MatchMode {
    fn is_all(&self) -> bool {
        *self == MatchMode::All
    }
}

/// What an empty list (no state at all) means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EmptyMeans {
    /// Keep waiting.
    #[default]
    Wait,
    /// Success: the resource is gone.
    Success,
}

impl EmptyMeans {
    fn is_wait(&self) -> bool {
        *self == EmptyMeans::Wait
    }
}

/// One waiter as the spec of its polled operation records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiterSpec {
    /// `InstanceRunning`: the method is `wait_until_instance_running`.
    pub name: String,
    /// The watched response member, dotted wire names, `[]` after a list.
    pub path: String,
    /// All or any.
    #[serde(default, rename = "match", skip_serializing_if = "MatchMode::is_all")]
    pub matching: MatchMode,
    /// States that end the wait with success.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub success: Vec<String>,
    /// States that end the wait with a failure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failure: Vec<String>,
    /// What an empty list means.
    #[serde(default, skip_serializing_if = "EmptyMeans::is_wait")]
    pub empty: EmptyMeans,
    /// Error codes meaning "not there yet".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retry: Vec<String>,
    /// Error codes meaning the resource is gone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gone: Vec<String>,
    /// First delay between calls, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_delay: Option<u64>,
    /// Longest delay between calls, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_delay: Option<u64>,
    /// Deadline of the whole wait, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_wait: Option<u64>,
}

/// One `waiters:` entry of a product configuration: the spec record plus which operation (and
/// optionally which API version) it polls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiterConfig {
    /// `InstanceRunning`.
    pub name: String,
    /// The polled operation.
    pub operation: String,
    /// The API version, when the operation exists in several and only one is meant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// See [`WaiterSpec::path`].
    pub path: String,
    /// See [`WaiterSpec::matching`].
    #[serde(default, rename = "match", skip_serializing_if = "MatchMode::is_all")]
    pub matching: MatchMode,
    /// See [`WaiterSpec::success`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub success: Vec<String>,
    /// See [`WaiterSpec::failure`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failure: Vec<String>,
    /// See [`WaiterSpec::empty`].
    #[serde(default, skip_serializing_if = "EmptyMeans::is_wait")]
    pub empty: EmptyMeans,
    /// See [`WaiterSpec::retry`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retry: Vec<String>,
    /// See [`WaiterSpec::gone`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gone: Vec<String>,
    /// See [`WaiterSpec::min_delay`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_delay: Option<u64>,
    /// See [`WaiterSpec::max_delay`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_delay: Option<u64>,
    /// See [`WaiterSpec::max_wait`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_wait: Option<u64>,
    /// The entry's line in the configuration file (1-based; 1 when unknown), for diagnostics.
    #[serde(skip)]
    pub line: usize,
}

impl WaiterConfig {
    fn spec(&self) -> WaiterSpec {
        WaiterSpec {
            name: self.name.clone(),
            path: self.path.clone(),
            matching: self.matching,
            success: self.success.clone(),
            failure: self.failure.clone(),
            empty: self.empty,
            retry: self.retry.clone(),
            gone: self.gone.clone(),
            min_delay: self.min_delay,
            max_delay: self.max_delay,
            max_wait: self.max_wait,
        }
    }
}

/// Gives each waiter of `config` the line of its `- name:` entry under `waiters:` in `text`
/// (the configuration file's text), so that diagnostics point at it.
pub fn locate_lines(config: &mut ProductConfig, text: &str) {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines
        .iter()
        .position(|l| l.trim_end() == "waiters:" || l.starts_with("waiters:"))
    else {
        return;
    };
    let mut cursor = start + 1;
    for waiter in &mut config.waiters {
        let found = lines
            .iter()
            .enumerate()
            .skip(cursor)
            .find(|(_, l)| {
                let entry = l.trim_start().trim_start_matches('-').trim_start();
                entry
                    .strip_prefix("name:")
                    .is_some_and(|v| v.trim().trim_matches(['\'', '"']) == waiter.name)
            })
            .map(|(i, _)| i);
        match found {
            Some(index) => {
                waiter.line = index + 1;
                cursor = index + 1;
            }
            None => waiter.line = start + 1,
        }
    }
}

/// Checks each waiter of `product` against the specs of its polled operation (`specs` are the
/// product's) and records it on them. Every mismatch is an error at the waiter's line.
pub fn attach(product: &ProductConfig, specs: &mut [OperationSpec], diags: &mut Diagnostics) {
    let file = format!("specs/products/{}.yaml", product.folder);
    for (index, waiter) in product.waiters.iter().enumerate() {
        let fail = |message: String, expected: &str, found: String| {
            Diagnostic::new(
                Severity::Error,
                "waiter",
                Location {
                    file: file.clone(),
                    line: waiter.line.max(1),
                    column: 1,
                },
                format!("waiters[{index}] ({}): {message}", waiter.name),
            )
            .expected_found(expected, found)
        };
        if let Some(problem) = own_problem(waiter, &product.waiters[..index]) {
            diags.push(fail(problem.0, &problem.1, problem.2));
            continue;
        }
        let targets: Vec<usize> = specs
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                s.name == waiter.operation
                    && waiter.version.as_ref().is_none_or(|v| *v == s.version)
            })
            .map(|(i, _)| i)
            .collect();
        if targets.is_empty() {
            let versions: Vec<&str> = specs
                .iter()
                .filter(|s| s.name == waiter.operation)
                .map(|s| s.version.as_str())
                .collect();
            let found = if versions.is_empty() {
                format!("no operation `{}`", waiter.operation)
            } else {
                format!("`{}` only in {}", waiter.operation, versions.join(", "))
            };
            diags.push(fail(
                format!(
                    "polls `{}`, which this product does not have",
                    waiter.operation
                ),
                "an operation read from the product's pages",
                found,
            ));
            continue;
        }
        for target in targets {
            let spec = &mut specs[target];
            match check_path(waiter, &spec.response) {
                Ok(()) => spec.waiters.push(waiter.spec()),
                Err((message, expected, found)) => {
                    diags.push(fail(
                        format!("{message} in {} {}", spec.name, spec.version),
                        &expected,
                        found,
                    ));
                }
            }
        }
    }
}

type Problem = (String, String, String);

/// What is wrong with the waiter on its own: its name, values, codes and delays.
fn own_problem(waiter: &WaiterConfig, earlier: &[WaiterConfig]) -> Option<Problem> {
    let name = &waiter.name;
    let pascal = name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if !pascal {
        return Some((
            "the name does not make a method name".into(),
            "a PascalCase name such as `InstanceRunning`".into(),
            format!("`{name}`"),
        ));
    }
    if earlier.iter().any(|w| w.name == *name) {
        return Some((
            "a second waiter of this name".into(),
            "one waiter per name".into(),
            format!("`{name}` twice"),
        ));
    }
    if waiter.success.is_empty() && waiter.gone.is_empty() && waiter.empty == EmptyMeans::Wait {
        return Some((
            "nothing ends the wait with success".into(),
            "`success` values, `gone` codes or `empty: success`".into(),
            "none".into(),
        ));
    }
    if let Some(both) = waiter.success.iter().find(|v| waiter.failure.contains(v)) {
        return Some((
            "a value is both a success and a failure".into(),
            "disjoint `success` and `failure`".into(),
            format!("`{both}` in both"),
        ));
    }
    if let Some(both) = waiter.retry.iter().find(|c| waiter.gone.contains(c)) {
        return Some((
            "an error code is both retried and gone".into(),
            "disjoint `retry` and `gone`".into(),
            format!("`{both}` in both"),
        ));
    }
    if let (Some(min), Some(max)) = (waiter.min_delay, waiter.max_delay) {
        if min > max {
            return Some((
                "the delays are reversed".into(),
                "min_delay <= max_delay".into(),
                format!("min_delay {min}, max_delay {max}"),
            ));
        }
    }
    if waiter.max_wait == Some(0) || waiter.min_delay == Some(0) {
        return Some((
            "a zero delay or deadline".into(),
            "seconds greater than 0".into(),
            "0".into(),
        ));
    }
    None
}

/// Follows the waiter's path through the response: each segment a member, `[]` exactly after
/// the lists, the last a text member whose documented values (if any) hold every value the
/// waiter names.
fn check_path(waiter: &WaiterConfig, response: &[Member]) -> Result<(), Problem> {
    let mut members = response;
    let mut through_list = false;
    let segments: Vec<&str> = waiter.path.split('.').collect();
    for (i, segment) in segments.iter().enumerate() {
        let (name, list) = match segment.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (*segment, false),
        };
        let Some(member) = members.iter().find(|m| m.name == name) else {
            let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
            return Err((
                format!("response member `{name}` of `{}` not found", waiter.path),
                format!("one of {}", names.join(", ")),
                format!("`{name}`"),
            ));
        };
        let mut ty = &member.ty;
        if let Type::Array(item) = ty {
            if !list {
                return Err((
                    format!("`{name}` is a list"),
                    format!("`{name}[]`"),
                    format!("`{name}`"),
                ));
            }
            ty = item;
            through_list = true;
        } else if list {
            return Err((
                format!("`{name}` is not a list"),
                format!("`{name}`"),
                format!("`{name}[]` on a `{}`", member.ty),
            ));
        }
        let last = i + 1 == segments.len();
        if !last {
            if *ty != Type::Struct {
                return Err((
                    format!("`{name}` has no members"),
                    "a struct (or list of structs) before the last segment".into(),
                    format!("`{}`", member.ty),
                ));
            }
            members = &member.members;
            continue;
        }
        if !matches!(ty, Type::String | Type::Integer | Type::Long) {
            return Err((
                format!(
                    "the watched member `{}` is not text or an integer",
                    waiter.path
                ),
                "a value enum, a string or an integer".into(),
                format!("`{}`", member.ty),
            ));
        }
        if !member.values.is_empty() {
            let documented: Vec<&str> = member.values.iter().map(|v| v.value.as_str()).collect();
            if let Some(unknown) = waiter
                .success
                .iter()
                .chain(&waiter.failure)
                .find(|v| !documented.contains(&v.as_str()))
            {
                return Err((
                    format!("`{unknown}` is not a documented value of `{}`", waiter.path),
                    format!("one of {}", documented.join(", ")),
                    format!("`{unknown}`"),
                ));
            }
        }
    }
    if waiter.empty == EmptyMeans::Success && !through_list {
        return Err((
            "`empty: success` needs a list on the path".into(),
            "a path with `[]`".into(),
            format!("`{}`", waiter.path),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(yaml: &str) -> ProductConfig {
        let mut config: ProductConfig = serde_yaml::from_str(yaml).expect("configuration reads");
        locate_lines(&mut config, yaml);
        config
    }

    fn spec() -> OperationSpec {
        let yaml = "\
name: DescribeThings
product: Things
version: 2020-01-01
source:
  page: things/DescribeThings.md
http:
  style: rpc
  method: POST
response:
- name: Things
  type: struct
  members:
  - name: Thing
    type: array<struct>
    members:
    - name: Status
      type: string
      values:
      - value: Pending
      - value: Running
      - value: Stopped
    - name: Size
      type: integer
    - name: Ready
      type: boolean
";
        serde_yaml::from_str(yaml).expect("spec reads")
    }

    const HEAD: &str =
        "folder: things\ncode: Things\nendpoint:\n  prefix: things\n  regional: true\nwaiters:\n";

    fn run(waiters: &str) -> (Vec<OperationSpec>, Diagnostics) {
        let product = config(&format!("{HEAD}{waiters}"));
        let mut specs = vec![spec()];
        let mut diags = Diagnostics::new();
        attach(&product, &mut specs, &mut diags);
        (specs, diags)
    }

    fn errors(diags: &Diagnostics) -> Vec<String> {
        diags
            .items()
            .iter()
            .map(|d| {
                format!(
                    "{}: {} (expected {}, found {})",
                    d.location,
                    d.message,
                    d.expected.as_deref().unwrap_or_default(),
                    d.found.as_deref().unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn a_good_waiter_is_recorded_on_its_operation() {
        let (specs, diags) = run("  - name: ThingRunning\n    operation: DescribeThings\n    path: Things.Thing[].Status\n    success: [Running]\n    failure: [Stopped]\n    max_wait: 60\n");
        assert_eq!(errors(&diags), Vec::<String>::new());
        let waiter = &specs[0].waiters[0];
        assert_eq!(waiter.name, "ThingRunning");
        assert_eq!(waiter.max_wait, Some(60));
        let yaml = serde_yaml::to_string(&specs[0].waiters).unwrap();
        assert_eq!(
            yaml,
            "- name: ThingRunning\n  path: Things.Thing[].Status\n  success:\n  - Running\n  failure:\n  - Stopped\n  max_wait: 60\n"
        );
    }

    #[test]
    fn mistakes_are_located_at_the_waiter() {
        let cases = [
            (
                "  - name: ThingRunning\n    operation: DescribeThing\n    path: Things.Thing[].Status\n    success: [Running]\n",
                "specs/products/things.yaml:7:1: waiters[0] (ThingRunning): polls `DescribeThing`, which this product does not have (expected an operation read from the product's pages, found no operation `DescribeThing`)",
            ),
            (
                "  - name: ThingRunning\n    operation: DescribeThings\n    path: Things.Thing.Status\n    success: [Running]\n",
                "specs/products/things.yaml:7:1: waiters[0] (ThingRunning): `Thing` is a list in DescribeThings 2020-01-01 (expected `Thing[]`, found `Thing`)",
            ),
            (
                "  - name: ThingRunning\n    operation: DescribeThings\n    path: Things.Thing[].State\n    success: [Running]\n",
                "specs/products/things.yaml:7:1: waiters[0] (ThingRunning): response member `State` of `Things.Thing[].State` not found in DescribeThings 2020-01-01 (expected one of Status, Size, Ready, found `State`)",
            ),
            (
                "  - name: ThingRunning\n    operation: DescribeThings\n    path: Things.Thing[].Status\n    success: [Active]\n",
                "specs/products/things.yaml:7:1: waiters[0] (ThingRunning): `Active` is not a documented value of `Things.Thing[].Status` in DescribeThings 2020-01-01 (expected one of Pending, Running, Stopped, found `Active`)",
            ),
            (
                "  - name: ThingSized\n    operation: DescribeThings\n    path: Things.Thing[].Ready\n    success: ['true']\n",
                "specs/products/things.yaml:7:1: waiters[0] (ThingSized): the watched member `Things.Thing[].Ready` is not text or an integer in DescribeThings 2020-01-01 (expected a value enum, a string or an integer, found `boolean`)",
            ),
            (
                "  - name: ThingRunning\n    operation: DescribeThings\n    path: Things.Thing[].Status\n    success: [Running]\n  - name: ThingRunning\n    operation: DescribeThings\n    path: Things.Thing[].Status\n    success: [Running]\n",
                "specs/products/things.yaml:11:1: waiters[1] (ThingRunning): a second waiter of this name (expected one waiter per name, found `ThingRunning` twice)",
            ),
            (
                "  - name: ThingGone\n    operation: DescribeThings\n    path: Things.Thing[].Status\n",
                "specs/products/things.yaml:7:1: waiters[0] (ThingGone): nothing ends the wait with success (expected `success` values, `gone` codes or `empty: success`, found none)",
            ),
        ];
        for (waiters, expected) in cases {
            let (specs, diags) = run(waiters);
            assert_eq!(errors(&diags), [expected], "{waiters}");
            assert!(diags.items().iter().all(|d| d.severity == Severity::Error));
            assert!(specs[0].waiters.len() <= 1);
        }
    }
}
