//! Corrections, links and a desk's workflow: every change is an event (in
//! `log`, verified) and the tables show the current state, with the history
//! in the dossier; every kind survives the claims-file round trip.

use serde_json::Value;

use crate::fixture::Workdir;
use crate::quotes::ARTICLE;

/// The death claim, with the short article archived as a second source.
fn desk() -> Workdir {
    let w = Workdir::new();
    w.death_claim();
    w.write_file("article.txt", ARTICLE);
    w.ok(&["source", "add", "Short report", "--key", "report", "--text-file", "article.txt"]);
    w
}

fn ids(rows: &Value) -> Vec<String> {
    rows.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
}

/// The kinds of the newest events.
fn last_kinds(w: &Workdir, n: usize) -> Vec<String> {
    let log = w.json(&["log", "--format", "json"]);
    let log = log.as_array().unwrap();
    log[log.len() - n..].iter().map(|e| e["kind"].as_str().unwrap().to_string()).collect()
}

fn verified(w: &Workdir) {
    let out = w.ok(&["verify"]);
    assert!(out.contains("ok:"), "{out}");
}

/// Runs an import that must succeed; returns what it said on stderr.
fn imported(w: &Workdir, args: &[&str]) -> String {
    let out = w.output(args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    stderr
}

/// The data of the events of `db`, by kind.
fn events_by_kind(w: &Workdir, db: &str) -> std::collections::BTreeMap<String, Vec<Value>> {
    let mut kinds = std::collections::BTreeMap::<String, Vec<Value>>::new();
    for event in w.json(&["--db", db, "log", "--format", "json"]).as_array().unwrap() {
        kinds.entry(event["kind"].as_str().unwrap().to_string()).or_default().push(event["data"].clone());
    }
    kinds
}

/// Export, import into an empty ledger, export again: the same bytes.
fn round_trip(w: &Workdir) -> String {
    w.ok(&["export", "ledger", "-o", "first.toml"]);
    let first = std::fs::read_to_string(w.path("first.toml")).unwrap();
    let _ = std::fs::remove_file(w.path("copy.db"));
    let said = imported(w, &["--db", "copy.db", "import", "first.toml"]);
    assert!(!said.contains("also holds"), "the copy holds only the file: {said}");
    assert_eq!(w.ok(&["--db", "copy.db", "export", "ledger"]), first, "the round trip changed the file");
    let out = w.ok(&["--db", "copy.db", "verify"]);
    assert!(out.contains("ok:"), "{out}");
    // And importing the export into the ledger it came from adds nothing.
    let events = w.event_count();
    let said = imported(w, &["import", "first.toml"]);
    assert_eq!(w.event_count(), events, "re-importing the export added events: {:?}", last_kinds(w, 3));
    assert!(!said.contains("also holds"), "the export holds the whole ledger: {said}");
    first
}

#[test]
fn a_claim_is_amended_and_its_earlier_versions_kept() {
    let w = desk();
    w.ok(&[
        "claim",
        "add",
        "Police seized devices",
        "--source",
        "report",
        "--quote",
        "seized 150 computer devices",
        "--key",
        "devices",
    ]);
    w.ok(&[
        "claim",
        "amend",
        "devices",
        "--text",
        "Police seized 150 computer devices",
        "--value",
        "150",
        "--unit",
        "devices",
        "--topic",
        "seizures",
        "--quote",
        "Police seized 150 computer devices",
        "--reason",
        "the figure was left out",
    ]);
    let d = w.json(&["claim", "show", "devices", "--format", "json"]);
    assert_eq!(d["text"], "Police seized 150 computer devices");
    assert_eq!(d["quantity"]["words"], "150 devices");
    assert_eq!(d["quote"]["start"], 0, "the new quote is anchored again");
    let earlier = d["earlier_versions"].as_array().unwrap();
    assert_eq!(earlier.len(), 1);
    assert_eq!(earlier[0]["text"], "Police seized devices");
    assert_eq!(earlier[0]["by"], "tester");
    let history: Vec<&str> = d["history"].as_array().unwrap().iter().map(|e| e["summary"].as_str().unwrap()).collect();
    assert!(history.contains(&"amended C2: the figure was left out"), "{history:?}");
    assert_eq!(last_kinds(&w, 1), ["claim.amend"]);
    // A topic is removed with "".
    w.ok(&["claim", "amend", "devices", "--topic", "", "--reason", "no topic fits"]);
    assert_eq!(w.json(&["claim", "show", "C2", "--format", "json"])["topic"], Value::Null);
    // Refused, writing nothing: no change, a misquote, a taken key, no reason.
    let err =
        w.fails(1, &["claim", "amend", "devices", "--text", "Police seized 150 computer devices", "--reason", "again"]);
    assert!(err.contains("nothing to amend"), "{err}");
    let err = w.fails(1, &["claim", "amend", "devices", "--quote", "seized 151 devices", "--reason", "r"]);
    assert!(err.contains("is not in the text of source report"), "{err}");
    let err = w.fails(1, &["claim", "amend", "devices", "--key", "C1x", "--reason", " "]);
    assert!(err.contains("the reason is empty"), "{err}");
    let err = w.fails(2, &["claim", "amend", "devices", "--text", "x"]);
    assert!(err.contains("--reason"), "{err}");
    verified(&w);
    let file = round_trip(&w);
    assert!(file.contains("[[claim.change]]\nchange = \"amend\""), "{file}");
}

#[test]
fn a_changed_figure_changes_what_conflicts() {
    let w = desk();
    w.ok(&[
        "claim",
        "add",
        "Three died",
        "--source",
        "article",
        "--about",
        "raid.deaths",
        "--value",
        "3",
        "--unit",
        "people",
    ]);
    assert_eq!(ids(&w.json(&["contested", "--format", "json"])), ["C1", "C2"]);
    w.ok(&["claim", "amend", "C2", "--value", "1", "--reason", "misread"]);
    assert_eq!(ids(&w.json(&["contested", "--format", "json"])), ["C1"], "one death agrees with one death");
    verified(&w);
}

/// Amending, withdrawing and restoring say which claim by its id, however it was named.
#[test]
fn corrections_name_the_claim_by_its_id() {
    let w = desk();
    w.ok(&["claim", "add", "Police seized devices", "--source", "report", "--key", "devices"]);
    let runs: [(&[&str], &str); 3] = [
        (&["claim", "amend", "Devices", "--topic", "seizures", "--reason", "filed"], "amended C2\n"),
        (&["claim", "withdraw", "DEVICES", "--reason", "recorded twice"], "withdrew C2\n"),
        (&["claim", "restore", "devices", "--reason", "it is not"], "restored C2\n"),
    ];
    for (args, said) in runs {
        let out = w.output(args);
        assert!(out.status.success(), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), said, "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "", "{args:?}");
    }
}

#[test]
fn a_withdrawn_claim_leaves_listings_and_reports_until_restored() {
    let w = desk();
    w.ok(&[
        "claim",
        "add",
        "One MEK member died in the raid",
        "--source",
        "article",
        "--about",
        "raid.deaths",
        "--value",
        "0",
        "--unit",
        "people",
    ]);
    w.ok(&["claim", "withdraw", "C2", "--reason", "recorded twice", "--duplicate-of", "C1"]);
    assert_eq!(ids(&w.json(&["claim", "list", "--format", "json"])), ["C1"]);
    let all = w.json(&["claim", "list", "--all", "--format", "json"]);
    assert_eq!(ids(&all), ["C1", "C2"]);
    assert_eq!(all[1]["withdrawn"], true, "marked");
    assert!(w.ok(&["claim", "list", "--all"]).contains("true"), "the table marks it");
    assert_eq!(ids(&w.json(&["contested", "--format", "json"])), ["C1"], "its conflict went with it");
    let exported = w.ok(&["export", "claims"]);
    assert!(!exported.contains("C2,"), "{exported}");
    assert_eq!(w.json(&["figures", "--format", "json"]).as_array().unwrap().len(), 1);
    let d = w.json(&["claim", "show", "C2", "--format", "json"]);
    assert_eq!(d["withdrawn"]["reason"], "recorded twice");
    assert_eq!(d["withdrawn"]["duplicate_of"], "C1");
    assert_eq!(last_kinds(&w, 1), ["claim.withdraw"]);
    // Its stances stay in the dossier, none of them current while it is withdrawn.
    w.ok(&["assert", "C2", "--by", "gobadi"]);
    let d = w.json(&["claim", "show", "C2", "--format", "json"]);
    assert_eq!(d["stances"][0]["current"], false, "{d}");
    let shown = w.cmd(&["claim", "show", "C2"]).env("COLUMNS", "200").output().unwrap();
    assert!(String::from_utf8_lossy(&shown.stdout).contains("no, the claim is withdrawn"));
    let err = w.fails(1, &["claim", "withdraw", "C2", "--reason", "again"]);
    assert!(err.contains("withdrawn already"), "{err}");
    let file = round_trip(&w);
    assert!(
        file.contains("change = \"withdraw\"") && file.contains("duplicate_of = \"raid-deaths\"")
            || file.contains("duplicate_of = \"claim-1\""),
        "{file}"
    );
    w.ok(&["claim", "restore", "C2", "--reason", "not a duplicate after all"]);
    assert_eq!(ids(&w.json(&["claim", "list", "--format", "json"])), ["C1", "C2"]);
    assert_eq!(ids(&w.json(&["contested", "--format", "json"])), ["C1", "C2"]);
    assert_eq!(last_kinds(&w, 1), ["claim.restore"]);
    let err = w.fails(1, &["claim", "restore", "C2", "--reason", "again"]);
    assert!(err.contains("not withdrawn"), "{err}");
    verified(&w);
    round_trip(&w);
}

#[test]
fn a_retracted_stance_no_longer_counts() {
    let w = desk();
    assert_eq!(ids(&w.json(&["contested", "--format", "json"])), ["C1"]);
    w.ok(&["stance", "retract", "T2", "--reason", "the authorities denied something else"]);
    assert_eq!(ids(&w.json(&["contested", "--format", "json"])), Vec::<String>::new());
    let d = w.json(&["claim", "show", "C1", "--format", "json"]);
    let t2 = &d["stances"][1];
    assert_eq!(
        (t2["current"].as_bool(), t2["retraction"]["reason"].as_str()),
        (Some(false), Some("the authorities denied something else"))
    );
    let shown = w.ok(&["claim", "show", "C1"]);
    assert!(shown.contains("no, retracted by") && shown.contains("tester"), "{shown}");
    assert_eq!(last_kinds(&w, 1), ["stance.retract"]);
    let stances = w.ok(&["export", "stances"]);
    assert!(stances.contains("the authorities denied something else"), "{stances}");
    let err = w.fails(1, &["stance", "retract", "T2", "--reason", "again"]);
    assert!(err.contains("retracted already"), "{err}");
    let err = w.fails(1, &["stance", "retract", "T9", "--reason", "r"]);
    assert!(err.contains("no stance 'T9'"), "{err}");
    verified(&w);
    let file = round_trip(&w);
    assert!(file.contains("[claim.stance.retraction]") || file.contains("retraction = {"), "{file}");
}

#[test]
fn a_later_stance_in_another_source_becomes_the_actors_current_one() {
    let w = desk();
    w.ok(&["assert", "C1", "--by", "albania", "--source", "report", "--date", "2023-06-27"]);
    let d = w.json(&["claim", "show", "C1", "--format", "json"]);
    let current: Vec<(&str, bool)> = d["stances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s["current"].as_bool().unwrap()))
        .collect();
    assert_eq!(current, [("T1", true), ("T2", false), ("T3", true)], "the earlier denial stays, as history");
    assert_eq!(d["stances"][1]["superseded_by"], "T3");
    assert_eq!(
        ids(&w.json(&["contested", "--format", "json"])),
        Vec::<String>::new(),
        "the authorities changed their mind"
    );
    verified(&w);
    round_trip(&w);
}

#[test]
fn notes_verdicts_and_tags_are_retracted_or_removed() {
    let w = desk();
    w.ok(&["note", "C1", "A note by a colleague", "--by", "ana"]);
    w.ok(&["verdict", "C1", "false", "--rationale", "First reading", "--by", "ana"]);
    w.ok(&["verdict", "C1", "unproven", "--rationale", "On reflection", "--url", "https://checks.example/raid"]);
    w.ok(&["tag", "C1", "casualties", "raid"]);
    let d = w.json(&["claim", "show", "C1", "--format", "json"]);
    assert_eq!((d["notes"][0]["by"].as_str(), d["verdict"]["rating"].as_str()), (Some("ana"), Some("unproven")));
    assert_eq!(d["verdict"]["url"], "https://checks.example/raid");
    // N2 is the first verdict, N3 the second.
    w.ok(&["annotation", "retract", "N3", "--reason", "too early to say"]);
    let d = w.json(&["claim", "show", "C1", "--format", "json"]);
    assert_eq!(d["verdict"]["rating"], "false", "the verdict before it stands again");
    assert_eq!(w.json(&["claim", "list", "--format", "json"])[0]["verdict"], "false");
    w.ok(&["annotation", "retract", "N1", "--reason", "said in confidence"]);
    assert_eq!(
        w.json(&["claim", "show", "C1", "--format", "json"])["notes"][0]["retraction"]["reason"],
        "said in confidence"
    );
    assert_eq!(w.ok(&["untag", "C1", "raid"]), "N5\n", "the id of the tag removed, as tag prints those it adds");
    assert_eq!(w.json(&["claim", "show", "C1", "--format", "json"])["tags"], serde_json::json!(["casualties"]));
    assert_eq!(ids(&w.json(&["claim", "list", "--tag", "raid", "--format", "json"])), Vec::<String>::new());
    assert_eq!(ids(&w.json(&["claim", "list", "--tag", "casualties", "--format", "json"])), ["C1"]);
    let err = w.fails(1, &["untag", "C1", "raid"]);
    assert!(err.contains("is not tagged 'raid'"), "{err}");
    let help = w.ok(&["untag", "--help"]);
    assert!(!help.contains("left as they are") && help.contains("Tags to remove"), "{help}");
    assert!(w.ok(&["tag", "--help"]).contains("left as they are"));
    w.ok(&["tag", "C1", "raid"]);
    assert_eq!(last_kinds(&w, 4), ["annotation.retract", "annotation.retract", "annotation.retract", "annotation.add"]);
    let annotations = w.ok(&["export", "annotations", "--format", "json"]);
    assert!(annotations.contains("\"retracted\":true"), "{annotations}");
    assert!(annotations.contains("\"retraction_reason\":\"said in confidence\""), "{annotations}");
    verified(&w);
    let file = round_trip(&w);
    assert!(file.contains("[[claim.untag]]\ntag = \"raid\""), "{file}");
}

#[test]
fn links_between_claims_show_everywhere_and_a_contradiction_is_contested() {
    let w = desk();
    w.ok(&["claim", "add", "The raid was on the MEK camp near Manze", "--source", "article", "--key", "manze"]);
    w.ok(&["claim", "add", "The raid was on the MEK camp in Tirana", "--source", "article", "--key", "tirana"]);
    w.ok(&["claim", "add", "The camp lies west of Tirana", "--source", "report", "--key", "west"]);
    assert_eq!(w.ok(&["link", "tirana", "contradicts", "manze", "--note", "Manze is 20 miles west of Tirana"]), "L1\n");
    w.ok(&["link", "west", "supports", "manze"]);
    let contested = w.json(&["contested", "--format", "json"]);
    assert_eq!(ids(&contested), ["C1", "C2", "C3"]);
    assert_eq!(
        contested[1]["conflicts_with"],
        serde_json::json!(["C3 (contradicts it; the source contradicts itself)"])
    );
    assert_eq!(
        ids(&w.json(&["claim", "list", "--contested", "--format", "json"])),
        ["C1", "C2", "C3"],
        "claim list agrees"
    );
    assert_eq!(ids(&w.json(&["claim", "list", "--linked", "manze", "--format", "json"])), ["C3", "C4"]);
    let d = w.json(&["claim", "show", "manze", "--format", "json"]);
    assert_eq!(d["links"].as_array().unwrap().len(), 2);
    assert_eq!(d["links"][0]["relation"], "contradicts");
    let links = w.ok(&["export", "links"]);
    assert!(
        links.starts_with(
            "id,from,from_key,relation,to,to_key,note,by,at,removed\r\nL1,C3,tirana,contradicts,C2,manze,"
        ),
        "{links}"
    );
    assert_eq!(w.ok(&["link", "manze", "contradicts", "tirana"]), "L1\n", "the same link again records nothing");
    assert_eq!(last_kinds(&w, 1), ["link.add"]);
    let file = round_trip(&w);
    assert!(file.contains("[[link]]\nfrom = \"tirana\"\nrelation = \"contradicts\"\nto = \"manze\""), "{file}");
    w.ok(&["unlink", "C2", "contradicts", "C3", "--reason", "the article means the area"]);
    assert_eq!(ids(&w.json(&["contested", "--format", "json"])), ["C1"]);
    assert_eq!(last_kinds(&w, 1), ["link.remove"]);
    let err = w.fails(1, &["unlink", "L1"]);
    assert!(err.contains("retracted already"), "{err}");
    let err = w.fails(1, &["link", "manze", "contradicts", "manze"]);
    assert!(err.contains("cannot be linked to itself"), "{err}");
    // Two claims cannot both contradict each other and agree; once the contradiction is gone, they may.
    let err = w.fails(1, &["link", "manze", "contradicts", "west"]);
    assert!(
        err.contains("C2 and C4 are linked 'supports' already (L2); they cannot also be linked 'contradicts'")
            && err.contains("unlink L2"),
        "{err}"
    );
    assert_eq!(w.ok(&["link", "tirana", "same-as", "manze"]), "L3\n");
    let err = w.fails(1, &["link", "manze", "contradicts", "tirana"]);
    assert!(err.contains("'same-as' already (L3)"), "{err}");
    verified(&w);
    round_trip(&w);
}

#[test]
fn answers_in_words_to_one_question_conflict_unless_linked_as_the_same() {
    let w = desk();
    w.ok(&[
        "claim",
        "add",
        "The camp is near Manze",
        "--source",
        "article",
        "--about",
        "camp.location",
        "--answer",
        "near Manze",
    ]);
    w.ok(&[
        "claim",
        "add",
        "The camp is in Tirana",
        "--source",
        "report",
        "--about",
        "camp.location",
        "--answer",
        "in Tirana",
    ]);
    w.ok(&[
        "claim",
        "add",
        "The camp is near  MANZE",
        "--source",
        "report",
        "--about",
        "camp.location",
        "--answer",
        "Near  Manze",
    ]);
    let contested = w.json(&["contested", "--format", "json"]);
    assert_eq!(ids(&contested), ["C1", "C2", "C3", "C4"]);
    assert_eq!(
        contested[1]["conflicts_with"],
        serde_json::json!(["C3 (in Tirana)"]),
        "the same answer, in other case and spacing, agrees"
    );
    assert_eq!(contested[1]["answer"], "near Manze");
    w.ok(&["link", "C3", "same-as", "C2", "--note", "Manze is part of Tirana county"]);
    assert_eq!(ids(&w.json(&["contested", "--format", "json"])), ["C1", "C3", "C4"]);
    let err = w.fails(2, &["claim", "add", "x", "--source", "article", "--value", "1", "--answer", "one"]);
    assert!(err.contains("cannot be used with"), "{err}");
    verified(&w);
    round_trip(&w);
}

#[test]
fn a_desk_runs_a_queue_by_status() {
    let w = desk();
    w.ok(&["claim", "add", "Another claim", "--source", "article"]);
    assert_eq!(w.ok(&["status", "C1", "in-progress"]), "C1\n");
    assert_eq!(w.ok(&["status", "C2", "checked"]), "C2\n");
    assert_eq!(ids(&w.json(&["claim", "list", "--status", "in-progress", "--format", "json"])), ["C1"]);
    assert_eq!(w.json(&["claim", "list", "--format", "json"])[1]["status"], "checked");
    let csv = w.ok(&["export", "claims"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let status = header.iter().position(|h| h == "status").unwrap();
    assert_eq!(&reader.records().next().unwrap().unwrap()[status], "in-progress");
    assert_eq!(last_kinds(&w, 2), ["claim.status", "claim.status"]);
    let out = w.output(&["status", "C2", "checked"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("is checked already"));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "", "nothing changed, so nothing to print");
    let shown = w.json(&["claim", "show", "C1", "--format", "json"]);
    assert_eq!(shown["status"], "in-progress");
    assert_eq!(
        (&shown["status_by"], &shown["status_at"]),
        (&serde_json::json!("tester"), &serde_json::json!(crate::fixture::NOW))
    );
    assert!(w.ok(&["claim", "show", "C1"]).contains(&format!("in-progress (tester, {})", crate::fixture::NOW)));
    w.ok(&["claim", "add", "A third claim", "--source", "article"]);
    assert_eq!(w.json(&["claim", "show", "C3", "--format", "json"])["status_by"], Value::Null, "never set");
    // Listings page.
    assert_eq!(ids(&w.json(&["claim", "list", "--limit", "1", "--offset", "1", "--format", "json"])), ["C2"]);
    assert_eq!(w.json(&["log", "--limit", "2", "--format", "json"]).as_array().unwrap().len(), 2);
    w.ok(&["verdict", "C2", "true"]);
    assert_eq!(ids(&w.json(&["claim", "list", "--verdict", "true", "--format", "json"])), ["C2"]);
    verified(&w);
    round_trip(&w);
}

/// Every new kind in one ledger, and the round trip byte-identical.
#[test]
fn every_kind_of_change_survives_the_claims_file_round_trip() {
    let w = desk();
    w.ok(&["actor", "add", "Police", "--key", "police", "--kind", "government", "--url", "https://asp.gov.al"]);
    w.ok(&[
        "claim",
        "add",
        "Devices were seized",
        "--source",
        "report",
        "--key",
        "devices",
        "--quote",
        "seized 150 computer devices",
    ]);
    w.ok(&["claim", "amend", "devices", "--value", "150", "--unit", "devices", "--reason", "the figure"]);
    w.ok(&[
        "claim",
        "add",
        "The camp is near Manze",
        "--source",
        "article",
        "--about",
        "camp.location",
        "--answer",
        "near Manze",
    ]);
    w.ok(&["claim", "add", "Recorded twice", "--source", "article"]);
    w.ok(&["claim", "withdraw", "C4", "--reason", "a duplicate", "--duplicate-of", "C1"]);
    w.ok(&["claim", "add", "Withdrawn in error", "--source", "article"]);
    w.ok(&["claim", "withdraw", "C5", "--reason", "looked like a duplicate"]);
    w.ok(&["claim", "restore", "C5", "--reason", "it is not"]);
    w.ok(&["status", "devices", "checked"]);
    // A duplicate of a claim recorded after it: the file names that claim further on.
    w.ok(&["claim", "add", "Recorded before its original", "--source", "article", "--key", "early"]);
    w.ok(&["claim", "add", "The original, recorded later", "--source", "article", "--key", "original"]);
    w.ok(&["claim", "withdraw", "early", "--reason", "a duplicate", "--duplicate-of", "original"]);
    // New keys: for a claim that had one (which another claim then takes), and for one that had none.
    w.ok(&["claim", "add", "Counted once", "--source", "article", "--key", "one"]);
    w.ok(&["claim", "amend", "one", "--key", "uno", "--reason", "renamed"]);
    w.ok(&["claim", "add", "Counted again", "--source", "article", "--key", "one"]);
    w.ok(&["claim", "amend", "C5", "--key", "in-error", "--reason", "named"]);
    w.ok(&["link", "uno", "same-as", "one"]);
    w.ok(&["assert", "devices", "--by", "police"]);
    w.ok(&["stance", "retract", "T3", "--reason", "not in the report"]);
    w.ok(&["note", "devices", "Which devices?", "--by", "ana"]);
    w.ok(&["annotation", "retract", "N1", "--reason", "answered"]);
    w.ok(&["verdict", "devices", "true", "--url", "https://checks.example/devices"]);
    // A lost tag before a tag the claim has: the file lists lost ones first.
    w.ok(&["tag", "devices", "wrong"]);
    w.ok(&["untag", "devices", "wrong"]);
    w.ok(&["tag", "devices", "seizures"]);
    w.ok(&["link", "devices", "supports", "C1"]);
    w.ok(&["link", "C3", "part-of", "C1"]);
    w.ok(&["unlink", "L3", "--reason", "not a part"]);
    w.ok(&["config", "set", "publisher.name", "The Desk"]);
    // Corrections of sources and actors; one actor comes to speak for one added after it.
    w.ok(&[
        "source",
        "amend",
        "report",
        "--title",
        "Short report, corrected",
        "--url",
        "https://news.example/r",
        "--reason",
        "the headline",
    ]);
    w.ok(&["source", "amend", "report", "--url", "", "--reason", "a dead link"]);
    w.ok(&["actor", "add", "Interior Ministry", "--key", "interior", "--kind", "government"]);
    w.ok(&[
        "actor",
        "amend",
        "police",
        "--name",
        "Albanian State Police",
        "--alias",
        "Police",
        "--affiliation",
        "interior",
        "--reason",
        "its full name",
    ]);
    w.ok(&["actor", "amend", "albania", "--kind", "other", "--reason", "not a government"]);
    verified(&w);
    let file = round_trip(&w);
    // Every kind of change this version knows is in the ledger, and has its place in the file.
    let original = events_by_kind(&w, "claimledger.db");
    for kind in claimledger::history::Change::KINDS {
        assert!(original.contains_key(*kind), "this test's ledger has no {kind}: make one above");
    }
    for event in w.json(&["log", "--format", "json"]).as_array().unwrap() {
        let change =
            claimledger::history::Change::from_stored(event["kind"].as_str().unwrap(), &event["data"].to_string())
                .unwrap();
        let place = claimledger::claims_file::place(&change);
        let found = place.split(", ").any(|p| file.contains(p.split(' ').next().unwrap()));
        assert!(found, "{} ({place}) is not in the file", event["kind"]);
    }
    // The file keeps every event's content, with who made it, when and why:
    // imported by someone else at another time, into an empty ledger, it
    // makes the same events of each kind, ids and all (the file lists records
    // in the order they were made). Only the events' own author and time are
    // the importer's: the file does not say who recorded a source or a claim.
    let out = w
        .std_cmd(&["--db", "later.db", "import", "first.toml", "--as", "someone else"])
        .env("CLAIMLEDGER_NOW", "2026-03-04T05:06:07Z")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let copy = events_by_kind(&w, "later.db");
    assert_eq!(copy.keys().collect::<Vec<_>>(), original.keys().collect::<Vec<_>>());
    // What differs by design: a tag given as its claim was recorded (the same
    // author and time, as here) is a word in `tags`, so in the copy it is the
    // importer's, as the claim is (tags given later keep theirs: see
    // `tags_given_later_keep_who_and_when_through_a_claims_file`); and a
    // record without a key comes back with the key the file names it by
    // (`claim-4`), which names only it.
    let known_losses = |events: &Vec<Value>| -> Vec<Value> {
        let mut events = events.clone();
        for data in events.iter_mut() {
            if data["type"] == "tag" {
                let tag = data.as_object_mut().unwrap();
                tag.remove("by");
                tag.remove("at");
            }
            let record = if data["claim"].is_object() { &mut data["claim"] } else { data };
            if let (Some(key), Some(id)) = (record["key"].as_str(), record["id"].as_i64())
                && ["source", "actor", "claim"].iter().any(|kind| key == format!("{kind}-{id}"))
            {
                record.as_object_mut().unwrap().remove("key");
            }
        }
        // The file groups changes by record: across records, their order is not kept.
        events.sort_by_key(Value::to_string);
        events
    };
    for (kind, events) in &original {
        assert_eq!(known_losses(&copy[kind]), known_losses(events), "the {kind} events differ after the round trip");
    }
    for kind in [
        "change = \"amend\"",
        "change = \"withdraw\"",
        "change = \"status\"",
        "[claim.stance.retraction]",
        "[claim.note.retraction]",
        "[[claim.untag]]",
        "[[link]]",
        "[link.removal]",
        "duplicate_of = \"original\"",
        "key = \"claim-5\"",
        "key = \"in-error\"",
        "[[link]]\nfrom = \"uno\"\nrelation = \"same-as\"\nto = \"one\"",
        "answer = \"near Manze\"",
        "url = \"https://asp.gov.al\"",
        "url = \"https://checks.example/devices\"",
    ] {
        assert!(file.contains(kind), "{kind} missing from:\n{file}");
    }
}

/// A claim withdrawn as the duplicate of one recorded after it names, in the
/// file, a claim further on: the reference resolves once every claim is in,
/// the claim's later changes follow it, and problems keep their lines' order.
#[test]
fn a_duplicate_of_a_claim_further_on_in_the_file_imports() {
    let w = desk();
    w.ok(&["claim", "add", "Recorded first", "--source", "article", "--key", "first"]);
    w.ok(&["claim", "add", "Recorded second", "--source", "article", "--key", "second"]);
    w.ok(&["claim", "withdraw", "first", "--duplicate-of", "second", "--reason", "the later one is fuller"]);
    w.ok(&["claim", "restore", "first", "--reason", "they differ after all"]);
    w.ok(&["status", "first", "checked"]);
    let file = round_trip(&w);
    assert!(file.contains("duplicate_of = \"second\""), "{file}");
    let d = w.json(&["--db", "copy.db", "claim", "show", "first", "--format", "json"]);
    assert_eq!((d["withdrawn"].clone(), d["status"].as_str()), (Value::Null, Some("checked")), "{d}");
    // A claim that is nowhere is still reported at its line, and problems come in line order.
    w.write_file(
        "nowhere.toml",
        "[[link]]\nfrom = \"a\"\nrelation = \"supports\"\nto = \"gone\"\n\n[[source]]\nkey = \"s\"\ntitle = \"S\"\n\n[[claim]]\nkey = \"a\"\ntext = \"A\"\nsource = \"s\"\n\n\
         [[claim.change]]\nchange = \"withdraw\"\nduplicate_of = \"nowhere\"\nreason = \"r\"\n\n\
         [[claim]]\nkey = \"b\"\ntext = \"B\"\nsource = \"nope\"\n",
    );
    let err = w.fails(1, &["--db", "other.db", "import", "nowhere.toml"]);
    assert_eq!(
        err,
        "nowhere.toml:4: link 'a supports gone': to: no claim 'gone' in the file or the ledger\n\
         nowhere.toml:17: claim 'a': change.duplicate_of: no claim 'nowhere' in the file or the ledger\n\
         nowhere.toml:23: claim 'b': source: no source 'nope' in the file or the ledger\n\
         claimledger: error: nowhere.toml: 3 problem(s); nothing was imported\n"
    );
}

/// A claim whose key was amended is one claim, whether a file names it by the
/// key it was first recorded with (amended or not) or by the key it has now.
#[test]
fn a_claim_is_the_same_by_its_first_key_or_its_key_now() {
    let w = desk();
    w.ok(&["claim", "add", "Police seized devices", "--source", "report", "--key", "devices"]);
    w.ok(&["claim", "add", "Devices were seized", "--source", "report", "--key", "again"]);
    w.ok(&["claim", "withdraw", "again", "--duplicate-of", "devices", "--reason", "recorded twice"]);
    w.ok(&["export", "ledger", "-o", "before.toml"]);
    w.ok(&["claim", "amend", "devices", "--key", "seized", "--reason", "a clearer key"]);
    let file = round_trip(&w);
    assert!(file.contains("key = \"devices\"") && file.contains("key = \"seized\""), "{file}");
    let events = w.event_count();
    // A file from before the amendment: the claim is found by its first key.
    let said = imported(&w, &["import", "before.toml"]);
    assert!(said.contains("the ledger also holds what the file does not: 1 correction(s); left as it is"), "{said}");
    // A file that names it by its key now, as first recorded otherwise.
    w.write_file(
        "now.toml",
        &std::fs::read_to_string(w.path("before.toml")).unwrap().replace("\"devices\"", "\"seized\""),
    );
    let said = imported(&w, &["import", "now.toml"]);
    assert!(said.contains("the ledger also holds what the file does not: 1 correction(s); left as it is"), "{said}");
    // Amended again since the export: found by the key it was first recorded with.
    w.ok(&["claim", "amend", "seized", "--key", "taken", "--reason", "clearer still"]);
    let events_now = w.event_count();
    let said = imported(&w, &["import", "first.toml"]);
    assert!(said.contains("the ledger also holds what the file does not: 1 correction(s); left as it is"), "{said}");
    assert_eq!(w.event_count(), events_now, "nothing added");
    assert_eq!(events_now, events + 1);
    assert_eq!(ids(&w.json(&["claim", "list", "--all", "--format", "json"])), ["C1", "C2", "C3"], "no claim added");
}

/// What was removed or retracted in the ledger after a file was written stays
/// so when the file is imported again, whatever the kind of record, and is
/// reported with what else the ledger holds beyond the file.
#[test]
fn removals_made_in_the_ledger_stay_and_are_reported() {
    let w = desk();
    w.ok(&["claim", "add", "Devices were seized", "--source", "report", "--key", "devices"]);
    w.ok(&["tag", "C1", "casualties", "raid"]);
    w.ok(&["note", "C1", "Ask the hospital"]);
    w.ok(&["verdict", "C1", "unproven"]);
    w.ok(&["link", "devices", "supports", "C1"]);
    w.ok(&["export", "ledger", "-o", "before.toml"]);
    w.ok(&["untag", "C1", "raid"]);
    w.ok(&["unlink", "devices", "supports", "C1", "--reason", "unrelated"]);
    w.ok(&["stance", "retract", "T2", "--reason", "misread"]);
    w.ok(&["annotation", "retract", "N3", "--reason", "asked"]);
    w.ok(&["annotation", "retract", "N4", "--reason", "too early"]);
    let events = w.event_count();
    let said = imported(&w, &["import", "before.toml"]);
    assert_eq!(w.event_count(), events, "a removal was undone: {:?}", last_kinds(&w, 3));
    assert!(said.contains("the ledger also holds what the file does not: 5 correction(s); left as it is"), "{said}");
    let d = w.json(&["claim", "show", "C1", "--format", "json"]);
    assert_eq!(d["tags"], serde_json::json!(["casualties"]));
    assert_eq!(d["links"][0]["removal"]["reason"], "unrelated", "the link stays removed");
    // Records the file does not list at all are counted with their retractions and removals.
    w.ok(&["note", "C1", "A second thought"]);
    w.ok(&["annotation", "retract", "N5", "--reason", "no"]);
    w.ok(&["link", "devices", "contradicts", "C1"]);
    w.ok(&["unlink", "L2", "--reason", "no"]);
    let said = imported(&w, &["import", "before.toml"]);
    assert!(
        said.contains(
            "the ledger also holds what the file does not: 1 note(s), tag(s) or verdict(s), 7 correction(s), 1 link(s); left as it is"
        ),
        "{said}"
    );
    // A file that removes what the ledger holds removes it.
    let file = std::fs::read_to_string(w.path("before.toml")).unwrap();
    let first_claim = file.split("\n[[claim]]\nkey = \"devices\"").next().unwrap();
    assert!(first_claim.contains("tags = [\"casualties\", \"raid\"]\n"), "{first_claim}");
    let untagged = first_claim.replace("tags = [\"casualties\", \"raid\"]\n", "tags = [\"raid\"]\n");
    w.write_file("untag.toml", &format!("{untagged}\n[[claim.untag]]\ntag = \"casualties\"\n"));
    w.ok(&["import", "untag.toml"]);
    assert_eq!(w.json(&["claim", "show", "C1", "--format", "json"])["tags"], serde_json::json!([]));
    verified(&w);
}

/// A `[[claim.change]]` takes the fields of its kind only; a status it
/// already has is no correction; and a file's problems are worded for the
/// file, with its fields, not the command line's options.
#[test]
fn changes_in_a_file_are_checked_and_problems_worded_for_the_file() {
    let w = Workdir::new();
    let file = |rest: &str| {
        format!(
            "[[source]]\nkey = \"s\"\ntitle = \"S\"\n\n[[actor]]\nkey = \"a\"\nname = \"A\"\nkind = \"person\"\n\n\
             [[claim]]\nkey = \"c\"\ntext = \"A claim\"\nsource = \"s\"\n{rest}"
        )
    };
    // Lines 1-13 are the source, the actor and the claim.
    w.write_file(
        "stray.toml",
        &file(
            "\n[[claim.change]]\nchange = \"status\"\nstatus = \"checked\"\nreason = \"done\"\n\n\
             [[claim.change]]\nchange = \"withdraw\"\nreason = \"recorded twice\"\ntext = \"Another\"\nstatus = \"checked\"\n\n\
             [[claim.change]]\nchange = \"restore\"\n\n\
             [[claim.change]]\nchange = \"amend\"\nreason = \"\"\ntext = \"A claim, amended\"\n\n\
             [[claim.stance]]\nactor = \"a\"\nstance = \"asserts\"\n\n[claim.stance.retraction]\nby = \"ana\"\n",
        ),
    );
    let err = w.fails(1, &["import", "stray.toml"]);
    assert_eq!(
        err,
        "stray.toml:15: claim 'c': change.reason: a status change takes no reason\n\
         stray.toml:20: claim 'c': change.text: a withdrawal takes no text\n\
         stray.toml:20: claim 'c': change.status: a withdrawal takes no status\n\
         stray.toml:26: claim 'c': change: the reason is missing (say why in `reason`)\n\
         stray.toml:29: claim 'c': change.reason: the reason is empty\n\
         stray.toml:34: claim 'c': stance.retraction: the reason is missing (say why in `reason`)\n\
         claimledger: error: stray.toml: 6 problem(s); nothing was imported\n"
    );
    // Other hints name the file's fields too.
    w.write_file(
        "both.toml",
        &file("value = 3\nanswer = \"three\"\n\n[[claim.change]]\nchange = \"amend\"\nreason = \"r\"\ntext = \"A claim\"\n"),
    );
    let err = w.fails(1, &["import", "both.toml"]);
    assert!(err.contains("(keep `value` or `range` for a figure, `answer` for anything else)"), "{err}");
    assert!(!err.contains("--"), "{err}");
    w.write_file("same.toml", &file("\n[[claim.change]]\nchange = \"amend\"\nreason = \"r\"\ntext = \"A claim\"\n"));
    let err = w.fails(1, &["import", "same.toml"]);
    assert!(err.contains("nothing to amend (give the fields that change: `text`, `topic`,"), "{err}");
    assert!(!err.contains("--"), "{err}");
    // A status the claim has already records nothing, and is no correction.
    w.write_file("status.toml", &file("\n[[claim.change]]\nchange = \"status\"\nstatus = \"unchecked\"\n"));
    let said = imported(&w, &["import", "status.toml"]);
    assert_eq!(
        said,
        "imported 1 source(s), 1 actor(s), 1 claim(s), 0 stance(s), 0 annotation(s); 0 record(s) already in the ledger\n"
    );
    assert_eq!(last_kinds(&w, 1), ["claim.add"]);
    // A claim edited in place is refused, saying how to correct it.
    w.write_file("edited.toml", &file("").replace("A claim", "A claim, edited"));
    let err = w.fails(1, &["import", "edited.toml"]);
    assert!(
        err.contains("the ledger is not overwritten (to correct the claim, add a [[claim.change]] below it"),
        "{err}"
    );
}

/// A desk keeps its claims file in version control and imports it again
/// after anyone's command-line edits.
#[test]
fn a_team_reimports_its_file_after_command_line_edits() {
    let w = Workdir::new();
    let claims = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("claims/ashraf3-raid.toml");
    let claims = claims.to_str().unwrap();
    w.ok(&["import", claims]);
    w.ok(&["assert", "raid-deaths", "--by", "ncri"]);
    w.ok(&["note", "raid-deaths", "Asked the hospital in Durres"]);
    let events = w.event_count();
    let out = w.output(&["import", claims]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(
            "the ledger also holds what the file does not: 1 stance(s), 1 note(s), tag(s) or verdict(s); left as it is"
        ),
        "{stderr}"
    );
    assert_eq!(w.event_count(), events, "nothing duplicated");
    // Something new in the file is added after the command-line edits.
    let text = std::fs::read_to_string(claims).unwrap()
        + "\n[[claim]]\nkey = \"later\"\ntext = \"A later claim\"\nsource = \"article\"\n";
    w.write_file("more.toml", &text);
    let copied = w.path("ashraf3-raid.txt");
    std::fs::copy(std::path::Path::new(claims).with_extension("txt"), copied).unwrap();
    w.ok(&["import", "more.toml"]);
    assert_eq!(w.event_count(), events + 1);
    verified(&w);
}

#[test]
fn hand_written_changes_in_a_file_import_again_and_again() {
    let w = Workdir::new();
    w.copy_claims();
    let text = std::fs::read_to_string(w.path("claims/ashraf3-raid.toml")).unwrap();
    // Corrections as a desk writes them by hand: no `by`, no `at`.
    let at = text.find("key = \"devices-seized\"").unwrap();
    let end = at + text[at..].find("\n[[claim]]").unwrap();
    let changes = "\n[[claim.change]]\nchange = \"amend\"\ntext = \"Police seized 150 computer devices from the camp\"\nreason = \"wording\"\n\n[[claim.change]]\nchange = \"status\"\nstatus = \"checked\"\n";
    w.write_file("claims/team.toml", &format!("{}{changes}{}", &text[..end], &text[end..]));
    imported(&w, &["import", "claims/team.toml"]);
    let events = w.event_count();
    let said = imported(&w, &["import", "claims/team.toml"]);
    assert_eq!(w.event_count(), events, "nothing added the second time: {said}");
    assert!(!said.contains("also holds"), "{said}");
    // The same correction made at the command line is the file's.
    let w = Workdir::new();
    w.copy_claims();
    w.write_file("claims/team.toml", &format!("{}{changes}{}", &text[..end], &text[end..]));
    w.ok(&["import", "claims/ashraf3-raid.toml"]);
    w.ok(&[
        "claim",
        "amend",
        "devices-seized",
        "--text",
        "Police seized 150 computer devices from the camp",
        "--reason",
        "wording",
    ]);
    w.ok(&["status", "devices-seized", "checked"]);
    let events = w.event_count();
    let said = imported(&w, &["import", "claims/team.toml"]);
    assert_eq!(w.event_count(), events, "{said}");
    verified(&w);
}

#[test]
fn another_desks_export_adds_no_second_copy_of_its_notes() {
    let w = Workdir::new();
    w.copy_claims();
    // The same file imported by two desks at different times: their notes differ only in when.
    let out = w
        .cmd(&["--db", "other.db", "import", "claims/ashraf3-raid.toml"])
        .env("CLAIMLEDGER_NOW", "2025-05-05T05:05:05Z")
        .output()
        .unwrap();
    assert!(out.status.success());
    w.ok(&["import", "claims/ashraf3-raid.toml"]);
    w.ok(&["--db", "other.db", "export", "ledger", "-o", "other.toml"]);
    let events = w.event_count();
    let said = imported(&w, &["import", "other.toml"]);
    assert_eq!(w.event_count(), events, "{said}");
    assert!(said.contains("0 annotation(s)") && !said.contains("also holds"), "{said}");
}

/// The contested rule in SQL (the views, for people reading the file) and in
/// the report agree.
#[test]
fn the_views_and_the_report_pick_the_same_claims() {
    let w = Workdir::new();
    let claims = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("claims/ashraf3-raid.toml");
    w.ok(&["import", claims.to_str().unwrap()]);
    w.ok(&[
        "claim",
        "add",
        "MEK members killed exactly 9,000 Iranian civilians",
        "--about",
        "mek.killings.civilians",
        "--value",
        "9000",
        "--unit",
        "civilians",
        "--source",
        "article",
    ]);
    w.ok(&["claim", "add", "Answer one", "--about", "q.where", "--answer", "here", "--source", "article"]);
    w.ok(&["claim", "add", "Answer two", "--about", "q.where", "--answer", "there", "--source", "article"]);
    let report: Vec<i64> =
        ids(&w.json(&["contested", "--format", "json"])).iter().map(|id| id[1..].parse().unwrap()).collect();
    let conn = w.sql();
    let mut stmt = conn.prepare("SELECT claim_id FROM contested_claims ORDER BY claim_id").unwrap();
    let view: Vec<i64> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert_eq!(view, report);
    assert!(report.len() >= 4, "{report:?}");
}

/// The bundled article, corrected: its own contradiction about where the camp
/// is stands beside the death claim, and the article's short names find the MEK.
#[test]
fn the_bundled_article_reports_its_location_contradiction_beside_the_death_claim() {
    let w = Workdir::new();
    let claims = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("claims/ashraf3-raid.toml");
    w.ok(&["import", claims.to_str().unwrap()]);
    let contested = w.json(&["contested", "--format", "json"]);
    let keys: Vec<&str> = contested.as_array().unwrap().iter().map(|c| c["key"].as_str().unwrap()).collect();
    for key in ["raid-deaths", "camp-near-manze", "raid-in-tirana"] {
        assert!(keys.contains(&key), "{key} is not contested: {keys:?}");
    }
    let manze = contested.as_array().unwrap().iter().find(|c| c["key"] == "camp-near-manze").unwrap();
    assert!(manze["conflicts_with"][0].as_str().unwrap().contains("the source contradicts itself"), "{manze}");
    let deaths = contested.as_array().unwrap().iter().find(|c| c["key"] == "raid-deaths").unwrap();
    assert_eq!(deaths["asserted_by"], serde_json::json!(["Shahin Gobadi", "Mujahedeen-e-Khalq"]));
    let by_short_name = w.json(&["contested", "--by", "Mujahedeen", "--format", "json"]);
    assert!(by_short_name.as_array().unwrap().iter().any(|c| c["key"] == "raid-deaths"));
    assert_eq!(w.json(&["actor", "show", "Islamic Republic", "--format", "json"])["key"], "iran-government");
}

#[test]
fn each_part_of_a_figure_is_corrected_alone() {
    let w = desk();
    let figure = |w: &Workdir| w.json(&["claim", "show", "C2", "--format", "json"])["quantity"]["words"].clone();
    w.ok(&["claim", "add", "At least three people were hurt", "--source", "article", "--about", "raid.hurt"]);
    w.ok(&[
        "claim",
        "amend",
        "C2",
        "--value",
        "3",
        "--qualifier",
        "at-least",
        "--unit",
        "people",
        "--reason",
        "figure",
    ]);
    assert_eq!(figure(&w), "at least 3 people");
    w.ok(&["claim", "amend", "C2", "--value", "7", "--reason", "misread"]);
    assert_eq!(figure(&w), "at least 7 people", "the unit and qualifier stay");
    w.ok(&["claim", "amend", "C2", "--unit", "persons", "--reason", "wording"]);
    assert_eq!(figure(&w), "at least 7 persons", "the numbers stay");
    w.ok(&["claim", "amend", "C2", "--range", "5..9", "--reason", "a range"]);
    assert_eq!(figure(&w), "5 to 9 persons", "a range cannot be at least: exact");
    w.ok(&["claim", "amend", "C2", "--qualifier", "about", "--unit", "", "--reason", "no unit"]);
    assert_eq!(figure(&w), "about 5 to 9");
    // The dossier says what each amendment changed, who made it and why.
    let shown = w.cmd(&["claim", "show", "C2"]).env("COLUMNS", "200").output().unwrap();
    let shown = String::from_utf8(shown.stdout).unwrap();
    assert!(
        shown.lines().any(|l| l.contains("figure: at least 3 people → at least 7 people") && l.contains("misread")),
        "{shown}"
    );
    assert!(shown.contains("figure: 5 to 9 persons → about 5 to 9") && shown.contains("no unit"), "{shown}");
    let dossier = w.json(&["claim", "show", "C2", "--format", "json"]);
    assert_eq!(dossier["version"]["reason"], "no unit", "the version that reads now, and why");
    w.ok(&["claim", "add", "No figure here", "--source", "article"]);
    let err = w.fails(1, &["claim", "amend", "C3", "--unit", "km", "--reason", "r"]);
    assert!(err.contains("the claim has none"), "{err}");
    verified(&w);
    round_trip(&w);
}

#[test]
fn notes_match_their_own_time_before_any_falls_back_to_the_words() {
    let w = desk();
    w.ok(&["note", "C1", "Checked", "--by", "ann"]);
    let note = |at: &str| format!("[[claim.note]]\ntext = \"Checked\"\nby = \"ann\"\nat = \"{at}\"\n");
    w.ok(&["export", "ledger", "-o", "all.toml"]);
    let file = std::fs::read_to_string(w.path("all.toml")).unwrap();
    let held = note(crate::fixture::NOW);
    assert!(file.contains(&held), "{file}");
    // An earlier note of the same words, before the one the ledger holds.
    w.write_file("more.toml", &file.replace(&held, &format!("{}\n{held}", note("2025-12-01T00:00:00Z"))));
    imported(&w, &["import", "more.toml"]);
    let times: Vec<String> = w.json(&["claim", "show", "C1", "--format", "json"])["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["at"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(times, [crate::fixture::NOW, "2025-12-01T00:00:00Z"]);
}

/// Duplicates never loop: a claim cannot be withdrawn as a duplicate of one
/// that is, through its own duplicates, withdrawn as a duplicate of it, from
/// the command line or a file. A chain that ends at a claim that stands is
/// fine, and survives the round trip in whatever order the file makes it.
#[test]
fn duplicates_cannot_loop() {
    let w = desk();
    for key in ["second", "third"] {
        w.ok(&["claim", "add", &format!("The {key} record of the death"), "--source", "article", "--key", key]);
    }
    w.ok(&["claim", "withdraw", "second", "--reason", "recorded twice", "--duplicate-of", "third"]);
    w.ok(&["claim", "withdraw", "third", "--reason", "recorded twice", "--duplicate-of", "C1"]);
    let err = w.fails(1, &["claim", "withdraw", "C1", "--reason", "recorded twice", "--duplicate-of", "third"]);
    assert!(
        err.contains("claimledger: error: claim 'C1' cannot be a duplicate of 'third', which is withdrawn as a duplicate leading back to it (third → C1): none of them would stand\n\
                      hint: withdraw 'C1' without --duplicate-of, or restore 'third' first"),
        "{err}"
    );
    let err = w.fails(1, &["claim", "withdraw", "C1", "--reason", "again", "--duplicate-of", "second"]);
    assert!(err.contains("(second → third → C1)"), "{err}");
    assert_eq!(ids(&w.json(&["claim", "list", "--format", "json"])), ["C1"], "C1 stands");
    // Made in another order by the import (second waits for third), the chain still ends at C1.
    round_trip(&w);
    // A file that loops is refused at the line that closes the loop.
    w.write_file(
        "loop.toml",
        "[[source]]\nkey = \"s\"\ntitle = \"S\"\n\n\
         [[claim]]\nkey = \"a\"\ntext = \"A\"\nsource = \"s\"\n\n\
         [[claim.change]]\nchange = \"withdraw\"\nduplicate_of = \"b\"\nreason = \"r\"\n\n\
         [[claim]]\nkey = \"b\"\ntext = \"B\"\nsource = \"s\"\n\n\
         [[claim.change]]\nchange = \"withdraw\"\nduplicate_of = \"a\"\nreason = \"r\"\n",
    );
    let err = w.fails(1, &["--db", "loop.db", "import", "loop.toml"]);
    assert!(
        err.contains("loop.toml:10: claim 'a': change.duplicate_of: claim 'a' cannot be a duplicate of 'b', which is withdrawn as a duplicate leading back to it (b → a)"),
        "{err}"
    );
}

/// A tag given later, or by someone other than who recorded the claim, keeps
/// who gave it and when through a claims file; one given with the claim is a
/// word in `tags`, as a hand-written file has it.
#[test]
fn tags_given_later_keep_who_and_when_through_a_claims_file() {
    let w = desk();
    w.ok(&["tag", "C1", "casualties"]);
    let later = |args: &[&str]| {
        w.cmd(args).env("CLAIMLEDGER_NOW", "2026-02-03T04:05:06Z").env("CLAIMLEDGER_USER", "ben").assert().success();
    };
    later(&["tag", "C1", "disputed", "deaths"]);
    later(&["untag", "C1", "deaths"]);
    let file = w.ok(&["export", "ledger"]);
    for expected in [
        "tags = [\"casualties\"]",
        "[[claim.tag]]\ntag = \"disputed\"\nby = \"ben\"\nat = \"2026-02-03T04:05:06Z\"",
        "[[claim.untag]]\ntag = \"deaths\"\ntagged_by = \"ben\"\ntagged_at = \"2026-02-03T04:05:06Z\"",
    ] {
        assert!(file.contains(expected), "{expected}\n{file}");
    }
    let copy = Workdir::new();
    let path = copy.write_file("ledger.toml", &file);
    copy.ok(&["import", path.to_str().unwrap()]);
    assert_eq!(copy.ok(&["export", "ledger"]), file);
    let tags = |w: &Workdir| -> Vec<(String, String, String)> {
        w.sql()
            .prepare("SELECT text, author, at FROM annotations WHERE kind = 'tag' AND author = 'ben' ORDER BY text")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    // (Their order among the claim's tags is the file's: tags it lost come first.)
    assert_eq!(tags(&copy), tags(&w));
    let events = copy.event_count();
    copy.ok(&["import", path.to_str().unwrap()]);
    assert_eq!(copy.event_count(), events, "a second import records nothing");
}
