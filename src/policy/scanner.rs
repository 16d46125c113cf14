//! A policy compiled for scanning: one aho-corasick automaton over the letters view holding every
//! term, allow-word, intent marker and detector trigger word, plus the contact-detail detectors and
//! regexes. Built once per policy version; scanning only reads it.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous;
use aho_corasick::{dfa, Anchored, BuildError, MatchKind, PatternID};
use regex::Regex;

use super::file::PolicyFile;
use super::model::{MatchMode, Severity};
use super::normalise::{self, is_word_char, Folded, Folding, View, LATIN};
use super::patterns::{self, Detector, Found, Triggers};
use super::score::{Model, Pairs, Part};

/// What one automaton pattern stands for (several entries can share a normalised string).
#[derive(Debug, Clone, Copy)]
enum Entry {
    Term {
        category: usize,
        term: usize,
        min_len: usize,
        spaced: bool,
    },
    Allow {
        category: usize,
    },
    Raise,
    Lower,
    /// A word a contact-detail detector needs before it is worth running.
    Trigger(Triggers),
}

/// What matched: a listed term, a built-in detector or a category's regex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Term(usize),
    Pattern(Detector),
    Regex(usize),
}

/// One hit in the original text, before intent and rules are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub category: usize,
    pub source: Source,
    pub start: usize,
    pub end: usize,
}

/// Everything one scan found, offsets into the original text.
#[derive(Debug, Default)]
pub struct Scan {
    pub hits: Vec<Hit>,
    pub raise: Vec<(usize, usize)>,
    pub lower: Vec<(usize, usize)>,
    /// The learned score's probability, when the policy has one.
    pub score: Option<f32>,
}

/// What one scan has found so far, across the views it matches.
#[derive(Default)]
struct Findings {
    scan: Scan,
    /// Allow-words: (category, start, end) in the original text.
    allowed: Vec<(usize, usize, usize)>,
    triggers: Triggers,
}

/// The automaton of every word, stepped byte by byte by [`each_match`].
enum Words {
    Dfa(dfa::DFA),
    /// Beyond [`MAX_DFA_PATTERNS`]: slower to step, but its memory stays small.
    Nfa(contiguous::NFA),
}

impl Words {
    fn build(patterns: &[String]) -> Result<Self, BuildError> {
        // No prefilter: Korean text starts a candidate at nearly every syllable.
        Ok(if patterns.len() <= MAX_DFA_PATTERNS {
            Self::Dfa(
                dfa::DFA::builder()
                    .match_kind(MatchKind::Standard)
                    .prefilter(false)
                    .build(patterns)?,
            )
        } else {
            Self::Nfa(
                contiguous::NFA::builder()
                    .match_kind(MatchKind::Standard)
                    .prefilter(false)
                    .build(patterns)?,
            )
        })
    }

    /// Calls `found` with every (overlapping) match in `view`: the pattern, the end of the match
    /// in the view's text and the pattern's length in bytes. `beside` reads every byte too, with
    /// whether it is skipped.
    fn each_match(
        &self,
        view: &View,
        beside: impl FnMut(u8, bool),
        found: impl FnMut(PatternID, usize, usize),
    ) {
        match self {
            Self::Dfa(dfa) => each_match::<_, true>(dfa, view.text.as_bytes(), beside, found),
            Self::Nfa(nfa) => each_match::<_, false>(nfa, view.text.as_bytes(), beside, found),
        }
    }
}

/// The library's overlapping iterator keeps its position in memory and rechecks it per byte; this
/// loop keeps the state in a register, and steps over the separators a letters view keeps. With
/// `STEP_ON_SEPARATORS` (a DFA, whose step is one table load) it takes the step on a separator and
/// throws it away, a select rather than a branch, since separators come at random (measured: ~17%
/// faster at 100 terms); an NFA's step on a separator would follow failure links, so it branches.
/// Each step waits on a table load; work done `beside` it (the learned score) fills that wait.
fn each_match<A: Automaton, const STEP_ON_SEPARATORS: bool>(
    automaton: &A,
    haystack: &[u8],
    mut beside: impl FnMut(u8, bool),
    mut found: impl FnMut(PatternID, usize, usize),
) {
    let Ok(mut state) = automaton.start_state(Anchored::No) else {
        return;
    };
    for (i, &byte) in haystack.iter().enumerate() {
        let skipped = normalise::is_skipped(byte);
        beside(byte, skipped);
        if !STEP_ON_SEPARATORS && skipped {
            continue;
        }
        let next = automaton.next_state(Anchored::No, state, byte);
        state = if skipped { state } else { next };
        // Without a prefilter only match (and dead) states are special.
        if automaton.is_special(state) && !skipped && automaton.is_match(state) {
            for k in 0..automaton.match_len(state) {
                let pattern = automaton.match_pattern(state, k);
                found(pattern, i + 1, automaton.pattern_len(pattern));
            }
        }
    }
}

pub struct Scanner {
    pub policy: PolicyFile,
    words: Words,
    entries: Vec<Vec<Entry>>,
    detectors: Vec<Detector>,
    regexes: Vec<(usize, Regex)>,
    score: Option<Model>,
}

thread_local! {
    /// The letters view each thread reuses from scan to scan.
    static LETTERS: RefCell<View> = RefCell::new(View::default());
}

/// Up to this many automaton patterns get a full DFA (fastest to search, but its memory grows
/// with the patterns: about 30 MB at this size); beyond it, a contiguous NFA.
const MAX_DFA_PATTERNS: usize = 5_000;

impl Scanner {
    pub fn build(policy: PolicyFile) -> Result<Self, String> {
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut entries: Vec<Vec<Entry>> = Vec::new();
        let mut add = |text: &str, entry: Entry| {
            let key = normalise::term(text);
            let id = *ids.entry(key.clone()).or_insert_with(|| {
                patterns.push(key);
                entries.push(Vec::new());
                patterns.len() - 1
            });
            entries[id].push(entry);
        };
        for (c, category) in policy.categories.iter().enumerate() {
            for (t, term) in category.terms.iter().enumerate() {
                let min_len = normalise::letter_count(&term.text);
                let spaced = term.text.contains(char::is_whitespace);
                add(
                    &term.text,
                    Entry::Term {
                        category: c,
                        term: t,
                        min_len,
                        spaced,
                    },
                );
                for masked in normalise::masked_spellings(&term.text) {
                    let min_len = normalise::letter_count(&masked);
                    add(
                        &masked,
                        Entry::Term {
                            category: c,
                            term: t,
                            min_len,
                            spaced,
                        },
                    );
                }
            }
            for word in &category.allow {
                add(word, Entry::Allow { category: c });
            }
        }
        for marker in &policy.intent.raise {
            add(marker, Entry::Raise);
        }
        for marker in &policy.intent.lower {
            add(marker, Entry::Lower);
        }
        let mut detectors: Vec<Detector> = policy
            .categories
            .iter()
            .flat_map(|c| c.patterns.iter().copied())
            .collect();
        detectors.sort();
        detectors.dedup();
        if !detectors.is_empty() {
            for (word, triggers) in patterns::trigger_words() {
                add(word, Entry::Trigger(triggers));
            }
        }
        let words =
            Words::build(&patterns).map_err(|e| format!("building the term automaton: {e}"))?;
        let mut regexes = Vec::new();
        for (c, category) in policy.categories.iter().enumerate() {
            for r in &category.regex {
                // The folded text keeps the case of ASCII letters.
                let re = regex::RegexBuilder::new(r)
                    .case_insensitive(true)
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|e| format!("regex {r:?}: {e}"))?;
                regexes.push((c, re));
            }
        }
        let score = policy.score.as_ref().map(|spec| Model::new(&spec.weights));
        Ok(Self {
            policy,
            words,
            entries,
            detectors,
            regexes,
            score,
        })
    }

    pub fn scan(&self, text: &str) -> Scan {
        LETTERS.with(|letters| self.scan_with(text, &mut letters.borrow_mut()))
    }

    fn scan_with(&self, text: &str, letters: &mut View) -> Scan {
        let (folded, folding) = normalise::fold_into(text, letters);
        // The score reads the letters view in the automaton's loop.
        let mut sum = 0.0;
        let findings = match &self.score {
            Some(model) => {
                let mut pairs = Pairs::new(model.adder(&mut sum));
                let findings =
                    self.find_words(text, &folded, &folding, letters, |byte, skipped| {
                        pairs.byte(byte, skipped)
                    });
                pairs.end();
                findings
            }
            None => self.find_words(text, &folded, &folding, letters, |_, _| {}),
        };
        let Findings {
            mut scan,
            allowed,
            triggers,
        } = findings;
        // An allow-word suppresses a hit only where it covers it in the original text.
        scan.hits.retain(|h| {
            !allowed
                .iter()
                .any(|&(c, s, e)| c == h.category && s <= h.start && h.end <= e)
        });

        if !self.detectors.is_empty() || !self.regexes.is_empty() {
            let mut finds: Vec<Found> = Vec::new();
            patterns::detect(&folded, triggers, &self.detectors, &mut finds);
            for f in finds {
                for (c, category) in self.policy.categories.iter().enumerate() {
                    if category.patterns.contains(&f.detector) {
                        scan.hits.push(Hit {
                            category: c,
                            source: Source::Pattern(f.detector),
                            start: f.start,
                            end: f.end,
                        });
                    }
                }
            }
            for (r, (c, re)) in self.regexes.iter().enumerate() {
                for m in re.find_iter(&folded.text).filter(|m| !m.is_empty()) {
                    let (start, end) = folded.original(m.start(), m.end());
                    scan.hits.push(Hit {
                        category: *c,
                        source: Source::Regex(r),
                        start,
                        end,
                    });
                }
            }
        }
        dedupe(&mut scan.hits);
        scan.score = self.score.as_ref().map(|model| model.probability(sum));
        scan
    }

    /// The letter pairs that raised the learned score of `text` most, heaviest first.
    pub fn explain_score(&self, text: &str, limit: usize) -> Vec<Part> {
        self.score.as_ref().map_or_else(Vec::new, |model| {
            model.explain(&normalise::letters(text).text, limit)
        })
    }

    /// Finds the automaton's words in the letters view and the other views of the folded text;
    /// `beside` reads the letters view's bytes on the way.
    fn find_words(
        &self,
        text: &str,
        folded: &Folded,
        folding: &Folding,
        letters: &View,
        beside: impl FnMut(u8, bool),
    ) -> Findings {
        let mut found = Findings {
            triggers: Triggers::of_characters(folding),
            ..Findings::default()
        };
        self.match_view(text, letters, beside, &mut found);
        // Hangul typed on an English keyboard needs Latin letters.
        if folding.has_any(LATIN) {
            for view in normalise::keyboard_hangul(folded) {
                self.match_view(text, &view, |_, _| {}, &mut found);
            }
        }
        found
    }

    /// The detector triggers a scan of `text` gathers.
    #[cfg(test)]
    pub(crate) fn triggers(&self, text: &str) -> Triggers {
        let mut letters = View::default();
        let (folded, folding) = normalise::fold_into(text, &mut letters);
        self.find_words(text, &folded, &folding, &letters, |_, _| {})
            .triggers
    }

    fn match_view(
        &self,
        text: &str,
        view: &View,
        beside: impl FnMut(u8, bool),
        found: &mut Findings,
    ) {
        self.words.each_match(view, beside, |pattern, end, len| {
            let entries = &self.entries[pattern.as_usize()];
            if let [Entry::Trigger(triggers)] = entries[..] {
                // The common case needs no offsets.
                found.triggers.add(triggers);
                return;
            }
            let (start, end) = view.original(view.start_of(end, len), end);
            for entry in entries {
                match *entry {
                    Entry::Term {
                        category,
                        term,
                        min_len,
                        spaced,
                    } => {
                        let mode = self.policy.categories[category].terms[term].mode;
                        if term_fits(text, start, end, min_len, spaced, mode) {
                            found.scan.hits.push(Hit {
                                category,
                                source: Source::Term(term),
                                start,
                                end,
                            });
                        }
                    }
                    Entry::Allow { category } => found.allowed.push((category, start, end)),
                    Entry::Raise => found.scan.raise.push((start, end)),
                    Entry::Lower => found.scan.lower.push((start, end)),
                    Entry::Trigger(triggers) => found.triggers.add(triggers),
                }
            }
        });
    }

    /// The label a hit shows in verdicts: the term as the policy writes it, `pattern:phone`, or
    /// `regex:<expression>`.
    pub fn label(&self, hit: &Hit) -> String {
        let category = &self.policy.categories[hit.category];
        match &hit.source {
            Source::Term(t) => category.terms[*t].text.clone(),
            Source::Pattern(d) => format!("pattern:{d}"),
            Source::Regex(r) => format!("regex:{}", self.regexes[*r].1.as_str()),
        }
    }

    /// The base severity of a hit: the term's own, else its category's.
    pub fn severity(&self, hit: &Hit) -> Severity {
        let category = &self.policy.categories[hit.category];
        match &hit.source {
            Source::Term(t) => category.terms[*t].severity,
            _ => category.severity,
        }
    }

    /// Whether the hit is under zero tolerance, by its category or its own term.
    pub fn zero_tolerance(&self, hit: &Hit) -> bool {
        let category = &self.policy.categories[hit.category];
        category.zero_tolerance()
            || matches!(hit.source, Source::Term(t) if category.terms[t].zero_tolerance)
    }
}

/// Korean words of two syllables or more that ordinary text is made of, from a frequency list
/// (`data/ordinary-words.txt`, see its notice).
static ORDINARY_WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("data/ordinary-words.txt").lines().collect());

fn is_ordinary_word(word: &str) -> bool {
    ORDINARY_WORDS.contains(word)
}

/// Checks a term hit against the original text: long enough (repeats were folded), not two
/// unrelated words joined across a space (오시 발표), and on a word boundary when asked.
fn term_fits(
    text: &str,
    start: usize,
    end: usize,
    min_len: usize,
    spaced: bool,
    mode: MatchMode,
) -> bool {
    let inner = &text[start..end];
    if normalise::letter_count(inner) < min_len {
        return false;
    }
    let before = text[..start].chars().next_back();
    if !spaced && inner.contains(char::is_whitespace) {
        if before.is_some_and(is_word_char) {
            return false;
        }
        let pieces: Vec<&str> = inner
            .split(char::is_whitespace)
            .filter(|p| !p.is_empty())
            .collect();
        // A word spelt out with spaces has short pieces; two real words do not.
        if pieces[..pieces.len().saturating_sub(1)]
            .iter()
            .any(|p| p.chars().filter(|c| is_word_char(*c)).count() > 2)
        {
            return false;
        }
        // A hit that ends inside an ordinary word joined two words (개새 끼니, 병 신청서); one that
        // ends with its word (씨 발) or inside no known word (씨 발놈아) is spelt out.
        let last = start
            + inner
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
                .map_or(0, |(i, c)| i + c.len_utf8());
        let word_end = end
            + text[end..]
                .find(|c: char| !is_word_char(c))
                .unwrap_or(text.len() - end);
        if word_end > end && is_ordinary_word(&text[last..word_end]) {
            return false;
        }
    }
    if mode == MatchMode::Word {
        if before.is_some_and(is_word_char) {
            return false;
        }
        // Korean particles follow a word directly (ㅅㅂ놈아), so only Latin words must end here.
        let last = inner.chars().next_back();
        let after = text[end..].chars().next();
        if last.is_some_and(|c| c.is_ascii_alphanumeric())
            && after.is_some_and(|c| c.is_ascii_alphanumeric())
        {
            return false;
        }
    }
    true
}

/// Keeps one hit per category and span, and drops hits inside a longer hit of the same category.
fn dedupe(hits: &mut Vec<Hit>) {
    hits.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.category.cmp(&b.category))
    });
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits.drain(..) {
        let covered = kept
            .iter()
            .any(|k| k.category == hit.category && k.start <= hit.start && hit.end <= k.end);
        if !covered {
            kept.push(hit);
        }
    }
    *hits = kept;
}
