//! Quotes are checked against a source's archived text and kept in context.

use crate::fixture::Workdir;

pub const ARTICLE: &str = "Police seized 150 computer devices on Tuesday.\nThe group’s spokesman said “one member” was killed — a claim the authorities denied.\n";

fn with_article() -> Workdir {
    let w = Workdir::new();
    w.ok(&["init"]);
    w.write_file("article.txt", ARTICLE);
    w.ok(&["source", "add", "Short report", "--key", "report", "--text-file", "article.txt"]);
    w.ok(&["actor", "add", "The group", "--key", "group", "--kind", "organization"]);
    w.ok(&["actor", "add", "The authorities", "--key", "authorities", "--kind", "government"]);
    w
}

#[test]
fn an_exact_quote_is_anchored_and_shown_in_context() {
    let w = with_article();
    w.ok(&[
        "claim",
        "add",
        "Police seized 150 devices",
        "--source",
        "report",
        "--quote",
        "seized 150 computer devices",
    ]);
    let claim = w.json(&["claim", "show", "C1", "--format", "json"]);
    assert_eq!(claim["quote"]["start"], 7);
    assert_eq!(claim["quote"]["end"], 34);
    assert_eq!(claim["quote"]["before"], "Police ");
    assert_eq!(claim["quote"]["after"], " on Tuesday.\nThe group’s spokesm");
    let table = w.ok(&["claim", "show", "C1"]);
    assert!(table.contains("…Police «seized 150 computer devices» on Tuesday."), "{table}");
}

#[test]
fn whitespace_and_typographic_differences_are_accepted() {
    let w = with_article();
    w.ok(&[
        "claim",
        "add",
        "One member was killed",
        "--source",
        "report",
        "--quote",
        "said \"one member\"   was killed - a claim",
        "--by",
        "group",
    ]);
    w.ok(&["dispute", "C1", "--by", "authorities", "--quote", "a claim the\nauthorities denied"]);
    let claim = w.json(&["claim", "show", "C1", "--format", "json"]);
    assert_eq!(claim["quote"]["text"], "said \"one member\"   was killed - a claim", "the quote is kept as typed");
    let start = claim["quote"]["start"].as_u64().unwrap() as usize;
    let end = claim["quote"]["end"].as_u64().unwrap() as usize;
    let found: String = ARTICLE.chars().skip(start).take(end - start).collect();
    assert_eq!(found, "said “one member” was killed — a claim");
    assert_eq!(claim["stances"][1]["quote"]["after"], ".\n");
}

#[test]
fn a_misquote_is_refused_with_the_closest_passage() {
    let w = with_article();
    let err =
        w.fails(1, &["claim", "add", "151 devices", "--source", "report", "--quote", "seized 151 computer devices"]);
    assert!(err.contains("quote \"seized 151 computer devices\" is not in the text of source report"), "{err}");
    assert!(err.contains("hint: the closest passage is \"seized 150 computer devices\""), "{err}");
    w.ok(&["claim", "add", "A claim", "--source", "report"]);
    let err = w.fails(1, &["assert", "C1", "--by", "group", "--quote", "Police Seized 150"]);
    assert!(err.contains("is not in the text"), "case differences are not ignored: {err}");
}

#[test]
fn a_source_without_archived_text_takes_quotes_as_given() {
    let w = Workdir::new();
    w.ok(&["init"]);
    w.ok(&["source", "add", "Phone call"]);
    w.ok(&["claim", "add", "X", "--source", "S1", "--quote", "anything at all"]);
    let claim = w.json(&["claim", "show", "C1", "--format", "json"]);
    assert_eq!(claim["quote"]["text"], "anything at all");
    assert_eq!(claim["quote"]["start"], serde_json::Value::Null);
}
