//! The quotes anchored in a source's archived text: where each claim and
//! each stance is said, by code points, for annotation tools.

use super::Reader;
use crate::error::Result;
use crate::model::{Id, StanceKind};

/// A quote anchored in a source's text.
#[derive(Debug, Clone)]
pub struct AnchoredQuote {
    /// The claim quoted, or the claim a quoted stance is on.
    pub claim: Id,
    pub claim_text: String,
    /// For a stance's quote: the stance, its kind and its actor's name.
    pub stance: Option<(Id, StanceKind, String)>,
    /// Code-point offsets into the source's text.
    pub start: usize,
    pub end: usize,
    /// Who recorded the claim or stance, and when (UTC, RFC 3339): its event's author and time.
    pub by: String,
    pub at: String,
}

impl Reader<'_> {
    /// The anchored quotes in one source's text that stand (claims not
    /// withdrawn; current stances), claims' first, each in id order.
    pub fn anchored_quotes(&self, source: Id) -> Result<Vec<AnchoredQuote>> {
        let offset = |v: i64| usize::try_from(v).unwrap_or(0);
        let mut quotes = Vec::new();
        let mut claims = self.conn.prepare_cached(
            "SELECT c.id, c.text, c.quote_start, c.quote_end, e.author, e.at
             FROM claims c JOIN events e ON e.seq = c.event_seq
             WHERE c.source_id = ?1 AND c.quote_start IS NOT NULL AND c.withdrawn_seq IS NULL ORDER BY c.id",
        )?;
        let mut rows = claims.query([source])?;
        while let Some(r) = rows.next()? {
            quotes.push(AnchoredQuote {
                claim: r.get(0)?,
                claim_text: r.get(1)?,
                stance: None,
                start: offset(r.get(2)?),
                end: offset(r.get(3)?),
                by: r.get(4)?,
                at: r.get(5)?,
            });
        }
        let mut stances = self.conn.prepare_cached(
            "SELECT t.claim_id, c.text, t.id, t.stance, a.name, t.quote_start, t.quote_end, e.author, e.at
             FROM stances t JOIN claims c ON c.id = t.claim_id JOIN actors a ON a.id = t.actor_id
               JOIN events e ON e.seq = t.event_seq
             WHERE t.source_id = ?1 AND t.quote_start IS NOT NULL AND t.superseded_by IS NULL
               AND t.retracted_seq IS NULL AND c.withdrawn_seq IS NULL
             ORDER BY t.id",
        )?;
        let mut rows = stances.query([source])?;
        while let Some(r) = rows.next()? {
            quotes.push(AnchoredQuote {
                claim: r.get(0)?,
                claim_text: r.get(1)?,
                stance: Some((r.get(2)?, super::records::word(r, 3)?, r.get(4)?)),
                start: offset(r.get(5)?),
                end: offset(r.get(6)?),
                by: r.get(7)?,
                at: r.get(8)?,
            });
        }
        Ok(quotes)
    }
}
