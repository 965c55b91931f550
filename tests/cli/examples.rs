//! The examples in the README and docs/ are run, and what they show is what
//! the program prints, so they cannot drift from it.
//!
//! Each markdown file is one session in a fresh folder holding a copy of
//! `claims/`, with a fixed clock and no terminal. In a fenced block whose
//! first line starts with `$ `, each `$ ` line (continued by a trailing `\`)
//! is run by `sh` with stderr joined to stdout, and the lines up to the next
//! `$ ` line are what it must print. In the shown output, `[..]` stands for
//! any text within a line and a line `...` for any number of lines. Comments
//! a reader does not see drive the rest:
//!
//! - `<!-- file: NAME -->` before a fenced block writes its text to NAME;
//! - `<!-- output of: COMMAND -->` before a fenced block runs COMMAND and
//!   compares its output with the block; `<!-- output -->` compares the
//!   block with the output of the `$ ` line just before, shown without any;
//! - `<!-- $ COMMAND -->` runs a command whose output is not shown;
//! - `<!-- new session -->` starts again in a fresh folder.
//!
//! `export NAME=VALUE` lines carry on to the later commands, and `$?` is the
//! exit code of the command before. `UPDATE_DOCS=1 cargo test examples`
//! writes what the program printed into the files; review the diff.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The clock every example runs at.
const NOW: &str = "2024-03-06T10:00:00Z";

/// One command of a session, where its shown output sits in the file.
struct Shown {
    /// The file's line of the command, counted from 1, for messages.
    line: usize,
    command: String,
    /// The file's lines (0-based, end exclusive) that show its output.
    output: std::ops::Range<usize>,
    /// The block's indentation (inside a list item), not part of the output.
    indent: usize,
}

enum Step {
    Run(Shown),
    /// A hidden command: run, its output not compared.
    Hidden(String),
    File {
        name: String,
        text: String,
    },
    NewSession,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Reads the steps of a markdown file, in order.
fn steps(lines: &[&str]) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut i = 0;
    // What the comment before the next fenced block asks of it.
    let mut pending: Option<Pending> = None;
    while i < lines.len() {
        let line = lines[i];
        if let Some(fence) = fence(line) {
            let start = i + 1;
            let mut end = start;
            while end < lines.len() && !lines[end].trim_start().starts_with(fence) {
                end += 1;
            }
            let indent = line.len() - line.trim_start().len();
            let block: Vec<&str> = lines[start..end].iter().map(|l| unindent(l, indent)).collect();
            match pending.take() {
                Some(Pending::File(name)) => steps.push(Step::File { name, text: join(&block) }),
                Some(Pending::OutputOf(command)) => {
                    steps.push(Step::Run(Shown { line: i, command, output: start..end, indent }))
                }
                Some(Pending::OutputOfPrevious) => match steps.last_mut() {
                    Some(Step::Run(shown)) if shown.output.is_empty() => {
                        shown.output = start..end;
                        shown.indent = indent;
                    }
                    _ => panic!("line {i}: `<!-- output -->` follows no `$ ` line shown without output"),
                },
                None if block.first().is_some_and(|l| l.starts_with("$ ")) => {
                    session(&block, start, indent, &mut steps)
                }
                None => {}
            }
            i = end + 1;
            continue;
        }
        let trimmed = line.trim();
        if let Some(inner) = trimmed.strip_prefix("<!--").and_then(|l| l.strip_suffix("-->")) {
            let inner = inner.trim();
            if let Some(name) = inner.strip_prefix("file:") {
                pending = Some(Pending::File(name.trim().to_string()));
            } else if let Some(command) = inner.strip_prefix("output of:") {
                pending = Some(Pending::OutputOf(command.trim().to_string()));
            } else if inner == "output" {
                pending = Some(Pending::OutputOfPrevious);
            } else if let Some(command) = inner.strip_prefix("$ ") {
                steps.push(Step::Hidden(command.to_string()));
            } else if inner == "new session" {
                steps.push(Step::NewSession);
            }
        }
        i += 1;
    }
    steps
}

enum Pending {
    File(String),
    OutputOf(String),
    OutputOfPrevious,
}

/// The backticks that open a fenced block, if the line opens one.
fn fence(line: &str) -> Option<&'static str> {
    let trimmed = line.trim_start();
    if trimmed.starts_with("````") {
        Some("````")
    } else if trimmed.starts_with("```") {
        Some("```")
    } else {
        None
    }
}

fn unindent(line: &str, indent: usize) -> &str {
    line.get(indent..).filter(|_| line[..indent].trim().is_empty()).unwrap_or(line.trim_start())
}

fn join(block: &[&str]) -> String {
    block.iter().map(|l| format!("{l}\n")).collect()
}

/// The commands of a `$ ` block and the lines each must print.
fn session(block: &[&str], first: usize, indent: usize, steps: &mut Vec<Step>) {
    let mut j = 0;
    while j < block.len() {
        let line_no = first + j + 1;
        let mut command = block[j].strip_prefix("$ ").expect("a command line").to_string();
        while command.ends_with('\\') && j + 1 < block.len() {
            j += 1;
            command.push('\n');
            command.push_str(block[j]);
        }
        j += 1;
        let from = j;
        while j < block.len() && !block[j].starts_with("$ ") {
            j += 1;
        }
        steps.push(Step::Run(Shown { line: line_no, command, output: first + from..first + j, indent }));
    }
}

/// A fresh folder with a copy of the bundled claims.
fn fresh() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("claims")).expect("claims dir");
    for entry in std::fs::read_dir(repo().join("claims")).expect("claims/") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            std::fs::copy(&path, dir.path().join("claims").join(path.file_name().unwrap())).expect("copy");
        }
    }
    dir
}

struct Shell {
    dir: tempfile::TempDir,
    exports: String,
    status: i32,
}

impl Shell {
    fn new() -> Shell {
        Shell { dir: fresh(), exports: String::new(), status: 0 }
    }

    /// Runs one command as a reader would type it; stdout and stderr as one.
    fn run(&mut self, command: &str) -> String {
        let bin = assert_cmd::cargo::cargo_bin("claimledger");
        let path = format!("{}:/usr/local/bin:/usr/bin:/bin", bin.parent().unwrap().display());
        let script = format!("exec 2>&1\n{}(exit {})\n{command}\n", self.exports, self.status);
        let output = Command::new("sh")
            .arg("-c")
            .arg(script)
            .env_clear()
            .env("PATH", path)
            .env("HOME", self.dir.path())
            .env("USER", "reader")
            .env("CLAIMLEDGER_NOW", NOW)
            .env("NO_COLOR", "1")
            .env("LANG", "C.UTF-8")
            .current_dir(self.dir.path())
            .output()
            .expect("sh runs");
        self.status = output.status.code().unwrap_or(128);
        if command.starts_with("export ") {
            self.exports.push_str(command);
            self.exports.push('\n');
        }
        String::from_utf8_lossy(&output.stdout).into_owned()
    }
}

/// Whether `actual` is what `shown` shows, `[..]` and `...` standing for anything.
fn matches(shown: &[&str], actual: &[&str]) -> bool {
    match shown.split_first() {
        None => actual.is_empty(),
        Some((&"...", rest)) => (0..=actual.len()).any(|skip| matches(rest, &actual[skip..])),
        Some((line, rest)) => {
            actual.split_first().is_some_and(|(got, more)| line_matches(line, got) && matches(rest, more))
        }
    }
}

fn line_matches(shown: &str, actual: &str) -> bool {
    let mut pieces = shown.split("[..]");
    let first = pieces.next().unwrap_or("");
    let Some(mut rest) = actual.strip_prefix(first) else { return false };
    let pieces: Vec<&str> = pieces.collect();
    for (n, piece) in pieces.iter().enumerate() {
        if n + 1 == pieces.len() {
            return rest.ends_with(piece);
        }
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

/// Runs the examples of one markdown file; returns the mismatches, and with
/// `UPDATE_DOCS` set, writes the actual output in their place.
fn check(name: &str) {
    let path = repo().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let lines: Vec<&str> = text.lines().collect();
    let mut shell = Shell::new();
    let mut failures = Vec::new();
    let mut replacements: Vec<(std::ops::Range<usize>, Vec<String>)> = Vec::new();
    let mut ran = 0;
    for step in steps(&lines) {
        match step {
            Step::NewSession => shell = Shell::new(),
            Step::File { name, text } => write(shell.dir.path(), &name, &text),
            Step::Hidden(command) => {
                let output = shell.run(&command);
                assert!(shell.status == 0, "{name}: hidden command `{command}` failed:\n{output}");
            }
            Step::Run(shown) => {
                ran += 1;
                let output = shell.run(&shown.command);
                let actual: Vec<&str> = output.lines().collect();
                let expected: Vec<&str> =
                    lines[shown.output.clone()].iter().map(|l| unindent(l, shown.indent)).collect();
                let expected = &expected[..];
                if !matches(expected, &actual) {
                    failures.push(format!(
                        "{name}:{}: `{}` printed\n{}\n--- where the file shows\n{}\n",
                        shown.line,
                        shown.command,
                        output.trim_end(),
                        expected.join("\n")
                    ));
                    let pad = " ".repeat(shown.indent);
                    let actual = actual.iter().map(|l| if l.is_empty() { String::new() } else { format!("{pad}{l}") });
                    replacements.push((shown.output, actual.collect()));
                }
            }
        }
    }
    assert!(ran > 0, "{name} shows no example to run");
    if failures.is_empty() {
        return;
    }
    if std::env::var_os("UPDATE_DOCS").is_some() {
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        for (range, actual) in replacements.into_iter().rev() {
            out.splice(range, actual);
        }
        std::fs::write(&path, out.join("\n") + "\n").expect("write the file");
        return;
    }
    panic!(
        "{} example(s) print something else than shown (UPDATE_DOCS=1 cargo test examples writes what they print):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn write(dir: &Path, name: &str, text: &str) {
    assert!(!name.contains(".."), "a file example stays in its folder: {name}");
    std::fs::write(dir.join(name), text).expect("write the example file");
}

#[test]
fn readme() {
    check("README.md");
}

#[test]
fn claims_files() {
    check("docs/claims-files.md");
}

#[test]
fn contested() {
    check("docs/contested.md");
}

#[test]
fn export() {
    check("docs/export.md");
}

#[test]
fn cli() {
    check("docs/cli.md");
}

#[test]
fn publish() {
    check("docs/publish.md");
}

#[test]
fn model() {
    check("docs/model.md");
}

#[test]
fn every_document_with_examples_is_checked() {
    let checked = [
        "README.md",
        "docs/cli.md",
        "docs/claims-files.md",
        "docs/contested.md",
        "docs/export.md",
        "docs/model.md",
        "docs/publish.md",
    ];
    let mut names = vec!["README.md".to_string()];
    for entry in std::fs::read_dir(repo().join("docs")).expect("docs/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            names.push(format!("docs/{}", path.file_name().unwrap().to_string_lossy()));
        }
    }
    for name in names {
        let text = std::fs::read_to_string(repo().join(&name)).expect("read");
        let lines: Vec<&str> = text.lines().collect();
        let runs = steps(&lines).iter().filter(|s| matches!(s, Step::Run(_))).count();
        assert!(
            runs == 0 || checked.contains(&name.as_str()),
            "{name} shows {runs} example(s): add a test for it in tests/cli/examples.rs"
        );
    }
}

#[test]
fn wildcards_stand_for_text_and_lines() {
    assert!(line_matches("head: 12:[..]", "head: 12:ab12"));
    assert!(line_matches("a [..] c [..]", "a b c d"));
    assert!(!line_matches("a [..] c", "a b d"));
    assert!(matches(&["x", "...", "z"], &["x", "y", "y", "z"]));
    assert!(matches(&["x", "...", "z"], &["x", "z"]));
    assert!(!matches(&["x", "z"], &["x", "y", "z"]));
}
