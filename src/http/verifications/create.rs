use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::audit::Actor;
use crate::auth::Principal;
use crate::error::AppError;
use crate::http::form::FormSpec;
use crate::verification::intake::{Intake, Submission};
use crate::verification::model::Status;

const FIELDS: &[&str] = &["provider_id", "document_type", "claimed"];

#[derive(Serialize, ToSchema)]
pub struct Accepted {
    pub id: String,
    pub status: Status,
}

/// The multipart form, for the API description.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct SubmissionForm {
    provider_id: String,
    /// business_registration, business_report or license
    document_type: String,
    /// JSON: business_number, business_name, representative, opened_on (YYYY-MM-DD), license_name,
    /// license_number, valid_until; each optional.
    claimed: Option<String>,
    /// JPEG, PNG, WebP, TIFF or PDF, judged by content.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Submits a provider's document for verification (platform). Answers once the file and the item
/// are committed; the OCR pre-check runs afterwards. Send `Idempotency-Key` to make retries safe.
#[utoipa::path(post, path = "/v1/verifications", tag = "verifications", security(("bearer" = [])),
    request_body(content = SubmissionForm, content_type = "multipart/form-data"),
    params(("Idempotency-Key" = Option<String>, Header, description = "retries with the same key return the first answer")),
    responses(
        (status = 202, body = Accepted),
        (status = 400, body = crate::http::error::ErrorBody),
        (status = 401, body = crate::http::error::ErrorBody),
        (status = 403, body = crate::http::error::ErrorBody),
        (status = 409, body = crate::http::error::ErrorBody, description = "the key was used for a different submission"),
        (status = 413, body = crate::http::error::ErrorBody),
        (status = 415, body = crate::http::error::ErrorBody),
))]
pub async fn create(
    principal: Principal,
    intake: web::Data<Intake>,
    req: HttpRequest,
    form: Multipart,
) -> Result<HttpResponse, AppError> {
    let key = match req.headers().get("idempotency-key") {
        Some(value) => Some(
            value
                .to_str()
                .map_err(|_| {
                    AppError::bad_request(
                        "invalid_idempotency_key",
                        "Idempotency-Key must be visible ASCII",
                    )
                })?
                .to_owned(),
        ),
        None => None,
    };
    let mut form = FormSpec::new(FIELDS, "file", 1, intake.limits.max_bytes)
        .read(&req, form)
        .await?;
    let submission = Submission {
        provider_id: form.take("provider_id"),
        document_type: form.take("document_type"),
        claimed: form.take("claimed"),
        file: form.files.pop(),
    };
    let item = intake
        .submit(&Actor::from(&principal), submission, key)
        .await?;
    let location = format!("/v1/verifications/{}", item.id);
    Ok(HttpResponse::Accepted()
        .insert_header((header::LOCATION, location))
        .json(Accepted {
            id: item.id.to_string(),
            status: item.status,
        }))
}
