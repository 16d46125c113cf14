-- The dashboard's moderation and appeal figures read arrivals and actions by time.
CREATE INDEX moderation_items_created ON moderation_items (created_at);
CREATE INDEX verifications_created ON verifications (created_at);
CREATE INDEX moderation_actions_created ON moderation_actions (created_at);
CREATE INDEX appeals_created ON appeals (created_at);
-- An item page reads its case's decisions and its moderation item's actions; without these every
-- page view scanned all decisions (40 ms at 90,000 of them on SQLite).
CREATE INDEX decisions_case ON decisions (case_id, decided_at);
CREATE INDEX moderation_actions_item ON moderation_actions (item_id);
