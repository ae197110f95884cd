//! The response body: all at once (with a `Content-Length`), or in chunks without one.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use hyper::body::{Body, Bytes, Frame, SizeHint};

/// A response body.
pub(crate) enum ServerBody {
    /// One buffer, its length announced (none once sent).
    Full(Option<Bytes>),
    /// `remaining` bytes of `x` in chunks of `chunk` bytes, length not announced.
    Chunked { remaining: usize, chunk: usize },
    /// One byte, then nothing ever (pending), its length unknown to hyper: with a
    /// `Content-Length` header set by hand, the response promises bytes it never sends.
    Stalled { started: bool },
}

impl ServerBody {
    pub(crate) fn full(bytes: impl Into<Bytes>) -> Self {
        ServerBody::Full(Some(bytes.into()))
    }
}

impl Body for ServerBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let frame = match self.get_mut() {
            ServerBody::Full(bytes) => bytes.take().filter(|b| !b.is_empty()),
            ServerBody::Chunked { remaining, chunk } => {
                let size = (*remaining).min(*chunk);
                *remaining -= size;
                (size > 0).then(|| Bytes::from(vec![b'x'; size]))
            }
            ServerBody::Stalled { started } => {
                if *started {
                    return Poll::Pending;
                }
                *started = true;
                Some(Bytes::from_static(b"{"))
            }
        };
        Poll::Ready(frame.map(|data| Ok(Frame::data(data))))
    }

    fn is_end_stream(&self) -> bool {
        match self {
            ServerBody::Full(bytes) => bytes.as_ref().is_none_or(Bytes::is_empty),
            ServerBody::Chunked { remaining, .. } => *remaining == 0,
            ServerBody::Stalled { .. } => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ServerBody::Full(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            ServerBody::Chunked { .. } | ServerBody::Stalled { .. } => SizeHint::default(),
        }
    }
}
