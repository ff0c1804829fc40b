//! Files and folders only their owner can read: the data directory, the store and the
//! install records of the lists hold what officers screened and where lists came from.
//!
//! On unix a folder is created `0700` and a file `0600` (whatever the umask allows less of);
//! elsewhere the platform's defaults apply. This module only creates; it never widens or
//! narrows what is already there.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Creates `path` and every missing parent, each readable by its owner only.
pub fn create_dir_all(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path)
}

/// Opens `path` for writing, truncated, creating it readable by its owner only.
pub fn create_file(path: &Path) -> io::Result<File> {
    options().create(true).truncate(true).open(path)
}

/// Creates `path`, which must not exist yet, readable by its owner only.
pub fn create_new_file(path: &Path) -> io::Result<File> {
    options().create_new(true).open(path)
}

fn options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}
