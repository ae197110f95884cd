//! Paging against a real HTTP server on loopback: page number, offset and token styles, and
//! every rule that ends a list (last page, empty page, total reached, repeated token, repeated
//! page, error).

mod support;

use alibabacloud_runtime::de::{lenient, read_into, skip, Nested};
use alibabacloud_runtime::{
    Client, Error, Method, Operation, Paginated, Params, Position, ServiceError,
};
use serde::Deserialize;
use support::ops::*;
use support::{Answer, Fault, TestServer};

/// `ListThings`: `PageNumber`/`PageSize` in, `TotalCount` and `Things.Thing` out; also pages by
/// offset or by token, as the three styles share the output shape.
#[derive(Debug, Clone, Default)]
struct ListThings {
    page_number: Option<i64>,
    page_size: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct ListThingsResponse {
    #[serde(default, deserialize_with = "lenient")]
    total_count: Option<i64>,
    #[serde(default, deserialize_with = "lenient")]
    next_token: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    things: Things,
}

/// Nested, so decoded member by member as generated structs are.
#[derive(Debug, Clone, Default, PartialEq)]
struct Things {
    thing: Vec<String>,
}
impl Nested for Things {
    fn member<'de, D: serde::Deserializer<'de>>(
        &mut self,
        name: &str,
        value: D,
    ) -> Result<(), D::Error> {
        match name {
            "Thing" => read_into(&mut self.thing, value),
            _ => skip(value),
        }
    }
}

impl Operation for ListThings {
    type Output = ListThingsResponse;
    type Error = ServiceError;
    const ACTION: &'static str = "ListThings";
    const METHOD: Method = Method::Post;
    // Only reads: safe to repeat after a failure whose outcome is unknown.
    const IDEMPOTENT: bool = true;
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.query("PageNumber", &self.page_number);
        params.query("PageSize", &self.page_size);
    }
}

impl Paginated for ListThings {
    type Item = String;
    fn position(&self) -> Position {
        Position::Page(self.page_number.unwrap_or(1))
    }
    fn set_position(&mut self, position: &Position) {
        if let Position::Page(page) = position {
            self.page_number = Some(*page);
        }
    }
    fn page_size(&self) -> Option<i64> {
        self.page_size
    }
    fn items(page: &ListThingsResponse) -> &[String] {
        &page.things.thing
    }
    fn into_items(page: ListThingsResponse) -> Vec<String> {
        page.things.thing
    }
    fn total(page: &ListThingsResponse) -> Option<i64> {
        page.total_count
    }
}

/// The same list by `Offset`/`Limit`.
#[derive(Debug, Clone, Default)]
struct ScanThings {
    offset: Option<i64>,
    limit: Option<i64>,
}

impl Operation for ScanThings {
    type Output = ListThingsResponse;
    type Error = ServiceError;
    const ACTION: &'static str = "ScanThings";
    const METHOD: Method = Method::Post;
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.query("Offset", &self.offset);
        params.query("Limit", &self.limit);
    }
}

impl Paginated for ScanThings {
    type Item = String;
    fn position(&self) -> Position {
        Position::Offset(self.offset.unwrap_or(0))
    }
    fn set_position(&mut self, position: &Position) {
        if let Position::Offset(offset) = position {
            self.offset = Some(*offset);
        }
    }
    fn page_size(&self) -> Option<i64> {
        self.limit
    }
    fn items(page: &ListThingsResponse) -> &[String] {
        &page.things.thing
    }
    fn into_items(page: ListThingsResponse) -> Vec<String> {
        page.things.thing
    }
    fn total(page: &ListThingsResponse) -> Option<i64> {
        page.total_count
    }
}

/// The same list by `NextToken`/`MaxResults`.
#[derive(Debug, Clone, Default)]
struct WalkThings {
    next_token: Option<String>,
    max_results: Option<i64>,
}

impl Operation for WalkThings {
    type Output = ListThingsResponse;
    type Error = ServiceError;
    const ACTION: &'static str = "WalkThings";
    const METHOD: Method = Method::Post;
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.query("NextToken", &self.next_token);
        params.query("MaxResults", &self.max_results);
    }
}

impl Paginated for WalkThings {
    type Item = String;
    fn position(&self) -> Position {
        Position::Token(self.next_token.clone())
    }
    fn set_position(&mut self, position: &Position) {
        if let Position::Token(token) = position {
            self.next_token = token.clone();
        }
    }
    fn page_size(&self) -> Option<i64> {
        self.max_results
    }
    fn items(page: &ListThingsResponse) -> &[String] {
        &page.things.thing
    }
    fn into_items(page: ListThingsResponse) -> Vec<String> {
        page.things.thing
    }
    fn next_token(page: &ListThingsResponse) -> Option<&str> {
        page.next_token.as_deref()
    }
}

/// A success body with these items, total and token.
fn page(items: &[&str], total: Option<i64>, token: Option<&str>) -> Fault {
    let mut body = serde_json::json!({
        "RequestId": "req",
        "Things": { "Thing": items },
    });
    if let Some(total) = total {
        body["TotalCount"] = total.into();
    }
    if let Some(token) = token {
        body["NextToken"] = token.into();
    }
    Fault::Answer(Answer::json(200, body.to_string()))
}

async fn setup(pages: Vec<Fault>) -> (TestServer, Client) {
    let server = server().await;
    server.push_faults(pages);
    let client = builder(&server).build().unwrap();
    (server, client)
}

/// The values of `name` the server saw, one per request (`-` when absent).
fn sent(server: &TestServer, name: &str) -> Vec<String> {
    server
        .seen()
        .iter()
        .map(|seen| {
            seen.query
                .iter()
                .find(|(n, _)| n == name)
                .map_or("-".to_string(), |(_, v)| v.clone())
        })
        .collect()
}

async fn collect_items<O>(client: &Client, request: O) -> (Vec<O::Item>, Option<Error<O::Error>>)
where
    O: Paginated,
{
    let mut items = client.pages(&LINKWAN, request).items();
    let mut got = Vec::new();
    while let Some(item) = items.next().await {
        match item {
            Ok(item) => got.push(item),
            Err(error) => {
                assert!(items.next().await.is_none(), "nothing follows an error");
                return (got, Some(error));
            }
        }
    }
    (got, None)
}

#[tokio::test]
async fn an_empty_list_is_one_empty_page_and_no_items() {
    let (server, client) = setup(vec![page(&[], Some(0), None), page(&[], Some(0), None)]).await;
    let mut pages = client.pages(&LINKWAN, ListThings::default());
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.total_count, Some(0));
    assert!(pages.next().await.is_none());
    assert!(
        pages.next().await.is_none(),
        "a finished stream stays finished"
    );
    assert_eq!(server.requests(), 1);

    let (items, error) = collect_items(&client, ListThings::default()).await;
    assert!(items.is_empty() && error.is_none());
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn one_page_that_holds_the_total_is_the_only_call() {
    let (server, client) = setup(vec![page(&["a", "b", "c"], Some(3), None)]).await;
    let (items, error) = collect_items(&client, ListThings::default()).await;
    assert_eq!(items, ["a", "b", "c"]);
    assert!(error.is_none());
    assert_eq!(sent(&server, "PageNumber"), ["-"]);
}

#[tokio::test]
async fn many_pages_follow_the_page_number_and_keep_the_callers_page_size() {
    let (server, client) = setup(vec![
        page(&["a", "b"], Some(5), None),
        page(&["c", "d"], Some(5), None),
        page(&["e"], Some(5), None),
    ])
    .await;
    let request = ListThings {
        page_number: None,
        page_size: Some(2),
    };
    let mut pages = client.pages(&LINKWAN, request);
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(page.unwrap().things.thing.len());
    }
    assert_eq!(sizes, [2, 2, 1]);
    assert_eq!(sent(&server, "PageNumber"), ["-", "2", "3"]);
    assert_eq!(sent(&server, "PageSize"), ["2", "2", "2"]);
    assert!(server.seen().iter().all(|seen| seen.verified));
}

#[tokio::test]
async fn pages_before_the_callers_first_page_count_towards_the_total() {
    let (server, client) = setup(vec![page(&["e", "f"], Some(6), None)]).await;
    let request = ListThings {
        page_number: Some(3),
        page_size: Some(2),
    };
    let (items, _) = collect_items(&client, request).await;
    assert_eq!(items, ["e", "f"]);
    assert_eq!(sent(&server, "PageNumber"), ["3"]);
}

#[tokio::test]
async fn a_total_larger_than_the_list_ends_at_the_first_empty_page() {
    let (server, client) = setup(vec![
        page(&["a", "b"], Some(10), None),
        page(&["c"], Some(10), None),
        page(&[], Some(10), None),
    ])
    .await;
    let mut pages = client.pages(&LINKWAN, ListThings::default());
    let mut count = 0;
    while let Some(page) = pages.next().await {
        page.unwrap();
        count += 1;
    }
    assert_eq!(count, 2, "the empty page after the last is not yielded");
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn a_total_smaller_than_the_list_ends_it_once_reached() {
    let (server, client) = setup(vec![
        page(&["a", "b"], Some(3), None),
        page(&["c", "d"], Some(3), None),
        page(&["e", "f"], Some(3), None),
    ])
    .await;
    let (items, _) = collect_items(&client, ListThings::default()).await;
    assert_eq!(
        items,
        ["a", "b", "c", "d"],
        "the page that reaches it is kept whole"
    );
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn without_a_total_the_list_ends_at_an_empty_page() {
    let (server, client) = setup(vec![
        page(&["a"], None, None),
        page(&["b"], None, None),
        page(&[], None, None),
    ])
    .await;
    let (items, _) = collect_items(&client, ListThings::default()).await;
    assert_eq!(items, ["a", "b"]);
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn a_service_that_ignores_the_page_number_does_not_loop() {
    let (server, client) = setup(vec![
        page(&["a", "b"], None, None),
        page(&["a", "b"], None, None),
        page(&["a", "b"], None, None),
    ])
    .await;
    let (items, _) = collect_items(&client, ListThings::default()).await;
    assert_eq!(items, ["a", "b"]);
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn an_error_on_page_three_ends_the_list_with_that_error() {
    let (server, client) = setup(vec![
        page(&["a", "b"], Some(9), None),
        page(&["c", "d"], Some(9), None),
        Fault::InvalidName,
    ])
    .await;
    let (items, error) = collect_items(&client, ListThings::default()).await;
    assert_eq!(items, ["a", "b", "c", "d"]);
    let error = error.expect("the third page fails");
    assert_eq!(error.code(), Some("InvalidName"));
    assert_eq!(server.requests(), 3, "no page is asked for after the error");

    // The page stream yields the two pages, then the error, then ends.
    server.push_faults(vec![
        page(&["a", "b"], Some(9), None),
        page(&["c", "d"], Some(9), None),
        Fault::InvalidName,
    ]);
    let mut pages = client.pages(&LINKWAN, ListThings::default());
    assert!(pages.next().await.unwrap().is_ok());
    assert!(pages.next().await.unwrap().is_ok());
    assert!(matches!(pages.next().await, Some(Err(Error::Service(_)))));
    assert!(pages.next().await.is_none());
}

#[tokio::test]
async fn offsets_advance_by_the_items_received() {
    let (server, client) = setup(vec![
        page(&["a", "b"], Some(5), None),
        page(&["c", "d"], Some(5), None),
        page(&["e"], Some(5), None),
    ])
    .await;
    let request = ScanThings {
        offset: None,
        limit: Some(2),
    };
    let (items, _) = collect_items(&client, request).await;
    assert_eq!(items, ["a", "b", "c", "d", "e"]);
    assert_eq!(sent(&server, "Offset"), ["-", "2", "4"]);
    assert_eq!(sent(&server, "Limit"), ["2", "2", "2"]);
}

#[tokio::test]
async fn tokens_are_followed_until_a_page_has_none() {
    let (server, client) = setup(vec![
        page(&["a"], None, Some("t1")),
        page(&["b"], None, Some("t2")),
        page(&["c"], None, Some("")),
    ])
    .await;
    let request = WalkThings {
        next_token: None,
        max_results: Some(1),
    };
    let (items, _) = collect_items(&client, request).await;
    assert_eq!(items, ["a", "b", "c"]);
    assert_eq!(sent(&server, "NextToken"), ["-", "t1", "t2"]);
    assert_eq!(sent(&server, "MaxResults"), ["1", "1", "1"]);
}

#[tokio::test]
async fn a_repeated_token_ends_the_list() {
    let (server, client) = setup(vec![
        page(&["a"], None, Some("t1")),
        page(&["b"], None, Some("t2")),
        page(&["c"], None, Some("t1")),
        page(&["d"], None, Some("t3")),
    ])
    .await;
    let (items, _) = collect_items(&client, WalkThings::default()).await;
    assert_eq!(items, ["a", "b", "c"]);
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn the_callers_own_token_counts_as_sent() {
    let (server, client) = setup(vec![page(&["x"], None, Some("start"))]).await;
    let request = WalkThings {
        next_token: Some("start".into()),
        max_results: None,
    };
    let (items, _) = collect_items(&client, request).await;
    assert_eq!(items, ["x"]);
    assert_eq!(sent(&server, "NextToken"), ["start"]);
}

#[tokio::test]
async fn pages_are_a_futures_stream() {
    use std::pin::Pin;
    use std::task::{Context, Poll};

    // Polls through the `Stream` trait alone, as stream combinators do.
    async fn next_via_stream<S: futures_core::Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
        std::future::poll_fn(|cx: &mut Context<'_>| -> Poll<Option<S::Item>> {
            Pin::new(&mut *stream).poll_next(cx)
        })
        .await
    }

    let (_server, client) = setup(vec![
        page(&["a"], Some(2), None),
        page(&["b"], Some(2), None),
    ])
    .await;
    let mut items = client.pages(&LINKWAN, ListThings::default()).items();
    assert_eq!(next_via_stream(&mut items).await.unwrap().unwrap(), "a");
    assert_eq!(next_via_stream(&mut items).await.unwrap().unwrap(), "b");
    assert!(next_via_stream(&mut items).await.is_none());
}
