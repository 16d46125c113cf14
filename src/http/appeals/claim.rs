use actix_web::{web, HttpResponse};

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::moderation::appeals::{AppealCase, Appeals};

/// Claims the next appeal (bans first, then oldest) for the senior under a lease, with the
/// original content, the decision, the rules and policy version that applied, and the evidence
/// list; never an appeal of the senior's own decision. 204 when nothing waits.
#[utoipa::path(post, path = "/v1/appeals/claim", tag = "appeals", security(("bearer" = [])),
    responses(
        (status = 200, body = AppealCase),
        (status = 204, description = "the queue is empty"),
        (status = 401, body = crate::http::error::ErrorBody),
        (status = 403, body = crate::http::error::ErrorBody),
    ))]
pub async fn claim(
    principal: Principal,
    appeals: web::Data<Appeals>,
) -> Result<HttpResponse, AppError> {
    Ok(match appeals.claim(&Actor::from(&principal)).await? {
        Some(case) => HttpResponse::Ok().json(case),
        None => HttpResponse::NoContent().finish(),
    })
}
