-- quotetrail schema, version 8: every member of a claim group keeps the span it stands for (a
-- figure's number, a whole statement, or a quoted phrase inside one: "extremely careless"), and
-- its sentence, so one sentence is never counted as two sources of a claim. Members stored
-- before this version keep NULL here; readers fall back to the figure's or statement's span.

ALTER TABLE claim_members ADD COLUMN sentence INTEGER;
ALTER TABLE claim_members ADD COLUMN start INTEGER;
ALTER TABLE claim_members ADD COLUMN "end" INTEGER;
ALTER TABLE claim_members ADD COLUMN text TEXT;
CREATE INDEX claim_members_article ON claim_members(article_id);
CREATE INDEX claim_members_figure ON claim_members(figure_id);
CREATE INDEX claim_members_attribution ON claim_members(attribution_id);

-- The keys a figure group can be found by: unit plus what is counted, named three ways (the
-- concept "casualties", the subject "people", the head noun "emails"), so "49 people" and "49
-- people killed" meet while "30,000 emails" and "30,000 dead" do not.
CREATE TABLE claim_keys (
    key TEXT NOT NULL,
    group_id INTEGER NOT NULL REFERENCES claim_groups(id),
    first TEXT,                  -- the group's first appearance: candidates come from a window
    value REAL,                  -- the group's first figure: candidates come from a value band
    PRIMARY KEY (key, group_id)
);
CREATE INDEX claim_keys_band ON claim_keys(key, value, first);

-- Word-pair hashes of the quoted phrases in a quote group: a phrase found again inside a longer
-- quotation ("extremely careless" / "extremely careless with the files they kept …") is a candidate.
CREATE TABLE quote_bigrams (
    hash INTEGER NOT NULL,
    group_id INTEGER NOT NULL REFERENCES claim_groups(id),
    first TEXT                   -- the group's first appearance
);
CREATE INDEX quote_bigrams_hash ON quote_bigrams(hash, first);
-- quote 4-grams too are looked up within the window of a group's first appearance
ALTER TABLE quote_shingles ADD COLUMN first TEXT;
CREATE INDEX quote_shingles_window ON quote_shingles(hash, first);

-- The publication date of a group's first member: a claim joins a group only within the window
-- after its first appearance, so groups do not chain on from month to month.
ALTER TABLE claim_groups ADD COLUMN first TEXT;

-- How a statement's date was found, so every page can say how certain it is: given (a date in
-- its clause), relative (a phrase resolved against the publication date), guessed (a day and
-- month without a year, or resolved against a publication date whose year was guessed).
-- NULL: no date in its clause; the publication date stands in (guessed too if the article's is).
ALTER TABLE attributions ADD COLUMN date_how TEXT;

-- A member's text folded (case, accents, punctuation), so candidates are compared without
-- folding their text again for every new article.
ALTER TABLE claim_members ADD COLUMN folded TEXT;
