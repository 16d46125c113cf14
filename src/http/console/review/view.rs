//! What the item page shows, worked out from the verification and its pre-check.

use chrono::{DateTime, Utc};

use crate::audit::Actor;
use crate::auth::names::Names;
use crate::http::console::i18n::{flag_detail, flag_text, in_words, reason_group, Lang};
use crate::http::console::time::Kst;
use crate::ocr::Word;
use crate::verification::items::{DecisionView, ItemAppeal, Verification};
use crate::verification::model::{Decision, Status};
use crate::verification::precheck::checks::Severity;
use crate::verification::precheck::{Extracted, PrecheckResult};
use crate::verification::reasons;

pub struct FieldRow {
    pub label: &'static str,
    pub claimed: String,
    pub extracted: String,
    pub mismatch: bool,
    /// Claimed, but the pre-check did not read it: not a mismatch, a thing to check by eye.
    pub unread: bool,
}

pub struct FlagView {
    pub severity: &'static str,
    pub text: &'static str,
    pub detail: String,
    /// The detail's language: a flag stored before it carried its facts reads in English.
    pub detail_lang: &'static str,
    /// What it adds to the risk score.
    pub weight: i32,
}

pub struct ReasonOption {
    pub key: u8,
    pub code: &'static str,
    pub label: &'static str,
    /// What the provider reads, shown on hover.
    pub message: &'static str,
    /// The group's name, on the first reason of each group.
    pub group: Option<&'static str>,
    /// What a request for more presets, one per line.
    pub documents: String,
}

pub struct EarlierView {
    pub id: String,
    pub document_type: &'static str,
    pub status: &'static str,
    pub created_at: String,
    pub decisions: Vec<String>,
}

pub struct ItemView {
    pub id: String,
    /// Where the page's forms post: the item's review path, or a second review's.
    pub base: String,
    /// The queue's pages: `/console/review` or `/console/second-reviews`.
    pub queue: &'static str,
    /// A blind second review: the item's status stays hidden.
    pub blind: bool,
    pub provider_id: String,
    pub document_type: &'static str,
    pub status: &'static str,
    pub created_at: String,
    pub held: bool,
    /// RFC 3339, read by the page's script to renew the lease in time.
    pub lease_expires_at: String,
    pub lease_expires_label: String,
    pub risk_score: String,
    pub ocr_confidence: String,
    pub is_image: bool,
    /// A PDF's pages, shown as images (0 for an image file).
    pub pdf_pages: u32,
    pub image_width: u32,
    pub image_height: u32,
    pub words: Vec<Word>,
    /// The page's skew (clockwise): each word box turns with its word, as the page was read deskewed.
    pub skew_degrees: f32,
    pub fields: Vec<FieldRow>,
    pub flags: Vec<FlagView>,
    pub earlier: Vec<EarlierView>,
    pub decisions: Vec<String>,
    /// The provider's appeals against this item and their outcome.
    pub appeals: Vec<String>,
    pub reject_reasons: Vec<ReasonOption>,
    pub more_reasons: Vec<ReasonOption>,
}

fn time(at: DateTime<Utc>) -> String {
    at.kst()
}

fn shown(value: Option<impl ToString>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// Reasons fitting `decision` under their catalogue keys, grouped.
fn reason_options(decision: Decision, lang: Lang) -> Vec<ReasonOption> {
    let mut previous = None;
    reasons::for_picking(decision)
        .into_iter()
        .map(|r| {
            let first_of_group = previous != Some(r.group.as_str());
            previous = Some(r.group.as_str());
            ReasonOption {
                key: r.key,
                code: &r.code,
                label: lang.pick(&r.label.ko, &r.label.en),
                message: lang.pick(&r.ko, &r.en),
                group: first_of_group.then(|| reason_group(lang, &r.group)),
                documents: r.documents.join("\n"),
            }
        })
        .collect()
}

/// A decision as the next reviewer reads it: when, what, why, what was asked for, by whom.
fn decision_line(d: &DecisionView, lang: Lang, names: &Names) -> String {
    let decision = in_words(lang, d.decision.as_str());
    let reason = d
        .reason
        .as_ref()
        .and_then(|r| reasons::find(&r.code))
        .map(|r| format!(" — {}", lang.pick(&r.label.ko, &r.label.en)))
        .unwrap_or_default();
    let documents = if d.documents_requested.is_empty() {
        String::new()
    } else {
        format!(" [{}]", d.documents_requested.join(", "))
    };
    let note = d
        .note
        .as_ref()
        .map(|n| format!(" «{n}»"))
        .unwrap_or_default();
    format!(
        "{} {decision}{reason}{documents}{note} ({})",
        time(d.decided_at),
        names.of(&d.reviewer)
    )
}

/// An appeal against the item and how it ended, for the reviewer who sees the item again.
fn appeal_line(a: &ItemAppeal, lang: Lang, names: &Names) -> String {
    let t = lang.texts();
    let outcome = match (&a.outcome, &a.decided_by) {
        (Some(outcome), Some(by)) => {
            let outcome = in_words(lang, outcome.as_str());
            let at = a.decided_at.map(time).unwrap_or_default();
            format!(
                " → {outcome} ({}, {at}){}",
                names.of(by),
                a.note
                    .as_ref()
                    .map(|n| format!(": «{n}»"))
                    .unwrap_or_default()
            )
        }
        _ => format!(" → {}", t.appeal_pending),
    };
    format!(
        "{} {}: «{}»{outcome}",
        time(a.created_at),
        t.appeal,
        a.statement
    )
}

impl ItemView {
    pub fn new(item: Verification, viewer: &Actor, lang: Lang, names: &Names) -> Self {
        let t = lang.texts();
        let precheck: Option<PrecheckResult> = item
            .precheck
            .clone()
            .and_then(|v| serde_json::from_value(v).ok());
        let analysis = precheck.as_ref().and_then(|p| p.analysis.as_ref());
        let flagged = |codes: &[&str]| {
            precheck
                .as_ref()
                .is_some_and(|p| p.flags.iter().any(|f| codes.contains(&f.code.as_str())))
        };
        let claimed = &item.claimed;
        let mut fields = Vec::new();
        let mut row = |label, claimed: String, extracted: String, codes: &[&str]| {
            if !claimed.is_empty() || !extracted.is_empty() {
                let unread = extracted.is_empty() && analysis.is_some();
                fields.push(FieldRow {
                    label,
                    claimed,
                    extracted,
                    mismatch: !unread && flagged(codes),
                    unread,
                });
            }
        };
        match analysis.map(|a| &a.fields) {
            Some(Extracted::Registration(read)) => {
                row(
                    t.business_number,
                    shown(claimed.business_number.as_ref()),
                    shown(read.business_number.as_ref()),
                    &[
                        "number_mismatch",
                        "number_checksum_invalid",
                        "number_unreadable",
                    ],
                );
                row(
                    t.business_name,
                    shown(claimed.business_name.as_ref()),
                    shown(read.business_name.as_ref()),
                    &["business_name_mismatch"],
                );
                row(
                    t.representative,
                    shown(claimed.representative.as_ref()),
                    shown(read.representative.as_ref()),
                    &["representative_mismatch"],
                );
                row(
                    t.opened_on,
                    shown(claimed.opened_on),
                    shown(read.opened_on),
                    &["opened_on_mismatch"],
                );
            }
            Some(Extracted::Permit(read)) => {
                row(
                    t.business_name,
                    shown(claimed.business_name.as_ref()),
                    shown(read.business_name.as_ref()),
                    &["business_name_mismatch"],
                );
                row(
                    t.representative,
                    shown(claimed.representative.as_ref()),
                    shown(read.representative.as_ref()),
                    &["representative_mismatch"],
                );
                row(
                    t.license_name,
                    shown(claimed.license_name.as_ref()),
                    shown(read.license_name.as_ref()),
                    &[],
                );
                row(
                    t.license_number,
                    shown(claimed.license_number.as_ref()),
                    shown(read.number.as_ref()),
                    &["license_number_mismatch"],
                );
                row(
                    t.valid_until,
                    shown(claimed.valid_until),
                    shown(read.valid_until),
                    &["license_expired"],
                );
            }
            None => {
                row(
                    t.business_number,
                    shown(claimed.business_number.as_ref()),
                    String::new(),
                    &[],
                );
                row(
                    t.business_name,
                    shown(claimed.business_name.as_ref()),
                    String::new(),
                    &[],
                );
                row(
                    t.representative,
                    shown(claimed.representative.as_ref()),
                    String::new(),
                    &[],
                );
            }
        }
        let flags = precheck
            .as_ref()
            .map(|p| {
                p.flags
                    .iter()
                    .map(|f| {
                        let (detail_lang, detail) = flag_detail(lang, f);
                        FlagView {
                            severity: match f.severity {
                                Severity::High => "high",
                                Severity::Medium => "medium",
                                Severity::Low => "low",
                            },
                            text: flag_text(lang, &f.code),
                            detail,
                            detail_lang: detail_lang.code(),
                            weight: f.severity.weight(),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let image = analysis.and_then(|a| a.image.as_ref());
        let ocr = analysis.and_then(|a| a.ocr.as_ref());
        let is_pdf = item.file.file_type == "pdf";
        let is_image = !is_pdf && image.is_some();
        // A PDF read before its page count was kept shows its first page at least.
        let pdf_pages = if is_pdf {
            analysis.and_then(|a| a.pages).unwrap_or(1)
        } else {
            0
        };
        let lease = item.claim.as_ref().and_then(|c| c.expires_at);
        let held = item.status == Status::InReview
            && item.claim.as_ref().is_some_and(|c| c.by == viewer.id);
        let decisions = item
            .decisions
            .iter()
            .map(|d| decision_line(d, lang, names))
            .collect();
        let appeals = item
            .appeals
            .iter()
            .map(|a| appeal_line(a, lang, names))
            .collect();
        let earlier = item
            .earlier
            .iter()
            .map(|e| EarlierView {
                id: e.id.to_string(),
                document_type: e.document_type.as_str(),
                status: e.status.as_str(),
                created_at: time(e.created_at),
                decisions: e
                    .decisions
                    .iter()
                    .map(|d| decision_line(d, lang, names))
                    .collect(),
            })
            .collect();
        Self {
            base: format!("/console/review/{}", item.id),
            queue: "/console/review",
            blind: false,
            id: item.id.to_string(),
            provider_id: item.provider_id,
            document_type: item.document_type.as_str(),
            status: item.status.as_str(),
            created_at: time(item.created_at),
            held,
            lease_expires_at: lease.map(|t| t.to_rfc3339()).unwrap_or_default(),
            lease_expires_label: lease.map(|t| t.kst_clock()).unwrap_or_default(),
            risk_score: item
                .risk_score
                .map(|r| r.to_string())
                .unwrap_or_else(|| "–".to_owned()),
            ocr_confidence: ocr
                .map(|o| format!("{:.0}", o.mean_confidence))
                .unwrap_or_else(|| "–".to_owned()),
            is_image,
            image_width: image.map(|i| i.width).unwrap_or(1),
            image_height: image.map(|i| i.height).unwrap_or(1),
            pdf_pages,
            // A scanned PDF's words were read on its first page, drawn over it the same way.
            words: ocr.map(|o| o.words.clone()).unwrap_or_default(),
            skew_degrees: ocr.map_or(0.0, |o| o.skew_degrees),
            fields,
            flags,
            earlier,
            decisions,
            appeals,
            reject_reasons: reason_options(Decision::Reject, lang),
            more_reasons: reason_options(Decision::RequestMore, lang),
        }
    }
}
