-- A down migration: destructive by nature, and reported as such.
DROP TABLE orders;
ALTER TABLE accounts DROP COLUMN name;
DELETE FROM accounts;
UPDATE accounts SET email = lower(email) WHERE 1 = 1;
TRUNCATE audit_events;
