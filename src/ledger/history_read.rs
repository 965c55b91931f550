//! Reading the history: every event, one claim's, or one.

use rusqlite::{OptionalExtension, Row};

use super::Reader;
use crate::error::{Error, Result};
use crate::history::{Change, GENESIS_HASH, Hash};
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
    /// The hash of the event before it (zeros for the first): the one this event's hash covers.
    pub prev_hash: Hash,
    pub hash: Hash,
}

impl Event {
    /// The change the event records; an error for data this version cannot read.
    pub fn change(&self) -> Result<Change> {
        Change::from_stored(&self.kind, &self.data).map_err(|e| Error::Ledger {
            message: format!("event {} cannot be read ({e}); run `claimledger verify`", self.seq),
            hint: None,
        })
    }
}

/// A stored hash; one of another length (a damaged or forged row) reads as zeros.
pub(super) fn hash_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Hash> {
    let bytes: Vec<u8> = r.get(i)?;
    Ok(bytes.try_into().unwrap_or([0; 32]))
}

/// An event's columns, the previous event's hash last.
const EVENT_COLUMNS: &str = "e.seq, e.at, e.author, e.kind, e.data, e.hash,
    coalesce((SELECT p.hash FROM events p WHERE p.seq = e.seq - 1), zeroblob(32))";

fn event(r: &Row<'_>) -> rusqlite::Result<Event> {
    Ok(Event {
        seq: r.get(0)?,
        at: r.get(1)?,
        author: r.get(2)?,
        kind: r.get(3)?,
        data: r.get(4)?,
        hash: hash_at(r, 5)?,
        prev_hash: hash_at(r, 6)?,
    })
}

impl Reader<'_> {
    /// Every event, oldest first.
    pub fn for_each_event(&self, mut each: impl FnMut(Event) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn.prepare("SELECT seq, at, author, kind, data, hash FROM events ORDER BY seq")?;
        let mut rows = stmt.query([])?;
        let mut prev = GENESIS_HASH;
        while let Some(r) = rows.next()? {
            let hash = hash_at(r, 5)?;
            let event = Event {
                seq: r.get(0)?,
                at: r.get(1)?,
                author: r.get(2)?,
                kind: r.get(3)?,
                data: r.get(4)?,
                prev_hash: prev,
                hash,
            };
            prev = hash;
            each(event)?;
        }
        Ok(())
    }

    /// One event.
    pub fn event(&self, seq: i64) -> Result<Event> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.seq = ?1");
        let found = self.conn.prepare_cached(&sql)?.query_row([seq], event).optional()?;
        // Tables name the events that made their rows.
        found
            .ok_or_else(|| Error::Damaged(format!("event {seq}, which a table refers to, is missing from the history")))
    }

    /// The events that concern a claim: its making, its corrections, the
    /// stances, annotations and links on it, oldest first.
    pub fn claim_events(&self, claim: Id) -> Result<Vec<Event>> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM claim_events ce JOIN events e ON e.seq = ce.seq
             WHERE ce.claim_id = ?1 ORDER BY ce.seq"
        );
        Ok(self.conn.prepare_cached(&sql)?.query_map([claim], event)?.collect::<Result<_, _>>()?)
    }

    /// Number of events in the history.
    pub fn event_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0))?)
    }

    /// The first event's hash, if any: it names the ledger, as no other ledger's history begins with it.
    pub fn first_hash(&self) -> Result<Option<Hash>> {
        Ok(self
            .conn
            .prepare_cached("SELECT hash FROM events WHERE seq = 1")?
            .query_row([], |r| hash_at(r, 0))
            .optional()?)
    }

    /// The newest event's number and hash, if any.
    pub fn head(&self) -> Result<Option<(i64, Hash)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, hash_at(r, 1)?)))
            .optional()?)
    }
}
