SET lock_timeout = '2s';
-- A NOT NULL and a type change on a busy table: both rewrite or scan it under a strong lock.
ALTER TABLE accounts ALTER COLUMN display_name SET NOT NULL;
ALTER TABLE orders ALTER COLUMN total_cents TYPE bigint;
ALTER TABLE accounts RENAME COLUMN display_name TO name;
