-- Views for people and tools that read the database directly (sqlite3, DB Browser, Grafana's SQLite source): money in
-- currency units instead of 1/10,000 units, times as ISO-8601 UTC text instead of Unix milliseconds, offers by their
-- names. The app reads the tables; these are for reading only. PostgreSQL's twin has the same views and columns, with
-- timestamptz and numeric.
CREATE VIEW v_price_change AS
SELECT strftime('%Y-%m-%dT%H:%M:%fZ', c.observed_at / 1000.0, 'unixepoch') AS observed_at,
       k.code AS country, o.name AS operator, p.name AS product, c.price / 10000.0 AS price, c.qty AS qty
FROM price_change c
JOIN series s ON s.id = c.series_id
JOIN country k ON k.id = s.country_id JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id;

CREATE VIEW v_price_latest AS
SELECT strftime('%Y-%m-%dT%H:%M:%fZ', l.changed_at / 1000.0, 'unixepoch') AS changed_at,
       k.code AS country, o.name AS operator, p.name AS product, l.price / 10000.0 AS price, l.qty AS qty
FROM price_latest l
JOIN series s ON s.id = l.series_id
JOIN country k ON k.id = s.country_id JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id;

CREATE VIEW v_price_hourly AS
SELECT strftime('%Y-%m-%dT%H:%M:%fZ', h.bucket_start / 1000.0, 'unixepoch') AS hour,
       k.code AS country, o.name AS operator, p.name AS product,
       h.price_min / 10000.0 AS price_min, h.price_max / 10000.0 AS price_max, h.price_avg / 10000.0 AS price_avg,
       h.price_last / 10000.0 AS price_last, h.qty_min AS qty_min, h.qty_max AS qty_max, h.qty_avg AS qty_avg,
       h.qty_last AS qty_last, h.changes AS changes
FROM price_hourly h
JOIN series s ON s.id = h.series_id
JOIN country k ON k.id = s.country_id JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id;

CREATE VIEW v_price_daily AS
SELECT strftime('%Y-%m-%dT%H:%M:%fZ', d.bucket_start / 1000.0, 'unixepoch') AS day,
       k.code AS country, o.name AS operator, p.name AS product,
       d.price_min / 10000.0 AS price_min, d.price_max / 10000.0 AS price_max, d.price_avg / 10000.0 AS price_avg,
       d.price_last / 10000.0 AS price_last, d.qty_min AS qty_min, d.qty_max AS qty_max, d.qty_avg AS qty_avg,
       d.qty_last AS qty_last, d.changes AS changes
FROM price_daily d
JOIN series s ON s.id = d.series_id
JOIN country k ON k.id = s.country_id JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id;

CREATE VIEW v_orders AS
SELECT o.id AS id, strftime('%Y-%m-%dT%H:%M:%fZ', o.created_at / 1000.0, 'unixepoch') AS created_at,
       o.country AS country, o.operator AS operator, o.product AS product, o.price / 10000.0 AS price, o.status AS status
FROM orders o;
