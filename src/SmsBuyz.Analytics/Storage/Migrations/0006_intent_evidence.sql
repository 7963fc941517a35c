-- Evidence for settling a buy whose outcome is unknown, and the typed reason of a failure.
-- error_kind: the ApiErrorKind name of the failure that made the intent Failed or Unknown (NULL when there was no
-- API error, e.g. never sent). Decisions read this column, never the error text, which is for people.
-- ended_at: when the buy request ended (its answer arrived, or the connection was lost or timed out); an Unknown
-- intent is settled by an orders read that started after this (plus AutoBuy:UnknownGrace when no answer arrived).
ALTER TABLE buy_intent ADD COLUMN error_kind TEXT;
ALTER TABLE buy_intent ADD COLUMN ended_at INTEGER;

-- Rows written before this migration carried the kind only as the prefix of their error text ("NoNumbers: ...").
UPDATE buy_intent SET error_kind = substr(error, 1, instr(error, ':') - 1)
WHERE error IS NOT NULL AND instr(error, ':') > 1
  AND substr(error, 1, instr(error, ':') - 1) IN ('Unauthorized', 'Forbidden', 'InsufficientBalance', 'BadRequest',
      'NotFound', 'NoNumbers', 'RateLimited', 'ServerError', 'Timeout', 'Network', 'InvalidResponse');
