//! The command line: global options and the command tree. Each command's
//! arguments live beside its code in `cmd/`; their doc comments are the help.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::cmd;
use crate::output::Format;

/// A fact-check ledger: record the checkable claims of an article, who asserts
/// and who disputes each one and where, annotate and rate them, and report the
/// contested ones. One SQLite file, every change in a SHA-256 hash chain.
#[derive(Debug, Parser)]
#[command(name = "claimledger", version, max_term_width = 100)]
pub struct Cli {
    /// The ledger file
    #[arg(
        long,
        global = true,
        env = "CLAIMLEDGER_DB",
        hide_env_values = true,
        default_value = "claimledger.db",
        value_name = "PATH"
    )]
    pub db: PathBuf,

    /// Who records the changes [default: $CLAIMLEDGER_USER, else the login name]
    #[arg(long = "as", global = true, value_name = "NAME")]
    pub author: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

/// The output option shared by every command that prints records.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct OutputArgs {
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an empty ledger
    Init,
    /// Add, list and show sources: documents where claims and stances appear
    #[command(subcommand)]
    Source(cmd::source::SourceCommand),
    /// Add, list and show actors: people and bodies that assert or dispute
    #[command(subcommand)]
    Actor(cmd::actor::ActorCommand),
    /// Add, list and show claims
    #[command(subcommand)]
    Claim(cmd::claim::ClaimCommand),
    /// Record that an actor asserts a claim
    Assert(cmd::stance::StanceArgs),
    /// Record that an actor disputes a claim
    Dispute(cmd::stance::StanceArgs),
    /// Add a note to a claim
    Note(cmd::annotate::NoteArgs),
    /// Tag a claim
    Tag(cmd::annotate::TagArgs),
    /// Rate a claim: true, mostly-true, mixed, mostly-false, false or unproven
    Verdict(cmd::annotate::VerdictArgs),
    /// Report the contested claims: disputed across camps, or in conflict with another figure
    Contested(cmd::contested::ContestedArgs),
    /// The figures claimed on each question, with their range and the most conservative
    Figures(cmd::contested::FiguresArgs),
    /// Load a claims file (TOML) into the ledger, creating the ledger if needed
    Import(cmd::import::ImportArgs),
    /// Export the ledger as a claims file, or its records as CSV or JSON
    Export(cmd::export::ExportArgs),
    /// Show the history: every change, oldest first (or one claim's)
    Log(cmd::log::LogArgs),
    /// Check the hash chain and that every table matches the history
    Verify(cmd::verify::VerifyArgs),
}
