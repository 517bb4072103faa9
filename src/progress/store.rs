//! Where progress lives on disk and how it gets there safely.
//!
//! Guarantees, and how each is kept:
//! * **Never half-written.** Saves go through `atomic-write-file`: a temporary file in the same
//!   directory, `fsync` of the file, `rename` over `progress.json`, then `fsync` of the directory
//!   (so the rename itself survives a power cut). A crash leaves the old file or the new one,
//!   never a mix; a failed save leaves the old file and removes the temporary one.
//!   (`tempfile::persist` renames without the fsyncs, which is why it is not used.)
//! * **Never silently lost.** A file that cannot be parsed, or that a newer build wrote, is
//!   renamed to `progress.json.corrupt-<time>` / `progress.json.from-newer-version-<time>` (never
//!   over an existing file), and the caller gets a [`Notice`] naming both paths to show.
//! * **Two instances never clobber each other.** Each save takes an exclusive lock on the sidecar
//!   `progress.lock` (std `File::lock`, an advisory `flock`), re-reads the file, merges it with
//!   the caller's state ([`Progress::merge`]: unions and maxima) and writes the result. The lock
//!   file is never deleted: deleting lock files reopens the race it closes.
//! * **A failed save costs nothing.** Errors are returned (with the path); the caller's
//!   [`Progress`] is only borrowed, so the UI keeps running and can retry.
use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use atomic_write_file::AtomicWriteFile;
use thiserror::Error;

use super::drill;
use super::model::{FORMAT_VERSION, Progress};
use super::time::Timestamp;

/// Environment variable naming the data directory (after `--data-dir`, before the platform
/// default).
pub const DATA_DIR_ENV: &str = "CLOUDTUTOR_DATA_DIR";
/// The progress file's name inside the data directory.
pub const PROGRESS_FILE: &str = "progress.json";
/// The lock file's name inside the data directory.
pub const LOCK_FILE: &str = "progress.lock";

/// Everything that can go wrong loading or saving, each with the path involved so the message
/// tells the learner what to fix.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("cannot find a data directory ({reason}); pass --data-dir DIR or set {DATA_DIR_ENV}")]
    NoDataDir { reason: String },
    #[error("could not create data directory {path}: {source}")]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("could not lock {path}: {source}")]
    Lock { path: PathBuf, source: io::Error },
    #[error("gave up after {waited:?} waiting for {path}: another cloudtutor seems stuck saving")]
    LockTimeout { path: PathBuf, waited: Duration },
    #[error("could not read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("could not write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("could not move {from} aside to {to}: {source}")]
    MoveAside {
        from: PathBuf,
        to: PathBuf,
        source: io::Error,
    },
    #[error("could not encode progress for {path}: {source}")]
    Encode {
        path: PathBuf,
        source: serde_json::Error,
    },
}

/// Picks the data directory: `--data-dir` (`cli`), else `CLOUDTUTOR_DATA_DIR` (`env`, ignored
/// when empty), else the platform's data directory (`$XDG_DATA_HOME/cloudtutor` or
/// `~/.local/share/cloudtutor` on Linux, `~/Library/Application Support/org.cloudtutor.cloudtutor`
/// on macOS, `%APPDATA%\cloudtutor\cloudtutor\data` on Windows). The caller reads the flag and the
/// variable, so the order is testable without touching the process environment.
pub fn resolve_data_dir(
    cli: Option<PathBuf>,
    env: Option<OsString>,
) -> Result<PathBuf, StoreError> {
    if let Some(dir) = cli {
        return Ok(dir);
    }
    if let Some(dir) = env.filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    platform_data_dir()
}

/// The platform default data directory for cloudtutor.
pub fn platform_data_dir() -> Result<PathBuf, StoreError> {
    use etcetera::app_strategy::{AppStrategy, AppStrategyArgs, choose_app_strategy};
    let strategy = choose_app_strategy(AppStrategyArgs {
        top_level_domain: "org".to_string(),
        author: "cloudtutor".to_string(),
        app_name: "cloudtutor".to_string(),
    })
    .map_err(|e| StoreError::NoDataDir {
        reason: e.to_string(),
    })?;
    Ok(strategy.data_dir())
}

/// Something the learner should be told after a load or save: a progress file was moved aside
/// and progress started (or continued) without it. `Display` gives the sentence to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub problem: Problem,
    /// The progress file that was found.
    pub path: PathBuf,
    /// Where it is now.
    pub moved_to: PathBuf,
}

/// Why a progress file was moved aside.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// It is not valid progress JSON (the parse error, with line and column).
    Corrupt { error: String },
    /// A newer cloudtutor wrote it in a format this build does not know.
    NewerVersion { found: u64, supported: u32 },
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.problem {
            Problem::Corrupt { error } => write!(
                f,
                "could not read saved progress {} ({error}); it was moved to {} and progress starts empty",
                self.path.display(),
                self.moved_to.display()
            ),
            Problem::NewerVersion { found, supported } => write!(
                f,
                "saved progress {} was written by a newer cloudtutor (format {found}, this one reads up to {supported}); \
                 it was moved to {} so nothing is lost, and progress starts empty here (update cloudtutor to get it back)",
                self.path.display(),
                self.moved_to.display()
            ),
        }
    }
}

/// Progress as found on disk (after a load) or as written (after a save, merged with the other
/// instances' saves), plus anything to tell the learner.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub progress: Progress,
    pub notice: Option<Notice>,
    /// After a load: how many stored times are later than the clock ([`drill::future_stamps`]),
    /// so the caller warns once (see [`Snapshot::future_warning`]); the scheduler reads those
    /// times as now. Always 0 after a save, so the warning is not repeated on every answer.
    pub future_stamps: usize,
}

impl Snapshot {
    /// The sentence to show once when the loaded file holds times from the future.
    pub fn future_warning(&self) -> Option<String> {
        (self.future_stamps > 0).then(|| {
            format!(
                "warning: {} later than this computer's clock (a clock that was wrong when {} \
                 saved?); those questions are scheduled from now",
                crate::content::plural::count(
                    self.future_stamps,
                    "saved time is",
                    "saved times are"
                ),
                if self.future_stamps == 1 {
                    "it was"
                } else {
                    "they were"
                }
            )
        })
    }
}

/// Handle on one data directory. Cheap; any number of handles (or processes) may share a
/// directory.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    lock_timeout: Duration,
}

/// What a progress file held.
enum Parsed {
    Ok(Progress),
    Bad(Problem),
}

impl Store {
    /// A store in `dir` (see [`resolve_data_dir`]). Nothing is touched until a load or save.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Store {
            dir: dir.into(),
            lock_timeout: Duration::from_secs(5),
        }
    }

    /// How long a save waits for another instance's lock before giving up (default 5 s; a save
    /// holds it for milliseconds, so only a stuck process hits this).
    pub fn with_lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = timeout;
        self
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The progress file.
    pub fn path(&self) -> PathBuf {
        self.dir.join(PROGRESS_FILE)
    }

    /// The lock file.
    pub fn lock_path(&self) -> PathBuf {
        self.dir.join(LOCK_FILE)
    }

    /// Loads progress. A missing directory or file is empty progress (first run). A corrupt file
    /// or one from a newer version is moved aside and reported in the [`Snapshot`]'s notice.
    /// A good file is read without the lock (a rename is atomic, so a reader sees a whole file);
    /// the lock is only taken to move a bad file, after checking it is still bad.
    pub fn load(&self) -> Result<Snapshot, StoreError> {
        self.load_at(Timestamp::now())
    }

    /// [`Store::load`] with the current time given, which decides what counts as a time from the
    /// future.
    pub fn load_at(&self, now: Timestamp) -> Result<Snapshot, StoreError> {
        let (progress, notice) = match self.read()? {
            None => (Progress::new(), None),
            Some(Parsed::Ok(progress)) => (progress, None),
            Some(Parsed::Bad(_)) => {
                let _lock = self.lock()?;
                self.read_locked()?
            }
        };
        let future_stamps = drill::future_stamps(&progress, now);
        Ok(Snapshot {
            progress,
            notice,
            future_stamps,
        })
    }

    /// Saves `progress`: under the lock, re-reads the file, merges it with `progress`, and
    /// writes the result atomically. Returns what was written (the caller should adopt it, to
    /// see what other instances saved). On error nothing on disk changed except, possibly, a bad
    /// file moved aside.
    pub fn save(&self, progress: &Progress) -> Result<Snapshot, StoreError> {
        self.save_fixed(progress, |_| {})
    }

    /// Saves `progress` after taking back one answer ([`drill::undo`]): like [`Store::save`],
    /// but the undo is applied again after the merge, because the file still holds the answer
    /// and a merge (a union of histories) would bring it back. Afterwards the question's record
    /// on disk is what it was before the answer.
    pub fn save_undone(
        &self,
        progress: &Progress,
        undo: &drill::Undo,
    ) -> Result<Snapshot, StoreError> {
        self.save_fixed(progress, |merged| drill::undo(merged, undo))
    }

    fn save_fixed(
        &self,
        progress: &Progress,
        fix: impl FnOnce(&mut Progress),
    ) -> Result<Snapshot, StoreError> {
        fs::create_dir_all(&self.dir).map_err(|source| StoreError::CreateDir {
            path: self.dir.clone(),
            source,
        })?;
        let _lock = self.lock()?;
        let (on_disk, notice) = self.read_locked()?;
        let mut merged = progress.clone();
        merged.merge(&on_disk);
        fix(&mut merged);
        merged.sanitize();
        let path = self.path();
        let mut bytes =
            serde_json::to_vec_pretty(&merged).map_err(|source| StoreError::Encode {
                path: path.clone(),
                source,
            })?;
        bytes.push(b'\n');
        write_atomic(&path, |file| file.write_all(&bytes))
            .map_err(|source| StoreError::Write { path, source })?;
        Ok(Snapshot {
            progress: merged,
            notice,
            future_stamps: 0,
        })
    }

    /// Reads and parses the file; `None` when there is none.
    fn read(&self) -> Result<Option<Parsed>, StoreError> {
        let path = self.path();
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(StoreError::Read { path, source }),
        };
        Ok(Some(parse(&bytes)))
    }

    /// Reads under the lock, moving a bad file aside: the progress to build on and the notice.
    fn read_locked(&self) -> Result<(Progress, Option<Notice>), StoreError> {
        match self.read()? {
            None => Ok((Progress::new(), None)),
            Some(Parsed::Ok(p)) => Ok((p, None)),
            Some(Parsed::Bad(problem)) => {
                let label = match problem {
                    Problem::Corrupt { .. } => "corrupt",
                    Problem::NewerVersion { .. } => "from-newer-version",
                };
                let path = self.path();
                let moved_to = self.move_aside(&path, label)?;
                Ok((
                    Progress::new(),
                    Some(Notice {
                        problem,
                        path,
                        moved_to,
                    }),
                ))
            }
        }
    }

    /// Renames `path` to `path.LABEL-<time>`, adding `-2`, `-3`… rather than replacing a file
    /// already moved aside in the same second. Runs under the lock, so the existence check and
    /// the rename cannot race with another instance.
    fn move_aside(&self, path: &Path, label: &str) -> Result<PathBuf, StoreError> {
        let stamp = Timestamp::now().compact();
        let base = format!("{PROGRESS_FILE}.{label}-{stamp}");
        let mut target = self.dir.join(&base);
        let mut n = 1;
        while target.try_exists().unwrap_or(true) {
            n += 1;
            target = self.dir.join(format!("{base}-{n}"));
        }
        fs::rename(path, &target).map_err(|source| StoreError::MoveAside {
            from: path.to_path_buf(),
            to: target.clone(),
            source,
        })?;
        Ok(target)
    }

    /// Takes the exclusive lock, polling so a stuck instance cannot freeze the UI forever. The
    /// lock is released when the returned file is dropped (closing it releases the `flock`).
    fn lock(&self) -> Result<File, StoreError> {
        let path = self.lock_path();
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| StoreError::Lock {
                path: path.clone(),
                source,
            })?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(fs::TryLockError::WouldBlock) => {
                    if start.elapsed() >= self.lock_timeout {
                        return Err(StoreError::LockTimeout {
                            path,
                            waited: start.elapsed(),
                        });
                    }
                    thread::sleep(Duration::from_millis(5));
                }
                Err(fs::TryLockError::Error(source)) => {
                    return Err(StoreError::Lock { path, source });
                }
            }
        }
    }
}

/// Parses file contents in two steps: first as any JSON to read `version` (so a newer format we
/// cannot parse is recognised as newer, not as corrupt), then as [`Progress`].
fn parse(bytes: &[u8]) -> Parsed {
    let corrupt = |error: String| Parsed::Bad(Problem::Corrupt { error });
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return corrupt(e.to_string()),
    };
    let Some(version) = value.get("version").and_then(serde_json::Value::as_u64) else {
        return corrupt("no `version` number at the top level".to_string());
    };
    if version > u64::from(FORMAT_VERSION) {
        return Parsed::Bad(Problem::NewerVersion {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    if version == 0 {
        return corrupt("`version` 0 was never written by cloudtutor".to_string());
    }
    // Version 1 is the first format: older versions would be migrated here.
    match serde_json::from_value::<Progress>(value) {
        Ok(mut p) => {
            p.sanitize();
            Parsed::Ok(p)
        }
        Err(e) => corrupt(e.to_string()),
    }
}

/// Writes a file atomically: temp file in the same directory, `write`, fsync, rename over
/// `path`, fsync the directory (all done by `AtomicWriteFile::commit`). If `write` fails, the
/// temp file is discarded and `path` is untouched.
fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut AtomicWriteFile) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = AtomicWriteFile::options().open(path)?;
    match write(&mut file) {
        Ok(()) => file.commit(),
        Err(e) => {
            // Best effort: dropping the file discards it too; the write error is what matters.
            let _ = file.discard();
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::model::{AnswerRecord, QuizAttempt, StoredResponse};
    use crate::quiz::Response;
    use std::sync::{Arc, Barrier};

    fn t(ms: i64) -> Timestamp {
        Timestamp::from_unix_millis(1_795_874_592_000 + ms)
    }

    fn answer(at: Timestamp) -> AnswerRecord {
        AnswerRecord {
            at,
            response: StoredResponse::Known(Response::TrueFalse { answer: true }),
            correct: true,
            score: 1.0,
            seconds: 2.0,
            ..AnswerRecord::default()
        }
    }

    fn dir_entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn missing_dir_and_file_load_empty() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path().join("not-yet"));
        let snap = store.load().unwrap();
        assert_eq!(snap.progress, Progress::new());
        assert!(snap.notice.is_none());
        assert!(!tmp.path().join("not-yet").exists(), "load creates nothing");
    }

    #[test]
    fn save_then_load_round_trips() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path().join("data"));
        let mut p = Progress::new();
        p.set_reading_position("iam", 0.5, Some("roles".into()), t(0));
        p.record_answer("iam/q1", answer(t(1)));
        p.record_attempt(
            "iam",
            QuizAttempt {
                at: t(2),
                score: 0.5,
                ..QuizAttempt::default()
            },
        );
        let saved = store.save(&p).unwrap();
        assert_eq!(saved.progress, p);
        assert!(saved.notice.is_none());
        assert_eq!(store.load().unwrap().progress, p);
        let text = fs::read_to_string(store.path()).unwrap();
        assert!(text.starts_with("{\n  \"version\": 1,"), "{text}");
        assert_eq!(dir_entries(store.dir()), [PROGRESS_FILE, LOCK_FILE]);
    }

    #[test]
    fn failed_write_leaves_old_file_and_no_temp_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(PROGRESS_FILE);
        fs::write(&path, "old").unwrap();
        let err = write_atomic(&path, |f| {
            f.write_all(b"half of the new conte")?;
            Err(io::Error::other("disk full (simulated)"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full (simulated)");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(dir_entries(tmp.path()), [PROGRESS_FILE]);

        write_atomic(&path, |f| f.write_all(b"new")).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(dir_entries(tmp.path()), [PROGRESS_FILE]);
    }

    #[test]
    fn save_error_is_returned_with_the_path() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("a-file");
        fs::write(&file, "x").unwrap();
        let store = Store::new(file.join("data"));
        let p = Progress::new();
        let before = p.clone();
        let err = store.save(&p).unwrap_err();
        assert!(matches!(err, StoreError::CreateDir { .. }), "{err:?}");
        assert!(err.to_string().contains("a-file"), "{err}");
        assert_eq!(p, before);
        assert_eq!(fs::read_to_string(&file).unwrap(), "x");
    }

    #[test]
    fn unreadable_target_is_an_error_not_a_move() {
        // `progress.json` is a directory: reading it fails even as root. That is an I/O error to
        // report, not a corrupt file to move aside, and nothing in it is touched.
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path());
        fs::create_dir(store.path()).unwrap();
        fs::write(store.path().join("keep"), "x").unwrap();
        for err in [
            store.save(&Progress::new()).unwrap_err(),
            store.load().unwrap_err(),
        ] {
            assert!(matches!(err, StoreError::Read { .. }), "{err:?}");
            assert!(err.to_string().contains(PROGRESS_FILE), "{err}");
        }
        assert_eq!(fs::read_to_string(store.path().join("keep")).unwrap(), "x");
        assert_eq!(dir_entries(store.dir()), [PROGRESS_FILE, LOCK_FILE]);
    }

    #[test]
    fn corrupt_file_is_moved_aside_with_a_notice() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path());
        fs::write(store.path(), "{\"version\": 1, \"lessons\": [").unwrap();
        let snap = store.load().unwrap();
        assert_eq!(snap.progress, Progress::new());
        let notice = snap.notice.expect("a notice");
        assert!(matches!(notice.problem, Problem::Corrupt { .. }));
        assert_eq!(notice.path, store.path());
        let name = notice.moved_to.file_name().unwrap().to_string_lossy();
        assert!(name.starts_with("progress.json.corrupt-"), "{name}");
        assert_eq!(
            fs::read_to_string(&notice.moved_to).unwrap(),
            "{\"version\": 1, \"lessons\": ["
        );
        assert!(!store.path().exists());
        let message = notice.to_string();
        assert!(
            message.contains(&store.path().display().to_string()),
            "{message}"
        );
        assert!(
            message.contains(&notice.moved_to.display().to_string()),
            "{message}"
        );

        // A second corrupt file in the same second does not replace the first.
        fs::write(store.path(), "not json").unwrap();
        let second = store.load().unwrap().notice.unwrap();
        assert_ne!(second.moved_to, notice.moved_to);
        assert!(notice.moved_to.exists() && second.moved_to.exists());
    }

    #[test]
    fn wrong_types_and_missing_version_count_as_corrupt() {
        for text in [
            r#"{"lessons": {}}"#,
            r#"{"version": "1"}"#,
            r#"{"version": 0}"#,
            r#"{"version": 1, "lessons": {"iam": {"position": "half"}}}"#,
            "[]",
            "",
        ] {
            let tmp = tempfile::tempdir().unwrap();
            let store = Store::new(tmp.path());
            fs::write(store.path(), text).unwrap();
            let notice = store.load().unwrap().notice;
            assert!(
                matches!(
                    notice,
                    Some(Notice {
                        problem: Problem::Corrupt { .. },
                        ..
                    })
                ),
                "{text:?}: {notice:?}"
            );
        }
    }

    #[test]
    fn newer_version_is_moved_aside() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path());
        let text = r#"{"version": 2, "lessons": "a shape we do not know"}"#;
        fs::write(store.path(), text).unwrap();
        let snap = store.load().unwrap();
        let notice = snap.notice.expect("a notice");
        assert_eq!(
            notice.problem,
            Problem::NewerVersion {
                found: 2,
                supported: FORMAT_VERSION
            }
        );
        let name = notice.moved_to.file_name().unwrap().to_string_lossy();
        assert!(
            name.starts_with("progress.json.from-newer-version-"),
            "{name}"
        );
        assert_eq!(fs::read_to_string(&notice.moved_to).unwrap(), text);
        assert!(notice.to_string().contains("newer cloudtutor"));
    }

    #[test]
    fn save_over_a_corrupt_file_moves_it_aside_first() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path());
        fs::write(store.path(), "garbage").unwrap();
        let mut p = Progress::new();
        p.record_answer("a/b", answer(t(0)));
        let snap = store.save(&p).unwrap();
        let notice = snap.notice.expect("a notice");
        assert_eq!(fs::read_to_string(notice.moved_to).unwrap(), "garbage");
        assert_eq!(store.load().unwrap().progress, p);
    }

    #[test]
    fn two_handles_interleaved_lose_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let a = Store::new(tmp.path());
        let b = Store::new(tmp.path());
        let mut pa = a.load().unwrap().progress;
        let mut pb = b.load().unwrap().progress;
        pa.record_answer("iam/q1", answer(t(1)));
        pb.record_answer("iam/q1", answer(t(2)));
        pb.record_answer("s3/q1", answer(t(3)));
        pb.finish_lesson("s3", t(3));
        a.save(&pa).unwrap();
        let written = b.save(&pb).unwrap().progress;
        pa.record_answer("iam/q2", answer(t(4)));
        a.save(&pa).unwrap();

        let end = a.load().unwrap().progress;
        assert_eq!(end.questions["iam/q1"].answers.len(), 2);
        assert_eq!(end.questions["s3/q1"].answers.len(), 1);
        assert_eq!(end.questions["iam/q2"].answers.len(), 1);
        assert!(end.lessons.contains_key("s3"));
        assert_eq!(
            written.questions["iam/q1"].answers.len(),
            2,
            "save returns the merge"
        );
    }

    #[test]
    fn concurrent_threads_lose_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let threads = 4;
        let per_thread = 15;
        let barrier = Arc::new(Barrier::new(threads));
        let handles: Vec<_> = (0..threads)
            .map(|n| {
                let dir = tmp.path().to_path_buf();
                let barrier = Arc::clone(&barrier);
                thread::spawn(move || {
                    let store = Store::new(dir);
                    let mut p = Progress::new();
                    barrier.wait();
                    for i in 0..per_thread {
                        p.record_answer(&format!("q/{n}"), answer(t(i)));
                        // Each thread keeps only its own state (never adopts the merge) to make
                        // the store's merge do all the work.
                        store.save(&p).unwrap();
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        let end = Store::new(tmp.path()).load().unwrap().progress;
        for n in 0..threads {
            assert_eq!(
                end.questions[&format!("q/{n}")].answers.len(),
                per_thread as usize
            );
        }
        assert_eq!(dir_entries(tmp.path()), [PROGRESS_FILE, LOCK_FILE]);
    }

    #[test]
    fn lock_times_out_instead_of_hanging() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path()).with_lock_timeout(Duration::from_millis(50));
        let held = store.lock().unwrap();
        let err = store.save(&Progress::new()).unwrap_err();
        assert!(matches!(err, StoreError::LockTimeout { .. }), "{err:?}");
        drop(held);
        store.save(&Progress::new()).unwrap();
    }

    #[test]
    fn data_dir_resolution_order() {
        let flag = PathBuf::from("/from/flag");
        let env = OsString::from("/from/env");
        assert_eq!(
            resolve_data_dir(Some(flag.clone()), Some(env.clone())).unwrap(),
            flag
        );
        assert_eq!(
            resolve_data_dir(None, Some(env.clone())).unwrap(),
            PathBuf::from("/from/env")
        );
        let platform = platform_data_dir();
        assert_eq!(
            resolve_data_dir(None, Some(OsString::new())).ok(),
            platform.as_ref().ok().cloned(),
            "an empty variable is ignored"
        );
        match (resolve_data_dir(None, None), platform) {
            (Ok(dir), Ok(expected)) => {
                assert_eq!(dir, expected);
                if cfg!(target_os = "linux") {
                    assert!(dir.ends_with("cloudtutor"), "{}", dir.display());
                }
            }
            (Err(e), Err(_)) => assert!(e.to_string().contains("--data-dir")),
            other => panic!("inconsistent: {other:?}"),
        }
    }

    #[test]
    fn undo_on_disk_restores_the_file_exactly() {
        use crate::progress::drill::tests::{at_hours, catalog};
        use crate::quiz::{Answered, grade};
        let c = catalog(2, 0);
        let (_, q) = c.question("qa/q1").unwrap();
        let tf = |right: bool| {
            let response = Response::TrueFalse { answer: right };
            Answered {
                outcome: grade(&q.kind, &response),
                response,
                elapsed: Duration::from_secs(3),
            }
        };
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let mut p = Progress::new();
        drill::record(&mut p, "qa/q1", q, at_hours(1.0), tf(true));
        p = store.save(&p).unwrap().progress;
        let before_bytes = fs::read(store.path()).unwrap();
        let before = p.clone();
        // A slip on a later review, saved, then taken back.
        let undo = drill::record(&mut p, "qa/q1", q, at_hours(80.0), tf(false));
        p = store.save(&p).unwrap().progress;
        assert_ne!(fs::read(store.path()).unwrap(), before_bytes);
        drill::undo(&mut p, &undo);
        assert_eq!(p, before);
        // A plain save would merge the answer back from the file; save_undone does not.
        let saved = store.save_undone(&p, &undo).unwrap().progress;
        assert_eq!(saved, before);
        assert_eq!(store.load().unwrap().progress, before);
        assert_eq!(
            fs::read(store.path()).unwrap(),
            before_bytes,
            "the file is as it was"
        );
    }

    #[test]
    fn load_counts_times_from_the_future_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let mut p = Progress::new();
        let now = Timestamp::parse_rfc3339("2026-11-30T08:00:00Z").unwrap();
        p.record_answer(
            "a/b",
            answer(Timestamp::parse_rfc3339("2027-11-30T08:00:00Z").unwrap()),
        );
        p.record_answer(
            "a/c",
            answer(Timestamp::parse_rfc3339("2026-11-29T08:00:00Z").unwrap()),
        );
        let saved = store.save(&p).unwrap();
        assert_eq!(saved.future_stamps, 0, "a save never repeats the warning");
        let loaded = store.load_at(now).unwrap();
        assert_eq!(loaded.future_stamps, 1);
        let warning = loaded.future_warning().unwrap();
        assert!(
            warning.starts_with(
                "warning: 1 saved time is later than this computer's clock (a clock that was \
                 wrong when it was saved?)"
            ),
            "{warning}"
        );
        let later = Timestamp::parse_rfc3339("2028-01-01T00:00:00Z").unwrap();
        assert_eq!(store.load_at(later).unwrap().future_warning(), None);
    }
}
