ALTER TABLE moderation_actions DROP COLUMN claimed_at;
DROP TABLE policy_shadow_verdicts;
DROP TABLE policy_approvals;
DROP TABLE policy_proposals;
