//! The file's own structure. SQLite's quick check reads every page: the
//! b-trees, the free list, NOT NULL and CHECK constraints. What it leaves
//! out, whether each index holds exactly its table's rows, is checked here
//! with one scan of each table and one of each index. SQLite's full
//! integrity check, which looks every row up in every index, misses an
//! index that holds an entry too many (a partial index still naming a row
//! its condition no longer keeps), and reads through such an index give
//! wrong answers: the index of current stances would still list a
//! retracted one.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher, RandomState};

use rusqlite::Connection;
use rusqlite::types::ValueRef;

use crate::error::Result;
use crate::ledger::migrate;

/// What SQLite's quick check and the index check find, at most 100 lines;
/// empty when the file is sound.
pub(super) fn file_integrity(disk: &Connection) -> Result<Vec<String>> {
    let mut stmt = disk.prepare("PRAGMA quick_check(100)")?;
    let lines: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let found: Vec<String> = lines.into_iter().filter(|l| l != "ok").collect();
    // Pages that do not hold together make any scan's answer meaningless.
    if !found.is_empty() {
        return Ok(found);
    }
    index_problems(disk)
}

/// An index as this version declares it.
struct Index {
    name: String,
    table: String,
    /// Its key columns, in order.
    columns: Vec<String>,
    /// A partial index's condition, as this version's schema writes it.
    condition: Option<String>,
}

/// Each of this version's indexes whose declaration in the file is exactly
/// this version's (any other is a schema difference, reported as one):
/// every column and condition comes from the code's schema, never from the file.
fn indexes(disk: &Connection) -> Result<Vec<Index>> {
    let ours = Connection::open_in_memory()?;
    migrate::create_schema(&ours)?;
    let declared = |conn: &Connection| -> Result<HashMap<String, (String, Option<String>)>> {
        let mut stmt = conn.prepare("SELECT name, tbl_name, sql FROM main.sqlite_schema WHERE type = 'index'")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let (wanted, found) = (declared(&ours)?, declared(disk)?);
    let mut indexes = Vec::new();
    for (name, (table, sql)) in wanted {
        if found.get(&name) != Some(&(table.clone(), sql.clone())) {
            continue;
        }
        let mut stmt = ours.prepare("SELECT name FROM pragma_index_xinfo(?1) WHERE key = 1 ORDER BY seqno")?;
        let columns: Vec<Option<String>> = stmt.query_map([&name], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        // The schema indexes columns only; an expression would have no name.
        let Some(columns) = columns.into_iter().collect::<Option<Vec<String>>>() else { continue };
        let condition = sql.as_deref().and_then(|s| s.split_once(" WHERE ")).map(|(_, c)| c.trim().to_string());
        indexes.push(Index { name, table, columns, condition });
    }
    indexes.sort_by(|a, b| (&a.table, &a.name).cmp(&(&b.table, &b.name)));
    Ok(indexes)
}

/// What a set of rows adds up to: their number, and the sum and exclusive or
/// of a hash of each, keyed afresh for each run so that no edit can be made
/// to add up the same.
#[derive(Default, PartialEq, Eq, Clone, Copy)]
struct Tally {
    rows: u64,
    sum: u64,
    xor: u64,
}

impl Tally {
    fn add(&mut self, hash: u64) {
        self.rows += 1;
        self.sum = self.sum.wrapping_add(hash);
        self.xor ^= hash;
    }
}

/// The hash of columns `cells` of a row: an index's columns and the rowid
/// after them.
fn cells_hash(key: &RandomState, row: &rusqlite::Row<'_>, cells: std::ops::RangeInclusive<usize>) -> Result<u64> {
    let mut h = key.build_hasher();
    for i in cells {
        match row.get_ref(i)? {
            ValueRef::Null => 0u8.hash(&mut h),
            ValueRef::Integer(v) => (1u8, v).hash(&mut h),
            ValueRef::Real(v) => (2u8, v.to_bits()).hash(&mut h),
            ValueRef::Text(v) => (3u8, v).hash(&mut h),
            ValueRef::Blob(v) => (4u8, v).hash(&mut h),
        }
    }
    Ok(h.finish())
}

/// Every index whose entries are not exactly its table's rows (those its
/// condition keeps): one scan of each table for all of its indexes, and one
/// of each index alone. Names come from this version's schema, never from input.
fn index_problems(disk: &Connection) -> Result<Vec<String>> {
    let key = RandomState::new();
    let indexes = indexes(disk)?;
    let mut problems = Vec::new();
    for table_indexes in indexes.chunk_by(|a, b| a.table == b.table) {
        let table = &table_indexes[0].table;
        // The table's rows, each as every index would hold it: the index's
        // columns, the rowid, and whether its condition keeps the row.
        let mut select = Vec::new();
        for index in table_indexes {
            select.extend(index.columns.iter().cloned());
            select.push("rowid".into());
            select.push(format!("({})", index.condition.as_deref().unwrap_or("1")));
        }
        let mut from_table = vec![Tally::default(); table_indexes.len()];
        let mut stmt = disk.prepare(&format!("SELECT {} FROM main.{table} NOT INDEXED", select.join(", ")))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let mut at = 0;
            for (tally, index) in from_table.iter_mut().zip(table_indexes) {
                let width = index.columns.len();
                if matches!(row.get_ref(at + width + 1)?, ValueRef::Integer(v) if v != 0) {
                    tally.add(cells_hash(&key, row, at..=at + width)?);
                }
                at += width + 2;
            }
        }
        for (index, expected) in table_indexes.iter().zip(from_table) {
            let columns = index.columns.join(", ");
            let condition = index.condition.as_deref().unwrap_or("1");
            let sql = format!("SELECT {columns}, rowid FROM main.{table} INDEXED BY {} WHERE {condition}", index.name);
            let mut stmt = disk.prepare(&sql)?;
            let mut rows = stmt.query([])?;
            let mut held = Tally::default();
            while let Some(row) = rows.next()? {
                held.add(cells_hash(&key, row, 0..=index.columns.len())?);
            }
            if held != expected {
                problems.push(format!(
                    "index {} does not hold exactly the rows of table {table} ({} entries for {} rows): it was edited",
                    index.name, held.rows, expected.rows
                ));
            }
        }
    }
    Ok(problems)
}
