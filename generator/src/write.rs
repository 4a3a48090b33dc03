//! Stage 5: files on disk. Output is complete in memory before anything is written; each file
//! is written atomically (temp file in the same folder, then rename), and a file whose content
//! is unchanged is not touched, so its mtime stays and cargo does not rebuild.

use crate::diagnostics::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `contents` to `path` unless it already holds exactly that. Returns whether it wrote.
pub fn write_if_changed(path: &Path, contents: &str) -> Result<bool, Error> {
    let io_error = |source| Error::Io { path: path.to_owned(), source };
    if std::fs::read(path).is_ok_and(|existing| existing == contents.as_bytes()) {
        return Ok(false);
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io_error)?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp_path = dir.join(format!(".{file_name}.clientgen-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp_path)?;
        file.write_all(contents.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temp_path, path)
    })();
    if let Err(source) = result {
        let _ = std::fs::remove_file(&temp_path);
        return Err(io_error(source));
    }
    Ok(true)
}

/// Writes several files; all content is already rendered, so a failure here can only be I/O.
pub fn write_files(files: &[(PathBuf, String)]) -> Result<Vec<PathBuf>, Error> {
    let mut written = Vec::new();
    for (path, contents) in files {
        if write_if_changed(path, contents)? {
            written.push(path.clone());
        }
    }
    Ok(written)
}
