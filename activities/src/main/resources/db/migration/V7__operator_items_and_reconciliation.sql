-- Everything that needs a person: one row per situation (item_key: raising it again is a no-op),
-- and the trail of what was done about it.
CREATE TABLE operator_items (
    item_id      bigserial     PRIMARY KEY,
    item_key     varchar(300)  NOT NULL UNIQUE,
    reason       varchar(32)   NOT NULL,
    status       varchar(16)   NOT NULL DEFAULT 'OPEN',
    order_id     varchar(64),
    channel      varchar(32),
    attempt_id   varchar(64),
    refund_no    varchar(80),
    detail       text          NOT NULL,
    created_at   timestamptz   NOT NULL DEFAULT now(),
    updated_at   timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX operator_items_status_idx ON operator_items (status, item_id);
CREATE INDEX operator_items_order_idx ON operator_items (order_id, item_id);

CREATE TABLE operator_item_actions (
    action_id    bigserial     PRIMARY KEY,
    item_id      bigint        NOT NULL REFERENCES operator_items (item_id),
    action       varchar(16)   NOT NULL,
    actor        varchar(128)  NOT NULL,
    note         varchar(1000),
    at           timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX operator_item_actions_item_idx ON operator_item_actions (item_id, action_id);

-- One reconciliation per (channel, bill date): lines_done is where a crashed run resumes, and
-- moves in the same transaction as the totals and differences of the lines before it.
CREATE TABLE reconciliation_runs (
    channel      varchar(32)   NOT NULL,
    bill_date    date          NOT NULL,
    run_id       varchar(64)   NOT NULL,
    status       varchar(16)   NOT NULL,
    lines_done   bigint        NOT NULL DEFAULT 0,
    differences  bigint        NOT NULL DEFAULT 0,
    started_at   timestamptz   NOT NULL DEFAULT now(),
    updated_at   timestamptz   NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    PRIMARY KEY (channel, bill_date)
);
CREATE INDEX reconciliation_runs_started_idx ON reconciliation_runs (started_at DESC);

CREATE TABLE reconciliation_totals (
    channel          varchar(32)  NOT NULL,
    bill_date        date         NOT NULL,
    currency         char(3)      NOT NULL,
    captures         bigint       NOT NULL DEFAULT 0,
    captured_minor   bigint       NOT NULL DEFAULT 0,
    refunds          bigint       NOT NULL DEFAULT 0,
    refunded_minor   bigint       NOT NULL DEFAULT 0,
    fee_minor        bigint       NOT NULL DEFAULT 0,
    PRIMARY KEY (channel, bill_date, currency),
    FOREIGN KEY (channel, bill_date) REFERENCES reconciliation_runs (channel, bill_date)
);

-- A statement line that did not match the ledger, and what payonce did about it.
CREATE TABLE reconciliation_differences (
    channel                varchar(32)  NOT NULL,
    bill_date              date         NOT NULL,
    line_number            bigint       NOT NULL,
    kind                   varchar(32)  NOT NULL,
    attempt_id             varchar(64)  NOT NULL,
    refund_no              varchar(80),
    order_id               varchar(64),
    currency               char(3)      NOT NULL,
    channel_amount_minor   bigint       NOT NULL,
    payonce_amount_minor   bigint,
    action                 varchar(32)  NOT NULL,
    item_id                bigint       REFERENCES operator_items (item_id),
    created_at             timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (channel, bill_date, line_number),
    FOREIGN KEY (channel, bill_date) REFERENCES reconciliation_runs (channel, bill_date)
);
