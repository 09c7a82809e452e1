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
