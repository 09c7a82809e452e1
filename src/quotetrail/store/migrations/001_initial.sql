-- quotetrail schema, version 1. Every extracted item keeps start/end character offsets into
-- articles.text (end exclusive) plus the text it covers, so anything shown is anchored.

CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    origin TEXT NOT NULL,
    url TEXT,
    title TEXT,
    source_id INTEGER REFERENCES sources(id),
    author TEXT,
    published TEXT,           -- YYYY-MM-DD
    published_time TEXT,      -- HH:MM
    lang TEXT,
    inferred TEXT NOT NULL DEFAULT '[]',   -- JSON list of metadata fields the product guessed
    dropped TEXT NOT NULL DEFAULT '[]',    -- JSON list of boilerplate lines removed on ingest
    words INTEGER NOT NULL,
    text TEXT NOT NULL,       -- exactly the text that was analysed
    lemmas TEXT NOT NULL DEFAULT '',       -- space-joined lemmas, for search across inflections
    minhash BLOB,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE article_copies (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL UNIQUE,
    origin TEXT NOT NULL,
    url TEXT,
    site TEXT,
    published TEXT,
    similarity REAL NOT NULL
);

CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    UNIQUE (name, type)
);

CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    label TEXT NOT NULL
);
CREATE INDEX mentions_article ON mentions(article_id);

CREATE TABLE dates (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    value TEXT, granularity TEXT NOT NULL, relative INTEGER NOT NULL, inferred INTEGER NOT NULL
);
CREATE INDEX dates_article ON dates(article_id);

CREATE TABLE attributions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,               -- index within the article's analysis
    form TEXT NOT NULL,
    sentence INTEGER NOT NULL,
    speaker_name TEXT,
    speaker_entity_id INTEGER REFERENCES entities(id),
    content_start INTEGER NOT NULL, content_end INTEGER NOT NULL, content_text TEXT NOT NULL,
    cue_start INTEGER, cue_end INTEGER, cue_text TEXT,
    speaker_start INTEGER, speaker_end INTEGER, speaker_text TEXT,
    speaker_ref_start INTEGER, speaker_ref_end INTEGER, speaker_ref_text TEXT,
    medium_start INTEGER, medium_end INTEGER, medium_text TEXT,
    intermediary_start INTEGER, intermediary_end INTEGER, intermediary_text TEXT,
    date_start INTEGER, date_end INTEGER, date_text TEXT, date_value TEXT
);
CREATE INDEX attributions_article ON attributions(article_id);
CREATE INDEX attributions_speaker ON attributions(speaker_name);

CREATE TABLE figures (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    attribution_id INTEGER REFERENCES attributions(id),
    sentence INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    value REAL, value_high REAL, comparator TEXT NOT NULL, unit TEXT,
    counted_start INTEGER, counted_end INTEGER, counted_text TEXT,
    scope_start INTEGER, scope_end INTEGER, scope_text TEXT,
    hedge_start INTEGER, hedge_end INTEGER, hedge_text TEXT
);
CREATE INDEX figures_article ON figures(article_id);

-- Full-text search: article title + text, and the lemmas so one inflection finds the others.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, lemmas, content='articles', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text, lemmas) VALUES (new.id, new.title, new.text, new.lemmas);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text, lemmas)
    VALUES ('delete', old.id, old.title, old.text, old.lemmas);
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5(
    content_text, content='attributions', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON attributions BEGIN
    INSERT INTO quotes_fts(rowid, content_text) VALUES (new.id, new.content_text);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON attributions BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, content_text) VALUES ('delete', old.id, old.content_text);
END;
