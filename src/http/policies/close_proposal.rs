use actix_web::web;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::http::extract::path_id;
use crate::moderation::Moderation;
use crate::policy::proposals::{Closing, Proposal, Reason};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub reason: String,
}

async fn close(
    principal: Principal,
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
    body: web::Json<ReasonRequest>,
    outcome: Closing,
) -> Result<web::Json<Proposal>, AppError> {
    let id = path_id(&path, "proposal")?;
    let reason = Reason::parse(&body.reason)?;
    let (policy, actor) = (moderation.policy.clone(), Actor::from(&principal));
    Ok(web::Json(
        moderation
            .db
            .run(move |conn| policy.close_proposal(conn, &id, &actor, outcome, &reason))
            .await?,
    ))
}

/// Turns a pending proposal down, with why (anyone in ops but its proposer).
#[utoipa::path(post, path = "/v1/policies/proposals/{id}/reject", tag = "policies", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)),
    request_body = ReasonRequest,
    responses(
        (status = 200, body = Proposal),
        (status = 403, body = crate::http::error::ErrorBody, description = "four_eyes_required"),
        (status = 404, body = crate::http::error::ErrorBody),
        (status = 409, body = crate::http::error::ErrorBody, description = "proposal_closed"),
    ))]
pub async fn reject_proposal(
    principal: Principal,
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
    body: web::Json<ReasonRequest>,
) -> Result<web::Json<Proposal>, AppError> {
    close(principal, moderation, path, body, Closing::Reject).await
}

/// Withdraws a pending proposal, with why (its proposer; anyone in ops for the server's own).
#[utoipa::path(post, path = "/v1/policies/proposals/{id}/withdraw", tag = "policies", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)),
    request_body = ReasonRequest,
    responses(
        (status = 200, body = Proposal),
        (status = 403, body = crate::http::error::ErrorBody, description = "not_proposer"),
        (status = 404, body = crate::http::error::ErrorBody),
        (status = 409, body = crate::http::error::ErrorBody, description = "proposal_closed"),
    ))]
pub async fn withdraw_proposal(
    principal: Principal,
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
    body: web::Json<ReasonRequest>,
) -> Result<web::Json<Proposal>, AppError> {
    close(principal, moderation, path, body, Closing::Withdraw).await
}
