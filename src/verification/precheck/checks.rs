//! The pre-check's findings: each a flag with a stable code, a severity and one sentence a
//! reviewer takes in at a glance; and the risk score that orders the review queue.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::doc_type::{self, TypeEvidence};
use super::{Analysis, Extracted};
use crate::db::types::Id;
use crate::verification::business_number::{BusinessNumber, BusinessNumberError, RegistrantKind};
use crate::verification::model::{Claimed, DocumentType};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    /// What a flag of this severity adds to the risk score.
    pub fn weight(self) -> i32 {
        match self {
            Severity::Low => 5,
            Severity::Medium => 15,
            Severity::High => 40,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Flag {
    pub code: String,
    pub severity: Severity,
    /// The finding in English, with its specifics.
    pub message: String,
    /// The specifics on their own (values read and claimed, items, thresholds), so the console
    /// can say the same in the reviewer's language.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub facts: BTreeMap<String, String>,
}

impl Flag {
    pub fn new(code: &str, severity: Severity, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            severity,
            message: message.into(),
            facts: BTreeMap::new(),
        }
    }

    pub fn with(mut self, fact: &str, value: impl ToString) -> Self {
        self.facts.insert(fact.to_owned(), value.to_string());
        self
    }
}

/// 0–100: the flags' weights added up. High-severity flags put an item at the front of the queue.
pub fn risk_score(flags: &[Flag]) -> i32 {
    flags
        .iter()
        .map(|f| f.severity.weight())
        .sum::<i32>()
        .min(100)
}

/// Thresholds, chosen on the generated test set (see the README's performance section).
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// Shorter than this (pixels, longer side) and 10-point text is under ~8 pixels high.
    pub min_long_side: u32,
    /// Variance of the Laplacian at 1000 px wide below which text edges are smeared.
    pub min_sharpness: f64,
    /// Mean word confidence below which the reading is not to be trusted.
    pub min_confidence: f32,
    /// Similarity (0–1) of normalised names below which they differ.
    pub min_name_similarity: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            min_long_side: 900,
            min_sharpness: 150.0,
            min_confidence: 60.0,
            min_name_similarity: 0.8,
        }
    }
}

/// What the database knows about other providers' earlier submissions that matter to this one.
#[derive(Debug, Clone, Default)]
pub struct Elsewhere {
    pub same_file: Option<(Id, String)>,
    /// The same document (by what was read on it) in another file: rescanned, photographed,
    /// converted to PDF.
    pub same_document: Option<EarlierDocument>,
    pub number_verified: Option<(Id, String)>,
}

#[derive(Debug, Clone)]
pub struct EarlierDocument {
    pub item: Id,
    pub provider: String,
    /// What both documents read alike ([`document_key`]).
    pub key: String,
    pub file_type: String,
}

/// What identifies a document among others on the same form: its number (a business number
/// whose checksum holds, or a licence or report number), else its name and holder together.
/// The form's fixed text, which every certificate shares, plays no part.
pub fn document_key(fields: &Extracted) -> Option<String> {
    let (number, name, holder) = match fields {
        Extracted::Registration(f) => (
            f.business_number
                .as_deref()
                .and_then(|n| BusinessNumber::parse(n).ok())
                .map(|n| n.to_string()),
            f.business_name.as_deref(),
            f.representative.as_deref(),
        ),
        Extracted::Permit(f) => (
            f.number
                .as_deref()
                .map(fold_name)
                .filter(|n| n.chars().filter(char::is_ascii_digit).count() >= 5),
            f.business_name.as_deref(),
            f.representative.as_deref(),
        ),
    };
    if let Some(number) = number {
        return Some(number);
    }
    let (name, holder) = (fold_name(name?), fold_name(holder?));
    (name.chars().count() >= 2 && holder.chars().count() >= 2).then(|| format!("{name} / {holder}"))
}

/// `wrong_document_type` only on positive evidence of another type, stronger than what the page
/// shows of the declared one; a page that shows too little of any type is a low flag of its own.
fn document_type(evidence: &[TypeEvidence], declared: DocumentType, flags: &mut Vec<Flag>) {
    let declared_score = doc_type::score_of(evidence, declared);
    let rival = evidence.iter().find(|e| {
        e.document_type != declared && e.score >= doc_type::RECOGNISED && e.score > declared_score
    });
    if let Some(rival) = rival {
        let cues = rival.cues.join(", ");
        flags.push(
            Flag::new(
                "wrong_document_type",
                Severity::High,
                format!(
                    "declared {declared}, but the page reads as {} ({cues})",
                    rival.document_type
                ),
            )
            .with("declared_type", declared)
            .with("found_type", rival.document_type)
            .with("cues", cues),
        );
    } else if declared_score < doc_type::RECOGNISED {
        flags.push(
            Flag::new(
                "document_type_unrecognised",
                Severity::Low,
                format!("declared {declared}; too little was read to confirm it (no title, labels or issuer of one)"),
            )
            .with("declared_type", declared),
        );
    }
}

fn unread(code: &str, what: &str, claimed: impl ToString) -> Flag {
    let claimed = claimed.to_string();
    Flag::new(
        code,
        Severity::Low,
        format!("{what} could not be read to compare with the claim {claimed:?}"),
    )
    .with("claimed", claimed)
}

pub fn evaluate(
    analysis: &Analysis,
    declared: DocumentType,
    claimed: &Claimed,
    elsewhere: &Elsewhere,
    thresholds: &Thresholds,
    today: NaiveDate,
) -> Vec<Flag> {
    let mut flags = Vec::new();
    image_quality(analysis, thresholds, &mut flags);
    document_type(&analysis.type_evidence, declared, &mut flags);
    match &analysis.fields {
        Extracted::Registration(fields) => {
            number_checks(
                fields.business_number.as_deref(),
                fields.corporate_layout,
                claimed,
                &mut flags,
            );
            let name = fields.business_name.as_deref();
            compare_name(
                ("business_name_mismatch", "business_name_unread"),
                "business name",
                name,
                claimed.business_name.as_deref(),
                thresholds,
                &mut flags,
            );
            compare_name(
                ("representative_mismatch", "representative_unread"),
                "representative",
                fields.representative.as_deref(),
                claimed.representative.as_deref(),
                thresholds,
                &mut flags,
            );
            match (fields.opened_on, claimed.opened_on) {
                (Some(read), Some(claim)) if read != claim => flags.push(
                    Flag::new(
                        "opened_on_mismatch",
                        Severity::Low,
                        format!("opening date reads {read}, claimed {claim}"),
                    )
                    .with("read", read)
                    .with("claimed", claim),
                ),
                (None, Some(claim)) => {
                    flags.push(unread("opened_on_unread", "opening date", claim))
                }
                _ => {}
            }
        }
        Extracted::Permit(fields) => {
            compare_name(
                ("business_name_mismatch", "business_name_unread"),
                "business name",
                fields.business_name.as_deref(),
                claimed.business_name.as_deref(),
                thresholds,
                &mut flags,
            );
            compare_name(
                ("representative_mismatch", "representative_unread"),
                "holder",
                fields.representative.as_deref(),
                claimed.representative.as_deref(),
                thresholds,
                &mut flags,
            );
            compare_name(
                ("license_number_mismatch", "license_number_unread"),
                "licence number",
                fields.number.as_deref(),
                claimed.license_number.as_deref(),
                thresholds,
                &mut flags,
            );
            if let Some(until) = fields.valid_until.or(claimed.valid_until) {
                if until < today {
                    flags.push(
                        Flag::new(
                            "license_expired",
                            Severity::High,
                            format!("valid until {until}: expired"),
                        )
                        .with("until", until),
                    );
                }
            }
        }
    }
    if let Some((id, provider)) = &elsewhere.same_file {
        flags.push(
            Flag::new(
                "duplicate_file",
                Severity::High,
                format!("the same file was submitted by provider {provider} (item {id})"),
            )
            .with("provider", provider)
            .with("item", id),
        );
    }
    if let Some(earlier) = &elsewhere.same_document {
        flags.push(
            Flag::new(
                "duplicate_document",
                Severity::High,
                format!(
                    "the same document (both read as {}) was submitted earlier by provider {} (item {}, {})",
                    earlier.key, earlier.provider, earlier.item, earlier.file_type
                ),
            )
            .with("provider", &earlier.provider)
            .with("item", &earlier.item)
            .with("key", &earlier.key)
            .with("file_type", &earlier.file_type),
        );
    }
    if let Some((id, provider)) = &elsewhere.number_verified {
        flags.push(
            Flag::new(
                "business_number_verified_elsewhere",
                Severity::High,
                format!(
                    "this business number is already verified for provider {provider} (item {id})"
                ),
            )
            .with("provider", provider)
            .with("item", id),
        );
    }
    flags
}

fn image_quality(analysis: &Analysis, thresholds: &Thresholds, flags: &mut Vec<Flag>) {
    if let Some(image) = &analysis.image {
        if image.width.max(image.height) < thresholds.min_long_side {
            flags.push(
                Flag::new(
                    "image_too_small",
                    Severity::Medium,
                    format!(
                        "{}×{} pixels: too small to read reliably",
                        image.width, image.height
                    ),
                )
                .with("width", image.width)
                .with("height", image.height),
            );
        }
        if image.sharpness < thresholds.min_sharpness {
            flags.push(
                Flag::new(
                    "image_blurry",
                    Severity::Medium,
                    format!(
                        "blurry (sharpness {:.0}, below {:.0})",
                        image.sharpness, thresholds.min_sharpness
                    ),
                )
                .with("sharpness", format!("{:.0}", image.sharpness))
                .with("min", format!("{:.0}", thresholds.min_sharpness)),
            );
        }
    }
    if let Some(ocr) = &analysis.ocr {
        if ocr.mean_confidence < thresholds.min_confidence {
            flags.push(
                Flag::new(
                    "low_ocr_confidence",
                    Severity::Medium,
                    format!(
                        "OCR confidence {:.0}% (below {:.0}%): check the extracted values by eye",
                        ocr.mean_confidence, thresholds.min_confidence
                    ),
                )
                .with("confidence", format!("{:.0}", ocr.mean_confidence))
                .with("min", format!("{:.0}", thresholds.min_confidence)),
            );
        }
    }
}

fn number_checks(
    read: Option<&str>,
    corporate_layout: bool,
    claimed: &Claimed,
    flags: &mut Vec<Flag>,
) {
    let Some(read) = read else {
        // Not read is not wrong: the reviewer reads it by eye.
        flags.push(Flag::new(
            "number_unreadable",
            Severity::Low,
            "no business registration number could be read",
        ));
        return;
    };
    let number = match BusinessNumber::parse(read) {
        Ok(number) => number,
        Err(BusinessNumberError::Checksum | BusinessNumberError::Malformed) => {
            flags.push(
                Flag::new(
                    "number_checksum_invalid",
                    Severity::High,
                    format!("the number read, {read}, fails the checksum: misread or forged"),
                )
                .with("read", read),
            );
            return;
        }
    };
    if let Some(claim) = &claimed.business_number {
        if *claim != number.to_string() {
            flags.push(
                Flag::new(
                    "number_mismatch",
                    Severity::High,
                    format!("the document says {number}, the claim {claim}"),
                )
                .with("read", &number)
                .with("claimed", claim),
            );
        }
    }
    let layout_kind = if corporate_layout {
        RegistrantKind::Corporation
    } else {
        RegistrantKind::Individual
    };
    let number_kind = number.kind();
    if number_kind != RegistrantKind::Other && number_kind != layout_kind {
        let says = |k: RegistrantKind| {
            if k == RegistrantKind::Corporation {
                "corporate"
            } else {
                "individual"
            }
        };
        flags.push(
            Flag::new(
                "registrant_kind_mismatch",
                Severity::Medium,
                format!(
                    "the number is a{} {} business's, but the certificate has the {} layout",
                    if number_kind == RegistrantKind::Individual {
                        "n"
                    } else {
                        ""
                    },
                    says(number_kind),
                    says(layout_kind)
                ),
            )
            .with("number_kind", says(number_kind))
            .with("layout_kind", says(layout_kind)),
        );
    }
}

/// `codes`: the flag for a value that differs, and the one for a value that was not read.
fn compare_name(
    (code, unread_code): (&str, &str),
    what: &str,
    read: Option<&str>,
    claimed: Option<&str>,
    thresholds: &Thresholds,
    flags: &mut Vec<Flag>,
) {
    let Some(claimed) = claimed else { return };
    let Some(read) = read else {
        flags.push(unread(unread_code, what, claimed));
        return;
    };
    let similarity = strsim::normalized_levenshtein(&fold_name(read), &fold_name(claimed));
    if similarity < thresholds.min_name_similarity {
        flags.push(
            Flag::new(
                code,
                Severity::Medium,
                format!("{what} reads {read:?}, claimed {claimed:?}"),
            )
            .with("read", read)
            .with("claimed", claimed),
        );
    }
}

/// A branch after a business's name: `(강남지점)`, `( 부산 지사 )`.
static BRANCH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\([^()]*(?:지\s*점|지\s*사|영\s*업\s*소|출\s*장\s*소)\s*\)").unwrap()
});

/// A name reduced to what identifies it: no spacing, punctuation, branch or legal-form markers
/// (주식회사, (주), ㈜, 유한회사…), Latin letters in lower case.
pub fn fold_name(name: &str) -> String {
    let name = BRANCH.replace_all(name, "");
    const FORMS: &[&str] = &[
        "주식회사",
        "(주)",
        "㈜",
        "유한회사",
        "(유)",
        "합자회사",
        "합명회사",
        "사단법인",
        "재단법인",
    ];
    let mut compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    for form in FORMS {
        compact = compact.replace(form, "");
    }
    compact
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_legal_forms_and_spacing() {
        assert_eq!(fold_name("주식회사 체크포인트"), "체크포인트");
        assert_eq!(fold_name("(주) 체 크 포인트"), "체크포인트");
        assert_eq!(fold_name("㈜체크포인트"), "체크포인트");
        assert_eq!(fold_name("Check-Point Co."), "checkpointco");
        assert_eq!(fold_name("주식회사 체크포인트 (강남지점)"), "체크포인트");
        assert_eq!(fold_name("체크포인트( 부산 지사 )"), "체크포인트");
        assert_eq!(fold_name("홍 길 동"), "홍길동");
    }

    #[test]
    fn risk_adds_up_and_caps() {
        assert_eq!(risk_score(&[]), 0);
        let high = Flag::new("x", Severity::High, "");
        let low = Flag::new("y", Severity::Low, "");
        assert_eq!(risk_score(&[high.clone(), low]), 45);
        assert_eq!(risk_score(&[high.clone(), high.clone(), high]), 100);
    }
}
