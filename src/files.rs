//! What the files this program creates get: the mode an ordinary new file
//! gets under the user's umask, and a durable name once renamed into place.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// The mode of a new ordinary file under the process's umask: 0644 under
/// the usual 022, 0600 under 077. Files made under a temporary name (which
/// are private, 0600) get it before they are renamed into place.
pub fn new_file_mode() -> u32 {
    // The umask can only be read by setting it; it is put back at once,
    // before any file is made.
    // SAFETY: umask has no preconditions and cannot fail.
    let mask = unsafe {
        let mask = libc::umask(0o022);
        libc::umask(mask);
        mask
    };
    0o666 & !(mask as u32)
}

/// Makes a rename into `target`'s folder durable: the folder itself is
/// synced. A bare file name's folder is the current one.
pub fn sync_folder_of(target: &Path) {
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
}

/// Writes the file at `path` whole or not at all: `write` fills a temporary
/// file in the same folder, which gets the mode of the file it replaces (or
/// a new file's), is synced, and is renamed into place. Messages name
/// `given`, what the user typed (a link may resolve to another `path`).
pub fn replace_whole(path: &Path, given: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Error::input_hint(
            format!("cannot write '{}': there is no folder '{}'", given.display(), dir.display()),
            "make the folder first, or give a path in a folder that exists",
        ));
    }
    // tempfile's error names the temporary file, which the user never named: name theirs.
    let temp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| Error::io(given, std::io::Error::new(e.kind(), "cannot make a file in its folder")))?;
    let mut buffered = std::io::BufWriter::new(temp);
    write(&mut buffered).map_err(|e| match e {
        Error::Output(io) => Error::io(path, io),
        other => other,
    })?;
    let temp = buffered.into_inner().map_err(|e| Error::io(path, e.into_error()))?;
    // The temporary file is private; the file gets the mode of the file it
    // replaces, or the one a new file gets under the user's umask.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map(|m| m.permissions().mode()).unwrap_or_else(|_| new_file_mode());
        temp.as_file().set_permissions(std::fs::Permissions::from_mode(mode)).map_err(|e| Error::io(path, e))?;
    }
    temp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    temp.persist(path).map_err(|e| Error::io(path, e.error))?;
    sync_folder_of(path);
    Ok(())
}
