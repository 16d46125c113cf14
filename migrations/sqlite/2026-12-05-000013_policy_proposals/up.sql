-- A policy change waits here until enough ops people approve it (four eyes): an edited file, a
-- pasted candidate or a rollback to a recorded version. Its impact report is kept as it was made.
CREATE TABLE policy_proposals (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('change', 'rollback')),
    name TEXT NOT NULL,
    version BIGINT NOT NULL,
    content_hash TEXT NOT NULL,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    proposed_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'activated', 'rejected', 'withdrawn')),
    closed_by TEXT,
    closed_at TIMESTAMP,
    close_reason TEXT,
    report TEXT NOT NULL,
    shadow_started_at TIMESTAMP,
    shadow_stopped_at TIMESTAMP
);
CREATE INDEX policy_proposals_status ON policy_proposals (status, proposed_at);

-- Each person who approved a proposal, once.
CREATE TABLE policy_approvals (
    proposal_id TEXT NOT NULL REFERENCES policy_proposals (id),
    approved_by TEXT NOT NULL,
    approved_at TIMESTAMP NOT NULL,
    PRIMARY KEY (proposal_id, approved_by)
);

-- Live scans on which a candidate in shadow mode would have decided otherwise than the active
-- policy (the scans it agreed on are counted from the scans table).
CREATE TABLE policy_shadow_verdicts (
    proposal_id TEXT NOT NULL REFERENCES policy_proposals (id),
    scan_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    action_before TEXT NOT NULL,
    action_after TEXT NOT NULL,
    categories_before TEXT NOT NULL,
    categories_after TEXT NOT NULL,
    PRIMARY KEY (proposal_id, scan_id)
);

-- When the moderator claimed the item they acted on: handle time, for a change's workload.
ALTER TABLE moderation_actions ADD COLUMN claimed_at TIMESTAMP;
