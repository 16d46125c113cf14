DROP INDEX sanctions_created;
DROP TABLE scan_terms;
