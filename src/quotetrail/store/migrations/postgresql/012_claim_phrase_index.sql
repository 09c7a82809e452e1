-- quotetrail schema, version 12, for PostgreSQL (../012_claim_phrase_index.sql) without the
-- folded text in the index: a B-tree entry holds at most ~2.7 kB, and one long quotation would
-- then fail its article's write.
CREATE INDEX IF NOT EXISTS claim_members_phrase ON claim_members(group_id, article_id)
    WHERE attribution_id IS NOT NULL;
