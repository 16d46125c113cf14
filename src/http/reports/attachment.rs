use actix_web::{web, HttpResponse};

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::http::extract::{path_id, path_position};
use crate::http::files::personal_file;
use crate::moderation::attachments::{self, Owner};
use crate::moderation::Moderation;

/// One attachment of a review takedown request (senior; never the platform). Every opening is audited.
#[utoipa::path(get, path = "/v1/reports/{id}/attachments/{position}", tag = "moderation", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "the report"), ("position" = i32, Path, minimum = 1, description = "1-based")),
    responses(
        (status = 200, description = "the file, with its real content type", content_type = "application/octet-stream"),
        (status = 403, body = crate::http::error::ErrorBody),
        (status = 404, body = crate::http::error::ErrorBody),
    ))]
pub async fn attachment(
    principal: Principal,
    moderation: web::Data<Moderation>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, position) = path.into_inner();
    let (id, position) = (path_id(&id, "report")?, path_position(&position)?);
    let (file_type, bytes) = attachments::open(
        &moderation.db,
        &moderation.storage,
        &Actor::from(&principal),
        Owner::Report,
        id,
        position,
    )
    .await?;
    Ok(personal_file(file_type, "attachment", bytes))
}
