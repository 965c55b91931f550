-- The baseline for `import` into an empty server ledger: the same bare rows as
-- the claims file holds, loaded by psql's \copy in one transaction, with no
-- history, no indexes and no checks. Run in the folder gen.py wrote.
CREATE TABLE sources (id BIGINT PRIMARY KEY, key TEXT, title TEXT);
CREATE TABLE actors (id BIGINT PRIMARY KEY, key TEXT, name TEXT, kind TEXT, affiliation BIGINT);
CREATE TABLE claims (id BIGINT PRIMARY KEY, key TEXT, text TEXT, source BIGINT, topic TEXT, about TEXT,
                     value DOUBLE PRECISION, qualifier TEXT, unit TEXT);
CREATE TABLE stances (id BIGINT PRIMARY KEY, claim BIGINT, actor BIGINT, stance TEXT);
BEGIN;
\copy sources FROM 'sources.csv' WITH (FORMAT csv, HEADER true)
\copy actors FROM 'actors.csv' WITH (FORMAT csv, HEADER true)
\copy claims FROM 'claims.csv' WITH (FORMAT csv, HEADER true)
\copy stances FROM 'stances.csv' WITH (FORMAT csv, HEADER true)
COMMIT;
