use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::names::Names;
use crate::auth::staff::Session;
use crate::auth::Role;
use crate::db::Db;
use crate::error::AppError;
use crate::http::console::page::{self, Chrome, ConsoleError};
use crate::http::console::time::Kst;
use crate::moderation::stats::{self, ModerationStats};
use crate::moderation::Moderation;
use crate::policy::active::{ActiveSummary, PolicyHistory};
use crate::policy::backtest::Report;
use crate::policy::proposals::Proposal;
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
    /// The versions the compare form starts on: those compared, else the version before the
    /// active one (or, at the oldest, the next) and the active one.
    compare: (i64, i64),
    backtest: Backtest,
    rates: ModerationStats,
    /// Newest first; pending ones carry their buttons.
    proposals: Vec<Proposal>,
    /// Who is looking, as proposals name people: their own proposal they withdraw, not approve.
    me: String,
    approvals: u32,
    /// Staff by name instead of their actor ids.
    names: Names,
}

impl PolicyPage {
    fn shadowing(&self, p: &Proposal) -> bool {
        p.shadow.as_ref().is_some_and(|s| s.stopped_at.is_none())
    }
}

/// How many proposals the page lists.
const PROPOSALS_SHOWN: i64 = 20;

/// The backtest form's state: the candidate as sent, and its report or why it could not run.
#[derive(Default)]
pub struct Backtest {
    pub candidate: String,
    pub reason: String,
    pub report: Option<Report>,
    pub error: Option<String>,
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
    backtest: Backtest,
) -> Result<PolicyPage, AppError> {
    let policy = moderation.policy.clone();
    let active = policy.current().summary();
    let (history, diff, proposals) = moderation
        .db
        .run(move |conn| {
            let diff = versions
                .map(|(from, to)| {
                    policy
                        .diff_versions(conn, from, to)
                        .map(|changes| (from, to, changes))
                })
                .transpose()?;
            Ok((
                policy.history(conn)?,
                diff,
                policy.proposals(conn, PROPOSALS_SHOWN)?,
            ))
        })
        .await?;
    let from = chrono::Utc::now() - chrono::Duration::days(RATES_DAYS);
    let rates = stats::moderation(db, Window::parse(Some(from), None, None, None)?).await?;
    let versions_recorded = history.versions.iter().map(|v| v.version);
    let before = versions_recorded
        .clone()
        .filter(|v| *v < active.version)
        .max();
    let from = before
        .or_else(|| versions_recorded.filter(|v| *v > active.version).min())
        .unwrap_or(active.version);
    let compare = versions.unwrap_or((from, active.version));
    Ok(PolicyPage {
        chrome: Chrome::new(req, Some(session), "/console/policy"),
        active,
        history,
        diff,
        compare,
        backtest,
        rates,
        proposals,
        me: crate::audit::Actor::from(&session.principal).id,
        names: Names::load(db).await?,
        approvals: moderation.policy.approvals(),
    })
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
    page::render(
        &policy_page(
            &req,
            &session,
            &moderation,
            &db,
            versions,
            Backtest::default(),
        )
        .await?,
    )
}
