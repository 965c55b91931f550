//! Publishing: verdicts as schema.org ClaimReview, quotes as W3C Web
//! Annotations, and the settings that say who publishes.

use serde_json::Value;

use crate::fixture::Workdir;

/// A desk with its publisher set, a source on the web, and claims asserted
/// by a person, a government and a newspaper: one rated false, one
/// unproven, one not rated.
fn desk() -> Workdir {
    let w = Workdir::new();
    w.ok(&["init"]);
    w.ok(&["config", "set", "publisher.name", "Balkan Fact Desk"]);
    w.ok(&["config", "set", "publisher.url", "https://factdesk.example"]);
    w.ok(&[
        "source",
        "add",
        "Police raid MEK camp",
        "--key",
        "report",
        "--url",
        "https://news.example/raid",
        "--publisher",
        "Tirana Daily",
        "--published",
        "2023-06-20",
    ]);
    w.ok(&[
        "actor",
        "add",
        "Shahin Gobadi",
        "--key",
        "gobadi",
        "--kind",
        "person",
        "--url",
        "https://example.org/gobadi",
    ]);
    w.ok(&["actor", "add", "Albanian Police", "--key", "police", "--kind", "government"]);
    w.ok(&["actor", "add", "Tirana Daily", "--key", "daily", "--kind", "media"]);
    w.ok(&["claim", "add", "One member was killed", "--source", "report", "--key", "killed", "--by", "gobadi"]);
    w.ok(&["assert", "killed", "--by", "daily"]);
    w.ok(&["claim", "add", "150 devices were seized", "--source", "report", "--key", "devices", "--by", "police"]);
    w.ok(&["claim", "add", "The raid began at dawn", "--source", "report", "--key", "dawn"]);
    w.ok(&[
        "verdict",
        "killed",
        "false",
        "--rationale",
        "The hospital registered no death",
        "--url",
        "https://factdesk.example/killed",
    ]);
    w.ok(&["verdict", "devices", "unproven", "--url", "https://factdesk.example/devices"]);
    w
}

fn reviews(w: &Workdir) -> Vec<Value> {
    w.json(&["export", "claimreview"]).as_array().unwrap().clone()
}

#[test]
fn each_rated_claim_is_a_claimreview_with_googles_required_fields() {
    let w = desk();
    let reviews = reviews(&w);
    assert_eq!(reviews.len(), 2, "the claim without a verdict is left out");
    let killed = &reviews[0];
    // JSON-LD in the schema.org vocabulary.
    assert_eq!(killed["@context"], "https://schema.org");
    assert_eq!(killed["@type"], "ClaimReview");
    // What Google's ClaimReview guidelines require, and recommend.
    assert_eq!(killed["claimReviewed"], "One member was killed");
    assert_eq!(killed["url"], "https://factdesk.example/killed");
    assert_eq!(killed["reviewRating"]["@type"], "Rating");
    assert_eq!(killed["reviewRating"]["alternateName"], "False");
    assert_eq!(killed["reviewRating"]["name"], "False");
    assert_eq!(killed["reviewRating"]["identifier"]["propertyID"], "claimledger:rating");
    assert_eq!(killed["reviewRating"]["identifier"]["value"], "false");
    assert_eq!(killed["reviewRating"]["ratingValue"], 1);
    assert_eq!(killed["reviewRating"]["bestRating"], 5);
    assert_eq!(killed["reviewRating"]["worstRating"], 1);
    assert_eq!(killed["author"]["@type"], "Organization");
    assert_eq!(killed["author"]["name"], "Balkan Fact Desk");
    assert_eq!(killed["author"]["url"], "https://factdesk.example");
    assert_eq!(killed["datePublished"], "2026-01-02");
    assert_eq!(killed["reviewBody"], "The hospital registered no death");
    let item = &killed["itemReviewed"];
    assert_eq!(item["@type"], "Claim");
    let authors: Vec<(&str, &str)> = item["author"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["@type"].as_str().unwrap(), a["name"].as_str().unwrap()))
        .collect();
    assert_eq!(authors, [("Person", "Shahin Gobadi"), ("NewsMediaOrganization", "Tirana Daily")]);
    assert_eq!(item["author"][0]["url"], "https://example.org/gobadi");
    let first = &item["firstAppearance"];
    assert_eq!(first["@type"], "CreativeWork");
    assert_eq!(first["url"], "https://news.example/raid");
    assert_eq!(first["headline"], "Police raid MEK camp");
    assert_eq!(first["publisher"]["name"], "Tirana Daily");
    assert_eq!(first["datePublished"], "2023-06-20");
    assert_eq!(item["appearance"][0], *first);
    // When the claim was made: the earliest of its source's date and its assertions' dates.
    assert_eq!(item["datePublished"], "2023-06-20");

    // Unproven is on no numeric scale; a government is a GovernmentOrganization.
    let devices = &reviews[1];
    assert_eq!(devices["reviewRating"]["alternateName"], "Unproven");
    assert!(devices["reviewRating"].get("ratingValue").is_none());
    assert_eq!(devices["itemReviewed"]["author"][0]["@type"], "GovernmentOrganization");
}

#[test]
fn a_retracted_verdict_publishes_nothing_and_gaps_are_named() {
    let w = desk();
    w.ok(&["annotation", "retract", "N2", "--reason", "rated too soon"]);
    assert_eq!(reviews(&w).len(), 1);
    // Without a publisher or a review's address, the export says what is missing.
    w.ok(&["config", "unset", "publisher.name"]);
    w.ok(&["verdict", "dawn", "true"]);
    let out = w.output(&["export", "claimreview"]);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("config set publisher.name"), "{err}");
    assert!(err.contains("1 review(s) have no url"), "{err}");
    let reviews: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(reviews.iter().all(|r| r.get("author").is_none()));
    let err = w.fails(1, &["export", "claimreview", "--format", "csv"]);
    assert!(err.contains("JSON-LD"), "{err}");
}

#[test]
fn settings_are_kept_in_the_history_and_checked() {
    let w = desk();
    let shown = w.json(&["config", "show", "--format", "json"]);
    assert_eq!(shown[0]["name"], "publisher.name");
    assert_eq!(shown[1]["value"], "https://factdesk.example");
    let err = w.fails(1, &["config", "set", "publisher.url", "factdesk"]);
    assert!(err.contains("'factdesk' is not a web address"), "{err}");
    let err = w.fails(2, &["config", "set", "publisher.colour", "red"]);
    assert!(err.contains("publisher.name, publisher.url"), "{err}");
    let log = w.json(&["log", "--format", "json"]);
    assert_eq!(log[0]["kind"], "setting.set");
    assert_eq!(log[0]["record"], "publisher.name");
    // A claims file never overwrites the ledger's setting.
    w.write_file("other.toml", "[[setting]]\nname = \"publisher.name\"\nvalue = \"Someone Else\"\n");
    let err = w.fails(1, &["import", "other.toml"]);
    assert!(
        err.contains("other.toml:1: setting 'publisher.name': value: is 'Balkan Fact Desk' in the ledger"),
        "{err}"
    );
    assert!(w.ok(&["verify"]).contains("ok:"));
}

/// Every quote anchored in the bundled article's text, as an annotation
/// whose selectors find exactly that text again.
#[test]
fn each_anchored_quote_is_a_web_annotation_that_finds_its_text() {
    let w = Workdir::new();
    let claims = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("claims/ashraf3-raid.toml");
    w.ok(&["import", claims.to_str().unwrap()]);
    let source = w.json(&["source", "show", "S1", "--text", "--format", "json"]);
    let text: Vec<char> = source["text"].as_str().unwrap().chars().collect();
    let sha256 = source["sha256"].as_str().unwrap();
    assert!(w.json(&["source", "show", "S1", "--format", "json"]).get("text").is_none(), "only when asked");
    let annotations = w.json(&["export", "quotes"]);
    let annotations = annotations.as_array().unwrap();
    let stances =
        annotations.iter().filter(|a| a["id"].as_str().unwrap().rsplit(':').next().unwrap().starts_with('T')).count();
    assert!(stances > 0 && annotations.len() > stances, "claims' and stances' quotes");
    let slice = |from: usize, to: usize| text[from..to].iter().collect::<String>();
    for a in annotations {
        assert_eq!(a["@context"], "http://www.w3.org/ns/anno.jsonld");
        assert_eq!(a["type"], "Annotation");
        let target = &a["target"];
        // Without a web address the source is named by its text's SHA-256 (RFC 6920).
        let digest = target["source"]["id"].as_str().unwrap().strip_prefix("ni:///sha-256;").unwrap();
        use base64::Engine;
        let digest = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(digest).unwrap();
        assert_eq!(hex::encode(digest), sha256);
        let (quote, position) = (&target["selector"][0], &target["selector"][1]);
        assert_eq!(quote["type"], "TextQuoteSelector");
        assert_eq!(position["type"], "TextPositionSelector");
        let (start, end) = (position["start"].as_u64().unwrap() as usize, position["end"].as_u64().unwrap() as usize);
        assert_eq!(quote["exact"], slice(start, end), "{a}");
        assert_eq!(quote["prefix"], slice(start.saturating_sub(32), start));
        assert_eq!(quote["suffix"], slice(end, (end + 32).min(text.len())));
        assert!(a["body"][0]["value"].as_str().is_some_and(|v| !v.is_empty()));
        assert_eq!(target["source"]["format"], "text/plain");
        assert_eq!(target["source"]["type"], "Text");
        assert!(a["creator"]["name"].as_str().is_some_and(|n| !n.is_empty()), "{a}");
        assert!(a["created"].as_str().is_some_and(|t| t.ends_with('Z') && t.len() == 20), "{a}");
    }
    let gobadi = annotations.iter().find(|a| a["body"][1]["value"].as_str().is_some_and(|v| v.contains("Gobadi")));
    let gobadi = gobadi.expect("Gobadi's stance is quoted");
    assert!(gobadi["body"][1]["value"].as_str().unwrap().contains("asserts this claim"));
}

#[test]
fn every_address_a_reader_follows_is_a_web_address() {
    let w = Workdir::new();
    w.death_claim();
    for args in [
        &["verdict", "C1", "false", "--url", "javascript:alert(2)"][..],
        &["actor", "add", "Someone", "--kind", "person", "--url", "notaurl"][..],
        &["source", "add", "Post", "--url", "file:///etc/passwd"][..],
        &["config", "set", "publisher.url", "factdesk"][..],
    ] {
        let err = w.fails(1, args);
        assert!(err.contains("is not a web address") && err.contains("hint: give an http or https address"), "{err}");
    }
    let err = w.fails(1, &["config", "set", "publisher.url", "https://fact\ndesk.example"]);
    assert!(err.contains("is not a web address"), "a parser would drop the line break: {err}");
    w.ok(&["verdict", "C1", "false", "--url", "https://checks.example/raid-deaths"]);
    // A record from before the rule (written here behind the binary's back) still imports from its
    // ledger's own export: only new records are held to the rule.
    w.sql()
        .execute_batch("PRAGMA foreign_keys = OFF; UPDATE sources SET url = 'www.example.org/raid' WHERE id = 1;")
        .unwrap();
    w.ok(&["export", "ledger", "-o", "old.toml"]);
    let said = w.output(&["import", "old.toml"]);
    assert!(said.status.success(), "{}", String::from_utf8_lossy(&said.stderr));
}

#[test]
fn the_rating_readers_see_is_the_phrase_and_the_ledgers_word_is_kept() {
    let w = desk();
    w.ok(&["verdict", "dawn", "mostly-true", "--url", "https://factdesk.example/dawn"]);
    let reviews = reviews(&w);
    let dawn = reviews.iter().find(|r| r["claimReviewed"] == "The raid began at dawn").unwrap();
    let rating = &dawn["reviewRating"];
    assert_eq!(rating["alternateName"], "Mostly true", "{rating}");
    assert_eq!(rating["identifier"]["@type"], "PropertyValue");
    assert_eq!(rating["identifier"]["value"], "mostly-true");
    assert_eq!(rating["ratingValue"], 4);
}

/// Two ledgers holding the same claims give their annotations different ids: each names its ledger by
/// the hash of its first event. Each says who recorded the quote and when.
#[test]
fn web_annotation_ids_are_unique_across_ledgers_and_name_their_creator() {
    let claims = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("claims/ashraf3-raid.toml");
    let ids = |who: &str, now: &str| {
        let w = Workdir::new();
        w.cmd(&["import", claims.to_str().unwrap(), "--as", who]).env("CLAIMLEDGER_NOW", now).assert().success();
        let annotations = w.json(&["export", "quotes"]);
        let annotations = annotations.as_array().unwrap().clone();
        assert!(annotations.iter().all(|a| a["creator"] == serde_json::json!({ "type": "Person", "name": who })));
        assert!(annotations.iter().all(|a| a["created"] == now), "{:?}", annotations[0]);
        annotations.iter().map(|a| a["id"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    let one = ids("Dana Reyes", "2024-03-06T10:00:00Z");
    let other = ids("Ben Okafor", "2024-03-07T09:30:00Z");
    assert_eq!(one.len(), other.len());
    assert!(one.iter().all(|id| !other.contains(id)), "{} and {}", one[0], other[0]);
    let unique: std::collections::HashSet<_> = one.iter().collect();
    assert_eq!(unique.len(), one.len(), "ids are unique within a ledger");
    let (ledger, record) = one[0].strip_prefix("urn:claimledger:").unwrap().split_once(':').unwrap();
    assert_eq!(ledger.len(), 64, "the first event's SHA-256: {}", one[0]);
    assert!(record.starts_with('C'), "{}", one[0]);
}
