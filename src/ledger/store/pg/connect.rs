//! Reaching the server: the address, the password, TLS.

use crate::error::{Error, Result};

/// A server ledger's address as given; it never holds a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServerUrl {
    pub user: String,
    pub host: String,
    pub port: u16,
    pub dbname: String,
}

impl ServerUrl {
    pub(crate) fn parse(text: &str) -> Option<Result<ServerUrl>> {
        let rest = text.strip_prefix("postgresql://").or_else(|| text.strip_prefix("postgres://"))?;
        let (auth, rest) = rest.split_once('@')?;
        let (hostport, db) = rest.split_once('/')?;
        let (host, port) = hostport.split_once(':').unwrap_or((hostport, "5432"));
        Some(Ok(ServerUrl {
            user: auth.to_string(),
            host: host.to_string(),
            port: port.parse().ok()?,
            dbname: db.to_string(),
        }))
    }

    pub(crate) fn display(&self) -> String {
        format!("postgresql://{}@{}:{}/{}", self.user, self.host, self.port, self.dbname)
    }
}

pub(crate) fn connect(url: &ServerUrl) -> Result<postgres::Client> {
    let mut config = postgres::Config::new();
    config.user(&url.user).host(&url.host).port(url.port).dbname(&url.dbname);
    config.connect(postgres::NoTls).map_err(|e| error(url, e))
}

pub(crate) fn error(url: &ServerUrl, e: postgres::Error) -> Error {
    Error::Ledger { message: format!("the desk server at {}: {e}", url.display()), hint: None }
}
