//! The policy file: TOML that ops staff edit, parsed and checked into a [`PolicyFile`]. Every
//! problem is reported with its line and column so `checkpoint policy check` can point at it.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::path::{Component, Path};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use toml::Spanned;

use super::model::{Action, MatchMode, Period, PolicyVersion, SanctionKind, Severity};
use super::normalise;
use super::patterns::Detector;
use super::score::{Weights, SCORE_CATEGORY};

/// Policy files larger than this are refused (the default policy is a few kilobytes).
pub const MAX_POLICY_BYTES: usize = 4 * 1024 * 1024;
/// Characters either side of a hit where intent markers count, unless the file says otherwise.
const DEFAULT_INTENT_WINDOW: usize = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// A checked policy, ready to be compiled into a scanner.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyFile {
    pub version: PolicyVersion,
    pub name: String,
    pub description: String,
    /// What each severity does, indexed in severity order.
    pub actions: [Action; 4],
    pub intent: Intent,
    pub categories: Vec<Category>,
    pub frequency: Vec<FrequencyRule>,
    /// The learned score, when the policy has one.
    pub score: Option<ScoreSpec>,
    /// SHA-256 of the file's bytes, hex.
    pub hash: String,
}

/// The learned score ([`super::score`]): at or over `threshold` a text is flagged for a person.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreSpec {
    pub weights_file: String,
    pub threshold: f32,
    #[serde(skip)]
    pub weights: Arc<Weights>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Intent {
    pub window: usize,
    /// Markers that show the user means it ("카톡으로", "직거래", "수수료 없이"): severity + 1.
    pub raise: Vec<String>,
    /// Markers of quoting or reporting ("신고", "라고 했"): severity − 1, no automatic sanction.
    pub lower: Vec<String>,
    /// Categories intent applies to; empty means all.
    pub categories: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub id: String,
    pub description: String,
    pub severity: Severity,
    pub terms: Vec<Term>,
    pub allow: Vec<String>,
    pub patterns: Vec<Detector>,
    pub regex: Vec<String>,
    /// Set when a hit in this category is sanctioned at once (zero tolerance).
    pub sanction: Option<SanctionSpec>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    pub text: String,
    pub mode: MatchMode,
    pub severity: Severity,
    pub zero_tolerance: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SanctionSpec {
    pub kind: SanctionKind,
    /// None: until lifted (always so for bans).
    pub duration: Option<Period>,
    pub appealable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrequencyRule {
    pub id: String,
    pub category: String,
    pub window: Period,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Hits in the window (this one included) that reach this step.
    pub count: u32,
    pub sanction: SanctionSpec,
}

impl Category {
    pub fn zero_tolerance(&self) -> bool {
        self.sanction.is_some()
    }
}

// The file as written, before checking.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    version: Spanned<i64>,
    name: Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    actions: RawActions,
    #[serde(default)]
    intent: RawIntent,
    #[serde(default, rename = "category")]
    categories: Vec<RawCategory>,
    #[serde(default)]
    frequency: Vec<RawFrequency>,
    score: Option<RawScore>,
    /// The term files the categories name, as read with the policy ([`bundle`]).
    #[serde(default)]
    included: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawActions {
    low: Option<Spanned<String>>,
    medium: Option<Spanned<String>>,
    high: Option<Spanned<String>>,
    critical: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawIntent {
    window: Option<Spanned<i64>>,
    #[serde(default)]
    raise: Vec<Spanned<String>>,
    #[serde(default)]
    lower: Vec<Spanned<String>>,
    #[serde(default)]
    categories: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    id: Spanned<String>,
    severity: Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(rename = "match")]
    mode: Option<Spanned<String>>,
    #[serde(default)]
    zero_tolerance: bool,
    sanction: Option<Spanned<RawSanction>>,
    #[serde(default)]
    terms: Vec<Spanned<RawTerm>>,
    /// A file of more terms, one a line, beside the policy file.
    terms_file: Option<Spanned<String>>,
    #[serde(default)]
    allow: Vec<Spanned<String>>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    regex: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawTerm {
    Plain(String),
    Detailed(RawTermDetail),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTermDetail {
    term: String,
    #[serde(rename = "match")]
    mode: Option<String>,
    severity: Option<String>,
    #[serde(default)]
    zero_tolerance: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSanction {
    kind: String,
    duration: Option<String>,
    appealable: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScore {
    weights_file: Spanned<String>,
    threshold: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrequency {
    id: Spanned<String>,
    category: Spanned<String>,
    window: Spanned<String>,
    #[serde(default)]
    step: Vec<Spanned<RawStep>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    count: i64,
    sanction: String,
    duration: Option<String>,
    appealable: Option<bool>,
}

/// Collects errors with positions while checking.
struct Checker<'a> {
    source: &'a str,
    errors: Vec<PolicyError>,
}

impl Checker<'_> {
    fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        let (line, column) = line_column(self.source, span.start);
        self.errors.push(PolicyError {
            line,
            column,
            message: message.into(),
        });
    }

    fn parse<T: std::str::FromStr<Err = String>>(
        &mut self,
        value: &Spanned<String>,
        what: &str,
    ) -> Option<T> {
        value
            .get_ref()
            .parse()
            .map_err(|e| self.error(value.span(), format!("{what}: {e}")))
            .ok()
    }

    fn identifier(&mut self, value: &Spanned<String>, what: &str) -> String {
        let id = value.get_ref();
        let ok = !id.is_empty()
            && id.len() <= 64
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        if !ok {
            self.error(
                value.span(),
                format!("{what} {id:?} must be 1 to 64 of a-z, 0-9, _ and -"),
            );
        }
        id.clone()
    }

    fn sanction(
        &mut self,
        span: Range<usize>,
        kind: &str,
        duration: Option<&str>,
        appealable: Option<bool>,
        default_appealable: bool,
    ) -> Option<SanctionSpec> {
        let kind: SanctionKind = match kind.parse() {
            Ok(kind) => kind,
            Err(e) => {
                self.error(span, format!("sanction: {e}"));
                return None;
            }
        };
        let duration = match (kind, duration) {
            (_, None) | (_, Some("permanent")) => None,
            (SanctionKind::Ban | SanctionKind::Warn, Some(_)) => {
                self.error(span, format!("a {kind} has no duration"));
                return None;
            }
            (_, Some(text)) => match Period::parse(text) {
                Ok(p) => Some(p),
                Err(e) => {
                    self.error(span, e);
                    return None;
                }
            },
        };
        Some(SanctionSpec {
            kind,
            duration,
            appealable: appealable.unwrap_or(default_appealable),
        })
    }

    /// A term, allow-word or marker must keep some letters after normalisation.
    fn words(&mut self, values: &[Spanned<String>], what: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        // A set, not a scan of `out`: lists run to tens of thousands of words.
        let mut seen: HashSet<&str> = HashSet::new();
        for value in values {
            let text = value.get_ref().trim();
            if normalise::term(text).is_empty() {
                self.error(
                    value.span(),
                    format!("{what} {text:?} has no letters or digits to match"),
                );
            } else if !seen.insert(text) {
                self.error(value.span(), format!("{what} {text:?} is listed twice"));
            } else {
                out.push(text.to_owned());
            }
        }
        out
    }
}

/// SHA-256 of a policy file's bytes, hex: how versions are told apart.
pub fn content_hash(source: &str) -> String {
    hex::encode(Sha256::digest(source.as_bytes()))
}

/// The policy `source` with the files it names (its categories' `terms_file`, its score's
/// `weights_file`: paths relative to the policy's folder) appended as its `[included]` table, read
/// by `read`: one text, checked, recorded and hashed as one version, so a changed file is a
/// changed policy. A source that names no file, or carries its files already, is returned as it
/// is; one that does not parse is too, for [`parse`] to report.
pub fn bundle(
    source: &str,
    read: impl Fn(&str) -> Result<String, String>,
) -> Result<String, String> {
    let Ok(table) = source.parse::<toml::Table>() else {
        return Ok(source.to_owned());
    };
    let mut paths: Vec<&str> = table
        .get("category")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|category| category.get("terms_file")?.as_str())
        .chain(
            table
                .get("score")
                .and_then(|score| score.get("weights_file")?.as_str()),
        )
        .collect();
    paths.sort_unstable();
    paths.dedup();
    if paths.is_empty() || table.contains_key("included") {
        return Ok(source.to_owned());
    }
    let mut bundled = source.trim_end().to_owned();
    bundled.push_str("\n\n# The files above, as read with this version.\n[included]\n");
    for path in paths {
        let plain = path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'));
        if !plain
            || !Path::new(path)
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
        {
            return Err(format!(
                "file {path:?} must be a path inside the policy's folder"
            ));
        }
        let text = read(path)?;
        if text.contains("'''") {
            return Err(format!(
                "file {path:?} holds ''', which a policy cannot carry"
            ));
        }
        bundled.push_str(&format!("{path:?} = '''\n{text}'''\n"));
    }
    Ok(bundled)
}

/// Reads the policy file at `path` with its term files, as [`bundle`] joins them.
pub fn read(path: &Path) -> Result<String, String> {
    let source = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    bundle_in(path.parent().unwrap_or(Path::new("")), &source)
}

/// [`bundle`]s `source` with term files read from `folder`.
pub fn bundle_in(folder: &Path, source: &str) -> Result<String, String> {
    let read = |file: &str| {
        std::fs::read_to_string(folder.join(file))
            .map_err(|e| format!("cannot read {}: {e}", folder.join(file).display()))
    };
    bundle(source, read)
}

/// A file the policy names but does not carry: it was read from elsewhere than its folder.
fn not_included(what: &str, path: &str) -> String {
    format!("{what} {path:?} is not included: read the policy from its folder so its files come with it")
}

fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..source.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Parses and checks a policy file. All problems are returned, each with its position.
pub fn parse(source: &str) -> Result<PolicyFile, Vec<PolicyError>> {
    let mut checker = Checker {
        source,
        errors: Vec::new(),
    };
    if source.len() > MAX_POLICY_BYTES {
        checker.error(
            0..0,
            format!("the file is larger than {MAX_POLICY_BYTES} bytes"),
        );
        return Err(checker.errors);
    }
    let raw: RawPolicy = match toml::from_str(source) {
        Ok(raw) => raw,
        Err(e) => {
            checker.error(e.span().unwrap_or(0..0), e.message().to_owned());
            return Err(checker.errors);
        }
    };
    let policy = check(&mut checker, raw);
    if checker.errors.is_empty() {
        Ok(policy)
    } else {
        Err(checker.errors)
    }
}

fn check(c: &mut Checker<'_>, raw: RawPolicy) -> PolicyFile {
    let version = PolicyVersion::parse(*raw.version.get_ref()).unwrap_or_else(|e| {
        c.error(raw.version.span(), e);
        PolicyVersion::parse(1).expect("1 is a valid version")
    });
    let name = c.identifier(&raw.name, "name");

    let defaults = [Action::Allow, Action::Flag, Action::Block, Action::Block];
    let mut actions = defaults;
    for (slot, value) in [
        &raw.actions.low,
        &raw.actions.medium,
        &raw.actions.high,
        &raw.actions.critical,
    ]
    .into_iter()
    .enumerate()
    {
        if let Some(value) = value {
            match c.parse::<Action>(value, "action") {
                Some(Action::Sanction) => c.error(
                    value.span(),
                    "a severity cannot sanction by itself; use zero_tolerance or a frequency rule",
                ),
                Some(action) => actions[slot] = action,
                None => {}
            }
        }
    }

    let included = raw.included;
    let mut categories: Vec<Category> = Vec::new();
    for raw in raw.categories {
        let id = c.identifier(&raw.id, "category id");
        if categories.iter().any(|k| k.id == id) {
            c.error(raw.id.span(), format!("category {id:?} is defined twice"));
        }
        let severity = c
            .parse::<Severity>(&raw.severity, "severity")
            .unwrap_or(Severity::Low);
        let mode = raw
            .mode
            .as_ref()
            .and_then(|m| c.parse::<MatchMode>(m, "match"))
            .unwrap_or(MatchMode::Substring);
        let sanction = match (&raw.sanction, raw.zero_tolerance) {
            (Some(s), _) => {
                let s_ref = s.get_ref();
                c.sanction(
                    s.span(),
                    &s_ref.kind,
                    s_ref.duration.as_deref(),
                    s_ref.appealable,
                    false,
                )
            }
            (None, true) => Some(SanctionSpec {
                kind: SanctionKind::Suspend,
                duration: None,
                appealable: false,
            }),
            (None, false) => None,
        };
        if sanction.is_some_and(|s| s.appealable) {
            if let Some(s) = &raw.sanction {
                c.error(s.span(), "a zero-tolerance sanction cannot be appealable");
            }
        }
        let mut terms: Vec<Term> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        for term in &raw.terms {
            let (text, term_mode, term_severity, zero) = match term.get_ref() {
                RawTerm::Plain(text) => (text.trim().to_owned(), mode, severity, false),
                RawTerm::Detailed(d) => {
                    let m = match d.mode.as_deref().map(str::parse::<MatchMode>) {
                        None => mode,
                        Some(Ok(m)) => m,
                        Some(Err(e)) => {
                            c.error(term.span(), format!("match: {e}"));
                            mode
                        }
                    };
                    let s = match d.severity.as_deref().map(str::parse::<Severity>) {
                        None => severity,
                        Some(Ok(s)) => s,
                        Some(Err(e)) => {
                            c.error(term.span(), format!("severity: {e}"));
                            severity
                        }
                    };
                    (d.term.trim().to_owned(), m, s, d.zero_tolerance)
                }
            };
            if normalise::term(&text).is_empty() {
                c.error(
                    term.span(),
                    format!("term {text:?} has no letters or digits to match"),
                );
            } else if !seen.insert(text.clone()) {
                c.error(
                    term.span(),
                    format!("term {text:?} is listed twice in {id:?}"),
                );
            } else {
                terms.push(Term {
                    text,
                    mode: term_mode,
                    severity: term_severity,
                    zero_tolerance: zero,
                });
            }
        }
        if let Some(path) = &raw.terms_file {
            match included.get(path.get_ref()) {
                None => c.error(path.span(), not_included("terms file", path.get_ref())),
                Some(text) => {
                    for (n, line) in text.lines().enumerate() {
                        let text = line.trim();
                        let problem = if text.is_empty() || text.starts_with('#') {
                            continue;
                        } else if normalise::term(text).is_empty() {
                            "has no letters or digits to match"
                        } else if !seen.insert(text.to_owned()) {
                            "is listed twice"
                        } else {
                            terms.push(Term {
                                text: text.to_owned(),
                                mode,
                                severity,
                                zero_tolerance: false,
                            });
                            continue;
                        };
                        c.error(
                            path.span(),
                            format!(
                                "{}:{}: term {text:?} {problem} in {id:?}",
                                path.get_ref(),
                                n + 1
                            ),
                        );
                    }
                }
            }
        }
        let allow = c.words(&raw.allow, "allow-word");
        let patterns: Vec<Detector> = raw
            .patterns
            .iter()
            .filter_map(|p| c.parse::<Detector>(p, "pattern"))
            .collect();
        let mut regex = Vec::new();
        for r in &raw.regex {
            match regex::RegexBuilder::new(r.get_ref())
                .size_limit(1 << 20)
                .build()
            {
                Ok(_) => regex.push(r.get_ref().clone()),
                Err(e) => c.error(r.span(), format!("regex: {e}")),
            }
        }
        if terms.is_empty() && patterns.is_empty() && regex.is_empty() {
            c.error(
                raw.id.span(),
                format!("category {id:?} has no terms, patterns or regex to match"),
            );
        }
        categories.push(Category {
            id,
            description: raw.description,
            severity,
            terms,
            allow,
            patterns,
            regex,
            sanction,
        });
    }

    let known = |id: &str| categories.iter().any(|k| k.id == id);
    let mut intent_categories = Vec::new();
    for k in &raw.intent.categories {
        if known(k.get_ref()) {
            intent_categories.push(k.get_ref().clone());
        } else {
            c.error(
                k.span(),
                format!("intent names unknown category {:?}", k.get_ref()),
            );
        }
    }
    let window = match &raw.intent.window {
        None => DEFAULT_INTENT_WINDOW,
        Some(w) if (1..=500).contains(w.get_ref()) => *w.get_ref() as usize,
        Some(w) => {
            c.error(w.span(), "intent window is 1 to 500 characters");
            DEFAULT_INTENT_WINDOW
        }
    };
    let intent = Intent {
        window,
        raise: c.words(&raw.intent.raise, "intent marker"),
        lower: c.words(&raw.intent.lower, "intent marker"),
        categories: intent_categories,
    };

    let mut frequency: Vec<FrequencyRule> = Vec::new();
    for rule in raw.frequency {
        let id = c.identifier(&rule.id, "frequency rule id");
        if frequency.iter().any(|f| f.id == id) {
            c.error(
                rule.id.span(),
                format!("frequency rule {id:?} is defined twice"),
            );
        }
        if !known(rule.category.get_ref()) {
            c.error(
                rule.category.span(),
                format!(
                    "frequency rule names unknown category {:?}",
                    rule.category.get_ref()
                ),
            );
        }
        let window = Period::parse(rule.window.get_ref()).unwrap_or_else(|e| {
            c.error(rule.window.span(), e);
            Period::parse("1d").expect("valid period")
        });
        let mut steps: Vec<Step> = Vec::new();
        for step in &rule.step {
            let s = step.get_ref();
            let Ok(count) = u32::try_from(s.count).map_err(|_| ()).and_then(|n| {
                if n == 0 {
                    Err(())
                } else {
                    Ok(n)
                }
            }) else {
                c.error(step.span(), "count is a positive number of hits");
                continue;
            };
            if steps.last().is_some_and(|prev| prev.count >= count) {
                c.error(step.span(), "step counts must increase");
            }
            if let Some(sanction) = c.sanction(
                step.span(),
                &s.sanction,
                s.duration.as_deref(),
                s.appealable,
                true,
            ) {
                steps.push(Step { count, sanction });
            }
        }
        if rule.step.is_empty() {
            c.error(
                rule.id.span(),
                format!("frequency rule {id:?} has no [[frequency.step]]"),
            );
        }
        frequency.push(FrequencyRule {
            id,
            category: rule.category.get_ref().clone(),
            window,
            steps,
        });
    }

    let score = raw.score.and_then(|raw| {
        let path = raw.weights_file.get_ref();
        let threshold = *raw.threshold.get_ref();
        if !(threshold > 0.0 && threshold < 1.0) {
            c.error(
                raw.threshold.span(),
                "threshold is a probability between 0 and 1",
            );
        }
        if categories.iter().any(|k| k.id == SCORE_CATEGORY) {
            c.error(
                raw.weights_file.span(),
                format!("category {SCORE_CATEGORY:?} is the learned score's; name yours otherwise"),
            );
        }
        let Some(text) = included.get(path) else {
            c.error(raw.weights_file.span(), not_included("weights file", path));
            return None;
        };
        match Weights::parse(text) {
            Ok(weights) => Some(ScoreSpec {
                weights_file: path.clone(),
                threshold: threshold as f32,
                weights: Arc::new(weights),
            }),
            Err(e) => {
                c.error(raw.weights_file.span(), format!("{path}: {e}"));
                None
            }
        }
    });

    PolicyFile {
        version,
        name,
        description: raw.description,
        actions,
        intent,
        categories,
        frequency,
        score,
        hash: content_hash(c.source),
    }
}

impl PolicyFile {
    pub fn action_for(&self, severity: Severity) -> Action {
        self.actions[severity as usize]
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
version = 3
name = "marketplace"

[[category]]
id = "profanity"
severity = "medium"
terms = ["씨발", { term = "ㅅㅂ", match = "word" }]
allow = ["시발점"]

[[category]]
id = "fraud"
severity = "critical"
zero_tolerance = true
terms = ["선입금"]

[[frequency]]
id = "profanity_repeat"
category = "profanity"
window = "30d"
[[frequency.step]]
count = 3
sanction = "warn"
[[frequency.step]]
count = 5
sanction = "restrict"
duration = "7d"
"#;

    #[test]
    fn parses_a_small_policy() {
        let p = parse(SMALL).unwrap();
        assert_eq!(p.version.get(), 3);
        assert_eq!(
            p.categories[0].terms[1],
            Term {
                text: "ㅅㅂ".into(),
                mode: MatchMode::Word,
                severity: Severity::Medium,
                zero_tolerance: false
            }
        );
        let fraud = p.category("fraud").unwrap();
        assert_eq!(
            fraud.sanction,
            Some(SanctionSpec {
                kind: SanctionKind::Suspend,
                duration: None,
                appealable: false
            })
        );
        assert_eq!(
            p.frequency[0].steps[1]
                .sanction
                .duration
                .map(|d| d.to_string())
                .as_deref(),
            Some("1w")
        );
        assert_eq!(p.action_for(Severity::Medium), Action::Flag);
        assert_eq!(p.hash.len(), 64);
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let errors = parse("version = 3\nname = \"x\"\n[[category]\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 3, "{errors:?}");
    }

    #[test]
    fn every_semantic_error_is_reported_at_its_place() {
        let source = r#"version = 0
name = "Bad Name"
[actions]
low = "sanction"
[[category]]
id = "a"
severity = "extreme"
terms = ["...", "x", "x"]
patterns = ["fax"]
regex = ["("]
[[category]]
id = "a"
severity = "low"
terms = ["y"]
sanction = { kind = "ban", duration = "7d" }
[[frequency]]
id = "f"
category = "nope"
window = "7 days"
[[frequency.step]]
count = 2
sanction = "warn"
[[frequency.step]]
count = 2
sanction = "jail"
"#;
        let errors = parse(source).unwrap_err();
        let at = |line: usize| errors.iter().filter(|e| e.line == line).count();
        assert_eq!(at(1), 1, "version: {errors:?}");
        assert_eq!(at(2), 1, "name");
        assert_eq!(at(4), 1, "sanction as a severity action");
        assert_eq!(at(7), 1, "severity");
        assert_eq!(at(8), 2, "no letters, listed twice");
        assert_eq!(at(9), 1, "unknown pattern");
        assert_eq!(at(10), 1, "bad regex");
        assert_eq!(at(12), 1, "duplicate category");
        assert_eq!(at(15), 1, "ban with duration");
        assert_eq!(at(18), 1, "unknown category");
        assert_eq!(at(19), 1, "bad window");
        assert_eq!(
            at(23),
            2,
            "non-increasing count, unknown sanction (at the step's header)"
        );
        assert!(errors.iter().all(|e| e.column >= 1));
    }

    #[test]
    fn term_files_are_bundled_with_the_policy_and_checked_with_it() {
        let source = "version = 1\nname = \"x\"\n[[category]]\nid = \"a\"\nseverity = \"medium\"\nterms = [\"one\"]\nterms_file = \"dict/a.txt\"\n";
        let files = |text: &'static str| {
            move |path: &str| {
                if path == "dict/a.txt" {
                    Ok(text.to_owned())
                } else {
                    Err(format!("no {path}"))
                }
            }
        };
        let bundled = bundle(source, files("# comment\n\ntwo\nthree words\n")).unwrap();
        let policy = parse(&bundled).unwrap();
        let terms: Vec<&str> = policy.categories[0]
            .terms
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(terms, ["one", "two", "three words"]);
        // The files are part of the version: another file, another hash.
        assert_ne!(
            parse(&bundle(source, files("two\n")).unwrap())
                .unwrap()
                .hash,
            policy.hash
        );
        assert_eq!(
            bundle(&bundled, files("ignored\n")).unwrap(),
            bundled,
            "a bundled policy carries its files"
        );
        // A file's mistakes name the file and its line; a policy without its files says so.
        let errors = parse(&bundle(source, files("two\none\n...\n")).unwrap()).unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "dict/a.txt:2: term \"one\" is listed twice in \"a\"",
                "dict/a.txt:3: term \"...\" has no letters or digits to match in \"a\""
            ]
        );
        assert!(errors.iter().all(|e| e.line == 7));
        assert!(parse(source).unwrap_err()[0]
            .message
            .contains("not included"));
        // Only files inside the policy's folder are read.
        for path in ["../secret.txt", "/etc/passwd", "dict/a b.txt"] {
            let escaping = source.replace("dict/a.txt", path);
            assert!(
                bundle(&escaping, |_| Ok(String::new()))
                    .unwrap_err()
                    .contains("inside the policy's folder"),
                "{path}"
            );
        }
        assert!(bundle(source, files("a'''b\n")).is_err());
    }

    #[test]
    fn a_score_is_bundled_with_its_weights_and_checked() {
        let source = |threshold: &str| {
            format!("version = 1\nname = \"x\"\n[[category]]\nid = \"a\"\nseverity = \"medium\"\nterms = [\"one\"]\n[score]\nweights_file = \"model/w.tsv\"\nthreshold = {threshold}\n")
        };
        let weights = |text: &'static str| {
            move |path: &str| {
                if path == "model/w.tsv" {
                    Ok(text.to_owned())
                } else {
                    Err(format!("no {path}"))
                }
            }
        };
        let policy =
            parse(&bundle(&source("0.7"), weights("bias\t-2\n1.5\t바보\n")).unwrap()).unwrap();
        let score = policy.score.as_ref().unwrap();
        assert_eq!(
            (
                score.weights_file.as_str(),
                score.threshold,
                score.weights.pairs.len()
            ),
            ("model/w.tsv", 0.7, 1)
        );
        assert_ne!(
            parse(&bundle(&source("0.7"), weights("bias\t-1\n1.5\t바보\n")).unwrap())
                .unwrap()
                .hash,
            policy.hash,
            "the weights are part of the version"
        );
        let message = |source: &str, text: &'static str| {
            parse(&bundle(source, weights(text)).unwrap()).unwrap_err()[0]
                .message
                .clone()
        };
        assert!(message(&source("1.5"), "bias\t0\n").contains("between 0 and 1"));
        assert_eq!(
            message(&source("0.5"), "bias\t0\n1\t가나다\n"),
            "model/w.tsv: line 2: \"가나다\" is not two letters"
        );
        assert!(message(
            &source("0.5").replace("id = \"a\"", "id = \"abuse_score\""),
            "bias\t0\n"
        )
        .contains("learned score's"));
        assert!(parse(&source("0.5")).unwrap_err()[0]
            .message
            .contains("weights file \"model/w.tsv\" is not included"));
    }

    #[test]
    fn unknown_keys_are_errors() {
        let errors = parse("version = 1\nname = \"x\"\nseverity_map = 1\n").unwrap_err();
        assert_eq!(errors[0].line, 3, "{errors:?}");
    }

    #[test]
    fn the_shipped_policy_is_valid() {
        let policy = parse(&crate::policy::default_policy()).unwrap_or_else(|e| panic!("{e:?}"));
        for id in [
            "off_platform_contact",
            "off_platform_payment",
            "fraud",
            "profanity",
            "harassment",
            "sexual",
            "discrimination",
        ] {
            assert!(policy.category(id).is_some(), "{id}");
        }
        assert!(
            policy
                .score
                .as_ref()
                .is_some_and(|s| !s.weights.pairs.is_empty()),
            "the shipped policy has its learned score"
        );
    }
}
