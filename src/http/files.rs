//! Answers that carry a user's file.

use actix_web::http::header;
use actix_web::HttpResponse;

use crate::verification::upload::FileType;

/// A user's file as an answer: personal data, so not kept by browsers or proxies and never
/// sniffed into something runnable.
pub fn personal_file(file_type: FileType, name: &str, bytes: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(file_type.mime())
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; sandbox",
        ))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{name}.{}\"", file_type.as_str()),
        ))
        .body(bytes)
}
