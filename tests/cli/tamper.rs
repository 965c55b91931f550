//! The tamper matrix: a small ledger built through the binary, changed behind
//! its back with plain SQLite, one way per test; `verify` must exit 3 and name
//! what was done. Cutting off the tail, rolling back to an older copy and
//! rewriting the whole file leave a valid chain, so plain `verify` passes and
//! says it cannot see them; a checkpoint taken earlier catches them.
//! The crafted-schema cases follow the matrix.

use std::path::Path;

use rusqlite::Connection;
use rusqlite::types::Value as SqlValue;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::fixture::Workdir;

/// What one `verify` run said.
struct Report {
    code: Option<i32>,
    problems: Vec<String>,
    first_bad_event: Option<i64>,
    head: Option<String>,
    checkpoint: Value,
}

impl Report {
    fn mentions(&self, needle: &str) -> bool {
        self.problems.iter().any(|p| p.contains(needle))
    }

    /// Exit 3, with a problem containing each needle (not necessarily the same problem).
    fn assert_caught(&self, needles: &[&str]) {
        assert_eq!(self.code, Some(3), "verify should fail; problems: {:#?}", self.problems);
        for needle in needles {
            assert!(self.mentions(needle), "no problem mentions {needle:?}: {:#?}", self.problems);
        }
    }

    fn assert_no_chain_problem(&self) {
        for problem in &self.problems {
            assert!(
                !problem.contains("does not match its hash")
                    && !problem.contains("does not link")
                    && !problem.contains("expected event"),
                "the recomputed chain should be consistent, but: {problem}"
            );
        }
    }
}

/// `verify --format json [extra...]`.
fn verify(w: &Workdir, extra: &[&str]) -> Report {
    let mut args = vec!["verify", "--format", "json"];
    args.extend_from_slice(extra);
    let out = w.output(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).expect("utf-8 stdout");
    let report: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("verify: not JSON ({e}):\n{stdout}\n{stderr}"));
    let problems = report["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("no problems array: {report}"))
        .iter()
        .map(|p| p.as_str().expect("problem is a string").to_string())
        .collect();
    Report {
        code: out.status.code(),
        problems,
        first_bad_event: report["first_bad_event"].as_i64(),
        head: report["head"].as_str().map(str::to_string),
        checkpoint: report["checkpoint"].clone(),
    }
}

/// The README's death claim and a note: events 1-8, the note last.
fn ledger() -> Workdir {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["note", "C1", "a note"]);
    w
}

/// The head after event `seq` as the ledger stores it, read before tampering:
/// a checkpoint older than what is tampered with, for `verify --since`.
fn head_at(w: &Workdir, seq: i64) -> String {
    let hash: Vec<u8> = w.sql().query_row("SELECT hash FROM events WHERE seq = ?1", [seq], |r| r.get(0)).unwrap();
    format!("{seq}:{}", hex::encode(hash))
}

/// `verify` and `verify --since SINCE` both exit 3, each naming every needle.
fn assert_caught_with_and_without(w: &Workdir, since: &str, needles: &[&str]) -> (Report, Report) {
    let (full, recent) = (verify(w, &[]), verify(w, &["--since", since]));
    full.assert_caught(needles);
    recent.assert_caught(needles);
    (full, recent)
}

/// The head of a clean `verify`, to be kept as a checkpoint.
fn clean_head(w: &Workdir) -> String {
    let v = verify(w, &[]);
    assert_eq!(v.code, Some(0), "{:#?}", v.problems);
    assert!(v.problems.is_empty());
    v.head.expect("a head")
}

/// Plain SQL behind the binary's back, with foreign keys and checks off as a tamperer would.
fn tamper(w: &Workdir, sql: &str) {
    w.sql()
        .execute_batch(&format!("PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON; {sql}"))
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// The chain hash of one event: SHA-256 over the previous hash's 32 bytes
/// and the canonical JSON of {"at","author","data","kind","seq"}, with
/// `data` verbatim (docs/history.md, "The chain").
fn event_hash(prev: &[u8], seq: i64, at: &str, author: &str, kind: &str, data: &str) -> Vec<u8> {
    let string = |s: &str| serde_json::to_string(s).unwrap();
    let bytes = format!(
        r#"{{"at":{},"author":{},"data":{data},"kind":{},"seq":{seq}}}"#,
        string(at),
        string(author),
        string(kind)
    );
    let mut hasher = Sha256::new();
    hasher.update(prev);
    hasher.update(bytes.as_bytes());
    hasher.finalize().to_vec()
}

/// Recomputes every event's `hash` from the events table as it now stands, so
/// that the chain is internally consistent again. The one place that knows how
/// hashes are stored: 32-byte BLOBs (hex text is written back as hex).
fn rechain(conn: &Connection) {
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    let events: Vec<(i64, String, String, String, String, SqlValue)> = conn
        .prepare("SELECT seq, at, author, kind, data, hash FROM events ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let stored = |hash: &[u8], like: &SqlValue| match like {
        SqlValue::Blob(_) => SqlValue::Blob(hash.to_vec()),
        _ => SqlValue::Text(hex::encode(hash)),
    };
    let mut prev = vec![0u8; 32];
    for (seq, at, author, kind, data, old) in events {
        let hash = event_hash(&prev, seq, &at, &author, &kind, &data);
        conn.execute("UPDATE events SET hash = ?1 WHERE seq = ?2", rusqlite::params![stored(&hash, &old), seq])
            .unwrap();
        // The link the schema's guards keep, where the ledger has one.
        let _ = conn.execute("UPDATE events SET prev_hash = ?1 WHERE seq = ?2", rusqlite::params![prev, seq]);
        prev = hash;
    }
}

/// A ledger whose schema is not the one claimledger made: writing commands
/// refuse with exit 1 and store nothing.
fn assert_writes_refused(w: &Workdir) {
    let count =
        |table: &str| -> i64 { w.sql().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap() };
    let (events, claims, annotations) = (count("events"), count("claims"), count("annotations"));
    w.fails(1, &["claim", "add", "Another claim", "--source", "article"]);
    w.fails(1, &["note", "C1", "another note"]);
    assert_eq!((count("events"), count("claims"), count("annotations")), (events, claims, annotations));
}

fn assert_blind_without_checkpoint(w: &Workdir) {
    let out = w.output(&["verify"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "plain verify cannot see this; it said:\n{stdout}");
    assert!(stdout.contains("ok:"), "{stdout}");
    for words in ["cut off", "rewritten", "--checkpoint"] {
        assert!(
            stdout.contains(words),
            "plain verify should say it cannot see {words:?} without a checkpoint:\n{stdout}"
        );
    }
    assert_eq!(verify(w, &[]).checkpoint, Value::Null);
}

fn copy_ledger(from: &Path, to: &Path) {
    for suffix in ["-wal", "-shm"] {
        let side = |p: &Path| p.with_file_name(format!("{}{suffix}", p.file_name().unwrap().to_string_lossy()));
        assert!(!side(from).exists(), "{} has a {suffix} file: the ledger was not closed cleanly", from.display());
        let _ = std::fs::remove_file(side(to));
    }
    std::fs::copy(from, to).unwrap();
}

#[test]
fn the_chain_helper_reproduces_the_stored_hashes() {
    // The documented example.
    let hash = event_hash(
        &[0; 32],
        1,
        "2023-06-21T09:00:00Z",
        "ana",
        "source.add",
        r#"{"id":1,"key":"article","title":"Raid report"}"#,
    );
    assert_eq!(hex::encode(hash), "f50290b16874e0521cc50709df480bd93873ec0d3bc92981e4d16ab651a88c86");
    // A real ledger: recomputing changes nothing.
    let w = ledger();
    let chain = |c: &Connection| -> Vec<(SqlValue, SqlValue)> {
        c.prepare("SELECT seq, hash FROM events ORDER BY seq")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let conn = w.sql();
    let before = chain(&conn);
    assert_eq!(before.len(), 8);
    rechain(&conn);
    assert_eq!(chain(&conn), before);
}

// 1
#[test]
fn an_edited_event_field_is_caught() {
    let w = ledger();
    let since = head_at(&w, 2);
    tamper(&w, "UPDATE events SET author = 'mallory' WHERE seq = 3");
    let (v, recent) = assert_caught_with_and_without(&w, &since, &["event 3: content does not match its hash"]);
    assert_eq!(v.first_bad_event, Some(3));
    assert_eq!(recent.first_bad_event, Some(3));
}

// 2
#[test]
fn a_deleted_event_is_caught() {
    let w = ledger();
    let since = head_at(&w, 2);
    // The careful way: the event and the row it made.
    tamper(
        &w,
        "DELETE FROM stances WHERE id = 1; DELETE FROM claim_events WHERE seq = 6; DELETE FROM events WHERE seq = 6;",
    );
    let (v, recent) = assert_caught_with_and_without(
        &w,
        &since,
        &["event 7: expected event 6 here", "event 7: content does not match its hash"],
    );
    assert_eq!(v.first_bad_event, Some(7));
    assert_eq!(recent.first_bad_event, Some(7));
}

// 3
#[test]
fn a_forged_event_is_caught() {
    // A well-formed note appended with a correct hash, but no row for it.
    let forged = r#"{"at":"2026-01-02T03:04:05Z","by":"tester","claim":1,"id":2,"text":"forged","type":"note"}"#;
    let append = format!(
        "INSERT INTO events (seq, at, author, kind, data, hash, prev_seq, prev_hash)
         SELECT seq + 1, at, author, 'annotation.add', '{forged}', hash, seq, hash FROM events ORDER BY seq DESC LIMIT 1;"
    );
    let w = ledger();
    let since = head_at(&w, 2);
    tamper(&w, &append);
    rechain(&w.sql());
    let (v, recent) = assert_caught_with_and_without(&w, &since, &["table annotations: row 2"]);
    v.assert_no_chain_problem();
    recent.assert_no_chain_problem();

    // The same, with a row the event does not explain.
    let w = ledger();
    tamper(&w, &append);
    rechain(&w.sql());
    tamper(
        &w,
        "INSERT INTO annotations (id, claim_id, kind, text, author, at, event_seq)
         VALUES (2, 1, 'note', 'something else', 'tester', '2026-01-02T03:04:05Z', 9)",
    );
    let since = head_at(&w, 8);
    let (v, recent) = assert_caught_with_and_without(
        &w,
        &since,
        &["table annotations: row 2: text is 'something else' but the history says 'forged'"],
    );
    v.assert_no_chain_problem();
    recent.assert_no_chain_problem();
}

// 4
#[test]
fn reordered_events_are_caught() {
    let w = ledger();
    let since = head_at(&w, 2);
    tamper(
        &w,
        "UPDATE events SET seq = 100 WHERE seq = 6; UPDATE events SET seq = 6 WHERE seq = 7;
         UPDATE events SET seq = 7 WHERE seq = 100;",
    );
    let (v, recent) = assert_caught_with_and_without(
        &w,
        &since,
        &["event 6: content does not match its hash", "event 7: content does not match its hash"],
    );
    assert_eq!(v.first_bad_event, Some(6));
    assert_eq!(recent.first_bad_event, Some(6));
}

// 5
#[test]
fn a_rewritten_event_with_a_recomputed_chain_is_caught_by_the_tables() {
    let w = ledger();
    let checkpoint = clean_head(&w);
    let since = head_at(&w, 2);
    let conn = w.sql();
    let changed = conn
        .execute("UPDATE events SET data = replace(data, '\"text\":\"One MEK', '\"text\":\"No MEK') WHERE seq = 5", [])
        .unwrap();
    assert_eq!(changed, 1);
    rechain(&conn);
    drop(conn);
    let (v, recent) = assert_caught_with_and_without(
        &w,
        &since,
        &[
            "table claims: row 1: text is 'One MEK member was killed by police during the raid' but the history says 'No MEK member was killed by police during the raid'",
        ],
    );
    v.assert_no_chain_problem();
    recent.assert_no_chain_problem();
    // Every later hash changed, so an earlier head no longer matches.
    for option in ["--checkpoint", "--since"] {
        let v = verify(&w, &[option, &checkpoint]);
        v.assert_caught(&["history was rewritten"]);
        assert_eq!(v.checkpoint, Value::Bool(false));
    }
}

// 6
#[test]
fn a_changed_column_type_is_caught() {
    let w = ledger();
    let conn = w.sql();
    let sql: String = conn
        .query_row("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'claims'", [], |r| r.get(0))
        .unwrap();
    let altered = sql.replacen("low          REAL", "low          TEXT", 1);
    assert_ne!(altered, sql, "the claims table declares `low REAL`:\n{sql}");
    conn.execute_batch("PRAGMA writable_schema = ON").unwrap();
    conn.execute("UPDATE sqlite_schema SET sql = ?1 WHERE type = 'table' AND name = 'claims'", [&altered]).unwrap();
    conn.execute_batch("PRAGMA writable_schema = OFF").unwrap();
    drop(conn);
    // A fresh connection reads the altered declaration and stores text.
    tamper(&w, "UPDATE claims SET low = 'one' WHERE id = 1");
    let stored: String = w.sql().query_row("SELECT typeof(low) FROM claims WHERE id = 1", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, "text");

    verify(&w, &[]).assert_caught(&["claims"]);
    verify(&w, &["--since", &head_at(&w, 2)]).assert_caught(&["claims"]);
    assert_writes_refused(&w);
}

// 7
#[test]
fn an_updated_projection_row_is_caught() {
    let w = ledger();
    tamper(&w, "UPDATE claims SET text = 'Nobody was killed' WHERE id = 1");
    assert_caught_with_and_without(&w, &head_at(&w, 2), &["table claims: row 1: text is 'Nobody was killed'"]);
    // The claim was added before event 7, but the note (event 8) is on it.
    assert_caught_with_and_without(&w, &head_at(&w, 7), &["table claims: row 1: text is 'Nobody was killed'"]);
}

// 8
#[test]
fn an_injected_trigger_is_caught_and_writes_refuse() {
    let w = ledger();
    tamper(&w, "CREATE TRIGGER swallow_claims BEFORE INSERT ON claims BEGIN SELECT RAISE(IGNORE); END;");
    assert_caught_with_and_without(&w, &head_at(&w, 2), &["swallow_claims"]);
    assert_writes_refused(&w);
}

// 9
#[test]
fn a_cut_off_tail_is_caught_only_with_a_checkpoint() {
    let w = ledger();
    let checkpoint = clean_head(&w);
    // The newest events (the dispute and the note) and their rows.
    tamper(
        &w,
        "DELETE FROM annotations WHERE id = 1; DELETE FROM stances WHERE id = 2;
         DELETE FROM claim_events WHERE seq >= 7; DELETE FROM events WHERE seq >= 7;",
    );
    assert_eq!(w.event_count(), 6);
    assert_blind_without_checkpoint(&w);
    for option in ["--checkpoint", "--since"] {
        let v = verify(&w, &[option, &checkpoint]);
        v.assert_caught(&["events were cut off"]);
        assert_eq!(v.checkpoint, Value::Bool(false));
    }
}

// 10
#[test]
fn a_rollback_to_an_older_copy_is_caught_only_with_a_checkpoint() {
    let w = ledger();
    let old = w.path("backup.db");
    copy_ledger(&w.db(), &old);
    w.ok(&["verdict", "C1", "false", "--rationale", "Contradicted by the hospital"]);
    w.ok(&["tag", "C1", "casualties"]);
    let checkpoint = clean_head(&w);
    copy_ledger(&old, &w.db());
    assert_eq!(w.event_count(), 8);
    assert_blind_without_checkpoint(&w);
    for option in ["--checkpoint", "--since"] {
        let v = verify(&w, &[option, &checkpoint]);
        v.assert_caught(&["checkpoint 10:", "cut off"]);
        assert_eq!(v.checkpoint, Value::Bool(false));
    }
}

// 11
#[test]
fn a_consistent_full_rewrite_is_caught_only_with_a_checkpoint() {
    let w = ledger();
    let checkpoint = clean_head(&w);
    // Another history, built from scratch by the binary: the same number of
    // events, every one of them different.
    let other = Workdir::new();
    other.ok(&["init"]);
    other.ok(&["source", "add", "Police statement", "--key", "article"]);
    other.ok(&["actor", "add", "Mujahedeen-e-Khalq", "--key", "mek", "--kind", "organization"]);
    other.ok(&["actor", "add", "Shahin Gobadi", "--key", "gobadi", "--kind", "person"]);
    other.ok(&["actor", "add", "Albanian authorities", "--key", "albania", "--kind", "government"]);
    other.ok(&["claim", "add", "Nobody was hurt during the raid", "--source", "article", "--by", "albania"]);
    other.ok(&["assert", "C1", "--by", "mek", "--source", "article"]);
    other.ok(&["note", "C1", "Both sides agree"]);
    assert_eq!(other.event_count(), 8);
    assert_eq!(verify(&other, &[]).code, Some(0));
    copy_ledger(&other.db(), &w.db());
    assert_blind_without_checkpoint(&w);
    for option in ["--checkpoint", "--since"] {
        let v = verify(&w, &[option, &checkpoint]);
        v.assert_caught(&["history was rewritten"]);
        assert_eq!(v.checkpoint, Value::Bool(false));
    }
}

// The crafted-schema cases: objects the migrations did not make, or made otherwise.

#[test]
fn an_extra_table_is_caught_and_writes_refuse() {
    let w = ledger();
    tamper(&w, "CREATE TABLE stash (payload TEXT)");
    verify(&w, &[]).assert_caught(&["stash"]);
    assert_writes_refused(&w);
}

#[test]
fn a_replaced_view_is_caught_and_writes_refuse() {
    let w = ledger();
    let contested = |w: &Workdir| -> i64 {
        w.sql().query_row("SELECT count(*) FROM contested_claims WHERE claim_id = 1", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(contested(&w), 1);
    tamper(
        &w,
        "DROP VIEW contested_claims;
         CREATE VIEW contested_claims(claim_id) AS
             SELECT claim_id FROM disputed_claims WHERE claim_id <> 1
             UNION
             SELECT claim_id FROM conflicts WHERE claim_id <> 1;",
    );
    assert_eq!(contested(&w), 0, "the replaced view hides C1");
    verify(&w, &[]).assert_caught(&["contested_claims"]);
    assert_writes_refused(&w);
}

#[test]
fn a_dropped_index_is_caught_and_writes_refuse() {
    let w = ledger();
    tamper(&w, "DROP INDEX claims_by_topic");
    verify(&w, &[]).assert_caught(&["claims_by_topic"]);
    assert_writes_refused(&w);
}

#[test]
fn a_wiped_full_text_index_is_caught() {
    let w = ledger();
    let found = |w: &Workdir| -> i64 {
        w.sql().query_row("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'killed'", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(found(&w), 1);
    tamper(&w, "INSERT INTO claims_fts(claims_fts) VALUES('delete-all')");
    assert_eq!(found(&w), 0, "the index is empty");
    verify(&w, &[]).assert_caught(&["claims_fts"]);
}

#[test]
fn a_trigger_named_like_sqlites_statistics_is_caught() {
    let w = ledger();
    // ANALYZE's own tables only guide the planner: a ledger that has them is sound.
    tamper(&w, "ANALYZE");
    clean_head(&w);
    // SQLite refuses to create such a name, but loads one written into sqlite_schema directly.
    tamper(
        &w,
        "PRAGMA writable_schema = ON;
         INSERT INTO sqlite_schema(type, name, tbl_name, rootpage, sql) VALUES ('trigger', 'sqlite_stat_copy', 'events', 0,
             'CREATE TRIGGER sqlite_stat_copy AFTER INSERT ON events BEGIN
                  INSERT INTO sqlite_stat1(tbl, idx, stat) VALUES (''copied'', new.author, new.data);
              END');",
    );
    verify(&w, &[]).assert_caught(&["sqlite_stat_copy"]);
    assert_writes_refused(&w);
}

#[test]
fn an_index_edited_to_hide_rows_is_caught() {
    let w = ledger();
    let stances_of_c1 = |w: &Workdir| -> i64 {
        w.sql().query_row("SELECT count(*) FROM stances WHERE claim_id = 1", [], |r| r.get(0)).unwrap()
    };
    let before = stances_of_c1(&w);
    assert!(before > 0);
    // Rebuild the index under a declaration that leaves out C1's stances, then put the declaration back.
    for sql in [
        "UPDATE sqlite_schema SET sql = 'CREATE INDEX stances_by_claim ON stances(claim_id) WHERE claim_id <> 1' WHERE name = 'stances_by_claim'",
        "REINDEX stances_by_claim",
        "UPDATE sqlite_schema SET sql = 'CREATE INDEX stances_by_claim ON stances(claim_id)' WHERE name = 'stances_by_claim'",
    ] {
        let conn = w.sql();
        conn.execute_batch(&format!("PRAGMA writable_schema = ON; {sql};")).unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    assert_eq!(stances_of_c1(&w), 0, "reads through the index miss C1's stances");
    verify(&w, &[]).assert_caught(&["stances_by_claim"]);
}

/// Rebuilds `index` under the declaration `rebuilt_as`, then puts its own
/// declaration back: an index whose entries no longer match its table.
fn reindex_as(w: &Workdir, index: &str, rebuilt_as: &str) {
    let own: String =
        w.sql().query_row("SELECT sql FROM sqlite_schema WHERE name = ?1", [index], |r| r.get(0)).unwrap();
    for sql in [
        format!("UPDATE sqlite_schema SET sql = '{rebuilt_as}' WHERE name = '{index}'"),
        format!("REINDEX {index}"),
        format!("UPDATE sqlite_schema SET sql = '{}' WHERE name = '{index}'", own.replace('\'', "''")),
    ] {
        let conn = w.sql();
        conn.execute_batch(&format!("PRAGMA writable_schema = ON; {sql};")).unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

#[test]
fn an_index_with_extra_or_wrong_entries_is_caught() {
    // Entries for stances no longer current: the index of current stances says T1 still holds.
    let w = ledger();
    w.ok(&["stance", "retract", "T1", "--reason", "not said"]);
    reindex_as(&w, "stances_current", "CREATE UNIQUE INDEX stances_current ON stances(claim_id, actor_id)");
    verify(&w, &[]).assert_caught(&["file: index stances_current does not hold exactly the rows of table stances"]);
    // As many entries as rows, each under another key.
    let w = ledger();
    reindex_as(&w, "claims_by_source", "CREATE INDEX claims_by_source ON claims(event_seq)");
    verify(&w, &[]).assert_caught(&["file: index claims_by_source does not hold exactly the rows of table claims"]);
}

#[test]
fn a_changed_declaration_of_a_full_text_shadow_table_is_caught_and_writes_refuse() {
    let w = ledger();
    let conn = w.sql();
    let sql: String =
        conn.query_row("SELECT sql FROM sqlite_schema WHERE name = 'claims_fts_docsize'", [], |r| r.get(0)).unwrap();
    let altered = sql.replacen("sz BLOB", "sz BLOB, spare TEXT", 1);
    assert_ne!(altered, sql, "{sql}");
    conn.execute_batch("PRAGMA writable_schema = ON").unwrap();
    conn.execute("UPDATE sqlite_schema SET sql = ?1 WHERE name = 'claims_fts_docsize'", [&altered]).unwrap();
    drop(conn);
    verify(&w, &[]).assert_caught(&["claims_fts_docsize"]);
    assert_writes_refused(&w);
}

/// Rewrites event `seq`'s data with `edit` and the projection with `sql`,
/// then recomputes the chain: a history that hangs together, written behind
/// the Writer's back.
fn forge(w: &Workdir, seq: i64, edit: impl Fn(&str) -> String, sql: &str) {
    let conn = w.sql();
    let data: String = conn.query_row("SELECT data FROM events WHERE seq = ?1", [seq], |r| r.get(0)).unwrap();
    let forged = edit(&data);
    assert_ne!(forged, data);
    conn.execute("UPDATE events SET data = ?1 WHERE seq = ?2", rusqlite::params![forged, seq]).unwrap();
    conn.execute_batch(sql).unwrap();
    rechain(&conn);
}

#[test]
fn an_event_the_writer_would_refuse_is_caught_though_its_chain_and_tables_agree() {
    // C1 (event 5) given the key "C14", which reads as another claim's id.
    let w = ledger();
    forge(
        &w,
        5,
        |d| d.replacen(r#""id":1,"#, r#""id":1,"key":"C14","#, 1),
        "UPDATE claims SET key = 'C14' WHERE id = 1",
    );
    let v = verify(&w, &[]);
    v.assert_no_chain_problem();
    v.assert_caught(&["event 5: the Writer would have refused it", "C14"]);
    assert_eq!(v.first_bad_event, Some(5));

    // The note (event 8) dated before the event it follows.
    let w = ledger();
    let conn = w.sql();
    conn.execute("UPDATE events SET at = '2020-01-01T00:00:00Z' WHERE seq = 8", []).unwrap();
    rechain(&conn);
    drop(conn);
    let v = verify(&w, &[]);
    v.assert_no_chain_problem();
    v.assert_caught(&["event 8: its time 2020-01-01T00:00:00Z is earlier than the event before it"]);
}

#[test]
fn a_wiped_full_text_index_is_caught_on_a_read_only_copy() {
    let w = ledger();
    tamper(&w, "INSERT INTO claims_fts(claims_fts) VALUES('delete-all')");
    let out = w.read_only_output(&["verify"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{stdout}");
    assert!(stdout.contains("table claims_fts") && !stdout.contains("ok:"), "{stdout}");
}
