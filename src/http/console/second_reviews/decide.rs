use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::{claim_and_show, senior};
use crate::auth::staff::Session;
use crate::http::console::page::{check_post, ConsoleError};
use crate::http::extract::path_id;
use crate::verification::model::Decision;
use crate::verification::review::Review;
use crate::verification::second_review::{self, SecondDecision};

#[derive(Deserialize)]
pub struct SecondDecisionForm {
    csrf: String,
    decision: Decision,
    reason_code: Option<String>,
    note: Option<String>,
    guidance_wrong: Option<bool>,
}

/// Records the senior's own decision, then claims the next second review.
pub async fn decide(
    req: HttpRequest,
    session: Session,
    review: web::Data<Review>,
    path: web::Path<String>,
    form: web::Form<SecondDecisionForm>,
) -> Result<HttpResponse, ConsoleError> {
    let actor = senior(&session)?;
    check_post(&req, &session, &form.csrf)?;
    let SecondDecisionForm {
        decision,
        reason_code,
        note,
        guidance_wrong,
        ..
    } = form.into_inner();
    let verdict = SecondDecision {
        decision,
        reason_code: reason_code.filter(|c| !c.is_empty()),
        note: note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
        guidance_wrong: guidance_wrong.unwrap_or(false),
    };
    second_review::decide(
        &review.db,
        &actor,
        path_id(&path, "second review")?,
        verdict,
    )
    .await?;
    Ok(claim_and_show(&review, &actor).await?)
}
