use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::{claim_and_show, senior};
use crate::auth::staff::Session;
use crate::error::AppError;
use crate::http::console::page::{check_post, ConsoleError};
use crate::http::extract::path_id;
use crate::moderation::appeals::{AppealDecision, Appeals};
use crate::moderation::model::AppealOutcome;

#[derive(Deserialize)]
pub struct OutcomeForm {
    csrf: String,
    outcome: AppealOutcome,
    note: String,
    /// Sent by every form; only reduce uses it.
    duration_days: Option<String>,
}

/// Records the outcome, then claims the next appeal.
pub async fn decide(
    req: HttpRequest,
    session: Session,
    appeals: web::Data<Appeals>,
    path: web::Path<String>,
    form: web::Form<OutcomeForm>,
) -> Result<HttpResponse, ConsoleError> {
    let actor = senior(&session)?;
    check_post(&req, &session, &form.csrf)?;
    let OutcomeForm { outcome, note, duration_days, .. } = form.into_inner();
    let duration_days = match duration_days.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(days) if outcome == AppealOutcome::Reduce => {
            Some(days.parse().map_err(|_| AppError::bad_request("invalid_duration", "the duration is a number of days"))?)
        }
        _ => None,
    };
    appeals.decide(&actor, path_id(&path, "appeal")?, AppealDecision { outcome, note, duration_days }).await?;
    Ok(claim_and_show(&appeals, &actor).await?)
}
