//! The ledger: one SQLite file. This module and its children are the only
//! place that holds SQL.

mod apply;
pub mod contested;
pub mod export_rows;
mod migrate;
pub mod query;
pub mod records;
pub mod verify;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};

use crate::error::{Error, Result};
use crate::history::{Change, GENESIS_HASH, canonical_event_bytes, chain_hash};
use crate::model::RecordKind;

pub use migrate::{APPLICATION_ID, SCHEMA_VERSION};

/// Whether opening may create the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// The ledger must already exist.
    Existing,
    /// Create and initialise the ledger when the file is missing.
    CreateIfMissing,
}

/// An open ledger file.
pub struct Ledger {
    conn: Connection,
    path: PathBuf,
    /// True when this open created the file's schema.
    created: bool,
}

impl Ledger {
    /// Opens (or creates) a ledger, refusing files that are not ledgers or
    /// that a newer claimledger wrote, without modifying them.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Ledger> {
        let exists = path.exists();
        if !exists && mode == OpenMode::Existing {
            return Err(Error::Ledger {
                message: format!("no ledger at '{}'", path.display()),
                hint: Some("create one with `claimledger init`, or load a claims file with `claimledger import FILE`; --db or CLAIMLEDGER_DB choose another file".into()),
            });
        }
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if mode == OpenMode::CreateIfMissing {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(path, flags).map_err(|e| Error::Ledger {
            message: format!("cannot open ledger '{}': {e}", path.display()),
            hint: None,
        })?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let created = migrate::migrate(&conn, path, mode)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(Ledger { conn, path: path.to_path_buf(), created })
    }

    /// A throwaway ledger in memory: what `import --dry-run` checks against
    /// when the ledger file does not exist yet.
    pub fn in_memory() -> Result<Ledger> {
        let conn = Connection::open_in_memory()?;
        migrate::create_schema(&conn)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(Ledger { conn, path: PathBuf::from(":memory:"), created: true })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when this open created the ledger.
    pub fn was_created(&self) -> bool {
        self.created
    }

    /// Read access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction: every change it records
    /// is appended to the history and applied to the tables, and all of it
    /// commits together or not at all.
    pub fn write<T>(&mut self, author: &str, at: &str, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let head = tx
            .query_row("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or((0, GENESIS_HASH.to_string()));
        let mut writer = Writer { tx, author: author.to_string(), at: at.to_string(), head };
        let value = f(&mut writer)?;
        writer.tx.commit()?;
        Ok(value)
    }
}

/// The one path through which a ledger changes (see [`Ledger::write`]).
pub struct Writer<'conn> {
    tx: Transaction<'conn>,
    author: String,
    at: String,
    head: (i64, String),
}

impl Writer<'_> {
    /// Appends `change` to the history and applies it to the tables.
    pub fn record(&mut self, change: Change) -> Result<i64> {
        let (prev_seq, prev_hash) = &self.head;
        let seq = prev_seq + 1;
        let kind = change.kind();
        let data = change.canonical_data();
        let hash = chain_hash(prev_hash, &canonical_event_bytes(seq, &self.at, &self.author, kind, &data));
        self.tx
            .prepare_cached(
                "INSERT INTO events (seq, at, author, kind, data, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(rusqlite::params![seq, self.at, self.author, kind, data, prev_hash, hash])?;
        apply::apply(&self.tx, seq, &change)?;
        self.head = (seq, hash);
        Ok(seq)
    }

    /// The id the next record of `kind` will get.
    pub fn next_id(&self, kind: RecordKind) -> Result<i64> {
        query::next_id(&self.tx, kind)
    }

    pub fn author(&self) -> &str {
        &self.author
    }

    pub fn at(&self) -> &str {
        &self.at
    }

    /// Read access inside the transaction, so checks see what is being written.
    pub fn conn(&self) -> &Connection {
        &self.tx
    }
}
