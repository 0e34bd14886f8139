//! The erasure journal: what people had erased — their account, a draft — by random id
//! only (no personal data), one JSON line each, kept apart from the database and from
//! its backups (`files.erasure_journal`, by default `<data_dir>/erasure-journal.jsonl`,
//! which `rathaus backup` does not pack). A backup taken before an erasure still holds
//! what was erased; `rathaus restore` (and `rathaus files replay-erasures` after a PostgreSQL
//! restore) erases it again from this journal before anyone can read it.
//!
//! An entry is written before the erasure commits: if the commit then fails, the replay
//! erases what the person asked to have erased anyway. Retention and the draft purge
//! need no entry: they run again by themselves after a restore.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use uuid::Uuid;

use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErasureKind {
    /// The person deleted their account.
    Account,
    /// The person deleted a draft application.
    Draft,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Erasure {
    pub at: DateTime<Utc>,
    pub kind: ErasureKind,
    pub id: Uuid,
}

/// The journal file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    path: PathBuf,
}

impl Journal {
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one entry and flushes it to the disk before the erasure commits.
    pub fn record(&self, erasure: &Erasure) -> Result<()> {
        let fail = |e: std::io::Error| {
            Error::Config(format!(
                "cannot write the erasure journal {}: {e}. Fix: make it writable, or set files.erasure_journal",
                self.path.display()
            ))
        };
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(fail)?;
        let mut line = serde_json::to_vec(erasure)?;
        line.push(b'\n');
        file.write_all(&line).map_err(fail)?;
        file.sync_data().map_err(fail)
    }

    /// Every entry, oldest first; a journal that does not exist is empty. A line that
    /// cannot be read is an error naming it (a torn last line from a crash is skipped).
    pub fn entries(&self) -> Result<Vec<Erasure>> {
        let file = match std::fs::File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(Error::Config(format!(
                    "cannot read the erasure journal {}: {e}",
                    self.path.display()
                )));
            }
        };
        let lines: Vec<String> = std::io::BufReader::new(file).lines().collect::<std::io::Result<_>>()?;
        let last = lines.len().saturating_sub(1);
        let mut entries = Vec::new();
        for (number, line) in lines.iter().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str(line) {
                Ok(entry) => entries.push(entry),
                Err(_) if number == last => tracing::warn!(journal = %self.path.display(), "skipped a torn last line"),
                Err(e) => {
                    return Err(Error::Invalid(format!(
                        "erasure journal {}, line {}: {e}",
                        self.path.display(),
                        number + 1
                    )));
                }
            }
        }
        Ok(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_read_back_a_missing_journal_is_empty_and_a_torn_last_line_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path().join("sub/erasures.jsonl"));
        assert!(journal.entries().unwrap().is_empty());
        let first = Erasure {
            at: Utc::now(),
            kind: ErasureKind::Account,
            id: Uuid::new_v4(),
        };
        let second = Erasure {
            kind: ErasureKind::Draft,
            ..first.clone()
        };
        journal.record(&first).unwrap();
        journal.record(&second).unwrap();
        assert_eq!(journal.entries().unwrap(), vec![first.clone(), second.clone()]);
        let mut file = std::fs::OpenOptions::new().append(true).open(journal.path()).unwrap();
        file.write_all(b"{\"at\":\"2026-").unwrap();
        assert_eq!(journal.entries().unwrap().len(), 2);
        std::fs::write(journal.path(), "nonsense\n{}\n").unwrap();
        assert!(journal.entries().unwrap_err().to_string().contains("line 1"));
    }
}
