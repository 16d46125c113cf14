use actix_web::{web, HttpResponse};

use crate::audit::Actor;
use crate::auth::cache::TokenCache;
use crate::auth::{self, Principal};
use crate::db::Db;
use crate::error::AppError;
use crate::http::extract::path_id;

/// Revokes a token at once (admin).
#[utoipa::path(delete, path = "/v1/tokens/{id}", tag = "auth", security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)),
    responses(
        (status = 204, description = "revoked"),
        (status = 404, body = crate::http::error::ErrorBody),
    ))]
pub async fn revoke(
    principal: Principal,
    db: web::Data<Db>,
    cache: web::Data<TokenCache>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path_id(&path, "token")?;
    let actor = Actor::from(&principal);
    db.run(move |conn| auth::tokens::revoke(conn, &actor, &id))
        .await?;
    cache.clear();
    Ok(HttpResponse::NoContent().finish())
}
