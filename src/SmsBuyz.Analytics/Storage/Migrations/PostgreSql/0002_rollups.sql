-- PostgreSQL twin of ../0002_rollups.sql (the rollup tiers, their progress and the retention cutoffs; see there).
CREATE TABLE price_hourly (
    series_id    BIGINT NOT NULL,
    bucket_start BIGINT NOT NULL,
    price_min    BIGINT NOT NULL,
    price_max    BIGINT NOT NULL,
    price_avg    BIGINT NOT NULL,
    price_last   BIGINT NOT NULL,
    qty_min      BIGINT NOT NULL,
    qty_max      BIGINT NOT NULL,
    qty_avg      BIGINT NOT NULL,
    qty_last     BIGINT NOT NULL,
    changes      BIGINT NOT NULL,
    PRIMARY KEY (series_id, bucket_start)
);

CREATE TABLE price_daily (
    series_id    BIGINT NOT NULL,
    bucket_start BIGINT NOT NULL,
    price_min    BIGINT NOT NULL,
    price_max    BIGINT NOT NULL,
    price_avg    BIGINT NOT NULL,
    price_last   BIGINT NOT NULL,
    qty_min      BIGINT NOT NULL,
    qty_max      BIGINT NOT NULL,
    qty_avg      BIGINT NOT NULL,
    qty_last     BIGINT NOT NULL,
    changes      BIGINT NOT NULL,
    PRIMARY KEY (series_id, bucket_start)
);

CREATE TABLE rollup_progress (
    tier         TEXT PRIMARY KEY,
    done_until   BIGINT NOT NULL,
    window_end   BIGINT NOT NULL,
    series_after BIGINT NOT NULL
);

CREATE TABLE retention_cutoff (
    tier         TEXT PRIMARY KEY,
    kept_from    BIGINT NOT NULL,
    series_after BIGINT NOT NULL,
    pruned_until BIGINT NOT NULL
);

-- "Latest state of a whole country" without scanning every series.
CREATE INDEX series_country ON series(country_id);

-- Raw-tier retention by whole months: detaches and drops every month partition of price_change that ends at or before
-- cutoff_ms, and returns how many rows left. The caller raises retention_cutoff.kept_from to the cutoff first, in its
-- own commit, as the SQLite pruner does, so readers never read a half-dropped range. As that pruner, each series keeps
-- the row in force at the cutoff at its own time: a dropped month's last row per series goes back into price_change,
-- which routes it to price_change_default now that no partition covers its time, and carried rows that a later row at
-- or before the cutoff replaces are deleted, so the default partition holds at most one old row per quiet series.
-- Month partitions that end after the cutoff are kept whole: readers start at kept_from, older rows there are unread.
CREATE FUNCTION price_change_drop_months(cutoff_ms BIGINT) RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    part    TEXT;
    removed BIGINT := 0;
    n       BIGINT;
BEGIN
    PERFORM pg_advisory_xact_lock(1397576514, 3);
    FOR part IN
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'price_change'::regclass AND c.relname ~ '^price_change_p[0-9]{6}$'
          AND smsbuyz_month_after((extract(epoch FROM to_date(substr(c.relname, 15), 'YYYYMM')::timestamp) * 1000)::bigint) <= cutoff_ms
        ORDER BY c.relname
    LOOP
        EXECUTE format('ALTER TABLE price_change DETACH PARTITION %I', part);
        EXECUTE format('SELECT count(*) FROM %I', part) INTO n;
        removed := removed + n;
        EXECUTE format('INSERT INTO price_change SELECT DISTINCT ON (series_id) series_id, observed_at, price, qty, sweep_id '
            'FROM %I ORDER BY series_id, observed_at DESC', part);
        GET DIAGNOSTICS n = ROW_COUNT;
        removed := removed - n;
        EXECUTE format('DROP TABLE %I', part);
    END LOOP;
    DELETE FROM price_change_default d WHERE d.observed_at < cutoff_ms AND EXISTS (
        SELECT 1 FROM price_change n WHERE n.series_id = d.series_id AND n.observed_at > d.observed_at AND n.observed_at <= cutoff_ms);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN removed + n;
END
$$;
