//! Where a ledger lives: a file (SQLite) or a desk server (PostgreSQL).
//! Every rule, the history's encoding, the chain and replay are written
//! once above this seam; below it, what each store does its own way.
//!
//! [`Db`] is what applying a change needs of a store: statements written
//! once, with numbered parameters (`?1`), run on either.

pub(crate) mod pg;

use rusqlite::types::Value;

use crate::error::Result;

/// A statement's parameter, bindable on either store.
pub(crate) trait Param: rusqlite::ToSql + postgres::types::ToSql + Sync {}

impl<T: rusqlite::ToSql + postgres::types::ToSql + Sync> Param for T {}

/// Parameters for [`Db`]: `args![a, b]`.
macro_rules! args {
    ($($arg:expr),* $(,)?) => {
        &[$(&$arg as &dyn $crate::ledger::store::Param),*]
    };
}
pub(crate) use args;

/// Runs statements on a store, inside the transaction the caller holds.
pub(crate) trait Db {
    /// Runs a statement; the number of rows it changed.
    fn exec(&self, sql: &'static str, params: &[&dyn Param]) -> Result<usize>;
    /// Runs a query; its rows, each a list of cells.
    fn rows(&self, sql: &'static str, params: &[&dyn Param]) -> Result<Vec<Vec<Value>>>;
}

impl Db for rusqlite::Connection {
    fn exec(&self, sql: &'static str, params: &[&dyn Param]) -> Result<usize> {
        let params = rusqlite::params_from_iter(params.iter().map(|p| *p as &dyn rusqlite::ToSql));
        Ok(self.prepare_cached(sql)?.execute(params)?)
    }

    fn rows(&self, sql: &'static str, params: &[&dyn Param]) -> Result<Vec<Vec<Value>>> {
        let params = rusqlite::params_from_iter(params.iter().map(|p| *p as &dyn rusqlite::ToSql));
        let mut stmt = self.prepare_cached(sql)?;
        let width = stmt.column_count();
        let rows = stmt.query_map(params, |r| (0..width).map(|i| r.get::<_, Value>(i)).collect())?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A cell as an id, when it holds one.
pub(crate) fn int(cell: &Value) -> Option<i64> {
    match cell {
        Value::Integer(i) => Some(*i),
        _ => None,
    }
}

/// A cell as text, when it holds text.
pub(crate) fn text(cell: &Value) -> Option<&str> {
    match cell {
        Value::Text(t) => Some(t),
        _ => None,
    }
}
