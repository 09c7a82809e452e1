-- quotetrail schema, version 6: indexes for the search page's filter menus. Listing the sites
-- and languages stored read every article row (13-17 ms at 10,000 articles, on every search
-- page until it was cached); with these each is a few index lookups.

CREATE INDEX IF NOT EXISTS articles_source ON articles(source_id);
CREATE INDEX IF NOT EXISTS articles_lang ON articles(lang);
