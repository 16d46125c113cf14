-- Near duplicates are found by what was read on a document (its number, else its name and
-- holder), not by an image hash: every certificate on the tax office's form hashes alike.
DROP INDEX verifications_dhash0;
DROP INDEX verifications_dhash1;
DROP INDEX verifications_dhash2;
DROP INDEX verifications_dhash3;
ALTER TABLE verifications DROP COLUMN dhash_band0;
ALTER TABLE verifications DROP COLUMN dhash_band1;
ALTER TABLE verifications DROP COLUMN dhash_band2;
ALTER TABLE verifications DROP COLUMN dhash_band3;
ALTER TABLE verifications DROP COLUMN dhash;
ALTER TABLE verifications ADD COLUMN document_key TEXT;
CREATE INDEX verifications_document_key ON verifications (document_key, created_at);
