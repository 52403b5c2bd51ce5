-- What happened to each order, in the order it happened: the customer's live page (SSE) and the
-- shop's webhooks read it. Written in the transaction of the ledger snapshot that made the change,
-- so an event exists exactly when its change does; one event per (type, subject), so a retried
-- snapshot adds nothing. Ids are handed out under a transaction lock held to commit, so they
-- become visible in id order: a reader that went past an id never misses a smaller one.
CREATE TABLE order_events (
  event_id    bigserial    PRIMARY KEY,
  order_id    varchar(64)  NOT NULL REFERENCES orders (order_id),
  type        varchar(48)  NOT NULL,
  -- what changed: the order itself, an attempt, or a refund (kind:refund_id)
  subject_id  varchar(100) NOT NULL,
  payload     text         NOT NULL,
  created_at  timestamptz  NOT NULL DEFAULT now(),
  UNIQUE (order_id, type, subject_id)
);
CREATE INDEX order_events_order_idx ON order_events (order_id, event_id);

-- The shop's webhook endpoints. A deleted endpoint is disabled, not removed: its log stays.
CREATE TABLE merchant_endpoints (
  endpoint_id            varchar(40)   PRIMARY KEY,
  url                    varchar(2048) NOT NULL,
  secret                 varchar(100)  NOT NULL,
  -- during a rotation both secrets sign, until previous_secret_until (null: until changed)
  previous_secret        varchar(100),
  previous_secret_until  timestamptz,
  enabled                boolean       NOT NULL DEFAULT true,
  created_at             timestamptz   NOT NULL DEFAULT now()
);

-- One row per (endpoint, event): the delivery log the shop reads and replays. Created with the
-- event (for every enabled endpoint); a Temporal workflow per (endpoint, order) delivers them in
-- event order.
CREATE TABLE merchant_deliveries (
  endpoint_id           varchar(40)  NOT NULL REFERENCES merchant_endpoints (endpoint_id),
  event_id              bigint       NOT NULL REFERENCES order_events (event_id),
  order_id              varchar(64)  NOT NULL,
  -- PENDING, DELIVERED, or FAILED (retried for the whole retry period, then given up)
  status                varchar(16)  NOT NULL,
  attempts              integer      NOT NULL DEFAULT 0,
  last_attempt_at       timestamptz,
  last_response_status  integer,
  last_error            varchar(300),
  delivered_at          timestamptz,
  created_at            timestamptz  NOT NULL DEFAULT now(),
  PRIMARY KEY (endpoint_id, event_id)
);
CREATE INDEX merchant_deliveries_pending_idx
  ON merchant_deliveries (endpoint_id, order_id, event_id) WHERE status = 'PENDING';
CREATE INDEX merchant_deliveries_event_idx ON merchant_deliveries (event_id);
