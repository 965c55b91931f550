//! The shell's side of the command line: completion scripts and the manual
//! pages, generated from the same command tree as the help.

use clap::CommandFactory;

use crate::fixture::Workdir;

/// Every command as its words: ["claim", "add"], ["verify"], ...
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut path = path.clone();
            path.push(sub.get_name().to_string());
            out.push(path.clone());
            walk(sub, path, out);
        }
    }
    let mut paths = Vec::new();
    walk(&claimledger::cli::Cli::command(), Vec::new(), &mut paths);
    paths
}

/// Runs `script` in a bash without start-up files, in the workdir.
fn bash(w: &Workdir, script: &str) -> std::process::Output {
    std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", script])
        .current_dir(w.path(""))
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .output()
        .expect("bash runs")
}

#[test]
fn bash_reads_the_completion_script_and_completes_commands_and_options() {
    let w = Workdir::new();
    w.write_file("claimledger.bash", &w.ok(&["completions", "bash"]));
    let syntax = bash(&w, "bash -n claimledger.bash");
    assert!(syntax.status.success(), "{}", String::from_utf8_lossy(&syntax.stderr));

    let registered = bash(&w, "source ./claimledger.bash && complete -p claimledger");
    let registered = String::from_utf8(registered.stdout).unwrap();
    assert!(registered.contains("-F _claimledger") && registered.trim_end().ends_with("claimledger"), "{registered}");

    // What the function offers after `claimledger ` and after `claimledger note --`.
    let offers = |words: &str, current: usize| {
        let script = format!(
            "source ./claimledger.bash; COMP_WORDS=({words}); COMP_CWORD={current}; \
             _claimledger claimledger \"${{COMP_WORDS[{current}]}}\" \"${{COMP_WORDS[{current}-1]}}\"; \
             printf '%s\\n' \"${{COMPREPLY[@]}}\""
        );
        let out = bash(&w, &script);
        String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect::<Vec<_>>()
    };
    let commands = offers("claimledger ''", 1);
    for path in command_paths().iter().filter(|p| p.len() == 1) {
        assert!(commands.contains(&path[0]), "{} not offered: {commands:?}", path[0]);
    }
    let options = offers("claimledger note --", 2);
    assert!(options.contains(&"--as".to_string()) && options.contains(&"--db".to_string()), "{options:?}");
    let options = offers("claimledger log --", 2);
    assert!(!options.contains(&"--as".to_string()), "log records nothing, so it takes no --as: {options:?}");
}

#[test]
fn zsh_fish_and_powershell_scripts_are_produced() {
    let w = Workdir::new();
    let zsh = w.ok(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef claimledger"), "{zsh}");
    let fish = w.ok(&["completions", "fish"]);
    assert!(fish.contains("complete -c claimledger"), "{fish}");
    let powershell = w.ok(&["completions", "powershell"]);
    assert!(powershell.contains("Register-ArgumentCompleter") && powershell.contains("'claimledger'"));
    for script in [&zsh, &fish, &powershell] {
        assert!(script.contains("contested") && script.contains("verify"), "commands named: {script}");
    }
    let refused = w.fails(2, &["completions", "tcsh"]);
    assert!(refused.contains("tcsh"), "{refused}");
}

#[test]
fn the_manual_page_names_every_command() {
    let w = Workdir::new();
    let page = w.ok(&["man"]);
    assert!(page.contains(".TH claimledger 1"), "{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH SUBCOMMANDS"] {
        assert!(page.contains(section), "{section} missing:\n{page}");
    }
    for path in command_paths().iter().filter(|p| p.len() == 1) {
        // roff escapes the hyphen: claimledger\-claim(1).
        assert!(page.contains(&format!("claimledger\\-{}(1)", path[0])), "{} missing:\n{page}", path[0]);
    }
    assert!(!page.contains("claimledger\\-help(1)"), "clap's help command is no page");
}

/// The sections a man page has after its commands, in man's order, not one EXTRA block that man reflows.
#[test]
fn the_manual_page_has_examples_exit_status_and_environment() {
    let w = Workdir::new();
    let page = w.ok(&["man"]);
    assert!(!page.contains(".SH EXTRA"), "{page}");
    let at = |section: &str| page.find(section).unwrap_or_else(|| panic!("{section} missing:\n{page}"));
    assert!(at(".SH SUBCOMMANDS") < at(".SH EXAMPLES"));
    assert!(at(".SH EXAMPLES") < at(".SH \"EXIT STATUS\"") && at(".SH \"EXIT STATUS\"") < at(".SH ENVIRONMENT"));
    assert!(at(".SH ENVIRONMENT") < at(".SH VERSION"));
    assert!(page.contains(".TP\n\\fBclaimledger import claims/ashraf3\\-raid.toml\\fR\n"), "{page}");
    assert!(page.contains(".TP\n\\fB3\\fR\na check found problems"), "{page}");
    let environment = &page[at(".SH ENVIRONMENT")..at(".SH VERSION")];
    for name in [
        "CLAIMLEDGER_DB",
        "CLAIMLEDGER_USER",
        "CLAIMLEDGER_NOW",
        "NO_COLOR",
        "XDG_CACHE_HOME",
        "PGPASSFILE",
        "CLAIMLEDGER_PASSWORD_FILE",
    ] {
        assert!(environment.contains(&format!("\\fB{name}\\fR")), "{name} missing:\n{environment}");
    }
    // --help keeps its examples and exit codes.
    let help = w.ok(&["--help"]);
    assert!(help.contains("Examples:\n  claimledger import claims/ashraf3-raid.toml  "), "{help}");
    assert!(help.contains("Exit codes:\n  0  success"), "{help}");
}

#[test]
fn every_command_has_a_page_in_the_manual_folder() {
    let w = Workdir::new();
    std::fs::create_dir(w.path("man1")).unwrap();
    w.ok(&["man", "--dir", "man1"]);
    let top = std::fs::read_to_string(w.path("man1/claimledger.1")).unwrap();
    assert_eq!(top, w.ok(&["man"]), "the folder's first page is the one on stdout");
    for path in command_paths() {
        let name = format!("claimledger-{}", path.join("-"));
        let page = std::fs::read_to_string(w.path(&format!("man1/{name}.1")))
            .unwrap_or_else(|e| panic!("no page for {path:?}: {e}"));
        assert!(page.contains(&format!(".TH {name} 1")), "{page}");
    }
    let pages = std::fs::read_dir(w.path("man1")).unwrap().count();
    assert_eq!(pages, command_paths().len() + 1);
    let missing = w.fails(1, &["man", "--dir", "nowhere"]);
    assert!(missing.contains("no folder 'nowhere'"), "{missing}");
}

/// The commands that record a change, and so take `--as`.
const RECORDING: &[&str] = &[
    "source add",
    "actor add",
    "claim add",
    "source amend",
    "actor amend",
    "claim amend",
    "claim withdraw",
    "claim restore",
    "assert",
    "dispute",
    "stance retract",
    "note",
    "tag",
    "untag",
    "verdict",
    "annotation retract",
    "link",
    "unlink",
    "status",
    "import",
    "push",
    "config set",
    "config unset",
];

/// The command at `path` in the built command tree.
fn find<'a>(root: &'a clap::Command, path: &[String]) -> &'a clap::Command {
    path.iter().fold(root, |cmd, name| cmd.find_subcommand(name).expect("a command"))
}

#[test]
fn only_commands_that_record_a_change_take_as() {
    let mut root = claimledger::cli::Cli::command();
    root.build();
    for path in command_paths() {
        let cmd = find(&root, &path);
        if cmd.has_subcommands() {
            continue;
        }
        let takes_as = cmd.get_arguments().any(|a| a.get_long() == Some("as"));
        assert_eq!(takes_as, RECORDING.contains(&path.join(" ").as_str()), "{path:?}");
    }
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["note", "C1", "Checked with the ministry", "--as", "Dana Reyes"]);
    let log = w.json(&["log", "--format", "json"]);
    assert_eq!(log.as_array().unwrap().last().unwrap()["author"], "Dana Reyes");
    for args in [&["log", "--as", "x"][..], &["--as", "x", "contested"], &["--as", "x", "note", "C1", "text"]] {
        let err = w.fails(2, args);
        assert!(
            err.contains("unexpected argument '--as'") && err.contains("hint: --as names who records a change"),
            "{err}"
        );
    }
}

#[test]
fn the_help_puts_global_options_under_their_heading_and_ends_with_examples_and_exit_codes() {
    let w = Workdir::new();
    let help = w.ok(&["--help"]);
    let global = help.split("Global options:").nth(1).expect("a Global options heading");
    let options = help.split("Global options:").next().unwrap();
    assert!(global.contains("--db <PATH>") && global.contains("--quiet"), "{help}");
    assert!(!options.contains("--db"), "--db only under its heading:\n{help}");
    let examples = help.split("Examples:").nth(1).expect("examples");
    let codes = examples.split("Exit codes:").nth(1).expect("exit codes after the examples");
    use claimledger::error::exit;
    for code in [exit::SUCCESS, exit::FAILURE, exit::USAGE, exit::CHECK_FAILED] {
        assert!(codes.contains(&format!("\n  {code}  ")), "exit code {code} missing:\n{codes}");
    }
    let note = w.ok(&["note", "--help"]);
    let global = note.split("Global options:").nth(1).expect("a Global options heading");
    for option in ["--db", "--quiet", "--as"] {
        assert!(global.contains(option), "{option} not under Global options:\n{note}");
    }
}

#[test]
fn the_help_examples_run() {
    let w = Workdir::new();
    w.copy_claims();
    let help = w.ok(&["--help"]);
    let examples = help.split("Examples:\n").nth(1).unwrap().split("\n\n").next().unwrap();
    let mut ran = 0;
    for line in examples.lines() {
        let command = line.trim().split("  ").next().unwrap();
        let words: Vec<&str> = command.split(' ').collect();
        assert_eq!(words[0], "claimledger", "{line}");
        w.ok(&words[1..]);
        ran += 1;
    }
    assert!(ran >= 4, "{examples}");
}

#[test]
fn usage_errors_are_one_line_and_a_hint() {
    let w = Workdir::new();
    let err = w.fails(2, &["log", "--formt", "json"]);
    assert_eq!(
        err,
        "claimledger: error: unexpected argument '--formt' found\nhint: a similar argument exists: '--format'\n"
    );
    let err = w.fails(2, &["claim", "amend", "C1"]);
    assert!(
        err.starts_with("claimledger: error: the following required arguments were not provided: --reason"),
        "{err}"
    );
    assert!(err.contains("\nhint: usage: claimledger claim amend"), "{err}");
    // Help asked for is not an error.
    let help = w.output(&["claim", "--help"]);
    assert_eq!(help.status.code(), Some(0));
}
