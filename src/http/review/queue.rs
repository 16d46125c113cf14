use actix_web::web;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::AppError;
use crate::verification::model::DocumentType;
use crate::verification::review::{QueueFilter, QueueOverview, Review};

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    pub document_type: Option<DocumentType>,
    pub flag: Option<String>,
    /// How many of the next items to list (default 50, at most 500).
    #[param(minimum = 0, maximum = 500)]
    pub limit: Option<i64>,
}

/// What waits: counts per document type and flag, the age of the oldest item, and the next items
/// in claim order.
#[utoipa::path(get, path = "/v1/review/queue", tag = "review", security(("bearer" = [])), params(QueueQuery),
    responses(
        (status = 200, body = QueueOverview),
        (status = 400, body = crate::http::error::ErrorBody),
    ))]
pub async fn queue(
    review: web::Data<Review>,
    query: web::Query<QueueQuery>,
) -> Result<web::Json<QueueOverview>, AppError> {
    let QueueQuery {
        document_type,
        flag,
        limit,
    } = query.into_inner();
    let limit = limit.unwrap_or(50);
    if !(0..=500).contains(&limit) {
        return Err(AppError::bad_request("invalid_limit", "`limit` is 0–500"));
    }
    Ok(web::Json(
        review
            .overview(
                QueueFilter {
                    document_type,
                    flag,
                    skip: None,
                },
                limit,
            )
            .await?,
    ))
}
