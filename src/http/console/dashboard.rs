use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::chart::BarChart;
use super::page::{self, Chrome, ConsoleError};
use super::ConsoleSettings;
use crate::auth::names::Names;
use crate::auth::staff::Session;
use crate::auth::Role;
use crate::db::Db;
use crate::http::console::time::Kst;
use crate::sla::QueueSla;
use crate::verification::stats::{self, Group, VerificationStats, Window};

#[derive(Template)]
#[template(path = "console/dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    stats: VerificationStats,
    group: &'static str,
    volume: BarChart,
    time_to_decision: BarChart,
    /// The signed-in member's row among the reviewers, as `staff:<id>`.
    me: String,
    names: Names,
    /// Each queue against its time target now.
    sla: Vec<QueueSla>,
}

#[derive(Deserialize)]
pub struct DashboardQuery {
    group: Option<Group>,
    days: Option<i64>,
}

fn minutes(seconds: &Option<f64>) -> String {
    seconds.map_or_else(|| "–".to_owned(), |s| format!("{:.1}", s / 60.0))
}

/// Where an overdue item of a queue opens; second reviews open only for their holder.
fn item_link(queue: &str, id: &str) -> Option<String> {
    let base = match queue {
        "verification" => "/console/review",
        "moderation" => "/console/moderation",
        "appeals" => "/console/appeals",
        _ => return None,
    };
    Some(format!("{base}/{id}"))
}

fn percent(ratio: &Option<f64>) -> String {
    ratio.map_or_else(|| "–".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

/// The team's figures as charts: volume and time to decision per hour, day or weekday, the
/// backlog, each reviewer's handle time and second-review error rates.
pub async fn show(
    req: HttpRequest,
    session: Session,
    db: web::Data<Db>,
    settings: web::Data<ConsoleSettings>,
    query: web::Query<DashboardQuery>,
) -> Result<HttpResponse, ConsoleError> {
    session.principal.require(&[Role::Reviewer, Role::Ops])?;
    let group = query.group.unwrap_or(Group::Day);
    let days = query.days.unwrap_or(if group == Group::Hour { 2 } else { 14 }).clamp(1, 366);
    let from = chrono::Utc::now() - chrono::Duration::days(days);
    let window = Window::parse(Some(from), None, Some(group), None)?;
    let mut stats = stats::verification(&db, window).await?;
    let me = session.principal.actor();
    // A reviewer sees their own handle time and error rates; seniors and ops see everyone's.
    if !session.principal.role.grants(Role::Senior) && !session.principal.role.grants(Role::Ops) {
        stats.reviewers.retain(|r| r.reviewer == me);
    }
    let names = Names::load(&db).await?;
    let targets = settings.sla;
    let sla = db.run(move |conn| targets.standing(conn, chrono::Utc::now())).await?;
    let volume = BarChart::grouped(
        &stats.buckets.iter().map(|b| (b.bucket.clone(), vec![b.received as f64, b.decided as f64])).collect::<Vec<_>>(),
        "",
    );
    let time_to_decision = BarChart::grouped(
        &stats.buckets.iter().map(|b| (b.bucket.clone(), vec![b.time_to_decision.median_seconds.unwrap_or(0.0) / 60.0])).collect::<Vec<_>>(),
        " min",
    );
    let group = match group {
        Group::Hour => "hour",
        Group::Day => "day",
        Group::Weekday => "weekday",
    };
    page::render(&DashboardPage { chrome: Chrome::new(&req, Some(&session), "/console/dashboard"), stats, group, volume, time_to_decision, me, names, sla })
}
