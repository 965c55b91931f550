//! Reading a source's archived text from a file. A claims file from someone
//! else names such files, so what may be read is bounded: regular files only
//! (not a FIFO that would hang the import, not a device that never ends), of
//! at most [`MAX_BYTES`], and, for a claims file, inside its own folder (not
//! through a symbolic link, nor a hard link, out of it) and not hidden (a
//! claims file saved in a home folder would otherwise reach `.ssh`).

use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// The largest archived text read: 50 MiB, far above any article.
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;

/// Reads the UTF-8 text of `path`. With `folder`, the file (after resolving
/// symbolic links) must lie inside that folder, and neither `path` nor the
/// file it resolves to may pass through a hidden file or folder below it. The
/// error says what is wrong with the file, in words.
pub fn read(path: &Path, folder: Option<&Path>) -> Result<String, String> {
    let shown = path.display();
    let hidden = |name: String| {
        format!(
            "'{shown}' is hidden ('{name}' starts with a dot); a claims file reads no hidden files or folders, where keys and settings live (--allow-outside lifts this)"
        )
    };
    // Refused before anything is looked up, so that not even whether it exists is told.
    if let Some(name) = folder.and_then(|given| path.strip_prefix(given).ok()).and_then(hidden_name) {
        return Err(hidden(name));
    }
    let real = std::fs::canonicalize(path).map_err(|e| format!("cannot read '{shown}': {}", plain(&e)))?;
    if let Some(given) = folder {
        let folder = std::fs::canonicalize(given).map_err(|e| format!("cannot read '{shown}': {}", plain(&e)))?;
        if !real.starts_with(&folder) {
            return Err(format!(
                "'{shown}' is outside the claims file's folder; a claims file reads only files beside it (--allow-outside lifts this)"
            ));
        }
        // A link inside the folder to a hidden file in it.
        if let Some(name) = real.strip_prefix(&folder).ok().and_then(hidden_name) {
            return Err(hidden(name));
        }
    }
    // No following a link swapped in since, and no waiting on a FIFO's writer.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(&real)
        .map_err(|e| format!("cannot read '{shown}': {}", plain(&e)))?;
    let meta = file.metadata().map_err(|e| format!("cannot read '{shown}': {}", plain(&e)))?;
    if !meta.is_file() {
        return Err(format!("'{shown}' is not a regular file"));
    }
    // A hard link is the same file under a second name, which may have been
    // made anywhere on the disk: inside the folder it proves nothing.
    if folder.is_some() && std::os::unix::fs::MetadataExt::nlink(&meta) > 1 {
        return Err(format!(
            "'{shown}' is a hard link, which may name a file from outside the claims file's folder; copy the text into a file of its own (--allow-outside lifts this)"
        ));
    }
    let too_big = || format!("'{shown}' is larger than {} MiB, the most an archived text may be", MAX_BYTES >> 20);
    if meta.len() > MAX_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read '{shown}': {}", plain(&e)))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_big());
    }
    String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|&&b| b == b'\n').count();
        format!("'{shown}' is not UTF-8 text (line {line})")
    })
}

/// The first name in `path` that starts with a dot (`.` and `..` aside).
fn hidden_name(path: &Path) -> Option<String> {
    path.components().find_map(|c| match c {
        std::path::Component::Normal(name) if name.as_encoded_bytes().starts_with(b".") => {
            Some(name.to_string_lossy().into_owned())
        }
        _ => None,
    })
}

/// An I/O error without Rust's "(os error 2)" suffix.
fn plain(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_lowercase(),
        None => text,
    }
}
