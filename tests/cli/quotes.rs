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

/// A report long enough that a misquote has passages to choose from.
const REPORT: &str = "Police raided the camp at dawn on Tuesday and seized 150 computer devices.\nResidents protested outside the gates until the evening.\n\nThe group’s spokesman, José Ferré, said “one member” was killed — a claim the authorities denied.\nA café owner nearby said the raid lasted three hours.\n";

/// The hint of a quote refused from source `source`.
fn closest_hint(w: &Workdir, source: &str, quote: &str) -> String {
    let err = w.fails(1, &["claim", "add", "x", "--source", source, "--quote", quote]);
    assert!(err.contains("is not in the text of source"), "{err}");
    let hint = err.split_once("hint: ").map(|(_, hint)| hint.trim_end()).unwrap_or_else(|| panic!("no hint: {err}"));
    hint.to_string()
}

fn passage(text: &str) -> String {
    format!("the closest passage is \"{text}\"")
}

#[test]
fn misquotes_are_shown_the_passage_at_the_least_edit_distance() {
    let w = Workdir::new();
    w.ok(&["init"]);
    w.write_file("report.txt", REPORT);
    w.ok(&["source", "add", "Report", "--key", "report", "--text-file", "report.txt"]);
    // One character changed.
    assert_eq!(closest_hint(&w, "report", "seized 150 computer devixes"), passage("seized 150 computer devices"));
    // A word dropped: the passage has the quote's length, so it stops short of the text's.
    assert_eq!(
        closest_hint(&w, "report", "Residents protested the gates until the evening"),
        passage("Residents protested outside the gates until the")
    );
    // Two words swapped.
    assert_eq!(closest_hint(&w, "report", "said “member one” was killed"), passage("said “one member” was killed"));
    // Across a line break: the passage is cut to the quote's length and its line break shown escaped.
    assert_eq!(
        closest_hint(&w, "report", "computer devices. Residents protested outsde"),
        passage("computer devices.\\nResidents protested outsid")
    );
    // Unicode: typographic quotes are folded, accents are not; the text's own characters are shown.
    assert_eq!(
        closest_hint(&w, "report", "group's spokesman, Jose Ferre, said \"one member\""),
        passage("group’s spokesman, José Ferré, said “one member”")
    );
    assert_eq!(closest_hint(&w, "report", "A cafe owner nearby"), passage("A café owner nearby"));
    // The quote's words are all in the text, but nowhere close together.
    assert_eq!(
        closest_hint(&w, "report", "hours gates member camp dawn café authorities"),
        "no passage of the text is close; check the source"
    );
}

#[test]
fn a_quote_longer_than_the_text_is_compared_with_all_of_it() {
    let w = Workdir::new();
    w.ok(&["init"]);
    w.write_file("short.txt", "Police seized 150 computer devices.\n");
    w.ok(&["source", "add", "Short", "--key", "short", "--text-file", "short.txt"]);
    assert_eq!(
        closest_hint(&w, "short", "Police seized 150 computer devices on Tuesday at dawn."),
        passage("Police seized 150 computer devices.")
    );
    assert_eq!(
        closest_hint(&w, "short", "The group’s spokesman said one member was killed in the raid."),
        "no passage of the text is close; check the source"
    );
}

#[test]
fn a_misquote_against_a_long_repetitive_source_finds_its_passage() {
    // Built like bench/compare.py's source, with a step that visits every word: 290,000 characters
    // of one sentence's words in a shifted order, so that every passage recurs all along the text.
    let words: Vec<&str> = "the police raided the camp at dawn and seized computers while residents protested outside"
        .split(' ')
        .collect();
    let text: String =
        (0..52_000).map(|i| words[(i * 3) % words.len()]).collect::<Vec<_>>().join(" ").chars().take(290_000).collect();
    let w = Workdir::new();
    w.ok(&["init"]);
    w.write_file("long.txt", &text);
    w.ok(&["source", "add", "A long report", "--key", "long", "--text-file", "long.txt"]);
    let passage_at = text[150_000..150_300].split(' ').skip(1).collect::<Vec<_>>();
    let original = passage_at[..passage_at.len() - 1].join(" ");
    let mut quote: Vec<char> = original.chars().collect();
    quote[100] = if quote[100] == 'x' { 'y' } else { 'x' };
    let quote: String = quote.into_iter().collect();
    assert_eq!(closest_hint(&w, "long", &quote), passage(&original));
}

#[test]
fn a_quote_matches_its_source_in_either_unicode_normal_form() {
    // Albanian place names, archived decomposed (as some systems copy text) and typed composed.
    let w = Workdir::new();
    w.ok(&["init"]);
    w.write_file("decomposed.txt", "The camp lies near Mane\u{308}z, in Durre\u{308}s County.\n");
    w.ok(&["source", "add", "Report", "--key", "report", "--text-file", "decomposed.txt"]);
    w.ok(&["claim", "add", "The camp is in Durrës County", "--source", "report", "--quote", "in Durr\u{eb}s County"]);
    let claim = w.json(&["claim", "show", "C1", "--format", "json"]);
    assert_eq!(claim["quote"]["start"], 27);
    assert_eq!(claim["quote"]["end"], 44, "the span covers the combining mark");
    // A quote that stops inside a letter is a misquote, not a match.
    let err = w.fails(1, &["claim", "add", "Near Mane", "--source", "report", "--quote", "near Mane"]);
    assert!(err.contains("is not in the text of source"), "{err}");
}
