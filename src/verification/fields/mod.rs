//! Reads the fields of the documents providers submit from their text lines (OCR or a PDF's
//! text), tolerating OCR noise: labels read with spaces inside (`상 호`), O/0 and l/1 confusions
//! inside numbers, and any kind of dash. `registration` reads 사업자등록증, `permit` reads
//! 영업신고증 and licences.

mod permit;
mod registration;

pub use permit::{extract_permit, PermitFields};
pub use registration::{extract_registration, RegistrationFields};

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*(?:년|[.\-/])\s*(\d{1,2})\s*(?:월|[.\-/])\s*(\d{1,2})\s*일?").unwrap()
});

/// Folds every dash to `-` and, where a character sits among digits, the letters OCR confuses
/// with digits (O→0, l/I/|→1, S→5, B→8).
fn normalise_digits(text: &str) -> String {
    let chars: Vec<char> = text
        .chars()
        .map(|c| match c {
            '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '~' | 'ㅡ' | '一' => '-',
            other => other,
        })
        .collect();
    let near_digit = |i: usize| {
        let is_digitish = |c: char| c.is_ascii_digit() || c == '-';
        (i > 0 && is_digitish(chars[i - 1])) || chars.get(i + 1).is_some_and(|&c| is_digitish(c))
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match c {
            'O' | 'o' | 'D' | 'Q' if near_digit(i) => '0',
            'l' | 'I' | '|' | 'i' | '!' if near_digit(i) => '1',
            'S' | 's' if near_digit(i) => '5',
            'B' if near_digit(i) => '8',
            other => other,
        })
        .collect()
}

/// Every date in the text, in order.
fn parse_dates(text: &str) -> Vec<NaiveDate> {
    let text = normalise_digits(text);
    DATE.captures_iter(&text)
        .filter_map(|c| {
            NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
        })
        .collect()
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    parse_dates(text).into_iter().next()
}

/// Splits a line into its label and the text after it (after a colon, if there is one). Labels
/// are given with spaces removed; list longer ones first so `법인등록번호` wins over `등록번호`.
fn label_of<L: Copy>(line: &str, labels: &[(&str, L)]) -> Option<(L, String)> {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let (label_text, label) = labels
        .iter()
        .find(|(text, _)| compact.starts_with(text))
        .or_else(|| labels.iter().find(|(text, _)| misread_as(text, &compact)))?;
    // Walk the original line past as many non-space characters as the label has.
    let mut remaining = label_text.chars().count();
    let mut rest = line.trim_start();
    while remaining > 0 {
        let c = rest.chars().next()?;
        rest = &rest[c.len_utf8()..];
        if !c.is_whitespace() {
            remaining -= 1;
        }
    }
    let value = rest
        .trim_start()
        .trim_start_matches([':', ';', '：', '.'])
        .trim();
    Some((*label, value.to_owned()))
}

/// Whether `compact` starts with `label` read with a letter or two wrong, as OCR reads the
/// letters of a label spread over a width (`개 업 A 월 일`, `본 at 재 지`): one wrong letter in a
/// label of four or more, two in one of six or more, so short labels still match exactly.
fn misread_as(label: &str, compact: &str) -> bool {
    let n = label.chars().count();
    let allowed = match n {
        0..=3 => return false,
        4 | 5 => 1,
        _ => 2,
    };
    let start: Vec<char> = compact.chars().take(n).collect();
    start.len() == n && label.chars().zip(&start).filter(|(a, b)| a != *b).count() <= allowed
}

/// Matches `word` with any spacing between its characters, as OCR reads spaced labels.
fn spaced(word: &str) -> Regex {
    let pattern: Vec<String> = word
        .chars()
        .map(|c| regex::escape(&c.to_string()))
        .collect();
    Regex::new(&pattern.join(r"\s*")).expect("a literal pattern")
}

static BIRTH_DATE_LABEL: LazyLock<Regex> = LazyLock::new(|| spaced("생년월일"));

/// The text before `label`, and the text after it (less a colon), when it occurs.
fn split_at_label<'a>(value: &'a str, label: &Regex) -> (&'a str, Option<&'a str>) {
    match label.find(value) {
        Some(m) => (
            &value[..m.start()],
            Some(
                value[m.end()..]
                    .trim_start()
                    .trim_start_matches([':', '：']),
            ),
        ),
        None => (value, None),
    }
}

/// A person's name from a 성명/대표자 value, which often carries 생년월일 after the name.
fn person_name(value: &str) -> Option<String> {
    clean_value(split_at_label(value, &BIRTH_DATE_LABEL).0)
}

fn clean_value(value: &str) -> Option<String> {
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    (!value.is_empty()).then_some(value)
}

/// Marks OCR reads from a page's border, table rules and specks, which stand at either end of a
/// line on photographed pages (`| 상 호 : 가나 |`).
const EDGE_NOISE: &[char] = &[
    ' ', '|', '!', '[', ']', 'ㅣ', ':', ';', '\'', '"', ',', '.', '‘', '’', '“', '”', '`', '_',
    'ㆍ', '·', '—', '~',
];

/// The lines with edge noise stripped and empty ones dropped.
fn strip_edge_noise(lines: &[String]) -> Vec<&str> {
    lines
        .iter()
        .map(|l| l.trim_matches(EDGE_NOISE))
        .filter(|l| !l.is_empty())
        .collect()
}
