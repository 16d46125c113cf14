-- Appeals (소명): a user asks a senior to look again at a sanction or a rejected verification.
-- What the original decision was (who made it, under which rule and category) is copied in when
-- the appeal is filed, so overturn rates per rule, category and reviewer are one table's counts.
CREATE TABLE appeals (
    id TEXT PRIMARY KEY NOT NULL,
    case_type TEXT NOT NULL CHECK (case_type IN ('sanction', 'verification')),
    case_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    statement TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending_review', 'in_review', 'done')),
    claimed_by TEXT,
    claimed_at TIMESTAMP,
    claim_expires_at TIMESTAMP,
    risk_score INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    -- `scanner` for the scanner's sanctions, else the staff member who decided.
    original_actor TEXT NOT NULL,
    original_rule TEXT NOT NULL,
    original_category TEXT,
    outcome TEXT CHECK (outcome IN ('uphold', 'overturn', 'reduce')),
    decided_by TEXT,
    decision_note TEXT,
    reduced_ends_at TIMESTAMP,
    decided_at TIMESTAMP
);
-- One open appeal per case.
CREATE UNIQUE INDEX appeals_open_case ON appeals (case_type, case_id) WHERE status <> 'done';
CREATE INDEX appeals_queue ON appeals (status, risk_score DESC, created_at);
CREATE INDEX appeals_user ON appeals (user_id, created_at);
CREATE INDEX appeals_decided ON appeals (decided_at);

-- Files users sent with an appeal or a review takedown request, stored as documents are.
CREATE TABLE attachments (
    id TEXT PRIMARY KEY NOT NULL,
    owner_type TEXT NOT NULL CHECK (owner_type IN ('appeal', 'report')),
    owner_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    file_sha256 TEXT NOT NULL,
    file_type TEXT NOT NULL,
    file_size BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (owner_type, owner_id, position)
);
CREATE INDEX attachments_file ON attachments (file_sha256);

-- Items only seniors may claim (review takedown requests).
ALTER TABLE moderation_items ADD COLUMN tier TEXT NOT NULL DEFAULT 'staff';

-- An overturned sanction's violations stop counting towards the frequency rules; the scanner's are
-- found by their scan, a moderator's by the sanction it came with.
ALTER TABLE violations ADD COLUMN sanction_id TEXT;
ALTER TABLE violations ADD COLUMN voided_at TIMESTAMP;
