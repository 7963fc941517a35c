-- PostgreSQL twin of ../0003_recorded_qty.sql: the stock of a series' last price_change row. No backfill: a PostgreSQL
-- database is created at the latest version and filled by this app or by the copy command, which copies a SQLite
-- database migrated to the latest version, so it never holds rows written before this column.
ALTER TABLE price_latest ADD COLUMN recorded_qty BIGINT NOT NULL DEFAULT 0;
