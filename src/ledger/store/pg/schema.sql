-- claimledger schema on a PostgreSQL server, version 3: the tables of
-- schema.sql, with the guards a shared history needs. Reports read a local
-- replica (SQLite) that replays these events, so the server keeps only the
-- indexes the Writer's rules and the guards need.

-- Which application and schema version made this database (PostgreSQL has
-- no user_version).
CREATE TABLE claimledger (
    application    TEXT NOT NULL CHECK (application = 'claimledger'),
    schema_version INTEGER NOT NULL
);
INSERT INTO claimledger (application, schema_version) VALUES ('claimledger', 3);

-- The history. Each event names its predecessor (prev_seq, prev_hash), and
-- that pair must be an event: a fork (two events on one predecessor), a gap
-- or a mislinked event is refused by the server even if a client skips the lock.
CREATE TABLE events (
    seq       BIGINT PRIMARY KEY,
    at        TEXT NOT NULL,
    author    TEXT NOT NULL,
    kind      TEXT NOT NULL,
    data      TEXT NOT NULL,                 -- canonical JSON, hashed as stored: never jsonb
    hash      BYTEA NOT NULL UNIQUE CHECK (octet_length(hash) = 32),
    prev_seq  BIGINT,
    prev_hash BYTEA NOT NULL UNIQUE,
    UNIQUE (seq, hash),
    FOREIGN KEY (prev_seq, prev_hash) REFERENCES events (seq, hash),
    CHECK ((seq = 1 AND prev_seq IS NULL AND prev_hash = decode(repeat('00', 32), 'hex'))
        OR (seq > 1 AND prev_seq = seq - 1))
);

CREATE TABLE sources (
    id        BIGINT PRIMARY KEY,
    key       TEXT,
    title     TEXT NOT NULL,
    publisher TEXT,
    url       TEXT,
    published TEXT,
    retrieved TEXT,
    text      TEXT,
    sha256    TEXT,
    event_seq BIGINT NOT NULL
);
CREATE UNIQUE INDEX sources_key ON sources (lower(key));

CREATE TABLE actors (
    id             BIGINT PRIMARY KEY,
    key            TEXT,
    name           TEXT NOT NULL,
    name_norm      TEXT NOT NULL,
    kind           TEXT NOT NULL
                   CHECK (kind IN ('person', 'organization', 'government', 'media', 'other')),
    affiliation_id BIGINT REFERENCES actors(id),
    url            TEXT,
    event_seq      BIGINT NOT NULL
);
CREATE UNIQUE INDEX actors_key ON actors (lower(key));
CREATE INDEX actors_by_name ON actors (name_norm);

CREATE TABLE aliases (
    id         BIGINT PRIMARY KEY,
    actor_id   BIGINT NOT NULL REFERENCES actors(id),
    alias      TEXT NOT NULL,
    alias_norm TEXT NOT NULL,
    UNIQUE (actor_id, alias_norm)
);
CREATE INDEX aliases_by_name ON aliases (alias_norm);

CREATE TABLE affiliations (
    actor_id    BIGINT NOT NULL REFERENCES actors(id),
    ancestor_id BIGINT NOT NULL REFERENCES actors(id),
    depth       BIGINT NOT NULL,
    PRIMARY KEY (actor_id, ancestor_id)
);

CREATE TABLE claims (
    id            BIGINT PRIMARY KEY,
    key           TEXT,
    text          TEXT NOT NULL,
    topic         TEXT,
    about         TEXT,
    source_id     BIGINT NOT NULL REFERENCES sources(id),
    quote         TEXT,
    quote_start   BIGINT,
    quote_end     BIGINT,
    quote_before  TEXT,
    quote_after   TEXT,
    low           DOUBLE PRECISION,
    high          DOUBLE PRECISION,
    qualifier     TEXT
                  CHECK (qualifier IN ('exact', 'about', 'at-least', 'more-than', 'at-most', 'fewer-than')),
    unit          TEXT,
    answer        TEXT,
    answer_norm   TEXT,
    status        TEXT NOT NULL DEFAULT 'unchecked'
                  CHECK (status IN ('unchecked', 'in-progress', 'checked', 'published')),
    withdrawn_seq BIGINT,
    event_seq     BIGINT NOT NULL
);
CREATE UNIQUE INDEX claims_key ON claims (lower(key));

CREATE TABLE stances (
    id            BIGINT PRIMARY KEY,
    claim_id      BIGINT NOT NULL REFERENCES claims(id),
    actor_id      BIGINT NOT NULL REFERENCES actors(id),
    source_id     BIGINT NOT NULL REFERENCES sources(id),
    stance        TEXT NOT NULL CHECK (stance IN ('asserts', 'disputes')),
    quote         TEXT,
    quote_start   BIGINT,
    quote_end     BIGINT,
    quote_before  TEXT,
    quote_after   TEXT,
    date          TEXT,
    superseded_by BIGINT,
    retracted_seq BIGINT,
    event_seq     BIGINT NOT NULL
);
CREATE UNIQUE INDEX stances_current ON stances (claim_id, actor_id)
    WHERE superseded_by IS NULL AND retracted_seq IS NULL;

CREATE TABLE annotations (
    id            BIGINT PRIMARY KEY,
    claim_id      BIGINT NOT NULL REFERENCES claims(id),
    kind          TEXT NOT NULL CHECK (kind IN ('note', 'tag', 'verdict')),
    text          TEXT,
    rating        TEXT
                  CHECK (rating IN ('true', 'mostly-true', 'mixed', 'mostly-false', 'false', 'unproven')),
    url           TEXT,
    author        TEXT NOT NULL,
    at            TEXT NOT NULL,
    retracted_seq BIGINT,
    event_seq     BIGINT NOT NULL
);
CREATE UNIQUE INDEX annotations_one_tag ON annotations (claim_id, text) WHERE kind = 'tag' AND retracted_seq IS NULL;

CREATE TABLE links (
    id          BIGINT PRIMARY KEY,
    from_id     BIGINT NOT NULL REFERENCES claims(id),
    relation    TEXT NOT NULL CHECK (relation IN ('contradicts', 'supports', 'same-as', 'part-of')),
    to_id       BIGINT NOT NULL REFERENCES claims(id),
    note        TEXT,
    author      TEXT NOT NULL,
    at          TEXT NOT NULL,
    removed_seq BIGINT,
    event_seq   BIGINT NOT NULL
);
CREATE UNIQUE INDEX links_current ON links (from_id, relation, to_id) WHERE removed_seq IS NULL;

CREATE TABLE claim_events (
    claim_id BIGINT NOT NULL,
    seq      BIGINT NOT NULL,
    PRIMARY KEY (claim_id, seq)
);

CREATE TABLE settings (
    name      TEXT PRIMARY KEY,
    value     TEXT NOT NULL,
    event_seq BIGINT NOT NULL
);
