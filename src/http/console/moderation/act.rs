use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::{claim_and_show, moderator};
use crate::auth::staff::Session;
use crate::http::console::page::{check_post, form_days, ConsoleError};
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
    let ActionForm {
        action,
        rule,
        reason,
        duration_days,
        ..
    } = form.into_inner();
    let duration_days = form_days(duration_days.as_deref(), action.needs_duration())?;
    moderation
        .act(
            &actor,
            path_id(&path, "moderation item")?,
            ActionRequest {
                action,
                reason,
                rule,
                duration_days,
            },
        )
        .await?;
    Ok(claim_and_show(&moderation, &session).await?)
}
