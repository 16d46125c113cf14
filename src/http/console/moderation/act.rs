use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::{claim_and_show, moderator};
use crate::auth::staff::Session;
use crate::error::AppError;
use crate::http::console::page::{check_post, ConsoleError};
use crate::http::extract::path_id;
use crate::moderation::model::StaffAction;
use crate::moderation::queue::ActionRequest;
use crate::moderation::Moderation;

#[derive(Deserialize)]
pub struct ActionForm {
    csrf: String,
    action: StaffAction,
    rule: String,
    reason: String,
    /// Sent by every form; only restrict and suspend use it.
    duration_days: Option<String>,
}

/// Takes the action, then claims the next item.
pub async fn act(
    req: HttpRequest,
    session: Session,
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
    form: web::Form<ActionForm>,
) -> Result<HttpResponse, ConsoleError> {
    let actor = moderator(&session)?;
    check_post(&req, &session, &form.csrf)?;
    let ActionForm { action, rule, reason, duration_days, .. } = form.into_inner();
    let duration_days = match duration_days.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(days) if action.needs_duration() => {
            Some(days.parse().map_err(|_| AppError::bad_request("invalid_duration", "the duration is a number of days"))?)
        }
        _ => None,
    };
    moderation.act(&actor, path_id(&path, "moderation item")?, ActionRequest { action, reason, rule, duration_days }).await?;
    Ok(claim_and_show(&moderation, &session).await?)
}
