DROP INDEX appeals_created;
DROP INDEX moderation_actions_created;
DROP INDEX moderation_items_created;
