//! User reports. Every report is kept; the reports on one piece of content feed its one
//! moderation item (the scanner's flag, if it flagged it), whose priority grows with the worst
//! reason given and with each further reporter. A review takedown request is a report that
//! comes with attachments (the signed request and evidence) and puts its item in the seniors' tier.

use chrono::{NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::attachments::{self, Owner, Stored};
use super::model::ReportReason;
use super::scan::{check_id, Moderation};
use crate::db::moderation::{self as store, ModerationItemRow, ReportRow};
use crate::db::{self, types::Id, DbConnection};
use crate::error::AppError;
use crate::policy::model::Surface;

/// Longest content snapshot kept with a report, in bytes.
const MAX_SNAPSHOT_BYTES: usize = 64 * 1024;
const MAX_DETAILS_CHARS: usize = 2000;
/// Reporters beyond this many no longer raise an item's priority.
const COUNTED_REPORTERS: i32 = 10;
const PER_REPORTER: i32 = 10;
/// Items in this tier are claimed by seniors only.
pub const SENIOR_TIER: &str = "senior";

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    pub reporter_id: String,
    pub surface: Surface,
    pub content_id: String,
    /// Who wrote the content.
    pub author_id: String,
    /// The content as the reporter saw it.
    pub snapshot: String,
    pub reason: ReportReason,
    #[serde(default)]
    pub details: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReportReceipt {
    #[schema(value_type = String, format = Uuid)]
    pub report_id: Id,
    #[schema(value_type = String, format = Uuid)]
    pub item_id: Id,
    /// People who have reported this content so far.
    pub reporters: i32,
    /// True when this reporter had already reported this content (nothing new was stored).
    pub duplicate: bool,
}

/// A review takedown request as it arrived (multipart), before any validation.
#[derive(Debug, Default)]
pub struct TakedownSubmission {
    /// The provider asking.
    pub requester_id: Option<String>,
    pub review_id: Option<String>,
    /// The customer who wrote the review.
    pub author_id: Option<String>,
    /// The review as the provider saw it.
    pub snapshot: Option<String>,
    /// Why it should come down.
    pub statement: Option<String>,
    pub attachments: Vec<Vec<u8>>,
}

impl TakedownSubmission {
    fn into_request(self) -> Result<(ReportRequest, Vec<Vec<u8>>), AppError> {
        let field = |value: Option<String>, name: &str| {
            value.ok_or_else(|| {
                AppError::bad_request(
                    "missing_field",
                    format!("the form field `{name}` is required"),
                )
            })
        };
        let request = ReportRequest {
            reporter_id: field(self.requester_id, "requester_id")?,
            surface: Surface::Review,
            content_id: field(self.review_id, "review_id")?,
            author_id: field(self.author_id, "author_id")?,
            snapshot: field(self.snapshot, "snapshot")?,
            reason: ReportReason::ReviewTakedown,
            details: field(self.statement, "statement")?,
        };
        crate::text::check("statement", &request.details)?;
        if request.details.trim().is_empty() {
            return Err(AppError::bad_request(
                "invalid_statement",
                "`statement` says why the review should come down",
            ));
        }
        if self.attachments.is_empty() {
            return Err(attachments_required());
        }
        Ok((request, self.attachments))
    }
}

fn attachments_required() -> AppError {
    AppError::bad_request(
        "attachments_required",
        "a review takedown request needs the signed request and supporting evidence as attachments (POST /v1/takedown-requests)",
    )
}

impl ReportRequest {
    fn validate(&self) -> Result<(), AppError> {
        check_id(&self.reporter_id, "reporter_id")?;
        check_id(&self.content_id, "content_id")?;
        check_id(&self.author_id, "author_id")?;
        if self.reporter_id == self.author_id {
            return Err(AppError::bad_request(
                "self_report",
                "a user cannot report their own content",
            ));
        }
        if self.snapshot.len() > MAX_SNAPSHOT_BYTES {
            return Err(AppError::payload_too_large(format!(
                "snapshot is longer than {MAX_SNAPSHOT_BYTES} bytes"
            )));
        }
        crate::text::check("details", &self.details)?;
        if self.details.chars().count() > MAX_DETAILS_CHARS {
            return Err(AppError::bad_request(
                "invalid_body",
                format!("details is at most {MAX_DETAILS_CHARS} characters"),
            ));
        }
        Ok(())
    }
}

/// The priority an item has after one more reporter gave `reason`.
fn raised_priority(current: i32, reporters: i32, reason: ReportReason) -> i32 {
    let floor = reason.severity() as i32 * 25;
    current.max(floor)
        + if reporters <= COUNTED_REPORTERS {
            PER_REPORTER
        } else {
            0
        }
}

impl Moderation {
    pub async fn report(&self, request: ReportRequest) -> Result<ReportReceipt, AppError> {
        request.validate()?;
        if request.reason == ReportReason::ReviewTakedown {
            return Err(attachments_required());
        }
        let now = Utc::now().naive_utc();
        self.db
            .run(move |conn| {
                db::write_transaction(conn, |conn| file_report(conn, &request, None, now))
            })
            .await
    }

    /// Files a review takedown request: its attachments are checked and stored first, then the
    /// report, the rows pointing to them and the item's move to the seniors' tier are committed
    /// together.
    pub async fn request_takedown(
        &self,
        submission: TakedownSubmission,
    ) -> Result<ReportReceipt, AppError> {
        let (request, files) = submission.into_request()?;
        request.validate()?;
        let stored = attachments::check(files, &self.limits)?
            .store(&self.storage, self.limits)
            .await?;
        let now = Utc::now().naive_utc();
        self.db
            .run(move |conn| {
                db::write_transaction(conn, |conn| file_report(conn, &request, Some(&stored), now))
            })
            .await
    }
}

fn file_report(
    conn: &mut DbConnection,
    request: &ReportRequest,
    attached: Option<&Stored>,
    now: NaiveDateTime,
) -> Result<ReportReceipt, AppError> {
    let surface = request.surface.as_str();
    // Reports on one piece of content are counted one at a time.
    store::lock(conn, &format!("content:{surface}:{}", request.content_id))?;
    // PostgreSQL text cannot hold NUL.
    let snapshot = request.snapshot.replace('\0', " ");
    store::queue_item(
        conn,
        &ModerationItemRow {
            snapshot: Some(snapshot.clone()),
            ..ModerationItemRow::waiting(
                request.surface,
                &request.content_id,
                &request.author_id,
                "report",
                now,
            )
        },
    )?;
    let item = store::item_for_content(conn, surface, &request.content_id)?
        .ok_or_else(|| AppError::internal("the content's moderation item vanished"))?;
    let report = ReportRow {
        id: Id::new(),
        item_id: item.id.clone(),
        reporter_id: request.reporter_id.clone(),
        surface: surface.to_owned(),
        content_id: request.content_id.clone(),
        author_id: request.author_id.clone(),
        snapshot,
        reason: request.reason.as_str().to_owned(),
        details: request.details.clone(),
        created_at: now,
    };
    if !store::insert_report(conn, &report)? {
        let earlier = store::report_by(conn, &request.reporter_id, surface, &request.content_id)?
            .ok_or_else(|| AppError::internal("a duplicate report without the first"))?;
        return Ok(ReportReceipt {
            report_id: earlier.id,
            item_id: item.id,
            reporters: item.reporters,
            duplicate: true,
        });
    }
    if let Some(stored) = attached {
        db::appeals::insert_attachments(conn, &stored.rows(Owner::Report, &report.id, now))?;
        store::set_tier(conn, &item.id, SENIOR_TIER)?;
    }
    let reporters = item.reporters + 1;
    store::set_priority(
        conn,
        &item.id,
        reporters,
        raised_priority(item.risk_score, reporters, request.reason),
    )?;
    Ok(ReportReceipt {
        report_id: report.id,
        item_id: item.id,
        reporters,
        duplicate: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_grows_with_reporters_and_the_worst_reason() {
        let one = raised_priority(0, 1, ReportReason::Spam);
        let two = raised_priority(one, 2, ReportReason::Spam);
        assert!(two > one);
        // A graver reason lifts the item to at least its level.
        assert!(
            raised_priority(two, 3, ReportReason::Fraud)
                > raised_priority(two, 3, ReportReason::Spam)
        );
        // Past the counted reporters, more of them change nothing.
        assert_eq!(
            raised_priority(200, COUNTED_REPORTERS + 1, ReportReason::Other),
            200
        );
    }
}
