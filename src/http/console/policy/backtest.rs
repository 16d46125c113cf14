use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use serde::Deserialize;

use super::change::proposal_anchor;
use super::show::{policy_page, Backtest};
use crate::audit::Actor;
use crate::auth::staff::Session;
use crate::auth::Role;
use crate::db::Db;
use crate::error::{AppError, ErrorKind};
use crate::http::console::i18n::{error_text, Lang};
use crate::http::console::page::{self, check_post, see_other, ConsoleError};
use crate::moderation::Moderation;
use crate::policy::proposals::{Reason, BACKTEST_DAYS, BACKTEST_MAX_SCANS};

#[derive(Deserialize)]
pub struct CandidateForm {
    csrf: String,
    candidate: String,
    /// Why the change is proposed (proposing only).
    #[serde(default)]
    reason: String,
}

/// The policy page with the pasted candidate kept and, where the server turned it down for
/// something the user can fix, why, above it.
async fn answer(
    req: &HttpRequest,
    session: &Session,
    moderation: &Moderation,
    db: &Db,
    form: CandidateForm,
    outcome: Result<Option<crate::policy::backtest::Report>, AppError>,
) -> Result<HttpResponse, ConsoleError> {
    let (status, report, error) = match outcome {
        Ok(report) => (StatusCode::OK, report, None),
        Err(error) if matches!(error.kind, ErrorKind::BadRequest | ErrorKind::Conflict) => {
            let lang = Lang::of(req);
            let message = format!(
                "{} {}",
                error_text(lang, error.code).unwrap_or_default(),
                error.message
            );
            (error.status_code(), None, Some(message))
        }
        Err(error) => return Err(error.into()),
    };
    let backtest = Backtest {
        candidate: form.candidate,
        reason: form.reason,
        report,
        error,
    };
    page::render_with(
        status,
        &policy_page(req, session, moderation, db, None, backtest).await?,
    )
}

/// Replays the last week's stored scans under the active policy and under the pasted candidate
/// file, and shows what would change; nothing is activated.
pub async fn backtest(
    req: HttpRequest,
    session: Session,
    moderation: web::Data<Moderation>,
    db: web::Data<Db>,
    form: web::Form<CandidateForm>,
) -> Result<HttpResponse, ConsoleError> {
    session.principal.require(&[Role::Ops])?;
    check_post(&req, &session, &form.csrf)?;
    let form = form.into_inner();
    let (policy, source) = (moderation.policy.clone(), form.candidate.clone());
    let from = chrono::Utc::now().naive_utc() - chrono::Duration::days(BACKTEST_DAYS);
    let outcome = moderation
        .db
        .run(move |conn| policy.backtest_candidate(conn, &source, from, BACKTEST_MAX_SCANS))
        .await
        .map(Some);
    answer(&req, &session, &moderation, &db, form, outcome).await
}

/// Proposes the pasted candidate with a reason; the page then shows the proposal and its report.
pub async fn propose(
    req: HttpRequest,
    session: Session,
    moderation: web::Data<Moderation>,
    db: web::Data<Db>,
    form: web::Form<CandidateForm>,
) -> Result<HttpResponse, ConsoleError> {
    session.principal.require(&[Role::Ops])?;
    check_post(&req, &session, &form.csrf)?;
    let form = form.into_inner();
    let (policy, actor, source, reason) = (
        moderation.policy.clone(),
        Actor::from(&session.principal),
        form.candidate.clone(),
        form.reason.clone(),
    );
    let outcome = moderation
        .db
        .run(move |conn| policy.propose(conn, &source, &Reason::parse(&reason)?, &actor))
        .await;
    match outcome {
        Ok(proposal) => Ok(see_other(&proposal_anchor(&proposal.id))),
        Err(error) => answer(&req, &session, &moderation, &db, form, Err(error)).await,
    }
}
