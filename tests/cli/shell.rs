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
