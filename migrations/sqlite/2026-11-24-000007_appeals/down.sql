ALTER TABLE violations DROP COLUMN voided_at;
ALTER TABLE violations DROP COLUMN sanction_id;
ALTER TABLE moderation_items DROP COLUMN tier;
DROP TABLE attachments;
DROP TABLE appeals;
