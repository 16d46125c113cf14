use actix_web::web;

use crate::error::AppError;
use crate::http::extract::path_id;
use crate::moderation::Moderation;
use crate::policy::proposals::Proposal;

/// One policy proposal: its status, approvals, impact report and, once it has run in shadow mode,
/// `shadow`: live scans, how many the candidate would decide otherwise, by transition and
/// category, examples, and how moderators decided the content the two policies disagreed on.
#[utoipa::path(get, path = "/v1/policies/proposals/{id}", tag = "policies", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)),
    responses(
        (status = 200, body = Proposal),
        (status = 404, body = crate::http::error::ErrorBody),
    ))]
pub async fn get_proposal(
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
) -> Result<web::Json<Proposal>, AppError> {
    let id = path_id(&path, "proposal")?;
    let policy = moderation.policy.clone();
    Ok(web::Json(
        moderation
            .db
            .run(move |conn| policy.proposal(conn, &id))
            .await?,
    ))
}
