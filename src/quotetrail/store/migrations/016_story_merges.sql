-- quotetrail schema, version 16: stories merge (issue 13). When an article links strongly to two
-- live stories, or a story's centroid comes to match another's, the two become one (the lower id
-- survives; link/stories.py). story_log.story_id stays the story the article joined; merges lists
-- the merges that followed, in order, so every process replays them and ends in the same window.

ALTER TABLE story_log ADD COLUMN merges TEXT;  -- JSON [[absorbed, survivor], ...]; NULL: none

-- Where a merged story went, so its id (a bookmarked /stories/ID, `export --story ID`) still
-- shows the story that holds its articles.
CREATE TABLE story_merges (
    absorbed INTEGER PRIMARY KEY,
    survivor INTEGER NOT NULL  -- always a story that exists: chains are kept flat
);
