//! Reaching a desk server: its URL, the password (never in the URL), TLS,
//! and the server's errors as the one-line errors of the rest of the ledger.
//!
//! The Rust client reads no `PG*` variables and no `~/.pgpass` by itself:
//! what libpq users expect of a password file is done here, by libpq's rules.

use std::io::{BufRead, IsTerminal};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::error::{Error, Result};

/// The form of a server URL, for hints.
const FORM: &str = "a server is named postgresql://USER@HOST[:PORT]/DATABASE, with ?sslmode=disable, require or \
                    verify-full when the default is not wanted";

/// Where passwords come from, for messages.
const PASSWORD_SOURCES: &str = "put it in ~/.pgpass (mode 0600), a file named by CLAIMLEDGER_PASSWORD_FILE, or \
                                type it when asked";

/// Where passwords come from, for hints of failed authentication.
const WHERE_PASSWORDS_COME_FROM: &str = "passwords come from ~/.pgpass or PGPASSFILE (mode 0600), the file named \
                                         by CLAIMLEDGER_PASSWORD_FILE, or a prompt on a terminal";

/// How long to wait for a server that does not answer.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Whether and how the connection is encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tls {
    /// No TLS: the default on loopback (`127.0.0.1`, `::1`, `localhost`).
    Disable,
    /// TLS, the server's certificate not checked: safe from eavesdroppers,
    /// not from an impostor.
    Require,
    /// TLS, the server's certificate checked against the webpki roots (and
    /// `~/.postgresql/root.crt` when there is one) and for the host's name:
    /// the default for every host but loopback.
    VerifyFull,
}

impl Tls {
    /// Its name in `?sslmode=`.
    #[cfg(test)]
    pub(crate) fn name(self) -> &'static str {
        match self {
            Tls::Disable => "disable",
            Tls::Require => "require",
            Tls::VerifyFull => "verify-full",
        }
    }
}

/// A server ledger's address as given; it never holds a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServerUrl {
    pub user: String,
    pub host: String,
    pub port: u16,
    pub dbname: String,
    pub tls: Tls,
}

impl ServerUrl {
    /// `Some` when `text` names a server: it starts with `postgresql://` or
    /// `postgres://` (the scheme in any case); anything else, `./postgres://x`
    /// too, is a file path (`None`). `Some(Err(..))` for a malformed URL, or one
    /// with a password in it; no message repeats what could be a password.
    pub(crate) fn parse(text: &str) -> Option<Result<ServerUrl>> {
        ServerUrl::parse_with(text, default_user)
    }

    /// [`ServerUrl::parse`], with the user name a URL without one gets.
    fn parse_with(text: &str, default_user: impl FnOnce() -> Option<String>) -> Option<Result<ServerUrl>> {
        let rest = ["postgresql://", "postgres://"].iter().find_map(|scheme| {
            let head = text.get(..scheme.len())?;
            head.eq_ignore_ascii_case(scheme).then(|| &text[scheme.len()..])
        })?;
        Some(parse_rest(rest, default_user))
    }

    /// As messages show it: `postgresql://user@host:port/db`.
    pub(crate) fn display(&self) -> String {
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        format!("postgresql://{}@{host}:{}/{}", encode(&self.user), self.port, encode(&self.dbname))
    }
}

fn malformed(what: impl std::fmt::Display) -> Error {
    Error::Usage { message: format!("malformed server URL: {what}"), hint: Some(FORM.to_string()) }
}

fn password_refused() -> Error {
    Error::Usage {
        message: format!(
            "a password in the URL is refused: it would stay in shell history and `ps`; {PASSWORD_SOURCES}"
        ),
        hint: None,
    }
}

/// What follows the scheme. The password check comes first, before anything
/// could be quoted in a message: any `:` before the last `@` is taken for a
/// password (a `@` in a database name is written `%40`), as is a `password`
/// parameter.
fn parse_rest(rest: &str, default_user: impl FnOnce() -> Option<String>) -> Result<ServerUrl> {
    if rest.rfind('@').is_some_and(|at| rest[..at].contains(':')) {
        return Err(password_refused());
    }
    let (main, query) = rest.split_once('?').unwrap_or((rest, ""));
    let params: Vec<(&str, &str)> =
        query.split('&').filter(|p| !p.is_empty()).map(|p| p.split_once('=').unwrap_or((p, ""))).collect();
    if params.iter().any(|(key, _)| key.eq_ignore_ascii_case("password")) {
        return Err(password_refused());
    }
    if main.contains('#') || query.contains('#') {
        return Err(malformed("a '#' has no place in it"));
    }
    let Some((authority, path)) = main.split_once('/') else {
        return Err(malformed("it names no database"));
    };
    let (user, hostport) = match authority.rsplit_once('@') {
        Some((user, hostport)) => (Some(decode(user, "user name")?), hostport),
        None => (None, authority),
    };
    let (host, port) = split_host_port(hostport)?;
    let dbname = decode(path, "database name")?;
    if dbname.is_empty() {
        return Err(malformed("it names no database"));
    }
    if dbname.contains('/') {
        return Err(malformed("a database name has no '/' (write it %2F)"));
    }
    let mut tls = None;
    for (key, value) in params {
        match key {
            "sslmode" => {
                tls = Some(match value {
                    "disable" => Tls::Disable,
                    "require" => Tls::Require,
                    "verify-full" => Tls::VerifyFull,
                    _ => return Err(malformed(format!("sslmode is disable, require or verify-full, not '{value}'"))),
                })
            }
            _ => return Err(malformed(format!("the parameter '{key}' is not supported; sslmode is the only one"))),
        }
    }
    let user = match user {
        Some(user) if user.is_empty() => return Err(malformed("the user name before '@' is empty")),
        Some(user) => user,
        None => default_user().ok_or_else(|| Error::Usage {
            message: "the server URL names no user, and this process's user has no name".to_string(),
            hint: Some("name one: postgresql://USER@HOST/DATABASE".to_string()),
        })?,
    };
    let tls = tls.unwrap_or(if is_loopback(&host) { Tls::Disable } else { Tls::VerifyFull });
    Ok(ServerUrl { user, host, port, dbname, tls })
}

/// `HOST`, `HOST:PORT`, `[IPv6]` or `[IPv6]:PORT`.
fn split_host_port(hostport: &str) -> Result<(String, u16)> {
    let (host, port) = if let Some(bracketed) = hostport.strip_prefix('[') {
        let Some((host, after)) = bracketed.split_once(']') else {
            return Err(malformed("a '[' without its ']'"));
        };
        if host.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(malformed(format!("'{host}' in brackets is not an IPv6 address")));
        }
        match after {
            "" => (host, None),
            _ => match after.strip_prefix(':') {
                Some(port) => (host, Some(port)),
                None => return Err(malformed("after ']' comes ':PORT' or '/'")),
            },
        }
    } else {
        match hostport.split_once(':') {
            Some((_, port)) if port.contains(':') => {
                return Err(malformed("an IPv6 address is written in brackets: [::1]:5432"));
            }
            Some((host, port)) => (host, Some(port)),
            None => (hostport, None),
        }
    };
    if host.is_empty() {
        return Err(malformed("it names no host (a server is reached over TCP, never a local socket)"));
    }
    if host.contains(',') {
        return Err(malformed("one host only"));
    }
    if !host.contains(':') && !host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')) {
        return Err(malformed(format!("'{host}' is not a host name")));
    }
    let port = match port {
        None => 5432,
        Some(text) => match text.parse::<u16>() {
            Ok(port) if port > 0 && text.bytes().all(|b| b.is_ascii_digit()) => port,
            _ => return Err(malformed(format!("the port '{text}' is not a number from 1 to 65535"))),
        },
    };
    Ok((host.to_ascii_lowercase(), port))
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// `%XX` decoded; the result must be UTF-8.
fn decode(text: &str, what: &str) -> Result<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
            let Some(byte) = hex else {
                return Err(malformed(format!("the {what} has a '%' not followed by two hex digits")));
            };
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| malformed(format!("the {what} is not UTF-8 once decoded")))
}

/// The characters a user or database name must have escaped in a URL.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '+' | '$' | '!') {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The user a URL without one connects as: `$USER`, else the name of this
/// process's user in the password database (as libpq does).
fn default_user() -> Option<String> {
    if let Some(user) = std::env::var("USER").ok().filter(|u| !u.is_empty()) {
        return Some(user);
    }
    let mut buf = vec![0 as libc::c_char; 4096];
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    let rc = unsafe { libc::getpwuid_r(libc::geteuid(), &mut pwd, buf.as_mut_ptr(), buf.len(), &mut found) };
    if rc != 0 || found.is_null() || pwd.pw_name.is_null() {
        return None;
    }
    let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) };
    name.to_str().ok().filter(|n| !n.is_empty()).map(str::to_string)
}

/// Where a password may come from.
struct Secrets {
    /// `PGPASSFILE`, else `~/.pgpass`.
    pgpass: Option<PathBuf>,
    /// The file `CLAIMLEDGER_PASSWORD_FILE` names.
    password_file: Option<PathBuf>,
    /// Whether to ask on the terminal when the server wants a password and none was found.
    prompt: bool,
}

impl Secrets {
    fn from_env() -> Secrets {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        Secrets {
            pgpass: var("PGPASSFILE").or_else(|| var("HOME").map(|home| home.join(".pgpass"))),
            password_file: var("CLAIMLEDGER_PASSWORD_FILE"),
            prompt: std::io::stdin().is_terminal(),
        }
    }
}

/// Where the password a connection used came from, for messages.
#[derive(Debug, Clone, PartialEq)]
enum Source {
    Pgpass { path: PathBuf, line: usize },
    File(PathBuf),
    Prompt,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Pgpass { path, line } => write!(f, "{} line {line}", path.display()),
            Source::File(path) => write!(f, "{} (CLAIMLEDGER_PASSWORD_FILE)", path.display()),
            Source::Prompt => f.write_str("the prompt"),
        }
    }
}

/// Connects: the password from `PGPASSFILE` or `~/.pgpass` (libpq's format and
/// matching; a file others may read is refused, as libpq ignores it), else the
/// first line of the file `CLAIMLEDGER_PASSWORD_FILE` names, else asked for
/// without echo on a terminal when the server wants one, else none (trust).
/// TLS as the URL says ([`Tls`]).
pub(crate) fn connect(url: &ServerUrl) -> Result<postgres::Client> {
    connect_with(url, &Secrets::from_env())
}

fn connect_with(url: &ServerUrl, secrets: &Secrets) -> Result<postgres::Client> {
    let found = find_password(url, secrets)?;
    let connector = Connector::new(url)?;
    let mut config = postgres::Config::new();
    config
        .user(&url.user)
        .host(&url.host)
        .port(url.port)
        .dbname(&url.dbname)
        .application_name("claimledger")
        .connect_timeout(CONNECT_TIMEOUT);
    if let Some((password, _)) = &found {
        config.password(password);
    }
    match connector.open(&mut config) {
        Ok(client) => Ok(client),
        Err(e) if found.is_none() && secrets.prompt && password_missing(&e) => {
            let password = ask_password(url)?;
            config.password(&password);
            connector.open(&mut config).map_err(|e| error_from(url, e, Some(&Source::Prompt)))
        }
        Err(e) => Err(error_from(url, e, found.as_ref().map(|(_, source)| source))),
    }
}

/// How the connection is made: plain, or through rustls.
enum Connector {
    Plain,
    Tls(tokio_postgres_rustls::MakeRustlsConnect),
}

impl Connector {
    fn new(url: &ServerUrl) -> Result<Connector> {
        let verify = match url.tls {
            Tls::Disable => return Ok(Connector::Plain),
            Tls::Require => false,
            Tls::VerifyFull => true,
        };
        // rustls 0.23.48 deprecates its ring provider for want of post-quantum key
        // exchange; ring is the provider Cargo.toml builds rustls with.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::Ledger {
                message: format!("cannot set up TLS for {}: {e}", url.display()),
                hint: None,
            })?;
        let config = if verify {
            builder.with_root_certificates(roots()?).with_no_client_auth()
        } else {
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(AnyCertificate(provider)))
                .with_no_client_auth()
        };
        Ok(Connector::Tls(tokio_postgres_rustls::MakeRustlsConnect::new(config)))
    }

    fn open(&self, config: &mut postgres::Config) -> Result<postgres::Client, postgres::Error> {
        match self {
            Connector::Plain => config.ssl_mode(postgres::config::SslMode::Disable).connect(postgres::NoTls),
            Connector::Tls(tls) => config.ssl_mode(postgres::config::SslMode::Require).connect(tls.clone()),
        }
    }
}

/// The certificate authorities `verify-full` trusts: the webpki roots (Mozilla's),
/// and those in `~/.postgresql/root.crt` when there is one (where libpq looks
/// first), for a desk whose server has a certificate of its own authority.
fn roots() -> Result<rustls::RootCertStore> {
    use rustls::pki_types::{CertificateDer, pem::PemObject};
    let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) else {
        return Ok(roots);
    };
    let path = Path::new(&home).join(".postgresql/root.crt");
    if !path.exists() {
        return Ok(roots);
    }
    let unreadable = |what: String| Error::Ledger {
        message: format!("cannot read the certificate authorities in {}: {what}", path.display()),
        hint: Some(
            "it holds PEM certificates (-----BEGIN CERTIFICATE-----); move it away to trust only the usual authorities"
                .into(),
        ),
    };
    let certificates: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&path)
        .map_err(|e| unreadable(e.to_string()))?
        .collect::<Result<_, _>>()
        .map_err(|e| unreadable(e.to_string()))?;
    for certificate in certificates {
        roots.add(certificate).map_err(|e| unreadable(e.to_string()))?;
    }
    Ok(roots)
}

/// `sslmode=require`: any certificate, as libpq's `require` takes it; the
/// handshake's signatures are still checked, so the channel is encrypted with
/// whoever holds the certificate's key.
#[derive(Debug)]
struct AnyCertificate(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// The server asked for a password and the connection had none.
fn password_missing(e: &postgres::Error) -> bool {
    std::error::Error::source(e).is_some_and(|cause| cause.to_string() == "password missing")
}

/// The password for `url`, and where it came from: the password file (libpq's),
/// else the file CLAIMLEDGER_PASSWORD_FILE names.
fn find_password(url: &ServerUrl, secrets: &Secrets) -> Result<Option<(String, Source)>> {
    if let Some(path) = &secrets.pgpass
        && let Some(found) = from_pgpass(path, url)?
    {
        return Ok(Some(found));
    }
    if let Some(path) = &secrets.password_file {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Ledger {
            message: format!("cannot read the password file {} (CLAIMLEDGER_PASSWORD_FILE): {e}", path.display()),
            hint: None,
        })?;
        let first = text.lines().next().unwrap_or("").to_string();
        return Ok(Some((first, Source::File(path.clone()))));
    }
    Ok(None)
}

/// The password of the first line of a libpq password file that matches
/// `url`: `host:port:database:user:password`, each of the first four the
/// value or `*`, `\:` and `\\` standing for `:` and `\`, `#` starting a
/// comment line. A missing file gives none; a file that is not a plain file,
/// or that its group or others may read, is refused (libpq ignores it, and so
/// would a desk's other tools).
fn from_pgpass(path: &Path, url: &ServerUrl) -> Result<Option<(String, Source)>> {
    use std::os::unix::fs::PermissionsExt;
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
    };
    if !meta.is_file() {
        return Err(Error::Ledger {
            message: format!("the password file {} is not a plain file", path.display()),
            hint: Some("PGPASSFILE names the password file; unset it to use ~/.pgpass".into()),
        });
    }
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(Error::Ledger {
            message: format!(
                "the password file {} may be read by others (mode {mode:04o}): it is refused, as libpq ignores it",
                path.display()
            ),
            hint: Some(format!("chmod 600 {}", path.display())),
        });
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let port = url.port.to_string();
    for (number, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        let line = line.trim_end_matches('\r');
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if let Some(password) = pgpass_line(line, &[&url.host, &port, &url.dbname, &url.user]) {
            return Ok(Some((password, Source::Pgpass { path: path.to_path_buf(), line: number + 1 })));
        }
    }
    Ok(None)
}

/// The password of one password-file line when its four fields match `wanted`.
fn pgpass_line(line: &str, wanted: &[&str; 4]) -> Option<String> {
    let mut rest = line;
    for want in wanted {
        rest = pgpass_field(rest, want)?;
    }
    // The password ends at the first unescaped ':', as libpq reads it.
    let mut password = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            ':' => break,
            '\\' => match chars.next() {
                Some(next) => password.push(next),
                None => password.push('\\'),
            },
            _ => password.push(c),
        }
    }
    Some(password)
}

/// What follows `field:` at the start of `text` when the field matches `want`.
fn pgpass_field<'a>(text: &'a str, want: &str) -> Option<&'a str> {
    if let Some(rest) = text.strip_prefix("*:") {
        return Some(rest);
    }
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            ':' => return (value == want).then(|| &text[i + 1..]),
            '\\' => value.push(chars.next()?.1),
            _ => value.push(c),
        }
    }
    None
}

/// Asks for the password on the terminal, without echo.
fn ask_password(url: &ServerUrl) -> Result<String> {
    let failed = |e: std::io::Error| Error::Ledger {
        message: format!("cannot ask for the password of {}: {e}", url.display()),
        hint: Some(PASSWORD_SOURCES.replace("type it when asked", "run it on a terminal")),
    };
    {
        use std::io::Write as _;
        let mut stderr = std::io::stderr();
        write!(stderr, "password for {}: ", url.display()).and_then(|()| stderr.flush()).map_err(failed)?;
    }
    let mut saved: libc::termios = unsafe { std::mem::zeroed() };
    if unsafe { libc::tcgetattr(libc::STDIN_FILENO, &mut saved) } != 0 {
        return Err(failed(std::io::Error::last_os_error()));
    }
    let mut quiet = saved;
    quiet.c_lflag &= !libc::ECHO;
    quiet.c_lflag |= libc::ECHONL;
    if unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &quiet) } != 0 {
        return Err(failed(std::io::Error::last_os_error()));
    }
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line);
    unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &saved) };
    match read {
        Ok(0) => Err(failed(std::io::ErrorKind::UnexpectedEof.into())),
        Ok(_) => Ok(line.trim_end_matches(['\n', '\r']).to_string()),
        Err(e) => Err(failed(e)),
    }
}

/// A server error as one line naming the server (never a password), with a hint.
pub(crate) fn error(url: &ServerUrl, e: postgres::Error) -> Error {
    error_from(url, e, None)
}

/// [`error`], saying where a refused password came from when it is known.
fn error_from(url: &ServerUrl, e: postgres::Error, password: Option<&Source>) -> Error {
    let at = url.display();
    let ledger = |message: String, hint: Option<String>| Error::Ledger { message, hint };
    let authentication = |detail: &str| {
        let hint = match password {
            Some(source) => format!("the password came from {source}; {WHERE_PASSWORDS_COME_FROM}"),
            None => WHERE_PASSWORDS_COME_FROM.to_string(),
        };
        ledger(format!("authentication failed at {at}: {detail}"), Some(hint))
    };
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        let said = one_line(db.message());
        return match code {
            "55P03" | "40001" | "40P01" => ledger(
                format!("the ledger at {at} is busy: another writer holds it; the command changed nothing"),
                Some("run the command again when the other writer is done".into()),
            ),
            "42501" | "25006" => ledger(
                format!("permission denied at {at}: {said}; the command changed nothing"),
                Some(format!(
                    "the role {} lacks the right; a role that may only read still runs reading commands and \
                     `verify`: ask the desk's administrator",
                    url.user
                )),
            ),
            "53100" => ledger(
                format!("the desk server's disk is full at {at}; the command changed nothing"),
                Some("ask the server's administrator to free some space, then run the command again".into()),
            ),
            "3D000" => ledger(
                format!("no database '{}' at {at}", url.dbname),
                Some(format!(
                    "create it with `createdb -h {} -p {} -U {} {}`, then `claimledger --db {at} init`",
                    url.host, url.port, url.user, url.dbname
                )),
            ),
            "25P02" => ledger(
                format!("the transaction at {at} was aborted ({said}): nothing was written"),
                Some("run the command again".into()),
            ),
            _ if code.starts_with("28") => authentication(&said),
            _ if code.starts_with("08") || code.starts_with("57P") => {
                ledger(format!("cannot reach the desk server at {at}: {said}"), None)
            }
            _ if code.starts_with("53") => ledger(
                format!("the desk server at {at} is out of resources: {said}; the command changed nothing"),
                Some("run the command again later, or ask the server's administrator".into()),
            ),
            _ => ledger(format!("the desk server at {at} refused: {said} (SQLSTATE {code})"), None),
        };
    }
    if password_missing(&e) {
        return authentication("the server asks for a password and none was found");
    }
    let cause = std::error::Error::source(&e);
    if let Some(io) = cause.and_then(|c| c.downcast_ref::<std::io::Error>()) {
        let hint = match io.kind() {
            std::io::ErrorKind::ConnectionRefused => {
                Some(format!("is the server running, and listening on {}:{}?", url.host, url.port))
            }
            _ => None,
        };
        let said = match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".to_string(),
            _ => one_line(&io.to_string()),
        };
        return ledger(format!("cannot reach the desk server at {at}: {said}"), hint);
    }
    let text = e.to_string();
    if text == "error performing TLS handshake" {
        let detail = cause.map(|c| one_line(&c.to_string())).unwrap_or_default();
        let hint = if detail.contains("does not support TLS") {
            "the server has no TLS: on a network you trust, add ?sslmode=disable to the URL".to_string()
        } else {
            format!(
                "the server's certificate must be valid for {} and signed by a known authority (or one in \
                 ~/.postgresql/root.crt); ?sslmode=require encrypts without checking it, which an impostor \
                 can exploit",
                url.host
            )
        };
        return ledger(format!("TLS with the desk server at {at} failed: {detail}"), Some(hint));
    }
    if e.is_closed() || text == "timeout waiting for server" {
        return ledger(
            format!("cannot reach the desk server at {at}: {text}"),
            Some("a write is committed whole or not at all: `claimledger log` shows whether it was".into()),
        );
    }
    let detail = match cause {
        Some(cause) => format!("{text}: {}", one_line(&cause.to_string())),
        None => text,
    };
    ledger(format!("desk server error at {at}: {detail}"), None)
}

/// A message made one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn parse(text: &str) -> Option<Result<ServerUrl>> {
        ServerUrl::parse_with(text, || Some("alice".to_string()))
    }

    fn url(text: &str) -> ServerUrl {
        parse(text).expect("a server URL").unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    /// The message and hint of a refused URL, on one line each.
    fn refused(text: &str) -> String {
        let e = parse(text).expect("a server URL").expect_err(text);
        assert!(matches!(e, Error::Usage { .. }), "{text}: {e:?}");
        let all = format!("{e}\n{}", e.hint(|_| String::new()).unwrap_or_default());
        assert!(all.lines().count() <= 2, "{all}");
        all
    }

    #[test]
    fn both_schemes_name_a_server_and_anything_else_is_a_file() {
        let expected = ServerUrl {
            user: "bob".into(),
            host: "desk.example.org".into(),
            port: 5432,
            dbname: "newsroom".into(),
            tls: Tls::VerifyFull,
        };
        assert_eq!(url("postgresql://bob@desk.example.org/newsroom"), expected);
        assert_eq!(url("postgres://bob@desk.example.org/newsroom"), expected);
        assert_eq!(url("PostgreSQL://bob@desk.example.org/newsroom"), expected);
        for file in ["./postgres://x", "claimledger.db", "postgres:/x", "postgresql:x", "/tmp/postgresql://a@b/c", ""] {
            assert!(parse(file).is_none(), "{file}");
        }
    }

    #[test]
    fn port_user_and_host_forms() {
        assert_eq!(url("postgresql://bob@localhost:5433/db").port, 5433);
        assert_eq!(url("postgresql://bob@localhost/db").port, 5432);
        assert_eq!(url("postgresql://localhost/db").user, "alice", "the process's user by default");
        assert_eq!(url("postgresql://d%40sk%3Aer@localhost/my%20db").user, "d@sk:er");
        assert_eq!(url("postgresql://bob@localhost/my%20db").dbname, "my db");
        let v6 = url("postgresql://bob@[::1]:6000/db");
        assert_eq!((v6.host.as_str(), v6.port, v6.tls), ("::1", 6000, Tls::Disable));
        assert_eq!(v6.display(), "postgresql://bob@[::1]:6000/db");
        assert_eq!(url("postgresql://bob@Desk.Example.ORG/db").host, "desk.example.org");
        assert_eq!(url("postgres://d%40sk@h/my%20db").display(), "postgresql://d%40sk@h:5432/my%20db");
        let none = ServerUrl::parse_with("postgresql://h/db", || None).unwrap().unwrap_err();
        assert!(none.to_string().contains("names no user"), "{none}");
    }

    #[test]
    fn tls_is_off_on_loopback_and_checked_elsewhere_unless_sslmode_says() {
        for host in ["127.0.0.1", "localhost", "[::1]", "127.0.0.2"] {
            assert_eq!(url(&format!("postgresql://bob@{host}/db")).tls, Tls::Disable, "{host}");
        }
        for host in ["10.0.0.1", "desk.example.org", "[2001:db8::1]"] {
            assert_eq!(url(&format!("postgresql://bob@{host}/db")).tls, Tls::VerifyFull, "{host}");
        }
        assert_eq!(url("postgresql://bob@localhost/db?sslmode=verify-full").tls, Tls::VerifyFull);
        assert_eq!(url("postgresql://bob@localhost/db?sslmode=require").tls, Tls::Require);
        assert_eq!(url("postgresql://bob@desk.example.org/db?sslmode=disable").tls, Tls::Disable);
        for tls in [Tls::Disable, Tls::Require, Tls::VerifyFull] {
            assert_eq!(url(&format!("postgresql://bob@h/db?sslmode={}", tls.name())).tls, tls);
        }
        assert!(refused("postgresql://bob@h/db?sslmode=prefer").contains("disable, require or verify-full"));
        assert!(refused("postgresql://bob@h/db?connect_timeout=3").contains("'connect_timeout' is not supported"));
    }

    #[test]
    fn a_password_is_refused_and_never_repeated() {
        for text in [
            "postgresql://u:secret@127.0.0.1:5433/x",
            "postgres://u:secret@127.0.0.1:5433/x",
            "postgresql://u:@h/x",
            "postgresql://u:se/cret@h/x",
            "postgresql://u:se@cret@h/x",
            "postgresql://u:secret@h:notaport/x",
            "postgresql://u:secret@h/x?sslmode=bad",
            "postgresql://u@h/x?password=secret",
            "postgresql://u@h/x?sslmode=require&PASSWORD=secret",
        ] {
            let message = refused(text);
            assert!(message.contains("a password in the URL is refused"), "{text}: {message}");
            assert!(message.contains("~/.pgpass") && message.contains("CLAIMLEDGER_PASSWORD_FILE"), "{message}");
            assert!(!message.contains("secret") && !message.contains("cret"), "{text}: {message}");
        }
    }

    #[test]
    fn malformed_urls_are_refused_saying_why() {
        for (text, why) in [
            ("postgresql://bob@h", "names no database"),
            ("postgresql://bob@h/", "names no database"),
            ("postgresql:///db", "names no host"),
            ("postgresql://bob@:5432/db", "names no host"),
            ("postgresql://bob@h:0/db", "not a number from 1 to 65535"),
            ("postgresql://bob@h:65536/db", "not a number from 1 to 65535"),
            ("postgresql://bob@h:+5/db", "not a number from 1 to 65535"),
            ("postgresql://bob@h:/db", "not a number from 1 to 65535"),
            ("postgresql://bob@::1/db", "IPv6 address is written in brackets"),
            ("postgresql://bob@[::1/db", "without its ']'"),
            ("postgresql://bob@[nothost]/db", "not an IPv6 address"),
            ("postgresql://bob@h1,h2/db", "one host only"),
            ("postgresql://bob@h%20x/db", "not a host name"),
            ("postgresql://@h/db", "user name before '@' is empty"),
            ("postgresql://bob@h/a/b", "no '/'"),
            ("postgresql://bob@h/db%zz", "two hex digits"),
            ("postgresql://bob@h/db%ff", "not UTF-8"),
            ("postgresql://bob@h/db#frag", "'#'"),
        ] {
            let message = refused(text);
            assert!(message.starts_with("malformed server URL: "), "{text}: {message}");
            assert!(message.contains(why), "{text}: {message}");
            assert!(message.contains("postgresql://USER@HOST[:PORT]/DATABASE"), "{message}");
        }
    }

    fn pgpass(text: &str, mode: u32) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        (dir, path)
    }

    fn password_for(text: &str, address: &str) -> Option<(String, usize)> {
        let (_dir, path) = pgpass(text, 0o600);
        from_pgpass(&path, &url(address)).unwrap().map(|(password, source)| match source {
            Source::Pgpass { line, .. } => (password, line),
            other => panic!("{other:?}"),
        })
    }

    #[test]
    fn pgpass_lines_match_as_libpq_matches_them() {
        let file = "# comment\n\
                    desk.example.org:5432:newsroom:bob:first\n\
                    desk.example.org:*:*:bob:second\n\
                    *:*:*:*:fallback\n";
        let found = |address| password_for(file, address);
        assert_eq!(found("postgresql://bob@desk.example.org/newsroom"), Some(("first".into(), 2)));
        assert_eq!(found("postgresql://bob@desk.example.org:6000/newsroom"), Some(("second".into(), 3)));
        assert_eq!(found("postgresql://bob@desk.example.org/other"), Some(("second".into(), 3)));
        assert_eq!(found("postgresql://carol@desk.example.org/newsroom"), Some(("fallback".into(), 4)));
        assert_eq!(password_for("h:5432:db:bob:pw\n", "postgresql://bob@h/db2"), None);
        assert_eq!(password_for("h:5432:db:bob\n", "postgresql://bob@h/db"), None, "a line of four fields");
        assert_eq!(password_for("\n#*:*:*:*:x\r\n", "postgresql://bob@h/db"), None);
        assert_eq!(password_for("h:5432:db:bob:pw\r\n", "postgresql://bob@h/db"), Some(("pw".into(), 1)));
    }

    #[test]
    fn pgpass_escapes_colons_and_backslashes() {
        let file = "h:5432:a\\:b:bob:pa\\:ss\\\\word:ignored\n";
        assert_eq!(password_for(file, "postgresql://bob@h/a%3Ab"), Some(("pa:ss\\word".into(), 1)));
        assert_eq!(password_for(file, "postgresql://bob@h/a"), None);
        // A `*` is a wildcard only as a whole field; `\*` is a star.
        assert_eq!(password_for("h:5432:\\*:bob:star\n", "postgresql://bob@h/%2A"), Some(("star".into(), 1)));
        assert_eq!(password_for("h:5432:\\*:bob:star\n", "postgresql://bob@h/db"), None);
        assert_eq!(password_for("h:5432:*x:bob:pw\n", "postgresql://bob@h/db"), None);
        // An IPv6 host is written with its colons escaped.
        assert_eq!(password_for("\\:\\:1:5432:db:bob:six\n", "postgresql://bob@[::1]/db"), Some(("six".into(), 1)));
    }

    #[test]
    fn a_pgpass_others_may_read_is_refused_and_a_missing_one_is_none() {
        let address = url("postgresql://bob@h/db");
        for mode in [0o644, 0o640, 0o604, 0o660] {
            let (_dir, path) = pgpass("*:*:*:*:pw\n", mode);
            let e = from_pgpass(&path, &address).unwrap_err();
            let message = e.to_string();
            assert!(message.contains("may be read by others") && message.contains(&format!("{mode:04o}")), "{message}");
            assert!(!message.contains("pw\n") && !message.contains(":pw"), "{message}");
            assert_eq!(e.hint(|_| String::new()), Some(format!("chmod 600 {}", path.display())));
        }
        for mode in [0o600, 0o400] {
            let (_dir, path) = pgpass("*:*:*:*:pw\n", mode);
            assert!(from_pgpass(&path, &address).unwrap().is_some(), "{mode:o}");
        }
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(from_pgpass(&dir.path().join("none"), &address).unwrap(), None);
        assert!(from_pgpass(dir.path(), &address).unwrap_err().to_string().contains("not a plain file"));
    }

    #[test]
    fn the_password_file_is_read_after_pgpass() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("secret");
        std::fs::write(&file, "from-file\nsecond line\n").unwrap();
        let (_pgdir, pgpass_path) = pgpass("other:*:*:*:from-pgpass\n", 0o600);
        let secrets = Secrets { pgpass: Some(pgpass_path), password_file: Some(file.clone()), prompt: false };
        let found = find_password(&url("postgresql://bob@h/db"), &secrets).unwrap();
        assert_eq!(found, Some(("from-file".to_string(), Source::File(file.clone()))));
        let found = find_password(&url("postgresql://bob@other/db"), &secrets).unwrap().unwrap();
        assert_eq!(found.0, "from-pgpass");
        let missing = Secrets { pgpass: None, password_file: Some(dir.path().join("none")), prompt: false };
        let e = find_password(&url("postgresql://bob@h/db"), &missing).unwrap_err();
        assert!(e.to_string().contains("CLAIMLEDGER_PASSWORD_FILE"), "{e}");
    }

    /// The test cluster's URL (`.ci/test` makes one); `None` without one, but
    /// under CI a missing cluster is a failure.
    fn test_server() -> Option<ServerUrl> {
        match std::env::var("CLAIMLEDGER_TEST_PG") {
            Ok(text) => Some(url(&text)),
            Err(_) if std::env::var("CI").is_ok_and(|ci| ci == "true") => {
                panic!("CI=true but CLAIMLEDGER_TEST_PG is not set: run the tests through .ci/test")
            }
            Err(_) => None,
        }
    }

    const NO_SECRETS: Secrets = Secrets { pgpass: None, password_file: None, prompt: false };

    #[test]
    fn connects_and_names_the_server_in_errors() {
        let Some(server) = test_server() else { return };
        let mut client = connect_with(&server, &NO_SECRETS).unwrap();
        let one: i32 = client.query_one("SELECT 1", &[]).unwrap().get(0);
        assert_eq!(one, 1);

        let e = client.batch_execute("SELECT * FROM no_such_table").unwrap_err();
        let message = error(&server, e).to_string();
        assert!(message.contains(&server.display()) && message.contains("42P01"), "{message}");

        let missing = ServerUrl { dbname: "claimledger_no_such_database".into(), ..server.clone() };
        let Err(e) = connect_with(&missing, &NO_SECRETS) else { panic!("connected to no database") };
        assert!(e.to_string().starts_with("no database 'claimledger_no_such_database' at "), "{e}");
        assert!(e.hint(|_| String::new()).unwrap().contains("createdb"));

        // A port nothing listens on: the listener is dropped before connecting.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let closed = ServerUrl { host: "127.0.0.1".into(), port, ..server.clone() };
        let Err(e) = connect_with(&closed, &NO_SECRETS) else { panic!("connected to a closed port") };
        assert!(e.to_string().starts_with(&format!("cannot reach the desk server at {}: ", closed.display())), "{e}");

        // TLS where the test server has none.
        let tls = ServerUrl { tls: Tls::VerifyFull, ..server.clone() };
        let Err(e) = connect_with(&tls, &NO_SECRETS) else { panic!("TLS with a server without it") };
        assert!(e.to_string().starts_with("TLS with the desk server at "), "{e}");
        assert!(e.hint(|_| String::new()).unwrap().contains("sslmode=disable"), "{e:?}");
    }

    #[test]
    fn a_password_role_connects_with_its_password_from_pgpass_or_a_file() {
        let Some(server) = test_server() else { return };
        let mut admin = connect_with(&server, &NO_SECRETS).unwrap();
        let role = format!("claimledger_unit_{}", std::process::id());
        admin
            .batch_execute(&format!("DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN PASSWORD 'right:pass\\word'"))
            .unwrap();
        let as_role = ServerUrl { user: role.clone(), ..server.clone() };
        let (_dir, right) = pgpass(&format!("*:*:*:{role}:right\\:pass\\\\word\n"), 0o600);
        let secrets = Secrets { pgpass: Some(right), password_file: None, prompt: false };
        connect_with(&as_role, &secrets).unwrap().query_one("SELECT 1", &[]).unwrap();

        // A server that trusts every role proves nothing about a wrong password.
        let trusts_everyone = connect_with(&as_role, &NO_SECRETS).is_ok();
        let ci = std::env::var("CI").is_ok_and(|ci| ci == "true");
        assert!(
            !(trusts_everyone && ci),
            "CI=true, and the test cluster trusts every role: run the tests through .ci/test"
        );
        if !trusts_everyone {
            let Err(e) = connect_with(&as_role, &NO_SECRETS) else { unreachable!() };
            assert!(e.to_string().contains("none was found"), "{e}");
            let dir = tempfile::tempdir().unwrap();
            let wrong = dir.path().join("password");
            std::fs::write(&wrong, "wrong-guess\n").unwrap();
            let secrets = Secrets { pgpass: None, password_file: Some(wrong.clone()), prompt: false };
            let Err(e) = connect_with(&as_role, &secrets) else { panic!("a wrong password connected") };
            let hint = e.hint(|_| String::new()).unwrap();
            assert!(e.to_string().starts_with("authentication failed at "), "{e}");
            assert!(hint.contains(&wrong.display().to_string()), "{hint}");
            assert!(!format!("{e} {hint}").contains("wrong-guess"), "{e} {hint}");
        }
        admin.batch_execute(&format!("DROP ROLE {role}")).unwrap();
    }
}
