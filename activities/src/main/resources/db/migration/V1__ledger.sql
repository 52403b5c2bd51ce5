-- payonce's ledger. The orders primary key is the durable duplicate-checkout guard: Temporal only
-- remembers closed workflows for the namespace retention, this table remembers every order id.

CREATE TABLE orders (
    order_id          varchar(64)  PRIMARY KEY,
    customer_id       varchar(128) NOT NULL,
    amount_minor      bigint       NOT NULL CHECK (amount_minor > 0),
    currency          char(3)      NOT NULL,
    description       varchar(256),
    status            varchar(32)  NOT NULL,
    expires_at        timestamptz  NOT NULL,
    paid_attempt_id   varchar(64),
    captured_minor    bigint       NOT NULL DEFAULT 0 CHECK (captured_minor >= 0),
    refunded_minor    bigint       NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
    -- the workflow's snapshot revision: an older snapshot never overwrites a newer one
    revision          bigint       NOT NULL DEFAULT 0,
    workflow_started  boolean      NOT NULL DEFAULT false,
    created_at        timestamptz  NOT NULL,
    updated_at        timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE payment_attempts (
    attempt_id        varchar(64)  PRIMARY KEY,
    order_id          varchar(64)  NOT NULL REFERENCES orders (order_id),
    channel           varchar(32)  NOT NULL,
    status            varchar(16)  NOT NULL,
    channel_order_id  varchar(128),
    pay_url           text,
    captured_minor    bigint       NOT NULL DEFAULT 0 CHECK (captured_minor >= 0),
    refunded_minor    bigint       NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
    note              text,
    created_at        timestamptz  NOT NULL,
    updated_at        timestamptz  NOT NULL DEFAULT now(),
    CHECK (refunded_minor <= captured_minor)
);
CREATE INDEX payment_attempts_order_idx ON payment_attempts (order_id);

CREATE TABLE refunds (
    order_id          varchar(64)  NOT NULL REFERENCES orders (order_id),
    refund_id         varchar(80)  NOT NULL,
    attempt_id        varchar(64)  NOT NULL REFERENCES payment_attempts (attempt_id),
    amount_minor      bigint       NOT NULL CHECK (amount_minor > 0),
    status            varchar(16)  NOT NULL,
    kind              varchar(16)  NOT NULL,
    reason            text,
    created_at        timestamptz  NOT NULL,
    updated_at        timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, refund_id)
);

-- Payments no order kept (late after the workflow ended, or never known), given back.
CREATE TABLE orphan_refunds (
    channel           varchar(32)  NOT NULL,
    attempt_id        varchar(64)  NOT NULL,
    refund_no         varchar(80)  NOT NULL,
    order_id          varchar(64),
    amount_minor      bigint       NOT NULL CHECK (amount_minor > 0),
    currency          char(3)      NOT NULL,
    reason            text         NOT NULL,
    created_at        timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (channel, attempt_id, refund_no)
);

-- Every verified channel callback, once: a redelivery finds its row and causes no second effect.
CREATE TABLE webhook_inbox (
    channel           varchar(32)  NOT NULL,
    event_id          varchar(128) NOT NULL,
    event_type        varchar(32)  NOT NULL,
    attempt_id        varchar(64)  NOT NULL,
    body              text         NOT NULL,
    received_at       timestamptz  NOT NULL DEFAULT now(),
    -- set once the workflow (or an orphan workflow) has the event; null rows are delivered again
    delivered_at      timestamptz,
    PRIMARY KEY (channel, event_id)
);
