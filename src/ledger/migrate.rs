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
pub const SCHEMA_VERSION: i32 = 2;

/// The schema digest (see `schema::digest`) each older version's ledgers
/// have: an older ledger is upgraded only if its schema is exactly that
/// version's, so that nothing a crafted file carries runs during the upgrade.
const OLDER_DIGESTS: [(i32, &str); 1] = [(1, "e764b71fd7bc0122398caec17de4f8dee2363e94f635ce3e5dde5fa428a4b5b6")];

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

/// The tables of version 1, set aside during an upgrade; its views, trigger,
/// full-text table and indexes are dropped first.
const V1_TABLES: [&str; 8] =
    ["events", "sources", "actors", "aliases", "affiliations", "claims", "stances", "annotations"];
const V1_DROPPED: &str = "DROP VIEW contested_claims; DROP VIEW conflicts; DROP VIEW disputed_claims;
    DROP TRIGGER claims_fts_insert; DROP TABLE claims_fts;
    DROP INDEX actors_by_name; DROP INDEX actors_by_affiliation; DROP INDEX aliases_by_name;
    DROP INDEX claims_by_about; DROP INDEX claims_by_source; DROP INDEX claims_by_topic;
    DROP INDEX stances_current; DROP INDEX stances_by_claim; DROP INDEX stances_by_actor; DROP INDEX stances_by_source;
    DROP INDEX stances_current_by_claim; DROP INDEX annotations_by_claim; DROP INDEX annotations_one_tag;";

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
/// the caller's exclusive transaction.
fn upgrade(conn: &Connection, path: &Path, version: i32) -> Result<()> {
    let expected = OLDER_DIGESTS.iter().find(|(v, _)| *v == version).map(|(_, d)| *d);
    if expected != Some(schema::digest_of(conn)?.as_str()) {
        return Err(Error::Ledger {
            message: format!(
                "'{}' is a ledger of schema version {version} whose schema was altered; it was not upgraded",
                path.display()
            ),
            hint: Some("verify it with the claimledger that made it".into()),
        });
    }
    // Renaming must leave the other tables' declarations as they are.
    conn.pragma_update(None, "legacy_alter_table", true)?;
    conn.execute_batch(V1_DROPPED)?;
    for table in V1_TABLES {
        conn.execute_batch(&format!("ALTER TABLE {table} RENAME TO old_{table}"))?;
    }
    create_schema(conn)?;
    {
        let mut old = conn.prepare("SELECT seq, at, author, kind, data, hash FROM old_events ORDER BY seq")?;
        let mut rows = old.query([])?;
        let mut insert =
            conn.prepare("INSERT INTO events (seq, at, author, kind, data, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        while let Some(r) = rows.next()? {
            let (seq, at, author, kind, data, hash): (i64, String, String, String, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
            // Version 1 kept hashes in hex; the hashes themselves are the same.
            insert.execute(rusqlite::params![seq, at, author, kind, data, hex::decode(&hash).unwrap_or_default()])?;
            let change = Change::from_stored(&kind, &data).map_err(|e| Error::Ledger {
                message: format!("'{}': event {seq} cannot be read ({e}); the ledger was not upgraded", path.display()),
                hint: Some("verify it with the claimledger that made it".into()),
            })?;
            replay(conn, seq, change, FullText::Later)?;
        }
    }
    conn.execute_batch("INSERT INTO claims_fts (claims_fts) VALUES ('rebuild')")?;
    for table in V1_TABLES {
        conn.execute_batch(&format!("DROP TABLE old_{table}"))?;
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
