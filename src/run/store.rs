//! The run's store: what each input gave, kept on disk in `OUT/.kl-extract/` as soon as the
//! file is finished, so that results never pile up in memory, a killed run loses only the files
//! being read at that moment, and `--resume` / `--retry-failed` can skip the files already done.
//!
//! Per input (named by a hash of its meeting id) there are two files, each written atomically:
//! - `<id>.evidence.json`: what its first pass taught the batch (its mid-line spellings and the
//!   repair decisions they could overturn), under the input's [`Key`];
//! - `<id>.record`: its rows of every output. Line 1 is a small JSON header (key, pass, status,
//!   pages, seconds) read on its own to decide whether the file is done; line 2 is the rows.
//!
//! The record is written last: a file is done when its record is there with the right key.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use crate::files::write_atomic_via;
use crate::outdir::{LOCK_FILE, MANIFEST_FILE, STORE_DIR, TMP_DIR};
use crate::pipeline::Status;
use crate::repair::OpenDecision;

/// The layout of the records this version stores: 2, the typed result of the pipeline
/// ([`crate::pipeline::FileResult`]); 1 was its CSV rows.
pub const RECORD_FORMAT: u32 = 2;

/// What a stored result was made from: it is reused only when all of it is the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Key {
    /// The tool's version.
    pub version: String,
    /// The layout of the stored record ([`RECORD_FORMAT`]): a store of another layout is not
    /// reused (a header without it does not read).
    pub record: u32,
    /// Fingerprint of the settings that change results (OCR mode, passwords, size guard, word
    /// list present).
    pub settings: String,
    /// The input's `source_file`.
    pub source: String,
    /// Its meeting id.
    pub meeting_id: String,
    /// Hash of its bytes ([`content_hash`]).
    pub content_hash: String,
}

impl Key {
    /// The key of the input at `path` (its bytes hashed now) under this tool version and
    /// `settings`.
    pub fn of(source: &str, meeting_id: &str, path: &Path, settings: &str) -> Key {
        Key {
            version: env!("CARGO_PKG_VERSION").to_string(),
            record: RECORD_FORMAT,
            settings: settings.to_string(),
            source: source.to_string(),
            meeting_id: meeting_id.to_string(),
            content_hash: content_hash(path),
        }
    }
}

/// Which pass made a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pass {
    /// The file read with its own evidence.
    First,
    /// The file redone with the batch's spellings, identified by their fingerprint.
    Batch(String),
}

/// The header of a stored record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// What the record was made from.
    pub key: Key,
    /// Which pass made it.
    pub pass: Pass,
    /// The file's outcome.
    pub status: Status,
    /// Pages in the file.
    pub pages: usize,
    /// Seconds it took.
    pub seconds: f64,
}

/// What an input's first pass taught the batch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The input it came from.
    pub key: Option<Key>,
    /// Its mid-line spellings, sorted.
    pub vocabulary: Vec<String>,
    /// Its repair decisions that other spellings could overturn.
    pub open: Vec<OpenDecision>,
}

/// The shard a store's run read (`--shard K/N`).
#[derive(Debug, Serialize, Deserialize)]
struct ShardRecord {
    k: usize,
    n: usize,
}

/// The store of one output folder.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// Opens the store in output folder `out`; `keep` keeps an earlier run's results (for
    /// `--resume`), otherwise they are removed.
    /// The lock, the list of outputs and the run's temporary folder stay (see
    /// [`crate::outdir`]).
    pub fn open(out: &Path, keep: bool) -> Result<Store> {
        let dir = out.join(STORE_DIR);
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        if !keep {
            let clear = || -> std::io::Result<()> {
                for e in fs::read_dir(&dir)? {
                    let e = e?;
                    let name = e.file_name();
                    if [LOCK_FILE, MANIFEST_FILE, TMP_DIR]
                        .iter()
                        .any(|n| name == *n)
                    {
                        continue;
                    }
                    if e.file_type()?.is_dir() {
                        fs::remove_dir_all(e.path())?;
                    } else {
                        fs::remove_file(e.path())?;
                    }
                }
                Ok(())
            };
            clear().with_context(|| format!("cannot clear {} of an earlier run", dir.display()))?;
        }
        let tmp = dir.join(TMP_DIR);
        fs::create_dir_all(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        Ok(Store { dir })
    }

    /// A store at `dir` as it is (in a worker process).
    pub fn at(dir: PathBuf) -> Store {
        Store { dir }
    }

    /// The store's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn name(meeting_id: &str) -> String {
        format!("{:016x}", xxh3_64(meeting_id.as_bytes()))
    }

    fn record_path(&self, meeting_id: &str) -> PathBuf {
        self.dir.join(format!("{}.record", Store::name(meeting_id)))
    }

    fn evidence_path(&self, meeting_id: &str) -> PathBuf {
        self.dir
            .join(format!("{}.evidence.json", Store::name(meeting_id)))
    }

    /// Where the batch's spellings are written for the second pass.
    pub fn vocabulary_path(&self) -> PathBuf {
        self.dir.join("vocabulary.txt")
    }

    /// The run's temporary folder (removed at the end of the run: see [`crate::outdir`]).
    pub fn tmp_dir(&self) -> PathBuf {
        self.dir.join(TMP_DIR)
    }

    /// Writes `bytes` to `path` in the store atomically, through the run's temporary folder
    /// (or beside `path` when there is none).
    pub fn write_file(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        let tmp = self.tmp_dir();
        let via = if tmp.is_dir() {
            tmp.as_path()
        } else {
            path.parent().unwrap_or(&self.dir)
        };
        write_atomic_via(via, path, bytes, false)
    }

    fn shard_path(&self) -> PathBuf {
        self.dir.join("shard.json")
    }

    /// Records which shard (`K/N`) of the inputs the run reads (none: all of them).
    pub fn write_shard(&self, shard: Option<(usize, usize)>) -> Result<()> {
        match shard {
            Some((k, n)) => {
                let bytes = serde_json::to_vec(&ShardRecord { k, n })?;
                self.write_file(&self.shard_path(), &bytes)
            }
            None => crate::files::remove_if_there(&self.shard_path()),
        }
    }

    /// The shard (`K/N`) the store's run read, if it was a shard run.
    pub fn read_shard(&self) -> Option<(usize, usize)> {
        let bytes = fs::read(self.shard_path()).ok()?;
        let r: ShardRecord = serde_json::from_slice(&bytes).ok()?;
        Some((r.k, r.n))
    }

    /// Stores a file's record (after the evidence, when there is any): its header, then the
    /// record itself, each a line of JSON.
    pub fn write_record<R: Serialize>(&self, header: &Header, record: &R) -> Result<()> {
        let mut bytes = serde_json::to_vec(header)?;
        bytes.push(b'\n');
        serde_json::to_writer(&mut bytes, record)?;
        bytes.push(b'\n');
        self.write_file(&self.record_path(&header.key.meeting_id), &bytes)
    }

    /// Stores an input's evidence.
    pub fn write_evidence(&self, meeting_id: &str, e: &Evidence) -> Result<()> {
        let bytes = serde_json::to_vec(e)?;
        self.write_file(&self.evidence_path(meeting_id), &bytes)
    }

    /// The header of the input's record, if one is stored and readable.
    pub fn read_header(&self, meeting_id: &str) -> Option<Header> {
        header_at(&self.record_path(meeting_id)).ok()
    }

    /// The input's stored record.
    pub fn read_record<R: serde::de::DeserializeOwned>(
        &self,
        meeting_id: &str,
    ) -> Result<(Header, R)> {
        let path = self.record_path(meeting_id);
        let text = fs::read_to_string(&path)
            .with_context(|| format!("cannot read the stored result {}", path.display()))?;
        let (head, rows) = text.split_once('\n').unwrap_or((&text, ""));
        let header = serde_json::from_str(head)
            .with_context(|| format!("damaged stored result {}", path.display()))?;
        let rows = serde_json::from_str(rows.trim_end())
            .with_context(|| format!("damaged stored result {}", path.display()))?;
        Ok((header, rows))
    }

    /// The input's stored evidence, if any.
    pub fn read_evidence(&self, meeting_id: &str) -> Option<Evidence> {
        let bytes = fs::read(self.evidence_path(meeting_id)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// The headers of every readable record in the store (in no particular order).
    pub fn headers(&self) -> Result<Vec<Header>> {
        let mut out = Vec::new();
        for e in fs::read_dir(&self.dir)
            .with_context(|| format!("cannot list {}", self.dir.display()))?
        {
            let path = e?.path();
            if path.extension().is_some_and(|x| x == "record") {
                out.push(header_at(&path)?);
            }
        }
        Ok(out)
    }

    /// Copies the record and evidence of `meeting_id` from `other` into this store.
    pub fn copy_from(&self, other: &Store, meeting_id: &str) -> Result<()> {
        for (from, to) in [
            (
                other.evidence_path(meeting_id),
                self.evidence_path(meeting_id),
            ),
            (other.record_path(meeting_id), self.record_path(meeting_id)),
        ] {
            if !from.exists() {
                continue;
            }
            let bytes =
                fs::read(&from).with_context(|| format!("cannot read {}", from.display()))?;
            self.write_file(&to, &bytes)?;
        }
        Ok(())
    }

    /// Only the open decisions of the input's stored evidence (its spellings are skipped, not
    /// kept), if any.
    pub fn read_open(&self, meeting_id: &str) -> Option<Vec<OpenDecision>> {
        #[derive(Deserialize)]
        struct Open {
            open: Vec<OpenDecision>,
        }
        let bytes = fs::read(self.evidence_path(meeting_id)).ok()?;
        serde_json::from_slice::<Open>(&bytes).ok().map(|o| o.open)
    }
}

/// The header (first line) of the record at `path`.
fn header_at(path: &Path) -> Result<Header> {
    let f = fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut line = String::new();
    BufReader::new(f)
        .read_line(&mut line)
        .with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&line).with_context(|| format!("damaged stored result {}", path.display()))
}

/// A hash of the file's bytes (XXH3, 128 bits, hex): the same file gives the same hash on
/// every machine and version. An unreadable file hashes to an empty string, and so does
/// anything but a regular file (a FIFO would block, `/dev/zero` never ends).
pub fn content_hash(path: &Path) -> String {
    if !fs::metadata(path).is_ok_and(|m| m.file_type().is_file()) {
        return String::new();
    }
    let Ok(mut f) = fs::File::open(path) else {
        return String::new();
    };
    let mut h = Xxh3::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => h.update(&buf[..n]),
            Err(_) => return String::new(),
        }
    }
    format!("{:032x}", h.digest128())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_and_headers_read_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path(), false).unwrap();
        let key = Key {
            version: "1".into(),
            record: RECORD_FORMAT,
            settings: "s".into(),
            source: "a.pdf".into(),
            meeting_id: "a-pdf".into(),
            content_hash: "h".into(),
        };
        let header = Header {
            key: key.clone(),
            pass: Pass::First,
            status: Status::Ok,
            pages: 3,
            seconds: 0.5,
        };
        // Any serialisable record (the pipeline's result in a run).
        let rows: (Vec<String>, Option<u32>) = (vec!["a\nb".into(), "\"x\"".into()], Some(3));
        assert!(store.read_header("a-pdf").is_none());
        store.write_record(&header, &rows).unwrap();
        assert_eq!(store.read_header("a-pdf").unwrap(), header);
        assert_eq!(store.read_record("a-pdf").unwrap(), (header, rows));
        // A new run without resume starts empty.
        let store = Store::open(tmp.path(), false).unwrap();
        assert!(store.read_header("a-pdf").is_none());
    }

    #[test]
    fn content_hash_follows_the_bytes() {
        let tmp = tempfile::tempdir().unwrap();
        let a = tmp.path().join("a");
        fs::write(&a, b"%PDF-1.4 one").unwrap();
        let h1 = content_hash(&a);
        assert_eq!(h1.len(), 32);
        fs::write(&a, b"%PDF-1.4 two").unwrap();
        assert_ne!(content_hash(&a), h1);
        assert_eq!(content_hash(&tmp.path().join("missing")), "");
    }
}
