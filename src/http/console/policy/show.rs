use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::staff::Session;
use crate::auth::Role;
use crate::db::Db;
use crate::error::AppError;
use crate::http::console::page::{self, Chrome, ConsoleError};
use crate::moderation::stats::{self, ModerationStats};
use crate::moderation::Moderation;
use crate::policy::active::{ActiveSummary, PolicyHistory};
use crate::policy::backtest::Report;
use crate::verification::stats::Window;

/// How far back the overturn rates look.
const RATES_DAYS: i64 = 30;

#[derive(Template)]
#[template(path = "console/policy.html")]
pub struct PolicyPage {
    chrome: Chrome,
    active: ActiveSummary,
    history: PolicyHistory,
    /// (from, to, changes) when two versions were compared.
    diff: Option<(i64, i64, Vec<String>)>,
    /// A candidate file's backtest, with the file as sent.
    backtest: Option<(Report, String)>,
    rates: ModerationStats,
}

#[derive(Deserialize)]
pub struct DiffQuery {
    from: Option<i64>,
    to: Option<i64>,
}

/// Everything the policy page shows; `backtest` when a candidate was just tried.
pub async fn policy_page(
    req: &HttpRequest,
    session: &Session,
    moderation: &Moderation,
    db: &Db,
    versions: Option<(i64, i64)>,
    backtest: Option<(Report, String)>,
) -> Result<PolicyPage, AppError> {
    let policy = moderation.policy.clone();
    let active = policy.current().summary();
    let (history, diff) = moderation
        .db
        .run(move |conn| {
            let diff = versions.map(|(from, to)| policy.diff_versions(conn, from, to).map(|changes| (from, to, changes))).transpose()?;
            Ok((policy.history(conn)?, diff))
        })
        .await?;
    let from = chrono::Utc::now() - chrono::Duration::days(RATES_DAYS);
    let rates = stats::moderation(db, Window::parse(Some(from), None, None, None)?).await?;
    Ok(PolicyPage { chrome: Chrome::new(req, Some(session), "/console/policy"), active, history, diff, backtest, rates })
}

/// The active policy, every version and activation, a diff between two versions (`?from=&to=`),
/// and how often each category's and rule's sanctions were overturned (ops only).
pub async fn show(
    req: HttpRequest,
    session: Session,
    moderation: web::Data<Moderation>,
    db: web::Data<Db>,
    query: web::Query<DiffQuery>,
) -> Result<HttpResponse, ConsoleError> {
    session.principal.require(&[Role::Ops])?;
    let versions = query.from.zip(query.to);
    page::render(&policy_page(&req, &session, &moderation, &db, versions, None).await?)
}
