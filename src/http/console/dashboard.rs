use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::chart::BarChart;
use super::i18n::{in_words, Lang, Texts};
use super::page::{self, Chrome, ConsoleError};
use crate::auth::names::Names;
use crate::auth::staff::Session;
use crate::auth::Role;
use crate::db::Db;
use crate::http::console::time::Kst;
use crate::moderation::stats::{appeal_activity, moderation_activity};
use crate::sla::{QueueSla, Targets};
use crate::verification::stats::{
    self, Activity, Group, ReviewerFigures, Spread, VerificationStats, Window,
};

/// A queue's figures on one line of the summary.
struct QueueRow {
    queue: &'static str,
    activity: Activity,
}

/// A choice of window and grouping, as a tab.
struct Tab {
    href: String,
    label: &'static str,
    current: bool,
}

struct ReviewerRow {
    figures: ReviewerFigures,
    output: BarChart,
}

#[derive(Template)]
#[template(path = "console/dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    /// Verification items not yet decided.
    backlog: i64,
    /// Second reviews that found an error, per second review.
    error_ratio: Option<f64>,
    tabs: Vec<Tab>,
    queue_tabs: Vec<Tab>,
    queues: Vec<QueueRow>,
    /// The charted queue's name.
    charted: &'static str,
    volume: BarChart,
    time_to_decision: BarChart,
    time_unit: &'static str,
    within_target: BarChart,
    reviewers: Vec<ReviewerRow>,
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
    queue: Option<String>,
}

/// The windows a team lead looks at: the last two days by hour, two weeks and a month by day,
/// four weeks by weekday, a year by month.
const VIEWS: [(Group, i64); 5] = [
    (Group::Hour, 2),
    (Group::Day, 14),
    (Group::Day, 30),
    (Group::Weekday, 28),
    (Group::Month, 365),
];
const QUEUES: [&str; 3] = ["verification", "moderation", "appeals"];

fn view_label(t: &Texts, (group, days): (Group, i64)) -> &'static str {
    match (group, days) {
        (Group::Hour, _) => t.per_hour,
        (Group::Day, 30) => t.per_day_month,
        (Group::Day, _) => t.per_day,
        (Group::Weekday, _) => t.per_weekday,
        (Group::Month, _) => t.per_month,
    }
}

fn group_param(group: Group) -> &'static str {
    match group {
        Group::Hour => "hour",
        Group::Day => "day",
        Group::Weekday => "weekday",
        Group::Month => "month",
    }
}

/// A bucket as the axis shows it: `11-23 23시`, `11-23`, `화`, `2026-11`.
fn bucket_label(lang: Lang, group: Group, key: &str) -> String {
    match group {
        Group::Hour => {
            let (date, hour) = key.split_once('T').unwrap_or((key, ""));
            let date = date.get(5..).unwrap_or(date);
            format!("{date} {hour}{}", lang.pick("시", "h"))
        }
        Group::Day => key.get(5..).unwrap_or(key).to_owned(),
        Group::Weekday => in_words(lang, key).to_owned(),
        Group::Month => key.to_owned(),
    }
}

fn minutes(seconds: &Option<f64>) -> String {
    seconds.map_or_else(|| "–".to_owned(), |s| format!("{:.1}", s / 60.0))
}

/// A wait in the unit that reads best: minutes under three hours, hours under three days, days.
fn duration(seconds: &Option<f64>) -> String {
    match *seconds {
        None => "–".to_owned(),
        Some(s) if s < 3.0 * 3600.0 => format!("{:.0} min", s / 60.0),
        Some(s) if s < 72.0 * 3600.0 => format!("{:.1} h", s / 3600.0),
        Some(s) => format!("{:.1} d", s / 86400.0),
    }
}

fn spread(s: &Spread) -> String {
    format!(
        "{} / {}",
        duration(&s.median_seconds),
        duration(&s.p90_seconds)
    )
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

fn rate(value: &Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.1}"))
}

fn percent(ratio: &Option<f64>) -> String {
    ratio.map_or_else(|| "–".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

/// Decisions by kind in words, most first: `승인 12 · 반려 3`.
fn by_kind(lang: &Lang, activity: &Activity) -> String {
    let mut kinds: Vec<(&String, &usize)> = activity.by_outcome.iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(a.1));
    kinds
        .iter()
        .map(|(kind, n)| format!("{} {n}", in_words(*lang, kind)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The charted queue's volume, time to decision (median and p90) and share within target.
fn charts(
    lang: Lang,
    group: Group,
    activity: &Activity,
) -> (BarChart, BarChart, &'static str, BarChart) {
    let t = lang.texts();
    let x_title = match group {
        Group::Hour => t.axis_hour,
        Group::Day => t.axis_day,
        Group::Weekday => t.axis_weekday,
        Group::Month => t.axis_month,
    };
    let label = |key: &str| bucket_label(lang, group, key);
    let volume: Vec<(String, Vec<Option<f64>>)> = activity
        .buckets
        .iter()
        .map(|b| {
            (
                label(&b.bucket),
                vec![Some(b.received as f64), Some(b.decided as f64)],
            )
        })
        .collect();
    let longest = activity
        .buckets
        .iter()
        .filter_map(|b| b.time_to_decision.p90_seconds)
        .fold(0.0, f64::max);
    let (per, unit, y_title) = if longest >= 3.0 * 3600.0 {
        (3600.0, " h", t.axis_hours)
    } else {
        (60.0, " min", t.axis_minutes)
    };
    let times: Vec<(String, Vec<Option<f64>>)> = activity
        .buckets
        .iter()
        .map(|b| {
            (
                label(&b.bucket),
                vec![
                    b.time_to_decision.median_seconds.map(|s| s / per),
                    b.time_to_decision.p90_seconds.map(|s| s / per),
                ],
            )
        })
        .collect();
    let within: Vec<(String, Vec<Option<f64>>)> = activity
        .buckets
        .iter()
        .map(|b| (label(&b.bucket), vec![b.within_target.map(|r| r * 100.0)]))
        .collect();
    (
        BarChart::grouped(&volume, "", x_title, t.axis_items),
        BarChart::grouped(&times, unit, x_title, y_title),
        unit.trim(),
        BarChart::grouped(&within, "%", x_title, t.axis_share),
    )
}

/// The team's figures: each queue's volume, time to decision against its target, actions and
/// overturn rate; where the queues stand now; each reviewer's output, handle time and error rates.
pub async fn show(
    req: HttpRequest,
    session: Session,
    db: web::Data<Db>,
    targets: web::Data<Targets>,
    query: web::Query<DashboardQuery>,
) -> Result<HttpResponse, ConsoleError> {
    session.principal.require(&[Role::Reviewer, Role::Ops])?;
    let chrome = Chrome::new(&req, Some(&session), "/console/dashboard");
    let (lang, t) = (chrome.lang, chrome.t);
    let group = query.group.unwrap_or(Group::Day);
    let days = query
        .days
        .unwrap_or_else(|| {
            VIEWS
                .iter()
                .find(|(g, _)| *g == group)
                .map_or(14, |(_, d)| *d)
        })
        .clamp(1, 366);
    let charted = QUEUES
        .into_iter()
        .find(|q| query.queue.as_deref() == Some(*q))
        .unwrap_or("verification");
    let from = chrono::Utc::now() - chrono::Duration::days(days);
    let window = Window::parse(Some(from), None, Some(group), None)?;
    let targets = **targets;
    // Independent reads, each on its own pooled connection, side by side.
    let (stats, moderation, appeals, sla, names) = futures_util::try_join!(
        stats::verification(&db, window.clone(), targets.verification),
        moderation_activity(&db, window.clone(), targets.moderation),
        appeal_activity(&db, window, targets.appeals),
        db.run(move |conn| targets.standing(conn, chrono::Utc::now())),
        Names::load(&db),
    )?;
    let VerificationStats {
        activity: verification,
        backlog,
        mut reviewers,
        quality,
        ..
    } = stats;
    let me = session.principal.actor();
    // A reviewer sees their own handle time and error rates; seniors and ops see everyone's.
    if !session.principal.role.grants(Role::Senior) && !session.principal.role.grants(Role::Ops) {
        reviewers.retain(|r| r.reviewer == me);
    }
    let bucket_names: Vec<String> = verification
        .buckets
        .iter()
        .map(|b| bucket_label(lang, group, &b.bucket))
        .collect();
    let reviewers = reviewers
        .into_iter()
        .map(|figures| {
            let output: Vec<(String, f64)> = bucket_names
                .iter()
                .cloned()
                .zip(figures.output.iter().map(|n| *n as f64))
                .collect();
            ReviewerRow {
                output: BarChart::sparkline(&output),
                figures,
            }
        })
        .collect();
    let (volume, time_to_decision, time_unit, within_target) = match charted {
        "moderation" => charts(lang, group, &moderation),
        "appeals" => charts(lang, group, &appeals),
        _ => charts(lang, group, &verification),
    };
    let link = |g: Group, d: i64, q: &str| {
        format!(
            "/console/dashboard?group={}&days={d}&queue={q}",
            group_param(g)
        )
    };
    let tabs = VIEWS
        .into_iter()
        .map(|view| Tab {
            href: link(view.0, view.1, charted),
            label: view_label(t, view),
            current: view == (group, days),
        })
        .collect();
    let queue_tabs = QUEUES
        .into_iter()
        .map(|q| Tab {
            href: link(group, days, q),
            label: in_words(lang, q),
            current: q == charted,
        })
        .collect();
    let queues = vec![
        QueueRow {
            queue: "verification",
            activity: verification,
        },
        QueueRow {
            queue: "moderation",
            activity: moderation,
        },
        QueueRow {
            queue: "appeals",
            activity: appeals,
        },
    ];
    page::render(&DashboardPage {
        chrome,
        backlog,
        error_ratio: quality.error_ratio,
        tabs,
        queue_tabs,
        queues,
        charted,
        volume,
        time_to_decision,
        time_unit,
        within_target,
        reviewers,
        me,
        names,
        sla,
    })
}
