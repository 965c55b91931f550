//! `verify`: recompute the hash chain, rebuild the tables from the events, and
//! compare them with the tables on disk.

use std::cmp::Ordering;

use rusqlite::types::{Value, ValueRef};
use std::path::Path;

use rusqlite::{Connection, OpenFlags, Row};
use serde::Serialize;

use super::apply::FullText;
use super::tables::Table;
use super::{Ledger, SchemaDifference, migrate};
use crate::error::{Error, Result};
use crate::history::{Change, GENESIS_HASH, canonical_event_bytes, chain_hash, hash_hex};
use crate::progress::Progress;

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
pub fn verify(
    ledger: &Ledger,
    schema: &[SchemaDifference],
    checkpoint: Option<&Checkpoint>,
    progress: &dyn Progress,
) -> Result<Report> {
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
    // The file's own structure: an index whose entries were edited to hide
    // rows would pass every comparison (they read the tables, not the
    // indexes) while the reports that use it go wrong. SQLite's check runs
    // on a connection of its own, beside the rest.
    let integrity = {
        let path = ledger.path().to_path_buf();
        std::thread::spawn(move || -> Result<Vec<String>> {
            let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
            file_integrity(&Connection::open_with_flags(path, flags)?)
        })
    };
    // One read transaction, so that a concurrent writer cannot move the head mid-check.
    disk.execute_batch("BEGIN")?;
    let comparable: Vec<Table> = Table::ALL.into_iter().filter(|t| !differs(t.name())).collect();
    let result = check(disk, ledger.path(), checkpoint, comparable, problems, notes, progress);
    // Where no second connection could open (an archived copy), the first checks.
    let found = match integrity.join().expect("the integrity check does not panic") {
        Ok(found) => found,
        Err(_) => file_integrity(disk).unwrap_or_else(|e| vec![format!("the check could not run: {e}")]),
    };
    let _ = disk.execute_batch("COMMIT");
    let mut report = result?;
    let schema_problems = schema.len();
    report.problems.splice(schema_problems..schema_problems, found.into_iter().map(|p| format!("file: {p}")));
    Ok(report)
}

/// SQLite's integrity check of the whole file (b-trees, and every index
/// against its table): what it finds, at most 100 lines; empty when sound.
fn file_integrity(disk: &Connection) -> Result<Vec<String>> {
    let mut stmt = disk.prepare("PRAGMA integrity_check(100)")?;
    let lines: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(lines.into_iter().filter(|l| l != "ok").collect())
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

/// Checks the chain and the tables. Two threads share the work: this one
/// reads the events, checks the chain and reads each event's change; the
/// other rebuilds the tables from the changes. Then each compares some of the
/// tables (`comparable`: those whose declaration is this version's).
fn check(
    disk: &Connection,
    path: &Path,
    checkpoint: Option<&Checkpoint>,
    comparable: Vec<Table>,
    mut problems: Vec<String>,
    notes: Vec<String>,
    progress: &dyn Progress,
) -> Result<Report> {
    let newest: i64 = disk.query_row("SELECT coalesce(max(seq), 0) FROM events", [], |r| r.get(0))?;
    progress.begin("verifying", newest.max(0) as u64);
    // Problems of single events, by event, from both threads: sorted at the end.
    let mut of_events: Vec<(i64, String)> = Vec::new();

    let scratch = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let rebuilt_path = scratch.path().join("rebuilt.db");
    let (to_replay, changes) = std::sync::mpsc::sync_channel::<Vec<(i64, Change)>>(4);
    let (replayed, on_replayed) = std::sync::mpsc::channel::<bool>();
    let (its_tables, ours): (Vec<Table>, Vec<Table>) =
        comparable.into_iter().partition(|t| REPLAYER_COMPARES.contains(t));
    let replayer = {
        let (rebuilt_path, ledger_path, its_tables) = (rebuilt_path.clone(), path.to_path_buf(), its_tables.clone());
        std::thread::spawn(move || replay(&rebuilt_path, changes, replayed, &ledger_path, &its_tables))
    };
    let mut batch = Vec::with_capacity(REPLAYED_A_BATCH);

    let mut stmt = disk.prepare("SELECT seq, at, author, kind, data, hash FROM events ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    let mut expected_seq = 1;
    let mut prev = GENESIS_HASH;
    let mut count = 0;
    let mut replay_stopped = false;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let text = |i| r.get_ref(i).and_then(|v| Ok(v.as_str()?));
        let (at, author, kind, data) = (text(1)?, text(2)?, text(3)?, text(4)?);
        let stored = r.get_ref(5)?.as_blob().unwrap_or_default();
        count += 1;
        if seq != expected_seq {
            of_events.push((
                seq,
                format!("event {seq}: expected event {expected_seq} here; events are missing or renumbered"),
            ));
        }
        // Each hash covers its predecessor's: an event rewritten, or one
        // removed or reordered before it, shows here.
        if chain_hash(&prev, &canonical_event_bytes(seq, at, author, kind, data)) != stored {
            of_events.push((
                seq,
                format!(
                    "event {seq}: content does not match its hash (the event was rewritten, or does not link to the event before it)"
                ),
            ));
        }
        expected_seq = seq + 1;
        prev = stored.try_into().unwrap_or([0; 32]);
        if replay_stopped {
            continue;
        }
        match Change::from_stored(kind, data) {
            Ok(change) => {
                // The data must be exactly what recording the change would store.
                if change.canonical_data() != data {
                    of_events.push((seq, format!("event {seq}: data is not canonical JSON (the event was rewritten)")));
                }
                batch.push((seq, change));
            }
            Err(e) => {
                of_events
                    .push((seq, format!("event {seq}: cannot be replayed ({e}); tables after it are not compared")));
                replay_stopped = true;
            }
        }
        // A replayer that stopped has said why; it is asked below.
        if batch.len() == REPLAYED_A_BATCH {
            progress.reached(seq.max(0) as u64);
            if to_replay.send(std::mem::take(&mut batch)).is_err() {
                replay_stopped = true;
            }
        }
    }
    drop(rows);
    drop(stmt);
    if !replay_stopped {
        let _ = to_replay.send(batch);
    }
    drop(to_replay);
    // While the replayer compares its tables, this thread compares the rest.
    let head = (count > 0).then(|| format!("{}:{}", expected_seq - 1, hash_hex(&prev)));
    let mut ours_compared = Vec::new();
    if on_replayed.recv() == Ok(true) && !replay_stopped {
        let rebuilt = Connection::open_with_flags(&rebuilt_path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        progress.begin("comparing", ours.len() as u64);
        for (done, table) in ours.iter().enumerate() {
            ours_compared.push((*table, compare_table(disk, &rebuilt, *table)?));
            progress.reached(done as u64 + 1);
        }
    }
    let Replayed { problems: replay_problems, complete, compared } = replayer.join().map_err(|_| Error::Ledger {
        message: "rebuilding the tables from the history failed unexpectedly".into(),
        hint: None,
    })??;
    of_events.extend(replay_problems);
    of_events.sort_by_key(|(seq, _)| *seq);
    let first_bad = of_events.first().map(|(seq, _)| *seq);
    problems.extend(of_events.into_iter().map(|(_, problem)| problem));

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

    if complete && !replay_stopped {
        let mut by_table = ours_compared;
        match compared {
            Some(theirs) => by_table.extend(theirs),
            // The replayer could not read the ledger as this thread does: its tables are compared here.
            None => {
                let rebuilt = Connection::open_with_flags(&rebuilt_path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
                for table in its_tables {
                    by_table.push((table, compare_table(disk, &rebuilt, table)?));
                }
            }
        }
        // In the registry's order, whichever thread found them.
        by_table.sort_by_key(|(table, _)| Table::ALL.iter().position(|t| t == table));
        problems.extend(by_table.into_iter().flat_map(|(_, found)| found));
    }

    Ok(Report { events: count, head, first_bad_event: first_bad, problems, checkpoint: checkpoint_ok, notes })
}

/// Events handed to the replaying thread at a time.
const REPLAYED_A_BATCH: usize = 256;

/// The tables the replaying thread compares once it has rebuilt them (the
/// largest, about half the work); the other thread compares the rest.
const REPLAYER_COMPARES: [Table; 1] = [Table::Stances];

/// What replaying the history gave.
struct Replayed {
    /// The event that could not be applied, if one could not.
    problems: Vec<(i64, String)>,
    /// False when an event could not be applied: the tables are not comparable.
    complete: bool,
    /// The replayer's tables and what comparing each found; None when it
    /// could not read the ledger in the same state as the other thread.
    compared: Option<Vec<(Table, Vec<String>)>>,
}

/// Rebuilds the tables from the changes it is handed, in a scratch database
/// at `rebuilt`, then says so on `replayed` and compares `its_tables` with
/// the ledger's, replaying as an upgrade from an older version does. The
/// scratch database holds the tables without the indexes that only serve
/// lookups the replay does not make; foreign keys
/// stay on, so a history whose events refer to records it never made cannot
/// be replayed, however well its tables were made to agree.
fn replay(
    rebuilt: &Path,
    changes: std::sync::mpsc::Receiver<Vec<(i64, Change)>>,
    replayed: std::sync::mpsc::Sender<bool>,
    ledger: &Path,
    its_tables: &[Table],
) -> Result<Replayed> {
    let conn = Connection::open(rebuilt)?;
    migrate::create_schema(&conn)?;
    // The index of current stances stays: replaying a stance looks it up.
    let indexes: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND name <> 'stances_current'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for index in indexes {
        conn.execute_batch(&format!("DROP INDEX \"{index}\""))?;
    }
    // Nothing here is ever rolled back: a failed rebuild is thrown away whole.
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON; BEGIN")?;
    let mut last = 0;
    for batch in changes.iter() {
        for (seq, change) in batch {
            if let Err(e) = migrate::replay(&conn, seq, change, FullText::Later) {
                let _ = replayed.send(false);
                let problem = format!("event {seq}: cannot be replayed ({e}); tables after it are not compared");
                return Ok(Replayed { problems: vec![(seq, problem)], complete: false, compared: None });
            }
            last = seq;
        }
    }
    conn.execute_batch("COMMIT")?;
    let _ = replayed.send(true);
    // The ledger, read again on this thread: in the state the other thread
    // read it in (every change adds an event, so the same newest event says so).
    let same_ledger = || -> Result<Option<Connection>> {
        let disk =
            Connection::open_with_flags(ledger, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        super::set_up(&disk)?;
        disk.execute_batch("BEGIN")?;
        let newest: i64 = disk.query_row("SELECT coalesce(max(seq), 0) FROM events", [], |r| r.get(0))?;
        Ok((newest == last).then_some(disk))
    };
    let Ok(Some(disk)) = same_ledger() else {
        return Ok(Replayed { problems: Vec::new(), complete: true, compared: None });
    };
    let compared = its_tables
        .iter()
        .map(|table| Ok((*table, compare_table(&disk, &conn, *table)?)))
        .collect::<Result<Vec<_>>>()?;
    Ok(Replayed { problems: Vec::new(), complete: true, compared: Some(compared) })
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

/// Orders two key values as SQLite orders keys of one declared type:
/// integers by value, text by bytes.
fn key_order(a: ValueRef<'_>, b: ValueRef<'_>) -> Ordering {
    let rank = |v: &ValueRef<'_>| match v {
        ValueRef::Null => 0,
        ValueRef::Integer(_) | ValueRef::Real(_) => 1,
        ValueRef::Text(_) => 2,
        ValueRef::Blob(_) => 3,
    };
    match (a, b) {
        (ValueRef::Integer(x), ValueRef::Integer(y)) => x.cmp(&y),
        (ValueRef::Text(x), ValueRef::Text(y)) | (ValueRef::Blob(x), ValueRef::Blob(y)) => x.cmp(y),
        (x, y) => rank(&x).cmp(&rank(&y)),
    }
}

/// A row's key as people read it: "12", or "3, 17".
fn key_of(row: &Row<'_>, key_len: usize) -> Result<String> {
    let parts = (0..key_len)
        .map(|i| {
            Ok(match row.get::<_, Value>(i)? {
                Value::Text(t) => t,
                other => show(&other),
            })
        })
        .collect::<Result<Vec<String>>>()?;
    Ok(parts.join(", "))
}

fn compare_keys(a: &Row<'_>, b: &Row<'_>, key_len: usize) -> Result<Ordering> {
    for i in 0..key_len {
        match key_order(a.get_ref(i)?, b.get_ref(i)?) {
            Ordering::Equal => continue,
            other => return Ok(other),
        }
    }
    Ok(Ordering::Equal)
}

/// Compares a projection table on disk with its rebuilt twin: a merge of two
/// cursors in key order, so memory holds two rows at a time, and values are
/// compared where SQLite holds them. Returns what differs.
fn compare_table(disk: &Connection, rebuilt: &Connection, registered: Table) -> Result<Vec<String>> {
    let mut problems = Vec::new();
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
        return Ok(problems);
    }
    let k = key.len();
    let mut disk_rows = disk_stmt.query([])?;
    let mut want_rows = want_stmt.query([])?;
    let mut on_disk = disk_rows.next()?;
    let mut want = want_rows.next()?;
    loop {
        let order = match (on_disk, want) {
            (None, None) => break,
            (Some(d), Some(w)) => compare_keys(d, w, k)?,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
        };
        match order {
            Ordering::Greater => {
                let w = want.expect("a row the history wants");
                problems.push(format!("table {table}: row {} was deleted", key_of(w, k)?));
                want = want_rows.next()?;
            }
            Ordering::Less => {
                let d = on_disk.expect("a row on disk");
                problems.push(format!("table {table}: row {} was inserted outside the history", key_of(d, k)?));
                on_disk = disk_rows.next()?;
            }
            Ordering::Equal => {
                let (d, w) = (on_disk.expect("a row on disk"), want.expect("a row the history wants"));
                for (c, column) in columns.iter().enumerate().skip(k) {
                    if d.get_ref(c)? != w.get_ref(c)? {
                        problems.push(format!(
                            "table {table}: row {}: {column} is {} but the history says {}",
                            key_of(d, k)?,
                            show(&d.get::<_, Value>(c)?),
                            show(&w.get::<_, Value>(c)?)
                        ));
                    }
                }
                on_disk = disk_rows.next()?;
                want = want_rows.next()?;
            }
        }
    }
    Ok(problems)
}
