-- quotetrail schema, version 9: the story clusterer's window as a log in the store. Each stored
-- article appends its story features and story to story_log in its own transaction;
-- story_checkpoint (replacing story_state) holds the window as of one log entry. A process
-- rebuilds the window as checkpoint + the log after it, and before each article replays what
-- other processes appended since, so concurrent ingests and a restart after a crash go on from
-- exactly the window a single uninterrupted run would have.

CREATE TABLE story_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, even after the checkpoint prunes
    article_id INTEGER NOT NULL,  -- no foreign keys: the log is the window's input history
    story_id INTEGER NOT NULL,
    features TEXT NOT NULL  -- StoryFeatures.to_dict() as JSON
);

-- The checkpoint: seq comes before the state, so the per-article check reads one page instead of
-- walking the overflow pages of a state of several MB to a column stored after it.
CREATE TABLE story_checkpoint (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,  -- the last log entry the state includes
    state BLOB NOT NULL    -- StoryClusterer.to_state()
);
INSERT INTO story_checkpoint (id, seq, state) SELECT 1, 0, state FROM story_state;
DROP TABLE story_state;
