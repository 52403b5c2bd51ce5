-- Refunds after the order's workflow has ended are checked against the channel's refund period,
-- counted from the capture. Written when a snapshot first shows the attempt captured (the ledger's
-- clock, seconds after the channel's own).
ALTER TABLE payment_attempts ADD COLUMN captured_at timestamptz;
-- Older captures: when the ledger recorded attempt.paid; before events existed, the attempt's
-- creation, which is never after its capture (a period counted from it ends early, never late).
UPDATE payment_attempts a SET captured_at = coalesce(
    (SELECT e.created_at FROM order_events e
     WHERE e.order_id = a.order_id AND e.type = 'attempt.paid' AND e.subject_id = a.attempt_id),
    a.created_at)
WHERE a.captured_minor > 0;
