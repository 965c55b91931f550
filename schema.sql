-- claimledger schema, version 3: everything a new ledger holds.
--
-- `events` is the source of truth: a SHA-256 hash chain of every change
-- (docs/history.md). Every other table is a projection that replaying the
-- events rebuilds exactly; `verify` does so and compares. A ledger of an
-- earlier version is rebuilt into this schema by replaying its history
-- (src/ledger/migrate.rs). Statements here are kept in the order a new
-- ledger runs them; `verify` and every open compare a ledger's schema with
-- exactly what they create. Checks and partial indexes spell a choice among
-- several values with OR: SQLite builds a temporary table for an IN list of
-- more than two values each time a row is written.

-- Each event names its predecessor (prev_seq, prev_hash), and that pair must
-- be an event (version 3): a fork, a gap or a mislinked event is refused by
-- the schema itself, as on a desk server. `seq` being the key and prev_seq
-- tied to it, two events cannot name one predecessor, so prev_hash needs no
-- index of its own here (the server keeps one: its writers are many).
-- A guard, not the authority: `verify` recomputes the chain whatever the
-- constraints let through.
CREATE TABLE events (
    seq       INTEGER PRIMARY KEY,           -- 1, 2, 3, ... without gaps
    at        TEXT NOT NULL,                 -- UTC, RFC 3339
    author    TEXT NOT NULL,                 -- who recorded the change (--as)
    kind      TEXT NOT NULL,                 -- claim.add, stance.retract, ...
    data      TEXT NOT NULL,                 -- the change, canonical JSON
    hash      BLOB NOT NULL,                 -- SHA-256(previous event's hash || canonical bytes); 32 bytes
    prev_seq  INTEGER,                       -- seq - 1; none for the first event
    prev_hash BLOB NOT NULL,                 -- the previous event's hash; 32 zero bytes for the first
    UNIQUE (seq, hash),
    FOREIGN KEY (prev_seq, prev_hash) REFERENCES events (seq, hash),
    CHECK ((seq = 1 AND prev_seq IS NULL AND prev_hash = zeroblob(32)) OR (seq > 1 AND prev_seq = seq - 1))
) STRICT;
-- Corrections to claims, few among many events: what the claims file writes
-- beside each claim. Queries spell the condition the same way to use it.
CREATE INDEX events_corrections ON events(seq)
    WHERE kind = 'claim.amend' OR kind = 'claim.withdraw' OR kind = 'claim.restore' OR kind = 'claim.status';
-- Corrections to sources and actors (version 3), read beside each record.
CREATE INDEX events_record_corrections ON events(seq)
    WHERE kind = 'source.amend' OR kind = 'actor.amend';

CREATE TABLE sources (
    id        INTEGER PRIMARY KEY,           -- shown as S<id>
    key       TEXT UNIQUE COLLATE NOCASE,
    title     TEXT NOT NULL,
    publisher TEXT,
    url       TEXT,
    published TEXT,                          -- ISO 8601 date, possibly reduced (2023-06)
    retrieved TEXT,
    text      TEXT,                          -- archived text, when kept
    sha256    TEXT,                          -- of the archived text's UTF-8 bytes
    event_seq INTEGER NOT NULL
) STRICT;

CREATE TABLE actors (
    id             INTEGER PRIMARY KEY,      -- shown as A<id>
    key            TEXT UNIQUE COLLATE NOCASE,
    name           TEXT NOT NULL,
    name_norm      TEXT NOT NULL,            -- lowercased, whitespace folded, NFC: for lookups
    kind           TEXT NOT NULL
                   CHECK (kind = 'person' OR kind = 'organization' OR kind = 'government' OR
                          kind = 'media' OR kind = 'other'),
    affiliation_id INTEGER REFERENCES actors(id),
    url            TEXT,                     -- its home page, or a page that identifies it
    event_seq      INTEGER NOT NULL
) STRICT;
CREATE INDEX actors_by_name ON actors(name_norm);

CREATE TABLE aliases (
    id         INTEGER PRIMARY KEY,
    actor_id   INTEGER NOT NULL REFERENCES actors(id),
    alias      TEXT NOT NULL,
    alias_norm TEXT NOT NULL,
    UNIQUE (actor_id, alias_norm)
) STRICT;
CREATE INDEX aliases_by_name ON aliases(alias_norm);

-- Every actor with each actor it speaks for, itself included (depth 0): the
-- affiliation chain, kept as rows so contested checks are index lookups.
-- The Writer keeps affiliations acyclic; a changed affiliation rebuilds the rows
-- of the actor and of every actor that speaks for it.
CREATE TABLE affiliations (
    actor_id    INTEGER NOT NULL REFERENCES actors(id),
    ancestor_id INTEGER NOT NULL REFERENCES actors(id),
    depth       INTEGER NOT NULL,
    PRIMARY KEY (actor_id, ancestor_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE claims (
    id           INTEGER PRIMARY KEY,        -- shown as C<id>
    key          TEXT UNIQUE COLLATE NOCASE,
    text         TEXT NOT NULL,
    topic        TEXT,
    about        TEXT,
    source_id    INTEGER NOT NULL REFERENCES sources(id),
    quote        TEXT,
    quote_start  INTEGER,                    -- code-point offsets into the source's text
    quote_end    INTEGER,
    quote_before TEXT,
    quote_after  TEXT,
    low          REAL,                       -- the stated figure (low = high) or range
    high         REAL,
    qualifier    TEXT
                 CHECK (qualifier = 'exact' OR qualifier = 'about' OR qualifier = 'at-least' OR
                        qualifier = 'more-than' OR qualifier = 'at-most' OR qualifier = 'fewer-than'),
    unit         TEXT,
    answer       TEXT,                       -- the answer in words, where the claim gives no figure
    answer_norm  TEXT,                       -- the answer folded for comparison
    status       TEXT NOT NULL DEFAULT 'unchecked'
                 CHECK (status = 'unchecked' OR status = 'in-progress' OR status = 'checked' OR status = 'published'),
    withdrawn_seq INTEGER,                   -- while withdrawn, the event that withdrew it
    event_seq    INTEGER NOT NULL,
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
CREATE INDEX claims_by_about ON claims(about) WHERE about IS NOT NULL;
CREATE INDEX claims_by_source ON claims(source_id);
CREATE INDEX claims_by_topic ON claims(topic) WHERE topic IS NOT NULL;

-- Full-text index of claim texts, for `claim list --search`; kept by the
-- code that applies changes. Declared as Datasette looks for it.
CREATE VIRTUAL TABLE claims_fts USING fts5(text, content="claims", content_rowid="id");

CREATE TABLE stances (
    id            INTEGER PRIMARY KEY,       -- shown as T<id>
    claim_id      INTEGER NOT NULL REFERENCES claims(id),
    actor_id      INTEGER NOT NULL REFERENCES actors(id),
    source_id     INTEGER NOT NULL REFERENCES sources(id),
    stance        TEXT NOT NULL CHECK (stance IN ('asserts', 'disputes')),
    quote         TEXT,
    quote_start   INTEGER,
    quote_end     INTEGER,
    quote_before  TEXT,
    quote_after   TEXT,
    date          TEXT,                      -- when the actor said it, ISO 8601
    superseded_by INTEGER,                   -- the actor's later stance on the claim
    retracted_seq INTEGER,                   -- once retracted, the event that retracted it
    event_seq     INTEGER NOT NULL
) STRICT;
-- The stances that stand: an actor has at most one on a claim.
CREATE UNIQUE INDEX stances_current ON stances(claim_id, actor_id)
    WHERE superseded_by IS NULL AND retracted_seq IS NULL;
CREATE INDEX stances_by_claim ON stances(claim_id);
CREATE INDEX stances_by_actor ON stances(actor_id);
CREATE INDEX stances_by_source ON stances(source_id);

CREATE TABLE annotations (
    id        INTEGER PRIMARY KEY,           -- shown as N<id>
    claim_id  INTEGER NOT NULL REFERENCES claims(id),
    kind      TEXT NOT NULL CHECK (kind = 'note' OR kind = 'tag' OR kind = 'verdict'),
    text      TEXT,                          -- the note, the tag, or the verdict's rationale
    rating    TEXT
              CHECK (rating = 'true' OR rating = 'mostly-true' OR rating = 'mixed' OR
                     rating = 'mostly-false' OR rating = 'false' OR rating = 'unproven'),
    url       TEXT,                          -- a verdict's published review
    author    TEXT NOT NULL,
    at        TEXT NOT NULL,
    retracted_seq INTEGER,                   -- once retracted (a removed tag), the event that did it
    event_seq INTEGER NOT NULL
) STRICT;
CREATE INDEX annotations_by_claim ON annotations(claim_id, kind);
CREATE UNIQUE INDEX annotations_one_tag ON annotations(claim_id, text) WHERE kind = 'tag' AND retracted_seq IS NULL;

-- Relations between claims: C7 contradicts C45.
CREATE TABLE links (
    id        INTEGER PRIMARY KEY,           -- shown as L<id>
    from_id   INTEGER NOT NULL REFERENCES claims(id),
    relation  TEXT NOT NULL
              CHECK (relation = 'contradicts' OR relation = 'supports' OR relation = 'same-as' OR
                     relation = 'part-of'),
    to_id     INTEGER NOT NULL REFERENCES claims(id),
    note      TEXT,
    author    TEXT NOT NULL,
    at        TEXT NOT NULL,
    removed_seq INTEGER,                     -- once unlinked, the event that did it
    event_seq INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX links_current ON links(from_id, relation, to_id) WHERE removed_seq IS NULL;
CREATE INDEX links_to ON links(to_id);

-- Every event that concerns a claim, for its own history (`log CLAIM`, the dossier).
CREATE TABLE claim_events (
    claim_id INTEGER NOT NULL,
    seq      INTEGER NOT NULL,
    PRIMARY KEY (claim_id, seq)
) STRICT, WITHOUT ROWID;

-- Ledger settings kept in the history: who publishes the checks.
CREATE TABLE settings (
    name      TEXT PRIMARY KEY,
    value     TEXT NOT NULL,
    event_seq INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- The history as people read it: hashes in hex, each event with the hash it links to.
CREATE VIEW history(seq, at, author, kind, data, prev_hash, hash) AS
    SELECT seq, at, author, kind, data,
           lower(hex(coalesce(lag(hash) OVER (ORDER BY seq), zeroblob(32)))),
           lower(hex(hash))
    FROM events;

-- The stances that stand, with names beside ids.
CREATE VIEW current_stances(stance_id, claim_id, claim, actor_id, actor, stance, source_id, source) AS
    SELECT t.id, t.claim_id, c.text, t.actor_id, a.name, t.stance, t.source_id, s.title
    FROM stances t JOIN claims c ON c.id = t.claim_id JOIN actors a ON a.id = t.actor_id
         JOIN sources s ON s.id = t.source_id
    WHERE t.superseded_by IS NULL AND t.retracted_seq IS NULL AND c.withdrawn_seq IS NULL;

-- Claims asserted by one actor and disputed by another that is not affiliated
-- with any asserter (neither speaks for the other, directly or up the chain).
CREATE VIEW disputed_claims(claim_id, claim, disputer_id, disputer) AS
    SELECT DISTINCT d.claim_id, d.claim, d.actor_id, d.actor
    FROM current_stances d
    WHERE d.stance = 'disputes'
      AND EXISTS (SELECT 1 FROM current_stances a WHERE a.claim_id = d.claim_id AND a.stance = 'asserts')
      AND NOT EXISTS (
          SELECT 1 FROM current_stances a
          WHERE a.claim_id = d.claim_id AND a.stance = 'asserts'
            AND (a.actor_id = d.actor_id
                 OR EXISTS (SELECT 1 FROM affiliations f WHERE f.actor_id = a.actor_id AND f.ancestor_id = d.actor_id)
                 OR EXISTS (SELECT 1 FROM affiliations f WHERE f.actor_id = d.actor_id AND f.ancestor_id = a.actor_id)));

-- Pairs of claims that cannot both be true, each pair in both orders: figures
-- on one question (about, unit) whose intervals do not meet; answers in words
-- to one question that differ (unless the claims are linked same-as or
-- supports); and claims linked `contradicts`.
CREATE VIEW conflicts(claim_id, claim, other_id, other, reason) AS
    SELECT a.id, a.text, b.id, b.text, 'figures'
    FROM claims a JOIN claims b
      ON b.about = a.about AND b.id <> a.id
     AND (b.unit = a.unit COLLATE NOCASE OR (a.unit IS NULL AND b.unit IS NULL))
    WHERE a.about IS NOT NULL AND a.qualifier IS NOT NULL AND b.qualifier IS NOT NULL
      AND a.withdrawn_seq IS NULL AND b.withdrawn_seq IS NULL
      AND ((a.hi10 IS NOT NULL AND (a.hi10 < b.lo10 OR (a.hi10 = b.lo10 AND (a.hi_open OR b.lo_open))))
        OR (b.hi10 IS NOT NULL AND (b.hi10 < a.lo10 OR (b.hi10 = a.lo10 AND (b.hi_open OR a.lo_open)))))
    UNION ALL
    SELECT a.id, a.text, b.id, b.text, 'answers'
    FROM claims a JOIN claims b ON b.about = a.about AND b.id <> a.id
    WHERE a.about IS NOT NULL AND a.answer_norm IS NOT NULL AND b.answer_norm IS NOT NULL
      AND a.answer_norm <> b.answer_norm AND a.withdrawn_seq IS NULL AND b.withdrawn_seq IS NULL
      AND NOT EXISTS (SELECT 1 FROM links l WHERE l.removed_seq IS NULL AND l.relation IN ('same-as', 'supports')
                      AND ((l.from_id = a.id AND l.to_id = b.id) OR (l.from_id = b.id AND l.to_id = a.id)))
    UNION
    SELECT a.id, a.text, b.id, b.text, 'contradicts'
    FROM links l JOIN claims a ON a.id IN (l.from_id, l.to_id) JOIN claims b ON b.id IN (l.from_id, l.to_id) AND b.id <> a.id
    WHERE l.removed_seq IS NULL AND l.relation = 'contradicts' AND a.withdrawn_seq IS NULL AND b.withdrawn_seq IS NULL;

-- Every contested claim, for whatever reason.
CREATE VIEW contested_claims(claim_id, claim) AS
    SELECT claim_id, claim FROM disputed_claims
    UNION
    SELECT claim_id, claim FROM conflicts;
