-- Reports from users. A reporter counts once per piece of content; all reports on one piece of
-- content feed its one moderation item.
CREATE TABLE reports (
    id TEXT PRIMARY KEY NOT NULL,
    item_id TEXT NOT NULL REFERENCES moderation_items (id),
    reporter_id TEXT NOT NULL,
    surface TEXT NOT NULL,
    content_id TEXT NOT NULL,
    author_id TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    reason TEXT NOT NULL,
    details TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (reporter_id, surface, content_id)
);
CREATE INDEX reports_item ON reports (item_id);
CREATE INDEX reports_author ON reports (author_id, created_at);

-- How many people reported the item, and the content as first reported (scanned content is in
-- `scans`).
ALTER TABLE moderation_items ADD COLUMN reporters INTEGER NOT NULL DEFAULT 0;
ALTER TABLE moderation_items ADD COLUMN snapshot TEXT;

-- What the claimer of a moderation item decided; one action closes an item.
CREATE TABLE moderation_actions (
    id TEXT PRIMARY KEY NOT NULL,
    item_id TEXT NOT NULL UNIQUE REFERENCES moderation_items (id),
    actor_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('dismiss', 'warn', 'hide', 'restrict', 'suspend', 'ban')),
    reason TEXT NOT NULL,
    rule TEXT NOT NULL,
    sanction_id TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX moderation_actions_actor ON moderation_actions (actor_id, created_at);

-- A sanction's reason in words, and the staff action behind it (scanner sanctions have a scan).
ALTER TABLE sanctions ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE sanctions ADD COLUMN action_id TEXT;
