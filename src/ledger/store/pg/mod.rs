//! A ledger on a PostgreSQL server, shared by a desk.
//!
//! The server holds the history and its tables, with guards that refuse a
//! forked chain. Each writer appends under `pg_advisory_xact_lock` in a READ
//! COMMITTED transaction, after bringing its local replica up to the head:
//! every rule runs on the replica (SQLite, the same code as a file ledger),
//! and the new events are then appended on the server and applied there by
//! the same `apply`. Reading commands read the replica, brought up to the
//! server's head first, so they print exactly what a file ledger prints.

pub(crate) mod connect;
mod db;

use std::path::PathBuf;

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};
use postgres::{Client, GenericClient, IsolationLevel, Transaction};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use super::super::apply::{self, FullText};
use super::super::first_load::SetAside;
use super::super::tables::Table;
use super::super::{history_read, migrate};
pub(crate) use connect::ServerUrl;
use db::PgDb;

use crate::error::{Error, Result};
use crate::history::{Change, GENESIS_HASH, Hash, canonical_event_bytes, chain_hash};

/// The server's schema.
const SCHEMA: &str = include_str!("schema.sql");

/// The schema version this build makes on a server: the file's.
const SCHEMA_VERSION: i32 = super::super::SCHEMA_VERSION;

/// The advisory lock every writer of a server ledger takes: "CLDG".
const LOCK_KEY: i64 = 0x434C_4447;

/// A connection to a server ledger.
pub(crate) struct Server {
    pub(crate) url: ServerUrl,
    client: Client,
}

/// Turns the server's errors into ours, naming the server.
trait OnServer<T> {
    fn on(self, url: &ServerUrl) -> Result<T>;
}

impl<T> OnServer<T> for std::result::Result<T, postgres::Error> {
    fn on(self, url: &ServerUrl) -> Result<T> {
        self.map_err(|e| connect::error(url, e))
    }
}

impl Server {
    /// Connects, and checks the database holds a ledger of this version:
    /// `may_create` makes one in an empty database. Returns the server and
    /// whether this call made the ledger.
    pub(crate) fn open(url: ServerUrl, may_create: bool) -> Result<(Server, bool)> {
        let mut client = connect::connect(&url)?;
        // Names resolve to the system's objects first: nothing a user of the
        // database created can stand in for them.
        client.batch_execute("SET search_path = pg_catalog, public").on(&url)?;
        let mut server = Server { url, client };
        let created = server.check(may_create)?;
        Ok((server, created))
    }

    /// Whether the database holds a ledger: any table in it says so (an empty
    /// database holds none); what kind of ledger is for opening it to say.
    pub(crate) fn holds_ledger(url: ServerUrl) -> Result<bool> {
        Ok(!is_empty(&mut connect::connect(&url)?, &url)?)
    }

    /// The ledger's version on the server, making it in an empty database when allowed.
    fn check(&mut self, may_create: bool) -> Result<bool> {
        let url = self.url.clone();
        let mut tx = self.client.transaction().on(&url)?;
        if is_empty(&mut tx, &url)? {
            if !may_create {
                return Err(Error::Ledger {
                    message: format!("the database {} holds no ledger", url.display()),
                    hint: Some(
                        "create one with `claimledger --db URL init`, or load a claims file with `import`".into(),
                    ),
                });
            }
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY]).on(&url)?;
            tx.batch_execute(&format!("SET LOCAL search_path = public; {SCHEMA}")).on(&url)?;
            tx.commit().on(&url)?;
            return Ok(true);
        }
        let version: Option<i32> = tx
            .query_opt("SELECT schema_version FROM public.claimledger WHERE application = 'claimledger'", &[])
            .ok()
            .flatten()
            .map(|r| r.get(0));
        match version {
            Some(SCHEMA_VERSION) => Ok(false),
            Some(v) if v > SCHEMA_VERSION => Err(Error::Ledger {
                message: format!(
                    "the ledger at {} has schema version {v}, newer than this claimledger knows ({SCHEMA_VERSION})",
                    url.display()
                ),
                hint: Some("upgrade claimledger to open it".into()),
            }),
            Some(v) => Err(Error::Ledger {
                message: format!(
                    "the ledger at {} has schema version {v}, older than this claimledger's ({SCHEMA_VERSION})",
                    url.display()
                ),
                hint: Some("upgrade it from a mirror: `pull` it with the claimledger that made it, then `push` the mirror into a new database".into()),
            }),
            None => Err(Error::Ledger {
                message: format!("the database {} holds tables that are not a claimledger ledger", url.display()),
                hint: Some("it was left untouched; give an empty database, or the desk's ledger".into()),
            }),
        }
    }

    /// How the server's schema differs from what this version makes there:
    /// tables that are not ours or are missing, and anything that would run
    /// on our tables (triggers, rules, row policies).
    pub(crate) fn differences(&mut self) -> Result<Vec<super::super::SchemaDifference>> {
        let url = self.url.clone();
        let ours: Vec<&str> = std::iter::once("claimledger")
            .chain(std::iter::once("events"))
            .chain(Table::ALL.iter().map(|t| t.name()))
            .collect();
        let mut found = Vec::new();
        let tables: Vec<String> = self
            .client
            .query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", &[])
            .on(&url)?
            .iter()
            .map(|r| r.get(0))
            .collect();
        for t in &tables {
            if !ours.contains(&t.as_str()) {
                found.push((t.clone(), format!("extra table '{t}'")));
            }
        }
        for t in &ours {
            if !tables.iter().any(|have| have == t) {
                found.push((t.to_string(), format!("table '{t}' is missing")));
            }
        }
        let extras = self
            .client
            .query(
                "SELECT 'trigger', t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                   JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT t.tgisinternal
                 UNION ALL
                 SELECT 'rule', r.rulename, c.relname FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
                   JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'
                 UNION ALL
                 SELECT 'policy', p.polname, c.relname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
                   JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
                 ORDER BY 2",
                &[],
            )
            .on(&url)?;
        for r in extras {
            let (kind, name, table): (String, String, String) = (r.get(0), r.get(1), r.get(2));
            found.push((name.clone(), format!("extra {kind} '{name}' on {table}")));
        }
        // Columns, constraints and indexes, against this version's schema
        // made in a scratch schema of the same server and rolled back.
        let have = describe(&mut self.client, "public", &url)?;
        let want = self.expected()?;
        for (name, what) in &have {
            if !want.contains(&(name.clone(), what.clone())) && ours.iter().any(|t| name.starts_with(&format!("{t}.")))
            {
                let description = match want.iter().find(|(n, _)| n == name) {
                    Some(_) => format!("{name} differs from this version's"),
                    None => format!("extra {name}"),
                };
                found.push((name.clone(), description));
            }
        }
        for (name, _) in &want {
            if !have.iter().any(|(n, _)| n == name) && tables.iter().any(|t| name.starts_with(&format!("{t}."))) {
                found.push((name.clone(), format!("{name} is missing")));
            }
        }
        Ok(found.into_iter().map(|(name, description)| super::super::SchemaDifference { name, description }).collect())
    }

    /// This version's schema as the server describes it: made once in a
    /// scratch schema of this session and rolled back, then kept beside the
    /// replicas for this server version (catalog writes on every command
    /// would cost more than the command).
    fn expected(&mut self) -> Result<Vec<(String, String)>> {
        let url = self.url.clone();
        let version: i32 =
            self.client.query_one("SELECT current_setting('server_version_num')::int", &[]).on(&url)?.get(0);
        let digest = &crate::history::sha256_hex(SCHEMA.as_bytes())[..16];
        let kept = cache_folder().ok().map(|f| f.join(format!("server-schema-{version}-{digest}.json")));
        if let Some(want) =
            kept.as_ref().and_then(|k| std::fs::read(k).ok()).and_then(|bytes| serde_json::from_slice(&bytes).ok())
        {
            return Ok(want);
        }
        let mut tx = self.client.transaction().on(&url)?;
        let scratch: String = tx.query_one("SELECT 'claimledger_expected_' || pg_backend_pid()", &[]).on(&url)?.get(0);
        tx.batch_execute(&format!("CREATE SCHEMA {scratch}; SET LOCAL search_path = {scratch}; {SCHEMA}")).on(&url)?;
        let want = describe(&mut tx, &scratch, &url)?;
        tx.rollback().on(&url)?;
        // Written whole under another name, then renamed: a reader never sees half.
        if let Some(kept) = kept {
            let temp = kept.with_extension(format!("{}.tmp", std::process::id()));
            if serde_json::to_vec(&want).ok().is_some_and(|bytes| std::fs::write(&temp, bytes).is_ok()) {
                let _ = std::fs::rename(&temp, &kept);
            }
        }
        Ok(want)
    }

    /// Where this machine keeps its replica of the server's ledger.
    pub(crate) fn replica_path(&self) -> Result<PathBuf> {
        let folder = cache_folder()?;
        let u = &self.url;
        let name: String = format!("{}@{}-{}-{}", u.user, u.host, u.port, u.dbname)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || "@-_.".contains(c) { c } else { '_' })
            .collect();
        let digest = &crate::history::sha256_hex(u.display().as_bytes())[..12];
        Ok(folder.join(format!("{name}-{digest}.db")))
    }

    /// Brings the replica up to the server's head.
    pub(crate) fn pull(&mut self, replica: &mut Connection) -> Result<()> {
        let url = self.url.clone();
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .on(&url)?;
        pull_into(&mut tx, replica, &url)?;
        tx.commit().on(&url)
    }

    /// Starts a write: READ COMMITTED (the head read after the lock must be
    /// the newest committed), under the ledger's advisory lock.
    pub(crate) fn begin_write(&mut self) -> Result<Transaction<'_>> {
        let url = self.url.clone();
        let mut tx = self.client.build_transaction().isolation_level(IsolationLevel::ReadCommitted).start().on(&url)?;
        // Another writer holds the lock for one command: wait for it, but not
        // for ever (a stuck session says so as "busy").
        tx.batch_execute("SET LOCAL lock_timeout = '30s'").on(&url)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY]).on(&url)?;
        Ok(tx)
    }

    /// The server's clock, under the write's lock: UTC to the second.
    pub(crate) fn now(tx: &mut Transaction<'_>, url: &ServerUrl) -> Result<jiff::Timestamp> {
        let seconds: i64 =
            tx.query_one("SELECT floor(extract(epoch FROM clock_timestamp()))::bigint", &[]).on(url)?.get(0);
        jiff::Timestamp::from_second(seconds)
            .map_err(|e| Error::Ledger { message: format!("the server's clock reads {seconds}: {e}"), hint: None })
    }

    /// A copy of everything the server holds, as stored, in a private
    /// temporary SQLite database of this version's schema: what `verify`
    /// checks, read in one snapshot.
    pub(crate) fn snapshot(&mut self) -> Result<Connection> {
        let mut everything = std::iter::once("events")
            .chain(Table::ALL.iter().map(|t| t.name()))
            .map(|table| Fetch { table, filter: "true", values: Vec::new() })
            .collect::<Vec<_>>();
        self.snapshot_in_rounds(&mut |_| Ok(std::mem::take(&mut everything)))
    }

    /// Copies part of what the server holds, in one snapshot, into a private
    /// temporary database of this version's schema: `plan` is asked, with
    /// what was copied so far, which rows to copy next, until it asks for
    /// none. A row copied twice is kept once.
    pub(crate) fn snapshot_in_rounds(
        &mut self,
        plan: &mut dyn FnMut(&Connection) -> Result<Vec<Fetch>>,
    ) -> Result<Connection> {
        let url = self.url.clone();
        let copy = Connection::open("")?;
        migrate::create_schema(&copy)?;
        // References are verify's to judge, not the copy's to refuse.
        copy.execute_batch("PRAGMA foreign_keys = OFF; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN")?;
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .on(&url)?;
        loop {
            let fetches = plan(&copy)?;
            if fetches.is_empty() {
                break;
            }
            for fetch in fetches {
                copy_rows(&mut tx, &copy, &fetch, &url)?;
            }
        }
        tx.commit().on(&url)?;
        copy.execute_batch("COMMIT")?;
        Ok(copy)
    }
}

/// Rows of one table to copy from the server: a condition written in the
/// code (`$1`, `$2`, ... are `values`), never built from input.
pub(crate) struct Fetch {
    pub table: &'static str,
    pub filter: &'static str,
    pub values: Vec<FetchValue>,
}

/// A value bound to a [`Fetch`]'s condition.
pub(crate) enum FetchValue {
    Int(i64),
    Ints(Vec<i64>),
    Texts(Vec<String>),
}

/// Copies the rows `fetch` names into `copy`, as stored.
fn copy_rows(tx: &mut Transaction<'_>, copy: &Connection, fetch: &Fetch, url: &ServerUrl) -> Result<()> {
    let table = fetch.table;
    let columns = stored_columns(copy, table)?;
    let list = columns.join(", ");
    let select = format!("SELECT {list} FROM public.{table} WHERE {}", fetch.filter);
    let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    // A row fetched twice (by its claim and by its own id) is kept once; any
    // other constraint it breaks is said, as in a whole copy.
    let key = Table::ALL.iter().find(|t| t.name() == table).map_or(&["seq"][..], |t| t.key()).join(", ");
    let insert = format!("INSERT INTO {table} ({list}) VALUES ({}) ON CONFLICT ({key}) DO NOTHING", marks.join(", "));
    let mut stmt = copy.prepare(&insert)?;
    let values: Vec<&(dyn ToSql + Sync)> = fetch
        .values
        .iter()
        .map(|v| match v {
            FetchValue::Int(i) => i as &(dyn ToSql + Sync),
            FetchValue::Ints(ids) => ids as &(dyn ToSql + Sync),
            FetchValue::Texts(texts) => texts as &(dyn ToSql + Sync),
        })
        .collect();
    let mut rows = tx.query_raw(select.as_str(), values).on(url)?;
    while let Some(row) = rows.next().on(url)? {
        let cells = db::cells(&row, url)?;
        stmt.execute(rusqlite::params_from_iter(cells.iter())).map_err(|e| Error::Ledger {
            message: format!("table {table} on the server holds a row this version's schema refuses ({e})"),
            hint: Some("run `claimledger verify` with the claimledger that made it".into()),
        })?;
    }
    Ok(())
}

/// Where this machine keeps what it holds of server ledgers: replicas, and
/// each server version's description of the schema.
fn cache_folder() -> Result<PathBuf> {
    let base = match std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => match std::env::var_os("HOME").filter(|v| !v.is_empty()) {
            Some(home) => PathBuf::from(home).join(".cache"),
            None => {
                return Err(Error::Ledger {
                    message: "no place for the server ledger's local replica: neither XDG_CACHE_HOME nor HOME is set"
                        .into(),
                    hint: Some("set XDG_CACHE_HOME to a folder this user can write".into()),
                });
            }
        },
    };
    let folder = base.join("claimledger");
    std::fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
    Ok(folder)
}

/// The columns, constraints and indexes of the tables in `schema`, each as
/// (`table.name`, its definition), with the schema's name taken out.
fn describe(pg: &mut impl GenericClient, schema: &str, url: &ServerUrl) -> Result<Vec<(String, String)>> {
    let rows = pg
        .query(
            "SELECT c.table_name || '.' || c.column_name,
                    concat_ws(' ', c.data_type, c.is_nullable, c.column_default, c.generation_expression)
               FROM information_schema.columns c WHERE c.table_schema = $1
             UNION ALL
             SELECT t.relname || '.' || k.conname, pg_get_constraintdef(k.oid)
               FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
               JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = $1
             UNION ALL
             SELECT t.relname || '.' || i.relname, pg_get_indexdef(i.oid)
               FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
               JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = $1
             ORDER BY 1",
            &[&schema],
        )
        .on(url)?;
    let qualified = format!("{schema}.");
    Ok(rows.iter().map(|r| (r.get::<_, String>(0), r.get::<_, String>(1).replace(&qualified, ""))).collect())
}

/// Whether the database holds no table in `public`: an empty one, where a ledger may be made.
fn is_empty(pg: &mut impl GenericClient, url: &ServerUrl) -> Result<bool> {
    let tables: i64 =
        pg.query_one("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public'", &[]).on(url)?.get(0);
    Ok(tables == 0)
}

/// The columns of a table as stored (generated ones left out), in order.
fn stored_columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_xinfo(?1) WHERE hidden = 0 ORDER BY cid")?;
    let names = stmt.query_map([table], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}

/// The replica's head.
fn head_of(conn: &Connection) -> Result<Option<(i64, Hash)>> {
    Ok(conn
        .query_row("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, history_read::hash_at(r, 1)?))
        })
        .optional()?)
}

fn diverged(url: &ServerUrl, seq: i64, path: &str) -> Error {
    Error::Ledger {
        message: format!(
            "the history on {} differs from this copy's at event {seq}: the server's history was cut or rewritten, or this copy is of another ledger",
            url.display()
        ),
        hint: Some(format!(
            "run `claimledger --db {} verify` with a checkpoint kept elsewhere; this copy ({path}) was left as it was (if the desk made its ledger anew, delete the copy)",
            url.display()
        )),
    }
}

/// Appends the server's events this copy lacks, checking each links to the
/// one before and matches its hash, and applies them as replay does: the copy
/// holds exactly the server's history. A copy whose newest event the server
/// does not hold (or holds differently) is refused, never rewritten.
pub(crate) fn pull_into(pg: &mut impl GenericClient, replica: &mut Connection, url: &ServerUrl) -> Result<()> {
    let path = replica.path().unwrap_or_default().to_string();
    let local = replica.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let head = head_of(&local)?;
    let (from, mut prev) = head.unwrap_or((0, GENESIS_HASH));
    if from > 0 {
        let held = pg.query_opt("SELECT hash FROM public.events WHERE seq = $1", &[&from]).on(url)?;
        if held.map(|r| r.get::<_, Vec<u8>>(0)).as_deref() != Some(&prev[..]) {
            return Err(diverged(url, from, &path));
        }
    }
    let set_aside = if from == 0 { Some(SetAside::drop_indexes(&local)?) } else { None };
    let full_text = if set_aside.is_some() { FullText::Later } else { FullText::Keep };
    let mut rows = pg
        .query_raw("SELECT seq, at, author, kind, data, hash FROM public.events WHERE seq > $1 ORDER BY seq", [from])
        .on(url)?;
    let mut expected = from + 1;
    let mut added = 0;
    {
        let mut insert = local.prepare(
            "INSERT INTO events (seq, at, author, kind, data, hash, prev_seq, prev_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        while let Some(row) = rows.next().on(url)? {
            let (seq, at, author, kind, data, hash): (i64, String, String, String, String, Vec<u8>) =
                (row.get(0), row.get(1), row.get(2), row.get(3), row.get(4), row.get(5));
            if seq != expected || chain_hash(&prev, &canonical_event_bytes(seq, &at, &author, &kind, &data)) != hash[..]
            {
                return Err(diverged(url, seq, &path));
            }
            let change = Change::from_stored(&kind, &data).map_err(|e| Error::Ledger {
                message: format!("event {seq} on {} cannot be read ({e})", url.display()),
                hint: Some("a newer claimledger may have written it; upgrade claimledger".into()),
            })?;
            let prev_seq = (seq > 1).then_some(seq - 1);
            insert.execute(rusqlite::params![seq, at, author, kind, data, hash, prev_seq, &prev[..]])?;
            migrate::replay(&local, seq, change, full_text)?;
            prev = hash.try_into().unwrap_or([0; 32]);
            expected = seq + 1;
            added += 1;
        }
    }
    if let Some(set_aside) = set_aside {
        set_aside.build(&local)?;
    }
    if added > 0 {
        local.commit()?;
    }
    Ok(())
}

/// Appends to the server the events the replica's write transaction added
/// after `old_head`, and applies them there: into an empty server ledger by
/// `COPY` of every table (the replica built them in bulk), else event by
/// event through the same `apply` as the replica.
pub(crate) fn push_events(pg: &mut Transaction<'_>, local: &Connection, old_head: i64, url: &ServerUrl) -> Result<()> {
    if old_head == 0 {
        return copy_everything(pg, local, url);
    }
    let mut stmt = local.prepare("SELECT seq, at, author, kind, data, hash FROM events WHERE seq > ?1 ORDER BY seq")?;
    let mut rows = stmt.query([old_head])?;
    let mut prev: Vec<u8> = pg.query_one("SELECT hash FROM public.events WHERE seq = $1", &[&old_head]).on(url)?.get(0);
    let insert = pg
        .prepare(
            "INSERT INTO public.events (seq, at, author, kind, data, hash, prev_seq, prev_hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .on(url)?;
    let mut events = Vec::new();
    while let Some(r) = rows.next()? {
        let (seq, at, author, kind, data, hash): (i64, String, String, String, String, Vec<u8>) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
        pg.execute(&insert, &[&seq, &at, &author, &kind, &data, &hash, &(seq - 1), &prev]).on(url)?;
        prev = hash;
        events.push((seq, kind, data));
    }
    let db = PgDb::new(pg, url);
    for (seq, kind, data) in events {
        let change = Change::from_stored(&kind, &data)
            .map_err(|e| Error::Ledger { message: format!("event {seq} cannot be read ({e})"), hint: None })?;
        apply::apply(&db, seq, &change, FullText::Later)?;
    }
    Ok(())
}

/// Copies every table of the replica into the empty server ledger, rows as
/// stored, through `COPY … FROM STDIN (FORMAT binary)`.
fn copy_everything(pg: &mut Transaction<'_>, local: &Connection, url: &ServerUrl) -> Result<()> {
    // Checked row by row, the references and secondary indexes cost more than
    // the copy: they are set aside and made again once the rows are in, as
    // the file's first load does. Their definitions are read back as the
    // server holds them, so the schema comes out exactly as it was.
    let references: Vec<(String, String, String)> = pg
        .query(
            "SELECT t.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k
               JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = 'public' AND k.contype = 'f' ORDER BY k.oid",
            &[],
        )
        .on(url)?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    let indexes: Vec<(String, String)> = pg
        .query(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
               JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
             WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
             ORDER BY i.oid",
            &[],
        )
        .on(url)?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    for (table, name, _) in &references {
        pg.batch_execute(&format!("ALTER TABLE public.{table} DROP CONSTRAINT {name}")).on(url)?;
    }
    for (name, _) in &indexes {
        pg.batch_execute(&format!("DROP INDEX public.{name}")).on(url)?;
    }
    copy_tables(pg, local, url)?;
    for (_, definition) in &indexes {
        pg.batch_execute(definition).on(url)?;
    }
    for (table, name, definition) in &references {
        pg.batch_execute(&format!("ALTER TABLE public.{table} ADD CONSTRAINT {name} {definition}")).on(url)?;
    }
    Ok(())
}

/// Copies every table of the replica into the server's, rows as stored.
fn copy_tables(pg: &mut Transaction<'_>, local: &Connection, url: &ServerUrl) -> Result<()> {
    // Events first (their own links), then the tables in an order references allow.
    let order = [
        "events",
        "sources",
        "actors",
        "aliases",
        "affiliations",
        "claims",
        "stances",
        "annotations",
        "links",
        "claim_events",
        "settings",
    ];
    debug_assert_eq!(order.len(), Table::ALL.len() + 1);
    for table in order {
        let columns = stored_columns(local, table)?;
        let types: Vec<Type> = columns.iter().map(|c| server_type(pg, table, c, url)).collect::<Result<_>>()?;
        let list = columns.join(", ");
        let sink = pg.copy_in(&format!("COPY public.{table} ({list}) FROM STDIN (FORMAT binary)")).on(url)?;
        let mut writer = BinaryCopyInWriter::new(sink, &types);
        let select = format!("SELECT {list} FROM {table}");
        let mut stmt = local.prepare(&select)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let cells: Vec<Value> =
                (0..columns.len()).map(|i| r.get::<_, Value>(i)).collect::<rusqlite::Result<_>>()?;
            let values: Vec<Box<dyn ToSql + Sync>> = cells.into_iter().zip(&types).map(|(v, t)| typed(v, t)).collect();
            let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|b| b.as_ref()).collect();
            writer.write(&refs).on(url)?;
        }
        writer.finish().on(url)?;
    }
    Ok(())
}

/// A column's type on the server.
fn server_type(pg: &mut Transaction<'_>, table: &str, column: &str, url: &ServerUrl) -> Result<Type> {
    let name: String = pg
        .query_one(
            "SELECT data_type FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name = $1 AND column_name = $2",
            &[&table, &column],
        )
        .on(url)?
        .get(0);
    Ok(match name.as_str() {
        "bigint" => Type::INT8,
        "integer" => Type::INT4,
        "double precision" => Type::FLOAT8,
        "bytea" => Type::BYTEA,
        _ => Type::TEXT,
    })
}

/// A replica's cell as a value of the server column's type.
fn typed(value: Value, ty: &Type) -> Box<dyn ToSql + Sync> {
    match value {
        Value::Null if *ty == Type::INT8 => Box::new(None::<i64>),
        Value::Null if *ty == Type::INT4 => Box::new(None::<i32>),
        Value::Null if *ty == Type::FLOAT8 => Box::new(None::<f64>),
        Value::Null if *ty == Type::BYTEA => Box::new(None::<Vec<u8>>),
        Value::Null => Box::new(None::<String>),
        Value::Integer(i) if *ty == Type::FLOAT8 => Box::new(i as f64),
        Value::Integer(i) if *ty == Type::INT4 => Box::new(i as i32),
        Value::Integer(i) => Box::new(i),
        Value::Real(f) => Box::new(f),
        Value::Text(t) => Box::new(t),
        Value::Blob(b) => Box::new(b),
    }
}
