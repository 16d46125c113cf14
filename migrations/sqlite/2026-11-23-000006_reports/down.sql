ALTER TABLE sanctions DROP COLUMN action_id;
ALTER TABLE sanctions DROP COLUMN reason;
DROP TABLE moderation_actions;
ALTER TABLE moderation_items DROP COLUMN snapshot;
ALTER TABLE moderation_items DROP COLUMN reporters;
DROP TABLE reports;
