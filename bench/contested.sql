-- The baseline for `contested --format csv`: the same rows and cells, by hand
-- in SQL. The rule of docs/contested.md over the schema's tables, their
-- indexes and the claims' interval columns (lo10, hi10); the conflicts are
-- found once into an indexed temporary table. Figures are whole numbers in
-- the generated data.
CREATE TEMP TABLE conf AS
    SELECT a.id AS claim_id, b.id AS other_id, 0 AS rank,
        CASE WHEN a.source_id = b.source_id THEN 'contradicts it; the source contradicts itself' ELSE 'contradicts it' END AS why
    FROM links l JOIN claims a ON a.id IN (l.from_id, l.to_id) JOIN claims b ON b.id IN (l.from_id, l.to_id) AND b.id <> a.id
    WHERE l.removed_seq IS NULL AND l.relation = 'contradicts' AND a.withdrawn_seq IS NULL AND b.withdrawn_seq IS NULL
    UNION ALL
    SELECT a.id, b.id, 1,
        CASE b.qualifier WHEN 'exact' THEN '' WHEN 'about' THEN 'about ' WHEN 'at-least' THEN 'at least '
            WHEN 'more-than' THEN 'more than ' WHEN 'at-most' THEN 'at most ' ELSE 'fewer than ' END
        || CASE WHEN b.low >= 10000 THEN printf('%,d', b.low) ELSE printf('%d', b.low) END
        || CASE WHEN b.high <> b.low THEN ' to ' || printf('%d', b.high) ELSE '' END || coalesce(' ' || CASE WHEN b.high = b.low AND abs(b.low) = 1 THEN CASE lower(b.unit) WHEN 'people' THEN 'person' WHEN 'children' THEN 'child' WHEN 'men' THEN 'man' WHEN 'women' THEN 'woman' WHEN 'feet' THEN 'foot' ELSE CASE WHEN b.unit LIKE '%s' AND b.unit NOT LIKE '%ss' AND length(b.unit) > 1 THEN substr(b.unit, 1, length(b.unit) - 1) ELSE b.unit END END ELSE b.unit END, '')
    FROM claims a JOIN claims b ON b.about = a.about AND b.id <> a.id
    WHERE a.about IS NOT NULL AND a.qualifier IS NOT NULL AND b.qualifier IS NOT NULL
      AND a.withdrawn_seq IS NULL AND b.withdrawn_seq IS NULL
      AND (lower(b.unit) = lower(a.unit) OR (a.unit IS NULL AND b.unit IS NULL))
      AND ((a.hi10 IS NOT NULL AND (a.hi10 < b.lo10 OR (a.hi10 = b.lo10 AND (a.hi_open OR b.lo_open))))
        OR (b.hi10 IS NOT NULL AND (b.hi10 < a.lo10 OR (b.hi10 = a.lo10 AND (b.hi_open OR a.lo_open)))))
    UNION ALL
    SELECT a.id, b.id, 2, b.answer FROM claims a JOIN claims b ON b.about = a.about AND b.id <> a.id
    WHERE a.about IS NOT NULL AND a.answer_norm IS NOT NULL AND b.answer_norm IS NOT NULL
      AND a.answer_norm <> b.answer_norm AND a.withdrawn_seq IS NULL AND b.withdrawn_seq IS NULL
      AND NOT EXISTS (SELECT 1 FROM links l WHERE l.removed_seq IS NULL AND l.relation IN ('same-as', 'supports')
                      AND ((l.from_id = a.id AND l.to_id = b.id) OR (l.from_id = b.id AND l.to_id = a.id)));
CREATE INDEX temp.conf_by_claim ON conf(claim_id, other_id, rank);
WITH
cur AS (SELECT id, claim_id, actor_id, stance, source_id FROM stances
        WHERE superseded_by IS NULL AND retracted_seq IS NULL),
disputed AS (
    SELECT DISTINCT d.claim_id FROM cur d
    WHERE d.stance = 'disputes'
      AND EXISTS (SELECT 1 FROM cur a WHERE a.claim_id = d.claim_id AND a.stance = 'asserts')
      AND NOT EXISTS (SELECT 1 FROM cur a WHERE a.claim_id = d.claim_id AND a.stance = 'asserts'
          AND (a.actor_id = d.actor_id
               OR EXISTS (SELECT 1 FROM affiliations f WHERE f.actor_id = a.actor_id AND f.ancestor_id = d.actor_id)
               OR EXISTS (SELECT 1 FROM affiliations f WHERE f.actor_id = d.actor_id AND f.ancestor_id = a.actor_id)))),
contested AS (SELECT claim_id FROM disputed UNION SELECT claim_id FROM conf)
SELECT 'C' || c.id AS id, c.key, c.topic, c.about, c.text,
    CASE WHEN c.qualifier IS NOT NULL THEN
        CASE c.qualifier WHEN 'exact' THEN '' WHEN 'about' THEN 'about ' WHEN 'at-least' THEN 'at least '
            WHEN 'more-than' THEN 'more than ' WHEN 'at-most' THEN 'at most ' ELSE 'fewer than ' END
        || CASE WHEN c.low >= 10000 THEN printf('%,d', c.low) ELSE printf('%d', c.low) END
        || CASE WHEN c.high <> c.low THEN ' to ' || printf('%d', c.high) ELSE '' END || coalesce(' ' || CASE WHEN c.high = c.low AND abs(c.low) = 1 THEN CASE lower(c.unit) WHEN 'people' THEN 'person' WHEN 'children' THEN 'child' WHEN 'men' THEN 'man' WHEN 'women' THEN 'woman' WHEN 'feet' THEN 'foot' ELSE CASE WHEN c.unit LIKE '%s' AND c.unit NOT LIKE '%ss' AND length(c.unit) > 1 THEN substr(c.unit, 1, length(c.unit) - 1) ELSE c.unit END END ELSE c.unit END, '')
    END AS quantity,
    c.answer,
    (SELECT group_concat(name, '; ') FROM (SELECT a.name FROM cur t JOIN actors a ON a.id = t.actor_id
        WHERE t.claim_id = c.id AND t.stance = 'asserts' ORDER BY t.id)) AS asserted_by,
    (SELECT group_concat(name, '; ') FROM (SELECT a.name FROM cur t JOIN actors a ON a.id = t.actor_id
        WHERE t.claim_id = c.id AND t.stance = 'disputes' ORDER BY t.id)) AS disputed_by,
    (SELECT group_concat(label, '; ') FROM (SELECT 'C' || x.other_id || ' (' || x.why || ')' AS label FROM conf x
        WHERE x.claim_id = c.id ORDER BY x.other_id, x.rank)) AS conflicts_with,
    (SELECT group_concat(handle, '; ') FROM (SELECT coalesce(s.key, 'S' || s.id) AS handle FROM sources s
        WHERE s.id IN (SELECT c.source_id UNION ALL SELECT t.source_id FROM stances t
                       WHERE t.claim_id = c.id AND t.superseded_by IS NULL AND t.retracted_seq IS NULL)
        ORDER BY s.id)) AS sources,
    (SELECT v.rating FROM annotations v WHERE v.claim_id = c.id AND v.kind = 'verdict' AND v.retracted_seq IS NULL
        ORDER BY v.id DESC LIMIT 1) AS verdict,
    c.status,
    (SELECT group_concat(title, '; ') FROM (SELECT s.title FROM sources s
        WHERE s.id IN (SELECT c.source_id UNION ALL SELECT t.source_id FROM stances t
                       WHERE t.claim_id = c.id AND t.superseded_by IS NULL AND t.retracted_seq IS NULL)
        ORDER BY s.id)) AS source_titles,
    (SELECT group_concat(url, '; ') FROM (SELECT coalesce(s.url, '') AS url FROM sources s
        WHERE s.id IN (SELECT c.source_id UNION ALL SELECT t.source_id FROM stances t
                       WHERE t.claim_id = c.id AND t.superseded_by IS NULL AND t.retracted_seq IS NULL)
        ORDER BY s.id)) AS source_urls
FROM claims c JOIN contested k ON k.claim_id = c.id
WHERE c.withdrawn_seq IS NULL
ORDER BY c.id;
