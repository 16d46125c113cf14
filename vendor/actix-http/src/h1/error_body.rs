//! Checkpoint patch: a body for the responses the HTTP/1 dispatcher writes on its own (400 for a
//! request it cannot parse, 431 for a head too large, 408 for a slow request, 500), which
//! upstream sends empty. The application registers one function, once, for the whole process.

use std::sync::OnceLock;

use bytes::Bytes;
use http::header::{HeaderValue, CONTENT_TYPE};

use crate::{body::BoxBody, Response, StatusCode};

/// Gives the content type and body of a response the dispatcher writes itself.
pub type ErrorBodyFn = fn(StatusCode) -> (HeaderValue, Bytes);

static ERROR_BODY: OnceLock<ErrorBodyFn> = OnceLock::new();

/// Sets the function that writes the body of the dispatcher's own error responses. Only the
/// first call takes effect; returns whether this one did.
pub fn set_error_body(f: ErrorBodyFn) -> bool {
    ERROR_BODY.set(f).is_ok()
}

/// The body for `res`, with its content type set; empty when no function was registered.
pub(super) fn error_body(res: &mut Response<()>) -> BoxBody {
    match ERROR_BODY.get() {
        Some(f) => {
            let (content_type, body) = f(res.status());
            res.headers_mut().insert(CONTENT_TYPE, content_type);
            BoxBody::new(body)
        }
        None => BoxBody::new(()),
    }
}
