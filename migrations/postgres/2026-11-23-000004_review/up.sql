-- The review queue: who holds an item and until when, the flags it can be filtered by, its case
-- (a request for more documents keeps the case open for the next upload) and, once approved, how
-- long it is valid.
ALTER TABLE verifications ADD COLUMN case_id TEXT NOT NULL DEFAULT '';
UPDATE verifications SET case_id = id;
-- Flag codes wrapped in commas (",image_blurry,number_mismatch,") so one LIKE finds a flag.
ALTER TABLE verifications ADD COLUMN flags TEXT NOT NULL DEFAULT ',';
ALTER TABLE verifications ADD COLUMN claimed_by TEXT;
ALTER TABLE verifications ADD COLUMN claimed_at TIMESTAMP;
ALTER TABLE verifications ADD COLUMN claim_expires_at TIMESTAMP;
ALTER TABLE verifications ADD COLUMN decided_at TIMESTAMP;
ALTER TABLE verifications ADD COLUMN valid_until DATE;
-- The approved licence this item re-checks before it lapses.
ALTER TABLE verifications ADD COLUMN renews TEXT;
DROP INDEX verifications_queue;
CREATE INDEX verifications_queue ON verifications (status, risk_score DESC, created_at);
CREATE INDEX verifications_claims ON verifications (status, claim_expires_at);
CREATE INDEX verifications_case ON verifications (case_id, created_at);
CREATE INDEX verifications_valid_until ON verifications (status, valid_until);
CREATE INDEX verifications_decided ON verifications (decided_at);
CREATE UNIQUE INDEX verifications_renews ON verifications (renews);

-- Every decision, as it was made: never updated or deleted.
CREATE TABLE decisions (
    id TEXT PRIMARY KEY NOT NULL,
    verification_id TEXT NOT NULL REFERENCES verifications (id),
    case_id TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject', 'request_more')),
    reason_code TEXT,
    note TEXT,
    documents_requested TEXT NOT NULL,
    precheck_snapshot TEXT,
    risk_score INTEGER,
    claimed_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP NOT NULL
);
CREATE INDEX decisions_verification ON decisions (verification_id);
CREATE INDEX decisions_decided ON decisions (decided_at);
CREATE FUNCTION decisions_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'decisions are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER decisions_append_only BEFORE UPDATE OR DELETE ON decisions
    FOR EACH ROW EXECUTE FUNCTION decisions_append_only();
CREATE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON decisions
    FOR EACH STATEMENT EXECUTE FUNCTION decisions_append_only();

-- A blind second look at a sampled decision by a senior; its own small queue.
CREATE TABLE second_reviews (
    id TEXT PRIMARY KEY NOT NULL,
    decision_id TEXT NOT NULL UNIQUE REFERENCES decisions (id),
    verification_id TEXT NOT NULL REFERENCES verifications (id),
    first_reviewer TEXT NOT NULL,
    first_reason TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending_review', 'in_review', 'done')),
    claimed_by TEXT,
    claimed_at TIMESTAMP,
    claim_expires_at TIMESTAMP,
    decision TEXT CHECK (decision IN ('approve', 'reject', 'request_more')),
    reason_code TEXT,
    error_type TEXT CHECK (error_type IN ('wrong_decision', 'wrong_reason', 'wrong_guidance')),
    note TEXT,
    risk_score INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP
);
CREATE INDEX second_reviews_queue ON second_reviews (status, risk_score DESC, created_at);
CREATE INDEX second_reviews_decided ON second_reviews (decided_at);
