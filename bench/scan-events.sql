-- The baseline for `verify`: a bare scan of every column of every event.
SELECT seq, at, author, kind, data, hash FROM events ORDER BY seq;
