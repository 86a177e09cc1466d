//! What a reader opens while a build writes the store: the store as it was
//! when the build opened it.
//!
//! Oxigraph reads a store that another process writes at its own risk: a
//! RocksDB file a reader has listed may be deleted by the writer's
//! compaction or bulk rewrite before the reader opens it. Oxigraph's
//! iterators then repeat that error for ever, and the SPARQL evaluator
//! gathers the errors of a GROUP BY or a hash join in a vector without
//! end: the reader took all the machine's memory (24 GB) and was killed
//! (BENCHMARKS.md, "Readers during a build").
//!
//! So a writer makes a RocksDB checkpoint of the store when it opens it,
//! before it changes anything: hard links to the index files, which the
//! writer's deletions cannot take away, under
//! `STORE/edupol-snapshots/<id>/`. A reader that finds a writer at work
//! opens the newest checkpoint instead of the store. Advisory file locks
//! (`flock`) say who is where:
//!
//! - `STORE/edupol-writer.lock`: held exclusively by the writer while the
//!   store is open for writing; a reader that cannot take it shared knows
//!   a writer is at work.
//! - `STORE/edupol-snapshots/<id>/READERS`: held shared by each reader of
//!   the snapshot; a writer removes a snapshot only when it can hold this
//!   exclusively (its own when it closes, older ones when it opens).
//!
//! A reader that opened the store itself before a build started is not
//! covered (the window is the reader's own query; `edupol serve` opens
//! once, so restart a server before a build, as README.md says).

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

/// The folder of the snapshots, inside the store's folder (hard links need
/// the same file system). RocksDB ignores folders it did not make.
const SNAPSHOTS: &str = "edupol-snapshots";
/// Held exclusively by the process that writes the store.
const WRITER_LOCK: &str = "edupol-writer.lock";
/// Inside a snapshot: held shared by its readers.
const READERS: &str = "READERS";
/// A snapshot being made: readers skip names with this prefix.
const UNFINISHED: &str = "making-";

/// Held by a store opened for writing: the writer lock and the snapshot
/// made for readers, removed on drop unless a reader still uses it.
#[derive(Debug)]
pub(crate) struct Writing {
    lock: Option<File>,
    dir: PathBuf,
    snapshot: Option<PathBuf>,
}

impl Writing {
    /// Has RocksDB write to index files what is only in its write-ahead
    /// log, with `checkpoint` as in [`begin_writing`]: a checkpoint flushes
    /// first, and Oxigraph offers no flush of its own. The checkpoint is
    /// removed at once. Every read-only open replays that log: 0.50–0.57 s
    /// on the 10k store after a build's last writes, 20 ms once flushed.
    pub(crate) fn flush(&self, checkpoint: impl FnOnce(&Path) -> Result<(), String>) {
        let snapshots = self.dir.join(SNAPSHOTS);
        let scratch = snapshots.join(format!("{UNFINISHED}flush-{}", now_id()));
        // Best effort: unflushed, readers only open more slowly.
        let _ = std::fs::create_dir_all(&snapshots);
        let _ = checkpoint(&scratch);
        let _ = std::fs::remove_dir_all(&scratch);
    }
}

/// A name for a new snapshot: the time, so the newest sorts last.
fn now_id() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default()
}

/// Held by a store opened on a snapshot: keeps the snapshot from being
/// removed while it is read. The last reader of a snapshot whose writer
/// has finished removes it on drop (its hard links keep the files of the
/// store's old version on disk).
#[derive(Debug)]
pub(crate) struct Reading {
    lock: Option<File>,
    store: PathBuf,
    snapshot: PathBuf,
}

impl Drop for Reading {
    fn drop(&mut self) {
        drop(self.lock.take());
        if !writer_at_work(&self.store) {
            if let Some(parent) = self.snapshot.parent() {
                remove_unread(parent, Some(&self.snapshot));
            }
        }
    }
}

/// Takes the writer lock of the store in `dir`, removes the snapshots no
/// reader uses any more, and makes a new one with `checkpoint` (which
/// must create the folder it is given). The store must already be open
/// for writing (RocksDB's own lock keeps a second writer out).
///
/// A snapshot that cannot be made (a file system without hard links, no
/// space) is not an error: readers then read the store itself, as before.
pub(crate) fn begin_writing(
    dir: &Path,
    checkpoint: impl FnOnce(&Path) -> Result<(), String>,
) -> std::io::Result<Writing> {
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(WRITER_LOCK))?;
    lock.lock()?;
    let snapshots = dir.join(SNAPSHOTS);
    remove_unread(&snapshots, None);
    let id = now_id();
    let making = snapshots.join(format!("{UNFINISHED}{id}"));
    let done = snapshots.join(id.to_string());
    let made = std::fs::create_dir_all(&snapshots)
        .map_err(|e| e.to_string())
        .and_then(|()| checkpoint(&making))
        .and_then(|()| File::create(making.join(READERS)).map_err(|e| e.to_string()))
        .and_then(|_| std::fs::rename(&making, &done).map_err(|e| e.to_string()));
    let snapshot = match made {
        Ok(()) => Some(done),
        Err(_) => {
            let _ = std::fs::remove_dir_all(&making);
            None
        }
    };
    Ok(Writing {
        lock: Some(lock),
        dir: dir.to_path_buf(),
        snapshot,
    })
}

impl Drop for Writing {
    fn drop(&mut self) {
        // Released first (RocksDB is closed by now): a reader that lets go
        // of the snapshot after the attempt below must see no writer at
        // work, and remove it itself.
        drop(self.lock.take());
        if let Some(snapshot) = &self.snapshot {
            if let Some(parent) = snapshot.parent() {
                remove_unread(parent, Some(snapshot));
            }
        }
    }
}

/// The snapshot to read instead of the store in `dir`, when a writer is at
/// work and has made one; `None` when the store itself may be read.
pub(crate) fn snapshot_to_read(dir: &Path) -> Option<(PathBuf, Reading)> {
    if !writer_at_work(dir) {
        return None;
    }
    // The newest first; one being removed meanwhile is skipped.
    for snapshot in finished_snapshots(&dir.join(SNAPSHOTS)).into_iter().rev() {
        let Ok(lock) = File::open(snapshot.join(READERS)) else {
            continue;
        };
        if lock.lock_shared().is_err() {
            continue;
        }
        // The writer may have removed it between the listing and the lock.
        if snapshot.join("CURRENT").exists() {
            let reading = Reading {
                lock: Some(lock),
                store: dir.to_path_buf(),
                snapshot: snapshot.clone(),
            };
            return Some((snapshot, reading));
        }
    }
    None
}

/// Whether another process holds the writer lock of the store in `dir`.
fn writer_at_work(dir: &Path) -> bool {
    let Ok(lock) = File::open(dir.join(WRITER_LOCK)) else {
        return false; // never written by an edupol that makes snapshots
    };
    matches!(lock.try_lock_shared(), Err(TryLockError::WouldBlock))
}

/// The finished snapshots in `snapshots`, oldest first.
fn finished_snapshots(snapshots: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(snapshots) else {
        return Vec::new();
    };
    let mut found: Vec<(u128, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let id = e.file_name().to_str()?.parse().ok()?;
            Some((id, e.path()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, path)| path).collect()
}

/// Removes the snapshots in `snapshots` that no reader holds (only `only`,
/// when given), and unfinished ones left by a writer that was killed.
fn remove_unread(snapshots: &Path, only: Option<&Path>) {
    let Ok(entries) = std::fs::read_dir(snapshots) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if only.is_some_and(|only| only != path) {
            continue;
        }
        let unfinished = entry.file_name().to_string_lossy().starts_with(UNFINISHED);
        // Held while the snapshot is removed: a reader that comes meanwhile
        // waits for its shared lock, then finds no CURRENT and moves on.
        let unread = File::open(path.join(READERS))
            .ok()
            .filter(|lock| lock.try_lock().is_ok());
        if unfinished || unread.is_some() {
            // Best effort: a snapshot left behind only takes disk space,
            // and the next writer tries again.
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in for RocksDB's checkpoint: a folder with a CURRENT file.
    fn fake_checkpoint(dir: &Path) -> Result<(), String> {
        std::fs::create_dir(dir).map_err(|e| e.to_string())?;
        std::fs::write(dir.join("CURRENT"), "MANIFEST-000001\n").map_err(|e| e.to_string())
    }

    fn snapshots(dir: &Path) -> Vec<PathBuf> {
        finished_snapshots(&dir.join(SNAPSHOTS))
    }

    #[test]
    fn readers_read_the_writers_snapshot_only_while_it_writes() {
        let dir = tempfile::tempdir().unwrap();
        assert!(snapshot_to_read(dir.path()).is_none(), "no writer yet");
        let writing = begin_writing(dir.path(), fake_checkpoint).unwrap();
        let made = snapshots(dir.path());
        assert_eq!(made.len(), 1);
        let (read, reading) = snapshot_to_read(dir.path()).expect("a writer is at work");
        assert_eq!(read, made[0]);
        // A snapshot in use outlives its writer...
        drop(writing);
        assert!(snapshot_to_read(dir.path()).is_none(), "the writer is gone");
        assert_eq!(snapshots(dir.path()), made);
        // ...until its last reader is done.
        drop(reading);
        assert!(snapshots(dir.path()).is_empty());
        // Unread, a writer's snapshot goes when the writer closes.
        drop(begin_writing(dir.path(), fake_checkpoint).unwrap());
        assert!(snapshots(dir.path()).is_empty());
    }

    #[test]
    fn a_snapshot_left_by_a_killed_reader_goes_with_the_next_writer() {
        let dir = tempfile::tempdir().unwrap();
        let writing = begin_writing(dir.path(), fake_checkpoint).unwrap();
        let (_, mut reading) = snapshot_to_read(dir.path()).unwrap();
        drop(writing);
        // As if killed: the kernel releases the lock, and nothing else runs.
        drop(reading.lock.take());
        std::mem::forget(reading);
        let made = snapshots(dir.path());
        assert_eq!(made.len(), 1);
        let writing = begin_writing(dir.path(), fake_checkpoint).unwrap();
        assert_eq!(snapshots(dir.path()).len(), 1);
        assert_ne!(snapshots(dir.path()), made);
        drop(writing);
    }

    #[test]
    fn a_reader_never_removes_the_snapshot_of_a_writer_at_work() {
        let dir = tempfile::tempdir().unwrap();
        let _writing = begin_writing(dir.path(), fake_checkpoint).unwrap();
        let (first, reading) = snapshot_to_read(dir.path()).unwrap();
        drop(reading);
        let (again, _reading) = snapshot_to_read(dir.path()).unwrap();
        assert_eq!(first, again);
    }

    #[test]
    fn a_snapshot_that_cannot_be_made_leaves_readers_on_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let writing = begin_writing(dir.path(), |_| Err("no hard links here".into())).unwrap();
        assert!(snapshot_to_read(dir.path()).is_none());
        assert!(std::fs::read_dir(dir.path().join(SNAPSHOTS))
            .unwrap()
            .next()
            .is_none());
        drop(writing);
    }

    #[test]
    fn unfinished_snapshots_of_a_killed_writer_are_removed_and_never_read() {
        let dir = tempfile::tempdir().unwrap();
        let left = dir.path().join(SNAPSHOTS).join(format!("{UNFINISHED}1"));
        fake_checkpoint(&{
            std::fs::create_dir_all(left.parent().unwrap()).unwrap();
            left.clone()
        })
        .unwrap();
        let _writing = begin_writing(dir.path(), fake_checkpoint).unwrap();
        assert!(!left.exists());
        let (read, _reading) = snapshot_to_read(dir.path()).unwrap();
        assert!(!read.to_string_lossy().contains(UNFINISHED));
    }
}
