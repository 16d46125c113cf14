use actix_web::web;

use crate::error::AppError;
use crate::moderation::scan::{ScanRequest, Verdict};
use crate::moderation::Moderation;

/// Scans a chat message, service request, profile or review and returns the verdict: `allow`,
/// `flag` (delivered, queued for a person), `block` (not delivered) or `sanction` (with the
/// sanction imposed). Match offsets are bytes of the original text.
#[utoipa::path(post, path = "/v1/scan", tag = "moderation", security(("bearer" = [])),
    request_body = ScanRequest,
    responses(
        (status = 200, body = Verdict),
        (status = 400, body = crate::http::error::ErrorBody),
        (status = 401, body = crate::http::error::ErrorBody),
        (status = 403, body = crate::http::error::ErrorBody),
        (status = 413, body = crate::http::error::ErrorBody),
    ))]
pub async fn create(
    moderation: web::Data<Moderation>,
    body: web::Json<ScanRequest>,
) -> Result<web::Json<Verdict>, AppError> {
    Ok(web::Json(moderation.scan(body.into_inner()).await?))
}
