-- PostgreSQL twin of ../0007_rule_alerts.sql: where each offer stands per alert-only rule (see there).
CREATE TABLE rule_alert (
    rule        TEXT NOT NULL,
    country     TEXT NOT NULL,
    operator    TEXT NOT NULL,
    product     TEXT NOT NULL,
    active      BIGINT NOT NULL,
    price       BIGINT,
    alerted_at  BIGINT,
    false_since BIGINT,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (rule, product, country, operator)
);
