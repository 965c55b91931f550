//! Recording sources, actors, claims, stances and annotations, and the
//! errors bad input gets.

use crate::fixture::Workdir;

#[test]
fn sources_are_added_listed_and_shown() {
    let w = Workdir::new();
    w.ok(&["init"]);
    w.write_file("article.txt", "Police seized 150 devices.\n");
    let id = w.ok(&[
        "source",
        "add",
        "Raid report",
        "--key",
        "article",
        "--publisher",
        "Daily",
        "--url",
        "https://example.org/a",
        "--published",
        "2023-06",
        "--retrieved",
        "2023-06-21",
        "--text-file",
        "article.txt",
    ]);
    assert_eq!(id, "S1\n");
    let shown = w.json(&["source", "show", "ARTICLE", "--format", "json"]);
    assert_eq!(shown["id"], "S1");
    assert_eq!(shown["published"], "2023-06");
    assert_eq!(shown["sha256"], "c5daab2f2e5b50febff4b534c4f92893d93df27b21110509c71d1f50fa2cf8f8");
    let listed = w.json(&["source", "list", "--format", "json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["title"], "Raid report");

    let err = w.fails(1, &["source", "show", "articel"]);
    assert!(err.contains("no source 'articel'; did you mean 'Raid report' (article)?"), "{err}");
    let err = w.fails(1, &["source", "add", "Bad date", "--published", "20 June 2023"]);
    assert!(err.contains("'20 June 2023' is not a date"), "{err}");
    let err = w.fails(1, &["source", "add", "Missing", "--text-file", "nope.txt"]);
    assert!(err.contains("nope.txt"), "{err}");
    let err = w.fails(1, &["source", "add", "Again", "--key", "article"]);
    assert!(err.contains("source key 'article' is taken by S1"), "{err}");
}

#[test]
fn actors_are_found_by_key_name_or_alias_in_any_case() {
    let w = Workdir::new();
    w.death_claim();
    for name in ["mek", "MEK", "pmoi", "mujahedeen-e-khalq", "A1", "a1"] {
        let actor = w.json(&["actor", "show", name, "--format", "json"]);
        assert_eq!(actor["key"], "mek", "{name}");
    }
    let gobadi = w.json(&["actor", "show", "shahin  gobadi", "--format", "json"]);
    assert_eq!(gobadi["affiliation"], "mek");
    assert_eq!(gobadi["kind"], "person");

    let err = w.fails(1, &["assert", "C1", "--by", "Gobbadi"]);
    assert!(err.contains("no actor 'Gobbadi'; did you mean 'Shahin Gobadi' (gobadi)?"), "{err}");
    let err = w.fails(1, &["actor", "add", "Someone", "--affiliation", "nobody-at-all"]);
    assert!(err.contains("no actor 'nobody-at-all'"), "{err}");
    let err = w.fails(1, &["actor", "add", "Other group", "--alias", "mek"]);
    assert!(err.contains("alias 'mek' already names actor 'Mujahedeen-e-Khalq' (mek)"), "{err}");
    let err = w.fails(2, &["actor", "add", "Someone", "--kind", "alien"]);
    assert!(err.contains("alien"), "{err}");
}

/// An actor's `stances` counts the stances that stand: not replaced, not
/// retracted, on a claim that is not withdrawn.
#[test]
fn an_actors_stances_count_only_those_that_stand() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["claim", "add", "Nobody died", "--source", "article", "--by", "albania"]);
    w.ok(&["claim", "add", "The raid lasted an hour", "--source", "article", "--by", "albania"]);
    let count = |actor: &str| w.json(&["actor", "show", actor, "--format", "json"])["stances"].clone();
    assert_eq!(count("albania"), 3);
    w.ok(&["stance", "retract", "T2", "--reason", "recorded in error"]);
    assert_eq!(count("albania"), 2, "a retracted stance does not count");
    w.ok(&["claim", "withdraw", "C3", "--reason", "not in the article"]);
    assert_eq!(count("albania"), 1, "a withdrawn claim's stance does not count");
    w.ok(&["assert", "C2", "--by", "albania", "--date", "2023-06-21"]);
    assert_eq!(count("albania"), 1, "a replaced stance does not count");
    let listed = w.json(&["actor", "list", "--format", "json"]);
    let counts: Vec<(&str, i64)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["key"].as_str().unwrap(), a["stances"].as_i64().unwrap()))
        .collect();
    assert_eq!(counts, [("mek", 0), ("gobadi", 1), ("albania", 1)]);
}

/// `actor add --url` is kept, and shown by `actor show` and `actor list` in every format.
#[test]
fn an_actors_url_is_shown_and_listed() {
    let w = Workdir::new();
    w.ok(&["init"]);
    let url = "https://mb.gov.al/";
    w.ok(&["actor", "add", "Interior Ministry", "--key", "moi", "--kind", "government", "--url", url]);
    w.ok(&["actor", "add", "Someone"]);

    assert_eq!(w.json(&["actor", "show", "moi", "--format", "json"])["url"], url);
    let line: serde_json::Value = serde_json::from_str(&w.ok(&["actor", "show", "moi", "--format", "jsonl"])).unwrap();
    assert_eq!(line["url"], url);
    let csv = w.ok(&["actor", "show", "moi", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let column = reader.headers().unwrap().iter().position(|h| h == "url").expect("a url column");
    assert_eq!(&reader.records().next().unwrap().unwrap()[column], url);
    assert!(w.ok(&["actor", "show", "moi"]).contains(url));

    let listed = w.json(&["actor", "list", "--format", "json"]);
    assert_eq!(listed[0]["url"], url);
    assert_eq!(listed[1]["url"], serde_json::Value::Null);
    let lines: Vec<serde_json::Value> =
        w.ok(&["actor", "list", "--format", "jsonl"]).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines, *listed.as_array().unwrap());
    let csv = w.ok(&["actor", "list", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let column = reader.headers().unwrap().iter().position(|h| h == "url").expect("a url column");
    let urls: Vec<String> = reader.records().map(|r| r.unwrap()[column].to_string()).collect();
    assert_eq!(urls, [url, ""]);
    assert!(w.ok(&["actor", "list"]).contains(url));
}

/// A name, alias or key finds one actor: one that differs from another only in
/// case or in Unicode normal form ("Zoë" typed two ways) is refused.
#[test]
fn names_that_would_make_lookups_ambiguous_are_refused() {
    let w = Workdir::new();
    w.ok(&["init"]);
    w.ok(&["actor", "add", "John Smith", "--key", "smith-a"]);
    w.ok(&["actor", "add", "Zo\u{eb} Roy", "--alias", "ZR"]);
    for (args, taken) in [
        (&["actor", "add", "JOHN  SMITH"][..], "name 'JOHN  SMITH' already names actor 'John Smith' (smith-a)"),
        (&["actor", "add", "Zoe\u{308} Roy"], "name 'Zo\u{eb} Roy' already names actor 'Zo\u{eb} Roy' (A2)"),
        (&["actor", "add", "Other", "--alias", "zr"], "alias 'zr' already names actor"),
        (&["actor", "add", "Other", "--key", "zr"], "key 'zr' already names actor"),
        (&["actor", "add", "Smith-A"], "name 'Smith-A' already names actor 'John Smith' (smith-a)"),
    ] {
        let err = w.fails(1, args);
        assert!(err.contains(taken), "{args:?}: {err}");
    }
    let zoe = w.json(&["actor", "show", "zoe\u{308} roy", "--format", "json"]);
    assert_eq!(zoe["name"], "Zo\u{eb} Roy", "stored in normal form C and found either way");
}

/// Ledgers made before names had to be distinct may hold two actors of one
/// name: a lookup by it lists both.
#[test]
fn an_ambiguous_name_lists_the_actors_it_could_mean() {
    let w = Workdir::new();
    w.ok(&["init"]);
    w.ok(&["actor", "add", "John Smith", "--key", "smith-a"]);
    w.ok(&["actor", "add", "Jon Smith", "--key", "smith-b"]);
    w.ok(&["source", "add", "S"]);
    w.ok(&["claim", "add", "X", "--source", "S1"]);
    w.sql()
        .execute_batch("UPDATE actors SET name = 'John Smith', name_norm = 'john smith' WHERE key = 'smith-b'")
        .unwrap();
    let err = w.fails(1, &["assert", "C1", "--by", "john smith"]);
    assert!(
        err.contains("actor 'john smith' is ambiguous: it names 'John Smith' (smith-a), 'John Smith' (smith-b)"),
        "{err}"
    );
}

#[test]
fn nonsense_figures_are_refused_and_nothing_is_written() {
    let w = Workdir::new();
    w.death_claim();
    let cases: &[(&[&str], &str)] = &[
        (&["--value", "abc"], "'abc' is not a number"),
        (&["--value", "12,000"], "'12,000' is not a number"),
        (&["--range", "12..5"], "range 12..5 runs backwards"),
        (&["--range", "5-12"], "'5-12' is not a range"),
        (&["--qualifier", "about"], "--qualifier and --unit describe a figure"),
        (&["--unit", "people"], "--qualifier and --unit describe a figure"),
        (&["--range", "1..3", "--qualifier", "at-least"], "a range cannot be qualified 'at-least'"),
        (&["--value", "--3"], "is not a number"),
        (&["--about", "raid deaths"], "cannot be an about key"),
        (&["--key", "C9"], "reads as an id"),
        (&["--key", "claim-9"], "export names records without a key that way"),
        (&["--by", "nobody"], "no actor 'nobody'"),
    ];
    let before = w.event_count();
    for (extra, message) in cases {
        let mut args = vec!["claim", "add", "Two were killed", "--source", "article"];
        args.extend_from_slice(extra);
        let err = w.fails(1, &args);
        assert!(err.contains(message), "{extra:?}: {err}");
    }
    let err = w.fails(1, &["claim", "add", "  ", "--source", "article"]);
    assert!(err.contains("the claim's text is empty"), "{err}");
    let err = w.fails(1, &["claim", "add", "X", "--source", "nowhere"]);
    assert!(err.contains("no source 'nowhere'"), "{err}");
    let err = w.fails(2, &["claim", "add", "X", "--source", "article", "--value", "1", "--range", "1..2"]);
    assert!(err.contains("cannot be used with"), "{err}");
    assert_eq!(w.event_count(), before);
}

#[test]
fn quantities_are_read_in_words() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&[
        "claim",
        "add",
        "Civilians killed",
        "--source",
        "article",
        "--value",
        "12000",
        "--qualifier",
        "more-than",
        "--unit",
        "civilians",
        "--key",
        "victims",
    ]);
    w.ok(&[
        "claim",
        "add",
        "Exiles",
        "--source",
        "article",
        "--range",
        "2000..2500.5",
        "--qualifier",
        "about",
        "--unit",
        "people",
    ]);
    let rows = w.json(&["claim", "list", "--format", "json"]);
    assert_eq!(rows[1]["quantity"], "more than 12,000 civilians");
    assert_eq!(rows[1]["key"], "victims");
    assert_eq!(rows[2]["quantity"], "about 2000 to 2500.5 people");
}

#[test]
fn a_later_stance_supersedes_and_a_repeated_one_changes_nothing() {
    let w = Workdir::new();
    w.death_claim();
    let before = w.event_count();
    let out = w.output(&["dispute", "C1", "--by", "albania"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "T2\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing changed"));
    assert_eq!(w.event_count(), before);

    assert_eq!(w.ok(&["assert", "C1", "--by", "albania", "--date", "2023-06-21"]), "T3\n");
    let claim = w.json(&["claim", "show", "C1", "--format", "json"]);
    let stances = claim["stances"].as_array().unwrap();
    assert_eq!(stances.len(), 3, "the earlier stance stays in the record");
    assert_eq!(stances[1]["current"], false);
    assert_eq!(stances[1]["superseded_by"], "T3");
    assert_eq!(stances[2]["stance"], "asserts");
    assert_eq!(stances[2]["date"], "2023-06-21");
    let listed = w.json(&["claim", "list", "--format", "json"]);
    assert_eq!(listed[0]["disputed_by"], serde_json::json!([]));

    let err = w.fails(1, &["assert", "C1", "--by", "albania", "--date", "yesterday"]);
    assert!(err.contains("'yesterday' is not a date"), "{err}");
    let err = w.fails(1, &["assert", "C9", "--by", "albania"]);
    assert!(err.contains("no claim 'C9'"), "{err}");
}

#[test]
fn notes_tags_and_verdicts_are_kept_with_who_and_when() {
    let w = Workdir::new();
    w.death_claim();
    assert_eq!(w.ok(&["tag", "C1", "casualties", "Raid"]), "N1\nN2\n");
    let before = w.event_count();
    assert_eq!(w.ok(&["tag", "C1", "raid"]), "", "a tag the claim has is not added twice");
    assert_eq!(w.event_count(), before);
    w.ok(&["verdict", "C1", "false"]);
    w.ok(&["verdict", "C1", "unproven", "--rationale", "Only one side", "--as", "editor"]);
    let claim = w.json(&["claim", "show", "C1", "--format", "json"]);
    assert_eq!(claim["tags"], serde_json::json!(["casualties", "raid"]));
    assert_eq!(claim["verdict"]["rating"], "unproven");
    assert_eq!(claim["verdict"]["by"], "editor");
    assert_eq!(claim["earlier_verdicts"][0]["rating"], "false");
    assert_eq!(claim["earlier_verdicts"][0]["by"], "tester");

    let err = w.fails(2, &["verdict", "C1", "probably"]);
    assert!(err.contains("probably"), "{err}");
    let err = w.fails(1, &["note", "C1", " "]);
    assert!(err.contains("the note is empty"), "{err}");
    let err = w.fails(1, &["tag", "C1", "two words"]);
    assert!(err.contains("cannot be a tag"), "{err}");
}

#[test]
fn claim_list_filters() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["source", "add", "State media", "--key", "irna"]);
    w.ok(&["actor", "add", "Iran state media", "--key", "irib", "--kind", "media"]);
    w.ok(&[
        "claim",
        "add",
        "More than 12000 civilians were killed by the group",
        "--source",
        "irna",
        "--topic",
        "History",
        "--by",
        "irib",
    ]);
    w.ok(&["claim", "add", "Police seized 150 computer devices", "--source", "article", "--topic", "seizures"]);
    let ids = |args: &[&str]| -> Vec<String> {
        let mut full = vec!["claim", "list", "--format", "json"];
        full.extend_from_slice(args);
        w.json(&full).as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids(&[]), ["C1", "C2", "C3"]);
    assert_eq!(ids(&["--topic", "history"]), ["C2"]);
    assert_eq!(ids(&["--by", "IRIB"]), ["C2"]);
    assert_eq!(ids(&["--by", "albania"]), ["C1"]);
    assert_eq!(ids(&["--source", "article"]), ["C1", "C3"]);
    assert_eq!(ids(&["--search", "computer devices"]), ["C3"]);
    assert_eq!(ids(&["--search", "killed"]), ["C1", "C2"]);
    assert_eq!(ids(&["--search", "\"unbalanced"]), Vec::<String>::new());
    assert_eq!(ids(&["--contested"]), ["C1"]);
    assert_eq!(ids(&["--topic", "nothing"]), Vec::<String>::new());
}

#[test]
fn commands_need_an_existing_ledger_and_do_not_create_one() {
    let w = Workdir::new();
    let err = w.fails(1, &["claim", "list"]);
    assert!(err.contains("no ledger at 'claimledger.db'"), "{err}");
    assert!(err.contains("hint: create one with `claimledger init`"), "{err}");
    assert!(!w.db().exists());
    w.ok(&["--db", "other.db", "init"]);
    assert!(w.path("other.db").exists());
    let out = w.cmd(&["source", "list", "--format", "json"]).env("CLAIMLEDGER_DB", "other.db").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "[]\n");
}

#[test]
fn without_user_or_logname_the_recorder_is_the_login_name() {
    let w = Workdir::new();
    w.ok(&["init"]);
    let out = w.cmd(&["source", "add", "A report"]).env_remove("CLAIMLEDGER_USER").output().unwrap();
    assert!(out.status.success());
    let log = w.json(&["log", "--format", "json"]);
    let author = log[0]["author"].as_str().unwrap().to_string();
    let expected = String::from_utf8(std::process::Command::new("id").arg("-un").output().unwrap().stdout).unwrap();
    assert_eq!(author, expected.trim());
}
