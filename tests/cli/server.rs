//! A ledger on a PostgreSQL server: the same commands and output as a file,
//! one chain however many write at once, edits behind the ledger's back
//! found, and ledgers moved between a file and a server. These run when
//! `CLAIMLEDGER_TEST_PG` names a server (`.ci/test` starts one).

use std::process::Output;

use crate::fixture::{Workdir, server_database};

/// A workdir whose commands use the server ledger at `url`, each workdir
/// with its own local replica (as another machine would).
struct OnServer {
    w: Workdir,
    url: String,
}

impl OnServer {
    fn new() -> Option<OnServer> {
        Some(OnServer { w: Workdir::new(), url: server_database()? })
    }

    fn output(&self, args: &[&str]) -> Output {
        self.w
            .cmd(args)
            .env("CLAIMLEDGER_DB", &self.url)
            .env("XDG_CACHE_HOME", self.w.path("cache"))
            .output()
            .expect("run")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.output(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?} on the server failed: {stderr}");
        String::from_utf8(out.stdout).expect("utf-8")
    }

    fn admin(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).expect("the test database")
    }
}

#[test]
fn the_bundled_article_reads_the_same_from_a_server() {
    let Some(server) = OnServer::new() else { return };
    let file = Workdir::new();
    file.bundled_article();
    server.w.copy_claims();
    server.ok(&["import", "claims/ashraf3-raid.toml"]);
    for args in [
        &["contested"][..],
        &["contested", "--format", "csv"],
        &["figures"],
        &["export", "claims"],
        &["export", "stances"],
        &["export", "ledger"],
        &["claim", "show", "C14"],
        &["claim", "show", "C7", "--format", "json"],
        &["claim", "list", "--search", "devices"],
        &["actor", "show", "mek"],
        &["log", "C14"],
    ] {
        assert_eq!(server.ok(args), file.ok(args), "{args:?}");
    }
    let head = |out: String| out.lines().find(|l| l.starts_with("head:")).map(str::to_string);
    assert_eq!(head(server.ok(&["verify"])), head(file.ok(&["verify"])), "the same chain, hash for hash");
}

#[test]
fn writers_at_once_keep_one_chain() {
    let Some(server) = OnServer::new() else { return };
    server.ok(&["init"]);
    server.ok(&["source", "add", "Desk notes", "--key", "notes"]);
    let writers: Vec<_> = (0..8)
        .map(|writer| {
            let (url, cache) = (server.url.clone(), server.w.path(&format!("cache-{writer}")));
            let bin = assert_cmd::cargo::cargo_bin("claimledger");
            std::thread::spawn(move || {
                let mut failed = Vec::new();
                for i in 0..40 {
                    let out = std::process::Command::new(&bin)
                        .env_clear()
                        .env("CLAIMLEDGER_DB", &url)
                        .env("XDG_CACHE_HOME", &cache)
                        .env("CLAIMLEDGER_USER", format!("checker-{writer}"))
                        .args(["claim", "add", &format!("Claim {i} of checker {writer}"), "--source", "notes"])
                        .output()
                        .expect("run");
                    if !out.status.success() {
                        failed.push(String::from_utf8_lossy(&out.stderr).to_string());
                    }
                }
                failed
            })
        })
        .collect();
    let failed: Vec<String> = writers.into_iter().flat_map(|w| w.join().expect("a writer")).collect();
    assert_eq!(failed, Vec::<String>::new(), "every append is kept");
    let (count, max): (i64, i64) = {
        let row = server.admin().query_one("SELECT count(*), max(seq) FROM events", &[]).unwrap();
        (row.get(0), row.get(1))
    };
    assert_eq!((count, max), (321, 321), "the chain is contiguous: the source, then 8 × 40 claims");
    assert!(server.ok(&["verify"]).contains("ok:"));
}

#[test]
fn edits_behind_the_ledgers_back_are_found_and_forks_refused() {
    let Some(server) = OnServer::new() else { return };
    server.w.copy_claims();
    server.ok(&["import", "claims/ashraf3-raid.toml"]);
    let report = server.ok(&["verify", "--format", "json"]);
    let head = serde_json::from_str::<serde_json::Value>(&report).unwrap()["head"].as_str().unwrap().to_string();
    let mut admin = server.admin();
    // A projection row edited with SQL.
    admin.batch_execute("UPDATE claims SET text = 'Nobody was hurt' WHERE id = 14").unwrap();
    let out = server.output(&["verify"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stdout).contains("table claims: row 14: text is 'Nobody was hurt'"));
    admin
        .batch_execute(
            "UPDATE claims SET text = 'One MEK member was killed by the police during the raid' WHERE id = 14",
        )
        .unwrap();
    assert!(server.ok(&["verify"]).contains("ok:"));
    // From a checkpoint: a row a newer event touched, edited with SQL.
    server.ok(&["note", "C14", "Hospital records asked for"]);
    server.ok(&["stance", "retract", "T1", "--reason", "not said"]);
    server.ok(&["actor", "amend", "mek", "--alias", "The Organisation", "--reason", "another name"]);
    assert!(server.ok(&["verify", "--since", &head]).contains("ok:"));
    assert!(server.ok(&["verify", "--since", &head, "--checkpoint", &head]).contains("checkpoint: matches"));
    let first: String = admin.query_one("SELECT encode(hash, 'hex') FROM events WHERE seq = 1", &[]).unwrap().get(0);
    assert!(server.ok(&["verify", "--since", &head, "--checkpoint", &format!("1:{first}")]).contains("ok:"));
    for (sql, undo, needle) in [
        (
            "UPDATE stances SET retracted_seq = NULL WHERE id = 1",
            "UPDATE stances SET retracted_seq = (SELECT max(seq) FROM events WHERE kind = 'stance.retract') WHERE id = 1",
            "table stances: row 1: retracted_seq is NULL",
        ),
        (
            "UPDATE aliases SET alias = 'X' WHERE alias = 'The Organisation'",
            "UPDATE aliases SET alias = 'The Organisation' WHERE alias = 'X'",
            "table aliases: row",
        ),
    ] {
        admin.batch_execute(sql).unwrap();
        let out = server.output(&["verify", "--since", &head]);
        admin.batch_execute(undo).unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(3), "{sql}: {stdout}");
        assert!(stdout.contains(needle), "{sql}: {stdout}");
    }
    assert!(server.ok(&["verify", "--since", &head]).contains("ok:"));
    admin.batch_execute("UPDATE annotations SET text = 'edited' WHERE text = 'Hospital records asked for'").unwrap();
    let out = server.output(&["verify", "--since", &head]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stdout).contains("text is 'edited'"));
    admin.batch_execute("UPDATE annotations SET text = 'Hospital records asked for' WHERE text = 'edited'").unwrap();
    // An event edited: its hash no longer matches, and the checkpoint says so.
    admin.batch_execute("UPDATE events SET author = 'someone else' WHERE seq = 5").unwrap();
    let out = server.output(&["verify", "--checkpoint", &head]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stdout).contains("event 5: content does not match its hash"));
    // A fork, a gap or a mislinked event is refused by the server itself.
    for forged in [
        "INSERT INTO events SELECT 288, at, author, kind, data, decode(repeat('ab', 32), 'hex'), 286, \
         (SELECT hash FROM events WHERE seq = 286) FROM events WHERE seq = 287",
        "INSERT INTO events SELECT 289, at, author, kind, data, decode(repeat('ab', 32), 'hex'), 288, \
         (SELECT hash FROM events WHERE seq = 287) FROM events WHERE seq = 287",
        "INSERT INTO events SELECT 288, at, author, kind, data, decode(repeat('ab', 32), 'hex'), 287, \
         decode(repeat('cd', 32), 'hex') FROM events WHERE seq = 287",
    ] {
        assert!(admin.batch_execute(forged).is_err(), "{forged}");
    }
}

#[test]
fn a_file_is_pushed_to_a_server_idempotently_and_pulled_back_verbatim() {
    let Some(server) = OnServer::new() else { return };
    let file = Workdir::new();
    file.bundled_article();
    let push = || file.cmd(&["push", &server.url]).env("XDG_CACHE_HOME", file.path("cache")).assert().success();
    push();
    assert_eq!(server.ok(&["export", "ledger"]), file.ok(&["export", "ledger"]));
    let events = |s: &OnServer| -> i64 { s.admin().query_one("SELECT count(*) FROM events", &[]).unwrap().get(0) };
    let before = events(&server);
    push();
    assert_eq!(events(&server), before, "a second push changes nothing");
    // A mirror: the server's events, verbatim, extended as the server grows.
    let mirror = Workdir::new();
    let head = mirror.ok(&["pull", &server.url]);
    let verify_head = |out: String| out.lines().find_map(|l| l.strip_prefix("head: ").map(str::to_string));
    assert_eq!(Some(head.trim().to_string()), verify_head(server.ok(&["verify"])));
    assert_eq!(verify_head(mirror.ok(&["verify"])), verify_head(server.ok(&["verify"])));
    server.ok(&["note", "C14", "Hospital records asked for"]);
    mirror.ok(&["pull", &server.url]);
    assert_eq!(verify_head(mirror.ok(&["verify"])), verify_head(server.ok(&["verify"])));
    // A mirror that went its own way is refused, and left as it was.
    mirror.ok(&["note", "C14", "only in the mirror"]);
    let bytes = mirror.ledger_bytes();
    server.ok(&["note", "C14", "only on the server"]);
    let err = mirror.fails(1, &["pull", &server.url]);
    assert!(err.contains("differs from this copy's"), "{err}");
    assert_eq!(mirror.ledger_bytes(), bytes);
}

/// Every command, run on a file ledger and on a server ledger made the same
/// way: the same exit code, the same output, the same messages (the ledger's
/// name aside), the same report page.
#[test]
fn every_command_prints_the_same_on_both_stores() {
    let Some(server) = OnServer::new() else { return };
    let file = Workdir::new();
    for w in [&file, &server.w] {
        w.write_file("article.txt", crate::quotes::ARTICLE);
        w.write_file(
            "more.toml",
            "[[source]]\nkey = \"statement\"\ntitle = \"Ministry statement\"\n\n\
             [[claim]]\nkey = \"nobody-hurt\"\ntext = \"Nobody was hurt\"\nsource = \"statement\"\n",
        );
    }
    let script: &[&[&str]] = &[
        &["init"],
        &[
            "source",
            "add",
            "Short report",
            "--key",
            "report",
            "--url",
            "https://news.example/r",
            "--text-file",
            "article.txt",
        ],
        &["source", "add", "Ministry note", "--key", "ministry", "--published", "2023-06"],
        &["source", "list"],
        &["source", "show", "report", "--text"],
        &["source", "amend", "report", "--title", "Short report, corrected", "--reason", "the headline"],
        &["source", "show", "report", "--format", "json"],
        &["actor", "add", "The group", "--key", "group", "--kind", "organization", "--alias", "the movement"],
        &["actor", "add", "The spokesman", "--key", "spokesman", "--kind", "person", "--affiliation", "group"],
        &["actor", "add", "The authorities", "--key", "authorities", "--kind", "government"],
        &["actor", "amend", "spokesman", "--alias", "Spox", "--reason", "his other name"],
        &["actor", "list", "--format", "csv"],
        &["actor", "show", "the movement"],
        &[
            "claim",
            "add",
            "Police seized 150 computer devices",
            "--source",
            "report",
            "--key",
            "devices",
            "--topic",
            "seizures",
            "--about",
            "raid.devices",
            "--value",
            "150",
            "--unit",
            "devices",
            "--quote",
            "seized 150 computer devices",
        ],
        &[
            "claim",
            "add",
            "One member was killed",
            "--source",
            "report",
            "--key",
            "death",
            "--topic",
            "deaths",
            "--about",
            "raid.deaths",
            "--value",
            "1",
            "--unit",
            "people",
            "--by",
            "spokesman",
        ],
        &[
            "claim",
            "add",
            "Nobody was killed",
            "--source",
            "ministry",
            "--about",
            "raid.deaths",
            "--value",
            "0",
            "--unit",
            "people",
            "--by",
            "authorities",
        ],
        &[
            "claim",
            "add",
            "Between 100 and 200 devices",
            "--source",
            "ministry",
            "--about",
            "raid.devices",
            "--range",
            "100..200",
            "--unit",
            "devices",
        ],
        &["dispute", "death", "--by", "authorities", "--source", "ministry", "--date", "2023-06-21"],
        &["assert", "death", "--by", "group", "--source", "report"],
        &["stance", "retract", "T4", "--reason", "not said"],
        &["note", "death", "Hospital records asked for"],
        &["tag", "death", "casualties", "disputed"],
        &["untag", "death", "disputed"],
        &["verdict", "death", "mostly-false", "--rationale", "No record of a death"],
        &["annotation", "retract", "N1", "--reason", "answered"],
        &["link", "death", "contradicts", "C3"],
        &["link", "devices", "supports", "C4"],
        &["unlink", "L2", "--reason", "they differ"],
        &["status", "death", "checked"],
        &["claim", "amend", "C3", "--text", "No one was killed", "--reason", "the ministry's words"],
        &["claim", "withdraw", "C4", "--reason", "a duplicate", "--duplicate-of", "devices"],
        &["claim", "restore", "C4", "--reason", "it is not"],
        &["import", "more.toml"],
        &["config", "set", "publisher.name", "The Desk"],
        &["config", "show"],
        &["claim", "list"],
        &["claim", "list", "--all", "--format", "csv"],
        &["claim", "list", "--search", "devices"],
        &["claim", "list", "--contested", "--by", "authorities", "--format", "json"],
        &["claim", "show", "death"],
        &["claim", "show", "C3", "--format", "json"],
        &["contested"],
        &["contested", "--format", "csv"],
        &["figures"],
        &["export", "claims"],
        &["export", "stances", "--format", "jsonl"],
        &["export", "contested"],
        &["export", "annotations"],
        &["export", "links"],
        &["export", "claimreview"],
        &["export", "quotes"],
        &["export", "ledger"],
        &["export", "ledger", "--format", "json"],
        &["report", "-o", "report.html"],
        &["log"],
        &["log", "death", "--format", "json"],
        &["verify"],
        &["config", "unset", "publisher.name"],
        // Mistakes say the same on both.
        &["claim", "show", "C99"],
        &["assert", "death", "--by", "the groop"],
        &["claim", "add", "", "--source", "report"],
        &["source", "amend", "report", "--title", "Short report, corrected", "--reason", "again"],
    ];
    let url = server.url.clone();
    let same = |text: String| text.replace(&url, "LEDGER").replace("claimledger.db", "LEDGER");
    let mistakes = 4;
    for (i, args) in script.iter().enumerate() {
        let (f, s) = (file.output(args), server.output(args));
        let what = format!("{args:?}");
        assert_eq!(f.status.success(), i < script.len() - mistakes, "{what}: {}", String::from_utf8_lossy(&f.stderr));
        assert_eq!(s.status.code(), f.status.code(), "{what}: {}", String::from_utf8_lossy(&s.stderr));
        assert_eq!(
            same(String::from_utf8_lossy(&s.stdout).into()),
            same(String::from_utf8_lossy(&f.stdout).into()),
            "{what}"
        );
        assert_eq!(
            same(String::from_utf8_lossy(&s.stderr).into()),
            same(String::from_utf8_lossy(&f.stderr).into()),
            "{what}"
        );
    }
    let page = |w: &Workdir| std::fs::read_to_string(w.path("report.html")).unwrap();
    assert_eq!(same(page(&server.w)), same(page(&file)), "the report page");
}

/// A dry run changes nothing on a server, not even an empty database.
#[test]
fn a_dry_run_leaves_an_empty_server_database_empty() {
    let Some(server) = OnServer::new() else { return };
    server.w.copy_claims();
    let out = server.output(&["import", "--dry-run", "claims/ashraf3-raid.toml"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("would import"));
    let tables: i64 =
        server.admin().query_one("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", &[]).unwrap().get(0);
    assert_eq!(tables, 0);
}
