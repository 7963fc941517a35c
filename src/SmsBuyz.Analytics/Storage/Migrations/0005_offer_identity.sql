-- One offer, one identity (see Offers/OfferNames.cs): a country is its ISO code in lower case; an operator and a
-- product are their name without case. `key` holds that identity and `name` what is shown (as the API last spelled
-- it). Storage/Migrations/OfferIdentityMerge.cs then fills the keys, merges the rows that were one offer under two
-- spellings, and adds the unique indexes below.
ALTER TABLE operator ADD COLUMN key TEXT NOT NULL DEFAULT '';
ALTER TABLE product ADD COLUMN key TEXT NOT NULL DEFAULT '';
