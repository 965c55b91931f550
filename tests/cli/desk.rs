//! A desk: several checkers writing to one ledger at once, on the real clock,
//! and `verify` run while they write.

use std::process::Output;

use crate::fixture::Workdir;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `writers` processes at once, each recording `each` notes on C1 in
/// turn on this machine's clock; returns every failed run's stderr.
fn notes_at_once(w: &Workdir, writers: usize, each: usize) -> Vec<String> {
    std::thread::scope(|s| {
        let runs: Vec<_> = (0..writers)
            .map(|i| {
                s.spawn(move || {
                    (0..each)
                        .filter_map(|n| {
                            let text = format!("note {n} of writer {i}");
                            let out = w.std_cmd(&["note", "C1", &text]).env_remove("CLAIMLEDGER_NOW").output().unwrap();
                            (!out.status.success()).then(|| stderr(&out))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        runs.into_iter().flat_map(|r| r.join().unwrap()).collect()
    })
}

#[test]
fn eight_writers_at_once_on_the_real_clock_all_succeed() {
    let w = Workdir::new();
    w.death_claim();
    // The fixture's fixed clock is in the past: real writes come after it.
    for run in 0..2 {
        let before = w.event_count();
        let failed = notes_at_once(&w, 8, 6);
        assert!(failed.is_empty(), "run {run}: {} of 48 writes failed: {failed:#?}", failed.len());
        assert_eq!(w.event_count(), before + 48);
    }
    w.ok(&["verify"]);
    // Times in the history never go back.
    let times: Vec<String> = w
        .sql()
        .prepare("SELECT at FROM events ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(times.windows(2).all(|p| p[0] <= p[1]), "{times:?}");
}

#[test]
fn a_time_far_ahead_is_refused_and_cannot_stop_later_writes() {
    let w = Workdir::new();
    w.death_claim();
    let before = w.ledger_bytes();
    let out = w.cmd(&["note", "C1", "x"]).env("CLAIMLEDGER_NOW", "2099-01-01T00:00:00Z").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("ahead of this machine's clock"), "{}", stderr(&out));
    assert!(w.ledger_bytes() == before);
    let out = w.std_cmd(&["note", "C1", "today"]).env_remove("CLAIMLEDGER_NOW").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_clock_a_little_behind_the_newest_change_records_that_change_s_time() {
    let w = Workdir::new();
    w.death_claim();
    // Two minutes behind the fixture's time: recorded at the newest change's time, and said.
    let out = w.cmd(&["note", "C1", "slow clock"]).env("CLAIMLEDGER_NOW", "2026-01-02T03:02:05Z").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("behind the ledger's newest change"), "{}", stderr(&out));
    let at: String = w.sql().query_row("SELECT at FROM events ORDER BY seq DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    assert_eq!(at, crate::fixture::NOW);
    // An hour behind is too far to be a clock's drift: refused.
    let out = w.cmd(&["note", "C1", "stale clock"]).env("CLAIMLEDGER_NOW", "2026-01-02T02:04:05Z").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is earlier than the ledger's newest change, 2026-01-02T03:04:05Z, by 60 min"),
        "{}",
        stderr(&out)
    );
    w.ok(&["verify"]);
}

#[test]
fn verify_passes_while_an_import_and_other_writers_run() {
    let w = Workdir::new();
    w.bundled_article();
    // A claims file large enough that its import overlaps the verifies.
    let mut file = String::from("[[source]]\nkey = \"wire\"\ntitle = \"Wire copy\"\n");
    for i in 0..1500 {
        file.push_str(&format!("[[claim]]\nkey = \"wire-{i}\"\ntext = \"Wire claim number {i}\"\nsource = \"wire\"\n"));
    }
    w.write_file("wire.toml", &file);
    let verified: Vec<Output> = std::thread::scope(|s| {
        let import = s.spawn(|| w.std_cmd(&["import", "wire.toml"]).env_remove("CLAIMLEDGER_NOW").output().unwrap());
        let notes = s.spawn(|| notes_at_once(&w, 3, 8));
        let verifies: Vec<Output> =
            (0..6).map(|_| w.std_cmd(&["verify"]).env_remove("CLAIMLEDGER_NOW").output().unwrap()).collect();
        let import = import.join().unwrap();
        assert!(import.status.success(), "{}", stderr(&import));
        assert_eq!(notes.join().unwrap(), Vec::<String>::new());
        verifies
    });
    for out in verified {
        assert_eq!(out.status.code(), Some(0), "{}\n{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    }
    w.ok(&["verify"]);
}
