use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::show::{policy_page, Backtest};
use crate::auth::staff::Session;
use crate::auth::Role;
use crate::db::Db;
use crate::http::console::i18n::{error_text, Lang};
use crate::http::console::page::{self, check_post, ConsoleError};
use crate::moderation::Moderation;

/// The stored scans a console backtest replays: the last week, at most this many.
const DAYS: i64 = 7;
const MAX_SCANS: i64 = 200_000;

#[derive(Deserialize)]
pub struct BacktestForm {
    csrf: String,
    candidate: String,
}

/// Replays the last week's stored scans under the active policy and under the pasted candidate
/// file, and shows what would change; nothing is activated.
pub async fn backtest(
    req: HttpRequest,
    session: Session,
    moderation: web::Data<Moderation>,
    db: web::Data<Db>,
    form: web::Form<BacktestForm>,
) -> Result<HttpResponse, ConsoleError> {
    session.principal.require(&[Role::Ops])?;
    check_post(&req, &session, &form.csrf)?;
    let BacktestForm { candidate, .. } = form.into_inner();
    let (policy, source) = (moderation.policy.clone(), candidate.clone());
    let from = chrono::Utc::now().naive_utc() - chrono::Duration::days(DAYS);
    let outcome = moderation
        .db
        .run(move |conn| policy.backtest_candidate(conn, &source, from, MAX_SCANS))
        .await;
    // A candidate with errors comes back in the form, with the errors above it.
    let (status, backtest) = match outcome {
        Ok(report) => (
            StatusCode::OK,
            Backtest {
                candidate,
                report: Some(report),
                error: None,
            },
        ),
        Err(error) if error.code == "invalid_policy" => {
            let lang = Lang::of(&req);
            let message = format!(
                "{} {}",
                error_text(lang, error.code).unwrap_or_default(),
                error.message
            );
            (
                StatusCode::BAD_REQUEST,
                Backtest {
                    candidate,
                    report: None,
                    error: Some(message),
                },
            )
        }
        Err(error) => return Err(error.into()),
    };
    page::render_with(
        status,
        &policy_page(&req, &session, &moderation, &db, None, backtest).await?,
    )
}
