//! Choosing a desk server with `--db` or `CLAIMLEDGER_DB`, and its
//! credentials: a password in the URL is refused and never printed; passwords
//! come from a password file (libpq's, or CLAIMLEDGER_PASSWORD_FILE).
//!
//! The tests marked "needs the server ledger" run the binary on a server URL,
//! which only the server ledger (`Ledger::open`) understands.

use std::os::unix::fs::PermissionsExt;
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::fixture::{Workdir, server_admin, server_database};

/// The command failed, printing nothing on stdout and one error line (and at
/// most a hint) on stderr, none of it any of `secrets`; returns stderr.
fn refused(out: &Output, secrets: &[&str]) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "it succeeded:\n{stdout}\n{stderr}");
    for secret in secrets {
        assert!(!stdout.contains(secret) && !stderr.contains(secret), "the password was printed:\n{stdout}\n{stderr}");
    }
    assert!(stdout.is_empty(), "stdout: {stdout}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        matches!(lines.as_slice(), [error] | [error, _] if error.starts_with("claimledger: error: "))
            && lines.get(1).is_none_or(|hint| hint.starts_with("hint: ")),
        "one error line (and a hint) expected; stderr was:\n{stderr}"
    );
    stderr
}

/// URLs with a password in them, in every place one could hide.
const WITH_PASSWORDS: [&str; 6] = [
    "postgresql://u:secret@127.0.0.1:5433/x",
    "postgres://u:secret@127.0.0.1:5433/x",
    "postgresql://u:secret@127.0.0.1:notaport/x",
    "postgresql://u:sec/ret@127.0.0.1:5433/x",
    "postgresql://u@127.0.0.1:5433/x?password=secret",
    "POSTGRESQL://u:secret@127.0.0.1:5433/x",
];

#[test]
fn a_password_in_db_is_refused_and_never_printed() {
    let w = Workdir::new();
    for url in WITH_PASSWORDS {
        for args in [vec!["--db", url, "claim", "list"], vec!["--db", url, "init"]] {
            let stderr = refused(&w.output(&args), &["secret", "sec/", "ret@"]);
            assert!(stderr.contains("a password in the URL is refused"), "{url}: {stderr}");
            assert!(stderr.contains("~/.pgpass"), "{stderr}");
        }
    }
    assert!(std::fs::read_dir(w.path("")).unwrap().next().is_none(), "a file was made for a server URL");
}

#[test]
fn a_password_in_claimledger_db_is_refused_and_never_printed() {
    let w = Workdir::new();
    for url in WITH_PASSWORDS {
        let out = w.cmd(&["claim", "list"]).env("CLAIMLEDGER_DB", url).output().unwrap();
        let stderr = refused(&out, &["secret"]);
        assert!(stderr.contains("a password in the URL is refused"), "{url}: {stderr}");
    }
    assert!(std::fs::read_dir(w.path("")).unwrap().next().is_none(), "a file was made for a server URL");
}

#[test]
fn a_malformed_server_url_is_refused_in_one_line() {
    let w = Workdir::new();
    for (url, why) in [
        ("postgresql://u@127.0.0.1:5433", "names no database"),
        ("postgresql://u@127.0.0.1:5433/x?sslmode=prefer", "sslmode"),
        ("postgresql://u@127.0.0.1:5433/x?application_name=y", "'application_name' is not supported"),
        ("postgresql://u@127.0.0.1:99999/x", "the port '99999'"),
    ] {
        let stderr = refused(&w.output(&["--db", url, "claim", "list"]), &["secret"]);
        assert!(stderr.contains("malformed server URL") && stderr.contains(why), "{url}: {stderr}");
    }
}

#[test]
fn both_schemes_name_a_server() {
    let w = Workdir::new();
    // Nothing listens on port 1: the message names the server, so the URL was
    // taken for one, and no file was made.
    for url in ["postgresql://nobody@127.0.0.1:1/x", "postgres://nobody@127.0.0.1:1/x"] {
        let stderr = refused(&w.output(&["--db", url, "claim", "list"]), &["secret"]);
        assert!(
            stderr.contains("cannot reach the desk server at postgresql://nobody@127.0.0.1:1/x"),
            "{url}: {stderr}"
        );
    }
    assert!(std::fs::read_dir(w.path("")).unwrap().next().is_none(), "a file was made for a server URL");

    let Some(url) = server_database() else { return };
    let url = url.replacen("postgresql://", "postgres://", 1);
    w.ok(&["--db", &url, "init"]);
    assert!(w.ok(&["--db", &url, "claim", "list"]).contains("(none)"));
    assert!(!w.path("postgres:").exists());
}

#[test]
fn a_path_that_only_looks_like_a_url_is_a_file() {
    let w = Workdir::new();
    std::fs::create_dir(w.path("postgres:")).unwrap();
    w.ok(&["--db", "./postgres://x", "init"]);
    assert!(w.path("postgres:/x").is_file());
    w.ok(&["--db", "./postgres://x", "source", "add", "Raid report", "--key", "article"]);
    let out = w.cmd(&["source", "list", "--format", "csv"]).env("CLAIMLEDGER_DB", "./postgres://x").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Raid report"));
}

/// A login role with `password` that owns a fresh database, and that database's
/// URL as the role; `None` without a test server.
fn database_of_a_password_role(password: &str) -> Option<String> {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let url = server_database()?;
    let mut admin = server_admin()?;
    let role = format!("claimledger_role_{}_{}", std::process::id(), COUNT.fetch_add(1, Ordering::Relaxed));
    let (base, dbname) = url.rsplit_once('/').unwrap();
    let password = password.replace('\'', "''");
    admin
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN PASSWORD '{password}'; \
             ALTER DATABASE {dbname} OWNER TO {role}"
        ))
        .unwrap();
    let base = base.replacen("postgres@", &format!("{role}@"), 1);
    Some(format!("{base}/{dbname}"))
}

/// True when the test server lets the role of `url` in without a password: a
/// cluster that trusts every role (not `.ci/test`'s) proves nothing about
/// passwords.
fn trusts_everyone(w: &Workdir, url: &str) -> bool {
    let trusted =
        w.output(&["--db", url, "claim", "list"]).status.success() || w.output(&["--db", url, "init"]).status.success();
    assert!(
        !(trusted && std::env::var("CI").is_ok_and(|ci| ci == "true")),
        "CI=true, and the test server trusts every role: run the tests through .ci/test"
    );
    trusted
}

fn write_secret(w: &Workdir, name: &str, text: &str, mode: u32) -> String {
    let path = w.write_file(name, text);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    path.display().to_string()
}

#[test]
fn passwords_come_from_pgpass_readable_by_its_owner_only() {
    let Some(url) = database_of_a_password_role("pa:ss\\word") else { return };
    let w = Workdir::new();
    if trusts_everyone(&w, &url) {
        return;
    }
    let pgpass = write_secret(&w, "pgpass", "*:*:*:nobody:other\n*:*:*:*:pa\\:ss\\\\word\n", 0o600);
    w.cmd(&["--db", &url, "init"]).env("PGPASSFILE", &pgpass).assert().success();
    w.cmd(&["--db", &url, "claim", "list"]).env("PGPASSFILE", &pgpass).assert().success();

    // Group- or world-readable: refused, as libpq ignores it.
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = w.cmd(&["--db", &url, "claim", "list"]).env("PGPASSFILE", &pgpass).output().unwrap();
    let stderr = refused(&out, &["ss\\"]);
    assert!(stderr.contains("may be read by others") && stderr.contains("chmod 600"), "{stderr}");
}

#[test]
fn passwords_come_from_the_file_claimledger_password_file_names() {
    let Some(url) = database_of_a_password_role("right-password") else { return };
    let w = Workdir::new();
    if trusts_everyone(&w, &url) {
        return;
    }
    let right = write_secret(&w, "right", "right-password\n", 0o400);
    w.cmd(&["--db", &url, "init"]).env("CLAIMLEDGER_PASSWORD_FILE", &right).assert().success();

    let wrong = write_secret(&w, "wrong", "wrong-password\n", 0o400);
    let out = w.cmd(&["--db", &url, "claim", "list"]).env("CLAIMLEDGER_PASSWORD_FILE", &wrong).output().unwrap();
    let stderr = refused(&out, &["-password"]);
    assert!(stderr.contains("authentication failed at postgresql://claimledger_role_"), "{stderr}");
    assert!(stderr.contains(&wrong), "the hint names where the password came from: {stderr}");

    // No password anywhere, and no terminal to ask on.
    let stderr = refused(&w.output(&["--db", &url, "claim", "list"]), &["-password"]);
    assert!(stderr.contains("authentication failed") && stderr.contains("none was found"), "{stderr}");
}
