//! Correcting sources and actors: `source amend`, `actor amend`. Each
//! correction is an event with who, when and why, shown by `show` and `log`,
//! checked by `verify`; the rules that hold for new records hold for
//! corrected ones.

use crate::fixture::Workdir;

fn verified(w: &Workdir) {
    let out = w.ok(&["verify"]);
    assert!(out.contains("ok:"), "{out}");
}

#[test]
fn a_source_is_corrected_with_its_reason_and_keeps_its_key_and_text() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&[
        "source",
        "amend",
        "article",
        "--title",
        "Police raid camp",
        "--url",
        "https://news.example/raid",
        "--published",
        "2023-06-20",
        "--reason",
        "the headline as printed",
        "--as",
        "ana",
    ]);
    let source = w.json(&["source", "show", "article", "--format", "json"]);
    assert_eq!(source["title"], "Police raid camp");
    assert_eq!(source["key"], "article");
    assert_eq!(source["url"], "https://news.example/raid");
    assert_eq!(source["published"], "2023-06-20");
    let corrections = &source["corrections"];
    assert_eq!(corrections[0]["by"], "ana");
    assert_eq!(corrections[0]["reason"], "the headline as printed");
    assert_eq!(corrections[0]["changed"][0], "title 'Raid report' → 'Police raid camp'");
    // "" removes a field; the table shows each correction after the record.
    w.ok(&["source", "amend", "S1", "--url", "", "--reason", "a dead link"]);
    let csv = w.ok(&["source", "show", "S1", "--format", "csv"]);
    assert!(csv.contains("url 'https://news.example/raid' removed (a dead link)"), "{csv}");
    let table = w.ok(&["source", "show", "S1"]);
    assert!(table.contains("corrected") && table.contains("a dead link"), "{table}");
    let log = w.json(&["log", "--format", "json"]);
    let last = &log.as_array().unwrap()[log.as_array().unwrap().len() - 1];
    assert_eq!(last["kind"], "source.amend");
    assert_eq!(last["record"], "S1");
    assert_eq!(last["summary"], "amended S1: a dead link");
    verified(&w);
}

#[test]
fn a_source_correction_is_refused_with_the_ledger_left_as_it_was() {
    let w = Workdir::new();
    w.death_claim();
    let before = w.ledger_bytes();
    for (args, says) in [
        (
            &["source", "amend", "S1", "--title", "Raid report", "--reason", "none"][..],
            "S1 already reads so; nothing to amend",
        ),
        (&["source", "amend", "S1", "--url", "javascript:alert(1)", "--reason", "x"], "is not a web address"),
        (&["source", "amend", "S1", "--published", "2023-13-40", "--reason", "x"], "2023-13-40"),
        (&["source", "amend", "S1", "--title", " ", "--reason", "x"], "the title is empty"),
        (&["source", "amend", "S1", "--title", "New", "--reason", " "], "the reason is empty"),
        (&["source", "amend", "S9", "--title", "New", "--reason", "x"], "no source 'S9'"),
    ] {
        let err = w.fails(1, args);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(w.ledger_bytes(), before);
    // Its key and archived text are not for correcting: quotes are anchored to the text.
    w.fails(2, &["source", "amend", "S1", "--key", "other", "--reason", "x"]);
    w.fails(2, &["source", "amend", "S1", "--text-file", "x.txt", "--reason", "x"]);
}

#[test]
fn an_actor_is_renamed_realiased_and_reaffiliated() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&[
        "actor",
        "amend",
        "mek",
        "--name",
        "People's Mojahedin Organization of Iran",
        "--alias",
        "Mujahedeen-e-Khalq",
        "--drop-alias",
        "pmoi",
        "--url",
        "https://mojahedin.org",
        "--reason",
        "its own name",
    ]);
    let actor = w.json(&["actor", "show", "A1", "--format", "json"]);
    assert_eq!(actor["name"], "People's Mojahedin Organization of Iran");
    assert_eq!(actor["aliases"], serde_json::json!(["MEK", "Mujahedeen-e-Khalq"]));
    let changed = &actor["corrections"][0]["changed"];
    assert!(changed.as_array().unwrap().iter().any(|c| c == "alias 'PMOI' dropped"), "{changed}");
    // The old name still finds it (kept as an alias); a dropped alias no longer does.
    assert_eq!(w.json(&["actor", "show", "Mujahedeen-e-Khalq", "--format", "json"])["id"], "A1");
    assert!(w.fails(1, &["actor", "show", "PMOI"]).contains("no actor 'PMOI'"));
    // Gobadi speaks for the group; once he does not, his camp's claim is disputed by...
    // the authorities still, and a dispute from the group itself now counts.
    w.ok(&["dispute", "C1", "--by", "mek"]);
    let contested = |w: &Workdir| w.json(&["contested", "--format", "json"]).as_array().unwrap().len();
    assert_eq!(contested(&w), 1);
    w.ok(&["actor", "amend", "gobadi", "--affiliation", "", "--kind", "other", "--reason", "left the group"]);
    assert_eq!(w.json(&["actor", "show", "gobadi", "--format", "json"])["affiliation"], serde_json::Value::Null);
    // The authorities now speak for the group: one camp disputes, another asserts, as before.
    w.ok(&["actor", "amend", "albania", "--affiliation", "mek", "--reason", "test of camps"]);
    assert_eq!(contested(&w), 1);
    verified(&w);
}

#[test]
fn an_actor_correction_keeps_names_unique_and_affiliations_acyclic() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["actor", "add", "Spokesman's aide", "--key", "aide", "--affiliation", "gobadi"]);
    let before = w.ledger_bytes();
    for (args, says) in [
        (
            &["actor", "amend", "mek", "--affiliation", "aide", "--reason", "x"][..],
            "A1 cannot speak for A4: A4 speaks for A1",
        ),
        (&["actor", "amend", "mek", "--affiliation", "mek", "--reason", "x"], "A1 cannot speak for itself"),
        (&["actor", "amend", "gobadi", "--name", "MEK", "--reason", "x"], "name 'MEK' already names actor"),
        (
            &["actor", "amend", "gobadi", "--alias", "Albanian authorities", "--reason", "x"],
            "alias 'Albanian authorities' already names actor",
        ),
        (&["actor", "amend", "gobadi", "--drop-alias", "Shah", "--reason", "x"], "A2 has no alias 'Shah'"),
        (&["actor", "amend", "gobadi", "--kind", "person", "--reason", "x"], "A2 already reads so; nothing to amend"),
        (&["actor", "amend", "gobadi", "--url", "ftp://x", "--reason", "x"], "is not a web address"),
        (&["actor", "amend", "gobadi", "--name", "Gobadi\u{200b}", "--reason", "x"], "invisible character"),
    ] {
        let err = w.fails(1, args);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(w.ledger_bytes(), before);
    w.fails(2, &["actor", "amend", "gobadi", "--key", "g", "--reason", "x"]);
    // Moving a chain: the aide follows Gobadi to his new affiliation.
    w.ok(&["actor", "amend", "gobadi", "--affiliation", "albania", "--reason", "changed sides"]);
    let camp: i64 = w
        .sql()
        .query_row("SELECT count(*) FROM affiliations WHERE actor_id = 4 AND ancestor_id = 3 AND depth = 2", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(camp, 1);
    verified(&w);
}

/// Rows changed behind the ledger's back after a correction are found by verify.
#[test]
fn verify_replays_corrections_of_sources_and_actors() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["source", "amend", "S1", "--title", "Corrected", "--reason", "typo"]);
    w.ok(&["actor", "amend", "gobadi", "--affiliation", "", "--reason", "left"]);
    verified(&w);
    w.sql().execute_batch("UPDATE sources SET title = 'Raid report' WHERE id = 1").unwrap();
    let problems = |w: &Workdir| {
        let out = w.output(&["verify"]);
        assert_eq!(out.status.code(), Some(3));
        String::from_utf8(out.stdout).unwrap()
    };
    let out = problems(&w);
    assert!(out.contains("sources"), "{out}");
    w.sql()
        .execute_batch("UPDATE sources SET title = 'Corrected' WHERE id = 1; INSERT INTO affiliations VALUES (2, 1, 1)")
        .unwrap();
    let out = problems(&w);
    assert!(out.contains("affiliations"), "{out}");
}

/// Corrections travel in the claims file below their record, with their
/// reasons; importing the file again changes nothing.
#[test]
fn corrections_of_sources_and_actors_round_trip_through_a_claims_file() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["source", "amend", "S1", "--title", "Police raid camp", "--reason", "the printed headline"]);
    w.ok(&["actor", "amend", "gobadi", "--affiliation", "", "--alias", "Gobadi", "--reason", "left the group"]);
    let file = w.ok(&["export", "ledger"]);
    for expected in [
        "[[source.change]]\nchange = \"amend\"\ntitle = \"Police raid camp\"\nreason = \"the printed headline\"",
        "[[actor.change]]\nchange = \"amend\"\naliases = [\"Gobadi\"]\nremoved = [\"affiliation\"]\nreason = \"left the group\"",
    ] {
        assert!(file.contains(expected), "{file}");
    }
    let copy = Workdir::new();
    let path = copy.write_file("ledger.toml", &file);
    copy.ok(&["import", path.to_str().unwrap()]);
    assert_eq!(copy.ok(&["export", "ledger"]), file);
    let events = copy.event_count();
    copy.ok(&["import", path.to_str().unwrap()]);
    assert_eq!(copy.event_count(), events, "a second import records nothing");
    let shown = copy.json(&["source", "show", "S1", "--format", "json"]);
    assert_eq!(shown["corrections"][0]["reason"], "the printed headline");
    copy.ok(&["verify"]);
}
