//! Shared fixtures: a temp dir per test, the binary with a cleared
//! environment, a fixed clock and a fixed width; a fresh database on the test
//! server (`CLAIMLEDGER_TEST_PG`, which `.ci/test` sets).

use std::path::PathBuf;
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};

use assert_cmd::Command;
use serde_json::Value;

pub const NOW: &str = "2026-01-02T03:04:05Z";

pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn db(&self) -> PathBuf {
        self.path("claimledger.db")
    }

    pub fn write_file(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, contents).expect("write file");
        path
    }

    /// The binary, run in the temp dir with nothing from the outer environment
    /// (its cache, where a server ledger keeps its local replica, is the temp dir).
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("claimledger").expect("binary");
        cmd.env_clear()
            .current_dir(self.dir.path())
            .env("CLAIMLEDGER_NOW", NOW)
            .env("CLAIMLEDGER_USER", "tester")
            .env("COLUMNS", "100")
            .env("NO_COLOR", "1")
            .env("XDG_CACHE_HOME", self.dir.path())
            .args(args);
        cmd
    }

    /// The binary as a plain `std::process::Command`, set up like [`Workdir::cmd`],
    /// for tests that need process settings (limits, another user).
    pub fn std_cmd(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimledger"));
        cmd.env_clear()
            .current_dir(self.dir.path())
            .env("CLAIMLEDGER_NOW", NOW)
            .env("CLAIMLEDGER_USER", "tester")
            .env("COLUMNS", "100")
            .env("NO_COLOR", "1")
            .env("XDG_CACHE_HOME", self.dir.path())
            .args(args);
        cmd
    }

    pub fn output(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("run")
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.output(args);
        assert!(
            out.status.success(),
            "{args:?} failed with {:?}:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Runs a command that must succeed and print JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{out}"))
    }

    /// Runs a command that must fail with `code` and leave the history as it
    /// was, saying why in one error line (and at most a hint); returns its stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let before = self.ledger_bytes();
        let out = self.output(args);
        let stderr = String::from_utf8(out.stderr).expect("utf-8 stderr");
        assert_eq!(out.status.code(), Some(code), "{args:?}: stderr was:\n{stderr}");
        let last: Vec<&str> = stderr.lines().rev().take_while(|l| !l.starts_with("claimledger: error: ")).collect();
        assert!(
            stderr.lines().filter(|l| l.starts_with("claimledger: error: ")).count() == 1
                && last.len() <= 1
                && last.iter().all(|l| l.starts_with("hint: ")),
            "{args:?}: one error line (and a hint) expected last; stderr was:\n{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(self.ledger_bytes() == before, "{args:?} changed the ledger file");
        stderr
    }

    /// The ledger file's bytes (empty when there is none).
    pub fn ledger_bytes(&self) -> Vec<u8> {
        std::fs::read(self.db()).unwrap_or_default()
    }

    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.db()).expect("open ledger with plain SQLite")
    }

    pub fn event_count(&self) -> i64 {
        self.sql().query_row("SELECT count(*) FROM events", [], |r| r.get(0)).unwrap()
    }

    /// Copies the bundled article's claims file and text into `claims/`, as
    /// in a clone of the repository.
    pub fn copy_claims(&self) {
        let from = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("claims");
        std::fs::create_dir_all(self.path("claims")).expect("claims dir");
        for entry in std::fs::read_dir(from).expect("claims") {
            let entry = entry.expect("entry");
            std::fs::copy(entry.path(), self.path("claims").join(entry.file_name())).expect("copy");
        }
    }

    /// A ledger of the bundled article.
    pub fn bundled_article(&self) {
        self.copy_claims();
        self.ok(&["import", "claims/ashraf3-raid.toml"]);
    }

    /// The session of the README: the death claim, asserted and disputed.
    pub fn death_claim(&self) {
        self.ok(&["init"]);
        assert_eq!(self.ok(&["source", "add", "Raid report", "--key", "article"]), "S1\n");
        self.ok(&[
            "actor",
            "add",
            "Mujahedeen-e-Khalq",
            "--key",
            "mek",
            "--kind",
            "organization",
            "--alias",
            "MEK",
            "--alias",
            "PMOI",
        ]);
        self.ok(&["actor", "add", "Shahin Gobadi", "--key", "gobadi", "--kind", "person", "--affiliation", "mek"]);
        self.ok(&["actor", "add", "Albanian authorities", "--key", "albania", "--kind", "government"]);
        let id = self.ok(&[
            "claim",
            "add",
            "One MEK member was killed by police during the raid",
            "--source",
            "article",
            "--topic",
            "deaths",
            "--about",
            "raid.deaths",
            "--value",
            "1",
            "--unit",
            "people",
            "--by",
            "gobadi",
        ]);
        assert_eq!(id, "C1\n");
        self.ok(&["dispute", "C1", "--by", "albania", "--source", "article"]);
    }

    /// Runs the binary so that it cannot write the temp dir or the ledger: as
    /// another user when the tests run as root (root writes anywhere), else with
    /// the write permissions taken away.
    pub fn read_only_output(&self, args: &[&str]) -> Output {
        use std::os::unix::fs::PermissionsExt;
        use std::os::unix::process::CommandExt;
        let mut cmd = self.std_cmd(args);
        let root = unsafe { libc::geteuid() } == 0;
        let set = |path: std::path::PathBuf, mode: u32| {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
        };
        if root {
            set(self.path(""), 0o755);
            set(self.db(), 0o644);
            unsafe {
                cmd.pre_exec(|| {
                    if libc::setgid(65534) != 0 || libc::setuid(65534) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
        } else {
            set(self.path(""), 0o555);
            set(self.db(), 0o444);
        }
        let out = cmd.output().expect("run");
        set(self.path(""), 0o755);
        set(self.db(), 0o644);
        out
    }
}

/// The test server's admin URL (`postgresql://postgres@127.0.0.1:PORT/postgres`,
/// a superuser on loopback), from `CLAIMLEDGER_TEST_PG`. `None` when it is not
/// set, and the server tests are skipped; but under `CI=true` that is a failure.
fn test_server() -> Option<String> {
    match std::env::var("CLAIMLEDGER_TEST_PG") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|ci| ci == "true") => {
            panic!("CI=true but CLAIMLEDGER_TEST_PG is not set: run the tests through .ci/test")
        }
        _ => None,
    }
}

/// A connection to the test server as its admin, to run SQL in tests; `None`
/// when there is no test server (see [`server_database`]).
pub fn server_admin() -> Option<postgres::Client> {
    let url = test_server()?;
    Some(admin(&url))
}

fn admin(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("cannot connect to the test server CLAIMLEDGER_TEST_PG={url}: {e}"))
}

/// A fresh, empty database on the test server, named for this process and
/// a counter, and its URL (`postgresql://postgres@127.0.0.1:PORT/NAME`).
/// `None` when `CLAIMLEDGER_TEST_PG` is not set: the server tests are skipped;
/// but under `CI=true` that is a failure. The databases stay until the
/// cluster goes (`.ci/test` removes its own).
pub fn server_database() -> Option<String> {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let url = test_server()?;
    let name = format!("claimledger_test_{}_{}", std::process::id(), COUNT.fetch_add(1, Ordering::Relaxed));
    let mut admin = admin(&url);
    // A database left by an earlier run of the same process id (on a server
    // that outlives the tests) is made anew. The locale is the one the
    // server ledger is made for (docs/desk.md).
    // (One statement a call: CREATE DATABASE runs in no transaction.)
    for sql in [
        format!("DROP DATABASE IF EXISTS {name}"),
        format!("CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'"),
    ] {
        admin.batch_execute(&sql).unwrap_or_else(|e| panic!("{sql} on the test server: {e}"));
    }
    let (address, query) = url.split_once('?').map_or((url.as_str(), None), |(a, q)| (a, Some(q)));
    let base = address.rsplit_once('/').map_or(address, |(base, _)| base);
    Some(match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    })
}
