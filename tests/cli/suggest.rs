//! `suggest`: a source's check-worthy sentences, speakers, disputers and
//! figures, and the draft claims file made of them.

use serde_json::Value;

use crate::fixture::Workdir;

/// A ledger of the bundled article's source and actors, without its claims.
fn article_without_claims() -> Workdir {
    let w = Workdir::new();
    w.copy_claims();
    let file = std::fs::read_to_string(w.path("claims/ashraf3-raid.toml")).unwrap();
    let head = &file[..file.find("[[claim]]").unwrap()];
    w.write_file("claims/records.toml", head);
    w.ok(&["import", "claims/records.toml"]);
    w
}

fn article_text() -> Vec<char> {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/claims/ashraf3-raid.txt")).unwrap().chars().collect()
}

fn starting<'a>(rows: &'a [Value], words: &str) -> &'a Value {
    rows.iter().find(|r| r["text"].as_str().unwrap().starts_with(words)).unwrap_or_else(|| panic!("no '{words}…'"))
}

fn actors(people: &Value) -> Vec<String> {
    people.as_array().unwrap().iter().map(|p| p["actor"].as_str().unwrap_or("").to_string()).collect()
}

#[test]
fn every_check_worthy_sentence_of_the_article_is_suggested_and_the_question_is_not() {
    let w = article_without_claims();
    let all = w.json(&["suggest", "article", "--all", "--format", "json"]);
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 21);
    for row in all {
        let question = row["text"] == "Who exactly are the Mujahedeen group?";
        assert_eq!(row["suggested"], !question, "{row}");
    }
    // The default lists only the suggested ones, best first.
    let suggested = w.json(&["suggest", "article", "--format", "json"]);
    let scores: Vec<f64> = suggested.as_array().unwrap().iter().map(|r| r["score"].as_f64().unwrap()).collect();
    assert_eq!(scores.len(), 20);
    assert!(scores.windows(2).all(|p| p[0] >= p[1]), "{scores:?}");
    assert!(suggested[0]["reasons"].as_array().is_some_and(|r| !r.is_empty()));
}

#[test]
fn the_speakers_and_disputers_of_the_article_are_found_with_their_actors() {
    let w = article_without_claims();
    let rows = w.json(&["suggest", "article", "--all", "--format", "json"]);
    let rows = rows.as_array().unwrap();
    let death = starting(rows, "Later in a separate statement");
    assert_eq!(actors(&death["speaker"]), ["gobadi"]);
    assert_eq!(death["speaker"][0]["name"], "Shahin Gobadi");
    assert_eq!(actors(&death["disputed_by"]), ["albanian-authorities"]);
    let injuries = starting(rows, "In a statement that was released");
    assert_eq!(actors(&injuries["speaker"]), ["cuci", "rrumbullaku"]);
    let state_media = starting(rows, "In less than a year");
    assert_eq!(actors(&state_media["speaker"]), ["iran-state-media"]);
    let letter = starting(rows, "However, only a few hours");
    assert_eq!(actors(&letter["speaker"]), ["nunez"]);
    assert!(letter["speaker"][0]["written"].as_str().unwrap().contains("Paris police chief Laurent Nunez"));
}

#[test]
fn the_figures_of_the_article_are_parsed() {
    let w = article_without_claims();
    let rows = w.json(&["suggest", "article", "--all", "--format", "json"]);
    let figures: Vec<(f64, String, String)> = rows
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["figures"].as_array().unwrap().clone())
        .filter(|f| f["unit"] != "year")
        .map(|f| {
            (f["value"].as_f64().unwrap(), f["qualifier"].as_str().unwrap().into(), f["unit"].as_str().unwrap().into())
        })
        .collect();
    for wanted in [
        (150.0, "exact", "devices"),
        (12000.0, "more-than", "civilians"),
        (2500.0, "about", "exiles"),
        (127.0, "exact", "buildings"),
        (100.0, "exact", "acres"),
    ] {
        assert!(figures.contains(&(wanted.0, wanted.1.into(), wanted.2.into())), "{wanted:?} not in {figures:?}");
    }
}

#[test]
fn every_text_is_the_archive_sliced_at_its_code_point_offsets() {
    let w = article_without_claims();
    let chars = article_text();
    for line in w.ok(&["suggest", "article", "--all", "--format", "jsonl"]).lines() {
        let row: Value = serde_json::from_str(line).unwrap();
        let (start, end) = (row["start"].as_u64().unwrap() as usize, row["end"].as_u64().unwrap() as usize);
        assert_eq!(row["text"].as_str().unwrap(), chars[start..end].iter().collect::<String>());
    }
}

#[test]
fn the_draft_imports_into_an_empty_ledger_with_every_quote_verbatim() {
    let w = article_without_claims();
    w.ok(&["suggest", "article", "--format", "toml", "-o", "draft.toml"]);
    let draft = std::fs::read_to_string(w.path("draft.toml")).unwrap();
    assert!(draft.starts_with("# A draft made by `claimledger suggest`"), "{draft}");
    let sentences = w.json(&["suggest", "article", "--format", "json"]);
    let empty = w.path("empty.db");
    let empty = empty.to_str().unwrap();
    w.ok(&["--db", empty, "import", "draft.toml"]);
    w.ok(&["--db", empty, "verify"]);
    let claims = w.json(&["--db", empty, "export", "claims", "--format", "json"]);
    let claims = claims.as_array().unwrap();
    assert_eq!(claims.len(), 20);
    let chars = article_text();
    for s in sentences.as_array().unwrap() {
        let text = s["text"].as_str().unwrap();
        let claim = claims.iter().find(|c| c["quote"] == text).unwrap_or_else(|| panic!("no claim quotes '{text}'"));
        let start = s["start"].as_u64().unwrap() as usize;
        assert_eq!(
            claim["quote"].as_str().unwrap(),
            chars[start..s["end"].as_u64().unwrap() as usize].iter().collect::<String>()
        );
    }
    // The death claim: asserted by Gobadi, disputed by the authorities, the ledger's actors.
    let death = claims.iter().find(|c| c["quote"].as_str().unwrap().starts_with("Later in a separate")).unwrap();
    assert_eq!(death["asserted_by"], serde_json::json!(["Shahin Gobadi"]));
    assert_eq!(death["disputed_by"], serde_json::json!(["Albanian authorities"]));
    // The figures parsed become the claims' figures.
    assert!(claims.iter().any(|c| c["low"] == 150 && c["unit"] == "devices" && c["qualifier"] == "exact"));
    assert!(claims.iter().any(|c| c["low"] == 12000 && c["qualifier"] == "more-than" && c["unit"] == "civilians"));
}

#[test]
fn a_sentence_already_quoted_by_a_claim_is_marked_and_left_out_of_the_draft() {
    let w = Workdir::new();
    w.bundled_article();
    let rows = w.json(&["suggest", "article", "--format", "json"]);
    let death = starting(rows.as_array().unwrap(), "Later in a separate statement");
    let covered: Vec<&str> = death["covered_by"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    let id = w.json(&["claim", "show", "raid-deaths", "--format", "json"])["id"].as_str().unwrap().to_string();
    assert!(covered.contains(&id.as_str()), "{covered:?} lacks {id}");
    let out = w.cmd(&["suggest", "article", "--format", "toml"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("already quoted by a claim"));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("[[claim]]"));
}

#[test]
fn a_text_file_is_read_without_a_ledger_and_speakers_new_to_it_become_draft_actors() {
    let w = Workdir::new();
    w.write_file(
        "statement.txt",
        "The ministry said on Monday that more than 40 people were arrested in the port city. A spokesman, Jon Vale, added that \"every arrest was lawful\". Will the talks resume?\n",
    );
    let rows = w.json(&["suggest", "statement.txt", "--all", "--format", "json"]);
    assert_eq!(rows[0]["speaker"][0]["name"], "ministry");
    assert_eq!(rows[0]["figures"][0]["value"].as_f64(), Some(40.0));
    assert_eq!(rows[0]["figures"][0]["qualifier"], "more-than");
    assert_eq!(rows[1]["speaker"][0]["name"], "Jon Vale");
    assert_eq!(rows[2]["suggested"], false);
    let draft = w.ok(&["suggest", "statement.txt", "--format", "toml"]);
    assert!(draft.contains("# draft: a speaker not in the ledger"), "{draft}");
    w.write_file("draft.toml", &draft);
    w.ok(&["import", "draft.toml"]);
    assert!(w.ok(&["actor", "list"]).contains("Jon Vale"));
}

#[test]
fn limit_min_score_and_csv() {
    let w = article_without_claims();
    let two = w.json(&["suggest", "article", "--limit", "2", "--format", "json"]);
    assert_eq!(two.as_array().unwrap().len(), 2);
    let low = w.json(&["suggest", "article", "--min-score", "0", "--format", "json"]);
    assert_eq!(low.as_array().unwrap().len(), 21);
    let csv = w.ok(&["suggest", "article", "--format", "csv"]);
    assert!(csv.starts_with("sentence,start,end,score,suggested,text,speaker,disputed_by,figures,covered_by,reasons"));
    assert!(csv.contains("Shahin Gobadi [gobadi]"));
    let table = w.ok(&["suggest", "article"]);
    assert!(table.contains("Shahin Gobadi"), "{table}");
}

#[test]
fn mistakes_are_one_line_with_a_hint() {
    let w = article_without_claims();
    let e = w.fails(1, &["suggest", "article", "--min-score", "2"]);
    assert!(e.contains("is not a score"), "{e}");
    let e = w.fails(1, &["suggest", "nowhere"]);
    assert!(e.contains("nowhere"), "{e}");
    w.ok(&["source", "add", "No text", "--key", "bare"]);
    let e = w.fails(1, &["suggest", "bare"]);
    assert!(e.contains("no archived text"), "{e}");
}
