-- quotetrail schema, version 10: `quotetrail watch` keeps its state here, so a restart resumes
-- where the last run stopped: no entry fetched twice, no source polled before it is due.
-- Times are Unix seconds (UTC).

CREATE TABLE IF NOT EXISTS watch_sources (
    url TEXT PRIMARY KEY,
    interval REAL NOT NULL,      -- seconds between polls, as last configured
    lang TEXT,                   -- per-source settings, as last configured
    site TEXT,
    etag TEXT,                   -- validators of the last complete poll (conditional requests)
    last_modified TEXT,
    next_poll REAL,              -- NULL: due now
    failures INTEGER NOT NULL DEFAULT 0,  -- failed polls in a row (backoff and health)
    last_error TEXT,
    last_poll REAL,
    last_result TEXT,            -- the poll's log line without the source and the next time
    added INTEGER NOT NULL DEFAULT 0      -- articles this source added, all polls together
);

-- Entries of a feed already handled: an entry here with done = 1 (stored, already stored, or
-- given up after its tries) is never fetched again; done = 0 is retried at the next polls.
CREATE TABLE IF NOT EXISTS watch_entries (
    source TEXT NOT NULL REFERENCES watch_sources(url) ON DELETE CASCADE,
    entry TEXT NOT NULL,         -- the entry's id (guid), else its link, else a hash of its text
    done INTEGER NOT NULL,
    tries INTEGER NOT NULL DEFAULT 1,
    seen REAL NOT NULL,          -- last time the feed listed it (old ones are pruned)
    PRIMARY KEY (source, entry)
) WITHOUT ROWID;
