//! Schema migrations keyed on `PRAGMA user_version`, and the checks that keep
//! claimledger from touching files that are not its ledgers.

use std::path::Path;

use rusqlite::Connection;

use crate::error::{Error, Result};

/// `PRAGMA application_id` of every ledger: "CLDG".
pub const APPLICATION_ID: i32 = 0x434C_4447;

/// Migration N brings a ledger from user_version N-1 to N. Append, never edit.
const MIGRATIONS: &[&str] = &[include_str!("../../schema.sql")];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// Brings the file to the current schema; returns true when it was an empty
/// file that `may_initialise` allowed to become a ledger.
pub(super) fn migrate(conn: &Connection, path: &Path, may_initialise: bool) -> Result<bool> {
    match state(conn, path, may_initialise)? {
        State::Current => return Ok(false),
        State::Empty | State::Older(_) => {}
    }
    // One exclusive transaction: a ledger is migrated whole or not at all. The
    // state is read again inside it, since another process may have
    // migrated (or initialised) the file since.
    conn.execute_batch("BEGIN EXCLUSIVE")?;
    let result = (|| -> Result<bool> {
        let (fresh, from) = match state(conn, path, may_initialise)? {
            State::Current => return Ok(false),
            State::Empty => (true, 0),
            State::Older(version) => (false, version),
        };
        for (i, migration) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            conn.execute_batch(migration)?;
            conn.pragma_update(None, "user_version", i as i32 + 1)?;
        }
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
enum State {
    Current,
    /// An empty SQLite file.
    Empty,
    Older(i32),
}

fn state(conn: &Connection, path: &Path, may_initialise: bool) -> Result<State> {
    let not_a_ledger = |e: rusqlite::Error| match e.sqlite_error_code() {
        // Not about the file's content: the caller says what to do.
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen) => Error::Sqlite(e),
        _ => Error::Ledger {
            message: format!("'{}' is not a claimledger ledger: {e}", path.display()),
            hint: Some("it was left untouched; choose another file with --db".into()),
        },
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
    for migration in MIGRATIONS {
        conn.execute_batch(migration)?;
    }
    Ok(())
}
