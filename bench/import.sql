-- The baseline for `import`: the same bare rows as the claims file holds,
-- loaded by the sqlite3 shell in one transaction, with no history, no
-- indexes and no checks. Run in the folder gen.py wrote.
CREATE TABLE sources (id INTEGER PRIMARY KEY, key TEXT, title TEXT);
CREATE TABLE actors (id INTEGER PRIMARY KEY, key TEXT, name TEXT, kind TEXT, affiliation INTEGER);
CREATE TABLE claims (id INTEGER PRIMARY KEY, key TEXT, text TEXT, source INTEGER, topic TEXT, about TEXT,
                     value REAL, qualifier TEXT, unit TEXT);
CREATE TABLE stances (id INTEGER PRIMARY KEY, claim INTEGER, actor INTEGER, stance TEXT);
BEGIN;
.import --csv --skip 1 sources.csv sources
.import --csv --skip 1 actors.csv actors
.import --csv --skip 1 claims.csv claims
.import --csv --skip 1 stances.csv stances
COMMIT;
