use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::{claim_and_show, reviewer};
use crate::auth::staff::Session;
use crate::http::console::page::{check_post, ConsoleError};
use crate::http::extract::path_id;
use crate::verification::model::Decision;
use crate::verification::reasons;
use crate::verification::review::{DecisionRequest, QueueFilter, Review};

#[derive(Deserialize)]
pub struct DecisionForm {
    csrf: String,
    decision: Decision,
    reason_code: Option<String>,
    note: Option<String>,
    /// For request_more: one document a line, preset from the reason.
    documents: Option<String>,
}

/// Records the decision, then claims the next item so the reviewer keeps going.
pub async fn decide(
    req: HttpRequest,
    session: Session,
    review: web::Data<Review>,
    path: web::Path<String>,
    form: web::Form<DecisionForm>,
) -> Result<HttpResponse, ConsoleError> {
    let actor = reviewer(&session)?;
    check_post(&req, &session, &form.csrf)?;
    let DecisionForm {
        decision,
        reason_code,
        note,
        documents,
        ..
    } = form.into_inner();
    let reason_code = reason_code.filter(|c| !c.is_empty());
    let mut documents_requested: Vec<String> = documents
        .iter()
        .flat_map(|d| d.lines())
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
        .collect();
    // A page without its script (or a cleared field) asks for the reason's usual documents.
    if decision == Decision::RequestMore && documents_requested.is_empty() {
        documents_requested = reason_code
            .as_deref()
            .and_then(reasons::find)
            .map(|r| r.documents.clone())
            .unwrap_or_default();
    }
    let request = DecisionRequest {
        decision,
        reason_code,
        note: note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
        documents_requested,
        valid_until: None,
    };
    review
        .decide(&actor, path_id(&path, "verification")?, request)
        .await?;
    Ok(claim_and_show(&review, &actor, QueueFilter::default()).await?)
}
