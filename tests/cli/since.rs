//! `verify --since`: the chain after a checkpoint and every row its newer
//! events touched, checked without reading the rest; `--save-checkpoint`
//! keeps the head for next time.

use crate::fixture::Workdir;

/// The bundled article, its head saved to `checkpoint`, then a change of
/// every kind on top of it.
fn article_with_every_kind_of_change() -> Workdir {
    let w = Workdir::new();
    w.bundled_article();
    assert!(w.ok(&["verify", "--save-checkpoint", "checkpoint"]).contains("ok:"));
    for args in [
        &["source", "amend", "article", "--title", "The raid report, corrected", "--reason", "headline"][..],
        &["actor", "amend", "mek", "--alias", "People's Mojahedin", "--reason", "another name"],
        &["actor", "add", "A new group", "--key", "newgroup", "--kind", "organization", "--affiliation", "mek"],
        &["note", "C14", "Hospital records asked for"],
        &["tag", "C14", "casualties", "disputed"],
        &["untag", "C14", "disputed"],
        &["verdict", "C14", "false", "--rationale", "No record of it"],
        &["assert", "C7", "--by", "newgroup", "--source", "article"],
        &["stance", "retract", "T1", "--reason", "not said"],
        &["link", "C14", "contradicts", "C7"],
        &["unlink", "L1", "--reason", "they differ"],
        &["status", "C14", "checked"],
        &["claim", "amend", "C3", "--text", "Nobody was killed", "--reason", "the ministry's words"],
        &["claim", "withdraw", "C4", "--reason", "a duplicate", "--duplicate-of", "C5"],
        &["claim", "restore", "C4", "--reason", "it is not"],
        &["config", "set", "publisher.name", "The Desk"],
    ] {
        w.ok(args);
    }
    w
}

fn code(w: &Workdir, args: &[&str]) -> (Option<i32>, String) {
    let out = w.output(args);
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn since_a_checkpoint_every_kind_of_change_verifies_and_the_head_is_the_full_checks() {
    let w = article_with_every_kind_of_change();
    let saved = std::fs::read_to_string(w.path("checkpoint")).unwrap();
    let recent = w.json(&["verify", "--since", "checkpoint", "--format", "json"]);
    let full = w.json(&["verify", "--format", "json"]);
    assert_eq!(recent["problems"], serde_json::json!([]), "{recent}");
    assert_eq!(recent["head"], full["head"]);
    assert_eq!(recent["events"], full["events"]);
    assert_eq!(recent["checkpoint"], true);
    assert!(recent["notes"][0].as_str().unwrap().contains("full `verify`"), "{recent}");
    // The checkpoint given as its text, as the file holds it.
    let (status, out) = code(&w, &["verify", "--since", saved.trim()]);
    assert_eq!(status, Some(0), "{out}");
    assert!(out.contains("checkpoint: matches") && out.contains("ok:"), "{out}");
    // Nothing newer: the head is the checkpoint's.
    let head = full["head"].as_str().unwrap();
    let none_newer = w.json(&["verify", "--since", head, "--format", "json"]);
    assert_eq!(none_newer["head"].as_str(), Some(head));
    assert_eq!(none_newer["problems"], serde_json::json!([]));
}

#[test]
fn since_a_checkpoint_a_row_any_newer_event_touched_is_checked() {
    let w = article_with_every_kind_of_change();
    let clean = w.ledger_bytes();
    let newgroup = "(SELECT id FROM actors WHERE key = 'newgroup')";
    for (sql, needle) in [
        ("UPDATE sources SET title = 'Other' WHERE id = 1", "table sources: row 1: title is 'Other'"),
        (&format!("UPDATE actors SET name = 'Other' WHERE id = {newgroup}"), "table actors: row"),
        ("DELETE FROM aliases WHERE alias = 'People''s Mojahedin'", "table aliases: row"),
        (&format!("DELETE FROM affiliations WHERE actor_id = {newgroup} AND depth = 1"), "table affiliations: row"),
        ("UPDATE annotations SET text = 'Other' WHERE text = 'Hospital records asked for'", "table annotations: row"),
        ("UPDATE annotations SET retracted_seq = NULL WHERE text = 'disputed'", "table annotations: row"),
        ("UPDATE stances SET retracted_seq = NULL WHERE id = 1", "table stances: row 1: retracted_seq is NULL"),
        ("DELETE FROM stances WHERE id = 1", "table stances: row 1 was deleted"),
        ("UPDATE links SET removed_seq = NULL WHERE id = 1", "table links: row 1: removed_seq is NULL"),
        ("UPDATE claims SET status = 'unchecked' WHERE id = 14", "table claims: row 14: status is 'unchecked'"),
        ("UPDATE claims SET text = 'One' WHERE id = 3", "table claims: row 3: text is 'One'"),
        ("UPDATE claims SET withdrawn_seq = 1 WHERE id = 4", "table claims: row 4: withdrawn_seq is 1"),
        ("DELETE FROM claim_events WHERE claim_id = 7", "table claim_events: row 7, "),
        ("UPDATE settings SET value = 'Other'", "table settings: row publisher.name: value is 'Other'"),
        (
            "INSERT INTO stances (claim_id, actor_id, source_id, stance, event_seq) VALUES (14, 1, 1, 'disputes', 1)",
            "was inserted outside the history",
        ),
    ] {
        std::fs::write(w.db(), &clean).unwrap();
        w.sql()
            .execute_batch(&format!("PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON; {sql}"))
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        for args in [&["verify"][..], &["verify", "--since", "checkpoint"]] {
            let (status, out) = code(&w, args);
            assert_eq!(status, Some(3), "{args:?} after {sql}:\n{out}");
            assert!(out.contains(needle), "{args:?} after {sql}: no {needle:?} in\n{out}");
        }
    }
}

#[test]
fn since_a_checkpoint_rows_no_newer_event_touched_are_left_to_the_full_check() {
    let w = article_with_every_kind_of_change();
    // C30 and its stances are older than the checkpoint and untouched since.
    w.sql().execute_batch("UPDATE claims SET text = 'Other' WHERE id = 30").unwrap();
    let (status, out) = code(&w, &["verify", "--since", "checkpoint"]);
    assert_eq!(status, Some(0), "{out}");
    assert!(out.contains("note: checked from checkpoint"), "{out}");
    let (status, out) = code(&w, &["verify"]);
    assert_eq!(status, Some(3), "{out}");
    assert!(out.contains("table claims: row 30: text is 'Other'"), "{out}");
}

#[test]
fn a_checkpoint_is_saved_only_when_the_ledger_verifies() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["verify", "--save-checkpoint", "head.txt"]);
    let saved = std::fs::read_to_string(w.path("head.txt")).unwrap();
    let head = w.json(&["verify", "--format", "json"])["head"].as_str().unwrap().to_string();
    assert_eq!(saved, format!("{head}\n"));
    // A failed check leaves the saved head as it was.
    w.ok(&["note", "C1", "a note"]);
    w.sql().execute_batch("UPDATE annotations SET text = 'edited'").unwrap();
    let out = w.output(&["verify", "--save-checkpoint", "head.txt"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no checkpoint saved"));
    assert_eq!(std::fs::read_to_string(w.path("head.txt")).unwrap(), saved);
    // A file that holds no checkpoint is named.
    w.write_file("junk.txt", "not a head\n");
    let err = w.fails(2, &["verify", "--since", "junk.txt"]);
    assert!(err.contains("'junk.txt' does not hold a checkpoint"), "{err}");
    let err = w.fails(2, &["verify", "--since", "12:xyz"]);
    assert!(err.contains("'12:xyz' is not a checkpoint"), "{err}");
}

/// A ledger of 10,000 claims with three stances each verifies, in full and
/// from a checkpoint taken before its last tenth.
#[test]
fn ten_thousand_claims_verify_in_full_and_since_a_checkpoint() {
    let w = Workdir::new();
    let file = |from: usize, to: usize| {
        let mut toml = String::from("[[source]]\nkey = \"wire\"\ntitle = \"Wire reports\"\n");
        for a in 0..100 {
            toml.push_str(&format!("\n[[actor]]\nkey = \"org-{a}\"\nname = \"Actor {a}\"\nkind = \"organization\"\n"));
            if a >= 10 && a % 3 == 0 {
                toml.push_str(&format!("affiliation = \"org-{}\"\n", a % 10));
            }
        }
        for c in from..to {
            toml.push_str(&format!(
                "\n[[claim]]\nkey = \"k{c}\"\ntext = \"Claim {c}: {} casualties in region {}\"\nsource = \"wire\"\nabout = \"q{}\"\nvalue = {}\nqualifier = \"about\"\nunit = \"people\"\n",
                c * 7919 % 1000,
                c % 97,
                c / 4,
                c % 1000 + 1
            ));
            for s in 0..3 {
                let stance = if s == 2 && c % 3 == 0 { "disputes" } else { "asserts" };
                toml.push_str(&format!(
                    "\n[[claim.stance]]\nactor = \"org-{}\"\nstance = \"{stance}\"\n",
                    (c * 31 + s * 17) % 100
                ));
            }
        }
        toml
    };
    w.write_file("first.toml", &file(0, 9_000));
    w.write_file("all.toml", &file(0, 10_000));
    w.ok(&["import", "first.toml"]);
    w.ok(&["verify", "--save-checkpoint", "checkpoint"]);
    w.ok(&["import", "all.toml"]);
    let full = w.json(&["verify", "--format", "json"]);
    assert_eq!(full["problems"], serde_json::json!([]), "{full}");
    assert_eq!(full["events"], 1 + 100 + 10_000 * 4);
    let recent = w.json(&["verify", "--since", "checkpoint", "--format", "json"]);
    assert_eq!(recent["problems"], serde_json::json!([]), "{recent}");
    assert_eq!(recent["head"], full["head"]);
    let claims: i64 = w.sql().query_row("SELECT count(*) FROM claims", [], |r| r.get(0)).unwrap();
    assert_eq!(claims, 10_000);
}
