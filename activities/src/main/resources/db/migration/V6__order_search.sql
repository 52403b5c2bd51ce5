-- GET /api/v1/orders: newest first, by (created_at, order_id) so a cursor is exact; one index per
-- filter that narrows by equality, each ending in the sort key so a page is an index range.
CREATE INDEX orders_created_idx ON orders (created_at DESC, order_id DESC);
CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at DESC, order_id DESC);
CREATE INDEX orders_status_created_idx ON orders (status, created_at DESC, order_id DESC);
-- "orders with an attempt at this channel"
CREATE INDEX payment_attempts_channel_order_idx ON payment_attempts (channel, order_id);
