-- The floor for `verify`: one scan that reads every byte of every column of
-- `events` and prints one row (the CSV scan, scan-events.sql, also prints
-- every row).
SELECT count(*),
       sum(length(CAST(seq AS BLOB)) + length(CAST(at AS BLOB)) + length(CAST(author AS BLOB))
           + length(CAST(kind AS BLOB)) + length(CAST(data AS BLOB)) + length(CAST(hash AS BLOB))
           + coalesce(length(CAST(prev_seq AS BLOB)), 0) + length(CAST(prev_hash AS BLOB)))
FROM events;
