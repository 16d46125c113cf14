-- The dashboard's moderation and appeal figures read arrivals and actions by time.
CREATE INDEX moderation_items_created ON moderation_items (created_at);
CREATE INDEX moderation_actions_created ON moderation_actions (created_at);
CREATE INDEX appeals_created ON appeals (created_at);
