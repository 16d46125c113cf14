use actix_web::{web, HttpResponse};

use crate::error::AppError;
use crate::moderation::reports::{ReportReceipt, ReportRequest};
use crate::moderation::Moderation;

/// Files a user's report on a piece of content. The reports on one piece of content share one
/// moderation item, whose priority grows with each reporter and the gravest reason; 201 for a new
/// report, 200 when this reporter already reported this content (nothing is stored twice).
#[utoipa::path(post, path = "/v1/reports", tag = "moderation", security(("bearer" = [])),
    request_body = ReportRequest,
    responses(
        (status = 201, body = ReportReceipt),
        (status = 200, body = ReportReceipt, description = "already reported by this reporter"),
        (status = 400, body = crate::http::error::ErrorBody),
        (status = 401, body = crate::http::error::ErrorBody),
        (status = 403, body = crate::http::error::ErrorBody),
        (status = 413, body = crate::http::error::ErrorBody),
    ))]
pub async fn create(
    moderation: web::Data<Moderation>,
    body: web::Json<ReportRequest>,
) -> Result<HttpResponse, AppError> {
    let receipt = moderation.report(body.into_inner()).await?;
    Ok(if receipt.duplicate {
        HttpResponse::Ok()
    } else {
        HttpResponse::Created()
    }
    .json(receipt))
}
