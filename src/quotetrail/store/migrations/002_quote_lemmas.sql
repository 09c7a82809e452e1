-- quotetrail schema, version 2: quote search is lemma-aware like article search, so "sagen"
-- finds a quote that says "sagte". Quotes stored under version 1 keep an empty lemma column
-- (they are still found by their words as written).

ALTER TABLE attributions ADD COLUMN content_lemmas TEXT NOT NULL DEFAULT '';

DROP TRIGGER quotes_fts_insert;
DROP TRIGGER quotes_fts_delete;
DROP TABLE quotes_fts;

CREATE VIRTUAL TABLE quotes_fts USING fts5(
    content_text, content_lemmas, content='attributions', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');

CREATE TRIGGER quotes_fts_insert AFTER INSERT ON attributions BEGIN
    INSERT INTO quotes_fts(rowid, content_text, content_lemmas)
    VALUES (new.id, new.content_text, new.content_lemmas);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON attributions BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, content_text, content_lemmas)
    VALUES ('delete', old.id, old.content_text, old.content_lemmas);
END;
