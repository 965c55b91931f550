//! Exports: CSV read back equals JSON, hostile cells, empty ledgers, files.

use crate::fixture::Workdir;

fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    (header, rows)
}

/// A JSON value as its CSV cell reads.
fn cell(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

#[test]
fn csv_read_back_equals_the_json_rows() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["note", "C1", "A note, with \"quotes\" and\na newline"]);
    w.ok(&["tag", "C1", "casualties"]);
    w.ok(&[
        "claim",
        "add",
        "More than 12000 civilians",
        "--source",
        "article",
        "--about",
        "raid.deaths",
        "--value",
        "12000",
        "--qualifier",
        "more-than",
        "--unit",
        "people",
    ]);
    for what in ["claims", "stances", "contested", "annotations"] {
        let (header, rows) = csv_rows(&w.ok(&["export", what, "--raw"]));
        let json = w.json(&["export", what, "--format", "json"]);
        let json = json.as_array().unwrap();
        assert_eq!(rows.len(), json.len(), "{what}");
        assert!(!rows.is_empty(), "{what}");
        for (row, object) in rows.iter().zip(json) {
            let object = object.as_object().unwrap();
            assert_eq!(&header, &object.keys().cloned().collect::<Vec<_>>(), "{what}");
            let expected: Vec<String> = object.values().map(cell).collect();
            assert_eq!(row, &expected, "{what}");
        }
        let jsonl: Vec<serde_json::Value> =
            w.ok(&["export", what, "--format", "jsonl"]).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(&jsonl, json, "{what}");
    }
    let contested = w.json(&["export", "contested", "--format", "json"]);
    assert_eq!(contested[0]["conflicts_with"], serde_json::json!(["C2 (more than 12,000 people)"]));
}

#[test]
fn hostile_cells_are_neutralised_unless_raw() {
    let w = Workdir::new();
    w.death_claim();
    // Texts are trimmed on entry, so leading tabs and returns are covered by the unit test of `neutralize`.
    for text in ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)"] {
        w.ok(&["claim", "add", "--source", "article", "--", text]);
    }
    let (_, safe) = csv_rows(&w.ok(&["export", "claims"]));
    let (_, raw) = csv_rows(&w.ok(&["export", "claims", "--raw"]));
    let texts = |rows: &[Vec<String>]| rows.iter().skip(1).map(|r| r[4].clone()).collect::<Vec<_>>();
    assert_eq!(texts(&safe), ["'=cmd|' /C calc'!A0", "'+1+1", "'-2+3", "'@SUM(A1)"]);
    assert_eq!(texts(&raw), ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)"]);
}

#[test]
fn an_empty_ledger_exports_a_header_only_and_an_empty_array() {
    let w = Workdir::new();
    w.ok(&["init"]);
    for what in ["claims", "stances", "contested", "annotations", "links"] {
        let csv = w.ok(&["export", what]);
        assert_eq!(csv.lines().count(), 1, "{what}: {csv}");
        assert!(csv.starts_with("id,"), "{what}: {csv}");
        assert_eq!(w.ok(&["export", what, "--format", "json"]), "[]\n");
        assert_eq!(w.ok(&["export", what, "--format", "jsonl"]), "");
    }
    assert_eq!(w.ok(&["export", "ledger"]), "");
    assert_eq!(
        w.json(&["export", "ledger", "--format", "json"]),
        serde_json::json!({"source": [], "actor": [], "claim": [], "link": []})
    );
}

#[test]
fn export_to_a_file_replaces_it_whole() {
    let w = Workdir::new();
    w.death_claim();
    w.write_file("out.csv", "old contents");
    w.ok(&["export", "claims", "-o", "out.csv"]);
    let written = std::fs::read_to_string(w.path("out.csv")).unwrap();
    assert_eq!(written, w.ok(&["export", "claims"]));
    // The file keeps its mode; a new one gets an ordinary file's.
    use std::os::unix::fs::PermissionsExt;
    let mode = |name: &str| std::fs::metadata(w.path(name)).unwrap().permissions().mode() & 0o777;
    std::fs::set_permissions(w.path("out.csv"), std::fs::Permissions::from_mode(0o640)).unwrap();
    w.ok(&["export", "claims", "-o", "out.csv"]);
    assert_eq!(mode("out.csv"), 0o640);
    w.ok(&["export", "stances", "-o", "new.csv"]);
    assert_eq!(mode("new.csv"), 0o644);
    let err = w.fails(1, &["export", "claims", "-o", "no/such/dir/out.csv"]);
    assert!(err.contains("no/such/dir"), "{err}");
    let err = w.fails(1, &["export", "claims", "--format", "toml"]);
    assert!(err.contains("only the ledger exports as TOML"), "{err}");
    let err = w.fails(1, &["export", "ledger", "--format", "csv"]);
    assert!(err.contains("the ledger does not export as csv"), "{err}");
    assert!(err.contains("export claims, stances, contested, annotations or links for CSV"), "{err}");
    let leftovers: Vec<_> = std::fs::read_dir(w.path(""))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Like listings, exports leave withdrawn claims out, with their stances,
/// annotations and links; `--all` puts them in, marked.
#[test]
fn exports_leave_withdrawn_claims_and_their_records_out_unless_all() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["note", "C1", "Only the group's own spokesman"]);
    w.ok(&["tag", "C1", "casualties"]);
    w.ok(&["claim", "add", "Nobody died", "--source", "article", "--by", "albania"]);
    w.ok(&["note", "C2", "The ministry's word"]);
    w.ok(&["link", "C1", "contradicts", "C2"]);
    w.ok(&["claim", "withdraw", "C1", "--reason", "recorded twice"]);
    let column = |rows: &serde_json::Value, name: &str| -> Vec<serde_json::Value> {
        rows.as_array().unwrap().iter().map(|r| r[name].clone()).collect()
    };
    let export = |what: &str, all: bool| {
        let mut args = vec!["export", what, "--format", "json"];
        if all {
            args.push("--all");
        }
        w.json(&args)
    };

    assert_eq!(column(&export("claims", false), "id"), ["C2"]);
    let claims = export("claims", true);
    assert_eq!(column(&claims, "id"), ["C1", "C2"]);
    assert_eq!(column(&claims, "withdrawn"), [true, false]);

    assert_eq!(column(&export("stances", false), "claim"), ["C2"]);
    let stances = export("stances", true);
    assert_eq!(column(&stances, "claim"), ["C1", "C1", "C2"]);
    assert_eq!(column(&stances, "current"), [false, false, true], "a withdrawn claim's stances are not current");
    assert_eq!(column(&stances, "retracted"), [false, false, false]);

    assert_eq!(column(&export("annotations", false), "claim"), ["C2"]);
    assert_eq!(column(&export("annotations", true), "claim"), ["C1", "C1", "C2"]);

    assert_eq!(export("links", false), serde_json::json!([]));
    assert_eq!(column(&export("links", true), "id"), ["L1"]);

    // CSV says the same.
    let (header, rows) = csv_rows(&w.ok(&["export", "stances", "--all"]));
    let current = header.iter().position(|h| h == "current").unwrap();
    assert_eq!(rows.iter().map(|r| r[current].as_str()).collect::<Vec<_>>(), ["false", "false", "true"]);

    // The contested report never holds a withdrawn claim, and the ledger always does.
    let err = w.fails(1, &["export", "contested", "--all"]);
    assert!(err.contains("a withdrawn claim is never contested"), "{err}");
    let err = w.fails(1, &["export", "ledger", "--all"]);
    assert!(err.contains("always writes withdrawn claims"), "{err}");
    assert!(w.ok(&["export", "ledger"]).contains("Only the group's own spokesman"));
}

/// The bundled article's exports, byte for byte, as reviewed: a change to how
/// records are stored, read or written (say, for speed) must leave them as
/// they are. After a deliberate change to their content, review and accept
/// the new snapshots (`INSTA_UPDATE=always cargo test bundled_article`).
#[test]
fn the_bundled_articles_exports_are_unchanged() {
    let w = Workdir::new();
    let claims = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("claims/ashraf3-raid.toml");
    w.ok(&["import", claims.to_str().unwrap()]);
    for (what, format) in [
        ("claims", "csv"),
        ("stances", "csv"),
        ("contested", "csv"),
        ("annotations", "csv"),
        ("links", "csv"),
        ("claims", "jsonl"),
        ("ledger", "toml"),
        ("ledger", "json"),
    ] {
        let name = format!("bundled_article_{what}_{format}");
        insta::assert_snapshot!(name, w.ok(&["export", what, "--format", format]));
    }
}

/// `--bom` puts the UTF-8 byte order mark first, for Excel; the rest is the
/// same CSV. Output that is not CSV refuses it.
#[test]
fn a_byte_order_mark_begins_csv_for_spreadsheets() {
    let w = Workdir::new();
    w.death_claim();
    let plain = w.ok(&["export", "contested"]);
    w.ok(&["export", "contested", "--bom", "-o", "contested.csv"]);
    let file = std::fs::read(w.path("contested.csv")).unwrap();
    assert_eq!(&file[..3], b"\xEF\xBB\xBF");
    assert_eq!(&file[3..], plain.as_bytes());
    for args in [
        &["claim", "list", "--format", "csv", "--bom"][..],
        &["contested", "--format", "csv", "--bom"],
        &["log", "--format", "csv", "--bom"],
    ] {
        let with = w.ok(args);
        let without = w.ok(&args[..args.len() - 1]);
        assert_eq!(with.strip_prefix('\u{feff}'), Some(without.as_str()), "{args:?}");
    }
    let err = w.fails(1, &["contested", "--bom"]);
    assert!(err.contains("--bom marks CSV") && err.contains("hint: add --format csv"), "{err}");
    let err = w.fails(1, &["export", "ledger", "--bom"]);
    assert!(err.contains("--bom marks CSV"), "{err}");
    w.fails(1, &["export", "claims", "--format", "json", "--bom"]);
}

/// The contested CSV names each source by key, then by title and URL in
/// columns of their own at the end, in the same order.
#[test]
fn the_contested_csv_names_sources_by_title_and_url() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["source", "add", "Ministry statement", "--key", "ministry", "--url", "https://gov.example/statement"]);
    w.ok(&["assert", "C1", "--by", "mek", "--source", "ministry"]);
    let (header, rows) = csv_rows(&w.ok(&["contested", "--format", "csv"]));
    let columns = [
        "id",
        "key",
        "topic",
        "about",
        "text",
        "quantity",
        "answer",
        "asserted_by",
        "disputed_by",
        "conflicts_with",
        "sources",
        "verdict",
        "status",
        "source_titles",
        "source_urls",
    ];
    assert_eq!(header, columns);
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows[0][at("sources")], "article; ministry");
    assert_eq!(rows[0][at("source_titles")], "Raid report; Ministry statement");
    assert_eq!(rows[0][at("source_urls")], "; https://gov.example/statement");
    assert_eq!(w.ok(&["export", "contested"]), w.ok(&["contested", "--format", "csv"]));
    let json = w.json(&["contested", "--format", "json"]);
    assert_eq!(json[0]["source_urls"], serde_json::json!([null, "https://gov.example/statement"]));
}

#[test]
fn raw_and_bom_are_for_csv_only() {
    let w = Workdir::new();
    w.death_claim();
    for args in [
        &["export", "quotes", "--raw"][..],
        &["export", "claims", "--format", "json", "--raw"],
        &["export", "claimreview", "--bom"],
    ] {
        let err = w.fails(1, args);
        assert!(err.contains("this export is not CSV"), "{args:?}: {err}");
    }
}

#[test]
fn an_output_never_replaces_a_file_of_another_kind_without_force() {
    let w = Workdir::new();
    w.death_claim();
    let claims_file = w.write_file("mine.toml", "[[source]]\nkey = \"s\"\ntitle = \"Mine\"\n");
    let before = std::fs::read(&claims_file).unwrap();
    let err = w.fails(1, &["report", "-o", "mine.toml"]);
    assert!(err.contains("'mine.toml' exists and is not named as an HTML page"), "{err}");
    assert!(err.contains("--force"), "{err}");
    w.fails(1, &["export", "claims", "-o", "mine.toml"]);
    assert_eq!(std::fs::read(&claims_file).unwrap(), before);
    // A file of the output's own kind is replaced, as before; --force replaces any.
    w.write_file("old.csv", "id\nC9\n");
    w.ok(&["export", "claims", "-o", "old.csv"]);
    assert!(std::fs::read_to_string(w.path("old.csv")).unwrap().contains("C1"));
    w.ok(&["export", "ledger", "-o", "mine.toml", "--force"]);
    assert!(std::fs::read_to_string(&claims_file).unwrap().contains("Raid report"));
    w.ok(&["report", "-o", "page.html"]);
    w.ok(&["report", "-o", "page.html"]);
}
