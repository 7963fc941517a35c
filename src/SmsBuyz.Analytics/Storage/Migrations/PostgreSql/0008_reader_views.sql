-- Views for people and tools that read the database directly (psql, Grafana, Metabase): money in currency units
-- (numeric) instead of 1/10,000 units, times as timestamptz instead of Unix milliseconds, offers by their names. The app
-- reads the tables; these are for reading only. SQLite's twin has the same views and columns (ISO-8601 text, REAL).
CREATE VIEW v_price_change AS
SELECT to_timestamp(c.observed_at / 1000.0) AS observed_at,
       k.code AS country, o.name AS operator, p.name AS product, (c.price / 10000.0)::numeric(20, 4) AS price, c.qty AS qty
FROM price_change c
JOIN series s ON s.id = c.series_id
JOIN country k ON k.id = s.country_id JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id;

CREATE VIEW v_price_latest AS
SELECT to_timestamp(l.changed_at / 1000.0) AS changed_at,
       k.code AS country, o.name AS operator, p.name AS product, (l.price / 10000.0)::numeric(20, 4) AS price, l.qty AS qty
FROM price_latest l
JOIN series s ON s.id = l.series_id
JOIN country k ON k.id = s.country_id JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id;

CREATE VIEW v_price_hourly AS
SELECT to_timestamp(h.bucket_start / 1000.0) AS hour,
       k.code AS country, o.name AS operator, p.name AS product,
       (h.price_min / 10000.0)::numeric(20, 4) AS price_min, (h.price_max / 10000.0)::numeric(20, 4) AS price_max,
       (h.price_avg / 10000.0)::numeric(20, 4) AS price_avg,
       (h.price_last / 10000.0)::numeric(20, 4) AS price_last, h.qty_min AS qty_min, h.qty_max AS qty_max, h.qty_avg AS qty_avg,
       h.qty_last AS qty_last, h.changes AS changes
FROM price_hourly h
JOIN series s ON s.id = h.series_id
JOIN country k ON k.id = s.country_id JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id;

CREATE VIEW v_price_daily AS
SELECT to_timestamp(d.bucket_start / 1000.0) AS day,
       k.code AS country, o.name AS operator, p.name AS product,
       (d.price_min / 10000.0)::numeric(20, 4) AS price_min, (d.price_max / 10000.0)::numeric(20, 4) AS price_max,
       (d.price_avg / 10000.0)::numeric(20, 4) AS price_avg,
       (d.price_last / 10000.0)::numeric(20, 4) AS price_last, d.qty_min AS qty_min, d.qty_max AS qty_max, d.qty_avg AS qty_avg,
       d.qty_last AS qty_last, d.changes AS changes
FROM price_daily d
JOIN series s ON s.id = d.series_id
JOIN country k ON k.id = s.country_id JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id;

CREATE VIEW v_orders AS
SELECT o.id AS id, to_timestamp(o.created_at / 1000.0) AS created_at,
       o.country AS country, o.operator AS operator, o.product AS product, (o.price / 10000.0)::numeric(20, 4) AS price, o.status AS status
FROM orders o;
