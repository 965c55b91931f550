//! `config`: the ledger's settings (who publishes its checks), kept in its
//! history like every other change.

use std::io::Write;

use clap::{Args, Subcommand};

use super::rows::SettingRow;
use super::{Context, RecordArgs};
use crate::error::Result;
use crate::model::{Setting, SettingChange};
use crate::output::{OutputArgs, RowWriter};

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Set a setting: publisher.name (who publishes the checks), publisher.url (where)
    Set(SetArgs),
    /// Unset a setting
    Unset(UnsetArgs),
    /// Show the settings that are set
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// The setting
    #[arg(value_enum)]
    pub name: Setting,
    /// Its value
    pub value: String,
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Debug, Args)]
pub struct UnsetArgs {
    /// The setting
    #[arg(value_enum)]
    pub name: Setting,
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(ctx: &Context, command: ConfigCommand, out: &mut dyn Write) -> Result<()> {
    let (name, value) = match command {
        ConfigCommand::Show(args) => {
            let ledger = ctx.open_read()?;
            let mut rows = RowWriter::<SettingRow>::new(out, args.output.format, ctx.style);
            for (name, value) in ledger.read().settings()? {
                rows.write(&SettingRow { name: name.to_string(), value })?;
            }
            return rows.finish();
        }
        ConfigCommand::Set(args) => (args.name, Some(args.value)),
        ConfigCommand::Unset(args) => (args.name, None),
    };
    let mut ledger = ctx.open_write()?;
    let changed = ledger.write(&ctx.author, &ctx.clock, |w| {
        w.set_setting(SettingChange { name, value, by: String::new(), at: String::new() })
    })?;
    if changed.is_none() {
        crate::say!("{name} is so already; nothing changed");
    }
    Ok(())
}
