//! Reading the history: every event, or one claim's.

use rusqlite::Row;

use super::Reader;
use super::tables::Table;
use crate::error::Result;
use crate::history::Change;
use crate::model::Id;

/// One event of the history, as stored.
#[derive(Debug, Clone)]
pub struct Event {
    pub seq: i64,
    pub at: String,
    pub author: String,
    pub kind: String,
    /// The change's canonical JSON.
    pub data: String,
    pub prev_hash: String,
    pub hash: String,
}

impl Event {
    /// The change the event records; an error for data this version cannot read.
    pub fn change(&self) -> Result<Change, serde_json::Error> {
        Change::from_stored(&self.kind, &self.data)
    }
}

const EVENT_COLUMNS: &str = "seq, at, author, kind, data, prev_hash, hash";

fn event(r: &Row<'_>) -> rusqlite::Result<Event> {
    Ok(Event {
        seq: r.get(0)?,
        at: r.get(1)?,
        author: r.get(2)?,
        kind: r.get(3)?,
        data: r.get(4)?,
        prev_hash: r.get(5)?,
        hash: r.get(6)?,
    })
}

impl Reader<'_> {
    /// Every event, oldest first.
    pub fn for_each_event(&self, mut each: impl FnMut(Event) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!("SELECT {EVENT_COLUMNS} FROM events ORDER BY seq"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            each(event(r)?)?;
        }
        Ok(())
    }

    /// The events that made a claim and everything recorded on it: those that
    /// made a row of a table tied to claims (see [`Table::claim_column`]).
    pub fn claim_events(&self, claim: Id) -> Result<Vec<Event>> {
        // Table and column names come from the registry, never from input.
        let made: Vec<String> = Table::ALL
            .iter()
            .filter_map(|t| t.claim_column().map(|c| format!("SELECT event_seq FROM {} WHERE {c} = ?1", t.name())))
            .collect();
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE seq IN ({}) ORDER BY seq", made.join(" UNION "));
        Ok(self.conn.prepare_cached(&sql)?.query_map([claim], event)?.collect::<Result<_, _>>()?)
    }

    /// Number of events in the history.
    pub fn event_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0))?)
    }
}
