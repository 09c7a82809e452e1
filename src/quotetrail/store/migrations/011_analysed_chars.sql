-- quotetrail schema, version 11: an article longer than the analysis bound is stored whole but
-- analysed only up to analysed_chars (its spans all lie before it); NULL: the whole text was
-- analysed (issue 14, analysis/pipeline.py).

ALTER TABLE articles ADD COLUMN analysed_chars INTEGER;
