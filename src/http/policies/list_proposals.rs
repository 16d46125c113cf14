use actix_web::web;

use crate::error::AppError;
use crate::moderation::Moderation;
use crate::policy::proposals::Proposal;

/// How many proposals the list shows, newest first.
const LISTED: i64 = 50;

/// The newest 50 policy proposals with their status, approvals, impact reports and shadow figures.
#[utoipa::path(get, path = "/v1/policies/proposals", tag = "policies", security(("bearer" = [])),
    responses((status = 200, body = Vec<Proposal>)))]
pub async fn list_proposals(
    moderation: web::Data<Moderation>,
) -> Result<web::Json<Vec<Proposal>>, AppError> {
    let policy = moderation.policy.clone();
    Ok(web::Json(
        moderation
            .db
            .run(move |conn| policy.proposals(conn, LISTED))
            .await?,
    ))
}
