//! `verify`: edits behind the ledger's back are found and named.

use crate::fixture::Workdir;

fn tampered(sql: &str) -> String {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["note", "C1", "a note"]);
    assert!(w.ok(&["verify"]).contains("ok:"));
    w.sql().execute_batch(&format!("PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON; {sql}")).unwrap();
    let out = w.output(&["verify"]);
    assert_eq!(out.status.code(), Some(3), "{sql}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("claimledger: error: the ledger failed verification"), "{stderr}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_changed_field_is_named() {
    let report = tampered("UPDATE claims SET text = 'Two were killed' WHERE id = 1");
    assert!(report.contains("table claims: row 1: text is 'Two were killed' but the history says 'One MEK member was killed by police during the raid'"), "{report}");
    let report = tampered("UPDATE actors SET affiliation_id = NULL WHERE key = 'gobadi'");
    assert!(report.contains("table actors: row 2: affiliation_id is NULL but the history says 1"), "{report}");
    let report = tampered("UPDATE stances SET stance = 'asserts' WHERE id = 2");
    assert!(report.contains("table stances: row 2: stance is 'asserts'"), "{report}");
    let report = tampered("UPDATE sources SET title = 'Other' WHERE id = 1");
    assert!(report.contains("table sources: row 1: title is 'Other'"), "{report}");
    let report = tampered("UPDATE annotations SET author = 'someone' WHERE id = 1");
    assert!(report.contains("table annotations: row 1: author is 'someone'"), "{report}");
    let report = tampered("UPDATE aliases SET alias = 'XYZ' WHERE id = 1");
    assert!(report.contains("table aliases: row 1: alias is 'XYZ'"), "{report}");
}

#[test]
fn deleted_and_inserted_rows_are_named() {
    let report = tampered("DELETE FROM stances WHERE id = 2");
    assert!(report.contains("table stances: row 2 was deleted"), "{report}");
    let report = tampered("DELETE FROM annotations");
    assert!(report.contains("table annotations: row 1 was deleted"), "{report}");
    let report = tampered("INSERT INTO claims (id, text, source_id, event_seq) VALUES (99, 'Planted', 1, 1)");
    assert!(report.contains("table claims: row 99 was inserted outside the history"), "{report}");
    let report = tampered("INSERT INTO aliases (actor_id, alias, alias_norm) VALUES (3, 'Tirana', 'tirana')");
    assert!(report.contains("table aliases: row 3 was inserted outside the history"), "{report}");
}

#[test]
fn a_rewritten_event_is_found_with_the_first_bad_one() {
    let report = tampered("UPDATE events SET data = replace(data, 'people', 'members') WHERE seq = 5");
    assert!(report.contains("event 5: content does not match its hash"), "{report}");
    assert!(report.contains("first bad event: 5"), "{report}");
    let report = tampered("UPDATE events SET author = 'mallory' WHERE seq = 3");
    assert!(report.contains("first bad event: 3"), "{report}");
}

#[test]
fn reordered_or_removed_events_break_the_chain() {
    let report = tampered(
        "UPDATE events SET seq = 100 WHERE seq = 2; UPDATE events SET seq = 2 WHERE seq = 3; UPDATE events SET seq = 3 WHERE seq = 100;",
    );
    assert!(report.contains("first bad event: 2"), "{report}");
    let report = tampered("PRAGMA foreign_keys = OFF; DELETE FROM events WHERE seq = 4");
    assert!(report.contains("event 5: expected event 4 here"), "{report}");
}

#[test]
fn a_checkpoint_reveals_cut_off_events() {
    let w = Workdir::new();
    w.death_claim();
    let report = w.json(&["verify", "--format", "json"]);
    let head = report["head"].as_str().unwrap().to_string();
    assert_eq!(report["problems"], serde_json::json!([]));
    let ok = w.ok(&["verify", "--checkpoint", &head]);
    assert!(ok.contains("checkpoint: matches"), "{ok}");

    // Cut off the newest event and its projection: the chain alone still verifies.
    w.sql()
        .execute_batch(
            "PRAGMA foreign_keys = OFF; DELETE FROM stances WHERE id = 2;
             DELETE FROM claim_events WHERE seq = (SELECT max(seq) FROM events);
             DELETE FROM events WHERE seq = (SELECT max(seq) FROM events);",
        )
        .unwrap();
    assert!(w.ok(&["verify"]).contains("ok:"));
    let out = w.output(&["verify", "--checkpoint", &head]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stdout).contains("events were cut off"));

    let err = w.fails(2, &["verify", "--checkpoint", "nonsense"]);
    assert!(err.contains("not a checkpoint"), "{err}");
}

#[test]
fn data_not_in_canonical_form_is_found() {
    let report = tampered("UPDATE events SET data = replace(data, '{\"id\"', '{ \"id\"') WHERE seq = 1");
    assert!(report.contains("event 1: data is not canonical JSON"), "{report}");
}

#[test]
fn an_event_that_cannot_be_replayed_stops_the_comparison() {
    let report =
        tampered("UPDATE events SET data = replace(data, '\"actor\":3', '\"actor\":99') WHERE kind = 'stance.add'");
    assert!(report.contains("cannot be replayed") && report.contains("tables after it are not compared"), "{report}");
}

/// A generated ledger of 10,000 claims (30,000 stances, some superseded, a
/// tenth of the actors speaking for another): it verifies, and an edit to a
/// table or to the history, deep inside it, is still found on either thread
/// of the check.
#[test]
fn a_ten_thousand_claim_ledger_verifies_and_edits_are_found() {
    let w = Workdir::new();
    let mut file = String::from("[[source]]\nkey = \"wire\"\ntitle = \"Wire reports\"\n");
    for a in 0..100 {
        file.push_str(&format!("\n[[actor]]\nkey = \"org-{a}\"\nname = \"Actor {a}\"\nkind = \"organization\"\n"));
        if a >= 10 && a % 10 == 0 {
            file.push_str(&format!("affiliation = \"org-{}\"\n", a / 10));
        }
    }
    for c in 0..10_000 {
        file.push_str(&format!(
            "\n[[claim]]\nkey = \"k{c}\"\ntext = \"Claim {c}: {} people hurt\"\nsource = \"wire\"\nabout = \"q{}\"\nvalue = {}\nunit = \"people\"\n",
            c * 7 % 1000,
            c / 4,
            c % 50
        ));
        for s in 0..3 {
            // The third stance of every fifth claim is the first actor's again: it replaces theirs.
            let actor = if s == 2 && c % 5 == 0 { c * 3 % 100 } else { (c * 3 + s * 37) % 100 };
            let stance = if s == 2 { "disputes" } else { "asserts" };
            file.push_str(&format!("\n[[claim.stance]]\nactor = \"org-{actor}\"\nstance = \"{stance}\"\n"));
        }
    }
    w.write_file("big.toml", &file);
    w.ok(&["import", "big.toml"]);
    let report = w.ok(&["verify"]);
    assert!(report.contains("ok: the history is intact"), "{report}");
    assert!(report.contains("events: 40101"), "{report}");

    let sql = w.sql();
    // A stance: compared by the thread that rebuilds the tables.
    sql.execute_batch("UPDATE stances SET stance = 'asserts' WHERE id = 30000").unwrap();
    // A claim: compared by the thread that reads the history.
    sql.execute_batch("UPDATE claims SET text = 'Edited' WHERE id = 9000").unwrap();
    let out = w.output(&["verify"]);
    assert_eq!(out.status.code(), Some(3));
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("table stances: row 30000: stance is 'asserts'"), "{report}");
    assert!(report.contains("table claims: row 9000: text is 'Edited'"), "{report}");

    // An event deep in the history, rewritten.
    sql.execute_batch("UPDATE events SET author = 'mallory' WHERE seq = 30000").unwrap();
    let out = w.output(&["verify"]);
    assert_eq!(out.status.code(), Some(3));
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("event 30000: content does not match its hash"), "{report}");
    assert!(report.contains("first bad event: 30000"), "{report}");
}

#[test]
fn a_killed_verify_leaves_nothing_in_the_temporary_folder() {
    let w = Workdir::new();
    w.bundled_article();
    let tmp = w.path("tmp");
    std::fs::create_dir(&tmp).unwrap();
    for delay_ms in [20, 60, 120] {
        let mut child = w.std_cmd(&["verify"]).env("TMPDIR", &tmp).stdout(std::process::Stdio::null()).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().map(|e| e.unwrap().path()).collect();
        assert!(left.is_empty(), "killed after {delay_ms} ms, verify left {left:?}");
    }
}
