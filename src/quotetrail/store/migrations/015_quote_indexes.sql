-- quotetrail schema, version 15: the indexes of the quote look-up tables, cheaper to write and
-- to read (issue 14).
-- quote_shingles had two indexes on its 4-gram hash: (hash), made redundant by (hash, first) of
-- version 8, which every look-up uses. An article writes ~450 4-grams with random hashes, so
-- each index dirties a page per row and the commit writes them all: one index is left, and it
-- holds the group, so the article's 4-gram look-up reads no table rows.
DROP INDEX IF EXISTS quote_shingles_hash;
DROP INDEX IF EXISTS quote_shingles_window;
CREATE INDEX IF NOT EXISTS quote_shingles_window ON quote_shingles(hash, first, group_id);
-- Word pairs and key phrases are looked up ~35 times an article for the groups they index
-- (ClaimLinker._hits): with the group in the index those look-ups read no table rows either.
DROP INDEX IF EXISTS quote_bigrams_hash;
CREATE INDEX IF NOT EXISTS quote_bigrams_window ON quote_bigrams(hash, first, group_id);
