//! Claims files: import, validation with line numbers, idempotence and the
//! export round trip; and the bundled article.

use std::path::PathBuf;

use crate::fixture::Workdir;
use crate::quotes::ARTICLE;

/// The SHA-256 of the short article, as a claims file gives it.
fn article_sha() -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(ARTICLE.as_bytes()))
}

fn claims_file(sha: &str) -> String {
    format!(
        r#"[[source]]
key = "report"
title = "Short report"
published = "2023-06-20"
text_file = "article.txt"
sha256 = "{sha}"

[[actor]]
key = "spokesman"
name = "The spokesman"
kind = "person"
affiliation = "group"

[[actor]]
key = "group"
name = "The group"
kind = "organization"
aliases = ["the movement"]

[[actor]]
key = "authorities"
name = "The authorities"
kind = "government"

[[claim]]
key = "deaths"
text = "One member was killed"
source = "report"
quote = "“one member” was killed"
topic = "deaths"
about = "raid.deaths"
value = 1
unit = "members"
tags = ["casualties"]

[[claim.stance]]
actor = "spokesman"
stance = "asserts"
quote = "The group’s spokesman said"

[[claim.stance]]
actor = "authorities"
stance = "disputes"
quote = "a claim the authorities denied"

[[claim.note]]
text = "Only the group's own spokesman."
by = "ana"
at = "2023-06-21T10:00:00Z"

[[claim.verdict]]
rating = "unproven"
rationale = "One side only"

[[claim]]
key = "devices"
text = "Police seized 150 computer devices"
source = "report"
quote = "seized 150 computer devices"
topic = "seizures"
range = [150, 150]
"#
    )
}

fn setup(sha: &str) -> (Workdir, PathBuf) {
    let w = Workdir::new();
    w.write_file("article.txt", ARTICLE);
    let file = w.write_file("claims.toml", &claims_file(sha));
    (w, file)
}

#[test]
fn import_creates_the_ledger_and_loads_every_record() {
    let (w, _) = setup(&article_sha());
    let out = w.output(&["import", "claims.toml"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("imported 1 source(s), 3 actor(s), 2 claim(s), 2 stance(s), 3 annotation(s)")
    );
    let claim = w.json(&["claim", "show", "deaths", "--format", "json"]);
    assert_eq!(claim["stances"][0]["actor"]["key"], "spokesman");
    assert_eq!(claim["stances"][1]["quote"]["before"], " said “one member” was killed — ");
    assert_eq!(claim["notes"][0]["by"], "ana");
    assert_eq!(claim["verdict"]["by"], "tester");
    let devices = w.json(&["claim", "show", "devices", "--format", "json"]);
    assert_eq!(devices["quantity"]["words"], "150", "a range of one figure is that figure");
    assert_eq!(w.json(&["actor", "show", "the movement", "--format", "json"])["key"], "group");
    assert!(w.ok(&["verify"]).contains("ok:"));
}

#[test]
fn importing_the_same_file_again_changes_nothing() {
    let (w, _) = setup(&article_sha());
    w.ok(&["import", "claims.toml"]);
    let before = w.ledger_bytes();
    let events = w.event_count();
    let out = w.output(&["import", "claims.toml"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("6 record(s) already in the ledger"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(w.event_count(), events);
    assert_eq!(w.ledger_bytes(), before);
}

#[test]
fn export_import_export_is_byte_identical() {
    let (w, _) = setup(&article_sha());
    w.ok(&["import", "claims.toml"]);
    w.ok(&["claim", "add", "A keyless claim", "--source", "report", "--value", "2.5", "--qualifier", "about"]);
    w.ok(&["assert", "C3", "--by", "authorities", "--date", "2023-06"]);
    w.ok(&["dispute", "C3", "--by", "authorities", "--date", "2023-07"]);
    w.ok(&["export", "ledger", "-o", "first.toml"]);
    w.ok(&["--db", "second.db", "import", "first.toml"]);
    w.ok(&["--db", "second.db", "export", "ledger", "-o", "second.toml"]);
    let first = std::fs::read_to_string(w.path("first.toml")).unwrap();
    assert_eq!(first, std::fs::read_to_string(w.path("second.toml")).unwrap());
    assert!(first.contains("key = \"claim-3\""), "{first}");
    assert!(first.contains("value = 2.5"), "{first}");
    // The re-imported ledger is the same ledger: same records, superseded stance included.
    let a = w.json(&["claim", "list", "--format", "json"]);
    let b = w.json(&["--db", "second.db", "claim", "list", "--format", "json"]);
    assert_eq!(a.as_array().unwrap().len(), b.as_array().unwrap().len());
    let c3 = w.json(&["--db", "second.db", "claim", "show", "claim-3", "--format", "json"]);
    assert_eq!(c3["stances"][0]["current"], false);
    // And exporting the first ledger again to stdout gives the same bytes.
    assert_eq!(w.ok(&["export", "ledger"]), first);
    // Importing the export back into its own ledger changes nothing.
    let events = w.event_count();
    w.ok(&["import", "first.toml"]);
    assert_eq!(w.event_count(), events);
    let json = w.json(&["export", "ledger", "--format", "json"]);
    assert_eq!(json["claim"].as_array().unwrap().len(), 3);
}

#[test]
fn a_hash_mismatch_is_refused_and_nothing_is_written() {
    let (w, _) = setup(&"0".repeat(64));
    let err = w.fails(1, &["import", "claims.toml"]);
    assert!(
        err.contains(&format!(
            "claims.toml:1: source 'report': sha256: the text's SHA-256 is {}, not {}",
            article_sha(),
            "0".repeat(64)
        )),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(!w.db().exists(), "a failed import into a missing ledger leaves none");
}

#[test]
fn malformed_toml_is_reported_with_its_line() {
    let w = Workdir::new();
    w.write_file("bad.toml", "[[source]]\nkey = \"a\"\ntitle = \"unterminated\n");
    let err = w.fails(1, &["import", "bad.toml"]);
    assert!(err.contains("bad.toml:3:"), "{err}");
    w.write_file("unknown.toml", "[[source]]\nkey = \"a\"\ntitle = \"T\"\ncolour = \"red\"\n");
    let err = w.fails(1, &["import", "unknown.toml"]);
    assert!(err.contains("unknown.toml:4:") && err.contains("colour"), "{err}");
    w.write_file("missing.toml", "[[source]]\nkey = \"a\"\n");
    let err = w.fails(1, &["import", "missing.toml"]);
    assert!(err.contains("missing field `title`"), "{err}");
    let err = w.fails(1, &["import", "nowhere.toml"]);
    assert!(err.contains("no claims file at 'nowhere.toml'"), "{err}");
}

#[test]
fn every_problem_is_reported_with_line_and_field() {
    let (w, _) = setup(&article_sha());
    let text = claims_file(&article_sha())
        .replace("source = \"report\"\nquote = \"seized", "source = \"reprot\"\nquote = \"seized")
        .replace("actor = \"authorities\"", "actor = \"authoritys\"")
        .replace("quote = \"“one member” was killed\"", "quote = \"“two members” were killed\"")
        .replace("range = [150, 150]", "range = [150, 100]")
        + "\n[[claim]]\nkey = \"deaths\"\ntext = \"Again\"\nsource = \"report\"\n";
    w.write_file("bad.toml", &text);
    let err = w.fails(1, &["import", "bad.toml"]);
    let has = |needle: &str| assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    has("bad.toml:29: claim 'deaths': quote: quote \"“two members” were killed\" is not in the text of source report");
    has("bad.toml:42: claim 'deaths': stance.actor: no actor 'authoritys' in the file or the ledger");
    has("bad.toml:58: claim 'devices': source: no source 'reprot' in the file or the ledger");
    has("claim 'devices': range: range 150..100 runs backwards");
    has("claim 'deaths': key: defined twice in the file");
    has("nothing was imported");
    assert!(!w.db().exists(), "a failed import into a missing ledger leaves none");
}

#[test]
fn a_dry_run_reports_and_writes_nothing() {
    let (w, _) = setup(&article_sha());
    let out = w.output(&["import", "claims.toml", "--dry-run"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("would import 1 source(s)"));
    assert!(!w.db().exists(), "a dry run creates no ledger");

    w.ok(&["init"]);
    w.write_file("bad.toml", &claims_file(&article_sha()).replace("stance = \"disputes\"", "stance = \"denies\""));
    let err = w.fails(3, &["import", "bad.toml", "--dry-run"]);
    assert!(err.contains("bad.toml:43:") && err.contains("denies"), "{err}");
    let before = w.ledger_bytes();
    w.output(&["import", "claims.toml", "--dry-run"]);
    assert_eq!(w.ledger_bytes(), before);
    assert_eq!(w.event_count(), 0);
}

#[test]
fn an_existing_record_with_other_content_is_never_overwritten() {
    let (w, _) = setup(&article_sha());
    w.ok(&["import", "claims.toml"]);
    w.write_file(
        "changed.toml",
        &claims_file(&article_sha())
            .replace("value = 1\n", "value = 2\n")
            .replace("name = \"The group\"", "name = \"The Group\""),
    );
    let err = w.fails(1, &["import", "changed.toml"]);
    assert!(err.contains("actor 'group': already in the ledger with different content (name: \"The group\" in the ledger, \"The Group\" in the file)"), "{err}");
    assert!(
        err.contains(
            "claim 'deaths': already in the ledger with different content (value: 1 in the ledger, 2 in the file)"
        ),
        "{err}"
    );
    // New stances and notes on an existing claim are added after the ledger's.
    let more = claims_file(&article_sha()) + "\n[[claim.note]]\ntext = \"A later note.\"\n";
    w.write_file("more.toml", &more);
    let events = w.event_count();
    w.ok(&["import", "more.toml"]);
    assert_eq!(w.event_count(), events + 1);
}

#[test]
fn the_bundled_article_imports_and_verifies() {
    let w = Workdir::new();
    let claims = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("claims/ashraf3-raid.toml");
    w.ok(&["import", claims.to_str().unwrap()]);
    assert!(w.ok(&["verify"]).contains("ok:"));
    let claims = w.json(&["claim", "list", "--format", "json"]);
    assert!(claims.as_array().unwrap().len() >= 40, "every check-worthy statement is recorded");
    let deaths = w.json(&["claim", "show", "raid-deaths", "--format", "json"]);
    assert_eq!(deaths["quantity"]["low"], 1);
    let stances = deaths["stances"].as_array().unwrap();
    let gobadi = stances.iter().find(|s| s["actor"]["key"] == "gobadi").unwrap();
    assert_eq!(gobadi["stance"], "asserts");
    assert!(gobadi["quote"]["text"].as_str().unwrap().contains("one MEK member was killed"));
    assert!(gobadi["quote"]["before"].as_str().unwrap().len() > 10, "the quote is anchored in context");
    let denial = stances.iter().find(|s| s["stance"] == "disputes").unwrap();
    assert_eq!(denial["actor"]["key"], "albanian-authorities");
    assert!(denial["quote"]["text"].as_str().unwrap().contains("Albanian authorities denied"));
    let victims = w.json(&["claim", "list", "--search", "12,000 civilians", "--format", "json"]);
    let victims = victims.as_array().unwrap();
    assert!(!victims.is_empty(), "the full-text index finds the state media's figure");
    assert!(victims.iter().any(|c| c["quantity"] == "more than 12,000 civilians"), "{victims:?}");
}

#[test]
fn an_affiliation_cycle_is_refused() {
    let w = Workdir::new();
    w.write_file(
        "cycle.toml",
        "[[actor]]\nkey = \"a\"\nname = \"A\"\nkind = \"person\"\naffiliation = \"b\"\n\n[[actor]]\nkey = \"b\"\nname = \"B\"\nkind = \"person\"\naffiliation = \"a\"\n\n[[actor]]\nkey = \"c\"\nname = \"C\"\nkind = \"person\"\naffiliation = \"c\"\n",
    );
    let err = w.fails(1, &["import", "cycle.toml"]);
    assert!(err.contains("cycle.toml:1: actor 'a': affiliation: its affiliation chain loops back on itself"), "{err}");
    assert!(err.contains("cycle.toml:7: actor 'b': affiliation: its affiliation chain loops back on itself"), "{err}");
    assert!(err.contains("actor 'c': affiliation: an actor cannot speak for itself"), "{err}");
}

#[test]
fn annotation_authors_and_times_are_kept_or_filled_and_checked() {
    let (w, _) = setup(&article_sha());
    let half = claims_file(&article_sha()).replace("by = \"ana\"\nat = \"2023-06-21T10:00:00Z\"\n", "by = \"ana\"\n");
    w.write_file("half.toml", &half);
    w.ok(&["import", "half.toml"]);
    let claim = w.json(&["claim", "show", "deaths", "--format", "json"]);
    assert_eq!(claim["notes"][0]["by"], "ana");
    assert_eq!(claim["notes"][0]["at"], crate::fixture::NOW);
    let events = w.event_count();
    w.ok(&["import", "half.toml"]);
    assert_eq!(w.event_count(), events, "re-importing changes nothing");
    let fewer = half.replace("[[claim.note]]\ntext = \"Only the group's own spokesman.\"\nby = \"ana\"\n", "");
    w.write_file("fewer.toml", &fewer);
    // A file is what its authors vouch for: what the ledger holds beyond it is reported, not refused.
    let out = w.output(&["import", "fewer.toml"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the ledger also holds what the file does not: 1 note(s), tag(s) or verdict(s)"), "{err}");
    assert_eq!(w.event_count(), events, "nothing is removed");
    let w2 = Workdir::new();
    w2.write_file("article.txt", ARTICLE);
    w2.write_file("bad.toml", &claims_file(&article_sha()).replace("2023-06-21T10:00:00Z", "whenever"));
    let err = w2.fails(1, &["import", "bad.toml"]);
    assert!(err.contains("note.at: 'whenever' is not a time"), "{err}");
}

/// A stance that repeats what its actor already holds records nothing, on the
/// first import and on every later one.
#[test]
fn a_repeated_stance_in_a_file_reimports_cleanly() {
    let (w, _) = setup(&article_sha());
    let repeated = claims_file(&article_sha()).replace(
        "[[claim.note]]",
        "[[claim.stance]]\nactor = \"spokesman\"\nstance = \"asserts\"\nquote = \"The group’s spokesman said\"\n\n[[claim.stance]]\nactor = \"authorities\"\nstance = \"asserts\"\n\n[[claim.note]]",
    );
    w.write_file("repeated.toml", &repeated);
    w.ok(&["import", "repeated.toml"]);
    let claim = w.json(&["claim", "show", "deaths", "--format", "json"]);
    assert_eq!(claim["stances"].as_array().unwrap().len(), 3, "the repeat adds nothing; the change of mind is kept");
    let events = w.event_count();
    let out = w.output(&["import", "repeated.toml"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(w.event_count(), events);
}

/// Records are read one by one; a file that cannot be cut at its headers
/// (a long string holding a header line) is read whole, and sections may
/// come in any order.
#[test]
fn files_are_read_record_by_record_or_whole() {
    let w = Workdir::new();
    w.write_file(
        "odd.toml",
        "# claims before their source\n[[claim]]\nkey = \"c\"\ntext = \"A claim\"\nsource = \"s\"\n\n[[claim.note]]\ntext = \"\"\"A note\n[[claim]]\nthat quotes a header line\"\"\"\n\n[[source]]\nkey = \"s\"\ntitle = \"S\"\n",
    );
    w.ok(&["import", "odd.toml"]);
    let claim = w.json(&["claim", "show", "c", "--format", "json"]);
    assert_eq!(claim["notes"][0]["text"], "A note\n[[claim]]\nthat quotes a header line");
    assert_eq!(w.json(&["claim", "list", "--format", "json"]).as_array().unwrap().len(), 1);
    let events = w.event_count();
    w.ok(&["import", "odd.toml"]);
    assert_eq!(w.event_count(), events);
    w.write_file("late-error.toml", "[[source]]\nkey = \"s\"\ntitle = \"S\"\n\n[[claim]]\nkey = \"c2\"\ntext = \"ok\"\nsource = \"s\"\n\n[[claim]]\nkey = \"c3\"\ntext = \"broken\nsource = \"s\"\n");
    let err = w.fails(1, &["import", "late-error.toml"]);
    assert!(err.contains("late-error.toml:12:"), "{err}");
}

/// Progress bars are for terminals: piped, `import` and `verify` write their
/// summaries alone, with or without `--quiet`.
#[test]
fn long_work_draws_no_progress_when_piped() {
    let w = Workdir::new();
    let claims = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("claims/ashraf3-raid.toml");
    let out = w.output(&["import", claims.to_str().unwrap()]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("imported ") && !err.contains('\u{1b}') && !err.contains('\r'), "{err}");
    for args in [&["verify"][..], &["--quiet", "verify"], &["verify", "-q"]] {
        let out = w.output(args);
        assert!(out.status.success());
        assert_eq!(out.stderr, b"", "{args:?}");
    }
}

#[test]
fn a_reference_to_nothing_names_the_closest_records() {
    let w = Workdir::new();
    w.bundled_article();
    w.write_file("l.toml", "[[link]]\nfrom = \"raid-deaths\"\nrelation = \"supports\"\nto = \"raid-deth\"\n");
    let err = w.fails(1, &["import", "l.toml"]);
    assert!(
        err.contains("l.toml:4: link 'raid-deaths supports raid-deth': to: no claim 'raid-deth' in the file or the ledger; did you mean one of 'raid-deaths' (C14)"),
        "{err}"
    );
}

/// A claim's tags are each one lookup: twenty thousand on one claim import,
/// import again in another order, and come off one by one, all at once.
#[test]
fn a_claim_with_twenty_thousand_tags_imports_and_reimports() {
    let w = Workdir::new();
    let file = |tags: Vec<String>| {
        let list: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
        format!(
            "[[source]]\nkey = \"s\"\ntitle = \"S\"\n\n[[claim]]\nkey = \"c\"\ntext = \"A claim\"\nsource = \"s\"\ntags = [{}]\n",
            list.join(", ")
        )
    };
    let tags: Vec<String> = (0..20_000).map(|i| format!("tag-{i}")).collect();
    w.write_file("tags.toml", &file(tags.clone()));
    let out = w.output(&["import", "tags.toml"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("20000 annotation(s)"), "{out:?}");
    let claim = w.json(&["claim", "show", "c", "--format", "json"]);
    assert_eq!(claim["tags"].as_array().unwrap().len(), 20_000);
    // The same tags in the opposite order are the same set: nothing is recorded.
    let events = w.event_count();
    w.write_file("reversed.toml", &file(tags.into_iter().rev().collect()));
    let out = w.output(&["import", "reversed.toml"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(w.event_count(), events);
    assert_eq!(w.ok(&["untag", "c", "tag-19999", "tag-0"]), "N20000\nN1\n");
    let claim = w.json(&["claim", "show", "c", "--format", "json"]);
    assert_eq!(claim["tags"].as_array().unwrap().len(), 19_998);
}

/// A range is two numbers: a third is not dropped, nor a second made up,
/// on a claim or on its amendment.
#[test]
fn a_range_of_other_than_two_numbers_is_refused_with_its_line() {
    let w = Workdir::new();
    let claim = |range: &str| {
        format!(
            "[[source]]\nkey = \"s\"\ntitle = \"S\"\n\n[[claim]]\nkey = \"c\"\ntext = \"A claim\"\nsource = \"s\"\nrange = {range}\n"
        )
    };
    for (range, given) in [("[1, 2, 3]", 3), ("[1]", 1), ("[]", 0)] {
        w.write_file("r.toml", &claim(range));
        let err = w.fails(1, &["import", "r.toml"]);
        assert!(
            err.contains(&format!("r.toml:9: range: {given} number(s) given; a range is two numbers, low and high")),
            "{range}: {err}"
        );
    }
    w.write_file("r.toml", &claim("5"));
    let err = w.fails(1, &["import", "r.toml"]);
    assert!(err.contains("r.toml:9: range: invalid type: integer `5`, expected a sequence"), "{err}");
    let amended =
        claim("[1, 2]") + "\n[[claim.change]]\nchange = \"amend\"\nreason = \"Recounted\"\nrange = [1, 2, 3]\n";
    w.write_file("r.toml", &amended);
    let err = w.fails(1, &["import", "r.toml"]);
    assert!(err.contains("r.toml:14: range: 3 number(s) given"), "{err}");
    w.write_file("r.toml", &claim("[1, 2]"));
    w.ok(&["import", "r.toml"]);
    assert_eq!(w.json(&["claim", "show", "c", "--format", "json"])["quantity"]["words"], "1 to 2");
}

/// A time given with an offset is stored in UTC to the second, as the
/// clock's own are, so stored times sort as strings; the file still matches
/// what it made when imported again.
#[test]
fn given_times_are_stored_in_utc() {
    let w = Workdir::new();
    w.write_file(
        "t.toml",
        "[[source]]\nkey = \"s\"\ntitle = \"S\"\n\n[[claim]]\nkey = \"c\"\ntext = \"A claim\"\nsource = \"s\"\n\n\
         [[claim.note]]\ntext = \"Checked with the port\"\nby = \"ana\"\nat = \"2023-06-20T11:00:00+02:00\"\n\n\
         [[claim.note]]\ntext = \"And with the police\"\nby = \"ana\"\nat = \"2023-06-20T09:30:00.25Z\"\n\n\
         [[claim.change]]\nchange = \"status\"\nstatus = \"checked\"\nby = \"ana\"\nat = \"2023-06-20T08:45:00-01:00\"\n\n\
         [[claim.change]]\nchange = \"withdraw\"\nreason = \"Not checkable\"\nby = \"ana\"\nat = \"2023-06-20T10:00:00+01:00\"\n",
    );
    w.ok(&["import", "t.toml"]);
    let claim = w.json(&["claim", "show", "c", "--format", "json"]);
    assert_eq!(claim["notes"][0]["at"], "2023-06-20T09:00:00Z");
    assert_eq!(claim["notes"][1]["at"], "2023-06-20T09:30:00Z");
    assert_eq!(claim["status_at"], "2023-06-20T09:45:00Z");
    let export = w.ok(&["export", "ledger"]);
    assert!(export.contains("at = \"2023-06-20T09:00:00Z\"") && !export.contains("+02:00"), "{export}");
    assert!(export.contains("at = \"2023-06-20T09:45:00Z\""), "{export}");
    assert_eq!(claim["withdrawn"]["at"], "2023-06-20T09:00:00Z");
    let events = w.event_count();
    let out = w.output(&["import", "t.toml"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(w.event_count(), events, "{}", String::from_utf8_lossy(&out.stderr));
}
