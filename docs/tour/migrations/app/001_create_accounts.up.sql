-- Written for the Railguard tour: a first migration that is safe as written.
CREATE TABLE accounts (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  display_name text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_email_key ON accounts (email);
