-- quotetrail schema, version 2, for PostgreSQL: quote search is lemma-aware (../002_quote_lemmas.sql).
ALTER TABLE attributions ADD COLUMN content_lemmas TEXT NOT NULL DEFAULT '';
DROP INDEX attributions_search;
CREATE INDEX attributions_search ON attributions USING gin (quotetrail_quote_doc(content_text, content_lemmas));
