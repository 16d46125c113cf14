use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::moderator;
use crate::auth::staff::Session;
use crate::http::console::page::{self, Chrome, ConsoleError};
use crate::http::extract::path_id;
use crate::moderation::history::History;
use crate::moderation::queue::ModerationItem;
use crate::moderation::standing::Standing;
use crate::moderation::Moderation;

/// A run of the content, marked when a policy term matched it.
pub struct Segment {
    pub text: String,
    pub category: Option<String>,
}

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

/// Splits the content at the matches' byte offsets; overlapping or out-of-range matches are skipped.
fn segments(content: &str, matches: &serde_json::Value) -> Vec<Segment> {
    let mut spans: Vec<(usize, usize, String)> = matches
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| Some((m["start"].as_u64()? as usize, m["end"].as_u64()? as usize, m["category"].as_str()?.to_owned())))
        .filter(|(start, end, _)| start < end && *end <= content.len() && content.is_char_boundary(*start) && content.is_char_boundary(*end))
        .collect();
    spans.sort();
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end, category) in spans {
        if start < at {
            continue;
        }
        if start > at {
            out.push(Segment { text: content[at..start].to_owned(), category: None });
        }
        out.push(Segment { text: content[start..end].to_owned(), category: Some(category) });
        at = end;
    }
    if at < content.len() {
        out.push(Segment { text: content[at..].to_owned(), category: None });
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_become_marked_runs() {
        let content = "연락처 010-1234-5678 카톡 주세요";
        let phone = content.find("010").unwrap();
        let kakao = content.find("카톡").unwrap();
        let matches = serde_json::json!([
            {"start": kakao, "end": kakao + "카톡".len(), "category": "off_platform_contact"},
            {"start": phone, "end": phone + 13, "category": "off_platform_contact"},
            {"start": phone + 1, "end": phone + 3, "category": "overlapping"},
            {"start": 1, "end": 2, "category": "inside a character"},
        ]);
        let runs = segments(content, &matches);
        let text: Vec<(&str, Option<&str>)> = runs.iter().map(|s| (s.text.as_str(), s.category.as_deref())).collect();
        assert_eq!(
            text,
            vec![("연락처 ", None), ("010-1234-5678", Some("off_platform_contact")), (" ", None), ("카톡", Some("off_platform_contact")), (" 주세요", None)]
        );
    }
}
