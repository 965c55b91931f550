//! `report`: the HTML page. Its text is escaped, it names what a reader checks
//! it by, and it is written whole or not at all.

use std::path::PathBuf;

use crate::fixture::Workdir;

fn bundled_article() -> Workdir {
    let w = Workdir::new();
    let claims = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("claims/ashraf3-raid.toml");
    w.ok(&["import", claims.to_str().unwrap()]);
    w
}

fn report(w: &Workdir, args: &[&str]) -> String {
    w.ok(&[&["report", "-o", "report.html"], args].concat());
    std::fs::read_to_string(w.path("report.html")).expect("the report")
}

#[test]
fn every_text_is_escaped_and_nothing_runs_or_loads() {
    let w = Workdir::new();
    w.death_claim();
    let hostile = r#"<script>alert("claim")</script> & <img src=x onerror=alert(1)>"#;
    w.ok(&["claim", "add", "--source", "article", "--by", "gobadi", "--", hostile]);
    w.ok(&["dispute", "C2", "--by", "albania", "--source", "article"]);
    w.ok(&["source", "add", "</td><script>", "--key", "bad", "--url", "javascript:alert(1)"]);
    w.ok(&["assert", "C2", "--by", "mek", "--source", "bad"]);
    w.ok(&["verdict", "C2", "false", "--rationale", "</p><p onclick=x>"]);
    let page = report(&w, &[]);
    assert!(
        page.contains("&lt;script&gt;alert(&quot;claim&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;"),
        "{page}"
    );
    assert!(page.contains("&lt;/td&gt;&lt;script&gt;") && page.contains("&lt;/p&gt;&lt;p onclick=x&gt;"), "{page}");
    assert!(!page.contains("<script") && !page.contains("<img") && !page.contains("onclick=x>"), "{page}");
    // A javascript: address is shown, never linked; nothing is fetched.
    assert!(page.contains("javascript:alert(1)") && !page.contains("href=\"javascript"), "{page}");
    assert!(!page.contains(" src=\"") && !page.contains("<link"), "{page}");
    assert!(page.contains(r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none';"#));
}

#[test]
fn the_page_names_what_a_reader_checks_it_by() {
    let w = bundled_article();
    let page = report(&w, &[]);
    let verify = w.ok(&["verify"]);
    let head = verify.lines().find_map(|l| l.strip_prefix("head: ")).expect("verify prints the head");
    assert!(page.contains(&format!("claimledger verify --checkpoint {head}")), "{page}");
    let sha = "627e171a2a92014d0eb0cdc10618f277270031f140e7a5bfdbb2b6cb89090d88";
    assert!(page.contains(sha), "the source's hash is listed");
    // The quote is marked inside the archived text around it.
    assert!(page.contains("<mark>one MEK member was killed by the police during the attack</mark>"), "{page}");
    assert!(page.contains("sperson Shahin Gobadi said that "), "the text before the quote");
    for id in ["C7", "C14", "C45"] {
        assert!(page.contains(&format!("<article class=\"claim\" id=\"{id}\">")), "{id}");
    }
    assert_eq!(page.matches("<article class=\"claim\"").count(), 3);
    assert!(page.contains("3 contested claims."));
}

#[test]
fn a_topic_narrows_the_claims_and_figures() {
    let w = bundled_article();
    let page = report(&w, &["--topic", "Deaths"]);
    assert!(page.contains("<title>Contested claims on deaths</title>"));
    assert!(page.contains("One MEK member was killed by the police during the raid"));
    assert!(!page.contains("The Ashraf-3 camp was located near Manze"));
    // The questions that claims on deaths answer, and no others.
    assert!(page.contains("ashraf3-raid.deaths") && page.contains("mek.killings.civilians"));
    assert!(!page.contains("ashraf3.area"));
    let none = report(&w, &["--topic", "weather"]);
    assert!(none.contains("No claim is contested."));
    assert!(none.contains("No claim gives a figure on a question."));
}

#[test]
fn the_who_says_what_tables_cover_the_first_claims_and_say_so() {
    let w = Workdir::new();
    let mut file = String::from(
        "[[source]]\nkey = \"s\"\ntitle = \"S\"\n\n\
         [[actor]]\nkey = \"a\"\nname = \"Asserter\"\nkind = \"person\"\n\n\
         [[actor]]\nkey = \"d\"\nname = \"Disputer\"\nkind = \"person\"\n",
    );
    for i in 1..=45 {
        file.push_str(&format!(
            "\n[[claim]]\nkey = \"claim-{i}\"\ntext = \"Claim {i}\"\nsource = \"s\"\n\n\
             [[claim.stance]]\nactor = \"a\"\nstance = \"asserts\"\nsource = \"s\"\n\n\
             [[claim.stance]]\nactor = \"d\"\nstance = \"disputes\"\nsource = \"s\"\n"
        ));
    }
    w.write_file("many.toml", &file);
    w.ok(&["import", "many.toml"]);
    let page = report(&w, &[]);
    assert_eq!(page.matches("<article class=\"claim\"").count(), 45, "the list has every contested claim");
    assert!(page.contains("These tables cover the first 40 of the 45 contested claims"), "{page}");
    assert_eq!(page.matches("<table class=\"matrix\">").count(), 5, "eight claims a table");
}

#[test]
fn a_failed_report_leaves_the_file_as_it_was() {
    let w = Workdir::new();
    w.death_claim();
    w.write_file("report.html", "an earlier report");
    let stderr = w.fails(1, &["report", "-o", "report.html", "--db", "missing.db"]);
    assert!(stderr.contains("no ledger at 'missing.db'"), "{stderr}");
    assert_eq!(std::fs::read_to_string(w.path("report.html")).unwrap(), "an earlier report");
    let stderr = w.fails(1, &["report", "-o", "no-such-folder/report.html"]);
    assert!(stderr.contains("no-such-folder"), "{stderr}");
    let stderr = w.fails(1, &["report", "-o", "./claimledger.db"]);
    assert!(stderr.contains("is the ledger") && stderr.contains("hint: "), "{stderr}");
    let entries: Vec<_> = std::fs::read_dir(w.path(".")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!entries.iter().any(|e| e.to_string_lossy().starts_with(".tmp")), "a temporary file was left: {entries:?}");
}
