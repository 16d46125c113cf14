use actix_web::web;

use crate::db::Db;
use crate::error::AppError;
use crate::verification::provider::{self, ProviderVerification};

/// The provider's verification state (unverified, pending, verified, rejected, needs_more,
/// expired) with the decision behind it, in words the provider can read.
#[utoipa::path(get, path = "/v1/providers/{id}/verification", tag = "verifications", security(("bearer" = [])),
    params(("id" = String, Path, description = "the provider id as the platform knows it")),
    responses(
        (status = 200, body = ProviderVerification),
        (status = 400, body = crate::http::error::ErrorBody),
    ))]
pub async fn verification(
    db: web::Data<Db>,
    path: web::Path<String>,
) -> Result<web::Json<ProviderVerification>, AppError> {
    Ok(web::Json(
        provider::verification_of(&db, path.into_inner()).await?,
    ))
}
