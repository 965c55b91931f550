//! Ledgers written by every shipped version open with this one: upgraded in
//! one transaction by replaying their history, the same chain hash for hash,
//! the same records, and ready for new writes.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::fixture::Workdir;

/// The schema versions shipped before this one; each has `tests/fixtures/ledger-vN.db`,
/// written by that version, and `ledger-vN.toml`, what that version exported from it.
const SHIPPED: std::ops::Range<i32> = 1..claimledger::ledger::SCHEMA_VERSION;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A copy of version `v`'s fixture ledger.
fn ledger_of_version(v: i32) -> Workdir {
    let w = Workdir::new();
    std::fs::copy(fixtures().join(format!("ledger-v{v}.db")), w.db()).unwrap();
    w
}

/// Every event as stored: seq, time, author, kind, data and hash (in hex, as version 1 kept it).
fn events(w: &Workdir) -> Vec<[String; 6]> {
    let conn = w.sql();
    let mut stmt = conn
        .prepare(
            "SELECT seq, at, author, kind, data,
                    CASE typeof(hash) WHEN 'blob' THEN lower(hex(hash)) ELSE hash END
             FROM events ORDER BY seq",
        )
        .unwrap();
    stmt.query_map([], |r| {
        let seq: i64 = r.get(0)?;
        Ok([seq.to_string(), r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?])
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// How many events of each kind.
fn kinds(events: &[[String; 6]]) -> BTreeMap<String, usize> {
    let mut kinds = BTreeMap::new();
    for e in events {
        *kinds.entry(e[3].clone()).or_default() += 1;
    }
    kinds
}

#[test]
fn a_ledger_of_every_shipped_version_upgrades_verifies_and_takes_writes() {
    for v in SHIPPED.clone() {
        let w = ledger_of_version(v);
        let before = events(&w);
        let head = format!("{}:{}", before.last().unwrap()[0], before.last().unwrap()[5]);
        // Any command upgrades it, a reading one too.
        let report = w.json(&["verify", "--format", "json"]);
        assert_eq!(report["problems"], serde_json::json!([]), "version {v}: {report}");
        assert_eq!(report["head"], head, "version {v}: the same chain, hash for hash");
        let version: i32 = w.sql().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, claimledger::ledger::SCHEMA_VERSION);
        assert_eq!(events(&w), before, "version {v}: every event kept as it was");
        // The same records as that version exported: its file finds every one
        // of them in the ledger, and adds nothing. (This version's export says
        // more where it can: who gave a tag later, and when.)
        let theirs = fixtures().join(format!("ledger-v{v}.toml"));
        let out = w
            .cmd(&["import", theirs.to_str().unwrap()])
            .env("CLAIMLEDGER_NOW", "2026-12-07T12:00:00Z")
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "version {v}: {said}");
        assert!(said.contains("imported 0 source(s), 0 actor(s), 0 claim(s), 0 stance(s), 0 annotation(s);"), "{said}");
        assert_eq!(events(&w), before, "version {v}: that version's file adds nothing");
        // Its claims file makes a ledger with as many events of each kind, which exports the same file.
        let exported = w.ok(&["export", "ledger"]);
        let copy = Workdir::new();
        let file = copy.write_file("ledger.toml", &exported);
        copy.ok(&["import", file.to_str().unwrap()]);
        assert_eq!(kinds(&events(&copy)), kinds(&before), "version {v}: events per kind through the claims file");
        assert_eq!(copy.ok(&["export", "ledger"]), exported, "version {v}");
        // It takes new writes, and a checkpoint taken before the upgrade still holds.
        // (Version 2's fixture was written later than the tests' usual clock.)
        for args in [&["note", "C1", "after the upgrade"][..], &["source", "add", "Another report", "--key", "later"]] {
            w.cmd(args).env("CLAIMLEDGER_NOW", "2026-12-07T12:00:00Z").assert().success();
        }
        let out = w.ok(&["verify", "--checkpoint", &head]);
        assert!(out.contains("checkpoint: matches"), "version {v}: {out}");
    }
}

/// Version 2's fixture holds every kind of change version 2 knew.
#[test]
fn the_version_2_fixture_holds_every_kind_its_version_knew() {
    let w = ledger_of_version(2);
    let found = kinds(&events(&w));
    let known = [
        "source.add",
        "actor.add",
        "claim.add",
        "stance.add",
        "annotation.add",
        "claim.amend",
        "claim.withdraw",
        "claim.restore",
        "claim.status",
        "stance.retract",
        "annotation.retract",
        "link.add",
        "link.remove",
        "setting.set",
    ];
    for kind in known {
        assert!(found.contains_key(kind), "ledger-v2.db lacks {kind}");
    }
}

/// An old ledger whose schema was altered is not upgraded: nothing it carries may run.
#[test]
fn an_altered_ledger_of_any_shipped_version_is_not_upgraded() {
    for v in SHIPPED.clone() {
        let w = ledger_of_version(v);
        w.sql().execute_batch("CREATE TRIGGER evil AFTER INSERT ON claims BEGIN DELETE FROM events; END;").unwrap();
        let bytes = w.ledger_bytes();
        let err = w.fails(1, &["claim", "list"]);
        assert!(
            err.contains(&format!("a ledger of schema version {v} whose schema was altered; it was not upgraded")),
            "{err}"
        );
        assert_eq!(w.ledger_bytes(), bytes, "version {v}: left as it was");
    }
}

/// An upgrade that fails part way leaves the old ledger exactly as it was.
#[test]
fn a_failed_upgrade_leaves_the_ledger_as_it_was() {
    let w = ledger_of_version(2);
    // An event whose data this version cannot read: the upgrade stops at it.
    w.sql().execute_batch("UPDATE events SET data = '{\"id\":' WHERE seq = 20").unwrap();
    let bytes = w.ledger_bytes();
    let err = w.fails(1, &["claim", "list"]);
    assert!(err.contains("event 20 cannot be read"), "{err}");
    assert_eq!(w.ledger_bytes(), bytes);
    let version: i32 = w.sql().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, 2);
}
