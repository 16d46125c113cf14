//! The pre-check's findings: each a flag with a stable code, a severity and one sentence a
//! reviewer takes in at a glance; and the risk score that orders the review queue.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
    /// Differing bits of the 64-bit dHash up to which two images are the same document.
    pub max_hash_distance: u32,
    /// Similarity (0–1) of normalised names below which they differ.
    pub min_name_similarity: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            min_long_side: 900,
            min_sharpness: 150.0,
            min_confidence: 60.0,
            max_hash_distance: 6,
            min_name_similarity: 0.8,
        }
    }
}

/// What the database knows about other providers' submissions that matter to this one.
#[derive(Debug, Clone, Default)]
pub struct Elsewhere {
    pub same_file: Option<(Id, String)>,
    pub near_duplicate: Option<(Id, String, u32)>,
    pub number_verified: Option<(Id, String)>,
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
    if analysis.detected_type != Some(declared) {
        let message = match analysis.detected_type {
            Some(found) => format!("declared {declared}, but the page reads as {found}"),
            None => {
                format!("declared {declared}, but no title of that document was found on the page")
            }
        };
        let severity = if analysis.detected_type.is_some() {
            Severity::High
        } else {
            Severity::Medium
        };
        let flag =
            Flag::new("wrong_document_type", severity, message).with("declared_type", declared);
        flags.push(match analysis.detected_type {
            Some(found) => flag.with("found_type", found),
            None => flag,
        });
    }
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
                "business_name_mismatch",
                "business name",
                name,
                claimed.business_name.as_deref(),
                thresholds,
                &mut flags,
            );
            compare_name(
                "representative_mismatch",
                "representative",
                fields.representative.as_deref(),
                claimed.representative.as_deref(),
                thresholds,
                &mut flags,
            );
            if let (Some(read), Some(claim)) = (fields.opened_on, claimed.opened_on) {
                if read != claim {
                    flags.push(
                        Flag::new(
                            "opened_on_mismatch",
                            Severity::Low,
                            format!("opening date reads {read}, claimed {claim}"),
                        )
                        .with("read", read)
                        .with("claimed", claim),
                    );
                }
            }
        }
        Extracted::Permit(fields) => {
            compare_name(
                "business_name_mismatch",
                "business name",
                fields.business_name.as_deref(),
                claimed.business_name.as_deref(),
                thresholds,
                &mut flags,
            );
            compare_name(
                "representative_mismatch",
                "holder",
                fields.representative.as_deref(),
                claimed.representative.as_deref(),
                thresholds,
                &mut flags,
            );
            compare_name(
                "license_number_mismatch",
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
    if let Some((id, provider, distance)) = &elsewhere.near_duplicate {
        flags.push(Flag::new(
            "near_duplicate_image",
            Severity::High,
            format!("nearly the same image as provider {provider}'s item {id} ({distance} of 64 hash bits differ)"),
        )
        .with("provider", provider)
        .with("item", id)
        .with("distance", distance));
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
        flags.push(Flag::new(
            "number_unreadable",
            Severity::High,
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

fn compare_name(
    code: &str,
    what: &str,
    read: Option<&str>,
    claimed: Option<&str>,
    thresholds: &Thresholds,
    flags: &mut Vec<Flag>,
) {
    let Some(claimed) = claimed else { return };
    let Some(read) = read else {
        flags.push(
            Flag::new(
                code,
                Severity::Low,
                format!("{what} could not be read to compare with the claim {claimed:?}"),
            )
            .with("claimed", claimed),
        );
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

/// A name reduced to what identifies it: no spacing, punctuation or legal-form markers
/// (주식회사, (주), ㈜, 유한회사…), Latin letters in lower case.
pub fn fold_name(name: &str) -> String {
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
