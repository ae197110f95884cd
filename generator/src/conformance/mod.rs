//! Conformance: the specs read from pages measured against what Alibaba's SDKs declare.
//!
//! The oracle ([`oracle`]) gives, per API, the request parameters as flattened wire names and
//! the response as a JSON tree, and where it knows them the HTTP method, the ROA path template
//! and each parameter's position. [`flatten`] brings the spec's trees to the same form,
//! [`metrics`] counts agreement, and [`report`] renders it as a table or JSON. Everything here
//! is a pure function of its inputs; reading directories is left to the caller (apart from
//! [`oracle::load_dir`]).
//!
//! An API is compared only when the spec's version is the oracle's: the SDKs know one version
//! per product, and pages of other versions legitimately differ.

pub mod causes;
pub mod flatten;
pub mod languages;
pub mod metrics;
pub mod oracle;
pub mod report;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::spec::model::OperationSpec;
use metrics::{Agreement, BindingComparison, Route, SideComparison, Tally, TextIndex};
use oracle::Oracle;

/// How one API took part in the measurement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// A spec of the oracle's version exists and was compared.
    Compared,
    /// Specs exist, but none of the oracle's version.
    VersionMismatch,
    /// The oracle does not know the API.
    NotInOracle,
    /// The oracle knows the API, but no spec of any version was read for it.
    NoSpec,
}

/// One API's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiResult {
    /// Page folder (product).
    pub folder: String,
    /// Action name.
    pub name: String,
    /// How it took part.
    pub status: Status,
    /// Versions of the specs read for it, sorted.
    pub spec_versions: Vec<String>,
    /// The oracle's version, if the oracle knows the API.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oracle_version: Option<String>,
    /// The SDK the oracle took the API from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oracle_source: Option<String>,
    /// Page of the compared spec (or of the newest spec read, when not compared).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// Pages found for the API's folder (`<folder>/<Name>/…`) when no spec was read from them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unread_pages: Vec<String>,
    /// Names of the specs that were read from those pages instead (a page whose title or
    /// `Action` misspells the API), sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub read_as: Vec<String>,
    /// Request comparison, when compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<SideComparison>,
    /// Response comparison, when compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<SideComparison>,
    /// HTTP binding comparison (method, path template, positions), when compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub binding: Option<BindingComparison>,
}

/// Figures of one product, or of all of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// APIs compared.
    pub compared: usize,
    /// APIs skipped because no spec has the oracle's version.
    pub version_mismatch: usize,
    /// APIs read that the oracle does not know.
    pub not_in_oracle: usize,
    /// APIs the oracle knows that no spec was read for.
    pub no_spec: usize,
    /// Request wire names, over compared APIs.
    pub request: Tally,
    /// Response paths, over compared APIs.
    pub response: Tally,
    /// HTTP methods, over compared APIs whose oracle entry gives one.
    pub method: Agreement,
    /// ROA path templates, over compared APIs whose oracle entry gives one.
    pub path: Agreement,
    /// Positions of the request names both sides have, where the oracle gives one.
    pub position: Agreement,
}

impl Summary {
    fn add(&mut self, api: &ApiResult) {
        match api.status {
            Status::Compared => self.compared += 1,
            Status::VersionMismatch => self.version_mismatch += 1,
            Status::NotInOracle => self.not_in_oracle += 1,
            Status::NoSpec => self.no_spec += 1,
        }
        if let Some(side) = &api.request {
            self.request.add(&side.tally);
        }
        if let Some(side) = &api.response {
            self.response.add(&side.tally);
        }
        if let Some(binding) = &api.binding {
            self.method.add(&binding.method_agreement());
            self.path.add(&binding.path_agreement());
            self.position.add(&binding.positions);
        }
    }
}

/// The whole measurement: one result per API, sorted by (folder, name).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Measurement {
    /// Every API seen in the specs or the oracle.
    pub apis: Vec<ApiResult>,
}

impl Measurement {
    /// Figures per product folder.
    pub fn by_product(&self) -> BTreeMap<String, Summary> {
        let mut out: BTreeMap<String, Summary> = BTreeMap::new();
        for api in &self.apis {
            out.entry(api.folder.clone()).or_default().add(api);
        }
        out
    }

    /// Figures over the named product folders together.
    pub fn of_products(&self, folders: &[&str]) -> Summary {
        let mut out = Summary::default();
        for api in self
            .apis
            .iter()
            .filter(|a| folders.contains(&a.folder.as_str()))
        {
            out.add(api);
        }
        out
    }

    /// Figures over every product.
    pub fn total(&self) -> Summary {
        let mut out = Summary::default();
        for api in &self.apis {
            out.add(api);
        }
        out
    }
}

/// The product folder of a page label: its first `/`-separated component.
fn folder_of(label: &str) -> &str {
    label.split('/').next().unwrap_or(label)
}

/// The pages of older revisions that lost to a newer one, each with the API name it was read as
/// (the last word of [`Superseded::api`](crate::pipeline::Superseded)), for [`measure`].
pub fn dropped_pages(superseded: &[crate::pipeline::Superseded]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for item in superseded {
        let name = item.api.rsplit(' ').next().unwrap_or(&item.api);
        for page in &item.dropped {
            out.insert(page.clone(), name.to_string());
        }
    }
    out
}

/// Measures specs against the oracles.
///
/// `specs` are the newest revision per (folder, version, name), with `source.page` the page
/// label; `superseded` maps the labels of older revisions that lost to a newer one to the API
/// name they were read as (to explain an API with no spec); `pages` maps page labels to page
/// texts (for the ceiling and for finding unread pages); `oracles` are keyed by page folder.
pub fn measure(
    specs: &[OperationSpec],
    superseded: &BTreeMap<String, String>,
    pages: &BTreeMap<String, String>,
    oracles: &BTreeMap<String, Oracle>,
) -> Measurement {
    // (folder, name) -> specs of every version.
    let mut by_api: BTreeMap<(String, String), Vec<&OperationSpec>> = BTreeMap::new();
    for spec in specs {
        by_api
            .entry((folder_of(&spec.source.page).to_string(), spec.name.clone()))
            .or_default()
            .push(spec);
    }
    let mut keys: BTreeSet<(String, String)> = by_api.keys().cloned().collect();
    for (folder, oracle) in oracles {
        keys.extend(
            oracle
                .apis
                .keys()
                .map(|name| (folder.clone(), name.clone())),
        );
    }

    // An API whose pages in this folder lost to a newer revision filed in another folder (a
    // CloudMonitor page in alikafka/ newer than cms/'s) is measured by that revision's spec.
    for (folder, oracle) in oracles {
        for name in oracle.apis.keys() {
            let key = (folder.clone(), name.clone());
            if by_api.contains_key(&key) {
                continue;
            }
            let prefix = format!("{folder}/{name}/");
            let lost_here = superseded
                .iter()
                .any(|(label, read_as)| read_as == name && label.starts_with(&prefix));
            if !lost_here {
                continue;
            }
            let elsewhere: Vec<&OperationSpec> = specs
                .iter()
                .filter(|s| &s.name == name && folder_of(&s.source.page) != folder)
                .collect();
            if !elsewhere.is_empty() {
                by_api.insert(key, elsewhere);
            }
        }
    }

    let mut apis = Vec::new();
    for (folder, name) in keys {
        let found = by_api
            .get(&(folder.clone(), name.clone()))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let oracle_api = oracles.get(&folder).and_then(|o| o.apis.get(&name));
        let mut spec_versions: Vec<String> = found.iter().map(|s| s.version.clone()).collect();
        spec_versions.sort();
        spec_versions.dedup();
        let newest = found.iter().max_by(|a, b| {
            (a.source.revision.as_deref(), a.source.page.as_str())
                .cmp(&(b.source.revision.as_deref(), b.source.page.as_str()))
        });
        let mut result = ApiResult {
            folder: folder.clone(),
            name: name.clone(),
            status: Status::NotInOracle,
            spec_versions,
            oracle_version: oracle_api.map(|o| o.version.clone()),
            oracle_source: oracle_api.and_then(|o| o.source.clone()),
            page: newest.map(|s| s.source.page.clone()),
            unread_pages: Vec::new(),
            read_as: Vec::new(),
            request: None,
            response: None,
            binding: None,
        };
        match oracle_api {
            None => {}
            Some(_) if found.is_empty() => {
                result.status = Status::NoSpec;
                let prefix = format!("{folder}/{name}/");
                result.unread_pages = pages
                    .keys()
                    .filter(|label| label.starts_with(&prefix))
                    .cloned()
                    .collect();
                let mut read_as: BTreeSet<String> = specs
                    .iter()
                    .filter(|s| result.unread_pages.contains(&s.source.page))
                    .map(|s| s.name.clone())
                    .collect();
                read_as.extend(
                    result
                        .unread_pages
                        .iter()
                        .filter_map(|page| superseded.get(page))
                        .cloned(),
                );
                result.read_as = read_as.into_iter().collect();
            }
            Some(api) => match found.iter().find(|s| s.version == api.version) {
                None => result.status = Status::VersionMismatch,
                Some(spec) => {
                    result.status = Status::Compared;
                    result.page = Some(spec.source.page.clone());
                    let text = TextIndex::new(
                        pages
                            .get(&spec.source.page)
                            .map(String::as_str)
                            .unwrap_or_default(),
                    );
                    let mut spec_names = flatten::spec_wire_names(&spec.request, spec.style());
                    let oracle_names = flatten::oracle_wire_names(api);
                    flatten::align_body(&mut spec_names, &spec.request, &oracle_names);
                    let mut request = metrics::compare_request(&spec_names, &oracle_names, &text);
                    let mut request_causes = causes::explain(
                        &request,
                        spec_names.keys(),
                        oracle_names.keys(),
                        &BTreeSet::new(),
                    );
                    causes::json_text(&mut request_causes, &json_names(&spec_names));
                    request.set_causes(request_causes);
                    result.request = Some(request);
                    result.binding = Some(metrics::compare_binding(
                        Route {
                            method: Some(spec.http.method.as_str()),
                            path: spec.http.path.as_deref(),
                        },
                        Route {
                            method: api.method.as_deref(),
                            path: api.path.as_deref(),
                        },
                        &spec_names,
                        &oracle_names,
                    ));
                    let spec_paths = flatten::spec_paths(&spec.response);
                    let oracle_paths = flatten::oracle_paths(&api.response);
                    let mut response = metrics::compare_response(&spec_paths, &oracle_paths, &text);
                    let mut response_causes = causes::explain(
                        &response,
                        spec_paths.keys(),
                        oracle_paths.keys(),
                        &causes::example_paths(spec.examples.json.as_deref()),
                    );
                    causes::json_text(&mut response_causes, &json_paths(&spec_paths));
                    response.set_causes(response_causes);
                    result.response = Some(response);
                }
            },
        }
        apis.push(result);
    }
    Measurement { apis }
}

/// The request names of a spec whose value is JSON text.
fn json_names(names: &BTreeMap<String, flatten::WireParam>) -> BTreeSet<String> {
    names
        .iter()
        .filter(|(_, param)| param.kind == oracle::Kind::Json)
        .map(|(name, _)| name.clone())
        .collect()
}

/// The response paths of a spec whose value is JSON text.
fn json_paths(paths: &BTreeMap<String, flatten::PathInfo>) -> BTreeSet<String> {
    paths
        .iter()
        .filter(|(_, info)| info.leaf == Some(oracle::Kind::Json))
        .map(|(path, _)| path.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::model::{
        BodyEncoding, HttpBinding, HttpMethod, Location, Member, Source, Style, Type,
    };

    fn spec(
        page: &str,
        name: &str,
        version: &str,
        request: Vec<Member>,
        response: Vec<Member>,
    ) -> OperationSpec {
        OperationSpec {
            name: name.into(),
            product: "LinkWAN".into(),
            version: version.into(),
            summary: String::new(),
            description: String::new(),
            summary_en: String::new(),
            description_en: String::new(),
            source: Source {
                page: page.into(),
                revision: None,
            },
            source_en: None,
            structure: Default::default(),
            http: HttpBinding {
                style: Style::Rpc,
                method: HttpMethod::Post,
                path: None,
                body: BodyEncoding::None,
            },
            endpoint: None,
            request,
            response,
            pagination: None,
            idempotency: Default::default(),
            waiters: Vec::new(),
            errors: vec![],
            examples: Default::default(),
        }
    }

    fn param(name: &str, ty: Type) -> Member {
        let mut m = Member::new(name, ty);
        m.required = true;
        m.location = Some(Location::Query);
        m
    }

    fn field(name: &str, ty: Type) -> Member {
        Member::new(name, ty)
    }

    const ORACLE: &str = r#"{"docs_folder":"linkwan","product_code":"LinkWAN","version":"2019-03-01","apis":{
        "GetA": {"version":"2019-03-01","request":[{"name":"Id","kind":"string"},{"name":"Size","kind":"integer"}],
                 "response":{"RequestId":"string","Items":[{"Name":"string"}]}},
        "GetB": {"version":"2019-03-01","request":[],"response":{"RequestId":"string"}},
        "GetC": {"version":"2019-03-01","request":[],"response":{"RequestId":"string"}}}}"#;

    #[test]
    fn measures_matching_versions_only_and_counts_the_rest() {
        let oracles = BTreeMap::from([(
            "linkwan".to_string(),
            oracle::parse("linkwan.json", ORACLE).unwrap(),
        )]);
        let mut items = field("Items", Type::Array(Box::new(Type::Struct)));
        items.members.push(field("Name", Type::String));
        let specs = vec![
            spec(
                "linkwan/GetA/2021_a.md",
                "GetA",
                "2019-03-01",
                vec![param("Id", Type::String), param("Size", Type::Long)],
                vec![field("RequestId", Type::String), items],
            ),
            spec(
                "linkwan/GetA/2019_a.md",
                "GetA",
                "2018-12-30",
                vec![],
                vec![],
            ),
            spec(
                "linkwan/GetB/2019_b.md",
                "GetB",
                "2018-12-30",
                vec![],
                vec![],
            ),
            spec(
                "linkwan/GetD/2019_d.md",
                "GetD",
                "2019-03-01",
                vec![],
                vec![],
            ),
            spec(
                "linkwan/GetC/2021_c.md",
                "GetCee",
                "2019-03-01",
                vec![],
                vec![],
            ),
        ];
        let pages = BTreeMap::from([
            (
                "linkwan/GetA/2021_a.md".to_string(),
                "Id Size RequestId Items Name".to_string(),
            ),
            ("linkwan/GetC/2021_c.md".to_string(), "misspelt".to_string()),
        ]);
        let m = measure(&specs, &BTreeMap::new(), &pages, &oracles);
        let statuses: Vec<(&str, Status)> =
            m.apis.iter().map(|a| (a.name.as_str(), a.status)).collect();
        assert_eq!(
            statuses,
            [
                ("GetA", Status::Compared),
                ("GetB", Status::VersionMismatch),
                ("GetC", Status::NoSpec),
                ("GetCee", Status::NotInOracle),
                ("GetD", Status::NotInOracle)
            ]
        );
        assert_eq!(m.apis[0].page.as_deref(), Some("linkwan/GetA/2021_a.md"));
        assert_eq!(m.apis[0].spec_versions, ["2018-12-30", "2019-03-01"]);
        assert_eq!(m.apis[2].unread_pages, ["linkwan/GetC/2021_c.md"]);
        assert_eq!(m.apis[2].read_as, ["GetCee"]);
        let total = m.total();
        assert_eq!(
            (
                total.compared,
                total.version_mismatch,
                total.no_spec,
                total.not_in_oracle
            ),
            (1, 1, 1, 2)
        );
        assert_eq!(
            total.request,
            Tally {
                matched: 2,
                missing: 0,
                extra: 0,
                agree: 2,
                in_text: 2,
                ..Tally::default()
            }
        );
        assert_eq!(
            total.response,
            Tally {
                matched: 3,
                missing: 0,
                extra: 0,
                page_extra: 0,
                agree: 3,
                in_text: 3,
                leaf_total: 2,
                leaf_agree: 2
            }
        );
        assert_eq!(m.by_product()["linkwan"], total);

        // A page that lost to a newer revision of another API still explains the missing spec.
        let superseded =
            BTreeMap::from([("linkwan/GetC/2021_c.md".to_string(), "GetB".to_string())]);
        let m = measure(&specs[..4], &superseded, &pages, &oracles);
        assert_eq!(m.apis[2].read_as, ["GetB"]);
    }

    const JUDGED_ORACLE: &str = r#"{"docs_folder":"linkwan","product_code":"LinkWAN","version":"2019-03-01","apis":{
        "Documented": {"version":"2019-03-01","request":[{"name":"Id","kind":"string"}],
                 "response":{"RequestId":"string","Items":[{"Name":"string"}]}},
        "Misplaced": {"version":"2019-03-01","request":[{"name":"Id","kind":"string"},{"name":"Tag.N.Key","kind":"string"}],
                 "response":{"RequestId":"string","Data":{"Detail":{"Name":"string"}},"Rules":{"Rule":[{"RuleId":"string"}]}}}}}"#;

    #[test]
    fn judged_precision_counts_only_the_readers_own_extras() {
        let oracles = BTreeMap::from([(
            "linkwan".to_string(),
            oracle::parse("linkwan.json", JUDGED_ORACLE).unwrap(),
        )]);
        let with = |mut parent: Member, members: Vec<Member>| {
            parent.members = members;
            parent
        };
        let list = || Type::Array(Box::new(Type::Struct));
        // The page documents `Note`, `Url` and `Total` (its JSON example shows `Total`); the
        // SDK has none of them.
        let mut documented = spec(
            "linkwan/Documented/2021_a.md",
            "Documented",
            "2019-03-01",
            vec![param("Id", Type::String), param("Note", Type::String)],
            vec![
                field("RequestId", Type::String),
                with(field("Items", list()), vec![field("Name", Type::String)]),
                field("Url", Type::String),
                field("Total", Type::Integer),
            ],
        );
        documented.examples.json = Some(r#"{"RequestId": "r", "Total": 1}"#.into());
        // The reader put `Key` under `Config` and `Name` at the root, and read `Rules` without
        // the SDK's `Rule` level.
        let misplaced = spec(
            "linkwan/Misplaced/2021_b.md",
            "Misplaced",
            "2019-03-01",
            vec![
                param("Id", Type::String),
                with(param("Tag", list()), vec![field("Key", Type::String)]),
                with(
                    param("Config", Type::Struct),
                    vec![field("Key", Type::String)],
                ),
            ],
            vec![
                field("RequestId", Type::String),
                with(
                    field("Data", Type::Struct),
                    vec![with(
                        field("Detail", Type::Struct),
                        vec![field("Name", Type::String)],
                    )],
                ),
                field("Name", Type::String),
                with(field("Rules", list()), vec![field("RuleId", Type::String)]),
            ],
        );
        let m = measure(
            &[documented, misplaced],
            &BTreeMap::new(),
            &BTreeMap::new(),
            &oracles,
        );
        let sides = |name: &str| {
            let api = m.apis.iter().find(|a| a.name == name).unwrap();
            (api.request.clone().unwrap(), api.response.clone().unwrap())
        };
        let cause_list = |side: &SideComparison| {
            side.extra
                .iter()
                .map(|n| (n.clone(), side.causes[n]))
                .collect::<Vec<_>>()
        };

        // Extras that are the page's word lower raw precision, not judged precision.
        let (request, response) = sides("Documented");
        assert_eq!(
            cause_list(&request),
            [("Note".to_string(), causes::Cause::UnknownToSdk)]
        );
        assert_eq!(
            cause_list(&response),
            [
                ("Total".to_string(), causes::Cause::ExampleShows),
                ("Url".to_string(), causes::Cause::UnknownToSdk)
            ]
        );
        assert_eq!(request.tally.precision(), Some(0.5));
        assert_eq!(request.tally.judged_precision(), Some(1.0));
        assert_eq!(response.tally.precision(), Some(0.6));
        assert_eq!(response.tally.judged_precision(), Some(1.0));

        // Extras the reader misplaced lower both alike.
        let (request, response) = sides("Misplaced");
        assert_eq!(
            cause_list(&request),
            [("Config.Key".to_string(), causes::Cause::Elsewhere)]
        );
        assert_eq!(
            cause_list(&response),
            [
                ("Name".to_string(), causes::Cause::Elsewhere),
                ("Rules[].RuleId".to_string(), causes::Cause::ListWrapper)
            ]
        );
        assert_eq!(request.tally.precision(), Some(2.0 / 3.0));
        assert_eq!(request.tally.judged_precision(), Some(2.0 / 3.0));
        assert_eq!(response.tally.precision(), Some(5.0 / 7.0));
        assert_eq!(response.tally.judged_precision(), Some(5.0 / 7.0));

        // In total: 3 matched request names, one extra each way; 8 matched paths, two each way.
        let total = m.total();
        assert_eq!(
            (
                total.request.matched,
                total.request.extra,
                total.request.page_extra
            ),
            (3, 2, 1)
        );
        assert_eq!(total.request.precision(), Some(0.6));
        assert_eq!(total.request.judged_precision(), Some(0.75));
        assert_eq!(
            (
                total.response.matched,
                total.response.extra,
                total.response.page_extra
            ),
            (8, 4, 2)
        );
        assert_eq!(total.response.precision(), Some(8.0 / 12.0));
        assert_eq!(total.response.judged_precision(), Some(0.8));
        assert_eq!(m.by_product()["linkwan"], total);

        let json: serde_json::Value = serde_json::from_str(&report::json(&m)).unwrap();
        assert_eq!(
            json["total"]["request"]["judged_precision"],
            serde_json::json!(0.75)
        );
        assert_eq!(
            json["products"]["linkwan"]["response"]["judged_precision"],
            serde_json::json!(0.8)
        );
        assert_eq!(
            json["products"]["linkwan"]["response"]["precision"],
            serde_json::json!(0.6667)
        );
        assert_eq!(
            json["apis"][0]["request"]["tally"]["judged_precision"],
            serde_json::json!(1.0)
        );
    }

    const ROA_ORACLE: &str = r#"{"docs_folder":"elasticsearch","product_code":"elasticsearch","version":"2017-06-13","apis":{
        "UpdateDicts": {"method":"PUT","path":"/openapi/instances/[InstanceId]/dict","req_body_type":"json","request":[
            {"name":"InstanceId","position":"Path","kind":"string","required":true},
            {"name":"clientToken","position":"Query","kind":"string","required":false},
            {"name":"body","position":"Body","kind":"string","required":false,"whole_body":true}],
          "response":{"RequestId":"string"}},
        "CreateStream": {"method":"POST","path":"/streams","req_body_type":"json","request":[
            {"name":"body","position":"Body","kind":"string","required":false,"whole_body":true}],
          "response":{"RequestId":"string"}},
        "Restart": {"method":"POST","path":"/openapi/instances/[InstanceId]/actions/restart","req_body_type":"json","request":[
            {"name":"InstanceId","position":"Path","kind":"string","required":true},
            {"name":"force","position":"Body","kind":"boolean","required":false},
            {"name":"nodes","position":"Body","kind":"json","required":false,"shape":[{"host":"string"}]}],
          "response":{"RequestId":"string"}}}}"#;

    fn roa(mut spec: OperationSpec, method: HttpMethod, path: &str) -> OperationSpec {
        spec.product = "elasticsearch".into();
        spec.http = HttpBinding {
            style: Style::Roa,
            method,
            path: Some(path.into()),
            body: BodyEncoding::Json,
        };
        spec
    }

    fn located(name: &str, ty: Type, location: Location) -> Member {
        let mut m = param(name, ty);
        m.location = Some(location);
        m
    }

    #[test]
    fn roa_method_path_and_positions_are_compared_and_the_payload_is_body() {
        let oracles = BTreeMap::from([(
            "elasticsearch".to_string(),
            oracle::parse("elasticsearch.json", ROA_ORACLE).unwrap(),
        )]);
        let mut body = located("body", Type::Struct, Location::Body);
        body.payload = true;
        body.members = vec![field("dicts", Type::Array(Box::new(Type::String)))];
        let update = roa(
            spec(
                "elasticsearch/UpdateDicts/2021_a.md",
                "UpdateDicts",
                "2017-06-13",
                vec![
                    located("InstanceId", Type::String, Location::Path),
                    located("clientToken", Type::String, Location::Query),
                    body,
                ],
                vec![field("RequestId", Type::String)],
            ),
            HttpMethod::Put,
            "/openapi/instances/{InstanceId}/dict",
        );
        // An older page without 位置: `force` read as a query parameter; the page offers PATCH.
        // `nodes` is one JSON value in the body, not the flattened `nodes.N.host`.
        let mut nodes = located("nodes", Type::Array(Box::new(Type::Struct)), Location::Body);
        nodes.members = vec![field("host", Type::String)];
        let restart = roa(
            spec(
                "elasticsearch/Restart/2019_b.md",
                "Restart",
                "2017-06-13",
                vec![
                    located("InstanceId", Type::String, Location::Path),
                    located("force", Type::Boolean, Location::Query),
                    nodes,
                ],
                vec![field("RequestId", Type::String)],
            ),
            HttpMethod::Patch,
            "/openapi/instances/[InstanceId]/actions/restart",
        );
        // The page lists the body's fields; the SDK takes the whole body as one text.
        let create = roa(
            spec(
                "elasticsearch/CreateStream/2021_c.md",
                "CreateStream",
                "2017-06-13",
                vec![
                    located("name", Type::String, Location::Body),
                    located("size", Type::Integer, Location::Body),
                ],
                vec![field("RequestId", Type::String)],
            ),
            HttpMethod::Post,
            "/streams",
        );
        let m = measure(
            &[update, restart, create],
            &BTreeMap::new(),
            &BTreeMap::new(),
            &oracles,
        );
        let total = m.total();
        assert_eq!(total.compared, 3);
        // The payload matches the oracle's `body`, its kind agrees, and it sits in the body.
        assert_eq!(
            (
                total.request.matched,
                total.request.missing,
                total.request.extra,
                total.request.agree
            ),
            (7, 0, 0, 7)
        );
        assert_eq!(total.method, Agreement { agree: 2, total: 3 });
        assert_eq!(total.path, Agreement { agree: 3, total: 3 });
        assert_eq!(total.position, Agreement { agree: 6, total: 7 });
        let restart = m.apis.iter().find(|a| a.name == "Restart").unwrap();
        let binding = restart.binding.as_ref().unwrap();
        let method = binding.method.as_ref().unwrap();
        assert_eq!(
            (method.spec.as_str(), method.oracle.as_str()),
            ("PATCH", "POST")
        );
        assert_eq!(binding.disagreements.len(), 1);
        assert_eq!(
            (
                binding.disagreements[0].name.as_str(),
                binding.disagreements[0].spec.as_str(),
                binding.disagreements[0].oracle.as_str()
            ),
            ("force", "query", "Body")
        );
        let update = m.apis.iter().find(|a| a.name == "UpdateDicts").unwrap();
        assert!(update.binding.as_ref().unwrap().is_clean());

        let text = report::misses(&m);
        assert!(text.contains("elasticsearch/Restart 2017-06-13"), "{text}");
        assert!(text.contains("method (spec PATCH, oracle POST)"), "{text}");
        assert!(
            text.contains("request position (1): force (spec query, oracle Body)"),
            "{text}"
        );
        assert!(!text.contains("elasticsearch/UpdateDicts 2017"), "{text}");
        let json: serde_json::Value = serde_json::from_str(&report::json(&m)).unwrap();
        assert_eq!(json["total"]["position"]["total"], 7);
        assert_eq!(json["products"]["elasticsearch"]["method"]["agree"], 2);
        assert_eq!(json["apis"][1]["binding"]["method"]["oracle"], "POST");
    }

    #[test]
    fn rpc_positions_read_an_oracle_body_as_a_form_field() {
        let text = r#"{"docs_folder":"vpn","product_code":"Vpc","version":"2016-04-28","apis":{
            "CreateA": {"method":"POST","request":[{"name":"RegionId","kind":"string","position":"Query"},
                {"name":"Config","kind":"string","position":"Body"},{"name":"Tag.N.Key","kind":"string","position":"Body"},
                {"name":"Note","kind":"string"}],"response":{}}}}"#;
        let oracles =
            BTreeMap::from([("vpn".to_string(), oracle::parse("vpn.json", text).unwrap())]);
        let mut tag = located("Tag", Type::Array(Box::new(Type::Struct)), Location::Query);
        tag.members = vec![field("Key", Type::String)];
        let specs = vec![spec(
            "vpn/CreateA/2021_a.md",
            "CreateA",
            "2016-04-28",
            vec![
                located("RegionId", Type::String, Location::Query),
                located("Config", Type::String, Location::Form),
                tag,
                located("Note", Type::String, Location::Form),
            ],
            vec![],
        )];
        let m = measure(&specs, &BTreeMap::new(), &BTreeMap::new(), &oracles);
        let total = m.total();
        assert_eq!(total.method, Agreement { agree: 1, total: 1 });
        // An RPC oracle has no path; `Note` has no oracle position.
        assert_eq!(total.path, Agreement::default());
        assert_eq!(total.position, Agreement { agree: 2, total: 3 });
        let binding = m.apis[0].binding.as_ref().unwrap();
        assert_eq!(binding.disagreements[0].name, "Tag.N.Key");
        assert_eq!(binding.disagreements[0].oracle, "Body (form)");
        assert_eq!(total.request.agree, 4);
    }
}
