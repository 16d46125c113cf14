-- One submitted document awaiting (or past) verification. The file itself lives in storage,
-- named by its SHA-256; the pre-check result is JSON text (both engines store it as TEXT).
CREATE TABLE verifications (
    id TEXT PRIMARY KEY NOT NULL,
    provider_id TEXT NOT NULL,
    document_type TEXT NOT NULL CHECK (document_type IN ('business_registration', 'business_report', 'license')),
    status TEXT NOT NULL
        CHECK (status IN ('prechecking', 'pending_review', 'in_review', 'approved', 'rejected', 'needs_more')),
    claimed TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    file_type TEXT NOT NULL,
    file_size BIGINT NOT NULL,
    -- Retries with the same key return the first answer; request_hash tells a retry from a reuse.
    idempotency_key TEXT UNIQUE,
    request_hash TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    precheck TEXT,
    risk_score INTEGER,
    -- The number read from the document when its checksum holds.
    business_number TEXT,
    -- 64-bit dHash and its four 16-bit bands: a near duplicate (few differing bits) shares at least
    -- one band exactly, so candidates are found by index and compared in full in the application.
    dhash BIGINT,
    dhash_band0 INTEGER,
    dhash_band1 INTEGER,
    dhash_band2 INTEGER,
    dhash_band3 INTEGER,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX verifications_provider ON verifications (provider_id, created_at);
CREATE INDEX verifications_queue ON verifications (status, risk_score, created_at);
CREATE INDEX verifications_file ON verifications (file_sha256);
CREATE INDEX verifications_business_number ON verifications (business_number, status);
CREATE INDEX verifications_dhash0 ON verifications (dhash_band0);
CREATE INDEX verifications_dhash1 ON verifications (dhash_band1);
CREATE INDEX verifications_dhash2 ON verifications (dhash_band2);
CREATE INDEX verifications_dhash3 ON verifications (dhash_band3);
