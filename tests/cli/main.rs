//! Integration tests: the real binary on real ledgers in temp dirs.
//! One test binary, a module per capability.

mod fixture;

mod amend;
mod contested;
mod corrections;
mod crash;
mod damaged;
mod desk;
mod desk_connect;
mod docs;
mod examples;
mod expected;
mod export;
mod formats;
mod import;
mod layouts;
mod ledger_file;
mod props;
mod publish;
mod quotes;
mod records;
mod report;
mod rules;
mod server;
mod session;
mod shell;
mod since;
mod suggest;
mod tamper;
mod trust;
mod typing;
mod upgrade;
mod verify;
