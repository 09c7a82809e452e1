-- quotetrail schema, version 12: quoted-phrase candidates (link.claims ClaimLinker._containing)
-- are filtered by a substring test on the members' folded text, for every member of up to 500
-- candidate groups. With the folded text in an index, SQLite runs that test on the index entry
-- and reads the member's row only for the few that pass (the dearest claim query at 6,000
-- articles, issue 14). Statements' members only: figures have no folded text.
CREATE INDEX IF NOT EXISTS claim_members_phrase ON claim_members(group_id, article_id, folded)
    WHERE attribution_id IS NOT NULL;
