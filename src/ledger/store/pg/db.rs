//! Statements written for both stores, run on the server: `?N` parameters
//! become PostgreSQL's `$N`, and each statement is prepared once per write.

use std::cell::RefCell;
use std::collections::HashMap;

use postgres::types::Type;
use postgres::{Row, Statement, Transaction};
use rusqlite::types::Value;

use super::ServerUrl;
use super::connect;
use crate::error::Result;
use crate::ledger::store::{Db, Param};

/// A write's transaction on the server, as a [`Db`].
pub(crate) struct PgDb<'t, 'c> {
    pub(crate) tx: RefCell<&'t mut Transaction<'c>>,
    prepared: RefCell<HashMap<&'static str, Statement>>,
    url: &'t ServerUrl,
}

impl<'t, 'c> PgDb<'t, 'c> {
    pub(crate) fn new(tx: &'t mut Transaction<'c>, url: &'t ServerUrl) -> PgDb<'t, 'c> {
        PgDb { tx: RefCell::new(tx), prepared: RefCell::new(HashMap::new()), url }
    }

    fn statement(&self, sql: &'static str) -> Result<Statement> {
        if let Some(stmt) = self.prepared.borrow().get(sql) {
            return Ok(stmt.clone());
        }
        let stmt = self.tx.borrow_mut().prepare(&numbered(sql)).map_err(|e| connect::error(self.url, e))?;
        self.prepared.borrow_mut().insert(sql, stmt.clone());
        Ok(stmt)
    }
}

impl Db for PgDb<'_, '_> {
    fn exec(&self, sql: &'static str, params: &[&dyn Param]) -> Result<usize> {
        let stmt = self.statement(sql)?;
        let params: Vec<&(dyn postgres::types::ToSql + Sync)> = params.iter().map(|p| *p as _).collect();
        let changed = self.tx.borrow_mut().execute(&stmt, &params).map_err(|e| connect::error(self.url, e))?;
        Ok(changed as usize)
    }

    fn rows(&self, sql: &'static str, params: &[&dyn Param]) -> Result<Vec<Vec<Value>>> {
        let stmt = self.statement(sql)?;
        let params: Vec<&(dyn postgres::types::ToSql + Sync)> = params.iter().map(|p| *p as _).collect();
        let rows = self.tx.borrow_mut().query(&stmt, &params).map_err(|e| connect::error(self.url, e))?;
        rows.iter().map(|r| cells(r, self.url)).collect()
    }
}

/// A row's cells as SQLite holds the same values.
pub(crate) fn cells(row: &Row, url: &ServerUrl) -> Result<Vec<Value>> {
    (0..row.len()).map(|i| cell(row, i).map_err(|e| connect::error(url, e))).collect()
}

fn cell(row: &Row, i: usize) -> Result<Value, postgres::Error> {
    let ty = row.columns()[i].type_();
    Ok(if *ty == Type::INT8 {
        row.try_get::<_, Option<i64>>(i)?.map_or(Value::Null, Value::Integer)
    } else if *ty == Type::INT4 {
        row.try_get::<_, Option<i32>>(i)?.map_or(Value::Null, |v| Value::Integer(v.into()))
    } else if *ty == Type::FLOAT8 {
        row.try_get::<_, Option<f64>>(i)?.map_or(Value::Null, Value::Real)
    } else if *ty == Type::BYTEA {
        row.try_get::<_, Option<Vec<u8>>>(i)?.map_or(Value::Null, Value::Blob)
    } else if *ty == Type::BOOL {
        row.try_get::<_, Option<bool>>(i)?.map_or(Value::Null, |b| Value::Integer(b.into()))
    } else {
        row.try_get::<_, Option<String>>(i)?.map_or(Value::Null, Value::Text)
    })
}

/// A statement with SQLite's `?N` parameters as PostgreSQL's `$N`. Our
/// statements hold no `?` inside their string literals.
pub(crate) fn numbered(sql: &str) -> String {
    sql.replace('?', "$")
}

#[cfg(test)]
mod tests {
    #[test]
    fn parameters_are_numbered_for_the_server() {
        assert_eq!(super::numbered("SELECT ?1, ?2 WHERE a = ?1"), "SELECT $1, $2 WHERE a = $1");
    }
}
