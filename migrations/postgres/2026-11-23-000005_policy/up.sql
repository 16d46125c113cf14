-- Every policy version ever loaded, with its source, so any can be activated again (rollback).
CREATE TABLE policy_versions (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    version BIGINT NOT NULL,
    content_hash TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (name, version)
);

-- Which version was made active, when and by whom; the newest row is the active policy.
CREATE TABLE policy_activations (
    id TEXT PRIMARY KEY NOT NULL,
    policy_version_id TEXT NOT NULL REFERENCES policy_versions (id),
    activated_at TIMESTAMP NOT NULL,
    activated_by TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX policy_activations_at ON policy_activations (activated_at);

-- Every verdict: the content as scanned (for backtests), what matched and the rules that applied.
CREATE TABLE scans (
    id TEXT PRIMARY KEY NOT NULL,
    surface TEXT NOT NULL,
    user_id TEXT NOT NULL,
    content_id TEXT NOT NULL,
    content TEXT NOT NULL,
    action TEXT NOT NULL,
    matches TEXT NOT NULL,
    rules TEXT NOT NULL,
    policy_version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX scans_created ON scans (created_at);
CREATE INDEX scans_user ON scans (user_id, created_at);

-- Hits that count against a user in frequency rules.
CREATE TABLE violations (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL,
    category TEXT NOT NULL,
    scan_id TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX violations_user ON violations (user_id, category, created_at);

CREATE TABLE sanctions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('warn', 'restrict', 'suspend', 'ban')),
    category TEXT,
    rule TEXT NOT NULL,
    scan_id TEXT,
    policy_version BIGINT,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP,
    appealable BOOLEAN NOT NULL,
    lifted_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX sanctions_user ON sanctions (user_id, starts_at);

-- Content a person must look at: the scanner's flags now, user reports later. A lease-held queue
-- like the review queue (see db::queue).
CREATE TABLE moderation_items (
    id TEXT PRIMARY KEY NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending_review', 'in_review', 'done')),
    claimed_by TEXT,
    claimed_at TIMESTAMP,
    claim_expires_at TIMESTAMP,
    risk_score INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    surface TEXT NOT NULL,
    content_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    source TEXT NOT NULL,
    scan_id TEXT,
    matches TEXT NOT NULL,
    policy_version BIGINT
);
CREATE UNIQUE INDEX moderation_items_content ON moderation_items (surface, content_id);
CREATE INDEX moderation_items_queue ON moderation_items (status, risk_score DESC, created_at);
