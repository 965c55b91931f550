//! Rows of the stance and annotation exports, streamed in id order.
//! docs/export.md lists their columns.

use rusqlite::Connection;

use super::records::for_each;
use serde::Serialize;

use crate::error::Result;
use crate::model::RecordKind;

/// One stance: who asserts or disputes which claim, where, and whether it
/// still stands.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StanceRow {
    pub id: String,
    pub claim: String,
    pub claim_key: Option<String>,
    pub stance: String,
    pub actor: String,
    pub actor_key: Option<String>,
    pub source: String,
    pub quote: Option<String>,
    pub date: Option<String>,
    pub current: bool,
    pub superseded_by: Option<String>,
    pub recorded_by: String,
    pub recorded_at: String,
}

/// One annotation: a note, a tag, or a verdict.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AnnotationRow {
    pub id: String,
    pub claim: String,
    pub claim_key: Option<String>,
    pub kind: String,
    /// The note, the tag, or the verdict's rationale.
    pub text: Option<String>,
    pub rating: Option<String>,
    pub by: String,
    pub at: String,
}

pub fn for_each_stance(conn: &Connection, each: impl FnMut(StanceRow) -> Result<()>) -> Result<()> {
    for_each(
        conn,
        "SELECT t.id, t.claim_id, c.key, t.stance, a.name, a.key, coalesce(s.key, 'S' || s.id), t.quote, t.date,
                t.superseded_by, e.author, e.at
         FROM stances t JOIN claims c ON c.id = t.claim_id JOIN actors a ON a.id = t.actor_id
              JOIN sources s ON s.id = t.source_id JOIN events e ON e.seq = t.event_seq
         ORDER BY t.id",
        [],
        |r| {
            let superseded_by: Option<i64> = r.get(9)?;
            Ok(StanceRow {
                id: RecordKind::Stance.id(r.get(0)?),
                claim: RecordKind::Claim.id(r.get(1)?),
                claim_key: r.get(2)?,
                stance: r.get(3)?,
                actor: r.get(4)?,
                actor_key: r.get(5)?,
                source: r.get(6)?,
                quote: r.get(7)?,
                date: r.get(8)?,
                current: superseded_by.is_none(),
                superseded_by: superseded_by.map(|s| RecordKind::Stance.id(s)),
                recorded_by: r.get(10)?,
                recorded_at: r.get(11)?,
            })
        },
        each,
    )
}

pub fn for_each_annotation(conn: &Connection, each: impl FnMut(AnnotationRow) -> Result<()>) -> Result<()> {
    for_each(
        conn,
        "SELECT n.id, n.claim_id, c.key, n.kind, n.text, n.rating, n.author, n.at
         FROM annotations n JOIN claims c ON c.id = n.claim_id ORDER BY n.id",
        [],
        |r| {
            Ok(AnnotationRow {
                id: RecordKind::Annotation.id(r.get(0)?),
                claim: RecordKind::Claim.id(r.get(1)?),
                claim_key: r.get(2)?,
                kind: r.get(3)?,
                text: r.get(4)?,
                rating: r.get(5)?,
                by: r.get(6)?,
                at: r.get(7)?,
            })
        },
        each,
    )
}
