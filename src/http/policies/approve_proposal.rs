use actix_web::web;

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::http::extract::path_id;
use crate::moderation::Moderation;
use crate::policy::proposals::Proposal;

/// Approves a pending proposal. With `CHECKPOINT_POLICY_APPROVALS` people (the proposer counted)
/// it goes live on every instance within seconds; the proposer's own approval is refused with
/// 403 `four_eyes_required` unless one person is enough.
#[utoipa::path(post, path = "/v1/policies/proposals/{id}/approve", tag = "policies", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)),
    responses(
        (status = 200, body = Proposal),
        (status = 403, body = crate::http::error::ErrorBody, description = "four_eyes_required"),
        (status = 404, body = crate::http::error::ErrorBody),
        (status = 409, body = crate::http::error::ErrorBody, description = "proposal_closed, already_approved, version_exists"),
    ))]
pub async fn approve_proposal(
    principal: Principal,
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
) -> Result<web::Json<Proposal>, AppError> {
    let id = path_id(&path, "proposal")?;
    let (policy, actor) = (moderation.policy.clone(), Actor::from(&principal));
    Ok(web::Json(
        moderation
            .db
            .run(move |conn| policy.approve(conn, &id, &actor))
            .await?,
    ))
}
