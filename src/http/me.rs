use actix_web::web::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::{Principal, Role};
use crate::db::types::Id;

#[derive(Serialize, ToSchema)]
pub struct Me {
    #[schema(value_type = String, format = Uuid)]
    pub token_id: Id,
    pub name: String,
    pub role: Role,
}

/// Who the presented token belongs to; any role.
#[utoipa::path(get, path = "/v1/me", tag = "auth", security(("bearer" = [])), responses(
    (status = 200, body = Me),
    (status = 401, body = crate::http::error::ErrorBody),
))]
pub async fn get(principal: Principal) -> Json<Me> {
    Json(Me {
        token_id: principal.id,
        name: principal.name,
        role: principal.role,
    })
}
