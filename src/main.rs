use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use claimledger::Error;
use claimledger::cli::Cli;
use claimledger::output::visible;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => match e.kind() {
            // Help and version asked for, or a command group given without
            // its command: clap prints the help (exit 0, or 2 for the last).
            ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => e.exit(),
            _ => return fail(&Error::usage(&e)),
        },
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = cli.run(&mut out).and_then(|()| out.flush().map_err(Error::Output));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`| head`): what it wanted, it got.
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            drop(out);
            fail(&e)
        }
    }
}

/// Prints the error, one line and an optional hint, and gives its exit code.
fn fail(e: &Error) -> ExitCode {
    // Messages quote what the user gave, which may hold terminal controls.
    claimledger::say!("claimledger: error: {}", visible(&e.to_string(), false));
    if let Some(hint) = e.hint(claimledger::cli::option) {
        claimledger::say!("hint: {}", visible(&hint, false));
    }
    ExitCode::from(e.exit_code())
}
