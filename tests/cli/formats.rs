//! Output formats: the same rows as a table, CSV, JSON and JSON lines; empty
//! results; closed pipes.

use std::io::Read;
use std::process::Stdio;

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
        "id,key,topic,about,text,quantity,low,high,qualifier,unit,source,quote,asserted_by,disputed_by,verdict,tags\r\n"
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

#[test]
fn a_closed_pipe_is_a_clean_exit() {
    let w = Workdir::new();
    w.ok(&["init"]);
    // A big archived text makes the log larger than a pipe's buffer.
    w.write_file("big.txt", &"The police raided the camp. ".repeat(8000));
    w.ok(&["source", "add", "Big", "--text-file", "big.txt"]);
    for _ in 0..3 {
        w.ok(&["source", "add", "More", "--text-file", "big.txt"]);
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimledger"))
        .current_dir(w.path(""))
        .args(["log", "--format", "jsonl"])
        .env("CLAIMLEDGER_NOW", crate::fixture::NOW)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "");
}
