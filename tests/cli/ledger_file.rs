//! Opening ledger files: creation, migrations, and refusing what is not ours.

use crate::fixture::{self, Workdir};

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

/// A version-1 ledger made with plain SQLite: its schema, `events` (hex
/// hashes, chained) and the rows version 1 held for them.
fn version_1_ledger(w: &Workdir, events: &[(&str, &str)], rows: &str) {
    let conn = w.sql();
    conn.execute_batch(include_str!("../fixtures/schema-v1.sql")).unwrap();
    conn.pragma_update(None, "application_id", claimledger::ledger::APPLICATION_ID).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    let mut prev = claimledger::history::GENESIS_HASH;
    for (i, (kind, data)) in events.iter().enumerate() {
        let seq = i as i64 + 1;
        let hash = claimledger::history::chain_hash(
            &prev,
            &claimledger::history::canonical_event_bytes(seq, fixture::NOW, "tester", kind, data),
        );
        conn.execute(
            "INSERT INTO events (seq, at, author, kind, data, prev_hash, hash) VALUES (?1, ?2, 'tester', ?3, ?4, ?5, ?6)",
            rusqlite::params![seq, fixture::NOW, kind, data, hex::encode(prev), hex::encode(hash)],
        )
        .unwrap();
        prev = hash;
    }
    conn.execute_batch(rows).unwrap();
}

/// Version 1 kept a current stance per actor, claim and source, so an actor
/// could hold two on one claim, in two sources. Version 2 keeps one per actor
/// and claim: the upgrade replays each stance as replacing the actor's
/// current one, as version 2 records it.
#[test]
fn a_version_1_ledger_with_an_actors_stances_in_two_sources_is_upgraded() {
    let w = Workdir::new();
    version_1_ledger(
        &w,
        &[
            ("source.add", r#"{"id":1,"key":"first","title":"First report"}"#),
            ("source.add", r#"{"id":2,"key":"second","title":"Second report"}"#),
            ("actor.add", r#"{"id":1,"key":"ministry","kind":"government","name":"The ministry"}"#),
            ("claim.add", r#"{"id":1,"key":"deaths","source":1,"text":"One member was killed"}"#),
            ("stance.add", r#"{"actor":1,"claim":1,"id":1,"source":1,"stance":"disputes"}"#),
            ("stance.add", r#"{"actor":1,"claim":1,"id":2,"source":2,"stance":"asserts"}"#),
            // Back in the first source: version 1 replaced its own stance there.
            ("stance.add", r#"{"actor":1,"claim":1,"date":"2023-07","id":3,"source":1,"stance":"disputes","supersedes":1}"#),
        ],
        "BEGIN;
         INSERT INTO sources (id, key, title, event_seq) VALUES (1, 'first', 'First report', 1), (2, 'second', 'Second report', 2);
         INSERT INTO actors (id, key, name, name_norm, kind, event_seq) VALUES (1, 'ministry', 'The ministry', 'the ministry', 'government', 3);
         INSERT INTO affiliations (actor_id, ancestor_id, depth) VALUES (1, 1, 0);
         INSERT INTO claims (id, key, text, source_id, event_seq) VALUES (1, 'deaths', 'One member was killed', 1, 4);
         INSERT INTO stances (id, claim_id, actor_id, source_id, stance, event_seq) VALUES
             (1, 1, 1, 1, 'disputes', 5), (2, 1, 1, 2, 'asserts', 6);
         UPDATE stances SET superseded_by = 3 WHERE id = 1;
         INSERT INTO stances (id, claim_id, actor_id, source_id, stance, date, event_seq)
             VALUES (3, 1, 1, 1, 'disputes', '2023-07', 7);
         COMMIT;",
    );
    let dossier = w.json(&["claim", "show", "deaths", "--format", "json"]);
    let stances: Vec<(String, bool, Option<String>)> = dossier["stances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["current"].as_bool().unwrap(),
                s["superseded_by"].as_str().map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        stances,
        [("T1".into(), false, Some("T2".into())), ("T2".into(), false, Some("T3".into())), ("T3".into(), true, None)]
    );
    assert_eq!(w.json(&["claim", "list", "--format", "json"])[0]["disputed_by"], serde_json::json!(["The ministry"]));
    let report = w.json(&["verify", "--format", "json"]);
    assert_eq!(report["problems"], serde_json::json!([]), "{report}");
    assert_eq!(report["events"], 7);
    // And it takes new writes as any ledger of this version.
    w.ok(&["assert", "deaths", "--by", "ministry", "--source", "second"]);
    assert_eq!(w.json(&["claim", "list", "--format", "json"])[0]["asserted_by"], serde_json::json!(["The ministry"]));
    assert!(w.ok(&["verify"]).contains("ok:"));
}

/// Datasette's own test for a table's full-text index (`detect_fts_sql` in
/// datasette/utils, the same from 0.65 to 1.0): the declaration must name the
/// table as `content="claims"`, quoted and spaced exactly so.
fn datasette_fts_table(conn: &rusqlite::Connection, table: &str) -> Option<String> {
    let sql = format!(
        r#"select name from sqlite_master
            where rootpage = 0
            and (
                sql like '%VIRTUAL TABLE%USING FTS%content="{table}"%'
                or sql like '%VIRTUAL TABLE%USING FTS%content=[{table}]%'
                or (
                    tbl_name = "{table}"
                    and sql like '%VIRTUAL TABLE%USING FTS%'
                )
            )"#
    );
    conn.query_row(&sql, [], |r| r.get(0)).ok()
}

/// The ledger opened in Datasette: the claims table offers full-text search
/// through `claims_fts` (Datasette's query finds the claims), in a new ledger
/// and in one upgraded from version 1; and every view puts a name beside
/// each id it shows of another record.
#[test]
fn datasette_finds_the_full_text_index_and_the_views_name_what_they_refer_to() {
    let w = Workdir::new();
    w.bundled_article();
    let upgraded = Workdir::new();
    std::fs::copy(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ledger-v1.db"), upgraded.db())
        .unwrap();
    upgraded.ok(&["verify"]);
    for ledger in [&w, &upgraded] {
        assert_eq!(datasette_fts_table(&ledger.sql(), "claims").as_deref(), Some("claims_fts"));
    }
    let conn = w.sql();
    // The search Datasette runs for `?_search=`, with its default fts_pk, rowid.
    let found: Vec<i64> = conn
        .prepare(
            "select id from claims where rowid in (select rowid from claims_fts where claims_fts match ?1) order by id",
        )
        .unwrap()
        .query_map(["devices"], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let listed = w.json(&["claim", "list", "--search", "devices", "--format", "json"]);
    let listed: Vec<i64> =
        listed.as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()[1..].parse().unwrap()).collect();
    assert!(!found.is_empty());
    assert_eq!(found, listed);

    let views: Vec<String> = conn
        .prepare("select name from sqlite_master where type = 'view' order by name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(views.len() >= 5, "{views:?}");
    for view in &views {
        let columns: Vec<String> = conn
            .prepare(&format!("select name from pragma_table_info('{view}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        // A stance has no name: current_stances' stance_id is the row's own id.
        for id in columns.iter().filter(|c| c.ends_with("_id") && *c != "stance_id") {
            let name = id.trim_end_matches("_id");
            assert!(columns.iter().any(|c| c == name), "{view}: {id} without {name} beside it: {columns:?}");
            let empty: i64 = conn
                .query_row(&format!("select count(*) from {view} where {id} is not null and {name} is null"), [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(empty, 0, "{view}: {id} without a {name}");
        }
        let rows: i64 = conn.query_row(&format!("select count(*) from {view}"), [], |r| r.get(0)).unwrap();
        assert!(rows > 0, "{view} is empty for the bundled article");
    }
}

/// A companion file's path beside the workdir's ledger.
fn beside(w: &Workdir, suffix: &str) -> std::path::PathBuf {
    w.path(&format!("claimledger.db{suffix}"))
}

/// Holds a plain connection to `w`'s ledger open, so that commands run
/// meanwhile leave their pages in the write-ahead log (only the last
/// connection to close writes them into the file), and runs `during`.
fn with_log_kept(w: &Workdir, during: impl FnOnce()) -> rusqlite::Connection {
    let conn = w.sql();
    conn.execute_batch("PRAGMA wal_autocheckpoint = 0").unwrap();
    let _: i64 = conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0)).unwrap();
    during();
    conn
}

#[test]
fn another_databases_write_ahead_log_is_never_merged() {
    let ours = Workdir::new();
    ours.death_claim();
    ours.ok(&["source", "add", "Our own source"]);
    // Another ledger's log, copied in beside ours while its writer had it open.
    let theirs = Workdir::new();
    theirs.death_claim();
    let conn = with_log_kept(&theirs, || {
        theirs.ok(&["note", "C1", "their note"]);
    });
    std::fs::copy(beside(&theirs, "-wal"), beside(&ours, "-wal")).unwrap();
    drop(conn);
    let before = ours.ledger_bytes();
    for args in [&["verify"][..], &["claim", "show", "C1"], &["note", "C1", "ours"]] {
        let err = ours.fails(1, args);
        assert!(err.contains("claimledger.db-wal' beside the ledger is a write-ahead log"), "{err}");
        assert!(err.contains("move"), "{err}");
    }
    assert!(ours.ledger_bytes() == before, "the ledger file changed");
    // Once the stray file is moved away, the ledger is as it was.
    std::fs::remove_file(beside(&ours, "-wal")).unwrap();
    let _ = std::fs::remove_file(beside(&ours, "-shm"));
    assert!(ours.ok(&["verify"]).contains("ok:"));
}

#[test]
fn a_ledgers_own_write_ahead_log_left_by_a_crash_is_kept() {
    let w = Workdir::new();
    w.death_claim();
    let copy = Workdir::new();
    // The state a process killed before its last checkpoint leaves: the file, and a log of this ledger.
    let conn = with_log_kept(&w, || {
        w.ok(&["note", "C1", "kept in the log"]);
        std::fs::copy(w.db(), copy.db()).unwrap();
        std::fs::copy(beside(&w, "-wal"), beside(&copy, "-wal")).unwrap();
    });
    drop(conn);
    assert!(copy.ok(&["claim", "show", "C1"]).contains("kept in the log"));
    assert!(copy.ok(&["verify"]).contains("ok:"));
}

#[test]
fn a_rollback_journal_beside_a_ledger_is_refused_not_replayed_or_deleted() {
    let w = Workdir::new();
    w.death_claim();
    let journal = beside(&w, "-journal");
    std::fs::write(&journal, "id,text\n1,an export under the wrong name\n").unwrap();
    let err = w.fails(1, &["claim", "list"]);
    assert!(err.contains("is a rollback journal"), "{err}");
    assert!(journal.exists(), "the file was deleted");
    // An export is never written under a companion's name.
    std::fs::remove_file(&journal).unwrap();
    let err = w.fails(1, &["export", "claims", "-o", "claimledger.db-journal"]);
    assert!(err.contains("one of the ledger's own files"), "{err}");
    assert!(!journal.exists());
}

#[test]
fn new_ledgers_and_exports_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let w = Workdir::new();
    let under_077 = |args: &[&str]| {
        let mut cmd = w.std_cmd(args);
        // SAFETY: umask is async-signal-safe and cannot fail.
        unsafe {
            cmd.pre_exec(|| {
                libc::umask(0o077);
                Ok(())
            });
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    let mode = |name: &str| std::fs::metadata(w.path(name)).unwrap().permissions().mode() & 0o777;
    under_077(&["init"]);
    assert_eq!(mode("claimledger.db"), 0o600);
    under_077(&["export", "claims", "-o", "claims.csv"]);
    assert_eq!(mode("claims.csv"), 0o600);
    // Under the usual umask, what it allows.
    let other = Workdir::new();
    other.ok(&["init"]);
    let usual = std::fs::metadata(other.db()).unwrap().permissions().mode() & 0o777;
    assert_eq!(usual & 0o600, 0o600);
}

#[test]
fn a_folder_or_a_link_to_nothing_as_the_ledger_is_named_as_such() {
    let w = Workdir::new();
    std::fs::create_dir(w.path("ledgers")).unwrap();
    for args in
        [&["--db", "ledgers", "claim", "list"][..], &["--db", "ledgers", "init"], &["--db", "ledgers", "verify"]]
    {
        let err = w.fails(1, args);
        assert!(err.contains("'ledgers' is a folder, not a ledger file"), "{err}");
    }
    std::os::unix::fs::symlink("gone.db", w.path("link.db")).unwrap();
    w.copy_claims();
    for args in [&["--db", "link.db", "claim", "list"][..], &["--db", "link.db", "import", "claims/ashraf3-raid.toml"]]
    {
        let err = w.fails(1, args);
        assert!(err.contains("'link.db' is a link to nothing ('gone.db')"), "{err}");
    }
    assert!(!w.path("gone.db").exists());
}
