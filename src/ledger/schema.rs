//! The schema a ledger must have: exactly the objects this version's
//! migrations create. A ledger is a file anyone can hand over; a trigger or a
//! rewritten view in it would run on our reads and writes. So every open
//! compares the file's schema with ours, and anything extra, missing or
//! altered keeps commands away (and `verify` names it).

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::migrate;
use crate::error::Result;

/// One entry of `sqlite_schema`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Object {
    kind: String,
    name: String,
    table: String,
    /// None for SQLite's own indexes.
    sql: Option<String>,
    /// A full-text table's shadow table: declared by the SQLite build rather
    /// than by us, so left out of the digests of older versions (made by
    /// other builds), yet compared with what this build declares, since a
    /// changed declaration breaks writes.
    shadow: bool,
}

/// A way the file's schema differs from this version's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The object's name.
    pub name: String,
    /// "extra trigger 'x' on table claims", "view 'contested_claims' differs from this version's", ...
    pub description: String,
}

/// SHA-256 over this version's schema objects, as [`digest`] computes it: the
/// quick check on every open. The test `the_expected_digest_is_current` keeps
/// it true; when the schema changes, that test prints the new value.
const EXPECTED_DIGEST: &str = "a53b18998e086d233aaeeeb8128a66eea275d039e47cfcfe20e347b467e3000c";

/// The schema objects of `conn`'s main database, in name order. Statistics
/// tables (made by ANALYZE) only guide the query planner and are left out,
/// when they are exactly SQLite's: anything else named like them (a trigger
/// called `sqlite_stat_copy`) is an object like any other.
/// Shadow tables of a full-text table (`claims_fts_data`, ...) are told by
/// their names, as FTS5 names them: asking SQLite which tables are shadow
/// tables (`pragma_table_list`) compiles every view, and costs more than the
/// rest of opening a ledger.
fn objects(conn: &Connection) -> Result<Vec<Object>> {
    let mut stmt = conn.prepare(
        "SELECT s.type, s.name, s.tbl_name, s.sql,
                s.type = 'table' AND EXISTS (
                    SELECT 1 FROM sqlite_schema v
                    WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE % USING fts5%'
                      AND s.name IN (v.name || '_data', v.name || '_idx', v.name || '_content',
                                     v.name || '_docsize', v.name || '_config'))
         FROM sqlite_schema s
         WHERE NOT (s.type = 'table'
                    AND (s.name, s.sql) IN (VALUES ('sqlite_stat1', 'CREATE TABLE sqlite_stat1(tbl,idx,stat)'),
                                               ('sqlite_stat4', 'CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)')))
         ORDER BY s.name, s.type",
    )?;
    let rows = stmt.query_map([], |r| {
        let shadow: bool = r.get(4)?;
        Ok(Object { kind: r.get(0)?, name: r.get(1)?, table: r.get(2)?, sql: r.get(3)?, shadow })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// SHA-256 over the objects, with the shadow tables' declarations or without.
fn digest(objects: &[Object], shadow_declarations: bool) -> String {
    let mut hasher = Sha256::new();
    for o in objects {
        let sql = if o.shadow && !shadow_declarations { "" } else { o.sql.as_deref().unwrap_or("") };
        for field in [&o.kind, &o.name, &o.table, sql] {
            hasher.update(field.as_bytes());
            hasher.update([0]);
        }
    }
    hex::encode(hasher.finalize())
}

/// The digest of `conn`'s schema, to compare with a known older version's.
pub(super) fn digest_of(conn: &Connection) -> Result<String> {
    Ok(digest(&objects(conn)?, false))
}

/// What this version's migrations create, built in a scratch database.
fn expected() -> Result<Vec<Object>> {
    let scratch = Connection::open_in_memory()?;
    migrate::create_schema(&scratch)?;
    objects(&scratch)
}

/// Every way `conn`'s schema differs from this version's; empty when it is the same.
pub fn differences(conn: &Connection) -> Result<Vec<Difference>> {
    let found = objects(conn)?;
    if digest(&found, true) == EXPECTED_DIGEST {
        return Ok(Vec::new());
    }
    let wanted = expected()?;
    let mut differences = Vec::new();
    let on = |o: &Object| if o.table != o.name { format!(" on {}", o.table) } else { String::new() };
    for o in &found {
        match wanted.iter().find(|w| w.name == o.name) {
            None => differences.push(Difference {
                name: o.name.clone(),
                description: format!("extra {} '{}'{}", o.kind, o.name, on(o)),
            }),
            Some(w) if w != o => differences.push(Difference {
                name: o.name.clone(),
                description: format!("{} '{}' differs from this version's", o.kind, o.name),
            }),
            Some(_) => {}
        }
    }
    for w in &wanted {
        if !found.iter().any(|o| o.name == w.name) {
            differences
                .push(Difference { name: w.name.clone(), description: format!("{} '{}' is missing", w.kind, w.name) });
        }
    }
    Ok(differences)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_expected_digest_is_current() {
        let actual = digest(&expected().unwrap(), true);
        assert_eq!(
            actual, EXPECTED_DIGEST,
            "the schema changed: set EXPECTED_DIGEST in src/ledger/schema.rs to {actual}"
        );
    }

    #[test]
    fn extra_missing_and_altered_objects_are_named() {
        let conn = Connection::open_in_memory().unwrap();
        migrate::create_schema(&conn).unwrap();
        assert!(differences(&conn).unwrap().is_empty());
        conn.execute_batch(
            "CREATE TRIGGER evil BEFORE INSERT ON claims BEGIN SELECT RAISE(IGNORE); END;
             DROP INDEX claims_by_topic;
             DROP VIEW contested_claims; CREATE VIEW contested_claims(claim_id) AS SELECT claim_id FROM conflicts;",
        )
        .unwrap();
        let found: Vec<String> = differences(&conn).unwrap().into_iter().map(|d| d.description).collect();
        assert_eq!(
            found,
            [
                "view 'contested_claims' differs from this version's",
                "extra trigger 'evil' on claims",
                "index 'claims_by_topic' is missing",
            ]
        );
    }
}
