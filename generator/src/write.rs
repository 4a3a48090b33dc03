//! Stage 5: files on disk. Output is complete in memory before anything is written. A crate
//! written into a folder that does not exist (or is empty) is written whole into a sibling
//! temporary folder, which is then renamed into place: one rename, not one per file, and a run
//! that fails leaves nothing. Into an existing crate, each file is written atomically (temp file
//! in the same folder, then rename: a reader, or a run that fails, never sees half a file), and
//! a file whose content is unchanged is not touched, so its mtime stays and cargo does not
//! rebuild. Files are not fsynced one by one (a client is thousands of files; the operating
//! system flushes them, as it does cargo's own output).

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

/// Writes a crate's `files` (all under `out`). Returns the files written, in the order given.
pub fn write_crate(out: &Path, files: &[(PathBuf, String)]) -> Result<Vec<PathBuf>, Error> {
    let fresh = match std::fs::read_dir(out) {
        Ok(mut entries) => entries.next().is_none(),
        Err(err) => err.kind() == std::io::ErrorKind::NotFound,
    };
    if !fresh || files.iter().any(|(path, _)| !path.starts_with(out)) {
        return write_files(files);
    }
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|source| Error::Io { path: parent.to_owned(), source })?;
    let staging = parent.join(format!(".{name}.clientgen-{}.tmp", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let staged: Vec<(PathBuf, &str)> = files
        .iter()
        .map(|(path, text)| (staging.join(path.strip_prefix(out).unwrap_or(path)), text.as_str()))
        .collect();
    let result = write_plain(&staged).and_then(|()| {
        // An empty folder is replaced (rename does not replace a folder on every platform).
        let _ = std::fs::remove_dir(out);
        std::fs::rename(&staging, out).map_err(|source| Error::Io { path: out.to_owned(), source })
    });
    if let Err(err) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(err);
    }
    Ok(files.iter().map(|(path, _)| path.clone()).collect())
}

/// Writes files into a folder no one reads yet: no temporary file per file.
fn write_plain(files: &[(PathBuf, &str)]) -> Result<(), Error> {
    let dirs: std::collections::BTreeSet<&Path> = files.iter().filter_map(|(path, _)| path.parent()).collect();
    for dir in dirs {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_owned(), source })?;
    }
    in_parallel(files, |(path, contents)| {
        std::fs::write(path, contents).map_err(|source| Error::Io { path: path.clone(), source })
    })?;
    Ok(())
}

/// `each` of `items`, on as many threads as there are cores (up to 8); results in order.
fn in_parallel<T: Sync, R: Send>(items: &[T], each: impl Fn(&T) -> Result<R, Error> + Sync) -> Result<Vec<R>, Error> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = items.len().div_ceil(threads).max(1);
    let each = &each;
    let parts: Vec<Result<Vec<R>, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> =
            items.chunks(chunk).map(|part| scope.spawn(move || part.iter().map(each).collect())).collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(Error::Internal("a writing thread panicked".into()))))
            .collect()
    });
    let mut all = Vec::with_capacity(items.len());
    for part in parts {
        all.extend(part?);
    }
    Ok(all)
}

/// Writes several files into existing crates (on as many threads as there are cores: a client
/// is thousands of small files); all content is already rendered, so a failure here can only be
/// I/O. Returns the files written, in the order given.
pub fn write_files(files: &[(PathBuf, String)]) -> Result<Vec<PathBuf>, Error> {
    // Each folder once, before the files (not once per file).
    let dirs: std::collections::BTreeSet<&Path> =
        files.iter().filter_map(|(path, _)| path.parent().filter(|p| !p.as_os_str().is_empty())).collect();
    for dir in dirs {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_owned(), source })?;
    }
    let written = in_parallel(files, |(path, contents)| {
        write_in_existing_dir(path, contents).map(|wrote| wrote.then(|| path.clone()))
    })?;
    Ok(written.into_iter().flatten().collect())
}
