//! A ledger being made: built under a temporary name beside where it will
//! live, and moved into place whole once its first write succeeded. Until
//! then no other process can see it, and if anything fails it is simply
//! removed: a file this process did not make is never deleted or replaced.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{Ledger, migrate};
use crate::error::{Error, Result};

/// A new, private ledger; see [`NewLedger::publish`].
pub struct NewLedger {
    ledger: Ledger,
    temp: tempfile::TempPath,
    target: PathBuf,
}

/// What publishing a new ledger did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Published {
    /// The ledger is in place.
    Done,
    /// A file appeared at the path meanwhile; it was left as it was and the
    /// new ledger discarded.
    TargetExists,
}

impl NewLedger {
    /// Starts a ledger that will live at `target`.
    pub fn create(target: &Path) -> Result<NewLedger> {
        super::refuse_unusable_path(target)?;
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}.new-"))
            .tempfile_in(dir)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => Error::Ledger {
                    message: format!("cannot create a ledger in '{}': the folder is read-only", dir.display()),
                    hint: Some("choose a folder you can write to with --db".into()),
                },
                _ => Error::io(dir, e),
            })?
            .into_temp_path();
        let conn = Connection::open(&temp)?;
        super::set_up(&conn)?;
        // Nobody else can see this file, and a failure discards it whole: no
        // journal on disk, no syncs until it is complete (see `publish`).
        conn.pragma_update(None, "journal_mode", "MEMORY")?;
        conn.pragma_update(None, "synchronous", "OFF")?;
        // Set before the first table is made. Twice SQLite's default: a ledger
        // is mostly its events, appended in order, and half as many pages to
        // allocate, balance and write took about 5% off a large first import.
        conn.pragma_update(None, "page_size", 8192)?;
        migrate::migrate(&conn, &temp, true)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let ledger = Ledger { conn, path: target.to_path_buf(), initialised_now: true, server: None };
        Ok(NewLedger { ledger, temp, target: target.to_path_buf() })
    }

    /// The ledger, to write its first records.
    pub fn ledger(&mut self) -> &mut Ledger {
        &mut self.ledger
    }

    /// Makes the ledger durable and moves it into place, unless a file
    /// appeared there meanwhile.
    pub fn publish(self) -> Result<Published> {
        let NewLedger { ledger, temp, target } = self;
        ledger.conn.pragma_update(None, "journal_mode", "WAL")?;
        ledger.conn.close().map_err(|(_, e)| e)?;
        let file = std::fs::File::open(&temp).map_err(|e| Error::io(&target, e))?;
        {
            use std::os::unix::fs::PermissionsExt;
            // The temporary file is private; a ledger gets the mode a new file
            // gets under the user's umask.
            let mode = crate::files::new_file_mode();
            file.set_permissions(std::fs::Permissions::from_mode(mode)).map_err(|e| Error::io(&target, e))?;
        }
        file.sync_all().map_err(|e| Error::io(&target, e))?;
        match temp.persist_noclobber(&target) {
            Ok(()) => {
                // The new name is durable only once its folder is.
                crate::files::sync_folder_of(&target);
                Ok(Published::Done)
            }
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(Published::TargetExists),
            Err(e) => Err(Error::io(&target, e.error)),
        }
    }
}
