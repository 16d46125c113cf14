//! The catalogue of reasons a reviewer gives for rejecting a document or asking for more, with
//! the message the provider reads, in Korean and English. It lives in
//! `policies/verification_reasons.toml` and is built into the binary, so a running server and the
//! marketplace always agree on the codes.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::Decision;
use crate::error::AppError;

const CATALOGUE: &str = include_str!("../../policies/verification_reasons.toml");

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Reason {
    pub code: String,
    /// The decisions this reason may accompany.
    pub decisions: Vec<Decision>,
    /// The number key that picks it in the console, the same for every decision it fits.
    pub key: u8,
    /// Which kind of problem it is, for grouping in a picker.
    pub group: String,
    /// A short name for staff.
    pub label: Label,
    /// The documents a request for more asks for unless the reviewer says otherwise, in the
    /// provider's words.
    #[serde(default)]
    pub documents: Vec<String>,
    pub ko: String,
    pub en: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Label {
    pub ko: String,
    pub en: String,
}

#[derive(Deserialize)]
struct File {
    reason: Vec<Reason>,
}

static REASONS: LazyLock<BTreeMap<String, Reason>> = LazyLock::new(|| {
    let file: File = toml::from_str(CATALOGUE)
        .expect("policies/verification_reasons.toml is valid (a unit test reads it)");
    file.reason
        .into_iter()
        .map(|r| (r.code.clone(), r))
        .collect()
});

pub fn all() -> impl Iterator<Item = &'static Reason> {
    REASONS.values()
}

/// The reasons fitting `decision` in picking order: by key, so groups stay together.
pub fn for_picking(decision: Decision) -> Vec<&'static Reason> {
    let mut fitting: Vec<_> = all().filter(|r| r.decisions.contains(&decision)).collect();
    fitting.sort_by_key(|r| r.key);
    fitting
}

pub fn find(code: &str) -> Option<&'static Reason> {
    REASONS.get(code)
}

/// The reason a decision needs: none for an approval, one from the catalogue that fits the
/// decision otherwise.
pub fn for_decision(
    decision: Decision,
    code: Option<&str>,
) -> Result<Option<&'static Reason>, AppError> {
    match (decision, code) {
        (Decision::Approve, None) => Ok(None),
        (Decision::Approve, Some(_)) => Err(AppError::bad_request(
            "unexpected_reason",
            "an approval takes no reason_code",
        )),
        (_, None) => Err(AppError::bad_request(
            "reason_required",
            format!("`{decision}` needs a reason_code from GET /v1/verification-reasons"),
        )),
        (_, Some(code)) => {
            let reason = find(code).ok_or_else(|| {
                AppError::bad_request(
                    "unknown_reason",
                    format!("no reason with the code {code:?}"),
                )
            })?;
            if !reason.decisions.contains(&decision) {
                return Err(AppError::bad_request(
                    "reason_not_allowed",
                    format!("the reason {code:?} does not go with `{decision}`"),
                ));
            }
            Ok(Some(reason))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_loads_and_every_reason_is_usable() {
        assert!(all().count() >= 8);
        for reason in all() {
            assert!(
                !reason.decisions.is_empty() && !reason.ko.is_empty() && !reason.en.is_empty(),
                "{}",
                reason.code
            );
            assert!(
                !reason.decisions.contains(&Decision::Approve),
                "{}",
                reason.code
            );
            assert!(
                (1..=9).contains(&reason.key),
                "{}: keys are the digits 1–9",
                reason.code
            );
            assert!(
                !reason.label.ko.is_empty() && !reason.label.en.is_empty(),
                "{}",
                reason.code
            );
            if reason.decisions.contains(&Decision::RequestMore) {
                assert!(
                    !reason.documents.is_empty(),
                    "{}: a request for more presets documents",
                    reason.code
                );
            }
        }
    }

    #[test]
    fn each_list_numbers_its_reasons_once_and_keeps_groups_together() {
        for decision in [Decision::Reject, Decision::RequestMore] {
            let picked = for_picking(decision);
            let keys: Vec<u8> = picked.iter().map(|r| r.key).collect();
            let mut unique = keys.clone();
            unique.dedup();
            assert_eq!(keys, unique, "{decision}: one reason per key");
            let mut groups: Vec<&str> = picked.iter().map(|r| r.group.as_str()).collect();
            groups.dedup();
            let mut distinct = groups.clone();
            distinct.sort();
            distinct.dedup();
            assert_eq!(
                groups.len(),
                distinct.len(),
                "{decision}: a group's reasons are next to each other"
            );
        }
    }

    #[test]
    fn decisions_take_the_reasons_that_fit_them() {
        assert!(for_decision(Decision::Approve, None).unwrap().is_none());
        assert_eq!(
            for_decision(Decision::Reject, Some("blurry_image"))
                .unwrap()
                .unwrap()
                .code,
            "blurry_image"
        );
        let refused = |d, c| for_decision(d, c).unwrap_err().code;
        assert_eq!(
            refused(Decision::Approve, Some("blurry_image")),
            "unexpected_reason"
        );
        assert_eq!(refused(Decision::Reject, None), "reason_required");
        assert_eq!(
            refused(Decision::RequestMore, Some("no_such_reason")),
            "unknown_reason"
        );
        assert_eq!(
            refused(Decision::RequestMore, Some("suspected_forgery")),
            "reason_not_allowed"
        );
    }
}
