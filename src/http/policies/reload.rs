use actix_web::web;
use serde::Serialize;
use utoipa::ToSchema;

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::moderation::Moderation;
use crate::policy::active::{ActiveSummary, Reloaded};

#[derive(Serialize, ToSchema)]
pub struct ReloadResponse {
    /// Whether a new version became active (false: the file holds the active version).
    pub changed: bool,
    pub active: ActiveSummary,
}

/// Reads the policy file and activates it. A file with errors is refused with every error (line
/// and column) and the running version stays; a changed file must raise its `version`.
#[utoipa::path(post, path = "/v1/policies/reload", tag = "policies", security(("bearer" = [])),
    responses(
        (status = 200, body = ReloadResponse),
        (status = 400, body = crate::http::error::ErrorBody, description = "invalid_policy"),
        (status = 401, body = crate::http::error::ErrorBody),
        (status = 403, body = crate::http::error::ErrorBody),
        (status = 409, body = crate::http::error::ErrorBody, description = "version_exists"),
    ))]
pub async fn reload(
    principal: Principal,
    moderation: web::Data<Moderation>,
) -> Result<web::Json<ReloadResponse>, AppError> {
    let policy = moderation.policy.clone();
    let actor = Actor::from(&principal);
    let outcome = moderation
        .db
        .run(move |conn| policy.reload(conn, &actor))
        .await?;
    Ok(web::Json(ReloadResponse {
        changed: outcome == Reloaded::Activated,
        active: moderation.policy.current().summary(),
    }))
}
