//! The files SQLite keeps beside a ledger (`-wal`, `-journal`) hold pages it
//! writes into the ledger when it opens it, without asking where they came
//! from. One copied in from another database would rewrite the ledger. So
//! before a ledger is opened, a write-ahead log that no open connection is
//! using (the only kind SQLite replays) must continue this ledger's history,
//! and a rollback journal beside a ledger that keeps none is refused.

use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};

use crate::error::{Error, Result};

/// Refuses a companion file that does not belong to the ledger at `path`,
/// leaving the ledger file as it was.
pub(super) fn refuse_foreign(path: &Path) -> Result<()> {
    let mut header = [0u8; 100];
    let Ok(mut file) = std::fs::File::open(path) else { return Ok(()) };
    if file.read_exact(&mut header).is_err() || !header.starts_with(b"SQLite format 3\0") {
        return Ok(());
    }
    // A ledger keeps a write-ahead log (file format bytes 18 and 19 are 2).
    let keeps_a_log = header[18] == 2 && header[19] == 2;
    let journal = companion(path, "-journal");
    if keeps_a_log && first_byte(&journal).is_some_and(|b| b != 0) {
        return Err(foreign(path, &journal, "a rollback journal, which this ledger never keeps"));
    }
    let log = companion(path, "-wal");
    if first_byte(&log).is_none() || in_use(path) {
        return Ok(());
    }
    // The ledger file alone, as it is on disk, and the ledger with the log's
    // pages: the second must hold the first's history unchanged. A file that
    // cannot be read alone (a checkpoint cut short) needs its log: it stands.
    let Some(alone) = ends(path, true, 0).ok().flatten() else { return Ok(()) };
    let continues = match ends(path, false, alone.newest.0) {
        Ok(Some(merged)) => merged.first == alone.first && merged.at_seq.as_ref() == Some(&alone.newest.1),
        Ok(None) => false,
        // The log could not be read here (a read-only folder): the command
        // goes on as it would, and a read-only open never replays it.
        Err(Error::Sqlite(e))
            if matches!(
                e.sqlite_error_code(),
                Some(
                    ErrorCode::ReadOnly
                        | ErrorCode::CannotOpen
                        | ErrorCode::DatabaseBusy
                        | ErrorCode::DatabaseLocked
                        | ErrorCode::PermissionDenied
                )
            ) =>
        {
            true
        }
        // Pages that make the file unreadable, or no ledger at all.
        Err(_) => false,
    };
    if continues {
        Ok(())
    } else {
        Err(foreign(path, &log, "a write-ahead log whose pages would replace this ledger's history"))
    }
}

fn foreign(ledger: &Path, file: &Path, what: &str) -> Error {
    Error::Ledger {
        message: format!(
            "'{}' beside the ledger is {what}: it does not belong to '{}', which was left untouched",
            file.display(),
            ledger.display()
        ),
        hint: Some(format!(
            "move '{}' (and any '-shm' file beside it) out of the folder, then run the command again",
            file.display()
        )),
    }
}

fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The first byte of a file, if it exists and is not empty.
fn first_byte(path: &Path) -> Option<u8> {
    let mut byte = [0u8; 1];
    std::fs::File::open(path).ok()?.read_exact(&mut byte).ok()?;
    Some(byte[0])
}

/// Whether another process has the ledger open: SQLite's connections to a
/// database with a write-ahead log each hold a shared lock on one byte of its
/// `-shm` file (the "dead man switch", byte 128) for as long as they are open.
/// Such a log is live, and theirs; only a log nobody holds is replayed on open.
fn in_use(path: &Path) -> bool {
    use std::os::fd::AsRawFd;
    let Ok(shm) = std::fs::File::open(companion(path, "-shm")) else { return false };
    // SAFETY: a plain struct for fcntl, zeroed, then filled in.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = libc::F_WRLCK as libc::c_short;
    lock.l_whence = libc::SEEK_SET as libc::c_short;
    lock.l_start = 128;
    lock.l_len = 1;
    // SAFETY: F_GETLK only reads the lock table into `lock`.
    let asked = unsafe { libc::fcntl(shm.as_raw_fd(), libc::F_GETLK, &mut lock) };
    // Could not ask: take it as in use, and leave the log to SQLite.
    asked != 0 || lock.l_type != libc::F_UNLCK as libc::c_short
}

struct Ends {
    newest: (i64, Vec<u8>),
    first: Vec<u8>,
    /// The hash of the event asked for.
    at_seq: Option<Vec<u8>>,
}

/// The newest event (seq and hash), the first event's hash and event
/// `seq`'s, of the file alone (`alone`: opened as unchanging, which reads no
/// log) or of the file with its log, read only (a read-only connection never
/// writes the log's pages into the file). None when there are no events.
fn ends(path: &Path, alone: bool, seq: i64) -> Result<Option<Ends>> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = if alone {
        let uri = format!("file:{}?immutable=1", super::uri_path(path));
        Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)?
    } else {
        Connection::open_with_flags(path, flags)?
    };
    super::set_up(&conn)?;
    conn.execute_batch("BEGIN")?;
    let hash = |sql: &str, seq: Option<i64>| -> Result<Option<(i64, Vec<u8>)>> {
        Ok(conn.query_row(sql, rusqlite::params_from_iter(seq), |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
    };
    let newest = hash("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1", None)?;
    let first = hash("SELECT seq, hash FROM events ORDER BY seq LIMIT 1", None)?;
    let at_seq = hash("SELECT seq, hash FROM events WHERE seq = ?1", Some(seq))?;
    Ok(newest.zip(first).map(|(newest, (_, first))| Ends { newest, first, at_seq: at_seq.map(|(_, h)| h) }))
}
