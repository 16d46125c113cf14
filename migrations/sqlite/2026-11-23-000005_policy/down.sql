DROP TABLE moderation_items;
DROP TABLE sanctions;
DROP TABLE violations;
DROP TABLE scans;
DROP TABLE policy_activations;
DROP TABLE policy_versions;
