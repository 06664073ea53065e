//! A cap on what sma reads of an AWS answer: a bucket policy is at most 20 KB and a key
//! policy 32 KB, so a body past `MAX_BODY` is cut there and the call fails with `TooLarge`,
//! whatever the server sends (a 200 MB error page, an endless chunked body). An SDK
//! interceptor wraps each response body before the SDK reads it.
use std::pin::Pin;
use std::task::{Context, Poll};

use aws_sdk_s3::config::interceptors::BeforeDeserializationInterceptorContextMut;
use aws_sdk_s3::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_s3::primitives::SdkBody;
use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};

/// The most sma reads of one answer (1 MiB: fifty times the largest bucket policy).
pub const MAX_BODY: u64 = 1024 * 1024;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// An answer's body was longer than `limit`: reading stopped there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge {
    pub limit: u64,
}

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "an answer over {} (cut there)", size(self.limit))
    }
}

impl std::error::Error for TooLarge {}

/// `1 MiB`, `64 KiB`, `100 bytes`.
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b % (1024 * 1024) == 0 => format!("{} MiB", b / (1024 * 1024)),
        b if b % 1024 == 0 => format!("{} KiB", b / 1024),
        b => format!("{b} bytes"),
    }
}

/// Finds a `TooLarge` in an error's chain.
pub fn too_large(e: &(dyn std::error::Error + 'static)) -> Option<TooLarge> {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if let Some(t) = err.downcast_ref::<TooLarge>() {
            return Some(*t);
        }
        cur = err.source();
    }
    None
}

/// A body that yields at most `left` bytes of `inner`, then fails with `TooLarge`.
struct Capped {
    inner: SdkBody,
    left: u64,
    limit: u64,
}

impl Body for Capped {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        match polled {
            Poll::Ready(Some(Ok(frame))) => {
                let len = frame.data_ref().map_or(0, |d| d.len() as u64);
                if len > self.left {
                    self.left = 0;
                    return Poll::Ready(Some(Err(Box::new(TooLarge { limit: self.limit }))));
                }
                self.left -= len;
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Wraps every response body of a client in a `Capped` one (see the module docs).
#[derive(Debug, Clone, Copy)]
pub struct CapBodies {
    pub limit: u64,
}

impl Default for CapBodies {
    fn default() -> Self {
        CapBodies { limit: MAX_BODY }
    }
}

impl Intercept for CapBodies {
    fn name(&self) -> &'static str {
        "sma::CapBodies"
    }

    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let body = context.response_mut().body_mut();
        // an answer that says it is too long is refused before a byte of it is read
        if body.content_length().is_some_and(|n| n > self.limit) {
            return Err(Box::new(TooLarge { limit: self.limit }));
        }
        let inner = std::mem::replace(body, SdkBody::taken());
        *body = SdkBody::from_body_1_x(Capped {
            inner,
            left: self.limit,
            limit: self.limit,
        });
        Ok(())
    }
}
