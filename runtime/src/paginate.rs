//! Paging through a list operation: a stream of its pages ([`Pages`]) or of the items on them
//! ([`Items`]).
//!
//! Generated code implements [`Paginated`] for each operation whose spec records how it pages;
//! the paging loop and its stop rules live here, written once.

use std::collections::HashSet;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::client::Client;
use crate::error::Error;
use crate::future::BoxFuture;
use crate::service::{Operation, Service};

/// Which page a request asks for: what a paginated operation sets between calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// A page number, from 1 (`PageNumber`, `CurrentPage`, ROA `page`).
    Page(i64),
    /// An item offset, from 0 (`Offset`).
    Offset(i64),
    /// The token a previous page returned (`NextToken`); `None` asks for the first page.
    Token(Option<String>),
}

/// A list operation that pages. Implemented by generated request structs; the methods read and
/// write the members the operation's spec names.
pub trait Paginated: Operation + Clone + 'static {
    /// One item of the list a page holds.
    type Item: Clone + PartialEq + Send + 'static;

    /// The page this request asks for: its page number (1 when unset), offset (0 when unset) or
    /// token. The variant is the operation's paging style.
    fn position(&self) -> Position;

    /// Asks for another page. Only the variant [`Paginated::position`] returns is passed.
    fn set_position(&mut self, position: &Position);

    /// The page size the caller set, if any (never changed by paging).
    fn page_size(&self) -> Option<i64>;

    /// The items of a page.
    fn items(page: &Self::Output) -> &[Self::Item];

    /// The items of a page, taken out of it.
    fn into_items(page: Self::Output) -> Vec<Self::Item>;

    /// The total number of items the page says the list has, if it says.
    fn total(page: &Self::Output) -> Option<i64> {
        let _ = page;
        None
    }

    /// The token that asks for the next page, if the page carries one.
    fn next_token(page: &Self::Output) -> Option<&str> {
        let _ = page;
        None
    }
}

type PageResult<O> = Result<<O as Operation>::Output, Error<<O as Operation>::Error>>;
type ItemResult<O> = Result<<O as Paginated>::Item, Error<<O as Operation>::Error>>;

/// What the paging loop remembers between pages.
struct Progress<O: Paginated> {
    /// The request of the next page.
    request: O,
    /// Items received so far, plus those before the caller's first page when that is known.
    counted: i64,
    /// Tokens already sent: a token that comes back again would repeat pages.
    tokens: HashSet<String>,
    /// The items of the previous page: a service that ignores the page number answers the
    /// same page again.
    previous: Option<Vec<O::Item>>,
    /// Whether a page has been yielded yet: the first page is yielded even when empty.
    yielded: bool,
}

/// A stream of the pages of a paginated call, from [`Client::pages`] (generated clients have a
/// `<operation>_pages` method).
///
/// Each page is one call, with the client's retries and timeouts. The stream ends:
/// - after the page whose items reach the total the service reports;
/// - on a page with no items (not yielded, unless it is the first: its total may still be
///   wanted);
/// - after a page without a next token (token style), or whose token was sent before;
/// - on a page with the same items as the one before (a service that ignores the position);
/// - after the first error, which is yielded.
///
/// The page size is the caller's: the request is sent as given, with only its position
/// changed from page to page. Poll with [`Pages::next`], or as a `futures_core::Stream`.
pub struct Pages<O: Paginated> {
    client: Client,
    service: &'static Service,
    progress: Option<Progress<O>>,
    in_flight: Option<BoxFuture<'static, (PageResult<O>, O)>>,
}

impl<O: Paginated> fmt::Debug for Pages<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("action", &O::ACTION)
            .field("done", &self.progress.is_none())
            .finish_non_exhaustive()
    }
}

impl<O: Paginated> Pages<O> {
    pub(crate) fn new(client: Client, service: &'static Service, request: O) -> Self {
        let mut tokens = HashSet::new();
        let counted = match request.position() {
            // Pages before the caller's first one count towards the total.
            Position::Page(page) => request
                .page_size()
                .filter(|size| *size > 0)
                .map_or(0, |size| page.saturating_sub(1).max(0).saturating_mul(size)),
            Position::Offset(offset) => offset.max(0),
            Position::Token(token) => {
                tokens.extend(token);
                0
            }
        };
        Pages {
            client,
            service,
            progress: Some(Progress {
                request,
                counted,
                tokens,
                previous: None,
                yielded: false,
            }),
            in_flight: None,
        }
    }

    /// The next page, or `None` when the list is done.
    pub async fn next(&mut self) -> Option<PageResult<O>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    /// Turns the stream of pages into a stream of their items.
    pub fn items(self) -> Items<O> {
        Items {
            pages: self,
            buffered: Vec::new().into_iter(),
        }
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<PageResult<O>>> {
        loop {
            if self.in_flight.is_none() {
                let Some(progress) = &self.progress else {
                    return Poll::Ready(None);
                };
                let client = self.client.clone();
                let service = self.service;
                let request = progress.request.clone();
                self.in_flight = Some(Box::pin(async move {
                    let result = client.call(service, &request).await;
                    (result, request)
                }));
            }
            let Some(future) = self.in_flight.as_mut() else {
                continue;
            };
            let (result, request) = match future.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(done) => done,
            };
            self.in_flight = None;
            let Some(progress) = self.progress.take() else {
                return Poll::Ready(None);
            };
            match result {
                Err(error) => return Poll::Ready(Some(Err(error))),
                Ok(page) => {
                    if let Some(page) = self.advance(progress, request, page) {
                        return Poll::Ready(Some(Ok(page)));
                    }
                    if self.progress.is_none() {
                        return Poll::Ready(None);
                    }
                }
            }
        }
    }

    /// Applies the stop rules to a page just received; sets up the next request unless the
    /// list is done. Returns the page when it is to be yielded.
    fn advance(
        &mut self,
        mut progress: Progress<O>,
        sent: O,
        page: O::Output,
    ) -> Option<O::Output> {
        let items = O::items(&page);
        let first = !progress.yielded;
        if items.is_empty() {
            return first.then_some(page);
        }
        if progress.previous.as_deref() == Some(items) {
            return None;
        }
        let count = i64::try_from(items.len()).unwrap_or(i64::MAX);
        progress.counted = progress.counted.saturating_add(count);
        let total_reached = O::total(&page).is_some_and(|total| progress.counted >= total);
        let next = match sent.position() {
            Position::Page(number) => Some(Position::Page(number.saturating_add(1))),
            Position::Offset(offset) => Some(Position::Offset(offset.saturating_add(count))),
            Position::Token(_) => match O::next_token(&page) {
                Some(token) if !token.is_empty() && progress.tokens.insert(token.to_string()) => {
                    Some(Position::Token(Some(token.to_string())))
                }
                _ => None,
            },
        };
        if let (false, Some(next)) = (total_reached, next) {
            progress.previous = Some(items.to_vec());
            progress.yielded = true;
            progress.request = sent;
            progress.request.set_position(&next);
            self.progress = Some(progress);
        }
        Some(page)
    }
}

impl<O: Paginated + Unpin> futures_core::Stream for Pages<O>
where
    O::Item: Unpin,
{
    type Item = PageResult<O>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

/// A stream of the items of a paginated call, page after page: [`Pages::items`].
///
/// Ends where [`Pages`] ends; an error ends it after being yielded.
pub struct Items<O: Paginated> {
    pages: Pages<O>,
    buffered: std::vec::IntoIter<O::Item>,
}

impl<O: Paginated> fmt::Debug for Items<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffered.len())
            .finish()
    }
}

impl<O: Paginated> Items<O> {
    /// The next item, or `None` when the list is done.
    pub async fn next(&mut self) -> Option<ItemResult<O>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<ItemResult<O>>> {
        loop {
            if let Some(item) = self.buffered.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match self.pages.poll_page(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(page))) => self.buffered = O::into_items(page).into_iter(),
            }
        }
    }
}

impl<O: Paginated + Unpin> futures_core::Stream for Items<O>
where
    O::Item: Unpin,
{
    type Item = ItemResult<O>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

impl Client {
    /// Pages through a paginated call of `service`, from the position `request` asks for.
    /// See [`Pages`] for when it ends.
    pub fn pages<O: Paginated>(&self, service: &'static Service, request: O) -> Pages<O> {
        Pages::new(self.clone(), service, request)
    }
}
