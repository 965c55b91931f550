//! The damage matrix: a ledger built through the binary, then rows of its
//! projection tables (and of its history) deleted with plain SQLite, one way
//! per case. Every reading command either still works or stops with one line
//! that names what is inconsistent and says to run `claimledger verify`:
//! never a panic (exit 101). The records a command is asked about are ones
//! left in place: a record deleted outright is, to the ledger, one it lacks.

use crate::fixture::Workdir;

/// Every reading command, on records the deletions below leave in place.
const READERS: &[&[&str]] = &[
    &["claim", "show", "C1"],
    &["claim", "show", "C1", "--format", "json"],
    &["claim", "list"],
    &["claim", "list", "--all"],
    &["contested"],
    &["figures"],
    &["report", "-o", "page.html", "--force"],
    &["export", "claims", "--all"],
    &["export", "stances", "--all"],
    &["export", "contested"],
    &["export", "annotations", "--all"],
    &["export", "links", "--all"],
    &["export", "ledger"],
    &["export", "claimreview"],
    &["export", "quotes"],
    &["source", "show", "second"],
    &["source", "list"],
    &["actor", "show", "mek"],
    &["actor", "list"],
    &["log"],
    &["log", "C1"],
    &["config", "show"],
];

/// A deletion, and the readers that must notice it (by their words joined).
const DELETIONS: &[(&str, &[&str])] = &[
    ("DELETE FROM claim_events WHERE claim_id = 1", &["claim show C1", "claim show C1 --format json"]),
    ("DELETE FROM claim_events", &["claim show C1"]),
    (
        "DELETE FROM sources WHERE key = 'article'",
        &["claim show C1", "claim list", "contested", "report -o page.html --force", "export claimreview"],
    ),
    (
        "DELETE FROM actors",
        &["contested", "figures", "report -o page.html --force", "export claimreview", "actor show mek"],
    ),
    ("DELETE FROM stances", &[]),
    ("DELETE FROM annotations", &[]),
    ("DELETE FROM links", &[]),
    ("DELETE FROM aliases", &[]),
    ("DELETE FROM affiliations", &[]),
    ("DELETE FROM settings", &[]),
    // The claim C1 links to, and the one withdrawn.
    ("DELETE FROM claims WHERE id IN (2, 6)", &["claim show C1"]),
    (
        "DELETE FROM events WHERE kind IN ('stance.retract', 'annotation.retract', 'link.remove')",
        &["claim show C1", "report -o page.html --force", "export stances --all", "export claimreview"],
    ),
    ("DELETE FROM events WHERE seq > 3", &["claim show C1", "export ledger"]),
];

/// The bundled article with a second source, verdicts (one retracted),
/// links (one removed), a withdrawal, a retracted stance and an amendment.
fn ledger() -> Workdir {
    let w = Workdir::new();
    w.bundled_article();
    w.ok(&["source", "add", "Second report", "--key", "second"]);
    w.ok(&["assert", "C3", "--by", "mek", "--source", "second"]);
    w.ok(&["verdict", "C1", "mostly-false", "--rationale", "r1", "--url", "https://example.org/r/1"]);
    let retracted = w.ok(&["verdict", "C1", "false"]);
    w.ok(&["annotation", "retract", retracted.trim(), "--reason", "too soon"]);
    w.ok(&["link", "C1", "contradicts", "C2"]);
    w.ok(&["link", "C3", "same-as", "C5"]);
    w.ok(&["unlink", "C3", "same-as", "C5", "--reason", "not the same"]);
    w.ok(&["claim", "withdraw", "C6", "--reason", "gone"]);
    w.ok(&["stance", "retract", "T1", "--reason", "oops"]);
    w.ok(&["claim", "amend", "C1", "--text", "The raid was on a Tuesday", "--reason", "wording"]);
    w.ok(&["config", "set", "publisher.name", "Desk"]);
    w
}

#[test]
fn a_damaged_ledger_is_an_error_never_a_panic() {
    let base = ledger();
    for (deletion, must_fail) in DELETIONS {
        let w = Workdir::new();
        std::fs::copy(base.db(), w.db()).expect("copy the ledger");
        w.sql().execute_batch(&format!("PRAGMA foreign_keys = OFF; {deletion};")).expect(deletion);
        for args in READERS {
            let name = args.join(" ");
            let out = w.output(args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!stderr.contains("panicked"), "[{deletion}] {name} panicked:\n{stderr}");
            match out.status.code() {
                Some(0) => assert!(!must_fail.contains(&name.as_str()), "[{deletion}] {name} should fail"),
                Some(1) => {
                    let lines: Vec<&str> = stderr.lines().collect();
                    assert!(
                        lines.len() == 1
                            && lines[0].starts_with("claimledger: error: ")
                            && lines[0].contains("run `claimledger verify`"),
                        "[{deletion}] {name}: one line naming the damage and verify expected:\n{stderr}"
                    );
                }
                code => panic!("[{deletion}] {name} exited {code:?}:\n{stderr}"),
            }
        }
    }
}

/// The first known panic: a claim whose own history was deleted.
#[test]
fn a_claim_without_its_history_names_it() {
    let w = Workdir::new();
    w.death_claim();
    w.sql().execute_batch("DELETE FROM claim_events WHERE claim_id = 1").unwrap();
    let err = w.fails(1, &["claim", "show", "C1"]);
    assert!(err.contains("the history of claim C1 lacks the event that added it"), "{err}");
    assert!(err.contains("run `claimledger verify`"), "{err}");
}

/// A record other rows refer to, deleted: named, not passed over in silence.
#[test]
fn a_missing_source_is_named() {
    let w = Workdir::new();
    w.death_claim();
    w.sql().execute_batch("PRAGMA foreign_keys = OFF; DELETE FROM sources").unwrap();
    for args in [&["contested"][..], &["claim", "show", "C1"], &["export", "claimreview"]] {
        let err = w.fails(1, args);
        assert!(err.contains("source S1 is referred to but missing"), "{args:?}: {err}");
    }
}
