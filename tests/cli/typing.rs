//! Mistakes caught as they are typed: a question key one typo away from one
//! in use, the same claim added twice, a topic no claim is on, a figure below
//! zero, `-o -`, and a folder that is not there.

use crate::fixture::Workdir;

fn stderr_of(w: &Workdir, args: &[&str]) -> String {
    let out = w.output(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_question_key_close_to_one_in_use_is_warned_of_and_kept() {
    let w = Workdir::new();
    w.death_claim();
    let add = ["claim", "add", "Two died", "--source", "article", "--value", "2", "--unit", "people"];
    let stderr = stderr_of(&w, &[&add[..], &["--about", "raid.death"]].concat());
    assert!(
        stderr.starts_with(
            "warning: no other claim answers the question 'raid.death'; did you mean raid.deaths (1 claim)?"
        ),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    // Kept as typed: the fact-checker may mean a new question, and amends it when not.
    assert_eq!(w.json(&["claim", "show", "C2", "--format", "json"])["about"], "raid.death");
    let stderr =
        stderr_of(&w, &["claim", "amend", "C2", "--about", "raid.deaths-confirmed", "--reason", "a new question"]);
    // The amended claim no longer counts for the key it leaves.
    assert!(stderr.contains("did you mean raid.deaths (1 claim)?"), "{stderr}");
    // A key in use, or one like none in use, says nothing.
    let stderr = stderr_of(&w, &["claim", "add", "Three died", "--source", "article", "--about", "raid.deaths"]);
    assert!(!stderr.contains("warning"), "{stderr}");
    let stderr = stderr_of(&w, &["claim", "add", "It rained", "--source", "article", "--about", "weather.rain"]);
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn the_same_words_from_the_same_source_are_refused_with_the_claim_that_holds_them() {
    let w = Workdir::new();
    w.death_claim();
    let again = ["claim", "add", "one MEK member was killed by police during the raid ", "--source", "article"];
    let stderr = w.fails(1, &again);
    assert!(stderr.contains("C1 already holds this claim from article, in the same words"), "{stderr}");
    assert!(stderr.contains("claimledger assert C1 --by ACTOR") && stderr.contains("--duplicate-of C1"), "{stderr}");
    // Another source may say it, and a source that says it twice may have it twice.
    w.ok(&["source", "add", "Wire copy", "--key", "wire"]);
    w.ok(&["claim", "add", "One MEK member was killed by police during the raid", "--source", "wire"]);
    assert_eq!(w.ok(&[&again[..], &["--again"]].concat()), "C3\n");
    // A withdrawn claim holds nothing.
    w.ok(&["claim", "withdraw", "C3", "--duplicate-of", "C1", "--reason", "a repeat"]);
    w.ok(&["claim", "withdraw", "C1", "--reason", "wrong"]);
    assert_eq!(w.ok(&again), "C4\n");
}

#[test]
fn a_topic_no_claim_is_on_says_which_topics_there_are() {
    let w = Workdir::new();
    w.bundled_article();
    for args in [
        &["claim", "list", "--topic", "death"][..],
        &["contested", "--topic", "death"],
        &["report", "--topic", "death", "-o", "r.html"],
    ] {
        let stderr = stderr_of(&w, args);
        assert!(
            stderr.starts_with(
                "note: no claim is on the topic 'death'; the topics in use are deaths (3 claims), date (3 claims), "
            ),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(stderr_of(&w, &["claim", "list", "--topic", "deaths"]), "");
}

#[test]
fn a_figure_below_zero_is_a_figure() {
    let w = Workdir::new();
    w.death_claim();
    let add = ["claim", "add", "--source", "article", "--about", "camp.temperature", "--unit", "degrees"];
    assert_eq!(w.ok(&[&add[..], &["--value", "-3", "It froze"]].concat()), "C2\n");
    w.ok(&[&add[..], &["--range", "-10..-5", "--qualifier", "about", "It was far colder"]].concat());
    let shown = w.json(&["claim", "show", "C2", "--format", "json"]);
    assert_eq!(shown["quantity"]["words"], "-3 degrees", "{shown:#}");
    // About -10 to -5 allows -11 to -4.5: -3 is outside it, a conflict.
    let figures = w.json(&["figures", "--about", "camp.temperature", "--format", "json"]);
    assert_eq!(figures[0]["most_conservative"], -10, "{figures:#}");
    let contested = w.json(&["contested", "--format", "json"]);
    assert_eq!(contested.as_array().unwrap().len(), 3, "{contested:#}");
    let stderr = w.fails(1, &[&add[..], &["--value", "-3", "--qualifier", "at-most", "x"]].concat());
    assert!(stderr.contains("cannot be qualified 'at-most'"), "{stderr}");
    let stderr = w.fails(1, &[&add[..], &["--value", "--3", "x"]].concat());
    assert!(stderr.contains("'--3' is not a number"), "{stderr}");
    // The claims file carries it both ways.
    w.ok(&["export", "ledger", "-o", "ledger.toml"]);
    assert!(std::fs::read_to_string(w.path("ledger.toml")).unwrap().contains("value = -3"));
    let copy = Workdir::new();
    std::fs::copy(w.path("ledger.toml"), copy.path("ledger.toml")).unwrap();
    copy.ok(&["import", "ledger.toml"]);
    assert_eq!(copy.json(&["claim", "show", "C2", "--format", "json"])["quantity"]["words"], "-3 degrees");
}

#[test]
fn dash_is_standard_output_and_a_missing_folder_is_named_as_given() {
    let w = Workdir::new();
    w.death_claim();
    let csv = w.ok(&["export", "claims", "-o", "-"]);
    assert!(csv.starts_with("id,key,topic"), "{csv}");
    let page = w.ok(&["report", "-o", "-"]);
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(!w.path("-").exists(), "a file named '-' was written");
    w.ok(&["export", "claims", "-o", "./-"]);
    assert!(w.path("-").exists(), "./- names a file");
    for args in [&["export", "claims", "-o", "nodir/x.csv"][..], &["report", "-o", "nodir/x.html"]] {
        let stderr = w.fails(1, args);
        assert!(stderr.contains("cannot write 'nodir/x"), "{stderr}");
        assert!(stderr.contains("there is no folder 'nodir'"), "{stderr}");
        assert!(!stderr.contains(".tmp"), "{stderr}");
    }
}
