//! Schema migrations keyed on `PRAGMA user_version`, and the checks that keep
//! claimledger from touching files that are not its ledgers.

use std::path::Path;

use rusqlite::Connection;

use super::OpenMode;
use crate::error::{Error, Result};

/// `PRAGMA application_id` of every ledger: "CLDG".
pub const APPLICATION_ID: i32 = 0x434C_4447;

/// Migration N brings a ledger from user_version N-1 to N. Append, never edit.
const MIGRATIONS: &[&str] = &[include_str!("../../schema.sql")];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// Brings the file to the current schema; returns true when it was new.
pub(super) fn migrate(conn: &Connection, path: &Path, mode: OpenMode) -> Result<bool> {
    let not_a_ledger = |why: String| Error::Ledger {
        message: format!("'{}' is not a claimledger ledger: {why}", path.display()),
        hint: Some("it was left untouched; choose another file with --db".into()),
    };
    let read = |pragma: &str| -> Result<i32> {
        conn.pragma_query_value(None, pragma, |r| r.get(0)).map_err(|e| not_a_ledger(e.to_string()))
    };
    let application_id = read("application_id")?;
    let version = read("user_version")?;
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(|e| not_a_ledger(e.to_string()))?;

    let fresh = application_id == 0 && version == 0 && objects == 0;
    if fresh && mode == OpenMode::Existing {
        return Err(Error::Ledger {
            message: format!("'{}' is an empty file, not a ledger", path.display()),
            hint: Some("create the ledger with `claimledger init`".into()),
        });
    }
    if !fresh && application_id != APPLICATION_ID {
        return Err(not_a_ledger("an SQLite database of another application".into()));
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
    if version == SCHEMA_VERSION {
        return Ok(false);
    }
    // One exclusive transaction: a ledger is migrated whole or not at all.
    conn.execute_batch("BEGIN EXCLUSIVE")?;
    let result = (|| -> Result<()> {
        for (i, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            conn.execute_batch(migration)?;
            conn.pragma_update(None, "user_version", i as i32 + 1)?;
        }
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        Ok(())
    })();
    match result {
        Ok(()) => conn.execute_batch("COMMIT")?,
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(e);
        }
    }
    Ok(fresh)
}

/// Creates the current schema in an empty database (the rebuild `verify` compares with).
pub(super) fn create_schema(conn: &Connection) -> Result<()> {
    for migration in MIGRATIONS {
        conn.execute_batch(migration)?;
    }
    Ok(())
}
