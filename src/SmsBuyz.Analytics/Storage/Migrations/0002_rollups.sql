-- Rollups of price_change (see Market/Retention/). One row per series and bucket that holds at least one change
-- point; a bucket without a row means "unchanged": the previous row's last values held all through it.
-- min/max include the value carried in from before the bucket; averages are time-weighted over the part of
-- the bucket where the series had a value (prices are step functions), rounded to whole units.
-- Rows are written when their raw points leave the raw tier, so the tiers do not overlap.
CREATE TABLE price_hourly (
    series_id    INTEGER NOT NULL,
    bucket_start INTEGER NOT NULL,
    price_min    INTEGER NOT NULL,
    price_max    INTEGER NOT NULL,
    price_avg    INTEGER NOT NULL,
    price_last   INTEGER NOT NULL,
    qty_min      INTEGER NOT NULL,
    qty_max      INTEGER NOT NULL,
    qty_avg      INTEGER NOT NULL,
    qty_last     INTEGER NOT NULL,
    changes      INTEGER NOT NULL,
    PRIMARY KEY (series_id, bucket_start)
) WITHOUT ROWID;

CREATE TABLE price_daily (
    series_id    INTEGER NOT NULL,
    bucket_start INTEGER NOT NULL,
    price_min    INTEGER NOT NULL,
    price_max    INTEGER NOT NULL,
    price_avg    INTEGER NOT NULL,
    price_last   INTEGER NOT NULL,
    qty_min      INTEGER NOT NULL,
    qty_max      INTEGER NOT NULL,
    qty_avg      INTEGER NOT NULL,
    qty_last     INTEGER NOT NULL,
    changes      INTEGER NOT NULL,
    PRIMARY KEY (series_id, bucket_start)
) WITHOUT ROWID;

-- Rollup progress per tier ('hourly', 'daily'): every bucket before done_until is rolled up for every series;
-- the window in progress is [done_until, window_end) (window_end = done_until when none), and in it the
-- series with id <= series_after are done. Updated in the same transaction as each batch of rows.
CREATE TABLE rollup_progress (
    tier         TEXT PRIMARY KEY,
    done_until   INTEGER NOT NULL,
    window_end   INTEGER NOT NULL,
    series_after INTEGER NOT NULL
);

-- Where each pruned tier ('raw', 'hourly') starts for readers. kept_from is raised before a delete pass, so a
-- reader never reads a half-pruned range; the pass at kept_from has done the series with id <= series_after;
-- pruned_until is the cutoff of the last pass that finished.
CREATE TABLE retention_cutoff (
    tier         TEXT PRIMARY KEY,
    kept_from    INTEGER NOT NULL,
    series_after INTEGER NOT NULL,
    pruned_until INTEGER NOT NULL
);

-- "Latest state of a whole country" without scanning every series.
CREATE INDEX series_country ON series(country_id);
