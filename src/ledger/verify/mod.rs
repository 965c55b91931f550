//! `verify`: recompute the hash chain, rebuild the tables from the events, and
//! compare them with the tables on disk.

use std::cmp::Ordering;

use rusqlite::types::{Value, ValueRef};

use rusqlite::{Connection, OpenFlags, Row};

mod file;
mod since;

use file::file_integrity;

use serde::Serialize;
pub(crate) use since::ServerPlan;

use super::apply::FullText;
use super::tables::Table;
use super::write::rules_of_form;
use super::{Ledger, SchemaDifference, migrate};
use crate::error::{Error, Result};
use crate::history::{Change, GENESIS_HASH, Hash, canonical_event_bytes, chain_hash, hash_hex};
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
    /// What was left unchecked, and why: empty for a full check (a check
    /// that cannot run is a problem); with `--since`, what only a full
    /// check covers.
    pub notes: Vec<String>,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The rows of a table to compare: an SQL condition written in the code,
/// and the values bound to its parameters.
struct Rows {
    filter: &'static str,
    values: Vec<String>,
}

/// Checks a ledger opened with [`Ledger::open_for_verify`]: its schema
/// against this version's (`schema`, the differences found on opening), the
/// full-text index against the claims, the chain, and the tables against
/// the history. Objects whose declaration differs are reported and not read.
/// With `since`, only what is newer than that checkpoint (see [`since`]).
pub fn verify(
    ledger: &Ledger,
    schema: &[SchemaDifference],
    checkpoint: Option<&Checkpoint>,
    since: Option<&Checkpoint>,
    progress: &dyn Progress,
) -> Result<Report> {
    let disk = &ledger.conn;
    let mut problems: Vec<String> = schema.iter().map(|d| format!("schema: {}", d.description)).collect();
    let differs = |name: &str| schema.iter().any(|d| d.name == name);
    let fts_differs = schema.iter().any(|d| d.name.starts_with("claims_fts"));
    if differs("events") {
        problems.push("the history cannot be checked: the events table is not this version's".into());
        return Ok(Report {
            events: 0,
            head: None,
            first_bad_event: None,
            problems,
            checkpoint: None,
            notes: Vec::new(),
        });
    }
    // The file's own structure: an index whose entries were edited to hide
    // rows would pass every comparison (they read the tables, not the
    // indexes) while the reports that use it go wrong. SQLite's check runs
    // on a connection of its own, beside the rest.
    // A server's ledger was copied from one snapshot of it: it has no file of
    // its own to check, and keeps no full-text index (the replicas do).
    let on_server = ledger.on_server();
    let comparable: Vec<Table> = Table::ALL.into_iter().filter(|t| !differs(t.name())).collect();
    if let Some(since) = since {
        disk.execute_batch("BEGIN")?;
        let result = since::check_since(disk, since, checkpoint, comparable, problems, progress);
        let _ = disk.execute_batch("COMMIT");
        return result;
    }
    // Each on a connection of its own, in one read transaction of its own,
    // beside the chain and the tables.
    let beside = |check: fn(&Connection) -> Result<Vec<String>>| {
        let path = ledger.path().to_path_buf();
        std::thread::spawn(move || -> Result<Vec<String>> {
            let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = Connection::open_with_flags(path, flags)?;
            conn.execute_batch("BEGIN")?;
            check(&conn)
        })
    };
    let integrity = (!on_server).then(|| beside(file_integrity));
    let full_text = (!fts_differs && !differs("claims") && !on_server).then(|| beside(full_text_index_problems));
    // One read transaction, so that a concurrent writer cannot move the head
    // mid-check; nothing here takes the write lock, so writers carry on.
    disk.execute_batch("BEGIN")?;
    let result = check(disk, checkpoint, comparable, problems, progress);
    // Where no second connection could open (an archived copy), the first checks.
    let finish = |side: Option<std::thread::JoinHandle<Result<Vec<String>>>>,
                  check: fn(&Connection) -> Result<Vec<String>>,
                  failed: &str| {
        match side.map(|side| side.join().expect("a check beside the others does not panic")) {
            None => Vec::new(),
            Some(Ok(found)) => found,
            Some(Err(_)) => check(disk).unwrap_or_else(|e| vec![format!("{failed} ({e})")]),
        }
    };
    let found = finish(integrity, file_integrity, "the check could not run");
    let full_text =
        finish(full_text, full_text_index_problems, "table claims_fts: the full-text index could not be checked");
    let _ = disk.execute_batch("COMMIT");
    let mut report = result?;
    let schema_problems = schema.len();
    report.problems.splice(schema_problems..schema_problems, full_text);
    report.problems.splice(schema_problems..schema_problems, found.into_iter().map(|p| format!("file: {p}")));
    Ok(report)
}

/// Compares the full-text index with one made anew from the claims' texts,
/// in this connection's temporary schema: the check reads the ledger only,
/// so it runs on a read-only copy and beside writers. FTS5's own
/// `integrity-check` would do the same but is a write. The two indexes are
/// read term by term (each in the index's own order, which depends on
/// nothing but its content), and their row sizes and settings compared. An
/// error other than a damaged index is returned, for the caller to say.
fn full_text_index_problems(disk: &Connection) -> Result<Vec<String>> {
    let wrong = || {
        vec!["table claims_fts: the full-text index of claim texts does not match the claims (it was wiped or edited), so `claim list --search` would give wrong answers".to_string()]
    };
    let compared = (|| -> Result<bool> {
        disk.pragma_update(None, "query_only", false)?;
        disk.execute_batch(
            "CREATE VIRTUAL TABLE temp.verify_fts USING fts5(text, content='');
             INSERT INTO temp.verify_fts (rowid, text) SELECT id, text FROM main.claims;
             CREATE VIRTUAL TABLE temp.verify_fts_terms USING fts5vocab(temp, verify_fts, instance);
             CREATE VIRTUAL TABLE temp.claims_fts_terms USING fts5vocab(main, claims_fts, instance);",
        )?;
        Ok(same_rows(
            disk,
            "SELECT term, doc, col, offset FROM temp.claims_fts_terms",
            "SELECT term, doc, col, offset FROM temp.verify_fts_terms",
        )? && same_rows(
            disk,
            "SELECT id, sz FROM main.claims_fts_docsize ORDER BY id",
            "SELECT id, sz FROM temp.verify_fts_docsize ORDER BY id",
        )? && same_rows(
            disk,
            "SELECT k, v FROM main.claims_fts_config ORDER BY k",
            "SELECT k, v FROM temp.verify_fts_config ORDER BY k",
        )?)
    })();
    let dropped = disk.execute_batch(
        "DROP TABLE IF EXISTS temp.claims_fts_terms; DROP TABLE IF EXISTS temp.verify_fts_terms; DROP TABLE IF EXISTS temp.verify_fts;",
    );
    let _ = disk.pragma_update(None, "query_only", true);
    match (compared, dropped) {
        (Ok(true), _) => Ok(Vec::new()),
        (Ok(false), _) => Ok(wrong()),
        (Err(Error::Sqlite(e)), _) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            Ok(wrong())
        }
        (Err(e), _) => Err(e),
    }
}

/// Whether two queries on one connection give the same rows in the same order.
fn same_rows(conn: &Connection, a: &str, b: &str) -> Result<bool> {
    let (mut a, mut b) = (conn.prepare(a)?, conn.prepare(b)?);
    let width = a.column_count();
    let (mut a, mut b) = (a.query([])?, b.query([])?);
    loop {
        match (a.next()?, b.next()?) {
            (None, None) => return Ok(true),
            (Some(x), Some(y)) => {
                for i in 0..width {
                    if x.get_ref(i)? != y.get_ref(i)? {
                        return Ok(false);
                    }
                }
            }
            _ => return Ok(false),
        }
    }
}

/// The chain as it is read, event by event: each event's number, hash,
/// link, time and form, checked against the one before it. Problems are kept
/// by event, to be sorted at the end.
struct Chain {
    expected_seq: i64,
    prev: Hash,
    prev_at: Option<jiff::Timestamp>,
    count: i64,
    of_events: Vec<(i64, String)>,
    /// Set once an event cannot be decoded: the events after it are still
    /// hashed, but no longer decoded.
    undecodable: bool,
}

/// The columns [`Chain::event`] reads, in its order.
const EVENT_COLUMNS: &str = "seq, at, author, kind, data, hash, prev_hash";

impl Chain {
    /// A chain that continues after event `seq`, whose hash is `hash` and time `at`.
    fn after(seq: i64, hash: Hash, at: Option<jiff::Timestamp>) -> Chain {
        Chain { expected_seq: seq + 1, prev: hash, prev_at: at, count: 0, of_events: Vec::new(), undecodable: false }
    }

    /// Checks one event (a row of [`EVENT_COLUMNS`]) and returns its change,
    /// when it decodes.
    fn event(&mut self, r: &Row<'_>) -> Result<Option<Change>> {
        let seq = self.link(r)?;
        if self.undecodable {
            return Ok(None);
        }
        let text = |i| r.get_ref(i).and_then(|v| Ok(v.as_str()?));
        let change = decode(seq, text(3)?, text(4)?, &mut self.of_events);
        self.undecodable = change.is_none();
        Ok(change)
    }

    /// Checks one event's place in the chain: its number, hash, link and
    /// time. Returns its number.
    fn link(&mut self, r: &Row<'_>) -> Result<i64> {
        let seq: i64 = r.get(0)?;
        let text = |i| r.get_ref(i).and_then(|v| Ok(v.as_str()?));
        let (at, author, kind, data) = (text(1)?, text(2)?, text(3)?, text(4)?);
        let stored = r.get_ref(5)?.as_blob().unwrap_or_default();
        self.count += 1;
        if seq != self.expected_seq {
            self.of_events.push((
                seq,
                format!("event {seq}: expected event {} here; events are missing or renumbered", self.expected_seq),
            ));
        }
        // Each hash covers its predecessor's: an event rewritten, or one
        // removed or reordered before it, shows here.
        if chain_hash(&self.prev, &canonical_event_bytes(seq, at, author, kind, data)) != stored {
            self.of_events.push((
                seq,
                format!(
                    "event {seq}: content does not match its hash (the event was rewritten, or does not link to the event before it)"
                ),
            ));
        }
        // The link the schema's guards hold each event to.
        if r.get_ref(6)?.as_blob().ok() != Some(&self.prev[..]) {
            self.of_events.push((seq, format!("event {seq}: prev_hash is not the hash of the event before it")));
        }
        // The Writer records times that never go back (see clock.rs).
        match (at.parse::<jiff::Timestamp>(), self.prev_at) {
            (Err(_), _) => self.of_events.push((seq, format!("event {seq}: its time '{at}' is not a time"))),
            (Ok(t), Some(before)) if t < before => {
                self.of_events.push((seq, format!("event {seq}: its time {at} is earlier than the event before it")));
            }
            (Ok(t), _) => self.prev_at = Some(t),
        }
        self.expected_seq = seq + 1;
        self.prev = stored.try_into().unwrap_or([0; 32]);
        Ok(seq)
    }

    /// The newest event read, as `SEQ:HASH`.
    fn head(&self) -> Option<String> {
        (self.count > 0).then(|| format!("{}:{}", self.expected_seq - 1, hash_hex(&self.prev)))
    }
}

/// Decodes event `seq`'s change and holds it to what recording it would
/// have stored and to the Writer's rules of form; what is wrong goes to
/// `of_events`. None when it does not decode.
fn decode(seq: i64, kind: &str, data: &str, of_events: &mut Vec<(i64, String)>) -> Option<Change> {
    match Change::from_stored(kind, data) {
        Ok(change) => {
            // The data must be exactly what recording the change would store.
            if change.canonical_data() != data {
                of_events.push((seq, format!("event {seq}: data is not canonical JSON (the event was rewritten)")));
            }
            if let Err(e) = rules_of_form(&change) {
                of_events.push((seq, format!("event {seq}: the Writer would have refused it: {e}")));
            }
            Some(change)
        }
        Err(e) => {
            of_events.push((seq, format!("event {seq}: cannot be replayed ({e}); tables after it are not compared")));
            None
        }
    }
}

/// Decodes the events it is handed (see [`decode`]) and hands their changes
/// on to the replaying thread, until one does not decode or the replayer
/// stops. Returns what it found, and whether it stopped early.
fn decode_all(
    events: std::sync::mpsc::Receiver<Vec<(i64, String, String)>>,
    to_replay: std::sync::mpsc::SyncSender<Vec<(i64, Change)>>,
) -> (Vec<(i64, String)>, bool) {
    let mut of_events = Vec::new();
    for batch in events.iter() {
        let mut changes = Vec::with_capacity(batch.len());
        for (seq, kind, data) in batch {
            match decode(seq, &kind, &data, &mut of_events) {
                Some(change) => changes.push((seq, change)),
                None => return (of_events, true),
            }
        }
        if to_replay.send(changes).is_err() {
            return (of_events, true);
        }
    }
    (of_events, false)
}

/// Checks the chain and the tables. Two threads share the work: this one
/// reads the events, checks the chain and each event against the Writer's
/// rules of form, and reads each event's change; the other rebuilds the
/// tables from the changes. Then this one compares the tables (`comparable`:
/// those whose declaration is this version's) in the read transaction it
/// read the events in, so a writer that commits meanwhile changes nothing.
fn check(
    disk: &Connection,
    checkpoint: Option<&Checkpoint>,
    comparable: Vec<Table>,
    mut problems: Vec<String>,
    progress: &dyn Progress,
) -> Result<Report> {
    let newest: i64 = disk.query_row("SELECT coalesce(max(seq), 0) FROM events", [], |r| r.get(0))?;
    progress.begin("verifying", newest.max(0) as u64);

    // Three stages: this thread reads the events and checks the chain, the
    // next decodes each change and checks its form, the last replays them.
    let (to_replay, changes) = std::sync::mpsc::sync_channel::<Vec<(i64, Change)>>(4);
    let replayer = std::thread::spawn(move || replay(changes));
    let (to_decode, events) = std::sync::mpsc::sync_channel::<Vec<(i64, String, String)>>(4);
    let decoder = std::thread::spawn(move || decode_all(events, to_replay));
    let mut batch = Vec::with_capacity(REPLAYED_A_BATCH);

    let mut stmt = disk.prepare(&format!("SELECT {EVENT_COLUMNS} FROM events ORDER BY seq"))?;
    let mut rows = stmt.query([])?;
    let mut chain = Chain::after(0, GENESIS_HASH, None);
    // A decoder that stopped has said why; it is asked below.
    let mut decoding = true;
    while let Some(r) = rows.next()? {
        let seq = chain.link(r)?;
        if !decoding {
            continue;
        }
        let text = |i| r.get_ref(i).and_then(|v| Ok(v.as_str()?.to_owned()));
        batch.push((seq, text(3)?, text(4)?));
        if batch.len() == REPLAYED_A_BATCH {
            progress.reached(seq.max(0) as u64);
            decoding = to_decode.send(std::mem::take(&mut batch)).is_ok();
        }
    }
    drop(rows);
    drop(stmt);
    if decoding {
        let _ = to_decode.send(batch);
    }
    drop(to_decode);
    let head = chain.head();
    let failed =
        || Error::Ledger { message: "rebuilding the tables from the history failed unexpectedly".into(), hint: None };
    let (decoded, replay_stopped) = decoder.join().map_err(|_| failed())?;
    let Replayed { problem, rebuilt } = replayer.join().map_err(|_| failed())??;
    chain.of_events.extend(decoded);
    let mut of_events = chain.of_events;
    of_events.extend(problem);
    of_events.sort_by_key(|(seq, _)| *seq);
    let first_bad = of_events.first().map(|(seq, _)| *seq);
    problems.extend(of_events.into_iter().map(|(_, problem)| problem));
    if let Some(rebuilt) = rebuilt.filter(|_| !replay_stopped) {
        progress.begin("comparing", comparable.len() as u64);
        for (done, table) in comparable.iter().enumerate() {
            problems.extend(compare_table(disk, &rebuilt, *table, None)?);
            progress.reached(done as u64 + 1);
        }
    }
    let checkpoint_ok = checkpoint.map(|cp| checkpoint_matches(disk, cp, &mut problems)).transpose()?;
    Ok(Report {
        events: chain.count,
        head,
        first_bad_event: first_bad,
        problems,
        checkpoint: checkpoint_ok,
        notes: Vec::new(),
    })
}

/// Whether the ledger's event `cp.seq` has the checkpoint's hash; when it
/// does not, says why in `problems`.
fn checkpoint_matches(disk: &Connection, cp: &Checkpoint, problems: &mut Vec<String>) -> Result<bool> {
    let stored: Option<String> = disk
        .query_row("SELECT hash FROM events WHERE seq = ?1", [cp.seq], |r| r.get::<_, Vec<u8>>(0))
        .ok()
        .map(hex::encode);
    let ok = stored.as_deref() == Some(cp.hash.as_str());
    if !ok {
        problems.push(match stored {
            None => {
                format!("checkpoint {}:{}: the ledger has no event {} (events were cut off)", cp.seq, cp.hash, cp.seq)
            }
            Some(h) => {
                format!("checkpoint {}:{}: event {} now has hash {h} (history was rewritten)", cp.seq, cp.hash, cp.seq)
            }
        });
    }
    Ok(ok)
}

/// Events handed to the replaying thread at a time.
const REPLAYED_A_BATCH: usize = 256;

/// What replaying the history gave.
struct Replayed {
    /// The event that could not be applied, if one could not.
    problem: Option<(i64, String)>,
    /// The rebuilt tables, when every event applied.
    rebuilt: Option<Connection>,
}

/// Rebuilds the tables from the changes it is handed, replaying as an upgrade
/// from an older version does, in a private temporary database: SQLite
/// removes its file as it opens it, so a killed `verify` leaves no copy of
/// the ledger's texts behind. The rebuilt tables have no indexes but the one
/// replaying a stance looks up; foreign keys stay on, so a history whose
/// events refer to records it never made cannot be replayed, however well its
/// tables were made to agree.
fn replay(changes: std::sync::mpsc::Receiver<Vec<(i64, Change)>>) -> Result<Replayed> {
    let conn = Connection::open_with_flags(
        "",
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    migrate::create_schema(&conn)?;
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
    for batch in changes.iter() {
        for (seq, change) in batch {
            if let Err(e) = migrate::replay(&conn, seq, change, FullText::Later) {
                let problem = format!("event {seq}: cannot be replayed ({e}); tables after it are not compared");
                return Ok(Replayed { problem: Some((seq, problem)), rebuilt: None });
            }
        }
    }
    conn.execute_batch("COMMIT")?;
    Ok(Replayed { problem: None, rebuilt: Some(conn) })
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
fn compare_table(
    disk: &Connection,
    rebuilt: &Connection,
    registered: Table,
    rows: Option<&Rows>,
) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let (table, key) = (registered.name(), registered.key());
    // The key first, so that rows compare in key order; names and filters
    // come from the code, never from input, and values are bound.
    let filter = rows.map_or("1", |r| r.filter);
    let sql = format!("SELECT {keys}, * FROM {table} WHERE {filter} ORDER BY {keys}", keys = key.join(", "));
    let mut disk_stmt = disk.prepare(&sql)?;
    let mut want_stmt = rebuilt.prepare(&sql)?;
    let values: Vec<&str> = rows.map(|r| r.values.iter().map(String::as_str).collect()).unwrap_or_default();
    let columns: Vec<String> = disk_stmt.column_names().map(|c| c.to_string()).collect();
    let expected: Vec<String> = want_stmt.column_names().map(|c| c.to_string()).collect();
    if columns != expected {
        problems.push(format!("table {table}: columns differ from the schema ({})", columns.join(", ")));
        return Ok(problems);
    }
    let k = key.len();
    let mut disk_rows = disk_stmt.query(rusqlite::params_from_iter(&values))?;
    let mut want_rows = want_stmt.query(rusqlite::params_from_iter(&values))?;
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
