//! Opening ledger files: creation, migrations, and refusing what is not ours.

use crate::fixture::Workdir;

#[test]
fn init_creates_a_versioned_ledger_and_is_idempotent() {
    let w = Workdir::new();
    w.ok(&["init"]);
    let conn = w.sql();
    let version: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).unwrap();
    assert_eq!(version, claimledger::ledger::SCHEMA_VERSION);
    assert_eq!(app, claimledger::ledger::APPLICATION_ID);
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    drop(conn);
    w.ok(&["source", "add", "A"]);
    let out = w.output(&["init"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already a ledger"));
    assert_eq!(w.event_count(), 1);
}

#[test]
fn a_newer_schema_is_refused_untouched() {
    let w = Workdir::new();
    w.ok(&["init"]);
    w.sql().pragma_update(None, "user_version", claimledger::ledger::SCHEMA_VERSION + 1).unwrap();
    let err = w.fails(1, &["claim", "list"]);
    assert!(err.contains("newer than this claimledger knows"), "{err}");
    assert!(err.contains("hint: upgrade claimledger"), "{err}");
}

#[test]
fn a_sqlite_file_of_another_application_is_refused_untouched() {
    let w = Workdir::new();
    let conn = w.sql();
    conn.execute_batch(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('mine');",
    )
    .unwrap();
    drop(conn);
    for args in [&["init"][..], &["claim", "list"], &["source", "add", "X"]] {
        let err = w.fails(1, args);
        assert!(err.contains("is not a claimledger ledger"), "{err}");
    }
    let mode: String = w.sql().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "delete", "the journal mode was not switched");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let w = Workdir::new();
    w.write_file(
        "claimledger.db",
        "just some text, not a database at all, long enough to have a header....................................",
    );
    let err = w.fails(1, &["init"]);
    assert!(err.contains("is not a claimledger ledger"), "{err}");
}

#[test]
fn a_current_ledger_reopens_through_the_library() {
    let w = Workdir::new();
    w.ok(&["init"]);
    w.ok(&["source", "add", "A"]);
    let ledger = claimledger::Ledger::open(&w.db(), claimledger::Access::Read).unwrap();
    assert_eq!(ledger.read().event_count().unwrap(), 1);
}

#[test]
fn an_empty_file_is_not_a_ledger_until_init_makes_it_one() {
    let w = Workdir::new();
    w.write_file("claimledger.db", "");
    let err = w.fails(1, &["claim", "list"]);
    assert!(err.contains("is an empty file, not a ledger"), "{err}");
    assert!(err.contains("hint: create the ledger with `claimledger init`"), "{err}");
    let out = w.output(&["init"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("created ledger"));
    w.ok(&["source", "add", "S"]);
    assert!(w.ok(&["verify"]).contains("ok:"));
}
