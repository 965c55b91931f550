//! The ledger: one SQLite file, and the only door to it. A `Ledger` owns its
//! connection; reads are typed methods of [`Reader`] (one file per kind of
//! reading), and every change goes through a [`Writer`], which holds every
//! rule. This module and its children are the only place that holds SQL.

mod apply;
mod clock;
mod companions;
mod contested;
mod dossier;
mod first_load;
mod history_read;
mod listing;
mod memo;
mod migrate;
mod new_ledger;
mod quotes;
mod records;
mod resolve;
mod scan;
mod schema;
mod scratch;
mod store;
mod tables;
pub(crate) mod verify;
mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use crate::error::{Error, Result};
use crate::history::{GENESIS_HASH, Hash};
use apply::FullText;
use first_load::SetAside;
use store::pg::{Server, ServerUrl};

pub use clock::{Clock, format_time};
pub use contested::{Conflict, ContestedEntry, FigureEntry, Question, Why};
pub use dossier::{Dossier, Version};
pub use history_read::Event;
pub use listing::{ActorEntry, AnnotationEntry, ClaimEntry, LinkEntry, SourceEntry, StanceEntry};
pub use migrate::{APPLICATION_ID, SCHEMA_VERSION};
pub use new_ledger::{NewLedger, Published};
pub use records::{ClaimRecords, Rekeyed};
pub use scan::ClaimFilter;
pub use schema::Difference as SchemaDifference;
pub use write::{Recorded, Writer, check_tag, check_time, clean_aliases};

/// Reads a ledger: every read is a method, and returns the model's types.
/// From [`Ledger::read`], or inside a write from [`Writer::read`].
#[derive(Clone, Copy)]
pub struct Reader<'c> {
    conn: &'c Connection,
}

/// How a write transaction ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    Commit,
    /// Undo everything the transaction did: a dry run.
    RollBack,
}

/// How a command uses the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reading only. The connection refuses writes, and a ledger whose file or
    /// folder is read-only (an archived copy) still opens.
    Read,
    /// Reading and writing.
    Write,
}

/// An open ledger: a file, or a desk server's ledger through this machine's
/// replica of it (see [`store::pg`]).
pub struct Ledger {
    /// The file, or the server ledger's local replica.
    conn: Connection,
    path: PathBuf,
    /// True when this open turned an empty file into a ledger.
    initialised_now: bool,
    /// The server, for a ledger on one.
    server: Option<Server>,
}

/// Tells SQLite, before it starts, not to count every allocation: nothing
/// here reads the counts, and counting takes a global lock on each
/// allocation, which every thread of `verify` and `import` would queue on.
/// Called once, by the command line, before any connection is opened.
pub fn tune_sqlite() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: sqlite3_config with the one int MEMSTATUS takes. Before
        // SQLite starts it applies; after, SQLite refuses it (SQLITE_MISUSE)
        // and nothing changes, so the result needs no check.
        unsafe {
            rusqlite::ffi::sqlite3_config(rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS, 0 as std::ffi::c_int);
        }
    });
}

/// How long a command waits for another writer to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl Ledger {
    /// Opens an existing ledger. Files that are not ledgers, that a newer
    /// claimledger wrote, or whose schema is not exactly this version's are
    /// refused without being modified.
    pub fn open(path: &Path, access: Access) -> Result<Ledger> {
        if let Some(url) = ServerUrl::parse(&path.to_string_lossy()) {
            return Ledger::open_server(url?, access, false);
        }
        let (ledger, differences) = Ledger::open_unchecked(path, access)?;
        refuse_differences(path, &differences)?;
        if access == Access::Read {
            // A reading command reads one state of the ledger, however long
            // it takes and whoever writes meanwhile; it ends when the ledger
            // is closed.
            ledger.conn.execute_batch("BEGIN")?;
        }
        Ok(ledger)
    }

    /// Opens an existing ledger for reading whatever its schema, and says how
    /// the schema differs from this version's: what `verify` checks.
    /// On a server, what `verify --since` (and a `--checkpoint` beside it)
    /// reads is all that is copied.
    pub fn open_for_verify(
        path: &Path,
        since: Option<&verify::Checkpoint>,
        checkpoint: Option<&verify::Checkpoint>,
    ) -> Result<(Ledger, Vec<SchemaDifference>)> {
        if let Some(url) = ServerUrl::parse(&path.to_string_lossy()) {
            // What the server holds, copied as it is in one snapshot: this
            // machine's replica is not what is being checked.
            let (mut server, _) = Server::open(url?, false)?;
            let differences = server.differences()?;
            let conn = match since {
                Some(since) => {
                    let mut plan = verify::ServerPlan::new(since, checkpoint);
                    server.snapshot_in_rounds(&mut |copy| plan.next(copy))?
                }
                None => server.snapshot()?,
            };
            let path = PathBuf::from(server.url.display());
            return Ok((Ledger { conn, path, initialised_now: false, server: Some(server) }, differences));
        }
        Ledger::open_unchecked(path, Access::Read)
    }

    /// Whether `path` names a ledger on a server (`postgresql://…`).
    pub fn names_server(path: &Path) -> bool {
        ServerUrl::parse(&path.to_string_lossy()).is_some()
    }

    /// Whether the server database `path` names holds a ledger (or is empty).
    pub fn server_holds_ledger(path: &Path) -> Result<bool> {
        match ServerUrl::parse(&path.to_string_lossy()) {
            Some(url) => Server::holds_ledger(url?),
            None => Ok(path.exists()),
        }
    }

    /// Opens the ledger on a server, making it in an empty database when
    /// `may_create`, and brings this machine's replica up to its head.
    pub fn open_server_creating(path: &Path) -> Result<Ledger> {
        match ServerUrl::parse(&path.to_string_lossy()) {
            Some(url) => Ledger::open_server(url?, Access::Write, true),
            None => Ledger::open(path, Access::Write),
        }
    }

    fn open_server(url: ServerUrl, access: Access, may_create: bool) -> Result<Ledger> {
        let (mut server, created) = Server::open(url, may_create)?;
        refuse_differences(Path::new(&server.url.display()), &server.differences()?)?;
        let replica = server.replica_path()?;
        Ledger::init(&replica)?;
        let (mut ledger, differences) =
            Ledger::connect(&replica, Access::Write, Connect::Plain).and_then(|l| l.check(Access::Write, true))?;
        refuse_differences(&replica, &differences)?;
        // The replica is a copy the server can always give again: a commit
        // need not wait for the disk (WAL keeps it whole if the process dies).
        ledger.conn.pragma_update(None, "synchronous", "NORMAL")?;
        server.pull(&mut ledger.conn)?;
        ledger.path = PathBuf::from(server.url.display());
        ledger.initialised_now = created;
        ledger.server = Some(server);
        if access == Access::Read {
            ledger.conn.execute_batch("BEGIN")?;
        }
        Ok(ledger)
    }

    /// Makes or extends `mirror`, a ledger file, as a verbatim copy of the
    /// server ledger at `server`: the same events, extended only along the
    /// server's chain. Returns the mirror's head.
    pub fn mirror(server: &Path, mirror: &Path) -> Result<(i64, String)> {
        let url = match ServerUrl::parse(&server.to_string_lossy()) {
            Some(url) => url?,
            None => return Err(Error::input(format!("'{}' is not a server ledger", server.display()))),
        };
        let (mut server, _) = Server::open(url, false)?;
        refuse_differences(Path::new(&server.url.display()), &server.differences()?)?;
        Ledger::init(mirror)?;
        let mut ledger = Ledger::open(mirror, Access::Write)?;
        server.pull(&mut ledger.conn)?;
        let head = ledger.read().head()?.map(|(seq, hash)| (seq, crate::history::hash_hex(&hash)));
        Ok(head.unwrap_or((0, String::new())))
    }

    /// Whether the ledger is on a server.
    pub(crate) fn on_server(&self) -> bool {
        self.server.is_some()
    }

    fn open_unchecked(path: &Path, access: Access) -> Result<(Ledger, Vec<SchemaDifference>)> {
        refuse_unusable_path(path)?;
        if !path.exists() {
            return Err(Error::Ledger {
                message: format!("no ledger at '{}'", path.display()),
                hint: Some("create one with `claimledger init`, or load a claims file with `claimledger import FILE`; --db or CLAIMLEDGER_DB choose another file".into()),
            });
        }
        companions::refuse_foreign(path)?;
        let opened = Ledger::connect(path, access, Connect::Plain).and_then(|l| l.check(access, false));
        match opened {
            Ok(opened) => Ok(opened),
            // A reader of an archived copy, in a folder where SQLite cannot make
            // its shared-memory file: the file cannot change, so read it as it is.
            Err(e) if access == Access::Read && e.is_read_only() => {
                Ledger::connect(path, access, Connect::Immutable).and_then(|l| l.check(access, false))
            }
            Err(e) if e.is_read_only() => Err(read_only(path)),
            Err(e) => Err(e),
        }
    }

    /// Creates the ledger if there is none: built under a temporary name
    /// beside it and moved into place whole, so that no other process ever
    /// sees a half-made ledger, and a ledger another process made meanwhile
    /// is never replaced. An empty SQLite file (a `touch`ed path) is made a
    /// ledger in place. Returns true when this call made the ledger.
    pub fn init(path: &Path) -> Result<bool> {
        if let Some(url) = ServerUrl::parse(&path.to_string_lossy()) {
            return Ok(Ledger::open_server(url?, Access::Write, true)?.initialised_now);
        }
        refuse_unusable_path(path)?;
        if !path.exists() {
            match NewLedger::create(path)?.publish()? {
                Published::Done => return Ok(true),
                // Another process made it meanwhile: that one stands.
                Published::TargetExists => {}
            }
        }
        companions::refuse_foreign(path)?;
        let (ledger, differences) = Ledger::connect(path, Access::Write, Connect::Plain)
            .and_then(|l| l.check(Access::Write, true))
            .map_err(|e| if e.is_read_only() { read_only(path) } else { e })?;
        refuse_differences(path, &differences)?;
        Ok(ledger.initialised_now)
    }

    /// Opens the connection and sets it up (see [`set_up`]).
    fn connect(path: &Path, access: Access, how: Connect) -> Result<Ledger> {
        let conn = match how {
            Connect::Plain => {
                Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            }
            Connect::Immutable => Connection::open_with_flags(
                format!("file:{}?immutable=1", uri_path(path)),
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            ),
        }?;
        set_up(&conn)?;
        if access == Access::Read {
            conn.pragma_update(None, "query_only", true)?;
        }
        Ok(Ledger { conn, path: path.to_path_buf(), initialised_now: false, server: None })
    }

    /// Checks the file is a ledger of this version (migrating an older one),
    /// and compares its schema with this version's.
    fn check(mut self, access: Access, may_initialise: bool) -> Result<(Ledger, Vec<SchemaDifference>)> {
        // A ledger of an older version is upgraded first, whoever opens it:
        // the one write a reading command may make.
        if access == Access::Read && !migrate::is_current(&self.conn, &self.path)? {
            self.conn.pragma_update(None, "query_only", false)?;
            let migrated = migrate::migrate(&self.conn, &self.path, may_initialise);
            self.conn.pragma_update(None, "query_only", true)?;
            self.initialised_now = migrated?;
        } else if access == Access::Write {
            self.initialised_now = migrate::migrate(&self.conn, &self.path, may_initialise)?;
        }
        let differences = schema::differences(&self.conn).map_err(|e| match e {
            Error::Sqlite(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => Error::Ledger {
                message: format!("'{}' is not a claimledger ledger: {e}", self.path.display()),
                hint: Some("it was left untouched; choose another file with --db".into()),
            },
            other => other,
        })?;
        if access == Access::Write && differences.is_empty() {
            if self.conn.is_readonly(rusqlite::MAIN_DB)? {
                return Err(read_only(&self.path));
            }
            self.conn.pragma_update(None, "journal_mode", "WAL")?;
            self.conn.pragma_update(None, "synchronous", "FULL")?;
            self.conn.pragma_update(None, "foreign_keys", "ON")?;
        }
        Ok((self, differences))
    }

    /// A throwaway ledger in memory: what `import --dry-run` checks against
    /// when the ledger file does not exist yet.
    pub fn in_memory() -> Result<Ledger> {
        let conn = Connection::open_in_memory()?;
        set_up(&conn)?;
        migrate::create_schema(&conn)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(Ledger { conn, path: PathBuf::from(":memory:"), initialised_now: true, server: None })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the ledger.
    pub fn read(&self) -> Reader<'_> {
        Reader { conn: &self.conn }
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction: every change it records
    /// is appended to the history and applied to the tables, and all of it
    /// commits together or not at all. The first write to an empty ledger
    /// loads it in bulk (see [`first_load`]).
    pub fn write<T>(&mut self, author: &str, clock: &Clock, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        self.transact(author, clock, |w| Ok((f(w)?, Finish::Commit)))
    }

    /// Like [`Ledger::write`], but `f` says how the transaction ends: a dry
    /// run does all the work and rolls it back.
    pub fn transact<T>(
        &mut self,
        author: &str,
        clock: &Clock,
        f: impl FnOnce(&mut Writer<'_>) -> Result<(T, Finish)>,
    ) -> Result<T> {
        let Some(server) = self.server.as_mut() else {
            return transact_on(&mut self.conn, author, clock, f, |_, _| Ok(()));
        };
        // On a server: under its lock, the replica is brought to the head, the
        // write runs on the replica with every rule, and its events go to the
        // server, which commits before the replica does.
        let url = server.url.clone();
        let mut pg = server.begin_write()?;
        store::pg::pull_into(&mut pg, &mut self.conn, &url)?;
        let server_clock;
        let clock = if clock.is_fixed() {
            clock
        } else {
            server_clock = Clock::fixed(Server::now(&mut pg, &url)?);
            &server_clock
        };
        let mut pg = Some(pg);
        transact_on(&mut self.conn, author, clock, f, |tx, old_head| {
            let mut pg = pg.take().expect("one commit");
            store::pg::push_events(&mut pg, tx, old_head, &url)?;
            pg.commit().map_err(|e| store::pg::connect::error(&url, e))
        })
    }
}

/// A write on a ledger's connection (see [`Ledger::transact`]); `before_commit`
/// runs once the write's changes are all applied, given the head before them.
fn transact_on<T>(
    conn: &mut Connection,
    author: &str,
    clock: &Clock,
    f: impl FnOnce(&mut Writer<'_>) -> Result<(T, Finish)>,
    before_commit: impl FnOnce(&Connection, i64) -> Result<()>,
) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let head: Option<(i64, Hash, String)> = tx
        .query_row("SELECT seq, hash, at FROM events ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, history_read::hash_at(r, 1)?, r.get(2)?))
        })
        .optional()?;
    // The time is read only now, under the lock: a writer that waited for
    // another records a time after the other's.
    let at = clock.time_for_change(head.as_ref().map(|(_, _, newest)| newest.as_str()))?;
    let head = head.map_or((0, GENESIS_HASH), |(seq, hash, _)| (seq, hash));
    let first_load = if head.0 == 0 { Some(SetAside::drop_indexes(&tx)?) } else { None };
    let full_text = if first_load.is_some() { FullText::Later } else { FullText::Keep };
    let old_head = head.0;
    let mut writer = Writer { tx, author: author.to_string(), at, head, full_text, memo: Default::default() };
    let (value, finish) = f(&mut writer)?;
    match finish {
        Finish::Commit => {
            if let Some(set_aside) = first_load {
                set_aside.build(&writer.tx)?;
            }
            before_commit(&writer.tx, old_head)?;
            writer.tx.commit()?
        }
        Finish::RollBack => writer.tx.rollback()?,
    }
    Ok(value)
}

/// What every connection to a ledger gets: no trusted schema (a crafted view
/// or trigger may not call functions with side effects), defensive mode, a
/// wait for other writers, and room for every statement a command prepares
/// again and again (an import uses some thirty; re-parsing them cost a fifth of its time).
fn set_up(conn: &Connection) -> Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// How a connection reaches the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Connect {
    Plain,
    /// The file is taken to be unchanging: no locks, no shared memory.
    Immutable,
}

fn is_read_only_error(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen))
}

impl Error {
    /// True when SQLite could not write (or make) a file it needed.
    fn is_read_only(&self) -> bool {
        matches!(self, Error::Sqlite(e) if is_read_only_error(e))
    }
}

/// A path that can never be a ledger file: a folder, or a link to nothing
/// (which would otherwise read as "no ledger" and, to `import`, as a
/// ledger that appeared while it ran).
pub(crate) fn refuse_unusable_path(path: &Path) -> Result<()> {
    let fault = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() && !path.exists() => {
            let target = std::fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_default();
            Some((format!("is a link to nothing ('{target}')"), "remove the link, or point it at a ledger file"))
        }
        Ok(_) if path.is_dir() => Some((
            "is a folder, not a ledger file".to_string(),
            "give the ledger file's path, like --db folder/claimledger.db",
        )),
        _ => None,
    };
    match fault {
        Some((what, hint)) => {
            Err(Error::Ledger { message: format!("'{}' {what}", path.display()), hint: Some(hint.into()) })
        }
        None => Ok(()),
    }
}

fn refuse_differences(path: &Path, differences: &[SchemaDifference]) -> Result<()> {
    let Some(first) = differences.first() else { return Ok(()) };
    let more = match differences.len() {
        1 => String::new(),
        n => format!(", and {} more", n - 1),
    };
    Err(Error::Ledger {
        message: format!(
            "'{}' holds a schema this claimledger did not make ({}{more}); it was left untouched",
            path.display(),
            first.description
        ),
        hint: Some(
            "a ledger from someone else may carry code that runs on every read or write; `claimledger verify` lists every difference".into(),
        ),
    })
}

fn read_only(path: &Path) -> Error {
    Error::Ledger {
        message: format!("ledger '{}' cannot be written: the file or its folder is read-only", path.display()),
        hint: Some(
            "reading commands and `verify` still work; to change it, copy it to a folder you can write to".into(),
        ),
    }
}

/// A path as the path part of an SQLite `file:` URI: bytes other than
/// unreserved characters and '/' percent-encoded.
fn uri_path(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::new();
    for &b in absolute.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}
