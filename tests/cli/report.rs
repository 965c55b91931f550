//! `report`: the HTML page. Its text is escaped, it is written whole or not at
//! all, and a real browser (headless Chromium) shows the bundled article's
//! report with its contested claims and who says what, nothing wider than a
//! 1280-pixel window. `UPDATE_DOCS=1 cargo test report` also saves that
//! rendering as docs/report.png, the README's screenshot.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

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
    // A javascript: address is never stored, so it can never be linked.
    let err = w.fails(1, &["source", "add", "</td><script>", "--key", "bad", "--url", "javascript:alert(1)"]);
    assert!(err.contains("is not a web address"), "{err}");
    w.ok(&["source", "add", "</td><script>", "--key", "bad"]);
    w.ok(&["assert", "C2", "--by", "mek", "--source", "bad"]);
    w.ok(&["verdict", "C2", "false", "--rationale", "</p><p onclick=x>"]);
    let page = report(&w, &[]);
    assert!(
        page.contains("&lt;script&gt;alert(&quot;claim&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;"),
        "{page}"
    );
    assert!(page.contains("&lt;/td&gt;&lt;script&gt;") && page.contains("&lt;/p&gt;&lt;p onclick=x&gt;"), "{page}");
    assert!(!page.contains("<script") && !page.contains("<img") && !page.contains("onclick=x>"), "{page}");
    // Nothing is fetched.
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
fn the_page_says_what_it_covers_and_a_limit_bounds_it() {
    let w = bundled_article();
    let page = report(&w, &[]);
    assert!(page.contains("It covers the contested claims, at most 1000 of them"), "{page}");
    let page = report(&w, &["--limit", "2"]);
    assert!(page.contains("It covers the contested claims, at most 2 of them"), "{page}");
    assert_eq!(page.matches("<article class=\"claim\"").count(), 2);
    assert!(page.contains("The first 2 contested claims; there are more."), "{page}");
    assert_eq!(page.matches("<section class=\"question\">").count(), 2, "figures on two questions");
    assert!(page.contains("The figures on the first 2 questions; there are more."), "{page}");
    // No progress bar where stderr is not a terminal.
    let out = w.output(&["report", "-o", "report.html", "--limit", "2"]);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn figures_read_as_a_desk_reports_them() {
    let w = bundled_article();
    w.ok(&["claim", "add", "Some 2,300 live there", "--source", "article", "--about", "ashraf3.exiles"]);
    w.ok(&["claim", "amend", "C53", "--value", "2300", "--unit", "people", "--reason", "the figure"]);
    w.ok(&["dispute", "C53", "--by", "albania-government", "--source", "article"]);
    let page = report(&w, &[]);
    let question = |about: &str| {
        let start = page.find(&format!("<section class=\"question\"><h3><code>{about}</code>")).expect(about);
        let end = start + page[start..].find("</section>").unwrap();
        page[start..end].to_string()
    };
    // The lowest figure somebody reported, not 2,250 made from "about 2,500".
    let exiles = question("ashraf3.exiles");
    assert!(exiles.contains("most conservative: </span>2300 people<span class=\"muted\"> (C53)"), "{exiles}");
    assert!(exiles.contains("most conservative: 2300</text>"), "{exiles}");
    // Charted, with the disputed figure marked on its line and in the table.
    assert!(exiles.contains("<svg") && exiles.contains("<text class=\"disputed\""), "{exiles}");
    assert!(exiles.contains("2300 people <span class=\"disputed\">disputed</span>"), "{exiles}");
    // One undisputed figure is no chart; a year is a date, with no most conservative and no chart.
    let distance = question("manze.distance-from-tirana");
    assert!(!distance.contains("<svg") && distance.contains("most conservative: </span>20 miles"), "{distance}");
    let founded = question("mek.founding-year");
    assert!(founded.contains(" · a date") && !founded.contains("most conservative"), "{founded}");
    assert!(!founded.contains("<svg") && founded.contains("<td>1965</td>"), "{founded}");
    // One person, one death.
    assert!(question("ashraf3-raid.deaths").contains("<td>1 person <span class=\"disputed\">disputed</span></td>"));
    let figures = w.json(&["figures", "--about", "mek.founding-year", "--format", "json"]);
    assert_eq!(figures[0]["most_conservative"], serde_json::Value::Null, "{figures:#}");
    assert_eq!(figures[0]["figure"], "1965");
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

// ---------------------------------------------------------------- in a browser

/// Run in the browser on a copy of the page: measures the layout at the
/// width of its window (or of the frame it is loaded in) and leaves the result
/// as JSON in the DOM `--dump-dom` prints (the frame's parent's, in a frame),
/// in a script element whose id is `layout-` and the width.
///
/// - An element *overflows* when it reaches past either edge of the page,
///   unless a box that scrolls (or clips) its own overflow holds it.
/// - A word is *broken* when its letters are on more than one line. Words
///   are runs between spaces, hyphens and slashes; runs over 30 characters
///   (hashes, addresses) are not words and may wrap.
/// - Text is *squeezed* when the box it flows in is narrower than the text
///   on one line, or than 6 of its ems (about 12 letters) when the text is longer than that.
/// - A chart's label is measured by its font size on screen.
const MEASURE: &str = r#"<script>
(function () {
  var width = document.documentElement.clientWidth, overflowing = [], broken = [], squeezed = [], small = [];
  function name(el) {
    var cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls;
  }
  function contained(el) {
    for (var p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      var o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
    }
    return false;
  }
  document.querySelectorAll('body *').forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return;
    if ((r.right > width + 0.5 || r.left < -0.5) && !contained(el))
      overflowing.push(name(el) + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  });
  var pen = document.createElement('canvas').getContext('2d');
  var range = document.createRange(), words = /[^\s\-\u2010-\u2015\/]+/g;
  var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), node, m;
  while ((node = walker.nextNode())) {
    var text = node.textContent.replace(/\s+/g, ' ').trim();
    if (!text || node.parentElement.closest('script, style, svg')) continue;
    var box = node.parentElement;
    while (getComputedStyle(box).display === 'inline') box = box.parentElement;
    var style = getComputedStyle(box);
    pen.font = getComputedStyle(node.parentElement).font;
    var room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    var needed = Math.min(pen.measureText(text).width, 6 * parseFloat(style.fontSize));
    if (room + 1 < needed) squeezed.push(name(box) + ' ' + Math.round(room) + 'px: ' + text.slice(0, 40));
    words.lastIndex = 0;
    while ((m = words.exec(node.textContent))) {
      if (m[0].length > 30) continue;
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      var lines = {};
      Array.prototype.forEach.call(range.getClientRects(), function (rect) {
        if (rect.width > 0) lines[Math.round(rect.bottom)] = true;
      });
      if (Object.keys(lines).length > 1) broken.push(m[0] + ' in ' + name(node.parentElement));
    }
  }
  document.querySelectorAll('svg text').forEach(function (t) {
    var size = parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a;
    if (size < 9) small.push(t.textContent + ' at ' + size.toFixed(1) + 'px');
  });
  var matrix = document.getElementById('who-says-what');
  var result = {
    innerWidth: window.innerWidth, clientWidth: width, scrollWidth: document.documentElement.scrollWidth,
    overflowing: overflowing, broken: broken, squeezed: squeezed, small: small,
    text: document.body.innerText, matrix: matrix ? matrix.innerText : ''
  };
  var doc = window.parent === window ? document : window.parent.document;
  var out = doc.createElement('script');
  out.type = 'application/json';
  out.id = 'layout-' + window.innerWidth;
  out.textContent = JSON.stringify(result).replace(/</g, '\\u003c');
  doc.body.appendChild(out);
})();
</script>"#;

/// The page as the browser measures it: the report allows no script, the copy must run one.
fn measured(page: &str) -> String {
    let policy = page.find("<meta http-equiv=\"Content-Security-Policy\"").expect("the page's policy");
    let policy_end = policy + page[policy..].find('>').unwrap() + 1;
    format!("{}{}", &page[..policy], &page[policy_end..]).replacen("</body>", &format!("{MEASURE}</body>"), 1)
}

/// The window: 1280 wide, tall enough for the contested claims, who says what and a first question.
const WINDOW: (u32, u32) = (1280, 2430);

/// Chromium on the PATH, as Debian installs it.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join("chromium")).find(|p| p.is_file())
}

/// Renders `page` headless: its DOM once loaded, and a screenshot of the window.
fn render(chromium: &Path, w: &Workdir, page: &Path, window: (u32, u32), screenshot: &Path) -> String {
    let (dom, log) = (w.path("dom.html"), w.path("chromium.log"));
    let mut child = Command::new(chromium)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", w.path("."))
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", w.path("profile").display()))
        .arg(format!("--window-size={},{}", window.0, window.1))
        .arg(format!("--screenshot={}", screenshot.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        // Files, not pipes: a helper process that outlives a killed browser cannot hold the test up.
        .stdin(Stdio::null())
        .stdout(File::create(&dom).unwrap())
        .stderr(File::create(&log).unwrap())
        .spawn()
        .expect("start chromium");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(90) {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium did not finish in 90 s; its log:\n{}", std::fs::read_to_string(&log).unwrap());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "chromium failed ({status}); its log:\n{}", std::fs::read_to_string(&log).unwrap());
    std::fs::read_to_string(dom).unwrap()
}

/// The layout the measuring script left in the DOM at a width.
fn layout(dom: &str, width: u32) -> Value {
    let start = format!(r#"<script type="application/json" id="layout-{width}">"#);
    let json = dom.split_once(&start).and_then(|(_, rest)| rest.split_once("</script>")).map(|(json, _)| json);
    let json = json.unwrap_or_else(|| panic!("the measuring script left no result; the DOM was:\n{dom}"));
    serde_json::from_str(json).expect("the layout as JSON")
}

/// A PNG's width and height, from its header.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let word = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

/// Chromium, or None (and a note) where it is not installed; CI must have it.
fn chromium_or_note() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "chromium is not installed, and CI must render the report: .ci/run installs it (apt-get install chromium)"
        );
        eprintln!("note: chromium is not installed; the report was not rendered in a browser");
    }
    found
}

/// The widths a reader's screen has: a phone, a tablet, a laptop.
const WIDTHS: [u32; 3] = [390, 768, 1280];

#[test]
fn the_report_reads_on_a_phone_a_tablet_and_a_laptop() {
    let Some(chromium) = chromium_or_note() else { return };
    let w = bundled_article();
    // Enough contested claims to fill a who-says-what table: "asserts" and "disputes" in eight columns.
    for claim in ["C1", "C2", "C3", "C4", "C5", "C6"] {
        w.ok(&["dispute", claim, "--by", "iran-government", "--source", "article"]);
    }
    let page = report(&w, &[]);
    assert_eq!(page.matches("<article class=\"claim\"").count(), 9, "{page}");
    // Headless Chromium makes no window narrower than 500 pixels: each width is a frame's.
    let escaped = measured(&page).replace('&', "&amp;").replace('"', "&quot;");
    let frames: String = WIDTHS
        .iter()
        .map(|width| format!("<iframe width=\"{width}\" height=\"1500\" srcdoc=\"{escaped}\"></iframe>\n"))
        .collect();
    let check = w.write_file("frames.html", &format!("<!DOCTYPE html>\n<html><body>\n{frames}</body></html>\n"));
    let dom = render(&chromium, &w, &check, (1300, 1000), &w.path("frames.png"));
    let mut faults = Vec::new();
    for width in WIDTHS {
        let layout = layout(&dom, width);
        assert_eq!(layout["clientWidth"], width, "the page is {width} pixels wide: {layout:#}");
        if layout["scrollWidth"].as_f64().unwrap() > width as f64 {
            faults.push(format!("at {width} px the page scrolls sideways to {}", layout["scrollWidth"]));
        }
        for (fault, what) in [
            ("overflowing", "elements reach past the page's edge"),
            ("broken", "words are broken inside"),
            ("squeezed", "text is squeezed narrower than a reader reads"),
            ("small", "chart labels are smaller than 9 pixels"),
        ] {
            if layout[fault] != serde_json::json!([]) {
                faults.push(format!("at {width} px, {what}: {:#}", layout[fault]));
            }
        }
        let text = layout["text"].as_str().unwrap();
        assert!(text.contains("One MEK member was killed by the police during the raid"), "at {width} px:\n{text}");
        let matrix = layout["matrix"].as_str().unwrap();
        assert!(matrix.contains("Government of Iran") && matrix.contains("disputes"), "at {width} px:\n{matrix}");
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

#[test]
fn the_bundled_article_reads_in_a_browser_at_1280_pixels() {
    let Some(chromium) = chromium_or_note() else { return };
    let w = bundled_article();
    let page = report(&w, &[]);
    let check = w.write_file("check.html", &measured(&page));
    let screenshot = w.path("report.png");
    let layout = layout(&render(&chromium, &w, &check, WINDOW, &screenshot), WINDOW.0);

    assert_eq!(layout["innerWidth"], 1280, "the window is 1280 pixels wide: {layout:#}");
    assert!(layout["scrollWidth"].as_f64().unwrap() <= 1280.0, "the page scrolls sideways: {layout:#}");
    assert_eq!(layout["overflowing"], serde_json::json!([]), "elements reach past the page's edge");
    let text = layout["text"].as_str().unwrap();
    for claim in [
        "One MEK member was killed by the police during the raid",
        "The Ashraf-3 camp was located near Manze",
        "The raided MEK camp is in Tirana",
    ] {
        assert!(text.contains(claim), "{claim:?} is not on the page:\n{text}");
    }
    assert!(text.contains("C45 (contradicts it; the source contradicts itself)"), "{text}");
    let matrix = layout["matrix"].as_str().unwrap();
    for cell in
        ["Who says what", "Government of Albania", "Albanian authorities", "Shahin Gobadi", "asserts", "disputes"]
    {
        assert!(matrix.contains(cell), "{cell:?} is not in who says what:\n{matrix}");
    }

    let png = std::fs::read(&screenshot).expect("the screenshot");
    assert_eq!(png_size(&png), WINDOW);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/report.png"), &png).unwrap();
    }
}

#[test]
fn controls_and_direction_overrides_are_shown_escaped_on_the_page() {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["claim", "add", "--source", "article", "--by", "gobadi", "--", "Raid \u{1b}]0;PWNED\u{7} \u{202e}desrever"]);
    w.ok(&["dispute", "C2", "--by", "albania", "--source", "article"]);
    let page = report(&w, &[]);
    assert!(page.contains("Raid \\u{1b}]0;PWNED\\u{7} \\u{202e}desrever"), "{page}");
    assert!(!page.chars().any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'), "a raw control on the page");
}

/// The fact-checker's audit of the bundled article: what the file records says what the article says, the
/// report credits the author with the claim's words, and the claims a desk can rate from the record are rated.
#[test]
fn the_bundled_article_says_what_the_article_says_and_is_rated() {
    let w = bundled_article();
    let ledger = w.json(&["export", "ledger", "--format", "json"]);
    let claim = |key: &str| ledger["claim"].as_array().unwrap().iter().find(|c| c["key"] == key).unwrap().clone();
    let text = |key: &str| claim(key)["text"].as_str().unwrap().to_string();
    let notes = |key: &str| claim(key)["note"].to_string();
    assert!(!text("police-believe-violation").contains("political activity"));
    assert!(!text("devices-seized").contains("from the camp"));
    assert!(text("mek-unpopular-in-iran").starts_with("MEK members'"));
    assert!(!text("spak-investigation").contains("last week"));
    assert!(claim("spak-investigation")["stance"][0]["quote"].as_str().unwrap().contains("political activities"));
    assert!(claim("rally-ban-reason")["stance"][0]["quote"].as_str().unwrap().contains("Laurent Nunez"));
    assert!(!notes("raid-day").contains("no year anywhere") && notes("raid-day").contains("2019"));
    assert!(!notes("raid-deaths").contains("nor who denied it"));
    assert!(notes("mek-killed-officials").contains("ACLED") && !notes("mek-killed-officials").contains("24"));
    let l2 = ledger["link"][1]["note"].as_str().unwrap();
    assert!(!l2.contains("deputy") && !l2.contains("count"), "{l2}");
    let title = ledger["source"][0]["title"].as_str().unwrap();
    assert!(title.starts_with("[Untitled article"), "the checker's title is marked as supplied: {title}");

    let page = report(&w, &[]);
    assert!(page.contains("In the claim's words there, quoted above."), "the author's words are the claim's");
    assert!(!page.contains("No quote recorded."));

    let reviews = w.json(&["export", "claimreview"]);
    let reviews = reviews.as_array().unwrap();
    assert_eq!(reviews.len(), 6, "{reviews:?}");
    let death = reviews.iter().find(|r| r["claimReviewed"] == text("raid-deaths")).expect("the death claim is rated");
    assert_eq!(death["reviewRating"]["name"], "Unproven");
    let why = death["reviewBody"].as_str().unwrap();
    assert!(why.contains("spokesperson") && why.contains("deny"), "{why}");
    assert!(reviews.iter().all(|r| r["reviewBody"].is_string()), "every rating has its rationale");
}
