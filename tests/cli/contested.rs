//! The contested report: disputes across camps, conflicting figures, filters.

use crate::fixture::Workdir;

fn ids(w: &Workdir, args: &[&str]) -> Vec<String> {
    let mut full = vec!["contested", "--format", "json"];
    full.extend_from_slice(args);
    w.json(&full).as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn the_death_claim_is_contested_across_camps() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["verdict", "C1", "unproven"]);
    let rows = w.json(&["contested", "--format", "json"]);
    assert_eq!(rows.as_array().unwrap().len(), 1);
    let row = &rows[0];
    assert_eq!(row["id"], "C1");
    assert_eq!(row["asserted_by"], serde_json::json!(["Shahin Gobadi"]));
    assert_eq!(row["disputed_by"], serde_json::json!(["Albanian authorities"]));
    assert_eq!(row["sources"], serde_json::json!(["article"]));
    assert_eq!(row["verdict"], "unproven", "a rated claim is still contested, with its verdict");
    assert_eq!(
        ids(&w, &[]),
        w.json(&["claim", "list", "--contested", "--format", "json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_dispute_within_the_asserters_camp_does_not_contest() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["claim", "add", "The camp holds 2,500 people", "--source", "article", "--by", "mek"]);
    w.ok(&["dispute", "C2", "--by", "gobadi"]);
    assert_eq!(ids(&w, &[]), ["C1"], "the group's own spokesperson disputing does not contest");
    w.ok(&["actor", "add", "Deputy spokesperson", "--key", "deputy", "--affiliation", "gobadi"]);
    w.ok(&["claim", "add", "Another", "--source", "article", "--by", "deputy"]);
    w.ok(&["dispute", "C3", "--by", "mek"]);
    assert_eq!(ids(&w, &[]), ["C1"], "up the chain: mek speaks through gobadi's deputy");
    w.ok(&["dispute", "C2", "--by", "albania"]);
    assert_eq!(ids(&w, &[]), ["C1", "C2"]);
    // A disputer that later asserts no longer disputes.
    w.ok(&["assert", "C1", "--by", "albania"]);
    assert_eq!(ids(&w, &[]), ["C2"]);
}

struct Case {
    name: &'static str,
    a: &'static [&'static str],
    b: &'static [&'static str],
    conflict: bool,
}

#[test]
fn conflicting_figures_follow_the_interval_rule() {
    let cases = [
        Case { name: "exact vs exact, equal", a: &["--value", "5"], b: &["--value", "5"], conflict: false },
        Case { name: "exact vs exact, different", a: &["--value", "5"], b: &["--value", "6"], conflict: true },
        Case {
            name: "exact below at-least",
            a: &["--value", "5"],
            b: &["--value", "12", "--qualifier", "at-least"],
            conflict: true,
        },
        Case {
            name: "exact at an at-least bound",
            a: &["--value", "12"],
            b: &["--value", "12", "--qualifier", "at-least"],
            conflict: false,
        },
        Case {
            name: "exact at a more-than bound",
            a: &["--value", "12"],
            b: &["--value", "12", "--qualifier", "more-than"],
            conflict: true,
        },
        Case {
            name: "more than 12000 vs exactly 9000",
            a: &["--value", "12000", "--qualifier", "more-than"],
            b: &["--value", "9000"],
            conflict: true,
        },
        Case {
            name: "about 100 meets 90",
            a: &["--value", "100", "--qualifier", "about"],
            b: &["--value", "90"],
            conflict: false,
        },
        Case {
            name: "about 100 meets 110",
            a: &["--value", "100", "--qualifier", "about"],
            b: &["--value", "110"],
            conflict: false,
        },
        Case {
            name: "about 100 misses 89.9",
            a: &["--value", "100", "--qualifier", "about"],
            b: &["--value", "89.9"],
            conflict: true,
        },
        Case {
            name: "about 100 misses 110.1",
            a: &["--value", "100", "--qualifier", "about"],
            b: &["--value", "110.1"],
            conflict: true,
        },
        Case { name: "ranges touching", a: &["--range", "1..5"], b: &["--range", "5..9"], conflict: false },
        Case { name: "ranges apart", a: &["--range", "1..4"], b: &["--range", "5..9"], conflict: true },
        Case {
            name: "at-most vs fewer-than",
            a: &["--value", "5", "--qualifier", "at-most"],
            b: &["--value", "3", "--qualifier", "fewer-than"],
            conflict: false,
        },
        Case {
            name: "fewer-than at an exact bound",
            a: &["--value", "3", "--qualifier", "fewer-than"],
            b: &["--value", "3"],
            conflict: true,
        },
        Case {
            name: "at-most at an at-least bound",
            a: &["--value", "3", "--qualifier", "at-most"],
            b: &["--value", "3", "--qualifier", "at-least"],
            conflict: false,
        },
        Case {
            name: "at-least vs more-than",
            a: &["--value", "3", "--qualifier", "at-least"],
            b: &["--value", "100", "--qualifier", "more-than"],
            conflict: false,
        },
    ];
    for case in cases {
        let w = Workdir::new();
        w.ok(&["init"]);
        w.ok(&["source", "add", "S", "--key", "s"]);
        for (key, extra) in [("first", case.a), ("second", case.b)] {
            let mut args =
                vec!["claim", "add", key, "--source", "s", "--about", "toll", "--unit", "people", "--key", key];
            args.extend_from_slice(extra);
            w.ok(&args);
        }
        let rows = w.json(&["contested", "--format", "json"]);
        let rows = rows.as_array().unwrap();
        if case.conflict {
            assert_eq!(rows.len(), 2, "{}: both claims are contested", case.name);
            let named = rows[0]["conflicts_with"][0].as_str().unwrap();
            assert!(named.starts_with("C2 ("), "{}: the rival claim is named: {named}", case.name);
            assert!(rows[1]["conflicts_with"][0].as_str().unwrap().starts_with("C1 ("));
        } else {
            assert!(rows.is_empty(), "{}: no conflict expected, got {rows:?}", case.name);
        }
    }
}

#[test]
fn different_units_or_questions_are_never_compared() {
    let w = Workdir::new();
    w.ok(&["init"]);
    w.ok(&["source", "add", "S", "--key", "s"]);
    w.ok(&["claim", "add", "a", "--source", "s", "--about", "toll", "--value", "5", "--unit", "people"]);
    w.ok(&["claim", "add", "b", "--source", "s", "--about", "toll", "--value", "9", "--unit", "soldiers"]);
    w.ok(&["claim", "add", "c", "--source", "s", "--about", "other", "--value", "9", "--unit", "people"]);
    w.ok(&["claim", "add", "d", "--source", "s", "--value", "9", "--unit", "people"]);
    assert!(ids(&w, &[]).is_empty());
    w.ok(&["claim", "add", "e", "--source", "s", "--about", "toll", "--value", "7", "--unit", "People"]);
    assert_eq!(ids(&w, &[]), ["C1", "C5"], "units compare without regard to case");
}

#[test]
fn filters_by_topic_and_actor() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["actor", "add", "Iran state media", "--key", "irna", "--kind", "media"]);
    w.ok(&["claim", "add", "MEK killed 12000", "--source", "article", "--topic", "history", "--by", "irna"]);
    w.ok(&["dispute", "C2", "--by", "mek"]);
    assert_eq!(ids(&w, &[]), ["C1", "C2"]);
    assert_eq!(ids(&w, &["--topic", "history"]), ["C2"]);
    assert_eq!(ids(&w, &["--by", "albania"]), ["C1"]);
    assert_eq!(ids(&w, &["--by", "MEK"]), ["C2"]);
    let err = w.fails(1, &["contested", "--by", "nobody"]);
    assert!(err.contains("no actor 'nobody'"), "{err}");
}

#[test]
fn the_table_is_readable_at_80_and_200_columns() {
    let w = Workdir::new();
    w.death_claim();
    for width in [80usize, 200] {
        let out = w.cmd(&["contested"]).env("COLUMNS", width.to_string()).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.lines().all(|l| l.chars().count() <= width), "{width}:\n{text}");
        assert!(text.contains("Shahin Gobadi"), "{width}:\n{text}");
        assert!(text.contains("authorities"), "{width}:\n{text}");
        assert!(text.lines().any(|l| l.contains("C1")), "{width}:\n{text}");
    }
}

#[test]
fn figures_show_the_range_and_the_most_conservative() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["actor", "add", "Hospital", "--key", "hospital", "--kind", "other"]);
    w.ok(&[
        "claim",
        "add",
        "About three died",
        "--source",
        "article",
        "--about",
        "raid.deaths",
        "--value",
        "3",
        "--qualifier",
        "about",
        "--unit",
        "people",
        "--by",
        "hospital",
    ]);
    // One row per figure, in fields: no sentence to parse.
    let rows = w.json(&["figures", "--format", "json"]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for row in rows {
        assert_eq!(row["about"], "raid.deaths");
        assert_eq!(row["unit"], "people");
        assert_eq!(row["question_low"], 1);
        assert_eq!(row["question_high"], 3);
        assert_eq!(row["most_conservative"], 1);
    }
    assert_eq!(rows[0]["claim"], "C1");
    assert_eq!(rows[0]["figure"], "1 person");
    assert_eq!(rows[0]["asserted_by"], serde_json::json!(["Shahin Gobadi"]));
    assert_eq!(rows[0]["disputed_by"], serde_json::json!(["Albanian authorities"]));
    assert_eq!(rows[0]["in_conflict"], true, "about 3 allows 2.7 at least: 1 is ruled out");
    assert_eq!(rows[1]["claim"], "C2");
    assert_eq!((rows[1]["low"].clone(), rows[1]["qualifier"].clone()), (3.into(), "about".into()));
    assert_eq!(rows[1]["asserted_by"], serde_json::json!(["Hospital"]));
    assert_eq!(rows[1]["sources"], 1);
    // The same rows as CSV, read back.
    let csv = w.ok(&["figures", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header[..4], ["about", "unit", "claim", "figure"]);
    assert_eq!(reader.records().count(), 2);
    // And for people, a table.
    let table = w.ok(&["figures"]);
    assert!(table.contains("about 3 people") && table.contains("Hospital"), "{table}");
    assert_eq!(w.json(&["figures", "--about", "nothing", "--format", "json"]), serde_json::json!([]));
}

/// The one-line summary names every reason a claim is contested (docs/contested.md).
#[test]
fn the_summary_of_contested_names_every_reason() {
    let w = Workdir::new();
    let help = w.ok(&["--help"]);
    let summary: String = help
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("contested "))
        // Its line, and the lines it wraps onto (indented deeper than command names).
        .take_while(|l| l.trim_start().starts_with("contested ") || l.starts_with("    "))
        .collect();
    for reason in ["disputed across camps", "figures", "answers", "contradicts"] {
        assert!(summary.contains(reason), "{reason}: {summary}");
    }
}

#[test]
fn contested_claims_filter_by_tag_and_verdict_as_listings_do() {
    let w = Workdir::new();
    w.bundled_article();
    w.ok(&["tag", "raid-deaths", "casualties"]);
    w.ok(&["verdict", "C7", "false"]);
    assert_eq!(ids(&w, &["--tag", "Casualties"]), ["C14"]);
    assert_eq!(ids(&w, &["--verdict", "false"]), ["C7"]);
    assert_eq!(ids(&w, &["--verdict", "true"]), Vec::<String>::new());
    assert_eq!(
        ids(&w, &["--tag", "casualties"]),
        w.json(&["claim", "list", "--contested", "--tag", "casualties", "--format", "json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    );
}
