//! `verify --since SEQ:HASH`: what is new since a checkpoint, in time that
//! grows with what is new. The chain is checked from the checkpoint on, and
//! every row the newer events touched is rebuilt from its record's history
//! (a claim's from `claim_events`, sources and actors from their own events,
//! a setting from its newest event) and compared with the row on disk.
//! What no newer event touched is the full `verify`'s to check. On a server,
//! only what these checks read is copied ([`ServerPlan`]).

use std::collections::BTreeSet;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::{Chain, Checkpoint, EVENT_COLUMNS, Report, Rows, checkpoint_matches, compare_table};
use crate::error::Result;
use crate::history::Change;
use crate::ledger::apply::{self, FullText};
use crate::ledger::migrate;
use crate::ledger::store::pg::{Fetch, FetchValue};
use crate::ledger::tables::Table;
use crate::model::Id;
use crate::progress::Progress;

/// What the events after the checkpoint touched.
#[derive(Default)]
struct Touched {
    claims: BTreeSet<Id>,
    stances: BTreeSet<Id>,
    annotations: BTreeSet<Id>,
    links: BTreeSet<Id>,
    settings: BTreeSet<String>,
    /// Whether a source or an actor was added or corrected: their tables
    /// are small, and are then rebuilt whole.
    records: bool,
    /// The newer events to replay.
    seqs: Vec<i64>,
    /// Retractions: the event, the table and record it retracts, and the change.
    retractions: Vec<(i64, Table, Id, Change)>,
}

impl Touched {
    fn add(&mut self, seq: i64, change: &Change) {
        self.seqs.push(seq);
        match change {
            Change::SourceAdded(_) | Change::SourceAmended(_) | Change::ActorAdded(_) | Change::ActorAmended(_) => {
                self.records = true;
            }
            Change::ClaimAdded(c) => {
                self.claims.insert(c.id);
            }
            Change::ClaimAmended(a) => {
                self.claims.insert(a.claim.id);
            }
            Change::ClaimWithdrawn(w) => {
                self.claims.insert(w.claim);
            }
            Change::ClaimRestored(r) => {
                self.claims.insert(r.claim);
            }
            Change::StatusChanged(s) => {
                self.claims.insert(s.claim);
            }
            Change::StanceAdded(s) => {
                self.claims.insert(s.claim);
                self.stances.insert(s.id);
                self.stances.extend(s.supersedes);
            }
            Change::AnnotationAdded(a) => {
                self.claims.insert(a.claim);
                self.annotations.insert(a.id);
            }
            Change::LinkAdded(l) => {
                self.claims.extend([l.from, l.to]);
                self.links.insert(l.id);
            }
            Change::StanceRetracted(r) => {
                self.stances.insert(r.record);
                self.retractions.push((seq, Table::Stances, r.record, change.clone()));
            }
            Change::AnnotationRetracted(r) => {
                self.annotations.insert(r.record);
                self.retractions.push((seq, Table::Annotations, r.record, change.clone()));
            }
            Change::LinkRemoved(r) => {
                self.links.insert(r.record);
                self.retractions.push((seq, Table::Links, r.record, change.clone()));
            }
            Change::SettingChanged(s) => {
                self.settings.insert(s.name.as_str().to_string());
            }
        }
    }

    /// The rows of `table` to compare, or None when no newer event touched it.
    fn rows(&self, table: Table) -> Option<Rows> {
        let ids = |set: &BTreeSet<Id>| serde_json::to_string(set).expect("ids serialize");
        let claims = ids(&self.claims);
        let rows = |filter: &'static str, values: Vec<String>| Some(Rows { filter, values });
        match table {
            Table::Sources | Table::Actors | Table::Aliases | Table::Affiliations => {
                if self.records {
                    rows("1", Vec::new())
                } else {
                    None
                }
            }
            Table::Claims => rows("id IN (SELECT value FROM json_each(?1))", vec![claims]),
            Table::Stances => rows(
                "claim_id IN (SELECT value FROM json_each(?1)) OR id IN (SELECT value FROM json_each(?2))",
                vec![claims, ids(&self.stances)],
            ),
            Table::Annotations => rows(
                "claim_id IN (SELECT value FROM json_each(?1)) OR id IN (SELECT value FROM json_each(?2))",
                vec![claims, ids(&self.annotations)],
            ),
            Table::Links => rows(
                "from_id IN (SELECT value FROM json_each(?1)) OR to_id IN (SELECT value FROM json_each(?1))
                 OR id IN (SELECT value FROM json_each(?2))",
                vec![claims, ids(&self.links)],
            ),
            Table::ClaimEvents => rows("claim_id IN (SELECT value FROM json_each(?1))", vec![claims]),
            Table::Settings => rows(
                "name IN (SELECT value FROM json_each(?1))",
                vec![serde_json::to_string(&self.settings).expect("names serialize")],
            ),
        }
    }
}

/// Checks the ledger from checkpoint `since` on (see the module's comment).
/// `comparable` are the tables whose declaration is this version's.
pub(super) fn check_since(
    disk: &Connection,
    since: &Checkpoint,
    checkpoint: Option<&Checkpoint>,
    comparable: Vec<Table>,
    mut problems: Vec<String>,
    progress: &dyn Progress,
) -> Result<Report> {
    // The schema's problems come first, as in the full check; then the events'.
    let schema_problems = problems.len();
    let mut matches = checkpoint_matches(disk, since, &mut problems)?;
    if let Some(cp) = checkpoint {
        matches &= checkpoint_matches(disk, cp, &mut problems)?;
    }
    let checked_from: Option<(String, Vec<u8>)> = disk
        .query_row("SELECT at, hash FROM events WHERE seq = ?1", [since.seq], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((at, hash)) = checked_from.filter(|_| matches) else {
        return Ok(Report {
            events: 0,
            head: None,
            first_bad_event: None,
            problems,
            checkpoint: Some(false),
            notes: Vec::new(),
        });
    };

    let newest: i64 = disk.query_row("SELECT coalesce(max(seq), 0) FROM events", [], |r| r.get(0))?;
    progress.begin("verifying", (newest - since.seq).max(0) as u64);
    let mut chain = Chain::after(since.seq, hash.try_into().unwrap_or([0; 32]), at.parse().ok());
    let mut touched = Touched::default();
    let mut stmt = disk.prepare(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE seq > ?1 ORDER BY seq"))?;
    let mut rows = stmt.query([since.seq])?;
    while let Some(r) = rows.next()? {
        if let Some(change) = chain.event(r)? {
            touched.add(chain.expected_seq - 1, &change);
        }
        if chain.count % 4096 == 0 {
            progress.reached(chain.count as u64);
        }
    }
    drop(rows);
    drop(stmt);

    let mut of_events = std::mem::take(&mut chain.of_events);
    if !chain.undecodable {
        claims_of_retracted(disk, &mut touched, &mut of_events)?;
        let seqs = history_of(disk, &touched)?;
        match rebuild(disk, &seqs)? {
            Err(problem) => of_events.push(problem),
            Ok(rebuilt) => {
                progress.begin("comparing", comparable.len() as u64);
                for table in comparable {
                    if let Some(rows) = touched.rows(table) {
                        problems.extend(compare_table(disk, &rebuilt, table, Some(&rows))?);
                    }
                }
            }
        }
    }
    of_events.sort_by_key(|(seq, _)| *seq);
    let first_bad = of_events.iter().map(|(seq, _)| *seq).min();
    problems.splice(schema_problems..schema_problems, of_events.into_iter().map(|(_, problem)| problem));
    let head = chain.head().or_else(|| Some(format!("{}:{}", since.seq, since.hash)));
    Ok(Report {
        events: since.seq + chain.count,
        head,
        first_bad_event: first_bad,
        problems,
        checkpoint: Some(true),
        notes: vec![format!(
            "checked from checkpoint {}: the chain after it and the rows its {} newer event(s) touched; SQLite's file check, the full-text index and rows no newer event touched are for a full `verify`",
            since.seq, chain.count
        )],
    })
}

/// Adds the claims of retracted records, as the ledger files them: the
/// record's row and the retraction's own `claim_events`. A retraction of a
/// record the ledger does not have means the row was deleted.
fn claims_of_retracted(disk: &Connection, touched: &mut Touched, problems: &mut Vec<(i64, String)>) -> Result<()> {
    for (seq, table, id, change) in std::mem::take(&mut touched.retractions) {
        let claims = apply::claims_of(disk, &change)?;
        if claims.is_empty() {
            problems.push((seq, format!("table {}: row {id} was deleted (event {seq} retracts it)", table.name())));
        }
        touched.claims.extend(claims);
        let mut filed = disk.prepare_cached("SELECT claim_id FROM claim_events WHERE seq = ?1")?;
        for claim in filed.query_map([seq], |r| r.get::<_, Id>(0))? {
            touched.claims.insert(claim?);
        }
    }
    Ok(())
}

/// The events that made what the newer events touched, in order: every
/// event of each touched claim, of every source and actor when one was
/// touched, and the newer events themselves.
fn history_of(disk: &Connection, touched: &Touched) -> Result<Vec<i64>> {
    let mut seqs = touched.seqs.clone();
    let claims = serde_json::to_string(&touched.claims).expect("ids serialize");
    let mut of_claims =
        disk.prepare("SELECT seq FROM claim_events WHERE claim_id IN (SELECT value FROM json_each(?1))")?;
    for seq in of_claims.query_map([claims], |r| r.get(0))? {
        seqs.push(seq?);
    }
    if touched.records {
        // The condition of the index `events_record_corrections`, word for word.
        let mut records = disk.prepare(
            "SELECT event_seq FROM sources UNION ALL SELECT event_seq FROM actors
             UNION ALL SELECT seq FROM events WHERE kind = 'source.amend' OR kind = 'actor.amend'",
        )?;
        for seq in records.query_map([], |r| r.get(0))? {
            seqs.push(seq?);
        }
    }
    seqs.sort_unstable();
    seqs.dedup();
    Ok(seqs)
}

/// Replays the events `seqs` into a private temporary database (see
/// `replay` in the parent module), without foreign keys: the records the
/// rebuilt rows refer to were not rebuilt. An event that cannot be replayed
/// is the problem returned.
fn rebuild(disk: &Connection, seqs: &[i64]) -> Result<std::result::Result<Connection, (i64, String)>> {
    let scratch = Connection::open_with_flags(
        "",
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    migrate::create_schema(&scratch)?;
    scratch.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; BEGIN")?;
    let mut event = disk.prepare("SELECT kind, data FROM events WHERE seq = ?1")?;
    for &seq in seqs {
        let cannot =
            |why: String| Ok(Err((seq, format!("event {seq}: cannot be replayed ({why}); tables are not compared"))));
        let Some((kind, data)) =
            event.query_row([seq], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).optional()?
        else {
            return cannot("the ledger has no such event".into());
        };
        let change = match Change::from_stored(&kind, &data) {
            Ok(change) => change,
            Err(e) => return cannot(e.to_string()),
        };
        if let Err(e) = migrate::replay(&scratch, seq, change, FullText::Later) {
            return cannot(e.to_string());
        }
    }
    scratch.execute_batch("COMMIT")?;
    Ok(Ok(scratch))
}

/// What `verify --since` reads of a server's ledger, copied in rounds (see
/// [`Server::snapshot_in_rounds`]), so that what it copies grows with what
/// is new, as what it reads of a file does: the events from the checkpoint
/// on; then the rows they touched; then those of the claims of what they
/// retract; then the older events of the histories to replay.
pub(crate) struct ServerPlan {
    since: i64,
    /// The event a `--checkpoint` given beside names, which may be older.
    checkpoint: Option<i64>,
    round: u8,
    touched: Touched,
    /// The claims whose rows were asked for.
    claims: BTreeSet<Id>,
}

impl ServerPlan {
    pub(crate) fn new(since: &Checkpoint, checkpoint: Option<&Checkpoint>) -> ServerPlan {
        ServerPlan {
            since: since.seq,
            checkpoint: checkpoint.map(|cp| cp.seq),
            round: 0,
            touched: Touched::default(),
            claims: BTreeSet::new(),
        }
    }

    /// The rows to copy next, given what `copy` holds so far; none when done.
    pub(crate) fn next(&mut self, copy: &Connection) -> Result<Vec<Fetch>> {
        self.round += 1;
        match self.round {
            1 => Ok(vec![Fetch {
                table: "events",
                filter: "seq >= $1 OR seq = $2",
                values: vec![FetchValue::Int(self.since), FetchValue::Int(self.checkpoint.unwrap_or(self.since))],
            }]),
            2 => {
                let mut stmt = copy.prepare("SELECT seq, kind, data FROM events WHERE seq > ?1 ORDER BY seq")?;
                let mut rows = stmt.query([self.since])?;
                while let Some(r) = rows.next()? {
                    let (seq, kind, data): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
                    // What does not decode is the check's to report, later.
                    if let Ok(change) = Change::from_stored(&kind, &data) {
                        self.touched.add(seq, &change);
                    }
                }
                let t = &self.touched;
                let retractions: Vec<i64> = t.retractions.iter().map(|(seq, ..)| *seq).collect();
                let mut fetches = claim_rows(&t.claims, &t.stances, &t.annotations, &t.links, retractions);
                fetches.push(Fetch {
                    table: "settings",
                    filter: "name = ANY($1)",
                    values: vec![FetchValue::Texts(t.settings.iter().cloned().collect())],
                });
                if t.records {
                    for table in ["sources", "actors", "aliases", "affiliations"] {
                        fetches.push(Fetch { table, filter: "true", values: Vec::new() });
                    }
                    fetches.push(Fetch {
                        table: "events",
                        filter: "kind = 'source.amend' OR kind = 'actor.amend'",
                        values: Vec::new(),
                    });
                }
                self.claims = t.claims.clone();
                Ok(fetches)
            }
            3 => {
                claims_of_retracted(copy, &mut self.touched, &mut Vec::new())?;
                let more: BTreeSet<Id> = self.touched.claims.difference(&self.claims).copied().collect();
                if more.is_empty() {
                    return self.next(copy);
                }
                let none = BTreeSet::new();
                Ok(claim_rows(&more, &none, &none, &none, Vec::new()))
            }
            4 => {
                let older: Vec<i64> =
                    history_of(copy, &self.touched)?.into_iter().filter(|seq| *seq < self.since).collect();
                Ok(vec![Fetch { table: "events", filter: "seq = ANY($1)", values: vec![FetchValue::Ints(older)] }])
            }
            _ => Ok(Vec::new()),
        }
    }
}

/// The rows of `claims`, and of the stances, annotations and links named, with
/// the claims' `claim_events` and those of the events `seqs`.
fn claim_rows(
    claims: &BTreeSet<Id>,
    stances: &BTreeSet<Id>,
    annotations: &BTreeSet<Id>,
    links: &BTreeSet<Id>,
    seqs: Vec<i64>,
) -> Vec<Fetch> {
    let ids = |set: &BTreeSet<Id>| FetchValue::Ints(set.iter().copied().collect());
    vec![
        Fetch { table: "claims", filter: "id = ANY($1)", values: vec![ids(claims)] },
        Fetch {
            table: "stances",
            filter: "claim_id = ANY($1) OR id = ANY($2)",
            values: vec![ids(claims), ids(stances)],
        },
        Fetch {
            table: "annotations",
            filter: "claim_id = ANY($1) OR id = ANY($2)",
            values: vec![ids(claims), ids(annotations)],
        },
        Fetch {
            table: "links",
            filter: "from_id = ANY($1) OR to_id = ANY($1) OR id = ANY($2)",
            values: vec![ids(claims), ids(links)],
        },
        Fetch {
            table: "claim_events",
            filter: "claim_id = ANY($1) OR seq = ANY($2)",
            values: vec![ids(claims), FetchValue::Ints(seqs)],
        },
    ]
}
