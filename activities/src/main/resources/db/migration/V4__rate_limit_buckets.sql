-- Bucket4j's token buckets (checkout and pay rate limits), shared by every payonce instance: one row
-- per bucket, locked with SELECT ... FOR UPDATE while a token is taken. Rows of buckets that have
-- refilled are deleted by the app (expires_at, epoch milliseconds).
CREATE TABLE rate_limit_buckets (
  id         varchar(160) PRIMARY KEY,
  state      bytea,
  expires_at bigint
);
CREATE INDEX rate_limit_buckets_expires_idx ON rate_limit_buckets (expires_at);
