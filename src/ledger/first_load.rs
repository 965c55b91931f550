//! The first write to an empty ledger, usually the import of a whole claims
//! file, loads it in bulk: the secondary indexes that only serve reports
//! are set aside and built once at the end, as is the full-text index. Built
//! from sorted data at the end, they cost a fraction of keeping them row by
//! row. The indexes the writer's own rules look things up by (keys, names,
//! current stances, tags) stay. All of it happens in the write's own
//! transaction: a rolled-back load leaves the schema as it was.

use rusqlite::Connection;

use crate::error::Result;

/// Indexes no rule of a write reads, only reports.
const SET_ASIDE: [&str; 6] = [
    "claims_by_about",
    "claims_by_source",
    "claims_by_topic",
    "stances_by_claim",
    "stances_by_actor",
    "stances_by_source",
];

/// The indexes set aside for a load, with the statements that make them.
pub(super) struct SetAside {
    statements: Vec<String>,
}

impl SetAside {
    /// Drops the indexes, keeping their statements as the schema holds them,
    /// so the ledger's schema comes out exactly as it was.
    pub(super) fn drop_indexes(conn: &Connection) -> Result<SetAside> {
        let mut statements = Vec::new();
        let mut find = conn.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1")?;
        for name in SET_ASIDE {
            let sql: String = find.query_row([name], |r| r.get(0))?;
            conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
            statements.push(sql);
        }
        Ok(SetAside { statements })
    }

    /// Builds the indexes again, and the full-text index from the claims.
    pub(super) fn build(self, conn: &Connection) -> Result<()> {
        for sql in &self.statements {
            conn.execute_batch(sql)?;
        }
        conn.execute_batch("INSERT INTO claims_fts (claims_fts) VALUES ('rebuild')")?;
        Ok(())
    }
}
