-- quotetrail schema, version 14: which rule or model found each attribution (issue 16:
-- `quotetrail article N --explain`). NULL for attributions stored before this version.

ALTER TABLE attributions ADD COLUMN made_by TEXT;
