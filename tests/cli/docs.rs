//! docs/cli.md carries the help of every command; this keeps it from drifting.
//! Regenerate with `UPDATE_DOCS=1 cargo test docs`.

use std::path::PathBuf;

use clap::CommandFactory;

const MARKER: &str = "<!-- Everything below is generated from --help by `UPDATE_DOCS=1 cargo test docs`. -->";

fn walk(cmd: &mut clap::Command, path: &str, out: &mut String) {
    let help = cmd.render_long_help().to_string();
    out.push_str(&format!("\n## `{path}`\n\n```text\n{}\n```\n", help.trim_end()));
    for sub in cmd.get_subcommands_mut() {
        if sub.get_name() == "help" {
            continue;
        }
        let name = format!("{path} {}", sub.get_name());
        walk(sub, &name, out);
    }
}

#[test]
fn the_cli_reference_matches_the_help() {
    let mut cmd = claimledger::cli::Cli::command().term_width(100);
    cmd.build();
    let mut generated = String::new();
    walk(&mut cmd, "claimledger", &mut generated);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/cli.md");
    let doc = std::fs::read_to_string(&path).unwrap_or_default();
    let head = doc.split(MARKER).next().unwrap_or_default().to_string();
    let expected = format!("{}{MARKER}\n{generated}", head.trim_end().to_string() + "\n\n");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    } else {
        assert!(doc == expected, "docs/cli.md is out of date with --help; run `UPDATE_DOCS=1 cargo test docs`");
    }
}

/// What a newcomer needs before the quick start: the Rust version Cargo.toml asks for, what sets up the
/// test server, and the browser the report's test uses.
#[test]
fn the_readme_names_what_a_newcomer_needs() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("Cargo.toml names a rust-version");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let start = readme.find("## Quick start").unwrap();
    let quick_start = &readme[start..start + readme[start..].find("<!-- output of:").unwrap()];
    assert!(quick_start.contains(&format!("version {version} or later")), "{quick_start}");
    assert!(quick_start.contains("PostgreSQL") && quick_start.contains("chromium"), "{quick_start}");
}
