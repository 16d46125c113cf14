use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::moderator;
use crate::auth::staff::Session;
use crate::http::console::marks::{segments, Segment};
use crate::http::console::page::{self, Chrome, ConsoleError};
use crate::http::extract::path_id;
use crate::moderation::history::History;
use crate::moderation::queue::ModerationItem;
use crate::moderation::standing::Standing;
use crate::moderation::Moderation;

#[derive(Template)]
#[template(path = "console/moderation_item.html")]
struct ItemPage {
    chrome: Chrome,
    item: ModerationItem,
    held: bool,
    segments: Vec<Segment>,
    history: History,
    standing: Standing,
    /// `category:<id>` for each category of the active policy, the matched one first.
    rules: Vec<String>,
    /// (action, label, key) for each button.
    actions: [(&'static str, &'static str, &'static str); 6],
}

pub async fn show(req: HttpRequest, session: Session, moderation: web::Data<Moderation>, path: web::Path<String>) -> Result<HttpResponse, ConsoleError> {
    let actor = moderator(&session)?;
    let item = moderation.item(path_id(&path, "moderation item")?).await?;
    let history = moderation.history(item.user_id.clone()).await?;
    let standing = moderation.standing(item.user_id.clone()).await?;
    let segments = segments(item.content.as_deref().unwrap_or_default(), &item.matches);
    let matched = segments.iter().find_map(|s| s.category.clone());
    let mut rules: Vec<String> = moderation.policy.current().scanner.policy.categories.iter().map(|c| format!("category:{}", c.id)).collect();
    if let Some(category) = matched {
        rules.sort_by_key(|r| *r != format!("category:{category}"));
    }
    let held = item.status == "in_review" && item.claim.by == actor.id;
    let chrome = Chrome::new(&req, Some(&session), "/console/moderation");
    let t = chrome.t;
    let actions = [("dismiss", t.dismiss, "D"), ("warn", t.warn, "W"), ("hide", t.hide, "H"), ("restrict", t.restrict, "T"), ("suspend", t.suspend, "U"), ("ban", t.ban, "X")];
    page::render(&ItemPage { chrome, item, held, segments, history, standing, rules, actions })
}
