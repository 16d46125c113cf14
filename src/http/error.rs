//! The one place where errors become HTTP responses, all shaped `{"error": code, "message": text}`.

use actix_web::body::BoxBody;
use actix_web::dev::ServiceResponse;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use bytes::Bytes;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{AppError, ErrorKind};

/// The body of every error response.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub error: String,
    pub message: String,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self.kind {
            ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
            ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorKind::Forbidden => StatusCode::FORBIDDEN,
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::Conflict => StatusCode::CONFLICT,
            ErrorKind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        let mut response = HttpResponse::build(self.status_code());
        if self.kind == ErrorKind::Unauthorized {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response.json(ErrorBody {
            error: self.code.to_owned(),
            message: self.message.clone(),
        })
    }
}

pub fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    match err {
        JsonPayloadError::Overflow { limit }
        | JsonPayloadError::OverflowKnownLength { limit, .. } => AppError::payload_too_large(
            format!("the body is larger than the {limit} bytes allowed"),
        ),
        JsonPayloadError::ContentType => AppError::unsupported_media_type(
            "send the body as JSON with Content-Type: application/json",
        ),
        JsonPayloadError::Deserialize(e) if e.is_data() => {
            AppError::bad_request("invalid_body", e.to_string())
        }
        JsonPayloadError::Deserialize(e) => {
            AppError::bad_request("invalid_json", format!("the body is not valid JSON: {e}"))
        }
        other => AppError::bad_request("invalid_body", other.to_string()),
    }
    .into()
}

pub fn path_error(err: PathError, _req: &HttpRequest) -> actix_web::Error {
    AppError::bad_request("invalid_path", err.to_string()).into()
}

pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    AppError::bad_request("invalid_query", err.to_string()).into()
}

/// Gives responses that actix itself produced (unknown route, wrong method, oversized headers…)
/// the same JSON shape as ours. The console's error pages (HTML) pass as they are.
pub fn ensure_json_body<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let shaped = res
        .response()
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| {
            v.as_bytes().starts_with(b"application/json") || v.as_bytes().starts_with(b"text/html")
        });
    if shaped {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let (code, message) = match status {
        StatusCode::NOT_FOUND => (
            "not_found",
            format!(
                "no route for {} {}",
                res.request().method(),
                res.request().path()
            ),
        ),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            format!(
                "{} is not allowed on {}",
                res.request().method(),
                res.request().path()
            ),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "payload_too_large",
            "the request body is too large".to_owned(),
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_media_type",
            "unsupported content type".to_owned(),
        ),
        s if s.is_server_error() => (
            "internal",
            "an internal error occurred; it has been logged".to_owned(),
        ),
        s => (
            "bad_request",
            s.canonical_reason().unwrap_or("bad request").to_lowercase(),
        ),
    };
    let body = serde_json::to_string(&ErrorBody {
        error: code.to_owned(),
        message,
    })
    .expect("an error body always serialises");
    let (req, mut res) = res.into_parts();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let res = res.set_body(body).map_into_boxed_body();
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, res).map_into_right_body(),
    ))
}

/// The body of the responses actix's HTTP/1 parser writes before any route or middleware runs
/// (registered in `startup.rs` through the patched `actix_http::h1::set_error_body`).
pub fn parser_error_body(status: StatusCode) -> (HeaderValue, Bytes) {
    let (code, message) = match status {
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => (
            "headers_too_large",
            "the request's headers are too large (at most 128 KiB) or too many (at most 96)",
        ),
        StatusCode::REQUEST_TIMEOUT => (
            "request_timeout",
            "the request's headers did not arrive in time",
        ),
        s if s.is_server_error() => ("internal", "an internal error occurred"),
        _ => (
            "malformed_request",
            "the request is not valid HTTP/1.1: its request line, path or a header cannot be parsed",
        ),
    };
    let body = serde_json::to_vec(&ErrorBody {
        error: code.to_owned(),
        message: message.to_owned(),
    })
    .expect("an error body always serialises");
    (
        HeaderValue::from_static("application/json"),
        Bytes::from(body),
    )
}
