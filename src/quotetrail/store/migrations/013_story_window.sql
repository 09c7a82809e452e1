-- quotetrail schema, version 13: the story checkpoint keeps each live story in its own row, so a
-- checkpoint rewrites only the stories that took an article since the previous one (most live
-- stories did not) instead of the whole window (issue 14, store/stories.py). story_checkpoint's
-- state then holds the rest of the window; a whole state written before this version still loads,
-- and the next checkpoint moves its stories here.

CREATE TABLE story_window (
    story_id INTEGER PRIMARY KEY,  -- a live story of the checkpoint's window
    state BLOB NOT NULL            -- its centroids and counts (link/stories.py, _pack_story)
);
