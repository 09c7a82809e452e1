-- quotetrail schema, version 1, for PostgreSQL: the tables and columns of ../001_initial.sql.
-- Written in the shared types (TEXT, REAL, BLOB, INTEGER PRIMARY KEY), which the store maps
-- (store/postgres.py, pg_migration): TEXT gets the "C" collation so text sorts and compares
-- as in SQLite, and an id left out of an INSERT is max(id) + 1, as SQLite allocates it.
-- Search uses PostgreSQL's own text search instead of FTS5: GIN indexes over tsvectors made
-- with the article's language configuration (german, english, else simple) plus its lemmas.

CREATE FUNCTION quotetrail_next_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- writers hold the store's write lock (store/pg.py), so no two take the same id
    EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO NEW.id;
    RETURN NEW;
END $$;

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
    published TEXT,
    published_time TEXT,
    lang TEXT,
    inferred TEXT NOT NULL DEFAULT '[]',
    dropped TEXT NOT NULL DEFAULT '[]',
    words INTEGER NOT NULL,
    text TEXT NOT NULL,
    lemmas TEXT NOT NULL DEFAULT '',
    minhash BLOB,
    ingested_at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
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
    seq INTEGER NOT NULL,
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

-- What an article is searched by: title and text in its language's configuration (stemmed,
-- stop words dropped), title ranked above text, and its lemmas as they are (one inflection
-- finds the others, in any language). The search queries repeat this call, so they use the index.
CREATE FUNCTION quotetrail_article_doc(lang text, title text, body text, lemmas text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector(cfg, coalesce(title, '')), 'A') || setweight(to_tsvector(cfg, body), 'B')
        || setweight(to_tsvector('pg_catalog.simple'::regconfig, coalesce(lemmas, '')), 'D')
    FROM (SELECT CASE lang WHEN 'de' THEN 'pg_catalog.german'::regconfig
                           WHEN 'en' THEN 'pg_catalog.english'::regconfig
                           ELSE 'pg_catalog.simple'::regconfig END AS cfg) c
$$;
CREATE INDEX articles_search ON articles USING gin (quotetrail_article_doc(lang, title, text, lemmas));

-- A quote is searched by its words as written (its article's language is in another table).
CREATE FUNCTION quotetrail_quote_doc(content text, lemmas text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_tsvector('pg_catalog.simple'::regconfig, content)
        || to_tsvector('pg_catalog.simple'::regconfig, coalesce(lemmas, ''))
$$;
CREATE INDEX attributions_search ON attributions USING gin (quotetrail_quote_doc(content_text, ''));
