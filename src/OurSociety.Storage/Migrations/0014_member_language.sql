-- The language a member chose for the pages (a code the hub ships, such as "cy"); NULL when they never chose, so
-- their browser's languages and then the hub's default decide. Not federated: it is about this hub's pages only.
ALTER TABLE member ADD COLUMN language TEXT NULL;
