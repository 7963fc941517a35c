-- Every row knows whose it is. A provider is where the API is: base_url holds its identity, the normalized base URL
-- (Providers/ProviderKey.cs), so the sandbox on loopback and smsbuyz.com are two providers whatever the configuration
-- calls them; name is the label people see. An account is what user/profile answers at one provider: external_id its
-- id, email what people see. A series belongs to a provider; orders, SMS, payments, profiles, buy intents, order notices
-- and rule pauses to an account; an alert state to a provider (it is about an offer, not an account); a sweep to its
-- provider, and an account sweep to its account too. An order id is unique only within one account.
--
-- Rows that exist already belong to the provider configured while this migration runs (migration_context, filled by
-- the migrator) and to the account its latest profile names; each profile row to the account it names. Account rows
-- without any profile go to the account 'unknown', which the first profile read adopts. SQLite cannot change a key in
-- place: the tables whose keys change are rebuilt, new columns last as PostgreSQL's ADD COLUMN puts them, all in this
-- migration's one transaction, with foreign keys checked after (the migrator's PRAGMA foreign_key_check). The reader
-- views name the tables being rebuilt, so they are dropped first and made again, with the provider and the account.

CREATE TABLE provider (
    id            INTEGER PRIMARY KEY,
    base_url      TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    first_seen_at INTEGER NOT NULL
);

CREATE TABLE account (
    id            INTEGER PRIMARY KEY,
    provider_id   INTEGER NOT NULL REFERENCES provider(id),
    external_id   TEXT NOT NULL,
    email         TEXT,
    first_seen_at INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    UNIQUE (provider_id, external_id)
);

-- An order seen again under its account with another product or creation time: kept here as it was seen, never
-- written over the stored order (a provider that reused an id, or a sandbox restarted with the same account).
CREATE TABLE order_conflict (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL,
    order_id   INTEGER NOT NULL,
    seen_at    INTEGER NOT NULL,
    phone      TEXT,
    country    TEXT,
    operator   TEXT,
    product    TEXT,
    price      INTEGER NOT NULL,
    status     TEXT NOT NULL,
    created_at INTEGER,
    FOREIGN KEY (account_id, order_id) REFERENCES orders(account_id, id)
);
CREATE INDEX order_conflict_order ON order_conflict(account_id, order_id);

-- The provider of the existing rows, when there are any: a new database learns its providers as it goes.
INSERT INTO provider (base_url, name, first_seen_at)
SELECT provider_url, provider_name, now FROM migration_context
WHERE EXISTS (SELECT 1 FROM series) OR EXISTS (SELECT 1 FROM sweep) OR EXISTS (SELECT 1 FROM orders)
   OR EXISTS (SELECT 1 FROM payments) OR EXISTS (SELECT 1 FROM profile_history) OR EXISTS (SELECT 1 FROM buy_intent)
   OR EXISTS (SELECT 1 FROM rule_pause) OR EXISTS (SELECT 1 FROM rule_alert);
UPDATE migration_context SET provider_id = (SELECT p.id FROM provider p WHERE p.base_url = migration_context.provider_url);

-- Every account a profile named, its e-mail as the latest profile of it showed it.
INSERT INTO account (provider_id, external_id, email, first_seen_at, last_seen_at)
SELECT (SELECT provider_id FROM migration_context), CAST(h.user_id AS TEXT),
       (SELECT l.email FROM profile_history l WHERE l.user_id = h.user_id ORDER BY l.observed_at DESC, l.id DESC LIMIT 1),
       min(h.observed_at), max(h.observed_at)
FROM profile_history h GROUP BY h.user_id;

INSERT INTO account (provider_id, external_id, email, first_seen_at, last_seen_at)
SELECT provider_id, 'unknown', NULL, now, now FROM migration_context
WHERE NOT EXISTS (SELECT 1 FROM profile_history)
  AND (EXISTS (SELECT 1 FROM orders) OR EXISTS (SELECT 1 FROM payments) OR EXISTS (SELECT 1 FROM buy_intent WHERE mode = 'Live')
       OR EXISTS (SELECT 1 FROM rule_pause));

-- The account of every row that is not a profile: the latest profile's, else 'unknown'.
UPDATE migration_context SET account_id = (SELECT a.id FROM account a WHERE a.external_id = coalesce(
    (SELECT CAST(h.user_id AS TEXT) FROM profile_history h ORDER BY h.observed_at DESC, h.id DESC LIMIT 1), 'unknown'));

DROP VIEW v_price_change;
DROP VIEW v_price_latest;
DROP VIEW v_price_rollup;
DROP VIEW v_orders;

CREATE TABLE series_new (
    id          INTEGER PRIMARY KEY,
    product_id  INTEGER NOT NULL REFERENCES product(id),
    country_id  INTEGER NOT NULL REFERENCES country(id),
    operator_id INTEGER NOT NULL REFERENCES operator(id),
    sources     INTEGER NOT NULL DEFAULT 3,
    provider_id INTEGER NOT NULL REFERENCES provider(id),
    UNIQUE (provider_id, product_id, country_id, operator_id)
);
INSERT INTO series_new (id, product_id, country_id, operator_id, sources, provider_id)
SELECT id, product_id, country_id, operator_id, sources, (SELECT provider_id FROM migration_context) FROM series;
DROP TABLE series;
ALTER TABLE series_new RENAME TO series;
CREATE INDEX series_country ON series(country_id);

ALTER TABLE sweep ADD COLUMN provider_id INTEGER REFERENCES provider(id);
ALTER TABLE sweep ADD COLUMN account_id INTEGER REFERENCES account(id);
-- Job runs (reports, maintenance) asked no provider anything.
UPDATE sweep SET provider_id = (SELECT provider_id FROM migration_context) WHERE kind NOT IN ('reports', 'maintenance');
UPDATE sweep SET account_id = (SELECT account_id FROM migration_context) WHERE kind = 'account';

CREATE TABLE profile_history_new (
    id               INTEGER PRIMARY KEY,
    observed_at      INTEGER NOT NULL,
    user_id          INTEGER NOT NULL,
    email            TEXT,
    balance          INTEGER NOT NULL,
    rating           TEXT NOT NULL,
    default_operator TEXT,
    sweep_id         INTEGER,
    account_id       INTEGER NOT NULL REFERENCES account(id)
);
INSERT INTO profile_history_new (id, observed_at, user_id, email, balance, rating, default_operator, sweep_id, account_id)
SELECT h.id, h.observed_at, h.user_id, h.email, h.balance, h.rating, h.default_operator, h.sweep_id,
       (SELECT a.id FROM account a WHERE a.external_id = CAST(h.user_id AS TEXT))
FROM profile_history h;
DROP TABLE profile_history;
ALTER TABLE profile_history_new RENAME TO profile_history;
CREATE INDEX profile_history_account ON profile_history(account_id, observed_at);

CREATE TABLE orders_new (
    id            INTEGER NOT NULL,
    phone         TEXT,
    country       TEXT,
    operator      TEXT,
    product       TEXT,
    price         INTEGER NOT NULL,
    status        TEXT NOT NULL,
    created_at    INTEGER,
    expires_at    INTEGER,
    first_seen_at INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    account_id    INTEGER NOT NULL REFERENCES account(id),
    PRIMARY KEY (account_id, id)
);
INSERT INTO orders_new SELECT *, (SELECT account_id FROM migration_context) FROM orders;

CREATE TABLE order_sms_new (
    order_id   INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    created_at INTEGER,
    code       TEXT,
    text       TEXT,
    sender     TEXT,
    account_id INTEGER NOT NULL,
    PRIMARY KEY (account_id, order_id, seq),
    FOREIGN KEY (account_id, order_id) REFERENCES orders(account_id, id)
) WITHOUT ROWID;
INSERT INTO order_sms_new SELECT *, (SELECT account_id FROM migration_context) FROM order_sms;

CREATE TABLE order_notice_new (
    order_id   INTEGER NOT NULL,
    sms        INTEGER NOT NULL,
    status     TEXT NOT NULL,
    account_id INTEGER NOT NULL,
    PRIMARY KEY (account_id, order_id),
    FOREIGN KEY (account_id, order_id) REFERENCES orders(account_id, id)
);
INSERT INTO order_notice_new SELECT *, (SELECT account_id FROM migration_context) FROM order_notice;

DROP TABLE order_notice;
DROP TABLE order_sms;
DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;
ALTER TABLE order_sms_new RENAME TO order_sms;
ALTER TABLE order_notice_new RENAME TO order_notice;
CREATE INDEX orders_created ON orders(created_at);

CREATE TABLE payments_new (
    id            INTEGER NOT NULL,
    type          TEXT,
    provider      TEXT,
    amount        INTEGER NOT NULL,
    balance       INTEGER,
    created_at    INTEGER,
    first_seen_at INTEGER NOT NULL,
    account_id    INTEGER NOT NULL REFERENCES account(id),
    PRIMARY KEY (account_id, id)
);
INSERT INTO payments_new SELECT *, (SELECT account_id FROM migration_context) FROM payments;
DROP TABLE payments;
ALTER TABLE payments_new RENAME TO payments;

-- A live intent always names its account: no buy is sent for an account not known. A dry run without an API key has none.
CREATE TABLE buy_intent_new (
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
    order_id    INTEGER,
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER,
    resolved_at INTEGER,
    error       TEXT,
    error_kind  TEXT,
    ended_at    INTEGER,
    account_id  INTEGER REFERENCES account(id),
    UNIQUE (account_id, order_id),
    CHECK (account_id IS NOT NULL OR mode <> 'Live')
);
INSERT INTO buy_intent_new SELECT *, (SELECT account_id FROM migration_context) FROM buy_intent;
DROP TABLE buy_intent;
ALTER TABLE buy_intent_new RENAME TO buy_intent;
CREATE INDEX buy_intent_rule_day ON buy_intent(rule, mode, day);
CREATE INDEX buy_intent_state ON buy_intent(state);

-- A pause is its account's: insufficient balance, a rejected key, failed buys there.
CREATE TABLE rule_pause_new (
    rule       TEXT NOT NULL,
    reason     TEXT NOT NULL,
    paused_at  INTEGER NOT NULL,
    until      INTEGER NOT NULL,
    account_id INTEGER NOT NULL REFERENCES account(id),
    PRIMARY KEY (rule, account_id)
);
INSERT INTO rule_pause_new SELECT *, (SELECT account_id FROM migration_context) FROM rule_pause;
DROP TABLE rule_pause;
ALTER TABLE rule_pause_new RENAME TO rule_pause;

CREATE TABLE rule_alert_new (
    rule        TEXT NOT NULL,
    country     TEXT NOT NULL,
    operator    TEXT NOT NULL,
    product     TEXT NOT NULL,
    active      INTEGER NOT NULL,
    price       INTEGER,
    alerted_at  INTEGER,
    false_since INTEGER,
    updated_at  INTEGER NOT NULL,
    provider_id INTEGER NOT NULL REFERENCES provider(id),
    PRIMARY KEY (rule, provider_id, product, country, operator)
) WITHOUT ROWID;
INSERT INTO rule_alert_new SELECT *, (SELECT provider_id FROM migration_context) FROM rule_alert;
DROP TABLE rule_alert;
ALTER TABLE rule_alert_new RENAME TO rule_alert;

-- The views of migration 8, each with the provider (its name) and v_orders with the account (its id at the provider).
CREATE VIEW v_price_change AS
SELECT strftime('%Y-%m-%dT%H:%M:%fZ', c.observed_at / 1000.0, 'unixepoch') AS observed_at,
       k.code AS country, o.name AS operator, p.name AS product, c.price / 10000.0 AS price, c.qty AS qty, v.name AS provider
FROM price_change c
JOIN series s ON s.id = c.series_id JOIN provider v ON v.id = s.provider_id
JOIN country k ON k.id = s.country_id JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id;

CREATE VIEW v_price_latest AS
SELECT strftime('%Y-%m-%dT%H:%M:%fZ', l.changed_at / 1000.0, 'unixepoch') AS changed_at,
       k.code AS country, o.name AS operator, p.name AS product, l.price / 10000.0 AS price, l.qty AS qty, v.name AS provider
FROM price_latest l
JOIN series s ON s.id = l.series_id JOIN provider v ON v.id = s.provider_id
JOIN country k ON k.id = s.country_id JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id;

CREATE VIEW v_price_rollup AS
SELECT r.tier AS tier, strftime('%Y-%m-%dT%H:%M:%fZ', r.bucket_start / 1000.0, 'unixepoch') AS bucket_start,
       k.code AS country, o.name AS operator, p.name AS product,
       r.price_min / 10000.0 AS price_min, r.price_max / 10000.0 AS price_max,
       r.price_avg / 10000.0 AS price_avg, r.price_last / 10000.0 AS price_last,
       r.qty_min AS qty_min, r.qty_max AS qty_max, r.qty_avg AS qty_avg, r.qty_last AS qty_last, r.changes AS changes,
       v.name AS provider
FROM (SELECT 'hourly' AS tier, series_id, bucket_start, price_min, price_max, price_avg, price_last, qty_min, qty_max, qty_avg, qty_last, changes FROM price_hourly
      UNION ALL
      SELECT 'daily', series_id, bucket_start, price_min, price_max, price_avg, price_last, qty_min, qty_max, qty_avg, qty_last, changes FROM price_daily) r
JOIN series s ON s.id = r.series_id JOIN provider v ON v.id = s.provider_id
JOIN country k ON k.id = s.country_id JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id;

CREATE VIEW v_orders AS
SELECT o.id AS id, strftime('%Y-%m-%dT%H:%M:%fZ', o.created_at / 1000.0, 'unixepoch') AS created_at,
       o.country AS country, o.operator AS operator, o.product AS product, o.price / 10000.0 AS price, o.status AS status,
       v.name AS provider, a.external_id AS account
FROM orders o JOIN account a ON a.id = o.account_id JOIN provider v ON v.id = a.provider_id;
