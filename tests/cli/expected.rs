//! What people expect from the tools they know: `log -n N` and
//! `--newest-first` as in git, search by word forms and prefixes.

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
