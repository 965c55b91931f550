//! Where a ledger lives: a file (SQLite) or a desk server (PostgreSQL).
//! Every rule, the history's encoding, the chain and replay are written
//! once above this seam; below it, what each store does its own way.

pub(crate) mod pg;
