-- The stock of a series' last price_change row. With a stock deadband, price_latest.qty is exact while history
-- only records stock moves past the deadband; the next move is measured against this recorded value.
ALTER TABLE price_latest ADD COLUMN recorded_qty INTEGER NOT NULL DEFAULT 0;
UPDATE price_latest SET recorded_qty = qty;
