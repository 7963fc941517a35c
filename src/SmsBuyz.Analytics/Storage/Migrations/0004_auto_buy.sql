-- Auto-buy. An intent is committed before its buy request is sent, and holds the money it may spend against the
-- rule's and the global day budgets (reserved, 1e-4 units) until it is Failed (released to 0) or Bought (the
-- order's price). States: Reserved -> Sent -> Bought | Failed | Unknown -> Bought | Failed; DryRun is a would-be buy.
CREATE TABLE buy_intent (
    id          INTEGER PRIMARY KEY,
    rule        TEXT NOT NULL,
    idem_key    TEXT NOT NULL UNIQUE,
    mode        TEXT NOT NULL,
    day         TEXT NOT NULL,
    country     TEXT NOT NULL,
    operator    TEXT NOT NULL,
    product     TEXT NOT NULL,
    max_price   INTEGER NOT NULL,
    reserved    INTEGER NOT NULL,
    state       TEXT NOT NULL,
    order_id    INTEGER UNIQUE,
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER,
    resolved_at INTEGER,
    error       TEXT
);
CREATE INDEX buy_intent_rule_day ON buy_intent(rule, mode, day);
CREATE INDEX buy_intent_state ON buy_intent(state);

-- A paused rule buys nothing until `until` (insufficient balance, repeated failures); the reason is shown by status.
CREATE TABLE rule_pause (
    rule      TEXT PRIMARY KEY,
    reason    TEXT NOT NULL,
    paused_at INTEGER NOT NULL,
    until     INTEGER NOT NULL
);

-- What the tracker has announced per order (SMS count, status), apart from what is stored: the account sweep and
-- the start-up read store orders too, and a code or a refund they stored first must still be announced once.
CREATE TABLE order_notice (
    order_id INTEGER PRIMARY KEY REFERENCES orders(id),
    sms      INTEGER NOT NULL,
    status   TEXT NOT NULL
);
