//! What people expect from the tools they know: `log -n N`,
//! `--newest-first` and `--oneline` as in git, search by word forms and prefixes.

use crate::fixture::Workdir;

fn seqs(csv: &str) -> Vec<String> {
    csv.lines().skip(1).map(|l| l.split(',').next().unwrap().to_string()).collect()
}

#[test]
fn log_shows_the_newest_few_and_newest_first_on_request() {
    let w = Workdir::new();
    w.death_claim();
    let all = seqs(&w.ok(&["log", "--format", "csv"]));
    assert_eq!(all.len(), 7, "{all:?}");
    assert_eq!(seqs(&w.ok(&["log", "-n", "2", "--format", "csv"])), ["6", "7"]);
    assert_eq!(seqs(&w.ok(&["log", "--max-count", "2", "--newest-first", "--format", "csv"])), ["7", "6"]);
    let newest_first = seqs(&w.ok(&["log", "--newest-first", "--format", "csv"]));
    assert_eq!(newest_first, all.iter().rev().cloned().collect::<Vec<_>>());
    assert_eq!(seqs(&w.ok(&["log", "C1", "-n", "1", "--format", "csv"])), ["7"]);
    assert_eq!(seqs(&w.ok(&["log", "-n", "100", "--format", "csv"])), all);
}

#[test]
fn search_finds_word_forms_and_says_when_nothing_matches() {
    let w = Workdir::new();
    w.bundled_article();
    let found = |words: &str| seqs(&w.ok(&["claim", "list", "--search", words, "--format", "csv"]));
    assert_eq!(found("device"), ["C5", "C6"], "device finds devices");
    assert!(found("kill").contains(&"C14".to_string()), "kill finds killed");
    assert_eq!(found("devices"), ["C5", "C6"]);
    let out = w.output(&["claim", "list", "--search", "zeppelin", "--format", "csv"]);
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("note: no claim has words beginning with each of: zeppelin"), "{stderr}");
}

#[test]
fn log_oneline_gives_one_line_per_event_within_80_columns() {
    let w = Workdir::new();
    w.bundled_article();
    let events = w.event_count() as usize;
    // Off a terminal and without $COLUMNS: 80 columns.
    let lines = |args: &[&str], columns: Option<&str>| {
        let mut cmd = w.cmd(&[&["log", "--oneline"], args].concat());
        cmd.env_remove("COLUMNS");
        if let Some(columns) = columns {
            cmd.env("COLUMNS", columns);
        }
        let out = cmd.assert().success().get_output().stdout.clone();
        String::from_utf8(out).unwrap().lines().map(str::to_string).collect::<Vec<_>>()
    };
    let all = lines(&[], None);
    assert_eq!(all.len(), events);
    assert!(all.iter().all(|l| l.chars().count() <= 80), "{all:#?}");
    assert!(all[0].starts_with("1 2026-01-02 tester source.add S1 source '[Untitled article"), "{}", all[0]);
    assert!(all[0].ends_with('…'), "a long line is cut: {}", all[0]);
    assert!(all.iter().any(|l| l.contains("stance.add") && !l.ends_with('…')), "a short line is whole");
    let newest = lines(&["-n", "2", "--newest-first"], None);
    assert_eq!(newest, [all[events - 1].clone(), all[events - 2].clone()]);
    assert_eq!(lines(&["--offset", "1", "--limit", "2"], None), all[1..3]);
    assert!(lines(&[], Some("40")).iter().all(|l| l.chars().count() <= 40), "the terminal's width when known");
    let one = lines(&["raid-deaths"], None);
    assert!(one.iter().all(|l| l.contains("C14")), "{one:#?}");
    let err = w.fails(2, &["log", "--oneline", "--format", "csv"]);
    assert!(err.contains("'--oneline' cannot be used with '--format") && err.contains("hint:"), "{err}");
}
