//! Schema versions keyed on `PRAGMA user_version`, the upgrade of older
//! ledgers, and the checks that keep claimledger from touching files that
//! are not its ledgers.
//!
//! A new ledger runs schema.sql, the whole current schema. An older ledger is
//! upgraded in one exclusive transaction by rebuilding: its tables are set
//! aside, the current schema created, its history copied over (in the current
//! encoding, the same hashes) and replayed into the new tables, and the old
//! tables dropped. The result is exactly what a new ledger holds, so the
//! schema check that follows cannot tell them apart.

use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension};

use super::apply::{self, FullText};
use super::schema;
use crate::error::{Error, Result};
use crate::history::Change;
use crate::model::Stance;

/// `PRAGMA application_id` of every ledger: "CLDG".
pub const APPLICATION_ID: i32 = 0x434C_4447;

/// The whole schema of this version.
const SCHEMA: &str = include_str!("../../schema.sql");

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = 3;

/// Every schema version shipped before this one, with the digest (see
/// `schema::digest_of`) of the schema its ledgers have: an older ledger is
/// upgraded only if its schema is exactly its version's, so that nothing a
/// crafted file carries runs during the upgrade. Each has a fixture ledger,
/// `tests/fixtures/ledger-vN.db`, written by that version.
const SHIPPED: [(i32, &str); 2] = [
    (1, "e764b71fd7bc0122398caec17de4f8dee2363e94f635ce3e5dde5fa428a4b5b6"),
    (2, "2e7bb1eaaeb5a4aaa07513e0cd46b6c41184a6aa867b1e96288fbe6c682dddea"),
];

/// Brings the file to the current schema; returns true when it was an empty
/// file that `may_initialise` allowed to become a ledger.
pub(super) fn migrate(conn: &Connection, path: &Path, may_initialise: bool) -> Result<bool> {
    match state(conn, path, may_initialise)? {
        State::Current => return Ok(false),
        State::Empty | State::Older(_) => {}
    }
    // One exclusive transaction: a ledger is migrated whole or not at all. The
    // state is read again inside it, since another process may have
    // migrated (or initialised) the file since. Tables are set aside and
    // rebuilt in an order foreign keys cannot follow (and they can only be
    // switched outside a transaction); the rebuilt tables' references are
    // checked at the end instead.
    let foreign_keys: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = upgrade_or_create(conn, path, may_initialise);
    conn.pragma_update(None, "foreign_keys", foreign_keys)?;
    result.map_err(|e| match e {
        Error::Sqlite(e) if matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::ReadOnly)) => Error::Ledger {
            message: format!(
                "ledger '{}' is of an older version and must be upgraded, which needs to write it; the file or its folder is read-only",
                path.display()
            ),
            hint: Some("open a copy in a folder you can write to: the copy is upgraded".into()),
        },
        other => other,
    })
}

fn upgrade_or_create(conn: &Connection, path: &Path, may_initialise: bool) -> Result<bool> {
    conn.execute_batch("BEGIN EXCLUSIVE")?;
    let result = (|| -> Result<bool> {
        let fresh = match state(conn, path, may_initialise)? {
            State::Current => return Ok(false),
            State::Empty => {
                create_schema(conn)?;
                true
            }
            State::Older(version) => {
                upgrade(conn, path, version)?;
                false
            }
        };
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        Ok(fresh)
    })();
    match result {
        Ok(fresh) => {
            conn.execute_batch("COMMIT")?;
            Ok(fresh)
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// Where a file stands against this version's schema.
/// True when the file is a ledger of this version: nothing to migrate.
pub(super) fn is_current(conn: &Connection, path: &Path) -> Result<bool> {
    Ok(matches!(state(conn, path, false)?, State::Current))
}

enum State {
    Current,
    /// An empty SQLite file.
    Empty,
    Older(i32),
}

fn state(conn: &Connection, path: &Path, may_initialise: bool) -> Result<State> {
    let not_a_ledger = |e: rusqlite::Error| match e.sqlite_error_code() {
        // Only a file that is not SQLite's is the file's fault; a full disk,
        // an I/O error or a lock is said as what it is.
        Some(rusqlite::ErrorCode::NotADatabase) => Error::Ledger {
            message: format!("'{}' is not a claimledger ledger: {e}", path.display()),
            hint: Some("it was left untouched; choose another file with --db".into()),
        },
        _ => Error::Sqlite(e),
    };
    let read =
        |pragma: &str| -> Result<i32> { conn.pragma_query_value(None, pragma, |r| r.get(0)).map_err(not_a_ledger) };
    let application_id = read("application_id")?;
    let version = read("user_version")?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0)).map_err(not_a_ledger)?;

    if application_id == 0 && version == 0 && objects == 0 {
        if !may_initialise {
            return Err(Error::Ledger {
                message: format!("'{}' is an empty file, not a ledger", path.display()),
                hint: Some("create the ledger with `claimledger init`".into()),
            });
        }
        return Ok(State::Empty);
    }
    if application_id != APPLICATION_ID {
        return Err(Error::Ledger {
            message: format!(
                "'{}' is not a claimledger ledger: an SQLite database of another application",
                path.display()
            ),
            hint: Some("it was left untouched; choose another file with --db".into()),
        });
    }
    if version > SCHEMA_VERSION {
        return Err(Error::Ledger {
            message: format!(
                "ledger '{}' has schema version {version}, newer than this claimledger knows ({SCHEMA_VERSION})",
                path.display()
            ),
            hint: Some("upgrade claimledger to open it; the file was left untouched".into()),
        });
    }
    Ok(if version == SCHEMA_VERSION { State::Current } else { State::Older(version) })
}

/// Creates the current schema in an empty database (the rebuild `verify` compares with).
pub(super) fn create_schema(conn: &Connection) -> Result<()> {
    conn.execute_batch(SCHEMA)?;
    Ok(())
}

/// Applies an event of the history to rebuilt tables, as this version's
/// Writer would have recorded it. Version 1 kept a current stance per actor,
/// claim and source, so a stance there may leave the actor's current stance
/// from another source standing, or name one that is no longer current: it
/// replaces whatever stance of the actor on the claim is current now. The
/// upgrade and `verify` both replay through here, so they rebuild the same;
/// for a stance this version recorded, it changes nothing.
pub(super) fn replay(conn: &Connection, seq: i64, change: Change, full_text: FullText) -> Result<()> {
    let change = match change {
        Change::StanceAdded(stance) => {
            let current: Option<i64> = conn
                .prepare_cached(
                    "SELECT id FROM stances
                     WHERE claim_id = ?1 AND actor_id = ?2 AND superseded_by IS NULL AND retracted_seq IS NULL",
                )?
                .query_row([stance.claim, stance.actor], |r| r.get(0))
                .optional()?;
            Change::StanceAdded(Stance { supersedes: current, ..stance })
        }
        other => other,
    };
    apply::apply(conn, seq, &change, full_text)
}

/// Rebuilds a ledger of an older version into this version's schema, inside
/// the caller's exclusive transaction. The same steps serve every shipped
/// version: its schema is first checked to be exactly that version's, so the
/// objects named below are ours; what is not a table (views, triggers, the
/// full-text table, indexes) is dropped, the tables are set aside, the
/// current schema is created, and the history is copied and replayed.
fn upgrade(conn: &Connection, path: &Path, version: i32) -> Result<()> {
    let shipped = SHIPPED.iter().find(|(v, _)| *v == version).map(|(_, d)| *d);
    if shipped != Some(schema::digest_of(conn)?.as_str()) {
        return Err(Error::Ledger {
            message: format!(
                "'{}' is a ledger of schema version {version} whose schema was altered; it was not upgraded",
                path.display()
            ),
            hint: Some("verify it with the claimledger that made it".into()),
        });
    }
    let names = |sql: &str| -> Result<Vec<String>> {
        let mut stmt = conn.prepare(sql)?;
        let names = stmt.query_map([], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
        Ok(names)
    };
    // Views first (they name tables), then triggers, then the full-text
    // table (its shadow tables go with it), then the indexes we declared
    // (those SQLite made for a constraint go with their table).
    for (kind, sql) in [
        ("VIEW", "SELECT name FROM sqlite_schema WHERE type = 'view'"),
        ("TRIGGER", "SELECT name FROM sqlite_schema WHERE type = 'trigger'"),
        ("TABLE", "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"),
        ("INDEX", "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"),
    ] {
        for name in names(sql)? {
            conn.execute_batch(&format!("DROP {kind} {}", quoted(&name)))?;
        }
    }
    // Renaming must leave the other tables' declarations as they are.
    conn.pragma_update(None, "legacy_alter_table", true)?;
    let set_aside = names("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'")?;
    for table in &set_aside {
        conn.execute_batch(&format!("ALTER TABLE {} RENAME TO {}", quoted(table), quoted(&format!("old_{table}"))))?;
    }
    create_schema(conn)?;
    {
        let mut old = conn.prepare("SELECT seq, at, author, kind, data, hash FROM old_events ORDER BY seq")?;
        let mut rows = old.query([])?;
        let mut insert = conn.prepare(
            "INSERT INTO events (seq, at, author, kind, data, hash, prev_seq, prev_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut prev = crate::history::GENESIS_HASH.to_vec();
        while let Some(r) = rows.next()? {
            let (seq, at, author, kind, data): (i64, String, String, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            // Version 1 kept hashes in hex; the hashes themselves are the same.
            let hash = match r.get_ref(5)? {
                ValueRef::Text(hex) => hex::decode(hex).unwrap_or_default(),
                other => other.as_blob().map_err(rusqlite::Error::from)?.to_vec(),
            };
            insert.execute(rusqlite::params![
                seq,
                at,
                author,
                kind,
                data,
                hash,
                super::write::prev_seq_of(seq),
                prev
            ])?;
            prev = hash;
            let change = Change::from_stored(&kind, &data).map_err(|e| Error::Ledger {
                message: format!("'{}': event {seq} cannot be read ({e}); the ledger was not upgraded", path.display()),
                hint: Some("verify it with the claimledger that made it".into()),
            })?;
            replay(conn, seq, change, FullText::Later)?;
        }
    }
    conn.execute_batch("INSERT INTO claims_fts (claims_fts) VALUES ('rebuild')")?;
    for table in &set_aside {
        conn.execute_batch(&format!("DROP TABLE {}", quoted(&format!("old_{table}"))))?;
    }
    let broken: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
    if broken > 0 {
        return Err(Error::Ledger {
            message: format!(
                "'{}': its history refers to records it does not hold; the ledger was not upgraded",
                path.display()
            ),
            hint: Some("verify it with the claimledger that made it".into()),
        });
    }
    conn.pragma_update(None, "legacy_alter_table", false)?;
    Ok(())
}

/// A name as an SQL identifier.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each shipped version's fixture ledger has the digest listed for it:
    /// the list cannot drift from what those versions wrote.
    #[test]
    fn every_shipped_version_has_a_fixture_with_its_digest() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for (version, digest) in SHIPPED {
            let path = fixtures.join(format!("ledger-v{version}.db"));
            let conn = Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .unwrap_or_else(|e| panic!("tests/fixtures/ledger-v{version}.db: {e}"));
            let found: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
            assert_eq!(found, version);
            let actual = schema::digest_of(&conn).unwrap();
            assert_eq!(actual, digest, "version {version}'s fixture has digest {actual}");
        }
        assert_eq!(SHIPPED.last().map(|(v, _)| v + 1), Some(SCHEMA_VERSION), "every version before this one");
    }
}
