//! The command line: global options and the command tree, and the dispatch
//! from a parsed command to its module in `cmd/`. Each command's arguments
//! live beside its code; their doc comments are the help.

use std::io::Write;
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand};

use crate::cmd::{self, Context, RecordArgs};
use crate::error::Result;
use crate::model::StanceKind;
use crate::output::Style;

/// The heading of the options every command takes, and of `--as` (which
/// every command that records a change takes).
const GLOBAL: &str = "Global options";

/// A fact-check ledger: record the checkable claims of an article, who asserts
/// and who disputes each one and where, annotate and rate them, and report the
/// contested ones. One SQLite file, every change in a SHA-256 hash chain.
#[derive(Debug, Parser)]
#[command(name = "claimledger", version, max_term_width = 100, after_help = after_help())]
pub struct Cli {
    /// The ledger file, or a desk server's ledger: postgresql://USER@HOST[:PORT]/DB (docs/desk.md)
    #[arg(
        long,
        global = true,
        env = "CLAIMLEDGER_DB",
        hide_env_values = true,
        default_value = "claimledger.db",
        value_name = "PATH",
        help_heading = GLOBAL
    )]
    pub db: PathBuf,

    /// No progress bars (they only ever show on a terminal, for work that takes a while)
    #[arg(long, short = 'q', global = true, help_heading = GLOBAL)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
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
    /// Retract a stance
    #[command(subcommand)]
    Stance(cmd::stance::StanceCommand),
    /// Add a note to a claim
    Note(cmd::annotate::NoteArgs),
    /// Tag a claim
    Tag(cmd::annotate::TagArgs),
    /// Remove tags from a claim
    Untag(cmd::annotate::UntagArgs),
    /// Rate a claim: true, mostly-true, mixed, mostly-false, false or unproven
    Verdict(cmd::annotate::VerdictArgs),
    /// Retract a note, tag or verdict
    #[command(subcommand)]
    Annotation(cmd::annotate::AnnotationCommand),
    /// Link two claims: contradicts, supports, same-as, part-of
    Link(cmd::link::LinkArgs),
    /// Remove a link between claims
    Unlink(cmd::link::UnlinkArgs),
    /// Set where a claim stands on the desk: unchecked, in-progress, checked, published
    Status(cmd::link::StatusArgs),
    /// Report the contested claims: disputed across camps, or in conflict with another claim (figures or
    /// answers that cannot both be true, or a contradicts link)
    Contested(cmd::contested::ContestedArgs),
    /// The figures claimed on each question, with their range and the most conservative
    Figures(cmd::contested::FiguresArgs),
    /// Load a claims file (TOML) into the ledger, creating the ledger if needed
    Import(cmd::import::ImportArgs),
    /// A source's check-worthy sentences, who says and who disputes each, their figures; or a draft claims
    /// file of them
    Suggest(cmd::suggest::SuggestArgs),
    /// Export the ledger as a claims file, or its records as CSV or JSON
    Export(cmd::export::ExportArgs),
    /// Write one self-contained HTML page a reader can check: the contested claims, who says what, the
    /// figures, the sources
    Report(cmd::report::ReportArgs),
    /// Show the history: every change, oldest first (or one claim's)
    Log(cmd::log::LogArgs),
    /// Check the hash chain and that every table matches the history
    Verify(cmd::verify::VerifyArgs),
    /// Merge this ledger's records into another ledger, a server's or a file: idempotent
    Push(cmd::sync::PushArgs),
    /// Make or extend this ledger file as a verbatim mirror of a server ledger
    Pull(cmd::sync::PullArgs),
    /// The ledger's settings: who publishes its checks, and where
    #[command(subcommand)]
    Config(cmd::config::ConfigCommand),
    /// Print a completion script for a shell: bash, zsh, fish, powershell or elvish
    Completions(cmd::completions::CompletionsArgs),
    /// Print the manual page (roff), or write a page for every command into a folder
    Man(cmd::man::ManArgs),
}

/// A few command lines and what each does: the end of `claimledger --help`, and the man page's EXAMPLES.
pub(crate) const EXAMPLES: &[(&str, &str)] = &[
    ("claimledger import claims/ashraf3-raid.toml", "Load a claims file (makes the ledger if missing)"),
    ("claimledger contested", "The contested claims, as a table"),
    ("claimledger claim show raid-deaths", "A claim's dossier: stances, notes, history"),
    ("claimledger tag raid-deaths todo --as ana", "Tag a claim, and say who tagged it"),
    ("claimledger export contested --bom -o sheet.csv", "The contested claims, for Excel"),
    ("claimledger verify", "Check the history and every table against it"),
];

/// The end of `claimledger --help`: a few examples, and the exit codes.
fn after_help() -> String {
    let width = EXAMPLES.iter().map(|(line, _)| line.len()).max().unwrap_or(0);
    let examples: String = EXAMPLES.iter().map(|(line, what)| format!("\n  {line:<width$}  {what}")).collect();
    format!("Examples:{examples}\n\n{}", crate::error::exit_codes_help())
}

impl Command {
    /// Who records the change, for a command that records one: `--as`.
    fn record(&self) -> Option<&RecordArgs> {
        use cmd::actor::ActorCommand as A;
        use cmd::annotate::AnnotationCommand as N;
        use cmd::claim::ClaimCommand as C;
        use cmd::config::ConfigCommand as G;
        use cmd::source::SourceCommand as S;
        use cmd::stance::StanceCommand as T;
        match self {
            Command::Source(S::Add(a)) => Some(&a.record),
            Command::Source(S::Amend(a)) => Some(&a.record),
            Command::Source(S::List(_) | S::Show(_)) => None,
            Command::Actor(A::Add(a)) => Some(&a.record),
            Command::Actor(A::Amend(a)) => Some(&a.record),
            Command::Actor(A::List(_) | A::Show(_)) => None,
            Command::Claim(C::Add(a)) => Some(&a.record),
            Command::Claim(C::Amend(a)) => Some(&a.record),
            Command::Claim(C::Withdraw(a)) => Some(&a.record),
            Command::Claim(C::Restore(a)) => Some(&a.record),
            Command::Claim(C::List(_) | C::Show(_)) => None,
            Command::Assert(a) | Command::Dispute(a) => Some(&a.record),
            Command::Stance(T::Retract(a)) => Some(&a.record),
            Command::Note(a) => Some(&a.record),
            Command::Tag(a) => Some(&a.record),
            Command::Untag(a) => Some(&a.record),
            Command::Verdict(a) => Some(&a.record),
            Command::Annotation(N::Retract(a)) => Some(&a.record),
            Command::Link(a) => Some(&a.record),
            Command::Unlink(a) => Some(&a.record),
            Command::Status(a) => Some(&a.record),
            Command::Import(a) => Some(&a.record),
            Command::Push(a) => Some(&a.record),
            Command::Config(G::Set(a)) => Some(&a.record),
            Command::Config(G::Unset(a)) => Some(&a.record),
            Command::Config(G::Show(_)) => None,
            // An empty ledger holds no history, so nobody records anything.
            Command::Init => None,
            Command::Contested(_)
            | Command::Figures(_)
            | Command::Export(_)
            | Command::Suggest(_)
            | Command::Log(_)
            | Command::Verify(_)
            | Command::Pull(_)
            | Command::Report(_)
            | Command::Completions(_)
            | Command::Man(_) => None,
        }
    }
}

impl Cli {
    /// Runs the command, printing records to `out`.
    pub fn run(self, out: &mut dyn Write) -> Result<()> {
        crate::ledger::tune_sqlite();
        let record = self.command.record();
        let (records, author) = (record.is_some(), record.and_then(|r| r.author.clone()));
        let ctx = Context::new(self.db, author, records, Style::detect(), self.quiet)?;
        let result = match self.command {
            Command::Init => cmd::init(&ctx),
            Command::Source(c) => cmd::source::run(&ctx, c, out),
            Command::Actor(c) => cmd::actor::run(&ctx, c, out),
            Command::Claim(c) => cmd::claim::run(&ctx, c, out),
            Command::Assert(args) => cmd::stance::run(&ctx, StanceKind::Asserts, args, out),
            Command::Dispute(args) => cmd::stance::run(&ctx, StanceKind::Disputes, args, out),
            Command::Stance(c) => cmd::stance::command(&ctx, c),
            Command::Note(args) => cmd::annotate::note(&ctx, args, out),
            Command::Tag(args) => cmd::annotate::tag(&ctx, args, out),
            Command::Untag(args) => cmd::annotate::untag(&ctx, args, out),
            Command::Verdict(args) => cmd::annotate::verdict(&ctx, args, out),
            Command::Annotation(c) => cmd::annotate::command(&ctx, c),
            Command::Link(args) => cmd::link::link(&ctx, args, out),
            Command::Unlink(args) => cmd::link::unlink(&ctx, args),
            Command::Status(args) => cmd::link::status(&ctx, args, out),
            Command::Contested(args) => cmd::contested::contested(&ctx, args, out),
            Command::Figures(args) => cmd::contested::figures(&ctx, args, out),
            Command::Import(args) => cmd::import::run(&ctx, args),
            Command::Suggest(args) => cmd::suggest::run(&ctx, args, out),
            Command::Export(args) => cmd::export::run(&ctx, args, out),
            Command::Report(args) => cmd::report::run(&ctx, args, out),
            Command::Log(args) => cmd::log::run(&ctx, args, out),
            Command::Verify(args) => cmd::verify::run(&ctx, args, out),
            Command::Push(args) => cmd::sync::push(&ctx, args),
            Command::Pull(args) => cmd::sync::pull(&ctx, args),
            Command::Config(c) => cmd::config::run(&ctx, c, out),
            Command::Completions(args) => cmd::completions::run(args, Cli::command(), out),
            Command::Man(args) => cmd::man::run(args, Cli::command(), out),
        };
        if let Some((clock, recorded)) = ctx.clock.held_back() {
            crate::say!(
                "note: this machine's clock ({clock}) is behind the ledger's newest change; recorded at {recorded}, that change's time"
            );
        }
        result
    }
}

/// A field of the model as the command line names it: its option (`--duplicate-of`).
pub fn option(field: crate::model::Field) -> String {
    format!("--{}", field.name().replace('_', "-"))
}
