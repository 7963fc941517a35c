-- Money is INTEGER in units of 1e-4 (0.4118 = 4118); times are INTEGER Unix milliseconds, UTC.

CREATE TABLE country  (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
CREATE TABLE operator (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE product  (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);

-- One price/stock time series per (product, country, operator). Operator 'any' is the API's aggregate.
CREATE TABLE series (
    id          INTEGER PRIMARY KEY,
    product_id  INTEGER NOT NULL REFERENCES product(id),
    country_id  INTEGER NOT NULL REFERENCES country(id),
    operator_id INTEGER NOT NULL REFERENCES operator(id),
    UNIQUE (product_id, country_id, operator_id)
);

-- A row only when price or stock changed. WITHOUT ROWID keeps a change at about 20 bytes.
CREATE TABLE price_change (
    series_id   INTEGER NOT NULL,
    observed_at INTEGER NOT NULL,
    price       INTEGER NOT NULL,
    qty         INTEGER NOT NULL,
    sweep_id    INTEGER NOT NULL,
    PRIMARY KEY (series_id, observed_at)
) WITHOUT ROWID;

-- Current state per series, for O(1) "what is it now".
CREATE TABLE price_latest (
    series_id  INTEGER PRIMARY KEY REFERENCES series(id),
    price      INTEGER NOT NULL,
    qty        INTEGER NOT NULL,
    changed_at INTEGER NOT NULL,
    sweep_id   INTEGER NOT NULL
);

-- Bumped by every market write, so a process can tell that another one wrote since it cached price_latest.
CREATE TABLE market_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
INSERT INTO market_version VALUES (1, 0);

CREATE TABLE sweep (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    plan        TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    requests    INTEGER NOT NULL DEFAULT 0,
    points      INTEGER NOT NULL DEFAULT 0,
    changes     INTEGER NOT NULL DEFAULT 0,
    errors      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sweep_error (
    id       INTEGER PRIMARY KEY,
    sweep_id INTEGER NOT NULL REFERENCES sweep(id),
    at       INTEGER NOT NULL,
    target   TEXT NOT NULL,
    kind     TEXT NOT NULL,
    message  TEXT NOT NULL
);
CREATE INDEX sweep_error_sweep ON sweep_error(sweep_id);

CREATE TABLE profile_history (
    id               INTEGER PRIMARY KEY,
    observed_at      INTEGER NOT NULL,
    user_id          INTEGER NOT NULL,
    email            TEXT,
    balance          INTEGER NOT NULL,
    rating           TEXT NOT NULL,
    default_operator TEXT,
    sweep_id         INTEGER
);

-- Orders, SMS and payments are upserted by the provider's id and never deleted.
CREATE TABLE orders (
    id            INTEGER PRIMARY KEY,
    phone         TEXT,
    country       TEXT,
    operator      TEXT,
    product       TEXT,
    price         INTEGER NOT NULL,
    status        TEXT NOT NULL,
    created_at    INTEGER,
    expires_at    INTEGER,
    first_seen_at INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX orders_created ON orders(created_at);

-- SMS of an order by position: the API only ever appends to an order's sms array.
CREATE TABLE order_sms (
    order_id   INTEGER NOT NULL REFERENCES orders(id),
    seq        INTEGER NOT NULL,
    created_at INTEGER,
    code       TEXT,
    text       TEXT,
    sender     TEXT,
    PRIMARY KEY (order_id, seq)
) WITHOUT ROWID;

CREATE TABLE payments (
    id            INTEGER PRIMARY KEY,
    type          TEXT,
    provider      TEXT,
    amount        INTEGER NOT NULL,
    balance       INTEGER,
    created_at    INTEGER,
    first_seen_at INTEGER NOT NULL
);
