use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::TokenView;
use crate::audit::Actor;
use crate::auth::{self, Principal, Role};
use crate::db::Db;
use crate::error::AppError;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateToken {
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub name: String,
    pub role: Role,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedToken {
    #[serde(flatten)]
    pub token: TokenView,
    /// Shown once; only its hash is stored.
    pub secret: String,
}

/// Issues a new service token (admin).
#[utoipa::path(post, path = "/v1/tokens", tag = "auth", security(("bearer" = [])), request_body = CreateToken, responses(
    (status = 201, body = CreatedToken),
    (status = 400, body = crate::http::error::ErrorBody),
    (status = 401, body = crate::http::error::ErrorBody),
    (status = 403, body = crate::http::error::ErrorBody),
))]
pub async fn create(
    principal: Principal,
    db: web::Data<Db>,
    body: web::Json<CreateToken>,
) -> Result<HttpResponse, AppError> {
    let CreateToken { name, role } = body.into_inner();
    let actor = Actor::from(&principal);
    let issued = db
        .run(move |conn| auth::tokens::issue(conn, &actor, &name, role))
        .await?;
    Ok(HttpResponse::Created().json(CreatedToken {
        token: issued.token.into(),
        secret: issued.secret,
    }))
}
