-- The shop's refund ids and payonce's automatic refund names are two namespaces (a shop refund id
-- "auto-<attempt>" once took an automatic refund's place), and the number a channel dedups a
-- refund on is payonce's own, not the shop's id.
ALTER TABLE refunds ADD COLUMN refund_no varchar(80);
UPDATE refunds SET refund_no = refund_id;
ALTER TABLE refunds ALTER COLUMN refund_no SET NOT NULL;
ALTER TABLE refunds DROP CONSTRAINT refunds_pkey;
ALTER TABLE refunds ADD PRIMARY KEY (order_id, kind, refund_id);
-- what the channel sees: one refund per number on a payment
CREATE UNIQUE INDEX refunds_channel_number_idx ON refunds (attempt_id, refund_no);
