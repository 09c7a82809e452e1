-- quotetrail schema, version 7: on whose behalf a speaker speaks. "Cameron's spokesman", "the
-- Clinton campaign", "aides to Clinton" speak for someone and are never that person: the
-- principal is kept beside the speaker (its span, its resolved name, its entity), so a trail
-- can show such statements as made on the person's behalf, apart from their own words.

ALTER TABLE attributions ADD COLUMN principal_start INTEGER;
ALTER TABLE attributions ADD COLUMN principal_end INTEGER;
ALTER TABLE attributions ADD COLUMN principal_text TEXT;
ALTER TABLE attributions ADD COLUMN principal_name TEXT;
ALTER TABLE attributions ADD COLUMN principal_entity_id INTEGER REFERENCES entities(id);
CREATE INDEX attributions_principal ON attributions(principal_entity_id);

-- How many articles name each person in full, per month: a bare surname that several known
-- people share ("Trump") goes to the one the news of those months name far more than the
-- others (link/entities.py, "prominent"), counted here so the choice costs a few rows.
CREATE TABLE entity_months (
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    month TEXT NOT NULL,         -- YYYY-MM of the article's publication
    n INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entity_id, month)
);
