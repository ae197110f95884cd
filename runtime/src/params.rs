//! Request parameters and how typed values flatten into them.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::error::ConfigError;
use crate::extra::Extra;
use crate::json_body::JsonBody;
use crate::request::RUNTIME_HEADERS;
use crate::service::{Body, Style};

/// One wire parameter, name and value. Both borrow from the request where they can (the
/// operation's own parameter names, string values, `true`/`false`) and own what is written for
/// this call (list item and member names, numbers), so writing a request copies no text that
/// already exists.
pub type Pair<'a> = (Cow<'a, str>, Cow<'a, str>);

/// Request parameters of one call, split by where they travel, borrowing from the request they
/// were written from.
///
/// RPC operations use [`Params::query`] and [`Params::body`]. ROA operations also use
/// [`Params::path`], [`Params::header`] and the JSON body methods ([`Params::json_member`],
/// [`Params::json_payload`], [`Params::json_text_payload`]). Both may take a region from the
/// client ([`Params::region`]) and send parameters the operation does not know
/// ([`Params::extra`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params<'a> {
    /// Sent in the URL query.
    pub query: Vec<Pair<'a>>,
    /// Form fields: sent form-encoded in the body (RPC POST, ROA form bodies). RPC GET moves
    /// them into the query; ROA never does.
    pub body: Vec<Pair<'a>>,
    /// ROA path parameters: name → raw (unescaped) value. The client percent-encodes each value
    /// into its [`PathPiece::Param`](crate::PathPiece::Param) of [`crate::Operation::STYLE`].
    pub path: Vec<Pair<'a>>,
    /// Extra request headers, sent (and signed where the scheme signs them) as given. Headers
    /// the runtime sets itself (`host`, `content-type`, `authorization`, `date`, `accept`,
    /// `user-agent` and the protocol's `x-acs-*` headers) take precedence: a parameter with one
    /// of those names is not sent.
    pub headers: Vec<Pair<'a>>,
    /// The JSON body of an ROA operation, if any; it wins over [`Params::body`] form fields.
    pub json: Option<JsonBody>,
    /// Why a value could not be written (it did not serialise to JSON, a path parameter was a
    /// list...): the call fails with this instead of sending a request without it.
    problems: Vec<String>,
    /// Indices into `query` of the region parameters left to the client ([`Params::region`]),
    /// written with an empty value until the client fills them in.
    regions: Vec<usize>,
    /// The extra parameters written ([`Params::extra`]), for the checks that depend on the
    /// request style.
    pub(crate) extra: Option<&'a Extra>,
    /// The style of the operation being written, set by the client before the operation writes
    /// its parameters: where extra body parameters go. `None` outside a call: as for RPC.
    pub(crate) style: Option<Style>,
}

impl<'a> Params<'a> {
    /// Writes `value` under `name` into the query (nothing for `None`, `Name.1`... for lists).
    pub fn query(&mut self, name: &'a str, value: impl ToWire<'a>) {
        value.into_wire(Cow::Borrowed(name), &mut self.query);
    }

    /// Writes a region parameter (`RegionId`) into the query: `value` when it is `Some`, else
    /// the client's region, filled in when the call is prepared (before signing). With neither,
    /// the call fails before anything is sent with a [`ConfigError`] of kind
    /// [`MissingRegion`](crate::ConfigErrorKind::MissingRegion) naming the parameter. So a
    /// region given once, to the client, serves every request that takes one.
    pub fn region(&mut self, name: &'static str, value: &'a Option<String>) {
        match value {
            Some(region) => self.query(name, region),
            None => {
                // A placeholder keeps the parameter where the operation wrote it.
                self.regions.push(self.query.len());
                self.query.push((Cow::Borrowed(name), Cow::Borrowed("")));
            }
        }
    }

    /// Fills the region parameters left to the client with its `region`.
    pub(crate) fn fill_region(&mut self, region: Option<&str>) -> Result<(), ConfigError> {
        for &index in &self.regions {
            let Some((name, value)) = self.query.get_mut(index) else {
                continue;
            };
            match region {
                Some(region) => *value = Cow::Owned(region.to_owned()),
                None => {
                    return Err(ConfigError::missing_region(format!(
                        "parameter {name} has no value: the request sets none and the client \
                         has no region; set a region on the client (ClientBuilder::region) or \
                         {name} on the request"
                    )))
                }
            }
        }
        self.regions.clear();
        Ok(())
    }

    /// Writes parameters the operation does not know, after its own ones (call it last): query
    /// parameters into the query; body parameters where the operation's body encoding puts
    /// them (RPC and ROA form bodies: form fields; an ROA JSON body: top-level string members;
    /// an ROA operation without a body refuses them); headers as headers. They are signed like
    /// the operation's own parameters. A name already written is refused (see [`Extra`]): the
    /// call then fails before anything is sent.
    pub fn extra(&mut self, extra: &'a Extra) {
        if extra.is_empty() {
            return;
        }
        self.extra = Some(extra);
        let unnamed = [&extra.query, &extra.body, &extra.headers]
            .iter()
            .any(|pairs| pairs.iter().any(|(name, _)| name.is_empty()));
        if unnamed {
            self.problems
                .push("an extra parameter has an empty name".to_owned());
            return;
        }
        for (name, value) in &extra.query {
            if self.has_query_or_form(name) {
                self.refuse_extra("query", name, "the request already carries one");
            } else {
                self.query.push((Cow::Borrowed(name), Cow::Borrowed(value)));
            }
        }
        let encoding = match self.style {
            Some(Style::Roa { body, .. }) => body,
            Some(Style::Rpc) | None => Body::Form,
        };
        for (name, value) in &extra.body {
            match encoding {
                Body::None => self.refuse_extra(
                    "body",
                    name,
                    "the operation sends no body (send it as an extra query parameter or header)",
                ),
                Body::Form if self.has_query_or_form(name) => {
                    self.refuse_extra("body", name, "the request already carries one");
                }
                Body::Form => self.body.push((Cow::Borrowed(name), Cow::Borrowed(value))),
                Body::Json => {
                    let members = self
                        .json
                        .get_or_insert_with(|| JsonBody::Object(BTreeMap::new()));
                    let JsonBody::Object(members) = members else {
                        self.problems.push(format!(
                            "extra body parameter {name} cannot be added: the operation sets the \
                             whole body"
                        ));
                        continue;
                    };
                    if members.contains_key(name) {
                        self.refuse_extra("body", name, "the request already carries one");
                    } else {
                        members.insert(name.clone(), serde_json::Value::String(value.clone()));
                    }
                }
            }
        }
        for (name, value) in &extra.headers {
            if !is_header_name(name) || !is_header_value(value) {
                // Caught here, with the name, rather than as a transport error at sending.
                self.refuse_extra("header", name, "it is not a valid HTTP header");
            } else if RUNTIME_HEADERS
                .iter()
                .any(|runtime| runtime.eq_ignore_ascii_case(name))
            {
                self.refuse_extra("header", name, "the client sets it");
            } else if self
                .headers
                .iter()
                .any(|(sent, _)| sent.eq_ignore_ascii_case(name))
            {
                self.refuse_extra("header", name, "the request already carries one");
            } else {
                self.headers
                    .push((Cow::Borrowed(name), Cow::Borrowed(value)));
            }
        }
    }

    /// Whether `name` is already a query or form parameter.
    fn has_query_or_form(&self, name: &str) -> bool {
        self.query
            .iter()
            .chain(&self.body)
            .any(|(sent, _)| sent == name)
    }

    fn refuse_extra(&mut self, place: &str, name: &str, why: &str) {
        self.problems
            .push(format!("extra {place} parameter {name} is refused: {why}"));
    }

    /// Writes `value` under `name` into the form body.
    pub fn body(&mut self, name: &'a str, value: impl ToWire<'a>) {
        value.into_wire(Cow::Borrowed(name), &mut self.body);
    }

    /// Sets ROA path parameter `name` to the text of `value` (raw; the client escapes it).
    /// `None` writes nothing, and the call then fails naming the parameter. A value that
    /// flattens into more than one parameter (a list, a struct) cannot fill a path segment and
    /// fails the call as well.
    pub fn path(&mut self, name: &'a str, value: impl ToWire<'a>) {
        let before = self.path.len();
        value.into_wire(Cow::Borrowed(name), &mut self.path);
        let written = self.path.len() - before;
        if written > 1 {
            self.path.truncate(before);
            self.problems.push(format!(
                "path parameter {name} has {written} values; a path segment takes one"
            ));
        } else if let Some(pair) = self.path.get_mut(before) {
            // A value written under a longer name (a struct's member) still fills `name`.
            pair.0 = Cow::Borrowed(name);
        }
    }

    /// Writes `value` under `name` into the request headers (nothing for `None`).
    pub fn header(&mut self, name: &'a str, value: impl ToWire<'a>) {
        value.into_wire(Cow::Borrowed(name), &mut self.headers);
    }

    /// Sets member `name` of the JSON object body to `value`'s JSON, unless it serialises to
    /// `null` (so `None` adds nothing). Either way the request gets a JSON object body: an
    /// operation whose body members are all unset sends `{}`.
    pub fn json_member<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(error) => {
                self.problems
                    .push(format!("body member {name} is not valid JSON: {error}"));
                return;
            }
        };
        let json = self
            .json
            .get_or_insert_with(|| JsonBody::Object(BTreeMap::new()));
        let JsonBody::Object(members) = json else {
            self.problems.push(format!(
                "body member {name} cannot be added: the whole body is already set"
            ));
            return;
        };
        if !value.is_null() {
            members.insert(name.to_owned(), value);
        }
    }

    /// Makes `value`'s JSON the whole body (a bare array, say). A value that serialises to
    /// `null` (an unset optional body) leaves the request without a body.
    pub fn json_payload<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        match serde_json::to_value(value) {
            Ok(value) if value.is_null() => {}
            Ok(value) => self.json = Some(JsonBody::Value(value)),
            Err(error) => self
                .problems
                .push(format!("the body is not valid JSON: {error}")),
        }
    }

    /// Makes `text` the whole body, sent verbatim as JSON (for a body parameter that is already
    /// JSON text).
    pub fn json_text_payload(&mut self, text: &str) {
        self.json = Some(JsonBody::Text(text.to_owned()));
    }

    /// The JSON body as it would be sent, parsed; `None` when the request has no JSON body.
    /// See [`JsonBody::to_value`] for verbatim text that is not JSON.
    pub fn json_body(&self) -> Option<serde_json::Value> {
        self.json.as_ref().map(JsonBody::to_value)
    }

    /// The first value that could not be written, if any.
    pub(crate) fn problem(&self) -> Option<&str> {
        self.problems.first().map(String::as_str)
    }
}

/// An HTTP header name: one or more token characters (RFC 9110).
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

/// An HTTP header value: no control character but tab, so no line break.
fn is_header_value(value: &str) -> bool {
    value
        .bytes()
        .all(|byte| byte == b'\t' || (byte >= 0x20 && byte != 0x7f))
}

/// A value that flattens into wire parameters under a name: scalars write `name=value`,
/// `Option` writes nothing when `None`, `Vec<T>` writes `name.1`, `name.2`..., generated structs
/// write `name.Member` for each member, `serde_json::Value` writes its JSON text, maps write
/// `name.#<len>#<key>`. Booleans are lower-case.
pub trait WireValue {
    /// Appends this value's parameters under `name`, borrowing from `self` where it can.
    fn write_to<'a>(&'a self, name: Cow<'a, str>, out: &mut Vec<Pair<'a>>);
}

/// What the [`Params`] methods take as a value: a reference to a [`WireValue`] (the request's
/// own fields, borrowed), or text made for this call and moved in (`String`, `Cow<str>`, such
/// as a fresh [`crate::client_token`]).
pub trait ToWire<'a> {
    /// Appends the parameters under `name`.
    fn into_wire(self, name: Cow<'a, str>, out: &mut Vec<Pair<'a>>);
}

impl<'a, T: WireValue + ?Sized> ToWire<'a> for &'a T {
    fn into_wire(self, name: Cow<'a, str>, out: &mut Vec<Pair<'a>>) {
        WireValue::write_to(self, name, out);
    }
}

impl<'a> ToWire<'a> for Cow<'a, str> {
    fn into_wire(self, name: Cow<'a, str>, out: &mut Vec<Pair<'a>>) {
        out.push((name, self));
    }
}

impl<'a> ToWire<'a> for String {
    fn into_wire(self, name: Cow<'a, str>, out: &mut Vec<Pair<'a>>) {
        out.push((name, Cow::Owned(self)));
    }
}

/// Joins a parent parameter name and a member name: `member("Tag.1", "Key")` is `Tag.1.Key`.
pub fn member(parent: &str, name: &str) -> String {
    let mut joined = String::with_capacity(parent.len() + 1 + name.len());
    joined.push_str(parent);
    joined.push('.');
    joined.push_str(name);
    joined
}

impl WireValue for str {
    fn write_to<'a>(&'a self, name: Cow<'a, str>, out: &mut Vec<Pair<'a>>) {
        out.push((name, Cow::Borrowed(self)));
    }
}

impl WireValue for String {
    fn write_to<'a>(&'a self, name: Cow<'a, str>, out: &mut Vec<Pair<'a>>) {
        out.push((name, Cow::Borrowed(self.as_str())));
    }
}

impl<T: WireValue + ?Sized> WireValue for &T {
    fn write_to<'a>(&'a self, name: Cow<'a, str>, out: &mut Vec<Pair<'a>>) {
        (**self).write_to(name, out);
    }
}

impl WireValue for bool {
    fn write_to<'a>(&'a self, name: Cow<'a, str>, out: &mut Vec<Pair<'a>>) {
        out.push((name, Cow::Borrowed(if *self { "true" } else { "false" })));
    }
}

// Decimal text via `Display`: integers have one spelling, and Rust's shortest round-trip float
// text (`1.5`, `100`) is what the service parses.
macro_rules! display_wire_value {
    ($($t:ty),*) => {$(
        impl WireValue for $t {
            fn write_to<'a>(&'a self, name: Cow<'a, str>, out: &mut Vec<Pair<'a>>) {
                out.push((name, Cow::Owned(self.to_string())));
            }
        }
    )*};
}
display_wire_value!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl WireValue for serde_json::Value {
    /// Json-typed parameters travel as their JSON text in one parameter. A JSON string is taken
    /// as text already written (a caller passing `"[{\"Key\":1}]"` has done the encoding; a
    /// document that is one bare string is never what such a parameter wants), so it travels as
    /// is rather than quoted again.
    fn write_to<'a>(&'a self, name: Cow<'a, str>, out: &mut Vec<Pair<'a>>) {
        let text = match self {
            serde_json::Value::String(text) => Cow::Borrowed(text.as_str()),
            other => Cow::Owned(other.to_string()),
        };
        out.push((name, text));
    }
}

impl<T: WireValue> WireValue for Option<T> {
    fn write_to<'a>(&'a self, name: Cow<'a, str>, out: &mut Vec<Pair<'a>>) {
        if let Some(value) = self {
            value.write_to(name, out);
        }
    }
}

impl<T: WireValue> WireValue for Vec<T> {
    fn write_to<'a>(&'a self, name: Cow<'a, str>, out: &mut Vec<Pair<'a>>) {
        WireValue::write_to(self.as_slice(), name, out);
    }
}

impl<T: WireValue> WireValue for [T] {
    /// Repeat lists are 1-based: `Name.1`, `Name.2`...
    fn write_to<'a>(&'a self, name: Cow<'a, str>, out: &mut Vec<Pair<'a>>) {
        for (index, item) in self.iter().enumerate() {
            let mut item_name = String::with_capacity(name.len() + 4);
            item_name.push_str(&name);
            item_name.push('.');
            push_decimal(&mut item_name, index + 1);
            item.write_to(Cow::Owned(item_name), out);
        }
    }
}

/// Appends the decimal digits of `n`.
fn push_decimal(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        // `rest % 10` is a digit, so the cast keeps it whole.
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &digit in &digits[at..] {
        out.push(char::from(digit));
    }
}

impl<T: WireValue> WireValue for BTreeMap<String, T> {
    /// Map parameters are `Name.#<len>#<key>`, the length in bytes of the key, as the official
    /// SDKs spell them.
    fn write_to<'a>(&'a self, name: Cow<'a, str>, out: &mut Vec<Pair<'a>>) {
        for (key, value) in self {
            value.write_to(Cow::Owned(format!("{name}.#{}#{key}", key.len())), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Tag {
        key: Option<String>,
        value: Option<String>,
    }

    impl WireValue for Tag {
        fn write_to<'a>(&'a self, name: Cow<'a, str>, out: &mut Vec<Pair<'a>>) {
            self.key.write_to(Cow::Owned(member(&name, "Key")), out);
            self.value.write_to(Cow::Owned(member(&name, "Value")), out);
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<Pair<'static>> {
        list.iter()
            .map(|(k, v)| (Cow::Owned(k.to_string()), Cow::Owned(v.to_string())))
            .collect()
    }

    #[test]
    fn scalars() {
        let mut p = Params::default();
        p.query("S", "a b");
        p.query("B", &true);
        p.query("F", &false);
        p.query("I", &-3i32);
        p.query("L", &1_700_000_000_000i64);
        p.query("D", &1.5f64);
        p.query("E", &100.0f32);
        let empty = Some(String::new());
        p.body("O", &None::<String>);
        p.body("P", &empty);
        assert_eq!(
            p.query,
            pairs(&[
                ("S", "a b"),
                ("B", "true"),
                ("F", "false"),
                ("I", "-3"),
                ("L", "1700000000000"),
                ("D", "1.5"),
                ("E", "100")
            ])
        );
        assert_eq!(p.body, pairs(&[("P", "")]));
    }

    #[test]
    fn lists_structs_maps_json() {
        let ids = vec!["i-1".to_string(), "i-2".to_string()];
        let tags = vec![
            Tag {
                key: Some("k".into()),
                value: Some("v".into()),
            },
            Tag {
                key: Some("k2".into()),
                value: None,
            },
        ];
        let nested = vec![vec![1i32, 2], vec![3]];
        let empty = Vec::<String>::new();
        let mut map = BTreeMap::new();
        map.insert("env".to_string(), "prod".to_string());
        map.insert("你".to_string(), "x".to_string());
        let conf = serde_json::json!({"a": [1, "b"]});
        let written = serde_json::Value::from(r#"[{"k":1}]"#);
        let mut p = Params::default();
        p.query("InstanceId", &ids);
        p.query("Tag", &tags);
        p.query("X", &nested);
        p.query("Empty", &empty);
        p.query("Labels", &map);
        p.query("Conf", &conf);
        // Text already encoded as JSON is not quoted a second time.
        p.query("Written", &written);
        assert_eq!(
            p.query,
            pairs(&[
                ("InstanceId.1", "i-1"),
                ("InstanceId.2", "i-2"),
                ("Tag.1.Key", "k"),
                ("Tag.1.Value", "v"),
                ("Tag.2.Key", "k2"),
                ("X.1.1", "1"),
                ("X.1.2", "2"),
                ("X.2.1", "3"),
                ("Labels.#3#env", "prod"),
                ("Labels.#3#你", "x"),
                ("Conf", r#"{"a":[1,"b"]}"#),
                ("Written", r#"[{"k":1}]"#),
            ])
        );
    }

    #[test]
    fn member_joins() {
        assert_eq!(member("Tag.1", "Key"), "Tag.1.Key");
        assert_eq!(member("", "Key"), ".Key");
    }

    #[test]
    fn list_indices_past_nine() {
        let list: Vec<i64> = (0..1001).collect();
        let mut p = Params::default();
        p.query("N", &list);
        for (index, (name, value)) in p.query.iter().enumerate() {
            assert_eq!(*name, format!("N.{}", index + 1));
            assert_eq!(*value, index.to_string());
        }
        let mut text = String::new();
        for n in [0, 9, 10, 99, 100, usize::MAX] {
            text.clear();
            push_decimal(&mut text, n);
            assert_eq!(text, n.to_string());
        }
    }

    #[test]
    fn path_and_header_parameters() {
        let mut p = Params::default();
        p.path("InstanceId", "es/1 *");
        p.path("Zone", &Some(3i64));
        p.path("Unset", &None::<String>);
        p.header("x-acs-zone", &true);
        p.header("x-none", &None::<String>);
        assert_eq!(p.path, pairs(&[("InstanceId", "es/1 *"), ("Zone", "3")]));
        assert_eq!(p.headers, pairs(&[("x-acs-zone", "true")]));
        assert_eq!(p.problem(), None);
        // A list cannot fill one path segment.
        let ids = vec!["a".to_string(), "b".to_string()];
        p.path("Ids", &ids);
        assert!(p.problem().unwrap().contains("Ids"));
        assert_eq!(p.path.len(), 2, "nothing of the list is kept");
        // Text made for this call moves in.
        p.query("Token", String::from("t-1"));
        p.query("Fresh", crate::client_token(None));
        assert_eq!(p.query[0], pairs(&[("Token", "t-1")])[0]);
        assert_eq!(p.query[1].1.len(), 36);
    }

    #[test]
    fn json_members_make_a_sorted_object_even_when_unset() {
        let mut p = Params::default();
        assert_eq!(p.json_body(), None);
        p.json_member("zone", &None::<String>);
        assert_eq!(p.json_body(), Some(serde_json::json!({})));
        assert_eq!(p.json.as_ref().unwrap().text(), "{}");
        p.json_member("nodeSpec", &serde_json::json!({"spec": "x", "disk": 40}));
        p.json_member("count", &Some(2u8));
        p.json_member("tags", &vec!["a", "b"]);
        assert_eq!(
            p.json.as_ref().unwrap().text(),
            r#"{"count":2,"nodeSpec":{"disk":40,"spec":"x"},"tags":["a","b"]}"#
        );
        assert_eq!(
            p.json_body(),
            Some(
                serde_json::json!({"count": 2, "nodeSpec": {"disk": 40, "spec": "x"}, "tags": ["a", "b"]})
            )
        );
        assert_eq!(p.problem(), None);
    }

    #[test]
    fn json_payloads() {
        let mut p = Params::default();
        p.json_payload(&["cn-hangzhou-i", "cn-hangzhou-h"]);
        assert_eq!(
            p.json.as_ref().unwrap().text(),
            r#"["cn-hangzhou-i","cn-hangzhou-h"]"#
        );
        // Adding a member to a whole-body payload is a problem, not a silent change.
        p.json_member("x", &1);
        assert!(p.problem().unwrap().contains("body member x"));

        let mut p = Params::default();
        p.json_payload(&None::<Vec<String>>);
        assert_eq!(p.json, None);
        p.json_text_payload(r#"{"query": {"match_all": {}}}"#);
        assert_eq!(
            p.json.as_ref().unwrap().text(),
            r#"{"query": {"match_all": {}}}"#
        );
        assert_eq!(
            p.json_body(),
            Some(serde_json::json!({"query": {"match_all": {}}}))
        );
    }

    #[test]
    fn values_that_are_not_json_are_problems() {
        // A map with non-string keys has no JSON form.
        let mut map = BTreeMap::new();
        map.insert(vec![1u8], "v");
        let mut p = Params::default();
        p.json_member("Bad", &map);
        assert!(p.problem().unwrap().contains("Bad"), "{:?}", p.problem());
        let mut p = Params::default();
        p.json_payload(&map);
        assert!(p.problem().is_some());
    }

    #[test]
    fn a_region_left_to_the_client_keeps_its_place() {
        let given = Some("cn-beijing".to_owned());
        let unset = None;
        let mut p = Params::default();
        p.query("A", "1");
        p.region("RegionId", &unset);
        p.query("Z", "2");
        p.region("DestinationRegionId", &given);
        p.fill_region(Some("cn-shanghai")).unwrap();
        assert_eq!(
            p.query,
            pairs(&[
                ("A", "1"),
                ("RegionId", "cn-shanghai"),
                ("Z", "2"),
                ("DestinationRegionId", "cn-beijing")
            ])
        );
        let mut p = Params::default();
        p.region("RegionId", &given);
        p.fill_region(None).unwrap();
        assert_eq!(p.query, pairs(&[("RegionId", "cn-beijing")]));
        let mut p = Params::default();
        p.region("RegionId", &unset);
        let error = p.fill_region(None).unwrap_err();
        assert_eq!(error.kind(), crate::ConfigErrorKind::MissingRegion);
        assert!(error.to_string().contains("parameter RegionId"), "{error}");
    }

    #[test]
    fn extras_go_where_the_operation_put_its_own() {
        let mut extra = Extra::new();
        extra.query("Q", "q").body("B", "b").header("x-acs-h", "h");
        // No JSON body: a form field.
        let mut p = Params::default();
        p.query("Own", "1");
        p.extra(&extra);
        assert_eq!(p.query, pairs(&[("Own", "1"), ("Q", "q")]));
        assert_eq!(p.body, pairs(&[("B", "b")]));
        assert_eq!(p.headers, pairs(&[("x-acs-h", "h")]));
        assert_eq!(p.problem(), None);
        // An ROA operation with a JSON body: a top-level string member, in an object of its
        // own when the operation wrote none.
        let roa = |body| Params {
            style: Some(Style::Roa { path: &[], body }),
            ..Params::default()
        };
        let mut p = roa(Body::Json);
        p.json_member("count", &2);
        p.extra(&extra);
        assert!(p.body.is_empty());
        assert_eq!(
            p.json_body(),
            Some(serde_json::json!({"B": "b", "count": 2}))
        );
        let mut p = roa(Body::Json);
        p.extra(&extra);
        assert_eq!(p.json_body(), Some(serde_json::json!({"B": "b"})));
        // A whole-body payload takes no member.
        let mut p = roa(Body::Json);
        p.json_payload(&[1, 2]);
        p.extra(&extra);
        assert!(p.problem().unwrap().contains("extra body parameter B"));
        // An ROA form body: a form field; no body: refused, with what to do instead.
        let mut p = roa(Body::Form);
        p.extra(&extra);
        assert_eq!(p.body, pairs(&[("B", "b")]));
        let mut p = roa(Body::None);
        p.extra(&extra);
        assert!(p.body.is_empty() && p.json.is_none());
        assert!(
            p.problem().unwrap().contains("the operation sends no body"),
            "{:?}",
            p.problems
        );
        // Names that cannot be sent are refused.
        let mut bad = Extra::new();
        bad.header("x-acs-a b", "v")
            .header("x-acs-c", "v\r\nInjected: 1")
            .query("", "v");
        let mut p = Params::default();
        p.extra(&bad);
        assert!(p.headers.is_empty() && p.query.is_empty());
        assert_eq!(p.problems, ["an extra parameter has an empty name"]);
        bad.query.clear();
        let mut p = Params::default();
        p.extra(&bad);
        assert!(p.headers.is_empty());
        assert_eq!(p.problems.len(), 2, "{:?}", p.problems);
        assert!(p.problems[1]
            .contains("header parameter x-acs-c is refused: it is not a valid HTTP header"));
        // An empty `Extra` costs nothing and changes nothing.
        let empty = Extra::new();
        let mut p = Params::default();
        p.extra(&empty);
        assert_eq!(p, Params::default());
    }
}
