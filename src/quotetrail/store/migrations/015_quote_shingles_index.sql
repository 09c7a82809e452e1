-- quotetrail schema, version 15: quote_shingles had two indexes on its 4-gram hash, the first
-- (hash) made redundant by quote_shingles_window (hash, first) of version 8, which every look-up
-- uses. An article writes ~450 4-grams with random hashes, so each index dirties a page per row
-- and the commit writes them all (issue 14); the redundant one is dropped.
DROP INDEX IF EXISTS quote_shingles_hash;
