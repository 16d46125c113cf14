ALTER TABLE moderation_items DROP COLUMN tier;
DROP TABLE attachments;
DROP TABLE appeals;
