//! `verify`: recompute the hash chain, rebuild the tables from the events, and
//! compare them with the tables on disk.

use rusqlite::Connection;
use rusqlite::types::Value;
use serde::Serialize;

use super::apply::{self, FullText};
use super::tables::Table;
use super::{Ledger, SchemaDifference, migrate};
use crate::error::{Error, Result};
use crate::history::{Change, GENESIS_HASH, canonical_event_bytes, chain_hash, hash_hex, is_canonical};

/// A head printed by an earlier `verify`, kept elsewhere: `SEQ:HASH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
}

impl std::str::FromStr for Checkpoint {
    type Err = Error;
    fn from_str(text: &str) -> Result<Checkpoint> {
        let bad = || {
            Error::input_hint(
                format!("'{text}' is not a checkpoint"),
                "give the SEQ:HASH that an earlier `claimledger verify` printed",
            )
        };
        let (seq, hash) = text.trim().split_once(':').ok_or_else(bad)?;
        let seq = seq.parse::<i64>().map_err(|_| bad())?;
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(Checkpoint { seq, hash: hash.to_ascii_lowercase() })
    }
}

/// What `verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub events: i64,
    /// The newest event as `SEQ:HASH`: keep it elsewhere as a checkpoint.
    pub head: Option<String>,
    /// The first event whose chain link or content is wrong.
    pub first_bad_event: Option<i64>,
    /// Every problem, one line each.
    pub problems: Vec<String>,
    /// Whether a checkpoint was given and matched.
    pub checkpoint: Option<bool>,
    /// What could not be checked, and why.
    pub notes: Vec<String>,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks a ledger opened with [`Ledger::open_for_verify`]: its schema
/// against this version's (`schema`, the differences found on opening), the
/// full-text index against the claims, the chain, and the tables against
/// the history. Objects whose declaration differs are reported and not read.
pub fn verify(ledger: &Ledger, schema: &[SchemaDifference], checkpoint: Option<&Checkpoint>) -> Result<Report> {
    let disk = &ledger.conn;
    let mut problems: Vec<String> = schema.iter().map(|d| format!("schema: {}", d.description)).collect();
    let differs = |name: &str| schema.iter().any(|d| d.name == name);
    let fts_differs = schema.iter().any(|d| d.name.starts_with("claims_fts"));
    let mut notes = Vec::new();
    if !fts_differs && !differs("claims") {
        match full_text_index_matches(disk)? {
            Some(true) => {}
            Some(false) => problems.push(
                "table claims_fts: the full-text index of claim texts does not match the claims (it was wiped or edited), so `claim list --search` would give wrong answers".into(),
            ),
            None => notes.push("the full-text index was not checked: the ledger is open read-only".to_string()),
        }
    }
    if differs("events") {
        problems.push("the history cannot be checked: the events table is not this version's".into());
        return Ok(Report { events: 0, head: None, first_bad_event: None, problems, checkpoint: None, notes });
    }
    // One read transaction, so that a concurrent writer cannot move the head mid-check.
    disk.execute_batch("BEGIN")?;
    let result = check(disk, checkpoint, &differs, problems, notes);
    let _ = disk.execute_batch("COMMIT");
    result
}

/// Runs FTS5's own check of the index against the claims table; None when
/// the connection cannot run it (a read-only file). The check is a command
/// written as an INSERT, so it runs in a savepoint that is rolled back.
fn full_text_index_matches(disk: &Connection) -> Result<Option<bool>> {
    if disk.is_readonly(rusqlite::MAIN_DB)? {
        return Ok(None);
    }
    disk.pragma_update(None, "query_only", false)?;
    disk.execute_batch("SAVEPOINT fts_check")?;
    let result = disk.execute("INSERT INTO claims_fts(claims_fts, rank) VALUES ('integrity-check', 1)", []);
    disk.execute_batch("ROLLBACK TO fts_check; RELEASE fts_check")?;
    disk.pragma_update(None, "query_only", true)?;
    match result {
        Ok(_) => Ok(Some(true)),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => Ok(Some(false)),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

fn check(
    disk: &Connection,
    checkpoint: Option<&Checkpoint>,
    differs: &dyn Fn(&str) -> bool,
    mut problems: Vec<String>,
    notes: Vec<String>,
) -> Result<Report> {
    let mut first_bad: Option<i64> = None;
    let flag = |seq: i64, first_bad: &mut Option<i64>| {
        if first_bad.is_none_or(|f| seq < f) {
            *first_bad = Some(seq);
        }
    };

    // An empty path is SQLite's private temporary database: it lives in the
    // page cache and spills to a temporary file, so a large ledger's rebuild
    // does not have to fit in memory.
    let rebuilt = Connection::open("")?;
    migrate::create_schema(&rebuilt)?;
    rebuilt.execute_batch("PRAGMA foreign_keys = ON; BEGIN")?;

    let mut stmt = disk.prepare("SELECT seq, at, author, kind, data, hash FROM events ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    let mut expected_seq = 1;
    let mut prev = GENESIS_HASH;
    let mut count = 0;
    let mut head = None;
    let mut replay_stopped = false;
    while let Some(r) = rows.next()? {
        let (seq, at, author, kind, data): (i64, String, String, String, String) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        let stored: Vec<u8> = r.get(5)?;
        count += 1;
        if seq != expected_seq {
            problems.push(format!("event {seq}: expected event {expected_seq} here; events are missing or renumbered"));
            flag(seq, &mut first_bad);
        }
        if !is_canonical(&data) {
            problems.push(format!("event {seq}: data is not canonical JSON (the event was rewritten)"));
            flag(seq, &mut first_bad);
        }
        // Each hash covers its predecessor's: an event rewritten, or one
        // removed or reordered before it, shows here.
        if chain_hash(&prev, &canonical_event_bytes(seq, &at, &author, &kind, &data)) != stored.as_slice() {
            problems.push(format!(
                "event {seq}: content does not match its hash (the event was rewritten, or does not link to the event before it)"
            ));
            flag(seq, &mut first_bad);
        }
        if !replay_stopped {
            // The event row goes in too: a claim's history refers to its events.
            let applied = rebuilt
                .prepare_cached(
                    "INSERT INTO events (seq, at, author, kind, data, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .and_then(|mut insert| insert.execute(rusqlite::params![seq, at, author, kind, data, stored]))
                .map_err(|e| e.to_string())
                .and_then(|_| Change::from_stored(&kind, &data).map_err(|e| e.to_string()))
                .and_then(|change| apply::apply(&rebuilt, seq, &change, FullText::Later).map_err(|e| e.to_string()));
            if let Err(e) = applied {
                problems.push(format!("event {seq}: cannot be replayed ({e}); tables after it are not compared"));
                flag(seq, &mut first_bad);
                replay_stopped = true;
            }
        }
        expected_seq = seq + 1;
        prev = stored.as_slice().try_into().unwrap_or([0; 32]);
        head = Some(format!("{seq}:{}", hash_hex(&prev)));
    }
    drop(rows);
    drop(stmt);

    let checkpoint_ok = match checkpoint {
        None => None,
        Some(cp) => {
            let stored: Option<String> = disk
                .query_row("SELECT hash FROM events WHERE seq = ?1", [cp.seq], |r| r.get::<_, Vec<u8>>(0))
                .ok()
                .map(hex::encode);
            let ok = stored.as_deref() == Some(cp.hash.as_str());
            if !ok {
                problems.push(match stored {
                    None => format!(
                        "checkpoint {}:{}: the ledger has no event {} (events were cut off)",
                        cp.seq, cp.hash, cp.seq
                    ),
                    Some(h) => format!(
                        "checkpoint {}:{}: event {} now has hash {h} (history was rewritten)",
                        cp.seq, cp.hash, cp.seq
                    ),
                });
            }
            Some(ok)
        }
    };

    if !replay_stopped {
        rebuilt.execute_batch("COMMIT")?;
        compare_tables(disk, &rebuilt, differs, &mut problems)?;
    }

    Ok(Report { events: count, head, first_bad_event: first_bad, problems, checkpoint: checkpoint_ok, notes })
}

fn show(value: &Value) -> String {
    match value {
        Value::Null => "NULL".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(t) => {
            let short: String = t.chars().take(60).collect();
            if short.len() < t.len() { format!("'{short}…'") } else { format!("'{t}'") }
        }
        Value::Blob(b) => format!("<{} bytes>", b.len()),
    }
}

/// A row's key, to order and name it.
#[derive(Debug, Clone, PartialEq)]
struct RowKey(Vec<Value>);

impl PartialOrd for RowKey {
    /// As SQLite orders keys of one declared type: integers by value, text by bytes.
    fn partial_cmp(&self, other: &RowKey) -> Option<std::cmp::Ordering> {
        let rank = |v: &Value| -> (u8, i64, Vec<u8>) {
            match v {
                Value::Null => (0, 0, Vec::new()),
                Value::Integer(i) => (1, *i, Vec::new()),
                Value::Real(f) => (1, *f as i64, Vec::new()),
                Value::Text(t) => (2, 0, t.as_bytes().to_vec()),
                Value::Blob(b) => (3, 0, b.clone()),
            }
        };
        self.0.iter().map(rank).partial_cmp(other.0.iter().map(rank))
    }
}

impl std::fmt::Display for RowKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|v| match v {
                Value::Text(t) => t.clone(),
                other => show(other),
            })
            .collect();
        f.write_str(&parts.join(", "))
    }
}

/// Reads the next row as (key, values); the key is its first `key_len` columns.
fn next_row(rows: &mut rusqlite::Rows<'_>, n: usize, key_len: usize) -> Result<Option<(RowKey, Vec<Value>)>> {
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let values = (0..n).map(|i| r.get::<_, Value>(i)).collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some((RowKey(values[..key_len].to_vec()), values)))
}

/// Compares each projection table on disk with its rebuilt twin: a merge of
/// two cursors in id order, so memory holds two rows at a time.
fn compare_tables(
    disk: &Connection,
    rebuilt: &Connection,
    differs: &dyn Fn(&str) -> bool,
    problems: &mut Vec<String>,
) -> Result<()> {
    // A table whose declaration differs may not even be a table: not read.
    for registered in Table::ALL.iter().filter(|t| !differs(t.name())) {
        let (table, key) = (registered.name(), registered.key());
        // The key first, so that rows compare in key order; names come from
        // the registry, never from input.
        let sql = format!("SELECT {keys}, * FROM {table} ORDER BY {keys}", keys = key.join(", "));
        let mut disk_stmt = disk.prepare(&sql)?;
        let mut want_stmt = rebuilt.prepare(&sql)?;
        let columns: Vec<String> = disk_stmt.column_names().map(|c| c.to_string()).collect();
        let expected: Vec<String> = want_stmt.column_names().map(|c| c.to_string()).collect();
        if columns != expected {
            problems.push(format!("table {table}: columns differ from the schema ({})", columns.join(", ")));
            continue;
        }
        let (n, k) = (columns.len(), key.len());
        let mut disk_rows = disk_stmt.query([])?;
        let mut want_rows = want_stmt.query([])?;
        let mut on_disk = next_row(&mut disk_rows, n, k)?;
        let mut want = next_row(&mut want_rows, n, k)?;
        loop {
            match (&on_disk, &want) {
                (None, None) => break,
                (Some((d, _)), Some((w, _))) if d > w => {
                    problems.push(format!("table {table}: row {w} was deleted"));
                    want = next_row(&mut want_rows, n, k)?;
                }
                (Some((d, values)), Some((w, expected))) if d == w => {
                    for (c, column) in columns.iter().enumerate().skip(k) {
                        if values[c] != expected[c] {
                            problems.push(format!(
                                "table {table}: row {d}: {column} is {} but the history says {}",
                                show(&values[c]),
                                show(&expected[c])
                            ));
                        }
                    }
                    on_disk = next_row(&mut disk_rows, n, k)?;
                    want = next_row(&mut want_rows, n, k)?;
                }
                (Some((d, _)), _) => {
                    problems.push(format!("table {table}: row {d} was inserted outside the history"));
                    on_disk = next_row(&mut disk_rows, n, k)?;
                }
                (None, Some((w, _))) => {
                    problems.push(format!("table {table}: row {w} was deleted"));
                    want = next_row(&mut want_rows, n, k)?;
                }
            }
        }
    }
    Ok(())
}
