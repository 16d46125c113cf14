//! The values a verification is made of: its document type, its status and what the provider
//! claims about their business.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::business_number::{BusinessNumber, BusinessNumberError};
use crate::error::AppError;

crate::named_enum!(
    /// What the provider says they uploaded.
    DocumentType {
        BusinessRegistration => "business_registration",
        BusinessReport => "business_report",
        License => "license",
    }
);

crate::named_enum!(
    /// Where a verification stands. `prechecking` until the OCR pre-check has run, then it waits in
    /// the review queue.
    Status {
        Prechecking => "prechecking",
        PendingReview => "pending_review",
        InReview => "in_review",
        Approved => "approved",
        Rejected => "rejected",
        NeedsMore => "needs_more",
    }
);

crate::named_enum!(
    /// A reviewer's decision on an item.
    Decision {
        Approve => "approve",
        Reject => "reject",
        RequestMore => "request_more",
    }
);

impl Decision {
    /// The status the item takes.
    pub fn status(self) -> Status {
        match self {
            Decision::Approve => Status::Approved,
            Decision::Reject => Status::Rejected,
            Decision::RequestMore => Status::NeedsMore,
        }
    }
}

/// What the provider claims; every part is optional. A claimed business number must be a valid
/// one (the platform should not pass on a typo), and is kept as `XXX-XX-XXXXX`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Claimed {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<NaiveDate>,
}

const MAX_CLAIM_TEXT: usize = 200;

impl Claimed {
    /// Parses the `claimed` form field: JSON, known keys only, dates as `YYYY-MM-DD`.
    pub fn parse(json: &str) -> Result<Self, AppError> {
        let mut claimed: Claimed = serde_json::from_str(json).map_err(|e| {
            // serde's message names the field and position, never the value.
            AppError::bad_request(
                "invalid_claimed",
                format!("`claimed` must be a JSON object of known fields: {e}"),
            )
        })?;
        if let Some(number) = &claimed.business_number {
            let parsed = BusinessNumber::parse(number).map_err(|e| {
                let why = match e {
                    BusinessNumberError::Malformed => "is not ten digits (XXX-XX-XXXXX)",
                    BusinessNumberError::Checksum => "has a wrong check digit",
                };
                AppError::bad_request(
                    "invalid_business_number",
                    format!("the claimed business number {why}"),
                )
            })?;
            claimed.business_number = Some(parsed.to_string());
        }
        for (name, value) in [
            ("business_name", &mut claimed.business_name),
            ("representative", &mut claimed.representative),
            ("license_name", &mut claimed.license_name),
            ("license_number", &mut claimed.license_number),
        ] {
            if let Some(text) = value.take() {
                let text = text.trim();
                if text.chars().count() > MAX_CLAIM_TEXT || text.chars().any(char::is_control) {
                    return Err(AppError::bad_request(
                        "invalid_claimed",
                        format!(
                            "`claimed.{name}` must be at most {MAX_CLAIM_TEXT} characters of text"
                        ),
                    ));
                }
                *value = (!text.is_empty()).then(|| text.to_owned());
            }
        }
        Ok(claimed)
    }
}

/// A provider id as the platform knows it: opaque, 1–128 printable characters.
pub fn parse_provider_id(text: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.is_empty() || text.len() > 128 || text.chars().any(char::is_control) {
        return Err(AppError::bad_request(
            "invalid_provider_id",
            "`provider_id` must be 1–128 printable characters",
        ));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_are_validated_and_normalised() {
        let c = Claimed::parse(r#"{"business_number": "1248100998", "business_name": "  체크포인트 ", "opened_on": "2020-03-15"}"#)
            .unwrap();
        assert_eq!(c.business_number.as_deref(), Some("124-81-00998"));
        assert_eq!(c.business_name.as_deref(), Some("체크포인트"));
        assert_eq!(c.opened_on, NaiveDate::from_ymd_opt(2020, 3, 15));
        assert_eq!(Claimed::parse("{}").unwrap(), Claimed::default());
        for (bad, code) in [
            (
                r#"{"business_number": "124-81-00997"}"#,
                "invalid_business_number",
            ),
            (r#"{"business_number": "12"}"#, "invalid_business_number"),
            (r#"{"opened_on": "15/03/2020"}"#, "invalid_claimed"),
            (r#"{"ceo": "x"}"#, "invalid_claimed"),
            ("[1]", "invalid_claimed"),
            ("not json", "invalid_claimed"),
        ] {
            assert_eq!(Claimed::parse(bad).unwrap_err().code, code, "{bad}");
        }
        let long = format!(r#"{{"business_name": "{}"}}"#, "가".repeat(201));
        assert_eq!(Claimed::parse(&long).unwrap_err().code, "invalid_claimed");
    }

    #[test]
    fn enums_round_trip() {
        for t in DocumentType::ALL {
            assert_eq!(t.as_str().parse::<DocumentType>().unwrap(), *t);
        }
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>().unwrap(), *s);
        }
        assert!("passport".parse::<DocumentType>().is_err());
    }
}
