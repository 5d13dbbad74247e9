-- Adds orders and indexes an existing table the slow way (locks writes while it builds).
CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL,
  total_cents integer NOT NULL,
  status text NOT NULL DEFAULT 'new'
);
CREATE INDEX accounts_created_at_idx ON accounts (created_at);
ALTER TABLE orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id);
