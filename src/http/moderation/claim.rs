use actix_web::{web, HttpResponse};

use crate::audit::Actor;
use crate::auth::{Principal, Role};
use crate::error::AppError;
use crate::moderation::queue::ModerationItem;
use crate::moderation::Moderation;

/// Claims the next moderation item (riskiest, then oldest) for the caller under a lease, with its
/// content, matches and reports; 204 when nothing waits. Review takedown requests go to seniors only.
#[utoipa::path(post, path = "/v1/moderation/claim", tag = "moderation", security(("bearer" = [])),
    responses(
        (status = 200, body = ModerationItem),
        (status = 204, description = "the queue is empty"),
        (status = 401, body = crate::http::error::ErrorBody),
        (status = 403, body = crate::http::error::ErrorBody),
    ))]
pub async fn claim(
    principal: Principal,
    moderation: web::Data<Moderation>,
) -> Result<HttpResponse, AppError> {
    Ok(
        match moderation
            .claim(
                &Actor::from(&principal),
                principal.role.grants(Role::Senior),
            )
            .await?
        {
            Some(item) => HttpResponse::Ok().json(item),
            None => HttpResponse::NoContent().finish(),
        },
    )
}
