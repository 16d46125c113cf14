use actix_web::{web, HttpResponse};

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::http::extract::path_id;
use crate::http::files::personal_file;
use crate::verification::intake::Intake;
use crate::verification::items;

/// The submitted document itself (reviewer and up; never the platform). Every opening is audited.
#[utoipa::path(get, path = "/v1/verifications/{id}/file", tag = "verifications", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)),
    responses(
        (status = 200, description = "the document, with its real content type", content_type = "application/octet-stream"),
        (status = 403, body = crate::http::error::ErrorBody),
        (status = 404, body = crate::http::error::ErrorBody),
    ))]
pub async fn file(
    principal: Principal,
    intake: web::Data<Intake>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path_id(&path, "verification")?;
    let (file_type, bytes) = items::open_file(&intake, &Actor::from(&principal), id).await?;
    Ok(personal_file(file_type, "document", bytes))
}
