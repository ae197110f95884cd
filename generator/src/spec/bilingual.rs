//! One spec from an API's Chinese and English pages.
//!
//! Alibaba documents most APIs twice, and the two pages are revised apart: half the time the
//! English one is the newer. The structure (member names, types, required flags, positions,
//! nesting, the HTTP binding and the examples) comes from the newer page, the other page
//! cross-checks it, and every text is kept in both languages:
//!
//! - members pair by name, case aside: translation lowercases names (`Domainname`), so where
//!   both pages name a member the Chinese spelling is the spec's;
//! - each member, documented value and error code keeps the Chinese page's description in
//!   `description` and the English page's in `description_en`;
//! - documented values and error codes are the union of both pages (values paired case aside);
//! - a member only one page has, or paired members whose type, required flag or position
//!   differ, is a [`Disagreement`]: the newer page's word stands, and the pipeline reports it
//!   as a warning naming both pages.
//!
//! Decisions the build stage takes from names (the client's region, the idempotency token) are
//! taken again on the merged members, and paging names follow the merged spelling.

use std::fmt;

use super::build;
use super::model::{
    DocumentedValue, ErrorCode, Examples, Member, OperationSpec, Pagination, StructureFrom, Type,
};

/// What two pages of one API disagree on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A member only one page has.
    Name,
    /// A member both pages name, spelled with different case (translation damage; the Chinese
    /// spelling is kept whichever page is newer).
    Case,
    /// A member's type.
    Type,
    /// A member's required flag.
    Required,
    /// A top-level request member's position (query, path, body…).
    Position,
    /// The HTTP binding: method, path template or body encoding.
    Binding,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 6] = [
        Kind::Name,
        Kind::Case,
        Kind::Type,
        Kind::Required,
        Kind::Position,
        Kind::Binding,
    ];

    /// The diagnostic code of a disagreement of this kind.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Name => "languages-differ-name",
            Kind::Case => "languages-differ-case",
            Kind::Type => "languages-differ-type",
            Kind::Required => "languages-differ-required",
            Kind::Position => "languages-differ-position",
            Kind::Binding => "languages-differ-binding",
        }
    }

    /// A short word for tables.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Name => "name",
            Kind::Case => "case",
            Kind::Type => "type",
            Kind::Required => "required",
            Kind::Position => "position",
            Kind::Binding => "binding",
        }
    }
}

/// Which member list a disagreement is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// Request parameters.
    Request,
    /// Response fields.
    Response,
    /// The operation itself (its binding).
    Operation,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Request => "request",
            Side::Response => "response",
            Side::Operation => "operation",
        })
    }
}

/// One thing the Chinese and English pages of an API say differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    /// What differs.
    pub kind: Kind,
    /// Where.
    pub side: Side,
    /// Member names from the top of the request or response, as the merged spec spells them
    /// (empty for the binding).
    pub path: Vec<String>,
    /// What the Chinese page says (`absent` when it lacks the member).
    pub chinese: String,
    /// What the English page says.
    pub english: String,
    /// Which page was newer, and so gave the spec its structure.
    pub newer: StructureFrom,
}

impl Disagreement {
    /// What the newer page says, which the spec took.
    pub fn newer_says(&self) -> &str {
        match self.newer {
            StructureFrom::English => &self.english,
            StructureFrom::Source => &self.chinese,
        }
    }
}

/// Text of a side that lacks a member.
pub const ABSENT: &str = "absent";

/// True when the English page is the newer of the two, so gives the structure. Equal dates, or
/// a page without one, leave it to the Chinese page.
pub fn english_is_newer(chinese: &OperationSpec, english: &OperationSpec) -> bool {
    match (&chinese.source.revision, &english.source.revision) {
        (Some(zh), Some(en)) => en > zh,
        (None, Some(_)) => true,
        _ => false,
    }
}

/// Merges the specs read from an API's Chinese page and its English page into one, and lists
/// what they disagree on.
pub fn merge(chinese: OperationSpec, english: OperationSpec) -> (OperationSpec, Vec<Disagreement>) {
    let newer = if english_is_newer(&chinese, &english) {
        StructureFrom::English
    } else {
        StructureFrom::Source
    };
    let mut found = Vec::new();
    let (base, other) = match newer {
        StructureFrom::English => (&english, &chinese),
        StructureFrom::Source => (&chinese, &english),
    };
    // The JSON response example the merged spec keeps arbitrates a response member typed as a
    // list on one page and as one value on the other.
    let example = base
        .examples
        .json
        .as_ref()
        .or(other.examples.json.as_ref())
        .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok());
    let mut merging = Merging {
        newer,
        found: &mut found,
        example: example.as_ref(),
    };
    let request = merging.members(&base.request, &other.request, Side::Request, &[]);
    let response = merging.members(&base.response, &other.response, Side::Response, &[]);
    if base.http != other.http {
        let (zh, en) = (binding_text(&chinese), binding_text(&english));
        if zh != en {
            found.push(Disagreement {
                kind: Kind::Binding,
                side: Side::Operation,
                path: Vec::new(),
                chinese: zh,
                english: en,
                newer,
            });
        }
    }
    let mut spec = OperationSpec {
        name: chinese.name.clone(),
        product: chinese.product.clone(),
        version: chinese.version.clone(),
        summary: chinese.summary.clone(),
        description: chinese.description.clone(),
        summary_en: english.summary.clone(),
        description_en: english.description.clone(),
        source: chinese.source.clone(),
        source_en: Some(english.source.clone()),
        structure: newer,
        http: base.http.clone(),
        endpoint: base.endpoint.clone().or_else(|| other.endpoint.clone()),
        request,
        response,
        pagination: base.pagination.clone(),
        idempotency: base.idempotency.clone(),
        waiters: Vec::new(),
        errors: errors(&chinese.errors, &english.errors),
        examples: examples(&base.examples, &other.examples),
    };
    if let Some(pagination) = &mut spec.pagination {
        respell_paging(pagination, &spec.request, &spec.response);
    }
    build::settle_name_decisions(&mut spec);
    (spec, found)
}

/// The binding as one line, for a disagreement's two sides.
fn binding_text(spec: &OperationSpec) -> String {
    let mut text = format!("{:?} {}", spec.http.style, spec.http.method.as_str());
    if let Some(path) = &spec.http.path {
        text.push(' ');
        text.push_str(path);
    }
    if spec.http.body != super::model::BodyEncoding::None {
        text.push_str(&format!(" body {:?}", spec.http.body));
    }
    text.to_ascii_lowercase()
}

struct Merging<'a> {
    newer: StructureFrom,
    found: &'a mut Vec<Disagreement>,
    example: Option<&'a serde_json::Value>,
}

impl Merging<'_> {
    /// Merges the newer page's members (`base`) with the older page's (`other`) at `parent`.
    fn members(
        &mut self,
        base: &[Member],
        other: &[Member],
        side: Side,
        parent: &[String],
    ) -> Vec<Member> {
        // (Chinese, English) words for a member only the newer page has; the older page's
        // are the reverse.
        let newer_only = match self.newer {
            StructureFrom::English => (ABSENT, "present"),
            StructureFrom::Source => ("present", ABSENT),
        };
        let mut used = vec![false; other.len()];
        let mut out = Vec::with_capacity(base.len());
        for b in base {
            let partner = partner_of(&b.name, other, &used);
            let Some(index) = partner else {
                let (zh, en) = newer_only;
                self.push(Kind::Name, side, path(parent, &b.name), zh, en);
                out.push(self.lone(b));
                continue;
            };
            used[index] = true;
            out.push(self.pair(b, &other[index], side, parent));
        }
        for (o, used) in other.iter().zip(used) {
            if !used {
                let (en, zh) = newer_only;
                self.push(Kind::Name, side, path(parent, &o.name), zh, en);
            }
        }
        out
    }

    /// A member only the newer page has: its text goes to the field of its page's language.
    fn lone(&self, member: &Member) -> Member {
        let mut member = member.clone();
        if self.newer == StructureFrom::English {
            move_to_english(&mut member);
        }
        member
    }

    fn pair(&mut self, b: &Member, o: &Member, side: Side, parent: &[String]) -> Member {
        let (zh, en) = match self.newer {
            StructureFrom::English => (o, b),
            StructureFrom::Source => (b, o),
        };
        let here = path(parent, &zh.name);
        if zh.name != en.name {
            self.push(Kind::Case, side, here.clone(), &zh.name, &en.name);
        }
        if zh.ty != en.ty {
            self.push(
                Kind::Type,
                side,
                here.clone(),
                &zh.ty.to_string(),
                &en.ty.to_string(),
            );
        }
        if side == Side::Request && zh.required != en.required {
            self.push(
                Kind::Required,
                side,
                here.clone(),
                required_text(zh.required),
                required_text(en.required),
            );
        }
        if zh.location != en.location {
            self.push(
                Kind::Position,
                side,
                here.clone(),
                &location_text(zh),
                &location_text(en),
            );
        }
        let members = self.members(&b.members, &o.members, side, &here);
        let ty = match (side, self.example_shows_list(&here)) {
            (Side::Response, Some(list)) if is_list(&b.ty) != list && is_list(&o.ty) == list => {
                o.ty.clone()
            }
            _ => b.ty.clone(),
        };
        Member {
            name: zh.name.clone(),
            ty,
            shape: None,
            location: b.location,
            payload: b.payload,
            required: b.required,
            from_client: b.from_client,
            example: b.example.clone().or_else(|| o.example.clone()),
            description: zh.description.clone(),
            description_en: en.description.clone(),
            values: values(&b.values, &o.values, self.newer),
            // A format is read from the description's words; the other page's wording may be
            // the one that says it (`毫秒时间戳` where the English says "The start time").
            format: b.format.or(o.format.filter(|f| f.fits(&b.ty))),
            // Either page calling it a secret is reason enough to keep it out of logs.
            sensitive: b.sensitive || o.sensitive,
            members,
        }
    }

    /// Whether the response example shows a list at `path` (`None`: it does not show the
    /// member). Lists on the way are looked into through their first item.
    fn example_shows_list(&self, path: &[String]) -> Option<bool> {
        let mut value = self.example?;
        for segment in path {
            while let serde_json::Value::Array(items) = value {
                value = items.first()?;
            }
            value = value.as_object()?.get(segment)?;
        }
        match value {
            serde_json::Value::Null => None,
            v => Some(v.is_array()),
        }
    }

    fn push(&mut self, kind: Kind, side: Side, path: Vec<String>, zh: &str, en: &str) {
        self.found.push(Disagreement {
            kind,
            side,
            path,
            chinese: zh.to_string(),
            english: en.to_string(),
            newer: self.newer,
        });
    }
}

fn is_list(ty: &Type) -> bool {
    matches!(ty, Type::Array(_))
}

/// The unused member of `others` named `name`: spelled the same, else the only one spelled so
/// case and surrounding spaces aside.
fn partner_of(name: &str, others: &[Member], used: &[bool]) -> Option<usize> {
    let free = |i: &usize| !used[*i];
    if let Some(i) = (0..others.len())
        .filter(free)
        .find(|&i| others[i].name == name)
    {
        return Some(i);
    }
    // Translation also leaves stray spaces around names (`Regionid `).
    let mut close = (0..others.len())
        .filter(free)
        .filter(|&i| others[i].name.trim().eq_ignore_ascii_case(name.trim()));
    match (close.next(), close.next()) {
        (Some(i), None) => Some(i),
        _ => None,
    }
}

fn path(parent: &[String], name: &str) -> Vec<String> {
    let mut path = parent.to_vec();
    path.push(name.to_string());
    path
}

fn required_text(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

fn location_text(member: &Member) -> String {
    member.location.map_or_else(
        || "none".to_string(),
        |l| format!("{l:?}").to_ascii_lowercase(),
    )
}

/// Moves a member's texts (and its values' and members') from the page's fields to the
/// English ones: it was read from an English page with no Chinese partner.
fn move_to_english(member: &mut Member) {
    member.description_en = std::mem::take(&mut member.description);
    for value in &mut member.values {
        value.description_en = std::mem::take(&mut value.description);
    }
    for child in &mut member.members {
        move_to_english(child);
    }
}

/// The union of both pages' documented values, the newer page's order first; values pair case
/// aside and keep the Chinese spelling.
fn values(
    base: &[DocumentedValue],
    other: &[DocumentedValue],
    newer: StructureFrom,
) -> Vec<DocumentedValue> {
    let english_base = newer == StructureFrom::English;
    let mut out: Vec<DocumentedValue> = Vec::with_capacity(base.len().max(other.len()));
    let mut used = vec![false; other.len()];
    for b in base {
        let partner = other
            .iter()
            .enumerate()
            .find(|(i, o)| !used[*i] && o.value == b.value)
            .or_else(|| {
                other
                    .iter()
                    .enumerate()
                    .find(|(i, o)| !used[*i] && o.value.eq_ignore_ascii_case(&b.value))
            })
            .map(|(i, _)| i);
        let value = match partner {
            Some(i) => {
                used[i] = true;
                let o = &other[i];
                let (zh, en) = if english_base { (o, b) } else { (b, o) };
                DocumentedValue {
                    value: zh.value.clone(),
                    description: zh.description.clone(),
                    description_en: en.description.clone(),
                }
            }
            None => one_language(b, english_base),
        };
        out.push(value);
    }
    for (o, used) in other.iter().zip(used) {
        if !used
            && !out
                .iter()
                .any(|v: &DocumentedValue| v.value.eq_ignore_ascii_case(&o.value))
        {
            out.push(one_language(o, !english_base));
        }
    }
    out
}

fn one_language(value: &DocumentedValue, english: bool) -> DocumentedValue {
    if english {
        DocumentedValue {
            value: value.value.clone(),
            description: String::new(),
            description_en: value.description.clone(),
        }
    } else {
        value.clone()
    }
}

/// The union of both pages' error codes, the Chinese page's order first.
fn errors(chinese: &[ErrorCode], english: &[ErrorCode]) -> Vec<ErrorCode> {
    let mut out: Vec<ErrorCode> = chinese.to_vec();
    for en in english {
        let same = out
            .iter()
            .position(|e| e.code == en.code && e.description_en.is_empty());
        let known = out.iter().any(|e| e.code == en.code);
        match same {
            Some(i) => {
                let e = &mut out[i];
                e.description_en = en.description.clone();
                if e.message.is_empty() {
                    e.message = en.message.clone();
                }
                if e.http_status.is_none() {
                    e.http_status = en.http_status;
                }
            }
            None if known => {}
            None => out.push(ErrorCode {
                code: en.code.clone(),
                http_status: en.http_status,
                message: en.message.clone(),
                description: String::new(),
                description_en: en.description.clone(),
            }),
        }
    }
    out
}

/// The newer page's examples, each kind the newer page lacks from the older.
fn examples(base: &Examples, other: &Examples) -> Examples {
    Examples {
        request: base.request.clone().or_else(|| other.request.clone()),
        json: base.json.clone().or_else(|| other.json.clone()),
        xml: base.xml.clone().or_else(|| other.xml.clone()),
        error_json: base.error_json.clone().or_else(|| other.error_json.clone()),
    }
}

/// Paging names a member by the spelling of the page it was read from; after merging, the
/// spec's spelling.
fn respell_paging(pagination: &mut Pagination, request: &[Member], response: &[Member]) {
    let respell_top = |name: &mut String, members: &[Member]| {
        if let Some(m) = members
            .iter()
            .find(|m| m.name != *name && m.name.eq_ignore_ascii_case(name))
        {
            *name = m.name.clone();
        }
    };
    respell_top(&mut pagination.input, request);
    if let Some(size) = &mut pagination.size {
        respell_top(size, request);
    }
    for dotted in [
        Some(&mut pagination.items),
        pagination.total.as_mut(),
        pagination.next.as_mut(),
    ]
    .into_iter()
    .flatten()
    {
        *dotted = respell_dotted(dotted, response);
    }
}

/// `Instances.instance` → `Instances.Instance` when the members are so spelled; segments not
/// found are left as written (`Headers.X-Total-Count`).
fn respell_dotted(dotted: &str, members: &[Member]) -> String {
    let mut level = members;
    let mut out = Vec::new();
    for segment in dotted.split('.') {
        match level.iter().find(|m| m.name.eq_ignore_ascii_case(segment)) {
            Some(m) => {
                out.push(m.name.clone());
                level = &m.members;
            }
            None => {
                out.push(segment.to_string());
                level = &[];
            }
        }
    }
    out.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::model::{
        BodyEncoding, HttpBinding, HttpMethod, Idempotency, Location, PagingStyle, Source, Style,
        Type,
    };

    fn spec(page: &str, revision: &str, request: Vec<Member>) -> OperationSpec {
        OperationSpec {
            name: "DescribeThings".into(),
            product: "X".into(),
            version: "2020-01-01".into(),
            summary: format!("summary of {page}"),
            description: String::new(),
            summary_en: String::new(),
            description_en: String::new(),
            source: Source {
                page: page.into(),
                revision: Some(revision.into()),
            },
            source_en: None,
            structure: StructureFrom::Source,
            http: HttpBinding {
                style: Style::Rpc,
                method: HttpMethod::Post,
                path: None,
                body: BodyEncoding::None,
            },
            endpoint: None,
            request,
            response: Vec::new(),
            pagination: None,
            idempotency: Idempotency::None,
            waiters: Vec::new(),
            errors: Vec::new(),
            examples: Examples::default(),
        }
    }

    fn member(name: &str, ty: Type, description: &str) -> Member {
        let mut m = Member::new(name, ty);
        m.location = Some(Location::Query);
        m.description = description.into();
        m
    }

    fn value(v: &str, description: &str) -> DocumentedValue {
        DocumentedValue {
            value: v.into(),
            description: description.into(),
            description_en: String::new(),
        }
    }

    #[test]
    fn the_newer_page_gives_the_structure_and_the_chinese_names_stay() {
        let zh = spec(
            "x/DescribeThings/2020-01-01_a.md",
            "2020-01-01",
            vec![
                member("DomainName", Type::String, "域名"),
                member("Retired", Type::String, "旧参数"),
            ],
        );
        let mut en = spec(
            "x/DescribeThings/2021-01-01_b.md",
            "2021-01-01",
            vec![
                member("Domainname", Type::String, "The domain."),
                member("Added", Type::Integer, "A new one."),
            ],
        );
        en.name = "Describethings".into();
        let (merged, found) = merge(zh, en);
        assert_eq!(merged.name, "DescribeThings");
        assert_eq!(merged.structure, StructureFrom::English);
        assert_eq!(
            merged.summary,
            "summary of x/DescribeThings/2020-01-01_a.md"
        );
        assert_eq!(
            merged.summary_en,
            "summary of x/DescribeThings/2021-01-01_b.md"
        );
        let names: Vec<_> = merged.request.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["DomainName", "Added"]);
        assert_eq!(merged.request[0].description, "域名");
        assert_eq!(merged.request[0].description_en, "The domain.");
        // Only the English page has it: its text is English.
        assert_eq!(merged.request[1].description, "");
        assert_eq!(merged.request[1].description_en, "A new one.");
        let kinds: Vec<_> = found
            .iter()
            .map(|d| {
                (
                    d.kind,
                    d.path.join("."),
                    d.chinese.as_str(),
                    d.english.as_str(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                (Kind::Case, "DomainName".into(), "DomainName", "Domainname"),
                (Kind::Name, "Added".into(), ABSENT, "present"),
                (Kind::Name, "Retired".into(), "present", ABSENT),
            ]
        );
        assert!(found.iter().all(|d| d.newer == StructureFrom::English));
    }

    #[test]
    fn type_required_and_position_differences_are_listed_and_the_newer_wins() {
        let mut a = member("PageSize", Type::Integer, "页大小");
        a.required = true;
        let mut b = member("PageSize", Type::Long, "Page size.");
        b.location = Some(Location::Body);
        let zh = spec("x/A/2021-05-01_a.md", "2021-05-01", vec![a]);
        let en = spec("x/A/2020-05-01_b.md", "2020-05-01", vec![b]);
        let (merged, found) = merge(zh, en);
        assert_eq!(merged.structure, StructureFrom::Source);
        assert_eq!(merged.request[0].ty, Type::Integer);
        assert!(merged.request[0].required);
        let kinds: Vec<_> = found.iter().map(|d| d.kind).collect();
        assert_eq!(kinds, [Kind::Type, Kind::Required, Kind::Position]);
        assert_eq!(found[0].newer_says(), "integer");
    }

    #[test]
    fn the_response_example_tells_a_list_from_one_value() {
        let zh = spec("x/A/2020-05-01_a.md", "2020-05-01", vec![]);
        let en = spec("x/A/2021-05-01_b.md", "2021-05-01", vec![]);
        let (mut zh, mut en) = (zh, en);
        let mut list = Member::new("Stats", Type::Array(Box::new(Type::Struct)));
        list.members = vec![Member::new("Count", Type::Integer)];
        let mut one = Member::new("Stats", Type::Struct);
        one.members = vec![Member::new("Count", Type::Integer)];
        zh.response = vec![list];
        en.response = vec![one];
        en.examples.json = Some(r#"{"Stats": [{"Count": 1}]}"#.into());
        let (merged, found) = merge(zh.clone(), en.clone());
        // The newer English page says one value; its own example shows a list.
        assert_eq!(merged.response[0].ty, Type::Array(Box::new(Type::Struct)));
        assert_eq!(found[0].kind, Kind::Type);
        en.examples.json = Some(r#"{"Stats": {"Count": 1}}"#.into());
        let (merged, _) = merge(zh, en);
        assert_eq!(merged.response[0].ty, Type::Struct);
    }

    #[test]
    fn values_and_errors_are_the_union_of_both_pages() {
        let mut a = member("Status", Type::String, "状态");
        a.values = vec![value("Running", "运行中"), value("Stopped", "已停止")];
        let mut b = member("Status", Type::String, "The state.");
        b.values = vec![value("running", "Running."), value("Pending", "Starting.")];
        let mut zh = spec("x/A/2021-05-01_a.md", "2021-05-01", vec![a]);
        let mut en = spec("x/A/2020-05-01_b.md", "2020-05-01", vec![b]);
        zh.errors = vec![ErrorCode {
            code: "Forbidden".into(),
            http_status: Some(403),
            message: "No.".into(),
            description: "无权限".into(),
            description_en: String::new(),
        }];
        en.errors = vec![
            ErrorCode {
                code: "Forbidden".into(),
                http_status: Some(403),
                message: "No.".into(),
                description: "You may not.".into(),
                description_en: String::new(),
            },
            ErrorCode {
                code: "Throttling".into(),
                http_status: None,
                message: "Slow down.".into(),
                description: "Too many calls.".into(),
                description_en: String::new(),
            },
        ];
        let (merged, _) = merge(zh, en);
        let values = &merged.request[0].values;
        assert_eq!(
            values,
            &[
                DocumentedValue {
                    value: "Running".into(),
                    description: "运行中".into(),
                    description_en: "Running.".into(),
                },
                value("Stopped", "已停止"),
                DocumentedValue {
                    value: "Pending".into(),
                    description: String::new(),
                    description_en: "Starting.".into(),
                },
            ]
        );
        assert_eq!(merged.errors.len(), 2);
        assert_eq!(merged.errors[0].description, "无权限");
        assert_eq!(merged.errors[0].description_en, "You may not.");
        assert_eq!(merged.errors[1].description, "");
        assert_eq!(merged.errors[1].description_en, "Too many calls.");
    }

    #[test]
    fn paging_and_name_decisions_follow_the_merged_spelling() {
        let mut since = member("StartTime", Type::Long, "毫秒时间戳");
        since.format = Some(crate::spec::model::Format::UnixMillis);
        let zh_members = vec![
            since,
            member("PageNumber", Type::Integer, "页码"),
            member("RegionId", Type::String, "地域"),
            member("ClientToken", Type::String, "幂等"),
        ];
        let en_members = vec![
            member("StartTime", Type::Long, "The start time."),
            member("Pagenumber", Type::Integer, "Page."),
            member("Regionid", Type::String, "Region."),
            member("Clienttoken", Type::String, "Token."),
        ];
        let zh = spec("x/A/2020-05-01_a.md", "2020-05-01", zh_members);
        let mut en = spec("x/A/2021-05-01_b.md", "2021-05-01", en_members);
        let mut items = Member::new("Things", Type::Struct);
        items.members = vec![Member::new("thing", Type::Array(Box::new(Type::Struct)))];
        en.response = vec![items.clone()];
        en.pagination = Some(Pagination {
            style: PagingStyle::PageNumber,
            input: "Pagenumber".into(),
            size: None,
            items: "things.thing".into(),
            total: None,
            next: None,
        });
        let (merged, _) = merge(zh, en);
        let paging = merged.pagination.unwrap();
        assert_eq!(paging.input, "PageNumber");
        assert_eq!(paging.items, "Things.thing");
        // The Chinese description said what the English did not.
        assert_eq!(
            merged.request[0].format,
            Some(crate::spec::model::Format::UnixMillis)
        );
        assert_eq!(
            merged.request[2].from_client,
            Some(crate::spec::model::ClientValue::Region)
        );
        assert_eq!(merged.idempotency, Idempotency::Token("ClientToken".into()));
    }
}
