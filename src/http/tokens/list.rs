use actix_web::web::{self, Json};

use super::TokenView;
use crate::db::{self, Db};
use crate::error::AppError;

/// Every token, active and revoked (admin).
#[utoipa::path(get, path = "/v1/tokens", tag = "auth", security(("bearer" = [])), responses(
    (status = 200, body = Vec<TokenView>),
    (status = 401, body = crate::http::error::ErrorBody),
    (status = 403, body = crate::http::error::ErrorBody),
))]
pub async fn list(db: web::Data<Db>) -> Result<Json<Vec<TokenView>>, AppError> {
    let rows = db.run(db::tokens::list).await?;
    Ok(Json(rows.into_iter().map(TokenView::from).collect()))
}
