//! Failure safety and trust boundaries: a database failure aborts a command
//! whole, a ledger is never deleted behind another process's back, a claims
//! file reads nothing outside its folder, stored text cannot drive the
//! terminal, and a read-only ledger still reads.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Output, Stdio};
use std::time::Duration;

use crate::fixture::Workdir;

/// A claims file of `n` claims on one source, three stances each; with
/// `broken_last`, the last claim refers to a source that does not exist.
fn many_claims(n: usize, broken_last: bool) -> String {
    let mut file = String::from("[[source]]\nkey = \"wire\"\ntitle = \"Wire reports\"\n");
    for a in 0..10 {
        file.push_str(&format!("\n[[actor]]\nkey = \"org-{a}\"\nname = \"Actor {a}\"\nkind = \"organization\"\n"));
    }
    for c in 0..n {
        let source = if broken_last && c == n - 1 { "nowhere" } else { "wire" };
        file.push_str(&format!(
            "\n[[claim]]\nkey = \"k{c}\"\ntext = \"Claim {c}: {} casualties in region {}\"\nsource = \"{source}\"\nabout = \"q{}\"\nvalue = {}\nunit = \"people\"\n",
            c * 7919 % 100_000,
            c % 97,
            c / 4,
            c % 1000 + 1
        ));
        for s in 0..3 {
            file.push_str(&format!("\n[[claim.stance]]\nactor = \"org-{}\"\nstance = \"asserts\"\n", (c + s) % 10));
        }
    }
    file
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs the binary with every file it writes limited to `bytes`, as on a full
/// disk: past the limit a write fails (SIGXFSZ is ignored, so it returns
/// EFBIG rather than killing the process).
fn with_file_size_limit(w: &Workdir, bytes: u64, args: &[&str]) -> Output {
    let mut cmd = w.std_cmd(args);
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit { rlim_cur: bytes, rlim_max: bytes };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().expect("run")
}

#[test]
fn a_full_disk_aborts_an_import_whole_and_the_chain_stays_sound() {
    let w = Workdir::new();
    w.death_claim();
    w.write_file("many.toml", &many_claims(5000, false));
    let before = w.ledger_bytes();
    let events = w.event_count();
    let out = with_file_size_limit(&w, 256 * 1024, &["import", "many.toml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines.len() <= 2, "one message, not one per record:\n{err}");
    assert!(lines[0].starts_with("claimledger: error: ") && lines[0].contains("the command changed nothing"), "{err}");
    assert!(!err.contains("many.toml:"), "a database failure is not blamed on the file:\n{err}");
    assert_eq!(w.ledger_bytes(), before, "the ledger file is as it was");
    assert_eq!(w.event_count(), events);
    assert!(w.ok(&["verify"]).contains("ok:"));
    // The next write builds on the head as it was.
    w.ok(&["note", "C1", "after the failed import"]);
    assert!(w.ok(&["verify"]).contains("ok:"));
}

#[test]
fn a_full_disk_aborts_a_single_write() {
    let w = Workdir::new();
    w.death_claim();
    let events = w.event_count();
    w.write_file("big.txt", &"The police raided the camp. ".repeat(24_000));
    let out = with_file_size_limit(&w, 256 * 1024, &["source", "add", "Big", "--text-file", "big.txt"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("the command changed nothing"), "{}", stderr(&out));
    assert_eq!(w.event_count(), events);
    assert!(w.ok(&["verify"]).contains("ok:"));
}

/// The temporary file a new ledger is built in, while an import runs.
fn building(w: &Workdir) -> bool {
    std::fs::read_dir(w.path("")).unwrap().any(|e| e.unwrap().file_name().to_string_lossy().contains(".new-"))
}

/// Starts `import` of a large file into a missing ledger and waits until it is
/// building the new ledger.
fn import_underway(w: &Workdir, file: &str) -> std::process::Child {
    let mut child = w.std_cmd(&["import", file]).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    for _ in 0..2000 {
        if building(w) {
            return child;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    panic!("the import never started building the ledger");
}

#[test]
fn a_failed_import_never_deletes_a_ledger_another_process_made() {
    let w = Workdir::new();
    w.write_file("bad.toml", &many_claims(5_000, true));
    let import = import_underway(&w, "bad.toml");
    // Meanwhile, someone else makes the ledger and writes to it.
    w.ok(&["init"]);
    w.ok(&["source", "add", "Made meanwhile"]);
    let out = import.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("nothing was imported"), "{}", stderr(&out));
    assert_eq!(w.event_count(), 1, "the other process's ledger and its write are intact");
    assert!(w.ok(&["verify"]).contains("ok:"));
    assert!(!building(&w), "the import's temporary ledger is gone");
}

#[test]
fn a_successful_import_never_replaces_a_ledger_another_process_made() {
    let w = Workdir::new();
    w.write_file("good.toml", &many_claims(5_000, false));
    let import = import_underway(&w, "good.toml");
    w.ok(&["init"]);
    w.ok(&["source", "add", "Made meanwhile"]);
    let out = import.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("a ledger appeared at"), "{}", stderr(&out));
    assert_eq!(w.event_count(), 1);
    assert!(!building(&w));
    // Run again, it imports into the ledger that is there.
    w.ok(&["import", "good.toml"]);
    assert_eq!(w.json(&["source", "list", "--format", "json"]).as_array().unwrap().len(), 2);
}

#[test]
fn a_failed_import_into_a_missing_ledger_leaves_nothing_behind() {
    let w = Workdir::new();
    w.write_file("bad.toml", &many_claims(3, true));
    w.fails(1, &["import", "bad.toml"]);
    let left: Vec<String> =
        std::fs::read_dir(w.path("")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(left, ["bad.toml"]);
}

/// A claims file whose one source names `text_file`.
fn source_file(text_file: &str) -> String {
    format!("[[source]]\nkey = \"s\"\ntitle = \"S\"\ntext_file = \"{text_file}\"\n")
}

#[test]
fn a_claims_file_reads_only_regular_files_inside_its_folder() {
    let w = Workdir::new();
    w.ok(&["init"]);
    std::fs::create_dir(w.path("claims")).unwrap();
    std::fs::write(w.path("secret.txt"), "outside the folder").unwrap();
    std::fs::write(w.path("claims/article.txt"), "inside the folder").unwrap();
    std::os::unix::fs::symlink(w.path("secret.txt"), w.path("claims/link.txt")).unwrap();
    std::os::unix::fs::symlink(w.path("claims/article.txt"), w.path("claims/inner-link.txt")).unwrap();
    std::fs::hard_link(w.path("secret.txt"), w.path("claims/hard.txt")).unwrap();
    // A folder inside that is a link to one outside.
    std::os::unix::fs::symlink(w.path("."), w.path("claims/up")).unwrap();
    std::fs::create_dir(w.path("claims/folder")).unwrap();
    let fifo = std::ffi::CString::new(w.path("claims/fifo").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let big = std::fs::File::create(w.path("claims/big.txt")).unwrap();
    big.set_len(claimledger::source_text::MAX_BYTES + 1).unwrap();
    let secret = w.path("secret.txt");
    for (text_file, why) in [
        ("../secret.txt", "is outside the claims file's folder"),
        (secret.to_str().unwrap(), "is outside the claims file's folder"),
        ("/etc/passwd", "is outside the claims file's folder"),
        ("/proc/self/environ", "is outside the claims file's folder"),
        ("link.txt", "is outside the claims file's folder"),
        ("up/secret.txt", "is outside the claims file's folder"),
        ("hard.txt", "is a hard link"),
        ("/dev/zero", "is outside the claims file's folder"),
        ("fifo", "is not a regular file"),
        ("folder", "is not a regular file"),
        ("big.txt", "is larger than 50 MiB"),
        ("missing.txt", "no such file or directory"),
    ] {
        w.write_file("claims/c.toml", &source_file(text_file));
        let before = w.ledger_bytes();
        let out = w.cmd(&["import", "claims/c.toml"]).timeout(Duration::from_secs(20)).output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{text_file}: {err}");
        assert!(err.contains("claims/c.toml:1: source 's': text_file: ") && err.contains(why), "{text_file}: {err}");
        assert_eq!(w.ledger_bytes(), before);
    }
    let devices = w.fails(1, &["source", "add", "Zeros", "--text-file", "/dev/zero"]);
    assert!(devices.contains("is not a regular file"), "{devices}");
    // Inside the folder, through a link or not, is fine; and --allow-outside
    // lets a user who means it read elsewhere.
    w.write_file("claims/c.toml", &source_file("inner-link.txt"));
    w.ok(&["import", "claims/c.toml"]);
    w.write_file("claims/d.toml", &source_file("../secret.txt").replace("\"s\"", "\"t\""));
    w.ok(&["import", "claims/d.toml", "--allow-outside"]);
    assert_eq!(w.json(&["source", "list", "--format", "json"]).as_array().unwrap().len(), 2);
}

/// A claims file saved in a home folder sits beside `.ssh`: hidden files and
/// folders below its folder are refused, a link to one too, before anything
/// is read or even looked up; `--allow-outside` reads them.
#[test]
fn a_claims_file_reads_no_hidden_files_or_folders() {
    let w = Workdir::new();
    w.ok(&["init"]);
    std::fs::create_dir_all(w.path("home/.ssh")).unwrap();
    std::fs::write(w.path("home/.ssh/id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----").unwrap();
    std::fs::write(w.path("home/.hidden.txt"), "a hidden text").unwrap();
    std::os::unix::fs::symlink(w.path("home/.hidden.txt"), w.path("home/plain.txt")).unwrap();
    for (text_file, name) in [
        (".ssh/id_ed25519", ".ssh"),
        (".hidden.txt", ".hidden.txt"),
        ("./.ssh/id_ed25519", ".ssh"),
        ("plain.txt", ".hidden.txt"),
        (".ssh/no-such-key", ".ssh"),
    ] {
        w.write_file("home/c.toml", &source_file(text_file));
        let err = w.fails(1, &["import", "home/c.toml"]);
        assert!(
            err.contains(&format!("home/c.toml:1: source 's': text_file: 'home/{text_file}' is hidden ('{name}' starts with a dot); a claims file reads no hidden files or folders")),
            "{text_file}: {err}"
        );
        assert!(err.contains("(--allow-outside lifts this)"), "{err}");
    }
    w.write_file("home/c.toml", &source_file(".ssh/id_ed25519"));
    w.ok(&["import", "home/c.toml", "--allow-outside"]);
    assert!(w.ok(&["export", "ledger"]).contains("text = \"-----BEGIN OPENSSH PRIVATE KEY-----\""));
}

#[test]
fn a_closed_pipe_is_a_clean_exit_for_every_command_and_format() {
    let w = Workdir::new();
    w.write_file("many.toml", &many_claims(400, false));
    w.ok(&["import", "many.toml"]);
    w.ok(&["note", "C1", &"a long note ".repeat(2000)]);
    let commands: &[&[&str]] = &[
        &["source", "list"],
        &["source", "show", "S1"],
        &["actor", "list"],
        &["actor", "show", "A1"],
        &["claim", "list"],
        &["claim", "show", "C1"],
        &["contested"],
        &["figures"],
        &["log"],
        &["log", "C1"],
        &["verify"],
    ];
    let mut runs = Vec::new();
    for command in commands {
        for format in ["table", "csv", "json", "jsonl"] {
            let mut args = command.to_vec();
            args.extend(["--format", format]);
            runs.push(args);
        }
    }
    for what in ["claims", "stances", "contested", "annotations"] {
        for format in ["csv", "json", "jsonl"] {
            runs.push(vec!["export", what, "--format", format]);
        }
    }
    runs.push(vec!["export", "ledger", "--format", "toml"]);
    runs.push(vec!["export", "ledger", "--format", "json"]);
    for args in runs {
        let mut child = w.std_cmd(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut first = [0u8; 1];
        child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
        drop(child.stdout.take());
        let mut err = String::new();
        child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{args:?}: {err}");
        assert_eq!(err, "", "{args:?}");
    }
}

#[test]
fn terminal_controls_in_stored_text_are_shown_escaped_in_tables_only() {
    let w = Workdir::new();
    w.death_claim();
    let hostile = "Raid \u{1b}]0;PWNED\u{7}\u{1b}[2J and \u{202e}desrever";
    w.ok(&["claim", "add", hostile, "--source", "article"]);
    w.ok(&["note", "C2", hostile]);
    for args in [&["claim", "list"][..], &["claim", "show", "C2"], &["log"], &["log", "C2"], &["source", "list"]] {
        let shown = w.ok(args);
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{7}') && !shown.contains('\u{202e}'),
            "{args:?}:\n{shown}"
        );
    }
    let wide = w.cmd(&["claim", "list"]).env("COLUMNS", "250").output().unwrap();
    assert!(String::from_utf8_lossy(&wide.stdout).contains("\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J"));
    assert!(w.ok(&["claim", "show", "C2"]).contains("\\u{202e}desrever"));
    // Machine formats carry the text exactly.
    assert_eq!(w.json(&["claim", "show", "C2", "--format", "json"])["text"], hostile);
    let csv = w.ok(&["export", "claims"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let row = reader.records().nth(1).unwrap().unwrap();
    assert_eq!(&row[4], hostile);
    // An error quoting the text does not pass it to the terminal either.
    let err = w.fails(1, &["claim", "show", "\u{1b}[2J"]);
    assert!(!err.contains('\u{1b}') && err.contains("\\u{1b}[2J"), "{err}");
}

/// Every character a name may not hold because a reader cannot see it is
/// shown escaped wherever a table or a message shows text: tags, variation
/// selectors, Hangul fillers, the grapheme joiner. CSV and JSON keep it.
#[test]
fn default_ignorable_characters_are_shown_escaped_in_tables_and_messages() {
    let w = Workdir::new();
    w.death_claim();
    let hidden =
        ['\u{e0041}', '\u{e007f}', '\u{fe0f}', '\u{e0100}', '\u{115f}', '\u{1160}', '\u{3164}', '\u{ffa0}', '\u{34f}'];
    let note: String = hidden.iter().map(|c| format!("{c}x")).collect();
    w.ok(&["note", "C1", &note]);
    w.ok(&["claim", "add", &note, "--source", "article"]);
    let escaped: String = hidden.iter().map(|&c| format!("\\u{{{:x}}}x", c as u32)).collect();
    for args in [&["claim", "show", "C1"][..], &["claim", "list"], &["log", "C2"]] {
        let shown = w.cmd(args).env("COLUMNS", "250").output().unwrap();
        let shown = String::from_utf8(shown.stdout).unwrap();
        assert!(shown.contains(&escaped), "{args:?}:\n{shown}");
        assert!(!shown.contains(hidden), "{args:?}:\n{shown}");
    }
    assert_eq!(w.json(&["claim", "show", "C1", "--format", "json"])["notes"][0]["text"], note.as_str());
    assert!(w.ok(&["export", "annotations"]).contains(&note));
    // The refusal that quotes a name holding one shows it escaped, from the command line and a file.
    let err = w.fails(1, &["actor", "add", "Shahin\u{e0041} Gobadi", "--kind", "person"]);
    assert!(err.contains("name 'Shahin\\u{e0041} Gobadi' holds an invisible character (U+E0041)"), "{err}");
    assert!(!err.contains('\u{e0041}'), "{err}");
    w.write_file("a.toml", "[[actor]]\nkey = \"z\"\nname = \"Zo\u{3164}\"\nkind = \"person\"\n");
    let err = w.fails(1, &["import", "a.toml"]);
    assert!(
        err.contains("a.toml:1: actor 'z': name: name 'Zo\\u{3164}' holds an invisible character (U+3164)"),
        "{err}"
    );
}

#[test]
fn a_ledger_in_a_read_only_folder_is_read_and_verified_but_not_written() {
    let w = Workdir::new();
    w.death_claim();
    let before = w.ledger_bytes();
    let out = w.read_only_output(&["claim", "list", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let claims: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(claims[0]["id"], "C1");
    let out = w.read_only_output(&["verify"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok:"));
    let out = w.read_only_output(&["note", "C1", "a note"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot be written: the file or its folder is read-only"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("not a claimledger ledger"), "{}", stderr(&out));
    assert_eq!(w.ledger_bytes(), before);
    let left: Vec<String> =
        std::fs::read_dir(w.path("")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(left, ["claimledger.db"], "nothing was left beside it");
}

#[test]
fn invalid_utf8_in_a_claims_file_is_a_problem_with_its_line() {
    let w = Workdir::new();
    w.ok(&["init"]);
    std::fs::write(w.path("bad.toml"), b"[[source]]\nkey = \"s\"\ntitle = \"caf\xe9\"\n").unwrap();
    let err = w.fails(1, &["import", "bad.toml"]);
    assert!(err.contains("bad.toml:3: the file is not UTF-8 text"), "{err}");
    let err = w.fails(3, &["import", "bad.toml", "--dry-run"]);
    assert!(err.contains("bad.toml:3:"), "{err}");
}

#[test]
fn figures_a_double_cannot_hold_are_refused() {
    let w = Workdir::new();
    w.ok(&["init"]);
    w.ok(&["source", "add", "S", "--key", "s"]);
    for (figure, shown) in [
        ("value = 1e-400", "1e-400 cannot be stored exactly: it would become 0"),
        ("value = 9007199254740993", "9007199254740993 cannot be stored exactly"),
        ("value = 0.1000000000000000000001", "cannot be stored exactly"),
        ("range = [1, 12345678901234567890.5]", "cannot be stored exactly"),
        // Said as written, on the figure's own line.
        ("value = -9007199254740993", "-9007199254740993 cannot be stored exactly: it would become -9007199254740992"),
        ("value = nan", "'nan' is not a figure a claim can state"),
        ("range = [-inf, 3]", "'-inf' is not a figure a claim can state"),
    ] {
        w.write_file("f.toml", &format!("[[claim]]\nkey = \"c\"\ntext = \"T\"\nsource = \"s\"\n{figure}\n"));
        let err = w.fails(1, &["import", "f.toml"]);
        assert!(err.contains("f.toml:5: claim 'c': ") && err.contains(shown), "{figure}: {err}");
    }
    let err = w.fails(1, &["claim", "add", "T", "--source", "s", "--value", "123456789012345678901"]);
    assert!(err.contains("cannot be stored exactly"), "{err}");
    w.write_file("ok.toml", "[[claim]]\nkey = \"c\"\ntext = \"T\"\nsource = \"s\"\nvalue = 0.1\n");
    w.ok(&["import", "ok.toml"]);
}

#[test]
fn a_dropped_events_table_fails_verify_as_a_check() {
    let w = Workdir::new();
    w.death_claim();
    w.sql().execute_batch("PRAGMA foreign_keys = OFF; DROP TABLE events;").unwrap();
    let out = w.output(&["verify"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("table 'events' is missing"));
}

#[test]
fn the_clock_cannot_run_backwards_through_the_history() {
    let w = Workdir::new();
    w.death_claim();
    let out = w.cmd(&["note", "C1", "from the past"]).env("CLAIMLEDGER_NOW", "2025-01-01T00:00:00Z").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is earlier than the ledger's newest change"), "{}", stderr(&out));
    w.cmd(&["note", "C1", "later"]).env("CLAIMLEDGER_NOW", "2026-03-01T00:00:00Z").assert().success();
}

#[test]
fn output_files_never_replace_the_ledger_a_folder_or_a_device() {
    let w = Workdir::new();
    w.death_claim();
    // The ledger, by its name or a hard link to it: refused, and nothing changes.
    w.fails(1, &["export", "claims", "-o", "claimledger.db"]);
    std::fs::hard_link(w.db(), w.path("ledger.csv")).unwrap();
    let err = w.fails(1, &["report", "-o", "ledger.csv"]);
    assert!(err.contains("is the ledger"), "{err}");
    std::fs::remove_file(w.path("ledger.csv")).unwrap();
    std::fs::create_dir(w.path("folder")).unwrap();
    let err = w.fails(1, &["export", "claims", "-o", "folder"]);
    assert!(err.contains("is a folder"), "{err}");
    std::os::unix::fs::symlink("nowhere.csv", w.path("dangling.csv")).unwrap();
    let err = w.fails(1, &["export", "claims", "-o", "dangling.csv"]);
    assert!(err.contains("is a link to nothing"), "{err}");
    // A link: the file it names is replaced, and the link stays a link.
    w.write_file("real.csv", "old\n");
    std::os::unix::fs::symlink("real.csv", w.path("link.csv")).unwrap();
    w.ok(&["export", "claims", "-o", "link.csv"]);
    assert!(std::fs::symlink_metadata(w.path("link.csv")).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(w.path("real.csv")).unwrap().starts_with("id,key,"));
    // A pipe is written into, and stays a pipe.
    let fifo = w.path("pipe.csv");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = std::thread::spawn({
        let fifo = fifo.clone();
        move || std::fs::read_to_string(fifo).unwrap()
    });
    w.ok(&["export", "claims", "-o", "pipe.csv"]);
    assert!(reader.join().unwrap().starts_with("id,key,"));
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&std::fs::symlink_metadata(&fifo).unwrap().file_type()));
    // A device is written into, never replaced; /dev/stdout is the stdout handed over, appended to.
    w.ok(&["export", "claims", "-o", "/dev/null"]);
    w.write_file("log.txt", "kept\n");
    let log = std::fs::OpenOptions::new().append(true).open(w.path("log.txt")).unwrap();
    assert!(w.std_cmd(&["export", "claims", "-o", "/dev/stdout"]).stdout(log).status().unwrap().success());
    let logged = std::fs::read_to_string(w.path("log.txt")).unwrap();
    assert!(logged.starts_with("kept\nid,key,"), "{logged}");
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(&std::fs::metadata("/dev/null").unwrap().file_type()));
    let out = w.ok(&["verify"]);
    assert!(out.contains("ok:"), "{out}");
}

#[test]
fn a_closed_stderr_loses_the_message_not_the_exit_code() {
    let w = Workdir::new();
    w.death_claim();
    for (args, code) in
        [(&["claim", "show", "nosuch"][..], 1), (&["import", "missing.toml"][..], 1), (&["verify"][..], 0)]
    {
        let mut child = w.std_cmd(args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
        drop(child.stderr.take());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "{args:?}");
    }
}

#[test]
fn names_that_only_look_alike_are_refused_and_hidden_characters_shown() {
    let w = Workdir::new();
    w.death_claim();
    for name in [
        "Shahin\u{200b} Gobadi",
        "Shahin Gobadi\u{feff}",
        "Shahin\u{ad}Gobadi",
        "Sha\u{1}hin",
        "Shahin\u{34f} Gobadi",
        "Shahin\u{fe0f} Gobadi",
        "Shahin\u{e0041} Gobadi",
        "Shahin\u{180e} Gobadi",
    ] {
        let err = w.fails(1, &["actor", "add", name, "--kind", "person"]);
        assert!(err.contains("holds an invisible character"), "{err}");
    }
    // A claims file is held to the same rule.
    w.write_file("a.toml", "[[actor]]\nkey = \"z\"\nname = \"Zo\u{eb}\u{200b} Smith\"\nkind = \"person\"\n");
    let err = w.fails(1, &["import", "a.toml"]);
    assert!(err.contains("a.toml:1: actor 'z': name") && err.contains("invisible character"), "{err}");
    // The joiners that shape Persian words are part of the name.
    w.ok(&["actor", "add", "\u{639}\u{644}\u{6cc}\u{200c}\u{631}\u{636}\u{627}", "--kind", "person"]);
    // Text elsewhere keeps them, and tables show them escaped.
    w.ok(&["note", "C1", "zero\u{200b}width"]);
    let shown = w.ok(&["claim", "show", "C1"]);
    assert!(shown.contains("zero\\u{200b}width"), "{shown}");
}
#[test]
fn an_inline_text_has_the_cap_a_text_file_has() {
    let w = Workdir::new();
    w.ok(&["init"]);
    let text = "a".repeat(claimledger::source_text::MAX_BYTES as usize + 1);
    w.write_file("big.toml", &format!("[[source]]\nkey = \"b\"\ntitle = \"Big\"\ntext = \"{text}\"\n"));
    let err = w.fails(1, &["import", "big.toml"]);
    assert!(err.contains("big.toml:1: source 'b': text: the archived text is larger than 50 MiB"), "{err}");
}
