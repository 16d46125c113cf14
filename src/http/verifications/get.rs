use actix_web::web;

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::http::extract::path_id;
use crate::verification::intake::Intake;
use crate::verification::items::{self, Verification};

/// One verification item with its status and pre-check result (platform, reviewer and up).
#[utoipa::path(get, path = "/v1/verifications/{id}", tag = "verifications", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)),
    responses(
        (status = 200, body = Verification),
        (status = 400, body = crate::http::error::ErrorBody),
        (status = 404, body = crate::http::error::ErrorBody),
    ))]
pub async fn get(
    principal: Principal,
    intake: web::Data<Intake>,
    path: web::Path<String>,
) -> Result<web::Json<Verification>, AppError> {
    let id = path_id(&path, "verification")?;
    Ok(web::Json(
        items::find(&intake.db, &Actor::from(&principal), id).await?,
    ))
}
