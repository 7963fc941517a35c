-- PostgreSQL twin of ../0005_offer_identity.sql and of its data step (../OfferIdentityMerge.cs), which here is plain
-- DDL: a new PostgreSQL database never holds a country, operator or product under two spellings (this app writes
-- identity keys from the start, and the copy command copies a SQLite database already past version 5), so there is
-- nothing to merge; only the unique indexes that step adds at its end remain.
ALTER TABLE operator ADD COLUMN key TEXT NOT NULL DEFAULT '';
ALTER TABLE product ADD COLUMN key TEXT NOT NULL DEFAULT '';

-- Which endpoints have listed a series (1 = guest/products, 2 = guest/prices).
ALTER TABLE series ADD COLUMN sources BIGINT NOT NULL DEFAULT 3;

CREATE UNIQUE INDEX operator_key ON operator(key);
CREATE UNIQUE INDEX product_key ON product(key);

-- As the data step ends: processes that cached ids reload them. Nothing has cached any on a new database; kept so a
-- fresh database is the same on both providers, down to this counter.
UPDATE market_version SET version = version + 1;
