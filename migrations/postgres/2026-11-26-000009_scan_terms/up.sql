-- Which policy terms each stored scan hit, one row per scan and term, so the policy page counts
-- hits and overturns per term with an indexed GROUP BY instead of parsing every scan's matches.
CREATE TABLE scan_terms (
    scan_id TEXT NOT NULL,
    category TEXT NOT NULL,
    term TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (scan_id, category, term)
);
CREATE INDEX scan_terms_created ON scan_terms (created_at);
-- The same page counts sanctions per rule over a window.
CREATE INDEX sanctions_created ON sanctions (created_at);

INSERT INTO scan_terms (scan_id, category, term, created_at)
SELECT s.id, m ->> 'category', m ->> 'term', s.created_at
FROM scans s CROSS JOIN LATERAL jsonb_array_elements(s.matches::jsonb) m
WHERE s.matches <> '[]'
ON CONFLICT DO NOTHING;
