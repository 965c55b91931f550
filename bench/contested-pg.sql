-- The baseline for `contested --format csv` on a server ledger: contested.sql
-- in PostgreSQL's dialect, over the server's tables (which keep no interval
-- columns: the intervals of docs/contested.md are computed here).
CREATE TEMP TABLE iv AS
    SELECT id, about, unit, source_id, qualifier, low, high, answer, answer_norm, withdrawn_seq,
        CASE qualifier WHEN 'exact' THEN 10 * low WHEN 'about' THEN 9 * low WHEN 'at-least' THEN 10 * low
            WHEN 'more-than' THEN 10 * low WHEN 'at-most' THEN 0 WHEN 'fewer-than' THEN 0 END AS lo10,
        CASE qualifier WHEN 'exact' THEN 10 * high WHEN 'about' THEN 11 * high
            WHEN 'at-most' THEN 10 * high WHEN 'fewer-than' THEN 10 * high END AS hi10,
        qualifier = 'more-than' AS lo_open, qualifier = 'fewer-than' AS hi_open
    FROM claims WHERE about IS NOT NULL AND withdrawn_seq IS NULL;
CREATE INDEX ON iv (about);
CREATE TEMP TABLE conf AS
    SELECT a.id AS claim_id, b.id AS other_id, 0 AS rank,
        CASE WHEN a.source_id = b.source_id THEN 'contradicts it; the source contradicts itself' ELSE 'contradicts it' END AS why
    FROM links l JOIN claims a ON a.id IN (l.from_id, l.to_id) JOIN claims b ON b.id IN (l.from_id, l.to_id) AND b.id <> a.id
    WHERE l.removed_seq IS NULL AND l.relation = 'contradicts' AND a.withdrawn_seq IS NULL AND b.withdrawn_seq IS NULL
    UNION ALL
    SELECT a.id, b.id, 1,
        CASE b.qualifier WHEN 'exact' THEN '' WHEN 'about' THEN 'about ' WHEN 'at-least' THEN 'at least '
            WHEN 'more-than' THEN 'more than ' WHEN 'at-most' THEN 'at most ' ELSE 'fewer than ' END
        || CASE WHEN b.low >= 10000 THEN to_char(b.low, 'FM999,999,999,999') ELSE (b.low::bigint)::text END
        || CASE WHEN b.high <> b.low THEN ' to ' || (b.high::bigint)::text ELSE '' END || coalesce(' ' || CASE WHEN b.high = b.low AND abs(b.low) = 1 THEN CASE lower(b.unit) WHEN 'people' THEN 'person' WHEN 'children' THEN 'child' WHEN 'men' THEN 'man' WHEN 'women' THEN 'woman' WHEN 'feet' THEN 'foot' ELSE CASE WHEN b.unit LIKE '%s' AND b.unit NOT LIKE '%ss' AND length(b.unit) > 1 THEN substr(b.unit, 1, length(b.unit) - 1) ELSE b.unit END END ELSE b.unit END, '')
    FROM iv a JOIN iv b ON b.about = a.about AND b.id <> a.id
    WHERE a.qualifier IS NOT NULL AND b.qualifier IS NOT NULL
      AND (lower(b.unit) = lower(a.unit) OR (a.unit IS NULL AND b.unit IS NULL))
      AND ((a.hi10 IS NOT NULL AND (a.hi10 < b.lo10 OR (a.hi10 = b.lo10 AND (a.hi_open OR b.lo_open))))
        OR (b.hi10 IS NOT NULL AND (b.hi10 < a.lo10 OR (b.hi10 = a.lo10 AND (b.hi_open OR a.lo_open)))))
    UNION ALL
    SELECT a.id, b.id, 2, b.answer FROM iv a JOIN iv b ON b.about = a.about AND b.id <> a.id
    WHERE a.answer_norm IS NOT NULL AND b.answer_norm IS NOT NULL AND a.answer_norm <> b.answer_norm
      AND NOT EXISTS (SELECT 1 FROM links l WHERE l.removed_seq IS NULL AND l.relation IN ('same-as', 'supports')
                      AND ((l.from_id = a.id AND l.to_id = b.id) OR (l.from_id = b.id AND l.to_id = a.id)));
CREATE INDEX ON conf (claim_id, other_id, rank);
CREATE TEMP TABLE cur AS SELECT id, claim_id, actor_id, stance, source_id FROM stances
    WHERE superseded_by IS NULL AND retracted_seq IS NULL;
CREATE INDEX ON cur (claim_id);
\copy (WITH disputed AS (SELECT DISTINCT d.claim_id FROM cur d WHERE d.stance = 'disputes' AND EXISTS (SELECT 1 FROM cur a WHERE a.claim_id = d.claim_id AND a.stance = 'asserts') AND NOT EXISTS (SELECT 1 FROM cur a WHERE a.claim_id = d.claim_id AND a.stance = 'asserts' AND (a.actor_id = d.actor_id OR EXISTS (SELECT 1 FROM affiliations f WHERE f.actor_id = a.actor_id AND f.ancestor_id = d.actor_id) OR EXISTS (SELECT 1 FROM affiliations f WHERE f.actor_id = d.actor_id AND f.ancestor_id = a.actor_id)))), contested AS (SELECT claim_id FROM disputed UNION SELECT claim_id FROM conf) SELECT 'C' || c.id AS id, c.key, c.topic, c.about, c.text, CASE WHEN c.qualifier IS NOT NULL THEN CASE c.qualifier WHEN 'exact' THEN '' WHEN 'about' THEN 'about ' WHEN 'at-least' THEN 'at least ' WHEN 'more-than' THEN 'more than ' WHEN 'at-most' THEN 'at most ' ELSE 'fewer than ' END || CASE WHEN c.low >= 10000 THEN to_char(c.low, 'FM999,999,999,999') ELSE (c.low::bigint)::text END || CASE WHEN c.high <> c.low THEN ' to ' || (c.high::bigint)::text ELSE '' END || coalesce(' ' || CASE WHEN c.high = c.low AND abs(c.low) = 1 THEN CASE lower(c.unit) WHEN 'people' THEN 'person' WHEN 'children' THEN 'child' WHEN 'men' THEN 'man' WHEN 'women' THEN 'woman' WHEN 'feet' THEN 'foot' ELSE CASE WHEN c.unit LIKE '%s' AND c.unit NOT LIKE '%ss' AND length(c.unit) > 1 THEN substr(c.unit, 1, length(c.unit) - 1) ELSE c.unit END END ELSE c.unit END, '') END AS quantity, c.answer, (SELECT string_agg(a.name, '; ' ORDER BY t.id) FROM cur t JOIN actors a ON a.id = t.actor_id WHERE t.claim_id = c.id AND t.stance = 'asserts') AS asserted_by, (SELECT string_agg(a.name, '; ' ORDER BY t.id) FROM cur t JOIN actors a ON a.id = t.actor_id WHERE t.claim_id = c.id AND t.stance = 'disputes') AS disputed_by, (SELECT string_agg('C' || x.other_id || ' (' || x.why || ')', '; ' ORDER BY x.other_id, x.rank) FROM conf x WHERE x.claim_id = c.id) AS conflicts_with, (SELECT string_agg(coalesce(s.key, 'S' || s.id), '; ' ORDER BY s.id) FROM sources s WHERE s.id IN (SELECT c.source_id UNION ALL SELECT t.source_id FROM cur t WHERE t.claim_id = c.id)) AS sources, (SELECT v.rating FROM annotations v WHERE v.claim_id = c.id AND v.kind = 'verdict' AND v.retracted_seq IS NULL ORDER BY v.id DESC LIMIT 1) AS verdict, c.status, (SELECT string_agg(s.title, '; ' ORDER BY s.id) FROM sources s WHERE s.id IN (SELECT c.source_id UNION ALL SELECT t.source_id FROM cur t WHERE t.claim_id = c.id)) AS source_titles, (SELECT string_agg(coalesce(s.url, ''), '; ' ORDER BY s.id) FROM sources s WHERE s.id IN (SELECT c.source_id UNION ALL SELECT t.source_id FROM cur t WHERE t.claim_id = c.id)) AS source_urls FROM claims c JOIN contested k ON k.claim_id = c.id WHERE c.withdrawn_seq IS NULL ORDER BY c.id) TO STDOUT WITH (FORMAT csv, HEADER true)
