//! Content with the scanner's matches marked, as moderation and appeal pages show it.

use crate::policy::score::SCORE_CATEGORY;

/// A run of the content, marked when a policy term matched it.
pub struct Segment {
    pub text: String,
    pub category: Option<String>,
}

/// Splits the content at the matches' byte offsets; overlapping or out-of-range matches are skipped,
/// and so is the learned score's, which spans the whole text (the page explains it on its own).
pub fn segments(content: &str, matches: &serde_json::Value) -> Vec<Segment> {
    let mut spans: Vec<(usize, usize, String)> = matches
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| {
            Some((
                m["start"].as_u64()? as usize,
                m["end"].as_u64()? as usize,
                m["category"].as_str()?.to_owned(),
            ))
        })
        .filter(|(_, _, category)| category != SCORE_CATEGORY)
        .filter(|(start, end, _)| {
            start < end
                && *end <= content.len()
                && content.is_char_boundary(*start)
                && content.is_char_boundary(*end)
        })
        .collect();
    spans.sort();
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end, category) in spans {
        if start < at {
            continue;
        }
        if start > at {
            out.push(Segment {
                text: content[at..start].to_owned(),
                category: None,
            });
        }
        out.push(Segment {
            text: content[start..end].to_owned(),
            category: Some(category),
        });
        at = end;
    }
    if at < content.len() {
        out.push(Segment {
            text: content[at..].to_owned(),
            category: None,
        });
    }
    out
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
            {"start": 0, "end": content.len(), "category": "abuse_score"},
        ]);
        let runs = segments(content, &matches);
        let text: Vec<(&str, Option<&str>)> = runs
            .iter()
            .map(|s| (s.text.as_str(), s.category.as_deref()))
            .collect();
        assert_eq!(
            text,
            vec![
                ("연락처 ", None),
                ("010-1234-5678", Some("off_platform_contact")),
                (" ", None),
                ("카톡", Some("off_platform_contact")),
                (" 주세요", None)
            ]
        );
    }
}
