use actix_web::{web, HttpResponse};

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::http::extract::{path_id, path_position};
use crate::http::files::personal_file;
use crate::moderation::appeals::Appeals;

/// One evidence file of an appeal (senior; never the platform). Every opening is audited.
#[utoipa::path(get, path = "/v1/appeals/{id}/evidence/{position}", tag = "appeals", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid), ("position" = i32, Path, minimum = 1, description = "1-based")),
    responses(
        (status = 200, description = "the file, with its real content type", content_type = "application/octet-stream"),
        (status = 403, body = crate::http::error::ErrorBody),
        (status = 404, body = crate::http::error::ErrorBody),
    ))]
pub async fn evidence(
    principal: Principal,
    appeals: web::Data<Appeals>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, position) = path.into_inner();
    let (id, position) = (path_id(&id, "appeal")?, path_position(&position)?);
    let (file_type, bytes) = appeals
        .open_evidence(&Actor::from(&principal), id, position)
        .await?;
    Ok(personal_file(file_type, "evidence", bytes))
}
