use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use utoipa::ToSchema;

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::http::form::FormSpec;
use crate::moderation::appeals::{AppealSubmission, AppealView, Appeals};
use crate::moderation::attachments::MAX_FILES;

const FIELDS: &[&str] = &["case_type", "case_id", "user_id", "statement"];

/// The multipart form, for the API description.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AppealForm {
    /// sanction or verification
    case_type: String,
    /// The sanction's id (from a verdict or a moderation action) or the verification's id.
    case_id: String,
    user_id: String,
    /// The user's case in their own words, up to 5,000 characters.
    statement: String,
    /// Up to 10 files (JPEG, PNG, WebP, TIFF or PDF, judged by content), each within the document
    /// upload limits.
    #[schema(value_type = Vec<String>, format = Binary)]
    evidence: Vec<Vec<u8>>,
}

/// Files a user's appeal with their evidence (platform). Answers once the appeal and its files are
/// committed. A zero-tolerance sanction answers 409 `not_appealable` and nothing is stored; so do
/// a case with an open appeal (`appeal_open`) and one decided longer ago than the deadline
/// (`deadline_passed`).
#[utoipa::path(post, path = "/v1/appeals", tag = "appeals", security(("bearer" = [])),
    request_body(content = AppealForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = AppealView),
        (status = 400, body = crate::http::error::ErrorBody),
        (status = 403, body = crate::http::error::ErrorBody),
        (status = 404, body = crate::http::error::ErrorBody, description = "the user has no such sanction or verification"),
        (status = 409, body = crate::http::error::ErrorBody, description = "not_appealable, appeal_open, deadline_passed, case_closed or not_rejected"),
        (status = 413, body = crate::http::error::ErrorBody),
        (status = 415, body = crate::http::error::ErrorBody),
))]
pub async fn create(
    principal: Principal,
    appeals: web::Data<Appeals>,
    req: HttpRequest,
    form: Multipart,
) -> Result<HttpResponse, AppError> {
    let spec = FormSpec {
        max_text_bytes: 32 * 1024,
        ..FormSpec::new(FIELDS, "evidence", MAX_FILES, appeals.limits.max_bytes)
    };
    let mut form = spec.read(&req, form).await?;
    let submission = AppealSubmission {
        case_type: form.take("case_type"),
        case_id: form.take("case_id"),
        user_id: form.take("user_id"),
        statement: form.take("statement"),
        evidence: std::mem::take(&mut form.files),
    };
    let appeal = appeals.submit(&Actor::from(&principal), submission).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/v1/appeals/{}", appeal.id)))
        .json(appeal))
}
