//! A ledger on a PostgreSQL server, shared by a desk.

pub(crate) mod connect;
