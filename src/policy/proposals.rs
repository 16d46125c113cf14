//! Policy changes weighed before they go live. A change (a pasted file, an edited file, a
//! rollback) becomes a proposal with an impact report; it goes live when enough ops people have
//! approved it (`policy_approvals`, four eyes by default), may first run beside the active policy
//! in shadow mode, and can be withdrawn or rejected with a reason. Every step is audited.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::active::{self, ActivePolicy};
use super::backtest::{self, Report};
use super::model::Action;
use super::verdict::Assessment;
use super::{file, Scanner};
use crate::audit::{self, Actor};
use crate::db::proposals::{self as store, ProposalRow, ShadowVerdictRow};
use crate::db::{self, policies, types::Id, DbConnection};
use crate::error::AppError;

/// What a proposal's backtest replays: the last week of stored scans, at most this many.
pub const BACKTEST_DAYS: i64 = 7;
pub const BACKTEST_MAX_SCANS: i64 = 200_000;
/// How far back the team's median handle time is taken.
const HANDLE_DAYS: i64 = 30;
const EXAMPLES: usize = 10;
const EXAMPLE_CHARS: usize = 120;
pub const MAX_REASON_CHARS: usize = 500;

/// Why a change is proposed, approved away or turned down: 1 to 500 characters of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason(String);

impl Reason {
    pub fn parse(text: &str) -> Result<Self, AppError> {
        let text = text.trim();
        if text.is_empty() || text.chars().count() > MAX_REASON_CHARS {
            return Err(AppError::bad_request(
                "invalid_reason",
                format!("say why, in 1 to {MAX_REASON_CHARS} characters"),
            ));
        }
        crate::text::check("reason", text)?;
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a change would do, made when it is proposed.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct Impact {
    /// The stored scans of the last week replayed under the active policy and the candidate.
    pub backtest: Report,
    pub workload: Workload,
}

/// Moderation items a day before and after, and what they cost the team at its median handle
/// time.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct Workload {
    /// The days the replayed scans cover (at least one).
    pub days: f64,
    pub items_per_day_before: f64,
    pub items_per_day_after: f64,
    /// Moderators' median claim-to-action time over the last 30 days; none without actions.
    pub median_handle_seconds: Option<f64>,
    /// Actions that median was taken over.
    pub handle_times: usize,
    /// (items a day after − before) × median handle time, in hours; positive adds work.
    pub reviewer_hours_per_day: Option<f64>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Approval {
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A proposal as the API shows it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Proposal {
    #[schema(value_type = String, format = Uuid)]
    pub id: Id,
    /// `change` (a new version) or `rollback` (a recorded version again).
    pub kind: String,
    pub name: String,
    pub version: i64,
    pub hash: String,
    pub reason: String,
    pub proposed_by: String,
    pub proposed_at: DateTime<Utc>,
    /// pending, activated, rejected or withdrawn.
    pub status: String,
    pub closed_by: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub close_reason: Option<String>,
    pub approvals: Vec<Approval>,
    /// People who have said yes: the approvers, and the proposer unless the server proposed it.
    pub approvals_given: u32,
    /// People it takes to go live.
    pub approvals_required: u32,
    pub impact: Impact,
    /// Since it was put in shadow mode, while there or until it stopped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shadow: Option<Shadow>,
}

/// How people decided content on which the two policies disagreed.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct Decided {
    /// A moderator dismissed it: the flag was wrong.
    pub dismissed: usize,
    /// A moderator warned, hid, restricted, suspended or banned.
    pub acted: usize,
    /// Nobody has decided it (or no item was made).
    pub undecided: usize,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ShadowExample {
    #[schema(value_type = String, format = Uuid)]
    pub scan_id: Id,
    pub text: String,
    pub before: String,
    pub after: String,
    pub categories_before: Vec<String>,
    pub categories_after: Vec<String>,
    /// The moderator's action on this content, if one was taken.
    pub decided: Option<String>,
}

/// The candidate's verdicts on live scans beside the active policy's (each before the user's
/// history: frequency rules are the active policy's alone).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Shadow {
    pub started_at: DateTime<Utc>,
    pub stopped_at: Option<DateTime<Utc>>,
    /// Live scans in that time.
    pub scans: i64,
    pub would_change: usize,
    /// `allow → flag` and so on.
    pub by_transition: BTreeMap<String, usize>,
    /// Changed verdicts involving each category under either policy.
    pub by_category: BTreeMap<String, usize>,
    pub examples: Vec<ShadowExample>,
    /// Content the active policy acted on (flag or more) that the candidate would allow.
    pub active_only: Decided,
    /// Content the candidate would act on that the active policy allowed.
    pub candidate_only: Decided,
}

/// The candidate a process runs beside the active policy.
pub struct ShadowCandidate {
    pub proposal_id: Id,
    pub scanner: Scanner,
}

fn categories(a: &Assessment) -> BTreeSet<&str> {
    a.matches.iter().map(|m| m.category.as_str()).collect()
}

impl ShadowCandidate {
    /// The row to keep when the candidate decides `text` otherwise than the active policy did.
    pub fn compare(
        &self,
        text: &str,
        active: &Assessment,
        scan_id: &Id,
        at: NaiveDateTime,
    ) -> Option<ShadowVerdictRow> {
        let candidate = super::verdict::assess(&self.scanner, text);
        let (before, after) = (categories(active), categories(&candidate));
        if candidate.action == active.action && before == after {
            return None;
        }
        let json = |c: BTreeSet<&str>| serde_json::to_string(&c).unwrap_or_default();
        Some(ShadowVerdictRow {
            proposal_id: self.proposal_id.clone(),
            scan_id: scan_id.clone(),
            created_at: at,
            action_before: active.action.as_str().to_owned(),
            action_after: candidate.action.as_str().to_owned(),
            categories_before: json(before),
            categories_after: json(after),
        })
    }
}

fn workload(report: &Report, handle: Vec<f64>, now: NaiveDateTime) -> Workload {
    let since = report.first_at.unwrap_or(now);
    let days = ((now - since).num_seconds() as f64 / 86_400.0).clamp(1.0, BACKTEST_DAYS as f64);
    let (before, after) = (
        report.flagged_before as f64 / days,
        report.flagged_after as f64 / days,
    );
    let handle = crate::verification::stats::Spread::of(handle);
    let (handle_times, median_handle_seconds) = (handle.count, handle.median_seconds);
    Workload {
        days,
        items_per_day_before: before,
        items_per_day_after: after,
        median_handle_seconds,
        handle_times,
        reviewer_hours_per_day: median_handle_seconds.map(|s| (after - before) * s / 3600.0),
    }
}

/// People who have said yes: the proposer counts as one pair of eyes when a person proposed.
fn eyes(proposed_by: &str, approvers: &[(String, NaiveDateTime)]) -> u32 {
    let mut people: BTreeSet<&str> = approvers.iter().map(|(by, _)| by.as_str()).collect();
    if proposed_by != Actor::system().id {
        people.insert(proposed_by);
    }
    people.len() as u32
}

fn not_found(id: &Id) -> AppError {
    AppError::not_found(format!("no policy proposal {id}"))
}

fn closed(row: &ProposalRow) -> AppError {
    AppError::conflict(
        "proposal_closed",
        format!("proposal {} is {} already", row.id, row.status),
    )
}

fn actions_at(row: &ShadowVerdictRow) -> (bool, bool) {
    let acts = |a: &str| a.parse::<Action>().is_ok_and(|a| a != Action::Allow);
    (acts(&row.action_before), acts(&row.action_after))
}

fn tally_decided(decided: &mut Decided, action: Option<&str>) {
    match action {
        Some("dismiss") => decided.dismissed += 1,
        Some(_) => decided.acted += 1,
        None => decided.undecided += 1,
    }
}

fn shadow_figures(conn: &mut DbConnection, row: &ProposalRow) -> Result<Option<Shadow>, AppError> {
    let Some(started) = row.shadow_started_at else {
        return Ok(None);
    };
    let until = row
        .shadow_stopped_at
        .unwrap_or_else(|| Utc::now().naive_utc() + Duration::seconds(1));
    let scans = store::scans_between(conn, started, until)?;
    let mut shadow = Shadow {
        started_at: started.and_utc(),
        stopped_at: row.shadow_stopped_at.map(|t| t.and_utc()),
        scans,
        would_change: 0,
        by_transition: BTreeMap::new(),
        by_category: BTreeMap::new(),
        examples: Vec::new(),
        active_only: Decided::default(),
        candidate_only: Decided::default(),
    };
    let list = |json: &str| serde_json::from_str::<Vec<String>>(json).unwrap_or_default();
    for seen in store::shadow_verdicts(conn, &row.id)? {
        let v = &seen.verdict;
        shadow.would_change += 1;
        *shadow
            .by_transition
            .entry(format!("{} → {}", v.action_before, v.action_after))
            .or_default() += 1;
        let (before, after) = (list(&v.categories_before), list(&v.categories_after));
        for c in before.iter().chain(&after).collect::<BTreeSet<_>>() {
            *shadow.by_category.entry(c.clone()).or_default() += 1;
        }
        match actions_at(v) {
            (true, false) => tally_decided(&mut shadow.active_only, seen.decided.as_deref()),
            (false, true) => tally_decided(&mut shadow.candidate_only, seen.decided.as_deref()),
            _ => {}
        }
        if shadow.examples.len() < EXAMPLES {
            shadow.examples.push(ShadowExample {
                scan_id: v.scan_id.clone(),
                text: seen
                    .text
                    .as_deref()
                    .unwrap_or_default()
                    .chars()
                    .take(EXAMPLE_CHARS)
                    .collect(),
                before: v.action_before.clone(),
                after: v.action_after.clone(),
                categories_before: before,
                categories_after: after,
                decided: seen.decided,
            });
        }
    }
    Ok(Some(shadow))
}

impl ActivePolicy {
    /// Records a proposed change to the active policy with its impact report. `source` is a policy
    /// file (its term files are read from the policy file's folder); a version already recorded
    /// with the same content is proposed as a rollback to it.
    pub fn propose(
        &self,
        conn: &mut DbConnection,
        source: &str,
        reason: &Reason,
        actor: &Actor,
    ) -> Result<Proposal, AppError> {
        let source = self.bundle(source)?;
        let parsed = file::parse(&source).map_err(|e| active::invalid(&e))?;
        let (name, version, hash) = (
            parsed.name.clone(),
            parsed.version.get(),
            parsed.hash.clone(),
        );
        let candidate =
            Scanner::build(parsed).map_err(|e| AppError::bad_request("invalid_policy", e))?;
        let current = self.current();
        if name != current.scanner.policy.name {
            return Err(AppError::bad_request(
                "invalid_policy",
                format!(
                    "the active policy is {:?}; a proposal changes it, not {name:?}",
                    current.scanner.policy.name
                ),
            ));
        }
        let kind = match policies::find_version(conn, &name, version)? {
            Some(known) if known.content_hash != hash => return Err(active::version_taken(&known)),
            Some(known) if known.id == current.version_id => {
                return Err(AppError::conflict(
                    "already_active",
                    format!("version {version} of {name:?} is the active policy"),
                ))
            }
            Some(_) => "rollback",
            None => "change",
        };
        self.record_proposal(conn, kind, &source, &candidate, reason, actor)
    }

    /// Proposes activating a recorded version again.
    pub fn propose_rollback(
        &self,
        conn: &mut DbConnection,
        version: i64,
        reason: &Reason,
        actor: &Actor,
    ) -> Result<Proposal, AppError> {
        let row = self.recorded(conn, version)?;
        if row.id == self.current().version_id {
            return Err(AppError::conflict(
                "already_active",
                format!("version {version} is the active policy"),
            ));
        }
        let candidate = active::compile(&row)?;
        self.record_proposal(conn, "rollback", &row.source, &candidate, reason, actor)
    }

    fn record_proposal(
        &self,
        conn: &mut DbConnection,
        kind: &str,
        source: &str,
        candidate: &Scanner,
        reason: &Reason,
        actor: &Actor,
    ) -> Result<Proposal, AppError> {
        let policy = &candidate.policy;
        if let Some(pending) = store::pending_version(conn, &policy.name, policy.version.get())? {
            return Err(AppError::conflict(
                "proposal_exists",
                format!(
                    "proposal {} of version {} is pending already: approve, reject or withdraw it first",
                    pending.id, pending.version
                ),
            ));
        }
        let now = Utc::now().naive_utc();
        let samples = backtest::stored_samples(
            conn,
            now - Duration::days(BACKTEST_DAYS),
            BACKTEST_MAX_SCANS,
        )?;
        let report = backtest::backtest(&self.current().scanner, candidate, samples);
        let handle = db::moderation::handle_times(conn, now - Duration::days(HANDLE_DAYS), now)?;
        let impact = Impact {
            workload: workload(&report, handle, now),
            backtest: report,
        };
        let row = ProposalRow {
            id: Id::new(),
            kind: kind.to_owned(),
            name: policy.name.clone(),
            version: policy.version.get(),
            content_hash: file::content_hash(source),
            source: source.to_owned(),
            reason: reason.as_str().to_owned(),
            proposed_by: actor.id.clone(),
            proposed_at: now,
            status: "pending".to_owned(),
            closed_by: None,
            closed_at: None,
            close_reason: None,
            report: serde_json::to_string(&impact).map_err(AppError::internal)?,
            shadow_started_at: None,
            shadow_stopped_at: None,
        };
        db::write_transaction(conn, |conn| {
            store::insert(conn, &row)?;
            audit::record(
                conn,
                actor,
                "policy.propose",
                "policy_proposal",
                row.id.as_str(),
                serde_json::json!({"kind": kind, "name": row.name, "version": row.version, "hash": row.content_hash, "reason": row.reason}),
            )
        })?;
        self.view(conn, row)
    }

    /// A proposal of the server's own (an edited policy file), unless that version is pending
    /// already. Returns the proposal's id.
    pub(super) fn propose_file(
        &self,
        conn: &mut DbConnection,
        source: &str,
        actor: &Actor,
        why: &str,
    ) -> Result<Id, AppError> {
        let parsed = file::parse(source).map_err(|e| active::invalid(&e))?;
        if let Some(pending) = store::pending_version(conn, &parsed.name, parsed.version.get())? {
            if pending.content_hash == file::content_hash(source) {
                return Ok(pending.id);
            }
        }
        let proposal = self.propose(conn, source, &Reason::parse(why)?, actor)?;
        Ok(proposal.id)
    }

    fn pending(&self, conn: &mut DbConnection, id: &Id) -> Result<ProposalRow, AppError> {
        let row = store::find(conn, id)?.ok_or_else(|| not_found(id))?;
        if row.status != "pending" {
            return Err(closed(&row));
        }
        Ok(row)
    }

    /// Approves a pending proposal; with enough approvals it goes live on every instance within
    /// the poll interval (at once on this one).
    pub fn approve(
        &self,
        conn: &mut DbConnection,
        id: &Id,
        actor: &Actor,
    ) -> Result<Proposal, AppError> {
        let row = self.pending(conn, id)?;
        if self.approvals > 1 && row.proposed_by == actor.id {
            return Err(AppError::refused(
                "four_eyes_required",
                "another ops person must approve a change you proposed",
            ));
        }
        let now = Utc::now().naive_utc();
        let activated = db::write_transaction(conn, |conn| {
            if !store::approve(conn, id, &actor.id, now)? {
                return Err(AppError::conflict(
                    "already_approved",
                    "you have approved this proposal already",
                ));
            }
            audit::record(
                conn,
                actor,
                "policy.approve",
                "policy_proposal",
                id.as_str(),
                serde_json::json!({"name": row.name, "version": row.version}),
            )?;
            let approvers = store::approvals(conn, id)?;
            if eyes(&row.proposed_by, &approvers) < self.approvals {
                return Ok(None);
            }
            let version_id = self.activate_proposal(conn, &row, actor, now)?;
            Ok(Some(version_id))
        })?;
        if let Some(version_id) = activated {
            let scanner = active::compile_source(&row.source)?;
            self.swap_in(conn, Some((version_id, scanner)))?;
            self.refresh_shadow(conn)?;
        }
        let row = store::find(conn, id)?.ok_or_else(|| not_found(id))?;
        self.view(conn, row)
    }

    /// Records the proposal's version (if new) and its activation, and closes it.
    fn activate_proposal(
        &self,
        conn: &mut DbConnection,
        row: &ProposalRow,
        actor: &Actor,
        now: NaiveDateTime,
    ) -> Result<Id, AppError> {
        let reason = match row.kind.as_str() {
            "rollback" => format!("rollback: {}", row.reason),
            _ => format!("proposal: {}", row.reason),
        };
        let version = active::record_version(conn, &row.source, &row.proposed_by, now)?;
        active::record_activation(conn, &version, actor, &reason)?;
        if !store::close(conn, &row.id, "activated", &actor.id, now, None)? {
            return Err(closed(row));
        }
        Ok(version.id)
    }

    /// Turns a pending proposal down (someone other than its proposer) or withdraws it (its
    /// proposer), with why.
    pub fn close_proposal(
        &self,
        conn: &mut DbConnection,
        id: &Id,
        actor: &Actor,
        outcome: Closing,
        reason: &Reason,
    ) -> Result<Proposal, AppError> {
        let row = self.pending(conn, id)?;
        let own = row.proposed_by == actor.id;
        match outcome {
            Closing::Reject if own => {
                return Err(AppError::refused(
                    "four_eyes_required",
                    "withdraw your own proposal instead of rejecting it",
                ))
            }
            Closing::Withdraw if !own && row.proposed_by != Actor::system().id => {
                return Err(AppError::refused(
                    "not_proposer",
                    format!(
                        "only {} can withdraw this proposal; reject it instead",
                        row.proposed_by
                    ),
                ))
            }
            _ => {}
        }
        let now = Utc::now().naive_utc();
        db::write_transaction(conn, |conn| {
            if !store::close(
                conn,
                id,
                outcome.status(),
                &actor.id,
                now,
                Some(reason.as_str()),
            )? {
                return Err(closed(&row));
            }
            audit::record(
                conn,
                actor,
                &format!("policy.{}", outcome.verb()),
                "policy_proposal",
                id.as_str(),
                serde_json::json!({"name": row.name, "version": row.version, "reason": reason.as_str()}),
            )
        })?;
        self.refresh(conn)?;
        let row = store::find(conn, id)?.ok_or_else(|| not_found(id))?;
        self.view(conn, row)
    }

    /// Runs a pending proposal beside the active policy on every live scan (never acting on its
    /// verdicts), taking any other candidate out of shadow mode; `false` stops it.
    pub fn set_shadow(
        &self,
        conn: &mut DbConnection,
        id: &Id,
        actor: &Actor,
        on: bool,
    ) -> Result<Proposal, AppError> {
        let row = self.pending(conn, id)?;
        let now = Utc::now().naive_utc();
        db::write_transaction(conn, |conn| {
            if on {
                store::start_shadow(conn, id, now)?;
            } else {
                store::stop_shadow(conn, id, now)?;
            }
            audit::record(
                conn,
                actor,
                if on {
                    "policy.shadow_start"
                } else {
                    "policy.shadow_stop"
                },
                "policy_proposal",
                id.as_str(),
                serde_json::json!({"name": row.name, "version": row.version}),
            )
        })?;
        self.refresh(conn)?;
        let row = store::find(conn, id)?.ok_or_else(|| not_found(id))?;
        self.view(conn, row)
    }

    pub fn proposal(&self, conn: &mut DbConnection, id: &Id) -> Result<Proposal, AppError> {
        let row = store::find(conn, id)?.ok_or_else(|| not_found(id))?;
        self.view(conn, row)
    }

    /// Proposals, newest first.
    pub fn proposals(
        &self,
        conn: &mut DbConnection,
        limit: i64,
    ) -> Result<Vec<Proposal>, AppError> {
        store::list(conn, limit)?
            .into_iter()
            .map(|row| self.view(conn, row))
            .collect()
    }

    fn view(&self, conn: &mut DbConnection, row: ProposalRow) -> Result<Proposal, AppError> {
        let approvals = store::approvals(conn, &row.id)?;
        let shadow = shadow_figures(conn, &row)?;
        let impact = serde_json::from_str(&row.report).map_err(AppError::internal)?;
        Ok(Proposal {
            approvals_given: eyes(&row.proposed_by, &approvals),
            approvals: approvals
                .into_iter()
                .map(|(by, at)| Approval {
                    by,
                    at: at.and_utc(),
                })
                .collect(),
            approvals_required: self.approvals,
            impact,
            shadow,
            id: row.id,
            kind: row.kind,
            name: row.name,
            version: row.version,
            hash: row.content_hash,
            reason: row.reason,
            proposed_by: row.proposed_by,
            proposed_at: row.proposed_at.and_utc(),
            status: row.status,
            closed_by: row.closed_by,
            closed_at: row.closed_at.map(|t| t.and_utc()),
            close_reason: row.close_reason,
        })
    }

    /// Loads the candidate in shadow mode, if it changed (another instance may have started it).
    pub(super) fn refresh_shadow(&self, conn: &mut DbConnection) -> Result<(), AppError> {
        let wanted = store::in_shadow(conn)?;
        let running = self.shadow();
        match (wanted, running) {
            (None, None) => {}
            (None, Some(_)) => self.set_shadow_candidate(None),
            (Some(row), Some(c)) if c.proposal_id == row.id => {}
            (Some(row), _) => {
                let scanner = active::compile_source(&row.source)?;
                self.set_shadow_candidate(Some(Arc::new(ShadowCandidate {
                    proposal_id: row.id,
                    scanner,
                })));
            }
        }
        Ok(())
    }
}

/// How a pending proposal ends without going live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    Reject,
    Withdraw,
}

impl Closing {
    fn status(self) -> &'static str {
        match self {
            Self::Reject => "rejected",
            Self::Withdraw => "withdrawn",
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Self::Reject => "reject",
            Self::Withdraw => "withdraw",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_trimmed_text_of_bounded_length() {
        assert_eq!(
            Reason::parse("  오탐이 많음 ").unwrap().as_str(),
            "오탐이 많음"
        );
        for bad in ["", "   ", "a\0b"] {
            assert!(Reason::parse(bad).is_err(), "{bad:?}");
        }
        assert!(Reason::parse(&"가".repeat(MAX_REASON_CHARS)).is_ok());
        assert_eq!(
            Reason::parse(&"가".repeat(MAX_REASON_CHARS + 1))
                .unwrap_err()
                .code,
            "invalid_reason"
        );
    }

    #[test]
    fn workload_is_the_change_in_items_a_day_times_the_median_handle_time() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 5)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        let report = Report {
            first_at: Some(now - Duration::days(2)),
            flagged_before: 20,
            flagged_after: 60,
            ..Report::default()
        };
        let w = workload(&report, vec![30.0, 90.0, 60.0], now);
        assert_eq!(w.days, 2.0);
        assert_eq!(
            (w.items_per_day_before, w.items_per_day_after),
            (10.0, 30.0)
        );
        assert_eq!(w.median_handle_seconds, Some(60.0));
        // 20 more items a day × 60 s = 1/3 hour.
        assert!((w.reviewer_hours_per_day.unwrap() - 20.0 * 60.0 / 3600.0).abs() < 1e-9);
        // A week at most, a day at least; no handle times, no hours.
        let old = Report {
            first_at: Some(now - Duration::days(30)),
            ..Report::default()
        };
        assert_eq!(workload(&old, vec![], now).days, 7.0);
        assert_eq!(workload(&Report::default(), vec![], now).days, 1.0);
        assert_eq!(workload(&old, vec![], now).reviewer_hours_per_day, None);
    }
}
