-- quotetrail schema, version 9: the story clusterer's window as a log in the store. Each stored
-- article appends its story features and story to story_log in its own transaction; the state
-- in story_state is a checkpoint of the log up to story_state.seq. A process rebuilds the
-- window as checkpoint + the log after it, and before each article replays what other
-- processes appended since, so concurrent ingests and a restart after a crash go on from
-- exactly the window a single uninterrupted run would have.

CREATE TABLE story_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, even after the checkpoint prunes
    article_id INTEGER NOT NULL,  -- no foreign keys: the log is the window's input history
    story_id INTEGER NOT NULL,
    features TEXT NOT NULL  -- StoryFeatures.to_dict() as JSON
);

ALTER TABLE story_state ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
