//! A provider's verification state as the marketplace asks for it, and licences that re-enter
//! the queue before they lapse.

use chrono::{FixedOffset, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::items::{DecisionView, ReasonText};
use super::model::{DocumentType, Status};
use super::precheck::checks::{self, Flag, Severity};
use super::precheck::PrecheckResult;
use crate::audit::{self, Actor};
use crate::db::verifications::VerificationRow;
use crate::db::{self, types::Id, Db, DbConnection};
use crate::error::AppError;
use crate::jobs::outbox;

/// Korea's offset: a licence valid until a date is valid through that date there.
const KST_SECONDS: i32 = 9 * 3600;
/// The provider's recent items looked at; the state comes from the newest that counts.
const RECENT_ITEMS: i64 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProviderState {
    Unverified,
    Pending,
    Verified,
    Rejected,
    NeedsMore,
    /// Approved once, but the licence's validity has passed.
    Expired,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProviderVerification {
    pub provider_id: String,
    pub state: ProviderState,
    /// The item the state comes from.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub verification_id: Option<Id>,
    pub document_type: Option<DocumentType>,
    pub valid_until: Option<NaiveDate>,
    /// The decision behind the state: its reason and the documents asked for, in the provider's
    /// words.
    pub decision: Option<DecisionView>,
    /// A licence renewal is waiting for a reviewer.
    pub renewal_pending: bool,
}

pub fn today_in_korea() -> NaiveDate {
    Utc::now()
        .with_timezone(&FixedOffset::east_opt(KST_SECONDS).expect("a valid offset"))
        .date_naive()
}

fn is_open(status: Status) -> bool {
    matches!(
        status,
        Status::Prechecking | Status::PendingReview | Status::InReview
    )
}

/// The state from the provider's items, newest first. An open renewal does not unsettle a
/// verified provider: they stay verified until the licence lapses.
pub fn state_of(
    items: &[VerificationRow],
    today: NaiveDate,
) -> (ProviderState, Option<&VerificationRow>, bool) {
    let renewal_pending = items
        .iter()
        .any(|i| i.renews.is_some() && is_open(i.status));
    let Some(current) = items
        .iter()
        .find(|i| !(i.renews.is_some() && is_open(i.status)))
    else {
        return (ProviderState::Unverified, None, renewal_pending);
    };
    let state = match current.status {
        Status::Prechecking | Status::PendingReview | Status::InReview => ProviderState::Pending,
        Status::Approved if current.valid_until.is_some_and(|d| d < today) => {
            ProviderState::Expired
        }
        Status::Approved => ProviderState::Verified,
        Status::Rejected => ProviderState::Rejected,
        Status::NeedsMore => ProviderState::NeedsMore,
    };
    (state, Some(current), renewal_pending)
}

pub async fn verification_of(
    db: &Db,
    provider_id: String,
) -> Result<ProviderVerification, AppError> {
    let provider_id = super::model::parse_provider_id(&provider_id)?;
    db.run(move |conn| {
        let items = db::verifications::for_provider(conn, &provider_id, RECENT_ITEMS)?;
        let (state, current, renewal_pending) = state_of(&items, today_in_korea());
        let decision = match current {
            Some(item) => db::decisions::latest_for(conn, &item.id)?,
            None => None,
        };
        Ok(ProviderVerification {
            state,
            verification_id: current.map(|i| i.id.clone()),
            document_type: current.map(|i| i.document_type),
            valid_until: current.and_then(|i| i.valid_until),
            decision: decision.map(DecisionView::try_from).transpose()?,
            renewal_pending,
            provider_id,
        })
    })
    .await
}

/// Puts every approved licence that lapses within `lead_days` back in the queue (once), flagged
/// `license_expiring`, and tells the provider. Returns how many this call queued.
pub fn queue_lapsing_licences(
    conn: &mut DbConnection,
    lead_days: u32,
    notification_attempts: i32,
) -> Result<usize, AppError> {
    let horizon = today_in_korea() + chrono::Days::new(lead_days.into());
    let lapsing = db::verifications::lapsing_licences(conn, horizon, 500)?;
    let mut count = 0;
    for licence in lapsing {
        let queued = db::write_transaction(conn, |conn| {
            let renewal = renewal_of(&licence)?;
            db::verifications::insert(conn, &renewal)?;
            audit::record(
                conn,
                &Actor::system(),
                "verification.renewal_queued",
                "verification",
                renewal.id.as_str(),
                serde_json::json!({ "renews": licence.id, "valid_until": licence.valid_until }),
            )?;
            outbox::enqueue(
                conn,
                "verification.license_expiring",
                serde_json::json!({
                    "verification_id": licence.id,
                    "provider_id": licence.provider_id,
                    "valid_until": licence.valid_until,
                    "reason": ReasonText::of(Some("expired")),
                }),
                notification_attempts,
            )?;
            Ok(())
        });
        match queued {
            Ok(()) => count += 1,
            // Another server process queued it at the same moment: the unique index on `renews`
            // refused this copy, and its transaction rolled back whole.
            Err(_) if db::verifications::is_renewed(conn, &licence.id)? => {}
            Err(err) => return Err(err),
        }
    }
    Ok(count)
}

fn renewal_of(licence: &VerificationRow) -> Result<VerificationRow, AppError> {
    let mut precheck: Option<PrecheckResult> = licence
        .precheck
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(AppError::internal)?;
    let until = licence
        .valid_until
        .map(|d| d.to_string())
        .unwrap_or_default();
    let flag = Flag::new(
        "license_expiring",
        Severity::High,
        format!("licence valid until {until}: confirm it was renewed or ask for the new one"),
    )
    .with("until", &until);
    let (flags, risk) = match &mut precheck {
        Some(result) => {
            result.flags.push(flag);
            result.risk_score = checks::risk_score(&result.flags);
            (
                result
                    .flags
                    .iter()
                    .map(|f| f.code.clone())
                    .collect::<Vec<_>>(),
                result.risk_score,
            )
        }
        None => (
            vec![flag.code.clone()],
            checks::risk_score(std::slice::from_ref(&flag)),
        ),
    };
    Ok(VerificationRow {
        status: Status::PendingReview,
        case_id: licence.case_id.clone(),
        claimed: licence.claimed.clone(),
        file_sha256: licence.file_sha256.clone(),
        file_type: licence.file_type.clone(),
        file_size: licence.file_size,
        request_hash: licence.request_hash.clone(),
        business_number: licence.business_number.clone(),
        precheck: precheck
            .map(|p| serde_json::to_string(&p))
            .transpose()
            .map_err(AppError::internal)?,
        risk_score: Some(risk),
        flags: db::verifications::flag_column(flags.iter().map(String::as_str)),
        renews: Some(licence.id.clone()),
        // The image hash stays unset: the renewal is not another provider's near duplicate.
        ..VerificationRow::submitted(
            licence.provider_id.clone(),
            licence.document_type,
            Actor::system().id,
            Utc::now().naive_utc(),
        )
    })
}

/// Runs the licence check every `interval`, until the server stops.
pub async fn run_periodically(
    db: Db,
    interval: std::time::Duration,
    lead_days: u32,
    notification_attempts: i32,
) {
    let mut ticker = tokio::time::interval(interval);
    loop {
        ticker.tick().await;
        match db
            .run(move |conn| queue_lapsing_licences(conn, lead_days, notification_attempts))
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(queued = n, "lapsing licences back in the review queue"),
            Err(err) => tracing::warn!(error = %err, "checking for lapsing licences failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(status: Status, renews: bool, valid_until: Option<NaiveDate>) -> VerificationRow {
        VerificationRow {
            status,
            valid_until,
            renews: renews.then(Id::new),
            ..VerificationRow::submitted(
                "p".into(),
                DocumentType::License,
                "test".into(),
                Utc::now().naive_utc(),
            )
        }
    }

    #[test]
    fn state_follows_the_newest_item_that_counts() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let state = |items: &[VerificationRow]| state_of(items, today).0;
        assert_eq!(state(&[]), ProviderState::Unverified);
        assert_eq!(
            state(&[item(Status::PendingReview, false, None)]),
            ProviderState::Pending
        );
        assert_eq!(
            state(&[
                item(Status::NeedsMore, false, None),
                item(Status::Approved, false, None)
            ]),
            ProviderState::NeedsMore
        );
        let valid = Some(today + chrono::Days::new(10));
        // A pending renewal leaves the provider verified until the licence lapses.
        let items = [
            item(Status::PendingReview, true, None),
            item(Status::Approved, false, valid),
        ];
        let (s, current, renewal) = state_of(&items, today);
        assert_eq!((s, renewal), (ProviderState::Verified, true));
        assert_eq!(current.unwrap().valid_until, valid);
        assert_eq!(
            state(&[item(Status::Approved, false, Some(today))]),
            ProviderState::Verified
        );
        assert_eq!(
            state(&[item(Status::Approved, false, today.pred_opt())]),
            ProviderState::Expired
        );
        assert_eq!(
            state(&[
                item(Status::Rejected, true, None),
                item(Status::Approved, false, valid)
            ]),
            ProviderState::Rejected
        );
    }
}
