use actix_web::{web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::audit::Actor;
use crate::auth::Principal;
use crate::db::types::Id;
use crate::error::AppError;
use crate::moderation::Moderation;
use crate::policy::active::{ActiveSummary, Reloaded};

#[derive(Serialize, ToSchema)]
pub struct ReloadResponse {
    /// Whether a new version became active (false: the file holds the active version, or the
    /// change waits as a proposal).
    pub changed: bool,
    /// The proposal the changed file became, with four eyes.
    #[schema(value_type = Option<String>, format = Uuid)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposal_id: Option<Id>,
    pub active: ActiveSummary,
}

/// Reads the policy file and activates it; with four eyes (`CHECKPOINT_POLICY_APPROVALS` 2 or
/// more) a changed file becomes a proposal instead (202). A file with errors is refused with
/// every error (line and column) and the running version stays; a changed file must raise its
/// `version`.
#[utoipa::path(post, path = "/v1/policies/reload", tag = "policies", security(("bearer" = [])),
    responses(
        (status = 200, body = ReloadResponse),
        (status = 202, body = ReloadResponse, description = "proposed: waits for approval"),
        (status = 400, body = crate::http::error::ErrorBody, description = "invalid_policy"),
        (status = 409, body = crate::http::error::ErrorBody, description = "version_exists"),
    ))]
pub async fn reload(
    principal: Principal,
    moderation: web::Data<Moderation>,
) -> Result<HttpResponse, AppError> {
    let policy = moderation.policy.clone();
    let actor = Actor::from(&principal);
    let outcome = moderation
        .db
        .run(move |conn| policy.reload(conn, &actor))
        .await?;
    let active = moderation.policy.current().summary();
    Ok(match outcome {
        Reloaded::Proposed(id) => HttpResponse::Accepted().json(ReloadResponse {
            changed: false,
            proposal_id: Some(id),
            active,
        }),
        other => HttpResponse::Ok().json(ReloadResponse {
            changed: other == Reloaded::Activated,
            proposal_id: None,
            active,
        }),
    })
}
