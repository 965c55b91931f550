-- claimledger schema, migration 1.
--
-- `events` is the source of truth: a SHA-256 hash chain of every change
-- (see docs/history.md). Every other table is a projection that replaying
-- the events rebuilds exactly; `verify` does so and compares.
-- Later migrations are appended to the list in src/ledger/migrate.rs; this
-- file is never edited once released.

CREATE TABLE events (
    seq       INTEGER PRIMARY KEY,       -- 1, 2, 3, ... without gaps
    at        TEXT NOT NULL,             -- UTC, RFC 3339
    author    TEXT NOT NULL,             -- who recorded the change (--as)
    kind      TEXT NOT NULL,             -- source.add, actor.add, claim.add, stance.add, annotation.add
    data      TEXT NOT NULL,             -- the change, canonical JSON
    prev_hash TEXT NOT NULL,             -- hex; 64 zeros for the first event
    hash      TEXT NOT NULL              -- hex SHA-256(prev_hash bytes || canonical bytes)
) STRICT;

CREATE TABLE sources (
    id        INTEGER PRIMARY KEY,       -- shown as S<id>
    key       TEXT UNIQUE COLLATE NOCASE,
    title     TEXT NOT NULL,
    publisher TEXT,
    url       TEXT,
    published TEXT,                      -- ISO 8601 date, possibly reduced (2023-06)
    retrieved TEXT,
    text      TEXT,                      -- archived text, when kept
    sha256    TEXT,                      -- of the archived text's UTF-8 bytes
    event_seq INTEGER NOT NULL REFERENCES events(seq)
) STRICT;

CREATE TABLE actors (
    id             INTEGER PRIMARY KEY,  -- shown as A<id>
    key            TEXT UNIQUE COLLATE NOCASE,
    name           TEXT NOT NULL,
    name_norm      TEXT NOT NULL,        -- lowercased, whitespace folded: for lookups
    kind           TEXT NOT NULL CHECK (kind IN ('person', 'organization', 'government', 'media', 'other')),
    affiliation_id INTEGER REFERENCES actors(id),
    event_seq      INTEGER NOT NULL REFERENCES events(seq)
) STRICT;
CREATE INDEX actors_by_name ON actors(name_norm);
CREATE INDEX actors_by_affiliation ON actors(affiliation_id);

CREATE TABLE aliases (
    id         INTEGER PRIMARY KEY,
    actor_id   INTEGER NOT NULL REFERENCES actors(id),
    alias      TEXT NOT NULL,
    alias_norm TEXT NOT NULL,
    UNIQUE (actor_id, alias_norm)
) STRICT;
CREATE INDEX aliases_by_name ON aliases(alias_norm);

CREATE TABLE claims (
    id           INTEGER PRIMARY KEY,    -- shown as C<id>
    key          TEXT UNIQUE COLLATE NOCASE,
    text         TEXT NOT NULL,
    topic        TEXT,
    about        TEXT,
    source_id    INTEGER NOT NULL REFERENCES sources(id),
    quote        TEXT,
    quote_start  INTEGER,                -- code-point offsets into the source's text
    quote_end    INTEGER,
    quote_before TEXT,
    quote_after  TEXT,
    low          REAL,                   -- the stated figure (low = high) or range
    high         REAL,
    qualifier    TEXT CHECK (qualifier IN ('exact', 'about', 'at-least', 'more-than', 'at-most', 'fewer-than')),
    unit         TEXT,
    event_seq    INTEGER NOT NULL REFERENCES events(seq),
    -- The interval the quantity allows, in tenths so that "about" (±10%) stays
    -- exact in floating point: bounds are 10*value, 9*value or 11*value.
    -- A NULL upper bound is infinity. See docs/contested.md.
    lo10 REAL GENERATED ALWAYS AS (CASE qualifier
        WHEN 'exact' THEN 10 * low WHEN 'about' THEN 9 * low
        WHEN 'at-least' THEN 10 * low WHEN 'more-than' THEN 10 * low
        WHEN 'at-most' THEN 0 WHEN 'fewer-than' THEN 0 END) VIRTUAL,
    hi10 REAL GENERATED ALWAYS AS (CASE qualifier
        WHEN 'exact' THEN 10 * high WHEN 'about' THEN 11 * high
        WHEN 'at-most' THEN 10 * high WHEN 'fewer-than' THEN 10 * high END) VIRTUAL,
    lo_open INTEGER GENERATED ALWAYS AS (qualifier = 'more-than') VIRTUAL,
    hi_open INTEGER GENERATED ALWAYS AS (qualifier = 'fewer-than') VIRTUAL
) STRICT;
CREATE INDEX claims_by_about ON claims(about, unit) WHERE about IS NOT NULL;
CREATE INDEX claims_by_source ON claims(source_id);
CREATE INDEX claims_by_topic ON claims(topic);

-- Full-text index of claim texts, for `claim list --search`. Derived from
-- `claims` by trigger; claims are never updated or deleted.
CREATE VIRTUAL TABLE claims_fts USING fts5(text, content = 'claims', content_rowid = 'id');
CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
    INSERT INTO claims_fts(rowid, text) VALUES (new.id, new.text);
END;

CREATE TABLE stances (
    id            INTEGER PRIMARY KEY,   -- shown as T<id>
    claim_id      INTEGER NOT NULL REFERENCES claims(id),
    actor_id      INTEGER NOT NULL REFERENCES actors(id),
    source_id     INTEGER NOT NULL REFERENCES sources(id),
    stance        TEXT NOT NULL CHECK (stance IN ('asserts', 'disputes')),
    quote         TEXT,
    quote_start   INTEGER,
    quote_end     INTEGER,
    quote_before  TEXT,
    quote_after   TEXT,
    date          TEXT,                  -- when the actor said it, ISO 8601
    superseded_by INTEGER REFERENCES stances(id) DEFERRABLE INITIALLY DEFERRED,  -- a later stance of the same actor, claim and source
    event_seq     INTEGER NOT NULL REFERENCES events(seq)
) STRICT;
-- At most one current stance per actor, claim and source.
CREATE UNIQUE INDEX stances_current ON stances(claim_id, actor_id, source_id) WHERE superseded_by IS NULL;
CREATE INDEX stances_by_claim ON stances(claim_id);
CREATE INDEX stances_by_actor ON stances(actor_id, claim_id);
CREATE INDEX stances_by_source ON stances(source_id);

CREATE TABLE annotations (
    id        INTEGER PRIMARY KEY,       -- shown as N<id>
    claim_id  INTEGER NOT NULL REFERENCES claims(id),
    kind      TEXT NOT NULL CHECK (kind IN ('note', 'tag', 'verdict')),
    text      TEXT,                      -- the note, the tag, or the verdict's rationale
    rating    TEXT CHECK (rating IN ('true', 'mostly-true', 'mixed', 'mostly-false', 'false', 'unproven')),
    author    TEXT NOT NULL,
    at        TEXT NOT NULL,
    event_seq INTEGER NOT NULL REFERENCES events(seq)
) STRICT;
CREATE INDEX annotations_by_claim ON annotations(claim_id, kind);
CREATE UNIQUE INDEX annotations_one_tag ON annotations(claim_id, text) WHERE kind = 'tag';
CREATE INDEX stances_current_by_claim ON stances(claim_id, stance, actor_id) WHERE superseded_by IS NULL;

-- Every actor with each actor it speaks for, itself included (depth 0): the
-- affiliation chain, kept as rows so contested checks are index lookups.
-- Affiliations point to earlier actors and never change, so there are no cycles.
CREATE TABLE affiliations (
    id          INTEGER PRIMARY KEY,
    actor_id    INTEGER NOT NULL REFERENCES actors(id),
    ancestor_id INTEGER NOT NULL REFERENCES actors(id),
    depth       INTEGER NOT NULL,
    UNIQUE (actor_id, ancestor_id)
) STRICT;

-- Claims asserted by one actor and disputed by another that is not affiliated
-- with any asserter (neither speaks for the other, directly or up the chain).
CREATE VIEW disputed_claims(claim_id, disputer_id) AS
    SELECT DISTINCT d.claim_id, d.actor_id
    FROM stances d
    WHERE d.stance = 'disputes' AND d.superseded_by IS NULL
      AND EXISTS (SELECT 1 FROM stances a
                  WHERE a.claim_id = d.claim_id AND a.stance = 'asserts' AND a.superseded_by IS NULL)
      AND NOT EXISTS (
          SELECT 1 FROM stances a
          WHERE a.claim_id = d.claim_id AND a.stance = 'asserts' AND a.superseded_by IS NULL
            AND (a.actor_id = d.actor_id
                 OR EXISTS (SELECT 1 FROM affiliations f WHERE f.actor_id = a.actor_id AND f.ancestor_id = d.actor_id)
                 OR EXISTS (SELECT 1 FROM affiliations f WHERE f.actor_id = d.actor_id AND f.ancestor_id = a.actor_id)));

-- Pairs of claims on the same question (about, unit) whose figures cannot both
-- be true: their intervals do not meet. Each pair appears in both orders.
CREATE VIEW conflicts(claim_id, other_id) AS
    SELECT a.id, b.id
    FROM claims a JOIN claims b
      ON b.about = a.about AND b.id <> a.id
     AND (b.unit = a.unit COLLATE NOCASE OR (a.unit IS NULL AND b.unit IS NULL))
    WHERE a.about IS NOT NULL AND a.qualifier IS NOT NULL AND b.qualifier IS NOT NULL
      AND ((a.hi10 IS NOT NULL AND (a.hi10 < b.lo10 OR (a.hi10 = b.lo10 AND (a.hi_open OR b.lo_open))))
        OR (b.hi10 IS NOT NULL AND (b.hi10 < a.lo10 OR (b.hi10 = a.lo10 AND (b.hi_open OR a.lo_open)))));

-- Every contested claim, for whatever reason.
CREATE VIEW contested_claims(claim_id) AS
    SELECT claim_id FROM disputed_claims
    UNION
    SELECT claim_id FROM conflicts;
