use actix_web::web;

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::http::extract::path_id;
use crate::moderation::Moderation;
use crate::policy::proposals::Proposal;

async fn shadow(
    principal: Principal,
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
    on: bool,
) -> Result<web::Json<Proposal>, AppError> {
    let id = path_id(&path, "proposal")?;
    let (policy, actor) = (moderation.policy.clone(), Actor::from(&principal));
    Ok(web::Json(
        moderation
            .db
            .run(move |conn| policy.set_shadow(conn, &id, &actor, on))
            .await?,
    ))
}

/// Runs a pending proposal beside the active policy on every live scan, on every instance within
/// seconds, never acting on its verdicts; one candidate at a time (another in shadow mode stops).
/// The figures start again from zero.
#[utoipa::path(post, path = "/v1/policies/proposals/{id}/shadow", tag = "policies", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)),
    responses(
        (status = 200, body = Proposal),
        (status = 404, body = crate::http::error::ErrorBody),
        (status = 409, body = crate::http::error::ErrorBody, description = "proposal_closed"),
    ))]
pub async fn start_shadow(
    principal: Principal,
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
) -> Result<web::Json<Proposal>, AppError> {
    shadow(principal, moderation, path, true).await
}

/// Takes a proposal out of shadow mode; its figures stay.
#[utoipa::path(delete, path = "/v1/policies/proposals/{id}/shadow", tag = "policies", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)),
    responses(
        (status = 200, body = Proposal),
        (status = 404, body = crate::http::error::ErrorBody),
        (status = 409, body = crate::http::error::ErrorBody, description = "proposal_closed"),
    ))]
pub async fn stop_shadow(
    principal: Principal,
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
) -> Result<web::Json<Proposal>, AppError> {
    shadow(principal, moderation, path, false).await
}
