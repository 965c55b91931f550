-- What SQLite alone takes to store what an import stores: the events,
-- rows and claim_events of a ledger `import` made (attached as `made`),
-- copied row by row into the same schema (report indexes and the full-text
-- index built at the end, as a first import builds them), in one
-- transaction. No parsing, no rules, no hashing: the storage floor of
-- `import`. Run in a fresh file: sqlite3 floor.db < bench/floor.sql, from
-- the folder that holds schema.sql and made.db.
PRAGMA journal_mode = MEMORY;
PRAGMA synchronous = OFF;
.read schema.sql
DROP INDEX claims_by_about; DROP INDEX claims_by_source; DROP INDEX claims_by_topic;
DROP INDEX stances_by_claim; DROP INDEX stances_by_actor; DROP INDEX stances_by_source;
ATTACH 'made.db' AS made;
BEGIN;
-- WHERE clauses keep SQLite from copying pages wholesale between equal tables.
INSERT INTO events SELECT * FROM made.events WHERE seq > 0;
INSERT INTO sources SELECT * FROM made.sources WHERE id > 0;
INSERT INTO actors SELECT * FROM made.actors WHERE id > 0;
INSERT INTO affiliations SELECT * FROM made.affiliations WHERE depth >= 0;
INSERT INTO claims (id, key, text, topic, about, source_id, quote, quote_start, quote_end, quote_before,
                    quote_after, low, high, qualifier, unit, answer, answer_norm, status, withdrawn_seq, event_seq)
    SELECT id, key, text, topic, about, source_id, quote, quote_start, quote_end, quote_before,
           quote_after, low, high, qualifier, unit, answer, answer_norm, status, withdrawn_seq, event_seq
    FROM made.claims WHERE id > 0;
INSERT INTO stances SELECT * FROM made.stances WHERE id > 0;
INSERT INTO claim_events SELECT * FROM made.claim_events WHERE seq > 0;
CREATE INDEX claims_by_about ON claims(about) WHERE about IS NOT NULL;
CREATE INDEX claims_by_source ON claims(source_id);
CREATE INDEX claims_by_topic ON claims(topic) WHERE topic IS NOT NULL;
CREATE INDEX stances_by_claim ON stances(claim_id);
CREATE INDEX stances_by_actor ON stances(actor_id);
CREATE INDEX stances_by_source ON stances(source_id);
INSERT INTO claims_fts (claims_fts) VALUES ('rebuild');
COMMIT;
