-- quotetrail schema, version 3: the trail across articles.
-- Entities become cross-article: each in-article referent (the fullest name an article gives a
-- person or organisation, or a role description such as "der Kremlchef") is linked to one
-- entity, with the rule that linked it, so a link made on weak evidence can be undone when
-- new articles make it ambiguous. Claim groups gather the same figure or quote across articles.

ALTER TABLE entities ADD COLUMN merged_into INTEGER REFERENCES entities(id);
ALTER TABLE entities ADD COLUMN wikidata TEXT;
ALTER TABLE entities ADD COLUMN surname TEXT;           -- name key of a person's family name
ALTER TABLE entities ADD COLUMN partial INTEGER NOT NULL DEFAULT 0;  -- only a surname is known
CREATE INDEX entities_surname ON entities(surname);

ALTER TABLE mentions ADD COLUMN role TEXT;
-- what a figure counts, as language-independent labels (link.claims.counted_of)
ALTER TABLE figures ADD COLUMN predicates TEXT;         -- space-separated: killed wounded ...
ALTER TABLE figures ADD COLUMN subject TEXT;            -- people, soldiers, ... or a head word              -- role key the text ties to the person

-- Names under which an entity is known everywhere (user seeds, built-in variants, canonical).
CREATE TABLE entity_aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    alias TEXT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,                                  -- name | seed
    UNIQUE (entity_id, key)
);
CREATE INDEX entity_aliases_key ON entity_aliases(key);

-- How each referent of each article was linked.
CREATE TABLE entity_links (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    name TEXT NOT NULL,          -- as the article writes it
    label TEXT NOT NULL,
    key TEXT NOT NULL,           -- name key (link.names.skeleton) for lookups
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    rule TEXT NOT NULL,          -- alias | new | transliteration | surname | ambiguous | role
    PRIMARY KEY (article_id, name, label)
);
CREATE INDEX entity_links_entity ON entity_links(entity_id);
CREATE INDEX entity_links_key ON entity_links(key);

-- Who held a role when, as the articles tie roles to names ("Kremlchef Wladimir Putin").
CREATE TABLE role_holders (
    role TEXT NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    first TEXT, last TEXT,       -- publication dates of the first and last article that say so
    n INTEGER NOT NULL DEFAULT 0,
    seeded INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (role, entity_id)
);

CREATE TABLE claim_groups (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,          -- figure | quote
    key TEXT NOT NULL,           -- candidate key: unit and concept of a figure
    label TEXT NOT NULL,
    shingles INTEGER NOT NULL DEFAULT 0  -- how many 4-grams a quote group is indexed by
);
CREATE INDEX claim_groups_key ON claim_groups(kind, key);

CREATE TABLE claim_members (
    group_id INTEGER NOT NULL REFERENCES claim_groups(id),
    figure_id INTEGER REFERENCES figures(id) ON DELETE CASCADE,
    attribution_id INTEGER REFERENCES attributions(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX claim_members_group ON claim_members(group_id);

-- Word 4-gram hashes of quote contents: candidates for the same quote elsewhere.
CREATE TABLE quote_shingles (
    hash INTEGER NOT NULL,
    group_id INTEGER NOT NULL REFERENCES claim_groups(id)
);
CREATE INDEX quote_shingles_hash ON quote_shingles(hash);

CREATE INDEX attributions_speaker_entity ON attributions(speaker_entity_id);
CREATE INDEX mentions_entity ON mentions(entity_id);
