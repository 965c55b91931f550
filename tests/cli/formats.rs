//! Output formats: the same rows as a table, CSV, JSON and JSON lines; empty
//! results. (Closed pipes, for every command and format, are in trust.rs.)

use crate::fixture::Workdir;

#[test]
fn csv_jsonl_and_json_carry_the_same_rows() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["claim", "add", "=HYPERLINK(\"http://evil\")", "--source", "article", "--topic", "deaths"]);
    let json = w.json(&["claim", "list", "--format", "json"]);
    let csv_text = w.ok(&["claim", "list", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let keys: Vec<String> = json[0].as_object().unwrap().keys().cloned().collect();
    assert_eq!(header, keys);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    assert_eq!(&records[0][0], "C1");
    let asserted = header.iter().position(|h| h == "asserted_by").unwrap();
    assert_eq!(&records[0][asserted], "Shahin Gobadi");
    assert_eq!(&records[1][4], "'=HYPERLINK(\"http://evil\")", "formula cells are neutralised");
    assert_eq!(json[1]["text"], "=HYPERLINK(\"http://evil\")");
    let lines: Vec<serde_json::Value> =
        w.ok(&["claim", "list", "--format", "jsonl"]).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(serde_json::Value::Array(lines), json);
}

#[test]
fn empty_results_are_valid_output() {
    let w = Workdir::new();
    w.ok(&["init"]);
    assert_eq!(w.ok(&["claim", "list", "--format", "json"]), "[]\n");
    assert_eq!(w.ok(&["claim", "list", "--format", "jsonl"]), "");
    assert_eq!(
        w.ok(&["claim", "list", "--format", "csv"]),
        "id,key,topic,about,text,quantity,low,high,qualifier,unit,answer,source,quote,asserted_by,disputed_by,verdict,status,tags,withdrawn\r\n"
    );
    assert!(w.ok(&["actor", "list"]).contains("(none)"));
}

#[test]
fn tables_fit_the_width_and_carry_no_colour_off_a_terminal() {
    let w = Workdir::new();
    w.death_claim();
    for width in ["80", "100", "200"] {
        let out = w.cmd(&["claim", "list"]).env("COLUMNS", width).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let limit: usize = width.parse().unwrap();
        assert!(text.lines().all(|l| l.chars().count() <= limit), "width {width}:\n{text}");
        assert!(!text.contains('\u{1b}'), "no escape codes off a terminal");
        assert!(text.contains("Gobadi"));
    }
}

/// A command that creates a record prints its id, or with `--format json` the record.
#[test]
fn create_commands_print_the_whole_record_as_json() {
    let w = Workdir::new();
    w.death_claim();
    let source = w.json(&["source", "add", "Statement", "--key", "statement", "--format", "json"]);
    assert_eq!((source["id"].as_str(), source["key"].as_str()), (Some("S2"), Some("statement")));
    let actor = w.json(&["actor", "add", "Police", "--kind", "government", "--alias", "ASP", "--format", "json"]);
    assert_eq!(actor["id"], "A4");
    assert_eq!(actor["aliases"], serde_json::json!(["ASP"]));
    let claim = w.json(&["claim", "add", "Two were hurt", "--source", "statement", "--value", "2", "--format", "json"]);
    assert_eq!((claim["id"].as_str(), claim["quantity"]["low"].as_i64()), (Some("C2"), Some(2)));
    let stance = w.json(&["dispute", "C2", "--by", "ASP", "--format", "json"]);
    assert_eq!((stance["id"].as_str(), stance["stance"].as_str()), (Some("T3"), Some("disputes")));
    assert_eq!(stance["actor"]["name"], "Police");
    let note = w.json(&["note", "C2", "Check with the hospital", "--format", "json"]);
    assert_eq!((note["id"].as_str(), note["by"].as_str()), (Some("N1"), Some("tester")));
    let verdict = w.json(&["verdict", "C2", "mixed", "--rationale", "Partly", "--format", "json"]);
    assert_eq!((verdict["rating"].as_str(), verdict["rationale"].as_str()), (Some("mixed"), Some("Partly")));
}

#[test]
fn an_invalid_clock_is_refused() {
    let w = Workdir::new();
    w.ok(&["init"]);
    let out = w.cmd(&["source", "add", "S"]).env("CLAIMLEDGER_NOW", "yesterday").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("CLAIMLEDGER_NOW 'yesterday' is not a timestamp"));
    assert_eq!(w.event_count(), 0);
}
