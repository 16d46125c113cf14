use actix_multipart::{Field, Multipart, MultipartError};
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use futures_util::TryStreamExt;
use serde::Serialize;
use utoipa::ToSchema;

use crate::audit::Actor;
use crate::auth::{Principal, Role};
use crate::error::AppError;
use crate::verification::intake::{Intake, Submission};
use crate::verification::model::Status;

/// Text fields are short; anything longer is not a provider id, a type or a claim.
const MAX_TEXT_FIELD: usize = 16 * 1024;
/// Room for the multipart framing and text fields around the file.
const FORM_OVERHEAD: usize = 64 * 1024;

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
pub async fn create(principal: Principal, intake: web::Data<Intake>, req: HttpRequest, form: Multipart) -> Result<HttpResponse, AppError> {
    principal.require(&[Role::Platform])?;
    let max_file = intake.limits.max_bytes;
    // Refuse a declared oversized body before reading any of it.
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > max_file + FORM_OVERHEAD) {
        return Err(too_large(max_file));
    }
    let key = match req.headers().get("idempotency-key") {
        Some(value) => Some(
            value.to_str().map_err(|_| AppError::bad_request("invalid_idempotency_key", "Idempotency-Key must be visible ASCII"))?.to_owned(),
        ),
        None => None,
    };
    let submission = read_form(form, max_file).await?;
    let item = intake.submit(&Actor::from(&principal), submission, key).await?;
    let location = format!("/v1/verifications/{}", item.id);
    Ok(HttpResponse::Accepted()
        .insert_header((header::LOCATION, location))
        .json(Accepted { id: item.id.to_string(), status: item.status }))
}

async fn read_form(mut form: Multipart, max_file: usize) -> Result<Submission, AppError> {
    let mut submission = Submission::default();
    while let Some(field) = form.try_next().await.map_err(form_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        let slot = match name.as_str() {
            "file" => {
                let bytes = read_capped(field, max_file).await?.ok_or_else(|| too_large(max_file))?;
                set_once(&mut submission.file, bytes, &name)?;
                continue;
            }
            "provider_id" => &mut submission.provider_id,
            "document_type" => &mut submission.document_type,
            "claimed" => &mut submission.claimed,
            _ => return Err(AppError::bad_request("unknown_field", format!("unexpected form field {name:?}"))),
        };
        let bytes = read_capped(field, MAX_TEXT_FIELD)
            .await?
            .ok_or_else(|| AppError::bad_request("field_too_long", format!("the field `{name}` is longer than {MAX_TEXT_FIELD} bytes")))?;
        let text = String::from_utf8(bytes).map_err(|_| AppError::bad_request("invalid_field", format!("the field `{name}` is not UTF-8 text")))?;
        set_once(slot, text, &name)?;
    }
    Ok(submission)
}

fn set_once<T>(slot: &mut Option<T>, value: T, name: &str) -> Result<(), AppError> {
    if slot.replace(value).is_some() {
        return Err(AppError::bad_request("duplicate_field", format!("the field `{name}` was sent twice")));
    }
    Ok(())
}

/// The field's bytes, or `None` as soon as they pass `cap` (the rest is not read).
async fn read_capped(mut field: Field, cap: usize) -> Result<Option<Vec<u8>>, AppError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.try_next().await.map_err(form_error)? {
        if bytes.len() + chunk.len() > cap {
            return Ok(None);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Some(bytes))
}

fn too_large(max_file: usize) -> AppError {
    AppError::payload_too_large(format!("the file may be at most {max_file} bytes"))
}

fn form_error(err: MultipartError) -> AppError {
    match err {
        MultipartError::ContentTypeMissing | MultipartError::ContentTypeParse | MultipartError::ContentTypeIncompatible => {
            AppError::unsupported_media_type("send the submission as multipart/form-data")
        }
        other => AppError::bad_request("invalid_form", format!("the multipart body could not be read: {other}")),
    }
}
