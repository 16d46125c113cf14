use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::senior;
use crate::auth::names::Names;
use crate::auth::staff::Session;
use crate::http::console::marks::{segments, Segment};
use crate::http::console::page::{self, Chrome, ConsoleError};
use crate::http::console::time::Kst;
use crate::http::extract::path_id;
use crate::moderation::appeals::{AppealCase, Appeals};
use crate::moderation::history::History;
use crate::moderation::Moderation;

#[derive(Template)]
#[template(path = "console/appeal_item.html")]
struct CasePage {
    chrome: Chrome,
    case: AppealCase,
    held: bool,
    /// RFC 3339, for the page's script to renew the lease in time.
    lease_expires: String,
    segments: Vec<Segment>,
    /// The scanner's rules that fired, as text.
    rules: Vec<String>,
    /// (outcome, label, key) for each button.
    outcomes: [(&'static str, &'static str, &'static str); 3],
    /// The user's moderation history beside the case.
    history: History,
    names: Names,
}

pub async fn show(
    req: HttpRequest,
    session: Session,
    appeals: web::Data<Appeals>,
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let actor = senior(&session)?;
    let case = appeals.case(path_id(&path, "appeal")?).await?;
    let history = moderation.history(case.appeal.user_id.clone()).await?;
    let names = Names::load(&moderation.db).await?;
    let held = case.appeal.status == "in_review" && case.claim.by == actor.id;
    let (segments, rules) = match &case.content {
        Some(content) => (
            segments(
                content.text.as_deref().unwrap_or_default(),
                &content.matches,
            ),
            content
                .rules
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| r.as_str().map_or_else(|| r.to_string(), str::to_owned))
                .collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    let chrome = Chrome::new(&req, Some(&session), "/console/appeals");
    let t = chrome.t;
    let outcomes = [
        ("uphold", t.uphold, "U"),
        ("overturn", t.overturn, "O"),
        ("reduce", t.reduce, "R"),
    ];
    let lease_expires = case
        .claim
        .expires_at
        .map(|t| t.to_rfc3339())
        .unwrap_or_default();
    page::render(&CasePage {
        chrome,
        case,
        held,
        lease_expires,
        segments,
        rules,
        outcomes,
        history,
        names,
    })
}
