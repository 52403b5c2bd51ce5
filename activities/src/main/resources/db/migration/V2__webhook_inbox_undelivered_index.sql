-- The redelivery sweep reads the oldest undelivered rows every few seconds: a partial index keeps
-- that read small however large the inbox grows (delivered rows, nearly all of them, are not in it).
CREATE INDEX webhook_inbox_undelivered_idx ON webhook_inbox (received_at) WHERE delivered_at IS NULL;
