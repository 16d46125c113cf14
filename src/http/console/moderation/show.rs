use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::moderator;
use crate::auth::staff::Session;
use crate::http::console::marks::{segments, Segment};
use crate::http::console::page::{self, Chrome, ConsoleError};
use crate::http::console::time::Kst;
use crate::http::extract::path_id;
use crate::moderation::history::History;
use crate::moderation::queue::ModerationItem;
use crate::moderation::standing::Standing;
use crate::moderation::Moderation;
use crate::policy::score::SCORE_CATEGORY;

#[derive(Template)]
#[template(path = "console/moderation_item.html")]
struct ItemPage {
    chrome: Chrome,
    item: ModerationItem,
    held: bool,
    /// Seniors see takedown requests' attachments.
    senior: bool,
    /// RFC 3339, for the page's script to renew the lease in time.
    lease_expires: String,
    segments: Vec<Segment>,
    history: History,
    standing: Standing,
    /// The suggested rule, then `category:<id>` for each category of the active policy.
    rules: Vec<String>,
    /// When the learned score flagged the item: the letter pairs that weighed most, as (pair with
    /// ␣ for a word's edge, times it occurs, weight).
    score_why: Vec<(String, usize, String)>,
    /// (action, label, key) for each button.
    actions: [(&'static str, &'static str, &'static str); 6],
}

pub async fn show(
    req: HttpRequest,
    session: Session,
    moderation: web::Data<Moderation>,
    path: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let actor = moderator(&session)?;
    let item = moderation.item(path_id(&path, "moderation item")?).await?;
    let history = moderation.history(item.user_id.clone()).await?;
    let standing = moderation.standing(item.user_id.clone()).await?;
    let segments = segments(item.content.as_deref().unwrap_or_default(), &item.matches);
    let policy = moderation.policy.current();
    let categories: Vec<&str> = policy
        .scanner
        .policy
        .categories
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    // The suggested rule first (it is what the form sends), then every category of the policy.
    let suggested = item.suggested_rule(&categories);
    let rules: Vec<String> = suggested
        .iter()
        .cloned()
        .chain(
            categories
                .iter()
                .map(|c| format!("category:{c}"))
                .filter(|r| Some(r) != suggested.as_ref()),
        )
        .collect();
    let scored = item
        .matches
        .as_array()
        .is_some_and(|all| all.iter().any(|m| m["category"] == SCORE_CATEGORY));
    let score_why = match (&item.content, scored) {
        (Some(content), true) => policy
            .scanner
            .explain_score(content, 8)
            .into_iter()
            .map(|part| {
                (
                    part.pair.replace(' ', "␣"),
                    part.count,
                    format!("{:.2}", part.weight),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    let held = item.status == "in_review" && item.claim.by == actor.id;
    let chrome = Chrome::new(&req, Some(&session), "/console/moderation");
    let t = chrome.t;
    let actions = [
        ("dismiss", t.dismiss, "D"),
        ("warn", t.warn, "W"),
        ("hide", t.hide, "H"),
        ("restrict", t.restrict, "T"),
        ("suspend", t.suspend, "U"),
        ("ban", t.ban, "X"),
    ];
    let lease_expires = item
        .claim
        .expires_at
        .map(|t| t.to_rfc3339())
        .unwrap_or_default();
    let senior = session.principal.role.grants(crate::auth::Role::Senior);
    page::render(&ItemPage {
        chrome,
        item,
        held,
        senior,
        lease_expires,
        segments,
        history,
        standing,
        rules,
        score_why,
        actions,
    })
}
