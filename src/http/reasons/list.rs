use actix_web::web;

use crate::error::AppError;
use crate::verification::reasons::{self, Reason};

/// Every reason code a reviewer may give, with the decisions it fits and the provider's message.
#[utoipa::path(get, path = "/v1/verification-reasons", tag = "review", security(("bearer" = [])),
    responses((status = 200, body = Vec<Reason>)))]
pub async fn list() -> Result<web::Json<Vec<Reason>>, AppError> {
    Ok(web::Json(reasons::all().cloned().collect()))
}
