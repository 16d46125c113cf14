use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::senior;
use crate::auth::staff::Session;
use crate::http::console::marks::{segments, Segment};
use crate::http::console::page::{self, Chrome, ConsoleError};
use crate::http::extract::path_id;
use crate::moderation::appeals::{AppealCase, Appeals};

#[derive(Template)]
#[template(path = "console/appeal_item.html")]
struct CasePage {
    chrome: Chrome,
    case: AppealCase,
    held: bool,
    segments: Vec<Segment>,
    /// The scanner's rules that fired, as text.
    rules: Vec<String>,
    /// (outcome, label, key) for each button.
    outcomes: [(&'static str, &'static str, &'static str); 3],
}

pub async fn show(req: HttpRequest, session: Session, appeals: web::Data<Appeals>, path: web::Path<String>) -> Result<HttpResponse, ConsoleError> {
    let actor = senior(&session)?;
    let case = appeals.case(path_id(&path, "appeal")?).await?;
    let held = case.appeal.status == "in_review" && case.claim.by == actor.id;
    let (segments, rules) = match &case.content {
        Some(content) => (
            segments(content.text.as_deref().unwrap_or_default(), &content.matches),
            content.rules.as_array().into_iter().flatten().map(|r| r.as_str().map_or_else(|| r.to_string(), str::to_owned)).collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    let chrome = Chrome::new(&req, Some(&session), "/console/appeals");
    let t = chrome.t;
    let outcomes = [("uphold", t.uphold, "U"), ("overturn", t.overturn, "O"), ("reduce", t.reduce, "R")];
    page::render(&CasePage { chrome, case, held, segments, rules, outcomes })
}
