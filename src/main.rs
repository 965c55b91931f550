use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use claimledger::cli::Cli;
use claimledger::output::visible;

fn main() -> ExitCode {
    let cli = Cli::parse(); // clap prints usage errors itself and exits 2
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = cli.run(&mut out).and_then(|()| out.flush().map_err(claimledger::Error::Output));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`| head`): what it wanted, it got.
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            drop(out);
            // Messages quote what the user gave, which may hold terminal controls.
            eprintln!("claimledger: error: {}", visible(&e.to_string(), false));
            if let Some(hint) = e.hint() {
                eprintln!("hint: {}", visible(hint, false));
            }
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
