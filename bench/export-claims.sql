-- The baseline for `export claims`: the same rows and cells (docs/export.md),
-- by hand in SQL. Figures are whole numbers in the generated data; words as
-- claimledger writes them ("about 500 people", thousands separated from 10,000).
SELECT 'C' || c.id AS id, c.key, c.topic, c.about, c.text,
    CASE WHEN c.qualifier IS NOT NULL THEN
        CASE c.qualifier WHEN 'exact' THEN '' WHEN 'about' THEN 'about ' WHEN 'at-least' THEN 'at least '
             WHEN 'more-than' THEN 'more than ' WHEN 'at-most' THEN 'at most ' ELSE 'fewer than ' END
        || CASE WHEN c.low >= 10000 THEN printf('%,d', c.low) ELSE printf('%d', c.low) END
        || CASE WHEN c.high <> c.low THEN ' to ' || CASE WHEN c.high >= 10000 THEN printf('%,d', c.high) ELSE printf('%d', c.high) END ELSE '' END
        || coalesce(' ' || CASE WHEN c.high = c.low AND abs(c.low) = 1 THEN CASE lower(c.unit) WHEN 'people' THEN 'person' WHEN 'children' THEN 'child' WHEN 'men' THEN 'man' WHEN 'women' THEN 'woman' WHEN 'feet' THEN 'foot' ELSE CASE WHEN c.unit LIKE '%s' AND c.unit NOT LIKE '%ss' AND length(c.unit) > 1 THEN substr(c.unit, 1, length(c.unit) - 1) ELSE c.unit END END ELSE c.unit END, '')
    END AS quantity,
    printf('%d', c.low) AS low, printf('%d', c.high) AS high, c.qualifier, c.unit, c.answer,
    coalesce(s.key, 'S' || s.id) AS source, c.quote,
    (SELECT group_concat(a.name, '; ') FROM (SELECT a.name FROM stances t JOIN actors a ON a.id = t.actor_id
        WHERE t.claim_id = c.id AND t.stance = 'asserts' AND t.superseded_by IS NULL AND t.retracted_seq IS NULL
        ORDER BY t.id) a) AS asserted_by,
    (SELECT group_concat(a.name, '; ') FROM (SELECT a.name FROM stances t JOIN actors a ON a.id = t.actor_id
        WHERE t.claim_id = c.id AND t.stance = 'disputes' AND t.superseded_by IS NULL AND t.retracted_seq IS NULL
        ORDER BY t.id) a) AS disputed_by,
    (SELECT v.rating FROM annotations v WHERE v.claim_id = c.id AND v.kind = 'verdict' AND v.retracted_seq IS NULL
        ORDER BY v.id DESC LIMIT 1) AS verdict,
    c.status,
    (SELECT group_concat(g.text, '; ') FROM (SELECT g.text FROM annotations g WHERE g.claim_id = c.id
        AND g.kind = 'tag' AND g.retracted_seq IS NULL ORDER BY g.id) g) AS tags,
    'false' AS withdrawn
FROM claims c JOIN sources s ON s.id = c.source_id
WHERE c.withdrawn_seq IS NULL
ORDER BY c.id;
