//! What a write remembers of a large input, kept by SQLite rather than in
//! memory: a temporary table of keys and the claim each names (or none, for
//! a faulty one). Temporary tables live in the page cache and spill to a
//! temporary file, so the keys of a claims file of any size fit.

use rusqlite::OptionalExtension;

use super::Writer;
use crate::error::Result;
use crate::model::Id;

impl Writer<'_> {
    /// Starts an empty map of claim keys for this write.
    pub fn start_claim_keys(&self) -> Result<()> {
        self.tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS claim_keys_seen (key TEXT PRIMARY KEY, claim INTEGER) WITHOUT ROWID;
             DELETE FROM temp.claim_keys_seen;",
        )?;
        Ok(())
    }

    /// What a key (lowercase) names: nothing yet (None), a faulty claim
    /// (Some(None)), or a claim.
    pub fn claim_key(&self, key: &str) -> Result<Option<Option<Id>>> {
        Ok(self
            .tx
            .prepare_cached("SELECT claim FROM temp.claim_keys_seen WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    /// Notes that a key (lowercase) names `claim` (None for a faulty one).
    pub fn note_claim_key(&self, key: &str, claim: Option<Id>) -> Result<()> {
        self.tx
            .prepare_cached("INSERT OR REPLACE INTO temp.claim_keys_seen (key, claim) VALUES (?1, ?2)")?
            .execute(rusqlite::params![key, claim])?;
        Ok(())
    }

    /// How many of the ledger's claims no noted key names, each by its key
    /// or, without one, as `claim-<id>`.
    pub fn claims_without_noted_key(&self) -> Result<usize> {
        let count: i64 = self.tx.query_row(
            "SELECT count(*) FROM claims c
             WHERE NOT EXISTS (SELECT 1 FROM temp.claim_keys_seen k
                               WHERE k.key = lower(coalesce(c.key, 'claim-' || c.id)) AND k.claim = c.id)",
            [],
            |r| r.get(0),
        )?;
        Ok(count as usize)
    }
}
