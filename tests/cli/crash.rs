//! Crash safety: `import` of a large claims file, and single writes, killed
//! with SIGKILL at random points. After every kill the file must pass SQLite's
//! integrity check, `verify` must pass, and the write must have happened
//! whole or not at all. Slow, so ignored; run it with
//! `cargo test --test cli -- --ignored crash --nocapture`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::fixture::{NOW, Workdir};

/// How many imports, and how many single writes, are killed.
const KILLS: usize = 30;
/// Claims in the imported file.
const CLAIMS: usize = 20_000;
const SEED: u64 = 0x5EED_CA5E_D00D_F00D;

/// xorshift64*: enough randomness for kill points and generated figures.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in 0..n.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A claims file of `n` claims on n/4 questions, three stances each, like bench/gen.py.
fn claims_file(n: usize, rng: &mut Rng) -> String {
    let actors = (n / 100).max(10) as u64;
    let mut out = String::from("[[source]]\nkey = \"wire\"\ntitle = \"Wire reports\"\n");
    for a in 0..actors {
        write!(out, "\n[[actor]]\nkey = \"org-{a}\"\nname = \"Actor {a}\"\nkind = \"organization\"\n").unwrap();
        if a >= 10 && a % 3 == 0 {
            writeln!(out, "affiliation = \"org-{}\"", a % 10).unwrap();
        }
    }
    let topics = ["deaths", "injuries", "seizures"];
    let qualifiers = ["exact", "about", "at-least", "more-than", "at-most", "fewer-than"];
    for c in 0..n {
        write!(
            out,
            "\n[[claim]]\nkey = \"k{c}\"\ntext = \"Claim {c}: {} casualties reported in region {}\"\n",
            1 + rng.below(1_000_000),
            c % 97
        )
        .unwrap();
        write!(
            out,
            "source = \"wire\"\ntopic = \"{}\"\nabout = \"q{}\"\n",
            topics[rng.below(topics.len() as u64) as usize],
            c / 4
        )
        .unwrap();
        write!(
            out,
            "value = {}\nqualifier = \"{}\"\nunit = \"people\"\n",
            1 + rng.below(1000),
            qualifiers[rng.below(qualifiers.len() as u64) as usize]
        )
        .unwrap();
        for s in 0..3 {
            let stance = if s == 2 && rng.unit() < 0.3 { "disputes" } else { "asserts" };
            write!(out, "\n[[claim.stance]]\nactor = \"org-{}\"\nstance = \"{stance}\"\n", rng.below(actors)).unwrap();
        }
    }
    out
}

/// The debug binary on `db`, with the fixture's environment.
fn command(dir: &Path, db: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("claimledger"));
    cmd.env_clear()
        .current_dir(dir)
        .env("CLAIMLEDGER_NOW", NOW)
        .env("CLAIMLEDGER_USER", "tester")
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn side_file(db: &Path, suffix: &str) -> PathBuf {
    db.with_file_name(format!("{}{suffix}", db.file_name().unwrap().to_string_lossy()))
}

/// A fresh copy of `base` at `db`, without any journal left by an earlier run.
fn fresh_copy(base: &Path, db: &Path) {
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(side_file(db, suffix));
    }
    std::fs::copy(base, db).unwrap();
}

/// Runs `cmd`, kills it with SIGKILL after `delay` unless it has ended by
/// then; returns whether it was killed.
fn run_and_kill(mut cmd: Command, delay: Duration) -> bool {
    let mut child = cmd.spawn().expect("start claimledger");
    let deadline = Instant::now() + delay;
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        std::thread::sleep((deadline - now).min(Duration::from_millis(2)));
    }
    let killed = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    child.wait().unwrap();
    killed
}

/// What a ledger holds after a kill.
struct State {
    integrity_ok: bool,
    verify_ok: bool,
    events: i64,
    claims: i64,
}

fn inspect(dir: &Path, db: &Path) -> State {
    let conn = rusqlite::Connection::open(db).expect("open the ledger after a kill");
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    let count =
        |table: &str| -> i64 { conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap() };
    let (events, claims) = (count("events"), count("claims"));
    drop(conn);
    let verify = command(dir, db, &["verify"]).status().expect("run verify");
    State { integrity_ok: integrity == "ok", verify_ok: verify.success(), events, claims }
}

#[derive(Default)]
struct Tally {
    runs: usize,
    kills: usize,
    integrity_ok: usize,
    verify_ok: usize,
    partial: usize,
}

impl Tally {
    fn add(&mut self, killed: bool, state: &State, whole: bool) {
        self.runs += 1;
        self.kills += usize::from(killed);
        self.integrity_ok += usize::from(state.integrity_ok);
        self.verify_ok += usize::from(state.verify_ok);
        self.partial += usize::from(!whole);
    }
}

#[test]
#[ignore = "slow: kills imports and writes; run with `cargo test --test cli -- --ignored crash --nocapture`"]
fn killed_imports_and_writes_leave_a_sound_ledger() {
    let mut rng = Rng(SEED);
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["note", "C1", "a note"]);
    let base = w.db();
    assert!(!side_file(&base, "-wal").exists(), "the base ledger was not closed cleanly");
    let dir = w.path("");
    let file = w.write_file("claims.toml", &claims_file(CLAIMS, &mut rng));
    let file = file.to_str().unwrap();
    let db = w.path("trial.db");

    let before = inspect(&dir, &base);
    assert!(before.integrity_ok && before.verify_ok);

    // One import to the end: what "all" is, and how long it takes.
    fresh_copy(&base, &db);
    let start = Instant::now();
    let status = command(&dir, &db, &["import", file]).status().unwrap();
    let full_time = start.elapsed();
    assert!(status.success(), "the import itself fails");
    let after = inspect(&dir, &db);
    assert!(after.integrity_ok && after.verify_ok);
    assert_eq!(after.claims, before.claims + CLAIMS as i64);
    let whole_import = |s: &State| {
        (s.events, s.claims) == (before.events, before.claims) || (s.events, s.claims) == (after.events, after.claims)
    };

    let mut imports = Tally::default();
    for _ in 0..KILLS {
        fresh_copy(&base, &db);
        let delay = full_time.mul_f64(1.05 * rng.unit());
        let killed = run_and_kill(command(&dir, &db, &["import", file]), delay);
        let state = inspect(&dir, &db);
        imports.add(killed, &state, whole_import(&state));
    }

    // Single writes, one after another on one ledger, each killed at a random point.
    type Write = (Vec<String>, i64);
    let writes = |i: usize| -> Write {
        let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
        match i % 7 {
            0 => (s(&["claim", "add", &format!("Claim {i}"), "--source", "article", "--by", "gobadi"]), 2),
            1 => (s(&["note", "C1", &format!("note {i}")]), 1),
            2 => (s(&["tag", "C1", &format!("tag{i}")]), 1),
            3 => (s(&["verdict", "C1", ["false", "mixed", "unproven"][i % 3]]), 1),
            4 => (s(&["source", "add", &format!("Source {i}")]), 1),
            5 => (s(&["actor", "add", &format!("Actor {i}"), "--kind", "person"]), 1),
            _ => (s(&["claim", "add", &format!("Claim {i} alone"), "--source", "article"]), 1),
        }
    };
    fresh_copy(&base, &db);
    // A few to the end first: how long one write takes.
    let mut write_time = Duration::ZERO;
    for i in 0..7 {
        let (args, _) = writes(i);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let start = Instant::now();
        assert!(command(&dir, &db, &args).status().unwrap().success(), "{args:?}");
        write_time = write_time.max(start.elapsed());
    }
    let mut singles = Tally::default();
    for i in 7..7 + KILLS {
        let (args, added) = writes(i);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let events = inspect(&dir, &db).events;
        let delay = write_time.mul_f64(1.05 * rng.unit());
        let killed = run_and_kill(command(&dir, &db, &args), delay);
        let state = inspect(&dir, &db);
        let whole = state.events == events || state.events == events + added;
        singles.add(killed, &state, whole);
    }

    println!(
        "crash: seed {SEED:#x}, {CLAIMS} claims; import {:.1} s, single write {:.0} ms to the end",
        full_time.as_secs_f64(),
        write_time.as_secs_f64() * 1000.0
    );
    println!(
        "crash: imports: {} runs, {} kills, integrity ok {}, verify ok {}, partial imports {}",
        imports.runs, imports.kills, imports.integrity_ok, imports.verify_ok, imports.partial
    );
    println!(
        "crash: single writes: {} runs, {} kills, integrity ok {}, verify ok {}, partial writes {}",
        singles.runs, singles.kills, singles.integrity_ok, singles.verify_ok, singles.partial
    );
    for (what, t) in [("import", &imports), ("single write", &singles)] {
        assert!(t.kills > 0, "no {what} was killed while running");
        assert_eq!(t.integrity_ok, t.runs, "{what}: integrity_check failed after a kill");
        assert_eq!(t.verify_ok, t.runs, "{what}: verify failed after a kill");
        assert_eq!(t.partial, 0, "{what}: a killed write was stored in part");
    }
}
