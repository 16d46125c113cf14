//! Signed appeal links: the notification of a sanction or a rejection carries a link to a form
//! where the user states their case with no account. The link names the case and the user and
//! ends with the appeal deadline; an HMAC-SHA256 over it makes it unforgeable.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::model::CaseType;
use crate::error::AppError;

/// What a link lets its holder do: appeal this case as this user, until `expires`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkClaims {
    pub case_type: CaseType,
    pub case_id: String,
    pub user_id: String,
    /// Unix seconds.
    pub expires: i64,
}

pub struct AppealLinks {
    secret: Vec<u8>,
    /// Where users reach the server, e.g. `https://checkpoint.example.com`.
    base_url: String,
    lifetime: Duration,
}

/// Longer tokens are refused before decoding.
const MAX_TOKEN_LEN: usize = 1024;

impl AppealLinks {
    pub fn new(secret: Vec<u8>, base_url: &str, lifetime: Duration) -> Self {
        Self {
            secret,
            base_url: base_url.trim_end_matches('/').to_owned(),
            lifetime,
        }
    }

    fn mac(&self, payload: &str) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes a key of any length");
        mac.update(payload.as_bytes());
        mac
    }

    pub fn token(&self, claims: &LinkClaims) -> String {
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).expect("claims serialise"));
        let signature = URL_SAFE_NO_PAD.encode(self.mac(&payload).finalize().into_bytes());
        format!("{payload}.{signature}")
    }

    /// The link for a case decided at `decided_at`; it works until the appeal deadline.
    pub fn url(
        &self,
        case_type: CaseType,
        case_id: &str,
        user_id: &str,
        decided_at: DateTime<Utc>,
    ) -> String {
        let claims = LinkClaims {
            case_type,
            case_id: case_id.to_owned(),
            user_id: user_id.to_owned(),
            expires: (decided_at + self.lifetime).timestamp(),
        };
        format!("{}/appeal/{}", self.base_url, self.token(&claims))
    }

    /// The claims of a genuine, unexpired link.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<LinkClaims, AppError> {
        let invalid = || {
            AppError::not_found("this appeal link is not valid; use the link in your notification")
        };
        if token.len() > MAX_TOKEN_LEN {
            return Err(invalid());
        }
        let (payload, signature) = token.split_once('.').ok_or_else(invalid)?;
        let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| invalid())?;
        self.mac(payload)
            .verify_slice(&signature)
            .map_err(|_| invalid())?;
        let claims: LinkClaims = URL_SAFE_NO_PAD
            .decode(payload)
            .ok()
            .and_then(|json| serde_json::from_slice(&json).ok())
            .ok_or_else(invalid)?;
        if claims.expires < now.timestamp() {
            return Err(AppError::conflict(
                "deadline_passed",
                "이 소명 링크는 기한이 지났습니다. / The time to appeal this decision has passed.",
            ));
        }
        Ok(claims)
    }

    /// The appeal link a notification should carry: an appealable sanction, or a rejection.
    pub fn for_event(
        &self,
        kind: &str,
        data: &serde_json::Value,
        created_at: DateTime<Utc>,
    ) -> Option<String> {
        let text = |key: &str| data[key].as_str();
        match kind {
            "sanction.imposed" if data["appealable"] == true => Some(self.url(
                CaseType::Sanction,
                text("sanction_id")?,
                text("user_id")?,
                created_at,
            )),
            "verification.decided" if text("decision") == Some("reject") => Some(self.url(
                CaseType::Verification,
                text("verification_id")?,
                text("provider_id")?,
                created_at,
            )),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> AppealLinks {
        AppealLinks::new(
            b"link secret".to_vec(),
            "https://cp.example/",
            Duration::days(30),
        )
    }

    fn token_of(url: &str) -> &str {
        url.strip_prefix("https://cp.example/appeal/")
            .expect("the link is under the base URL")
    }

    #[test]
    fn a_link_verifies_until_the_deadline() {
        let now = Utc::now();
        let url = links().url(CaseType::Sanction, "s-1", "u-1", now);
        let claims = links()
            .verify(token_of(&url), now + Duration::days(29))
            .unwrap();
        assert_eq!(
            (
                claims.case_type,
                claims.case_id.as_str(),
                claims.user_id.as_str()
            ),
            (CaseType::Sanction, "s-1", "u-1")
        );
        assert_eq!(
            links()
                .verify(token_of(&url), now + Duration::days(31))
                .unwrap_err()
                .code,
            "deadline_passed"
        );
    }

    #[test]
    fn forged_and_tampered_links_are_refused() {
        let now = Utc::now();
        let url = links().url(CaseType::Sanction, "s-1", "u-1", now);
        let token = token_of(&url);
        let other = AppealLinks::new(
            b"another secret".to_vec(),
            "https://cp.example",
            Duration::days(30),
        );
        assert!(other.verify(token, now).is_err(), "signed with another key");
        let (payload, signature) = token.split_once('.').unwrap();
        let forged = LinkClaims {
            case_type: CaseType::Sanction,
            case_id: "s-2".into(),
            user_id: "u-1".into(),
            expires: now.timestamp() + 100,
        };
        let forged_payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap());
        assert!(
            links()
                .verify(&format!("{forged_payload}.{signature}"), now)
                .is_err(),
            "another case under the old signature"
        );
        for junk in [
            "",
            ".",
            "abc",
            &format!("{payload}."),
            &format!("{payload}.{}", "A".repeat(2000)),
        ] {
            assert_eq!(
                links().verify(junk, now).unwrap_err().code,
                "not_found",
                "{junk:?}"
            );
        }
    }

    #[test]
    fn only_appealable_sanctions_and_rejections_get_links() {
        let now = Utc::now();
        let sanction = serde_json::json!({"sanction_id": "s", "user_id": "u", "appealable": true});
        assert!(links()
            .for_event("sanction.imposed", &sanction, now)
            .is_some());
        let final_ban =
            serde_json::json!({"sanction_id": "s", "user_id": "u", "appealable": false});
        assert!(links()
            .for_event("sanction.imposed", &final_ban, now)
            .is_none());
        let rejected =
            serde_json::json!({"verification_id": "v", "provider_id": "p", "decision": "reject"});
        assert!(links()
            .for_event("verification.decided", &rejected, now)
            .is_some());
        let approved =
            serde_json::json!({"verification_id": "v", "provider_id": "p", "decision": "approve"});
        assert!(links()
            .for_event("verification.decided", &approved, now)
            .is_none());
    }
}
