use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::moderation::Moderation;
use crate::policy::proposals::{Proposal, Reason};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposeRequest {
    /// The whole policy file (TOML); its term files are read from the policy file's folder.
    #[schema(min_length = 1, max_length = 4194304)]
    pub source: String,
    /// Why the change is made.
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub reason: String,
}

/// Proposes a change to the active policy: the file is checked (400 `invalid_policy` with every
/// line and column), recorded, and answered with its impact report: the last week's scans
/// replayed (verdict transitions per category, examples), users newly reaching a frequency step,
/// automatic sanctions, and moderation items a day × the team's median handle time. Nothing goes
/// live until enough ops people approve it.
#[utoipa::path(post, path = "/v1/policies/proposals", tag = "policies", security(("bearer" = [])),
    request_body = ProposeRequest,
    responses(
        (status = 201, body = Proposal),
        (status = 400, body = crate::http::error::ErrorBody, description = "invalid_policy, invalid_reason"),
        (status = 409, body = crate::http::error::ErrorBody, description = "version_exists, already_active, proposal_exists"),
    ))]
pub async fn propose(
    principal: Principal,
    moderation: web::Data<Moderation>,
    body: web::Json<ProposeRequest>,
) -> Result<HttpResponse, AppError> {
    let ProposeRequest { source, reason } = body.into_inner();
    let reason = Reason::parse(&reason)?;
    let (policy, actor) = (moderation.policy.clone(), Actor::from(&principal));
    let proposal = moderation
        .db
        .run(move |conn| policy.propose(conn, &source, &reason, &actor))
        .await?;
    Ok(HttpResponse::Created().json(proposal))
}
