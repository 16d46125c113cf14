use actix_multipart::Multipart;
use actix_web::{web, HttpRequest, HttpResponse};
use utoipa::ToSchema;

use crate::error::AppError;
use crate::http::form::FormSpec;
use crate::moderation::attachments::MAX_FILES;
use crate::moderation::reports::{ReportReceipt, TakedownSubmission};
use crate::moderation::Moderation;

const FIELDS: &[&str] = &[
    "requester_id",
    "review_id",
    "author_id",
    "snapshot",
    "statement",
];

/// The multipart form, for the API description.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct TakedownForm {
    /// The provider asking.
    requester_id: String,
    review_id: String,
    /// The customer who wrote the review.
    author_id: String,
    /// The review as the provider sees it.
    snapshot: String,
    /// Why it should come down.
    statement: String,
    /// 1 to 10 files: the signed request and supporting evidence (JPEG, PNG, WebP, TIFF or PDF).
    #[schema(value_type = Vec<String>, format = Binary)]
    attachment: Vec<Vec<u8>>,
}

/// A provider's request to take down a customer's review (platform). The law asks for evidence and
/// a signed request, so at least one attachment is required; the request joins the review's
/// moderation item, which only seniors may then claim.
#[utoipa::path(post, path = "/v1/takedown-requests", tag = "moderation", security(("bearer" = [])),
    request_body(content = TakedownForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = ReportReceipt),
        (status = 200, body = ReportReceipt, description = "this provider already asked for this review"),
        (status = 400, body = crate::http::error::ErrorBody, description = "attachments_required and other bad input"),
        (status = 403, body = crate::http::error::ErrorBody),
        (status = 413, body = crate::http::error::ErrorBody),
        (status = 415, body = crate::http::error::ErrorBody),
))]
pub async fn takedown(
    moderation: web::Data<Moderation>,
    req: HttpRequest,
    form: Multipart,
) -> Result<HttpResponse, AppError> {
    let spec = FormSpec {
        max_text_bytes: 64 * 1024,
        ..FormSpec::new(FIELDS, "attachment", MAX_FILES, moderation.limits.max_bytes)
    };
    let mut form = spec.read(&req, form).await?;
    let submission = TakedownSubmission {
        requester_id: form.take("requester_id"),
        review_id: form.take("review_id"),
        author_id: form.take("author_id"),
        snapshot: form.take("snapshot"),
        statement: form.take("statement"),
        attachments: std::mem::take(&mut form.files),
    };
    let receipt = moderation.request_takedown(submission).await?;
    Ok(if receipt.duplicate {
        HttpResponse::Ok().json(receipt)
    } else {
        HttpResponse::Created().json(receipt)
    })
}
