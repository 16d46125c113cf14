use actix_web::{web, HttpResponse};

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::http::policies::close_proposal::ReasonRequest;
use crate::moderation::Moderation;
use crate::policy::active::{ActiveSummary, Rollback};
use crate::policy::proposals::{Proposal, Reason};

/// Activates a recorded version of the active policy again (a rollback, or forward again), with
/// why. With four eyes (`CHECKPOINT_POLICY_APPROVALS` 2 or more) it becomes a proposal that
/// another ops person approves: 202 with the proposal.
#[utoipa::path(post, path = "/v1/policies/{version}/activate", tag = "policies", security(("bearer" = [])),
    params(("version" = i64, Path, description = "a recorded version of the active policy")),
    request_body = ReasonRequest,
    responses(
        (status = 200, body = ActiveSummary, description = "active now"),
        (status = 202, body = Proposal, description = "proposed: waits for a second approval"),
        (status = 400, body = crate::http::error::ErrorBody, description = "invalid_reason"),
        (status = 404, body = crate::http::error::ErrorBody),
        (status = 409, body = crate::http::error::ErrorBody, description = "already_active, proposal_exists"),
    ))]
pub async fn activate(
    principal: Principal,
    moderation: web::Data<Moderation>,
    version: web::Path<i64>,
    body: web::Json<ReasonRequest>,
) -> Result<HttpResponse, AppError> {
    let reason = Reason::parse(&body.reason)?;
    let policy = moderation.policy.clone();
    let actor = Actor::from(&principal);
    let version = version.into_inner();
    let outcome = moderation
        .db
        .run(move |conn| policy.roll_back(conn, version, &actor, &reason))
        .await?;
    Ok(match outcome {
        Rollback::Activated => HttpResponse::Ok().json(moderation.policy.current().summary()),
        Rollback::Proposed(proposal) => HttpResponse::Accepted().json(proposal),
    })
}
