use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::{claim_and_show, senior};
use crate::auth::staff::Session;
use crate::http::console::page::{check_post, form_days, ConsoleError};
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
    let OutcomeForm {
        outcome,
        note,
        duration_days,
        ..
    } = form.into_inner();
    let duration_days = form_days(duration_days.as_deref(), outcome == AppealOutcome::Reduce)?;
    appeals
        .decide(
            &actor,
            path_id(&path, "appeal")?,
            AppealDecision {
                outcome,
                note,
                duration_days,
            },
        )
        .await?;
    Ok(claim_and_show(&appeals, &actor).await?)
}
