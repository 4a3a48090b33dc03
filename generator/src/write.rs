//! Stage 5: files on disk. Output is complete in memory before anything is written; each file
//! is written atomically (temp file in the same folder, then rename: a reader, or a run that
//! fails, never sees half a file), and a file whose content is unchanged is not touched, so its
//! mtime stays and cargo does not rebuild. Files are not fsynced one by one (a client is
//! thousands of files; the operating system flushes them, as it does cargo's own output).

use crate::diagnostics::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `contents` to `path` unless it already holds exactly that. Returns whether it wrote.
pub fn write_if_changed(path: &Path, contents: &str) -> Result<bool, Error> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: path.to_owned(), source })?;
    write_in_existing_dir(path, contents)
}

/// [`write_if_changed`] for a file whose folder exists.
fn write_in_existing_dir(path: &Path, contents: &str) -> Result<bool, Error> {
    let io_error = |source| Error::Io { path: path.to_owned(), source };
    if std::fs::read(path).is_ok_and(|existing| existing == contents.as_bytes()) {
        return Ok(false);
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp_path = dir.join(format!(".{file_name}.clientgen-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp_path)?;
        file.write_all(contents.as_bytes())?;
        std::fs::rename(&temp_path, path)
    })();
    if let Err(source) = result {
        let _ = std::fs::remove_file(&temp_path);
        return Err(io_error(source));
    }
    Ok(true)
}

/// Writes several files (on as many threads as there are cores: a client is thousands of small
/// files); all content is already rendered, so a failure here can only be I/O. Returns the files
/// written, in the order given.
pub fn write_files(files: &[(PathBuf, String)]) -> Result<Vec<PathBuf>, Error> {
    // Each folder once, before the files (not once per file).
    let dirs: std::collections::BTreeSet<&Path> =
        files.iter().filter_map(|(path, _)| path.parent().filter(|p| !p.as_os_str().is_empty())).collect();
    for dir in dirs {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_owned(), source })?;
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = files.len().div_ceil(threads).max(1);
    let results: Vec<Result<Vec<PathBuf>, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut written = Vec::new();
                    for (path, contents) in part {
                        if write_in_existing_dir(path, contents)? {
                            written.push(path.clone());
                        }
                    }
                    Ok(written)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(Error::Internal("a writing thread panicked".into()))))
            .collect()
    });
    let mut written = Vec::new();
    for part in results {
        written.extend(part?);
    }
    Ok(written)
}
