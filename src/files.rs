//! What the files this program creates get: the mode an ordinary new file
//! gets under the user's umask, and a durable name once renamed into place.

use std::path::Path;

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
