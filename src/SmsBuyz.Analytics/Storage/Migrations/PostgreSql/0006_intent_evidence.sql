-- PostgreSQL twin of ../0006_intent_evidence.sql: the typed reason of a failure and when the buy request ended. No
-- backfill of error_kind from the error text, for the reason given in 0003_recorded_qty.sql.
ALTER TABLE buy_intent ADD COLUMN error_kind TEXT;
ALTER TABLE buy_intent ADD COLUMN ended_at BIGINT;
