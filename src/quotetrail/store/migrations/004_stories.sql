-- quotetrail schema, version 4: stories. Each article belongs to one story, assigned online by
-- link.stories.StoryClusterer as it is ingested; the clusterer's live state (bounded by its
-- time window) is saved here so the next ingest run goes on where this one stopped.

CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,         -- top entities and words when the story was last extended
    first TEXT, last TEXT,       -- publication dates of its first and last article
    size INTEGER NOT NULL DEFAULT 0
);

ALTER TABLE articles ADD COLUMN story_id INTEGER REFERENCES stories(id);
CREATE INDEX articles_story ON articles(story_id);

CREATE TABLE story_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    state BLOB NOT NULL,
    next_id INTEGER NOT NULL
);
