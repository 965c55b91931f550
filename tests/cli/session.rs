//! The worked session, as a user types it.

use crate::fixture::{NOW, Workdir};

#[test]
fn the_death_claim_session_works_as_written() {
    let w = Workdir::new();
    w.death_claim();
    assert_eq!(w.ok(&["note", "C1", "Only the MEK's own spokesperson reports a death"]), "N1\n");
    assert_eq!(w.ok(&["tag", "C1", "casualties"]), "N2\n");
    assert_eq!(w.ok(&["verdict", "C1", "unproven", "--rationale", "No independent confirmation"]), "N3\n");
    assert_eq!(w.ok(&["assert", "C1", "--by", "pmoi"]), "T3\n");

    let claim = w.json(&["claim", "show", "C1", "--format", "json"]);
    assert_eq!(claim["id"], "C1");
    assert_eq!(claim["quantity"]["words"], "1 person");
    assert_eq!(claim["quantity"]["low"], 1);
    let stances: Vec<(String, String)> = claim["stances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["actor"]["key"].as_str().unwrap().to_string(), s["stance"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        stances,
        [("gobadi".into(), "asserts".into()), ("albania".into(), "disputes".into()), ("mek".into(), "asserts".into())]
    );
    assert_eq!(claim["notes"][0]["text"], "Only the MEK's own spokesperson reports a death");
    assert_eq!(claim["notes"][0]["by"], "tester");
    assert_eq!(claim["notes"][0]["at"], NOW);
    assert_eq!(claim["tags"], serde_json::json!(["casualties"]));
    assert_eq!(claim["verdict"]["rating"], "unproven");
    assert_eq!(claim["verdict"]["rationale"], "No independent confirmation");
    assert_eq!(claim["history"].as_array().unwrap().len(), 7);

    let log = w.json(&["log", "--format", "json"]);
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 11);
    assert_eq!(log[0]["seq"], 1);
    assert_eq!(log[0]["prev_hash"], "0".repeat(64));
    for pair in log.windows(2) {
        assert_eq!(pair[1]["prev_hash"], pair[0]["hash"]);
    }
    assert_eq!(log[10]["kind"], "stance.add");
    assert_eq!(log[10]["author"], "tester");
    // The `history` view, for plain SQLite, reads as `log` does.
    let view: Vec<(String, String)> = w
        .sql()
        .prepare("SELECT prev_hash, hash FROM history ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let logged: Vec<(String, String)> = log
        .iter()
        .map(|e| (e["prev_hash"].as_str().unwrap().to_string(), e["hash"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(view, logged);

    let report = w.ok(&["verify"]);
    assert!(report.contains("ok: the history is intact"), "{report}");
    assert!(report.contains("cut off"), "{report}");
}

#[test]
fn log_of_one_claim_shows_only_its_events() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["claim", "add", "Another claim", "--source", "S1"]);
    w.ok(&["note", "C2", "unrelated"]);
    let log = w.json(&["log", "C1", "--format", "json"]);
    let records: Vec<&str> = log.as_array().unwrap().iter().map(|e| e["record"].as_str().unwrap()).collect();
    assert_eq!(records, ["C1", "T1", "T2"]);
}
