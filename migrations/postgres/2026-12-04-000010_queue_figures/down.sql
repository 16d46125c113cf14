DROP INDEX moderation_actions_item;
DROP INDEX decisions_case;
DROP INDEX appeals_created;
DROP INDEX moderation_actions_created;
DROP INDEX verifications_created;
DROP INDEX moderation_items_created;
