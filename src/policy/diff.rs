//! What changed between two policy files, one line per change: `+` added, `-` removed, `~` changed.

use std::fmt::Display;

use super::file::{Category, FrequencyRule, PolicyFile, SanctionSpec, ScoreSpec, Step};
use super::model::Severity;

fn sanction_text(s: &Option<SanctionSpec>) -> String {
    match s {
        None => "none".to_owned(),
        Some(s) => spec_text(s),
    }
}

fn spec_text(s: &SanctionSpec) -> String {
    let mut text = s.kind.to_string();
    if let Some(d) = s.duration {
        text.push_str(&format!(" {d}"));
    }
    if !s.appealable {
        text.push_str(" (no appeal)");
    }
    text
}

fn steps_text(steps: &[Step]) -> String {
    steps
        .iter()
        .map(|s| format!("{}: {}", s.count, spec_text(&s.sanction)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds `+`/`-` lines for items of `new`/`old` missing from the other.
fn set_changes<T: PartialEq + Display>(out: &mut Vec<String>, what: &str, old: &[T], new: &[T]) {
    for item in new.iter().filter(|i| !old.contains(i)) {
        out.push(format!("+ {what} {item}"));
    }
    for item in old.iter().filter(|i| !new.contains(i)) {
        out.push(format!("- {what} {item}"));
    }
}

fn changed<T: PartialEq + Display>(out: &mut Vec<String>, what: &str, old: T, new: T) {
    if old != new {
        out.push(format!("~ {what}: {old} → {new}"));
    }
}

fn quoted(items: &[String]) -> Vec<String> {
    items.iter().map(|t| format!("{t:?}")).collect()
}

fn category(out: &mut Vec<String>, old: &Category, new: &Category) {
    let id = &new.id;
    changed(out, &format!("{id} severity"), old.severity, new.severity);
    changed(
        out,
        &format!("{id} zero tolerance"),
        sanction_text(&old.sanction),
        sanction_text(&new.sanction),
    );
    let terms = |c: &Category| c.terms.iter().map(|t| t.text.clone()).collect::<Vec<_>>();
    set_changes(
        out,
        &format!("{id} term"),
        &quoted(&terms(old)),
        &quoted(&terms(new)),
    );
    for t in &new.terms {
        if let Some(o) = old.terms.iter().find(|o| o.text == t.text) {
            changed(
                out,
                &format!("{id} term {:?} match", t.text),
                o.mode,
                t.mode,
            );
            changed(
                out,
                &format!("{id} term {:?} severity", t.text),
                o.severity,
                t.severity,
            );
            changed(
                out,
                &format!("{id} term {:?} zero tolerance", t.text),
                o.zero_tolerance,
                t.zero_tolerance,
            );
        }
    }
    set_changes(
        out,
        &format!("{id} allow"),
        &quoted(&old.allow),
        &quoted(&new.allow),
    );
    set_changes(out, &format!("{id} pattern"), &old.patterns, &new.patterns);
    set_changes(
        out,
        &format!("{id} regex"),
        &quoted(&old.regex),
        &quoted(&new.regex),
    );
}

fn score_text(score: &Option<ScoreSpec>) -> String {
    match score {
        None => "none".to_owned(),
        Some(s) => format!(
            "{} at {:.2}, {} pairs, bias {:.3}",
            s.weights_file,
            s.threshold,
            s.weights.pairs.len(),
            s.weights.bias
        ),
    }
}

fn frequency(out: &mut Vec<String>, old: &FrequencyRule, new: &FrequencyRule) {
    let id = &new.id;
    changed(
        out,
        &format!("frequency {id} category"),
        &old.category,
        &new.category,
    );
    changed(
        out,
        &format!("frequency {id} window"),
        old.window,
        new.window,
    );
    changed(
        out,
        &format!("frequency {id} steps"),
        steps_text(&old.steps),
        steps_text(&new.steps),
    );
}

pub fn diff(old: &PolicyFile, new: &PolicyFile) -> Vec<String> {
    let mut out = Vec::new();
    changed(&mut out, "name", &old.name, &new.name);
    changed(&mut out, "version", old.version, new.version);
    for (severity, (o, n)) in Severity::ALL
        .iter()
        .zip(old.actions.iter().zip(new.actions.iter()))
    {
        changed(&mut out, &format!("action for {severity}"), o, n);
    }
    changed(
        &mut out,
        "intent window",
        old.intent.window,
        new.intent.window,
    );
    set_changes(
        &mut out,
        "intent raise",
        &quoted(&old.intent.raise),
        &quoted(&new.intent.raise),
    );
    set_changes(
        &mut out,
        "intent lower",
        &quoted(&old.intent.lower),
        &quoted(&new.intent.lower),
    );
    set_changes(
        &mut out,
        "intent category",
        &old.intent.categories,
        &new.intent.categories,
    );
    for c in &new.categories {
        match old.category(&c.id) {
            Some(o) => category(&mut out, o, c),
            None => out.push(format!(
                "+ category {} ({}, {} terms{})",
                c.id,
                c.severity,
                c.terms.len(),
                if c.zero_tolerance() {
                    ", zero tolerance"
                } else {
                    ""
                }
            )),
        }
    }
    for c in old
        .categories
        .iter()
        .filter(|c| new.category(&c.id).is_none())
    {
        out.push(format!("- category {} ({} terms)", c.id, c.terms.len()));
    }
    for f in &new.frequency {
        match old.frequency.iter().find(|o| o.id == f.id) {
            Some(o) => frequency(&mut out, o, f),
            None => out.push(format!(
                "+ frequency {} on {} over {}: {}",
                f.id,
                f.category,
                f.window,
                steps_text(&f.steps)
            )),
        }
    }
    for f in old
        .frequency
        .iter()
        .filter(|o| !new.frequency.iter().any(|f| f.id == o.id))
    {
        out.push(format!("- frequency {}", f.id));
    }
    changed(
        &mut out,
        "score",
        score_text(&old.score),
        score_text(&new.score),
    );
    if let (Some(o), Some(n)) = (&old.score, &new.score) {
        if o.weights != n.weights && score_text(&old.score) == score_text(&new.score) {
            out.push("~ score weights: retrained".to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::file::parse;

    #[test]
    fn lists_changed_terms_and_rules() {
        let old = parse(
            r#"version = 1
name = "m"
[[category]]
id = "profanity"
severity = "medium"
terms = ["씨발", "ㅅㅂ"]
[[frequency]]
id = "p"
category = "profanity"
window = "7d"
[[frequency.step]]
count = 3
sanction = "warn"
"#,
        )
        .unwrap();
        let new = parse(
            r#"version = 2
name = "m"
[actions]
medium = "block"
[[category]]
id = "profanity"
severity = "high"
terms = ["씨발", { term = "ㅅㅂ", match = "word" }, "병신"]
allow = ["시발점"]
[[category]]
id = "fraud"
severity = "critical"
zero_tolerance = true
terms = ["선입금"]
[[frequency]]
id = "p"
category = "profanity"
window = "30d"
[[frequency.step]]
count = 3
sanction = "restrict"
duration = "7d"
"#,
        )
        .unwrap();
        let changes = diff(&old, &new);
        for expected in [
            "~ version: 1 → 2",
            "~ action for medium: flag → block",
            "~ profanity severity: medium → high",
            "+ profanity term \"병신\"",
            "~ profanity term \"ㅅㅂ\" match: substring → word",
            "+ profanity allow \"시발점\"",
            "+ category fraud (critical, 1 terms, zero tolerance)",
            "~ frequency p window: 1w → 30d",
            "~ frequency p steps: 3: warn → 3: restrict 1w",
        ] {
            assert!(
                changes.iter().any(|c| c == expected),
                "missing {expected:?} in {changes:#?}"
            );
        }
        assert!(diff(&new, &new).is_empty());
        assert!(diff(&new, &old).contains(&"- category fraud (1 terms)".to_owned()));
    }

    #[test]
    fn lists_a_changed_score() {
        let policy = |threshold: &str, weights: &str| {
            let source = format!("version = 1\nname = \"m\"\n[[category]]\nid = \"a\"\nseverity = \"medium\"\nterms = [\"바보\"]\n[score]\nweights_file = \"w.tsv\"\nthreshold = {threshold}\n");
            let weights = weights.to_owned();
            parse(&crate::policy::file::bundle(&source, move |_| Ok(weights.clone())).unwrap())
                .unwrap()
        };
        let old = policy("0.5", "bias\t-1\n1.0\t가나\n");
        assert_eq!(diff(&old, &policy("0.6", "bias\t-1\n1.0\t가나\n")), ["~ score: w.tsv at 0.50, 1 pairs, bias -1.000 → w.tsv at 0.60, 1 pairs, bias -1.000"]);
        assert_eq!(
            diff(&old, &policy("0.5", "bias\t-1\n2.0\t가나\n")),
            ["~ score weights: retrained"]
        );
        let without = PolicyFile {
            score: None,
            ..old.clone()
        };
        assert_eq!(
            diff(&without, &old),
            ["~ score: none → w.tsv at 0.50, 1 pairs, bias -1.000"]
        );
    }
}
