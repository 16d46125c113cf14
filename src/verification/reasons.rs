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
    pub ko: String,
    pub en: String,
}

#[derive(Deserialize)]
struct File {
    reason: Vec<Reason>,
}

static REASONS: LazyLock<BTreeMap<String, Reason>> = LazyLock::new(|| {
    let file: File = toml::from_str(CATALOGUE).expect("policies/verification_reasons.toml is valid (a unit test reads it)");
    file.reason.into_iter().map(|r| (r.code.clone(), r)).collect()
});

pub fn all() -> impl Iterator<Item = &'static Reason> {
    REASONS.values()
}

pub fn find(code: &str) -> Option<&'static Reason> {
    REASONS.get(code)
}

/// The reason a decision needs: none for an approval, one from the catalogue that fits the
/// decision otherwise.
pub fn for_decision(decision: Decision, code: Option<&str>) -> Result<Option<&'static Reason>, AppError> {
    match (decision, code) {
        (Decision::Approve, None) => Ok(None),
        (Decision::Approve, Some(_)) => Err(AppError::bad_request("unexpected_reason", "an approval takes no reason_code")),
        (_, None) => Err(AppError::bad_request("reason_required", format!("`{decision}` needs a reason_code from GET /v1/verification-reasons"))),
        (_, Some(code)) => {
            let reason = find(code).ok_or_else(|| AppError::bad_request("unknown_reason", format!("no reason with the code {code:?}")))?;
            if !reason.decisions.contains(&decision) {
                return Err(AppError::bad_request("reason_not_allowed", format!("the reason {code:?} does not go with `{decision}`")));
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
            assert!(!reason.decisions.is_empty() && !reason.ko.is_empty() && !reason.en.is_empty(), "{}", reason.code);
            assert!(!reason.decisions.contains(&Decision::Approve), "{}", reason.code);
        }
    }

    #[test]
    fn decisions_take_the_reasons_that_fit_them() {
        assert!(for_decision(Decision::Approve, None).unwrap().is_none());
        assert_eq!(for_decision(Decision::Reject, Some("blurry_image")).unwrap().unwrap().code, "blurry_image");
        let refused = |d, c| for_decision(d, c).unwrap_err().code;
        assert_eq!(refused(Decision::Approve, Some("blurry_image")), "unexpected_reason");
        assert_eq!(refused(Decision::Reject, None), "reason_required");
        assert_eq!(refused(Decision::RequestMore, Some("no_such_reason")), "unknown_reason");
        assert_eq!(refused(Decision::RequestMore, Some("suspected_forgery")), "reason_not_allowed");
    }
}
