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

/// Listings take `--raw` as exports do: cells exactly as recorded, formula-like or not; only with CSV.
#[test]
fn listing_csv_is_raw_on_request_as_exports_are() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["claim", "add", "=HYPERLINK(\"http://evil\")", "--source", "article", "--topic", "deaths"]);
    w.ok(&["actor", "add", "+1 Agency", "--kind", "media"]);
    let text = |args: &[&str]| {
        let csv_text = w.ok(args);
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>()).collect::<Vec<_>>()
    };
    assert_eq!(text(&["claim", "list", "--format", "csv", "--raw"])[1][4], "=HYPERLINK(\"http://evil\")");
    assert_eq!(text(&["claim", "list", "--format", "csv"])[1][4], "'=HYPERLINK(\"http://evil\")");
    assert_eq!(text(&["export", "claims", "--raw"])[1][4], "=HYPERLINK(\"http://evil\")", "as the export");
    let actors = text(&["actor", "list", "--format", "csv", "--raw"]);
    assert!(actors.iter().any(|row| row.iter().any(|c| c == "+1 Agency")), "{actors:?}");
    let err = w.fails(1, &["claim", "list", "--raw"]);
    assert!(err.contains("--raw") && err.contains("not CSV") && err.contains("hint: add --format csv"), "{err}");
    assert_eq!(err.lines().count(), 2, "one line and its hint: {err}");
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
    // `tag` may add several: their rows, as `export annotations` has them.
    let tags = w.json(&["tag", "C2", "injuries", "hospital", "--format", "json"]);
    let tags: Vec<(&str, &str, &str)> = tags
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["id"].as_str().unwrap(), t["kind"].as_str().unwrap(), t["text"].as_str().unwrap()))
        .collect();
    assert_eq!(tags, [("N3", "tag", "injuries"), ("N4", "tag", "hospital")]);
    assert_eq!(w.ok(&["tag", "C2", "hospital", "--format", "csv"]).lines().count(), 1, "the header alone");
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

/// A long table is printed page by page: every row, in order; a page goes on
/// in the same table, in its widths, unless a column whose cells fitted would
/// wrap (the ids grow a digit at C1000), which starts a table of its own.
#[test]
fn a_long_table_is_printed_page_by_page() {
    let w = Workdir::new();
    let mut file = String::from("[[source]]\nkey = \"wire\"\ntitle = \"Wire\"\n");
    for i in 1..=1203 {
        // Later claims say more: a page cannot size them all from the first.
        let text =
            if i > 1100 { format!("Claim {i}, {}", "with many more words ".repeat(6)) } else { format!("Claim {i}") };
        file.push_str(&format!("\n[[claim]]\nkey = \"k{i}\"\ntext = \"{text}\"\nsource = \"wire\"\n"));
    }
    w.write_file("many.toml", &file);
    w.ok(&["import", "many.toml"]);
    for width in ["80", "120"] {
        let out = w.cmd(&["claim", "list"]).env("COLUMNS", width).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let limit: usize = width.parse().unwrap();
        assert!(lines.iter().all(|l| l.chars().count() <= limit));
        // Each table's lines are as wide as its top border.
        let mut table_width = 0;
        for line in &lines {
            if line.starts_with('┌') {
                table_width = line.chars().count();
            }
            assert_eq!(line.chars().count(), table_width, "{line}");
        }
        // Pages of 500: C1..C500 in one table; C501..C1000 need a wider id
        // column, and the long texts from C1101 a wider text column.
        let headers = lines.iter().filter(|l| l.contains(" id ")).count();
        assert!(headers >= 2, "{headers} tables");
        assert_eq!(lines.iter().filter(|l| l.starts_with('┌')).count(), headers, "a header for each table");
        assert_eq!(lines.iter().filter(|l| l.starts_with('└')).count(), headers);
        let tables_before = |id: &str| {
            let at = lines.iter().position(|l| l.starts_with(&format!("│ {id} "))).unwrap();
            lines[..at].iter().filter(|l| l.contains(" id ")).count()
        };
        assert_eq!(tables_before("C500"), 1, "the first page in the first table");
        assert_eq!(tables_before("C501"), 2, "the page that reaches C1000 in a table of its own");
        assert!(lines.last().unwrap().starts_with('└'));
        let ids: Vec<&str> = lines
            .iter()
            .filter_map(|l| l.split('┆').next()?.trim_start_matches('│').trim().strip_prefix('C'))
            .collect();
        let expected: Vec<String> = (1..=1203).map(|i| i.to_string()).collect();
        assert_eq!(ids, expected, "every row, in order");
    }
    // The same rows as CSV.
    assert_eq!(w.ok(&["claim", "list", "--format", "csv"]).lines().count(), 1204);
}

/// The words of a table's cells: what lies between its borders.
fn words(table: &str) -> Vec<String> {
    let borders = |c: char| "│┆┌┐└┘├┤┬┴┼─═╞╡╪".contains(c);
    table.split(|c: char| borders(c) || c.is_whitespace()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// At 60 and 80 columns, tables break lines between words: every word of a
/// listing or a dossier is one that the same table shows whole when it is
/// wide enough for every line (but for words longer than a narrow column),
/// and each line fits.
#[test]
fn narrow_tables_break_lines_between_words() {
    let w = Workdir::new();
    w.bundled_article();
    w.ok(&["link", "raid-deaths", "supports", "raid-injuries-mek", "--note", "Both from the MEK's statement"]);
    w.ok(&["claim", "amend", "raid-deaths", "--topic", "casualties", "--reason", "A closer topic"]);
    let commands: [&[&str]; 9] = [
        &["claim", "list"],
        &["contested"],
        &["figures"],
        &["log", "--limit", "30"],
        &["source", "list"],
        &["actor", "list"],
        &["claim", "show", "raid-deaths"],
        &["source", "show", "article"],
        &["claim", "show", "camp-near-manze"],
    ];
    for args in commands {
        let wide = w.cmd(args).env("COLUMNS", "1000").output().unwrap();
        let whole: std::collections::HashSet<String> =
            words(&String::from_utf8(wide.stdout).unwrap()).into_iter().collect();
        for width in [60, 80] {
            let out = w.cmd(args).env("COLUMNS", width.to_string()).output().unwrap();
            let text = String::from_utf8(out.stdout).unwrap();
            for line in text.lines() {
                assert!(line.chars().count() <= width, "{args:?} at {width}: a line is too long:\n{text}");
                if let Some(at) = line.find("2026-01-02T") {
                    assert!(
                        line[at..].starts_with(crate::fixture::NOW),
                        "{args:?} at {width}: a timestamp split:\n{text}"
                    );
                }
            }
            // Only a word longer than a narrow column can be (a SHA-256 in hex) is split.
            let too_long = |part: &str| whole.iter().any(|w| w.chars().count() > 40 && w.contains(part));
            for word in words(&text) {
                assert!(
                    whole.contains(&word) || too_long(&word),
                    "{args:?} at {width}: '{word}' is part of a word:\n{text}"
                );
            }
        }
    }
}

/// Colour follows the terminal's conventions (NO_COLOR, CLICOLOR=0,
/// TERM=dumb, CLICOLOR_FORCE); whatever they say, the text is the same.
#[test]
fn colour_follows_the_terminal_conventions_and_never_changes_the_text() {
    let w = Workdir::new();
    w.death_claim();
    let bin = assert_cmd::cargo::cargo_bin("claimledger");
    let db = w.db();
    // In a terminal (a pseudo-terminal from `script`), with this environment.
    let in_terminal = |env: &[(&str, &str)]| -> Option<String> {
        let mut cmd = std::process::Command::new("script");
        let command = format!("{} --db {} claim list", bin.display(), db.display());
        cmd.args(["-qec", &command, "/dev/null"]).env_clear().env("PATH", "/usr/bin:/bin").env("COLUMNS", "100");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let out = cmd.output().ok().filter(|o| o.status.success())?;
        Some(String::from_utf8(out.stdout).unwrap().replace('\r', ""))
    };
    let piped = |env: &[(&str, &str)]| {
        let mut cmd = w.cmd(&["claim", "list"]);
        cmd.env_remove("NO_COLOR");
        for (key, value) in env {
            cmd.env(key, value);
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    let plain = piped(&[]);
    let strip = |text: &str| text.replace("\u{1b}[1m", "").replace("\u{1b}[0m", "");
    assert!(!plain.contains('\u{1b}'), "no styling into a pipe:\n{plain}");
    let forced = piped(&[("CLICOLOR_FORCE", "1")]);
    assert!(forced.contains("\u{1b}[1m"), "CLICOLOR_FORCE styles a pipe too:\n{forced}");
    assert_eq!(strip(&forced), plain);
    assert!(!piped(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains('\u{1b}'), "NO_COLOR wins");

    let Some(styled) = in_terminal(&[("TERM", "xterm")]) else {
        eprintln!("note: no `script` to make a terminal with; the terminal half of this test did not run");
        return;
    };
    assert!(styled.contains("\u{1b}[1m"), "bold headers on a terminal:\n{styled}");
    assert_eq!(strip(&styled), plain, "a terminal changes styling, never the text");
    for env in [
        [("TERM", "xterm"), ("NO_COLOR", "1")],
        [("TERM", "dumb"), ("TERM", "dumb")],
        [("TERM", "xterm"), ("CLICOLOR", "0")],
    ] {
        let text = in_terminal(&env).unwrap();
        assert!(!text.contains('\u{1b}'), "{env:?}: no styling:\n{text}");
        assert_eq!(text, plain, "{env:?}");
    }
}
