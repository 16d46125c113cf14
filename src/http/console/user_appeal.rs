//! The users' appeal form, opened from the signed link in their notification: no account, the
//! link itself names the case and the user.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::Utc;

use super::page::{self, Chrome, ConsoleError};
use super::ConsoleSettings;
use crate::audit::Actor;
use crate::error::AppError;
use crate::http::form::FormSpec;
use crate::moderation::appeal_link::LinkClaims;
use crate::moderation::appeals::{AppealSubmission, Appeals};
use crate::moderation::attachments::MAX_FILES;

#[derive(Template)]
#[template(path = "console/user_appeal.html")]
struct AppealFormPage {
    chrome: Chrome,
    claims: LinkClaims,
    /// Set once the appeal is filed.
    filed: bool,
    max_files: usize,
}

fn claims(settings: &ConsoleSettings, token: &str) -> Result<LinkClaims, AppError> {
    let links = settings
        .appeal_links
        .as_ref()
        .ok_or_else(|| AppError::not_found("appeal links are not enabled on this server"))?;
    links.verify(token, Utc::now())
}

pub async fn form(
    req: HttpRequest,
    settings: web::Data<ConsoleSettings>,
    token: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let claims = claims(&settings, &token)?;
    page::render(&AppealFormPage {
        chrome: Chrome::new(&req, None, ""),
        claims,
        filed: false,
        max_files: MAX_FILES,
    })
}

/// Files the appeal as the link's user; the same checks as `POST /v1/appeals` (zero tolerance,
/// one open appeal per case, the deadline, evidence rules) answer with a page saying why.
pub async fn submit(
    req: HttpRequest,
    settings: web::Data<ConsoleSettings>,
    appeals: web::Data<Appeals>,
    token: web::Path<String>,
    body: Multipart,
) -> Result<HttpResponse, ConsoleError> {
    page::check_origin(&req)?;
    let claims = claims(&settings, &token)?;
    let spec = FormSpec {
        max_text_bytes: 32 * 1024,
        ..FormSpec::new(
            &["statement"],
            "evidence",
            MAX_FILES,
            appeals.limits.max_bytes,
        )
    };
    let mut form = spec.read(&req, body).await?;
    let submission = AppealSubmission {
        case_type: Some(claims.case_type.as_str().to_owned()),
        case_id: Some(claims.case_id.clone()),
        user_id: Some(claims.user_id.clone()),
        statement: form.take("statement"),
        evidence: std::mem::take(&mut form.files),
    };
    appeals
        .submit(
            &Actor {
                id: format!("user:{}", claims.user_id),
            },
            submission,
        )
        .await?;
    let page = AppealFormPage {
        chrome: Chrome::new(&req, None, ""),
        claims,
        filed: true,
        max_files: MAX_FILES,
    };
    page::render_with(StatusCode::CREATED, &page)
}
