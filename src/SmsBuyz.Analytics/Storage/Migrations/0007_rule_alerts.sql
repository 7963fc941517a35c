-- Alert-only rules (Action Notify): where each offer stands per rule, so an alert is sent once per crossing into the
-- rule's conditions, across restarts too. Offers by identity keys (country ISO code, operator and product in lower
-- case). active = 1: alerted at `price` (1e-4 units), not again until re-armed: the conditions false at every
-- evaluation for RearmAfter since false_since, or the price moving past RearmOnMovePercent. active = 0: armed.
CREATE TABLE rule_alert (
    rule        TEXT NOT NULL,
    country     TEXT NOT NULL,
    operator    TEXT NOT NULL,
    product     TEXT NOT NULL,
    active      INTEGER NOT NULL,
    price       INTEGER,
    alerted_at  INTEGER,
    false_since INTEGER,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (rule, product, country, operator)
) WITHOUT ROWID;
