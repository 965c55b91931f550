//! Property tests of claims files, through the binary: the export round trip
//! with adversarial strings, and `import --dry-run` on random and mutated files.
//! Every case spawns the binary, so case counts are small and seeds fixed.

use std::fmt::Write as _;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed};
use serde_json::Value;

use crate::fixture::Workdir;

fn config() -> Config {
    Config {
        cases: 24,
        max_shrink_iters: 64,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(0xC1A1_3ED6),
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------
// The round trip: export -> import into an empty ledger -> export, identical.

/// Pieces that are hard to write and read back: quotes and TOML delimiters,
/// record headers and comments at a line start, escapes, control characters,
/// emoji, right-to-left text and bidi controls, combining marks. Every piece is
/// in Unicode normal form C, and stays so next to any other piece.
const TRICKY: &[&str] = &[
    "\"",
    "\\",
    "'",
    "\"\"\"",
    "'''",
    "\"\"\"\"",
    "\n[[claim]]\n",
    "\n[[source]]\nkey = \"evil\"\n",
    "\n[[claim.note]]\ntext = \"injected\"\n",
    "\n[[actor]]",
    "# not a comment",
    "\n# nor this",
    " = ",
    "key = \"x\"",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\\n",
    "\\u0041",
    "\\\"",
    "${HOME}",
    "[",
    "]]",
    "{ a = 1 }",
    ",",
    "\u{1b}[31m",
    "\u{1b}]0;title\u{7}",
    "\u{7f}",
    "\u{0}",
    "🙂",
    "👩‍👩‍👧",
    "🇦🇱",
    "شاهین قبادی",
    "שלום",
    "\u{200f}",
    "\u{200e}",
    "\u{202e}",
    "\u{2066}",
    "\u{2028}",
    "\u{a0}",
    "1\u{301}",
    "字\u{308}",
    "🙂\u{20dd}",
    "Zoë",
    "中文",
    "  ",
];

/// A non-empty string without leading or trailing whitespace (import trims).
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        2 => prop::collection::vec(prop::char::range(' ', '~'), 1..6).prop_map(String::from_iter),
        3 => prop::sample::select(TRICKY).prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 1..6)
        .prop_map(|pieces| pieces.concat().trim().to_string())
        .prop_filter("blank", |s| !s.is_empty())
}

/// An actor's name or alias: any text a reader can see (one holding an
/// invisible character is refused, as two names could then look alike).
fn name() -> impl Strategy<Value = String> {
    text().prop_filter("an invisible character", |s| !s.chars().any(claimledger::model::invisible))
}

/// How actor names are compared: whitespace folded, lowercase.
fn folded(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[derive(Debug, Clone)]
struct Records {
    title: String,
    publisher: String,
    source_text: String,
    names: [String; 2],
    aliases: [Vec<String>; 2],
    claim: String,
    topic: String,
    unit: String,
    note: String,
    note_by: String,
    rationale: String,
    verdict_by: String,
    second_claim: String,
}

impl Records {
    /// Every string that must come back exactly.
    fn strings(&self) -> Vec<&str> {
        let mut all = vec![
            &self.title,
            &self.publisher,
            &self.source_text,
            &self.claim,
            &self.unit,
            &self.note,
            &self.note_by,
            &self.rationale,
            &self.verdict_by,
            &self.second_claim,
        ];
        all.extend(&self.names);
        all.extend(self.aliases.iter().flatten());
        all.into_iter().map(String::as_str).collect()
    }

    /// Names and aliases that no rule of import would merge or refuse.
    fn names_distinct(&self) -> bool {
        let mut seen: Vec<String> = self.names.iter().chain(self.aliases.iter().flatten()).map(|n| folded(n)).collect();
        let n = seen.len();
        seen.sort();
        seen.dedup();
        seen.len() == n && seen.iter().all(|s| !s.is_empty())
    }
}

fn records() -> impl Strategy<Value = Records> {
    let aliases = || prop::collection::vec(name(), 0..3);
    (
        (text(), text(), text()),
        ([name(), name()], [aliases(), aliases()]),
        (text(), text(), text()),
        (text(), text(), text(), text(), text()),
    )
        .prop_map(
            |(
                (title, publisher, source_text),
                (names, aliases),
                (claim, topic, unit),
                (note, note_by, rationale, verdict_by, second_claim),
            )| Records {
                title,
                publisher,
                source_text,
                names,
                aliases,
                claim,
                topic,
                unit,
                note,
                note_by,
                rationale,
                verdict_by,
                second_claim,
            },
        )
        .prop_filter("names and aliases must be distinct", Records::names_distinct)
}

/// A TOML basic string: `"` and `\` escaped, and every control character.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() && (c as u32) < 0x80 => write!(out, "\\u{:04X}", c as u32).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn claims_file(r: &Records) -> String {
    let s = toml_string;
    let list = |items: &[String]| items.iter().map(|i| s(i)).collect::<Vec<_>>().join(", ");
    let at = "2024-03-06T10:00:00Z";
    format!(
        r#"[[source]]
key = "report"
title = {}
publisher = {}
text = {}

[[actor]]
key = "speaker"
name = {}
kind = "person"
aliases = [{}]

[[actor]]
key = "denier"
name = {}
kind = "government"
aliases = [{}]

[[claim]]
key = "the-claim"
text = {}
source = "report"
topic = {}
value = 3
unit = {}
tags = ["casualties"]

[[claim.stance]]
actor = "speaker"
stance = "asserts"
quote = {}

[[claim.stance]]
actor = "denier"
stance = "disputes"

[[claim.note]]
text = {}
by = {}
at = "{at}"

[[claim.verdict]]
rating = "mixed"
rationale = {}
by = {}
at = "{at}"

[[claim]]
key = "second"
text = {}
source = "report"
"#,
        s(&r.title),
        s(&r.publisher),
        s(&r.source_text),
        s(&r.names[0]),
        list(&r.aliases[0]),
        s(&r.names[1]),
        list(&r.aliases[1]),
        s(&r.claim),
        s(&r.topic),
        s(&r.unit),
        s(&r.source_text),
        s(&r.note),
        s(&r.note_by),
        s(&r.rationale),
        s(&r.verdict_by),
        s(&r.second_claim),
    )
}

fn json_strings<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::String(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|v| json_strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| json_strings(v, out)),
        _ => {}
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn export_import_export_is_byte_identical(r in records()) {
        let w = Workdir::new();
        w.write_file("records.toml", &claims_file(&r));
        w.ok(&["--db", "first.db", "import", "records.toml"]);

        // Every string came through the first import exactly.
        let json = w.json(&["--db", "first.db", "export", "ledger", "--format", "json"]);
        let mut stored = Vec::new();
        json_strings(&json, &mut stored);
        for expected in r.strings() {
            prop_assert!(stored.contains(&expected), "{expected:?} was not stored as given; the ledger has {stored:?}");
        }

        let first = w.ok(&["--db", "first.db", "export", "ledger"]);
        w.write_file("export.toml", &first);
        w.ok(&["--db", "second.db", "import", "export.toml"]);
        let second = w.ok(&["--db", "second.db", "export", "ledger"]);
        prop_assert_eq!(&first, &second);

        // And the export re-imports into its own ledger as a no-op.
        let events = |db: &str| -> i64 {
            rusqlite::Connection::open(w.path(db))
                .unwrap()
                .query_row("SELECT count(*) FROM events", [], |row| row.get(0))
                .unwrap()
        };
        let before = events("first.db");
        w.ok(&["--db", "first.db", "import", "export.toml"]);
        prop_assert_eq!(events("first.db"), before);
    }
}

// ---------------------------------------------------------------------------
// `import --dry-run` on damaged files: no panic, every problem on a line of its
// own as FILE:LINE: ..., and the ledger untouched.

/// A valid claims file that meets the death-claim ledger: one actor is
/// already there, one claim cites the ledger's source.
const VALID: &str = r#"[[source]]
key = "report"
title = "Short report"
published = "2023-06-20"
text = """
The group's spokesman said "one member" was killed, a claim the authorities denied.
Police seized 150 computer devices.
"""

[[actor]]
key = "mek"
name = "Mujahedeen-e-Khalq"
kind = "organization"
aliases = ["MEK", "PMOI"]

[[actor]]
key = "spokesman"
name = "The spokesman"
kind = "person"
affiliation = "mek"

[[claim]]
key = "deaths"
text = "One member was killed"
source = "report"
quote = "\"one member\" was killed"
topic = "deaths"
about = "raid.deaths"
value = 1
unit = "members"
tags = ["casualties"]

[[claim.stance]]
actor = "spokesman"
stance = "asserts"
quote = "The group's spokesman said"

[[claim.stance]]
actor = "albania"
stance = "disputes"
source = "article"
date = "2023-06-21"

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
source = "article"
range = [140, 160]
qualifier = "about"
"#;

const FILE: &str = "fuzz.toml";

fn ledger() -> Workdir {
    let w = Workdir::new();
    w.death_claim();
    w
}

/// Runs `import --dry-run` on `bytes` against `w`'s ledger and checks what it said.
fn dry_run(w: &Workdir, bytes: &[u8]) -> Result<(), TestCaseError> {
    let before = w.ledger_bytes();
    std::fs::write(w.path(FILE), bytes).unwrap();
    let out = w.output(&["import", "--dry-run", FILE]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    prop_assert!(!stderr.contains("panicked"), "{stderr}");
    prop_assert!(out.stdout.is_empty(), "a dry run prints nothing on stdout");
    let code = out.status.code();
    prop_assert!(code == Some(0) || code == Some(3), "exit {code:?}:\n{stderr}");

    let lines_in_file = bytes.split(|&b| b == b'\n').count();
    let prefix = format!("{FILE}:");
    let mut problems = 0;
    let mut errors = Vec::new();
    let mut summaries = 0;
    for line in stderr.lines() {
        if let Some(error) = line.strip_prefix("claimledger: error: ") {
            errors.push(error);
        } else if line.starts_with("hint: ") {
        } else if line.starts_with("would import ") {
            summaries += 1;
        } else if line.starts_with("the ledger also holds what the file does not: ") {
            prop_assert_eq!(code, Some(0), "{}", stderr);
        } else {
            let numbered = line
                .strip_prefix(&prefix)
                .and_then(|rest| rest.split_once(": "))
                .and_then(|(n, message)| Some((n.parse::<usize>().ok()?, message)));
            let Some((n, message)) = numbered else {
                return Err(TestCaseError::fail(format!("not a FILE:LINE: problem line: {line:?}\n{stderr}")));
            };
            prop_assert!((1..=lines_in_file).contains(&n), "line {n} of a {lines_in_file}-line file: {line:?}");
            prop_assert!(!message.trim().is_empty(), "{line:?}");
            problems += 1;
        }
    }
    if code == Some(0) {
        prop_assert_eq!((problems, errors.len(), summaries), (0, 0, 1), "{}", stderr);
    } else {
        prop_assert!(problems > 0, "exit 3 without a problem line:\n{stderr}");
        prop_assert_eq!(summaries, 0, "{}", stderr);
        prop_assert_eq!(errors, vec![format!("{FILE}: {problems} problem(s); nothing was imported")], "{}", stderr);
    }
    prop_assert!(w.ledger_bytes() == before, "a dry run changed the ledger file");
    Ok(())
}

#[test]
fn the_valid_file_dry_runs_clean() {
    let w = ledger();
    dry_run(&w, VALID.as_bytes()).unwrap();
    let out = w.output(&["import", "--dry-run", FILE]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "would import 1 source(s), 1 actor(s), 2 claim(s), 2 stance(s), 3 annotation(s); 1 record(s) already in the ledger\n\
         the ledger also holds what the file does not: 1 source(s), 2 actor(s), 1 claim(s); left as it is\n"
    );
}

#[derive(Debug, Clone)]
enum Mutation {
    DeleteByte(Index),
    DuplicateByte(Index),
    FlipBit(Index, u8),
    InsertByte(Index, u8),
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index),
}

fn byte_mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<Index>().prop_map(Mutation::DeleteByte),
        any::<Index>().prop_map(Mutation::DuplicateByte),
        (any::<Index>(), 0u8..8).prop_map(|(i, bit)| Mutation::FlipBit(i, bit)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::InsertByte(i, b)),
    ]
}

fn line_mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<Index>().prop_map(Mutation::DeleteLine),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        any::<Index>().prop_map(Mutation::SwapLines),
    ]
}

fn mutate(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let mut lines: Vec<Vec<u8>> = bytes.split_inclusive(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    match mutation {
        _ if bytes.is_empty() => {}
        Mutation::DeleteByte(i) => {
            bytes.remove(i.index(bytes.len()));
        }
        Mutation::DuplicateByte(i) => {
            let at = i.index(bytes.len());
            bytes.insert(at, bytes[at]);
        }
        Mutation::FlipBit(i, bit) => {
            let at = i.index(bytes.len());
            bytes[at] ^= 1 << bit;
        }
        Mutation::InsertByte(i, b) => {
            bytes.insert(i.index(bytes.len() + 1), *b);
        }
        Mutation::DeleteLine(i) => {
            lines.remove(i.index(lines.len()));
            *bytes = lines.concat();
        }
        Mutation::DuplicateLine(i) => {
            let at = i.index(lines.len());
            lines.insert(at, lines[at].clone());
            *bytes = lines.concat();
        }
        Mutation::SwapLines(i) => {
            let at = i.index(lines.len());
            let other = (at + 1) % lines.len();
            lines.swap(at, other);
            *bytes = lines.concat();
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_are_reported_by_line_and_write_nothing(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let w = ledger();
        dry_run(&w, &bytes)?;
    }

    #[test]
    fn files_with_lines_deleted_duplicated_or_swapped_are_reported_by_line(
        mutations in prop::collection::vec(line_mutation(), 1..5)
    ) {
        let mut bytes = VALID.as_bytes().to_vec();
        for m in &mutations {
            mutate(&mut bytes, m);
        }
        let w = ledger();
        dry_run(&w, &bytes)?;
    }

    #[test]
    fn files_with_bytes_deleted_duplicated_flipped_or_inserted_are_reported_by_line(
        mutations in prop::collection::vec(byte_mutation(), 1..5)
    ) {
        let mut bytes = VALID.as_bytes().to_vec();
        for m in &mutations {
            mutate(&mut bytes, m);
        }
        let w = ledger();
        dry_run(&w, &bytes)?;
    }
}
