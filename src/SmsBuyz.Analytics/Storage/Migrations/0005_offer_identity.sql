-- One offer, one identity (see Offers/OfferNames.cs): a country is its ISO code in lower case; an operator and a
-- product are their name without case. `key` holds that identity and `name` what is shown (as the API last spelled
-- it). Storage/Migrations/OfferIdentityMerge.cs then fills the keys, merges the rows that were one offer under two
-- spellings, and adds the unique indexes below.
ALTER TABLE operator ADD COLUMN key TEXT NOT NULL DEFAULT '';
ALTER TABLE product ADD COLUMN key TEXT NOT NULL DEFAULT '';

-- Which endpoints have listed a series (1 = guest/products, 2 = guest/prices). A successful answer records as out
-- of stock only the series its own endpoint listed before: a series only the products endpoint knows is never
-- zeroed because a prices answer did not list it. Existing series count as listed by both, as before.
ALTER TABLE series ADD COLUMN sources INTEGER NOT NULL DEFAULT 3;
