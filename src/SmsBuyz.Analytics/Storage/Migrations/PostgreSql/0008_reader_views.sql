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

-- Both rollup tiers, told apart by tier ('hourly', 'daily'); bucket_start is the hour's or the UTC day's start.
CREATE VIEW v_price_rollup AS
SELECT r.tier AS tier, to_timestamp(r.bucket_start / 1000.0) AS bucket_start,
       k.code AS country, o.name AS operator, p.name AS product,
       (r.price_min / 10000.0)::numeric(20, 4) AS price_min, (r.price_max / 10000.0)::numeric(20, 4) AS price_max,
       (r.price_avg / 10000.0)::numeric(20, 4) AS price_avg, (r.price_last / 10000.0)::numeric(20, 4) AS price_last,
       r.qty_min AS qty_min, r.qty_max AS qty_max, r.qty_avg AS qty_avg, r.qty_last AS qty_last, r.changes AS changes
FROM (SELECT 'hourly' AS tier, series_id, bucket_start, price_min, price_max, price_avg, price_last, qty_min, qty_max, qty_avg, qty_last, changes FROM price_hourly
      UNION ALL
      SELECT 'daily', series_id, bucket_start, price_min, price_max, price_avg, price_last, qty_min, qty_max, qty_avg, qty_last, changes FROM price_daily) r
JOIN series s ON s.id = r.series_id
JOIN country k ON k.id = s.country_id JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id;

CREATE VIEW v_orders AS
SELECT o.id AS id, to_timestamp(o.created_at / 1000.0) AS created_at,
       o.country AS country, o.operator AS operator, o.product AS product, (o.price / 10000.0)::numeric(20, 4) AS price, o.status AS status
FROM orders o;
