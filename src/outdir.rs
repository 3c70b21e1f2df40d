//! The output folder: one run at a time, and only its own files.
//!
//! - *The lock* ([`Lock`]): a run holds an exclusive `flock` on `OUT/.kl-extract/lock` (which
//!   holds its process id) for as long as it runs. A second run into the same folder refuses,
//!   naming the process. The kernel lets go of the lock when its process ends however it ends,
//!   so the lock of a killed run is simply taken over.
//! - *Ownership* ([`OutDir`]): `OUT/.kl-extract/outputs` lists every output path (relative to
//!   `OUT`) the tool wrote there. A path is added before its file is made, so a killed run's list
//!   holds everything it left. A run removes only listed files; it refuses to start, naming the
//!   path, when a file it did not write sits where it must write one, or when one of its paths
//!   (`tables/`, `json/`, an output file, the store) is a symbolic link — links out of `OUT` are
//!   never followed. At its end the list is exactly what the run left in `OUT`.
//! - *Temporary files*: the run's own temporary folder, `OUT/.kl-extract/tmp/` (on the output's
//!   file system, so files move from it into place), is emptied when a run starts and removed
//!   when it ends. Worker processes get it as `TMPDIR`.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};

use crate::error::UsageError;

/// The lock file in the store.
pub const LOCK_FILE: &str = "lock";
/// The tool's own folder inside the output folder: the store of records, the lock, the list
/// of outputs and the run's temporary folder.
pub const STORE_DIR: &str = ".kl-extract";
/// The list of the outputs the tool wrote, in the store.
pub const MANIFEST_FILE: &str = "outputs";
/// The run's temporary folder in the store.
pub const TMP_DIR: &str = "tmp";
/// The folder of the table files.
pub const TABLES_DIR: &str = "tables";
/// The folder of the JSON documents.
pub const JSON_DIR: &str = "json";
/// The run's summary file.
pub const RUN_JSON: &str = "run.json";

/// The exclusive lock on an output folder, held until dropped.
#[derive(Debug)]
pub struct Lock {
    _file: fs::File,
}

/// Refuses `path` when it is a symbolic link.
fn refuse_link(path: &Path) -> Result<()> {
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(UsageError(format!(
            "{} is a symbolic link: kl-extract does not follow links out of the output folder; \
             remove the link, or give another --out",
            path.display()
        ))
        .into());
    }
    Ok(())
}

impl Lock {
    /// Takes the lock on output folder `out` (which must exist), creating the store folder.
    /// Another live run holding it is a usage error naming its process.
    pub fn acquire(out: &Path) -> Result<Lock> {
        let store = out.join(STORE_DIR);
        refuse_link(&store)?;
        fs::create_dir_all(&store).with_context(|| format!("cannot create {}", store.display()))?;
        let path = store.join(LOCK_FILE);
        refuse_link(&path)?;
        let mut file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .with_context(|| format!("cannot open the lock file {}", path.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::io::AsRawFd;
            // SAFETY: flock on a file descriptor this function owns.
            let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
            if rc != 0 {
                let e = std::io::Error::last_os_error();
                if e.raw_os_error() == Some(libc::EWOULDBLOCK) {
                    let mut pid = String::new();
                    let _ = file.read_to_string(&mut pid);
                    let who = match pid.trim() {
                        "" => "another kl-extract run".to_string(),
                        pid => format!("another kl-extract run (process {pid})"),
                    };
                    return Err(UsageError(format!(
                        "{who} is writing into {}: wait for it to finish, or give this run \
                         another --out",
                        out.display()
                    ))
                    .into());
                }
                // A file system without locks (some network mounts): go on unlocked.
                eprintln!(
                    "kl-extract: note: cannot lock {} ({e}); make sure no other run writes there",
                    path.display()
                );
            }
        }
        file.set_len(0)
            .and_then(|_| file.write_all(format!("{}\n", std::process::id()).as_bytes()))
            .with_context(|| format!("cannot write the lock file {}", path.display()))?;
        Ok(Lock { _file: file })
    }

    /// The process id held in the lock of output folder `out` when a run holds it now.
    pub fn holder(out: &Path) -> Option<String> {
        let path = out.join(STORE_DIR).join(LOCK_FILE);
        let mut file = fs::File::open(&path).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::io::AsRawFd;
            // SAFETY: flock on a file descriptor this function owns (released when it closes).
            let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_SH | libc::LOCK_NB) };
            let e = std::io::Error::last_os_error();
            if rc == 0 || e.raw_os_error() != Some(libc::EWOULDBLOCK) {
                return None;
            }
            let mut pid = String::new();
            let _ = file.read_to_string(&mut pid);
            Some(pid.trim().to_string())
        }
        #[cfg(not(unix))]
        {
            let _ = &mut file;
            None
        }
    }
}

/// Whether `rel` is a path the tool writes: a plain name in `OUT` (not the store), or a plain
/// name in `tables/` or `json/`. Other lines of a manifest are ignored: no list can make the
/// tool remove anything else.
fn safe_rel(rel: &str) -> bool {
    let plain = |n: &str| !n.is_empty() && n != "." && n != ".." && !n.contains(['/', '\\', '\0']);
    match rel.split_once('/') {
        None => plain(rel) && !rel.starts_with(STORE_DIR),
        Some((dir, name)) => (dir == TABLES_DIR || dir == JSON_DIR) && plain(name),
    }
}

/// What a run is about to write.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The meeting ids of its inputs (its table files and JSON documents are named by them).
    pub meeting_ids: HashSet<String>,
    /// The files it writes at the top of the folder (besides `run.json`).
    pub files: Vec<String>,
    /// Every file at the top a run of this tool may write (what an older run that kept no
    /// list of its files is taken to have written).
    pub known_files: Vec<String>,
    /// Whether it keeps table files in `tables/`…
    pub tables: bool,
    /// …and JSON documents in `json/`.
    pub json: bool,
}

impl Plan {
    /// Whether `name` (in `tables/`) is a table file of one of the inputs: `<meeting_id>-t<n>.csv`.
    fn table_file(&self, name: &str) -> bool {
        name.strip_suffix(".csv")
            .and_then(|s| s.rsplit_once("-t"))
            .is_some_and(|(id, n)| {
                !n.is_empty()
                    && n.bytes().all(|b| b.is_ascii_digit())
                    && self.meeting_ids.contains(id)
            })
    }

    /// Whether `name` (in `json/`) is the JSON document of one of the inputs.
    fn json_file(&self, name: &str) -> bool {
        name.strip_suffix(".json")
            .is_some_and(|id| self.meeting_ids.contains(id))
    }
}

struct State {
    /// The list on disk: what earlier runs left and this run has added.
    owned: BTreeSet<String>,
    /// What this run has written and not removed.
    written: BTreeSet<String>,
    /// The list, open for appending.
    journal: fs::File,
}

/// An output folder a run holds: its lock, and the list of the tool's files in it.
pub struct OutDir {
    out: PathBuf,
    store: PathBuf,
    tmp: PathBuf,
    plan: Plan,
    state: Mutex<State>,
    _lock: Lock,
}

impl std::fmt::Debug for OutDir {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutDir").field("out", &self.out).finish()
    }
}

impl OutDir {
    /// Prepares output folder `out` (held with `lock`) for a run that writes `plan`: refuses
    /// links and files in the way (usage errors naming the path), removes the table files and
    /// JSON documents an earlier run listed (they are written again), and empties the
    /// temporary folder.
    pub fn prepare(lock: Lock, out: &Path, plan: Plan) -> Result<OutDir> {
        let store = out.join(STORE_DIR);
        let manifest = store.join(MANIFEST_FILE);
        refuse_link(&manifest)?;
        let tmp = store.join(TMP_DIR);
        refuse_link(&tmp)?;
        let mut owned = match fs::read_to_string(&manifest) {
            Ok(text) => text
                .lines()
                .filter(|l| safe_rel(l))
                .map(str::to_string)
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                earlier_version_outputs(out, &plan.known_files)
            }
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", manifest.display())),
        };

        // Links and files in the way, before anything is touched.
        let tables = out.join(TABLES_DIR);
        let json = out.join(JSON_DIR);
        refuse_link(&tables)?;
        if plan.json || owned.iter().any(|r| r.starts_with("json/")) {
            refuse_link(&json)?;
        }
        let fixed = plan.files.iter().map(String::as_str).chain([RUN_JSON]);
        for name in fixed {
            let path = out.join(name);
            refuse_link(&path)?;
            if let Ok(m) = fs::symlink_metadata(&path) {
                if m.is_dir() {
                    return Err(UsageError(format!(
                        "{} is a folder, where kl-extract writes a file of that name: move it \
                         out of the output folder, or give another --out",
                        path.display()
                    ))
                    .into());
                }
                if !owned.contains(name) {
                    return Err(in_the_way(&path, &manifest));
                }
            }
        }
        for (dir, wanted, is_ours) in [
            (&tables, true, Plan::table_file as fn(&Plan, &str) -> bool),
            (&json, plan.json, Plan::json_file),
        ] {
            match fs::symlink_metadata(dir) {
                Ok(m) if !m.is_dir() && wanted => {
                    return Err(UsageError(format!(
                        "{} is a file, where kl-extract makes a folder: move it out of the \
                         output folder, or give another --out",
                        dir.display()
                    ))
                    .into())
                }
                Ok(m) if m.is_dir() && wanted => {
                    let rel_dir = dir.file_name().unwrap_or_default().to_string_lossy();
                    for e in fs::read_dir(dir)
                        .with_context(|| format!("cannot list {}", dir.display()))?
                        .flatten()
                    {
                        let name = e.file_name().to_string_lossy().into_owned();
                        let rel = format!("{rel_dir}/{name}");
                        if is_ours(&plan, &name) && !owned.contains(&rel) {
                            return Err(in_the_way(&e.path(), &manifest));
                        }
                    }
                }
                _ => {}
            }
        }

        // The earlier run's table files and documents go (this run writes its own).
        let earlier: Vec<String> = owned
            .iter()
            .filter(|r| r.starts_with("tables/") || r.starts_with("json/"))
            .cloned()
            .collect();
        for rel in earlier {
            let path = out.join(&rel);
            if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
                crate::files::remove_if_there(&path)?;
            }
            owned.remove(&rel);
        }
        if !plan.json {
            // An empty folder left by the documents of an earlier run.
            let _ = fs::remove_dir(&json);
        }
        match fs::remove_dir_all(&tmp) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(e).with_context(|| format!("cannot empty {}", tmp.display()))
            }
            _ => {}
        }
        fs::create_dir_all(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        write_list(&tmp, &manifest, &owned)?;
        let journal = fs::OpenOptions::new()
            .append(true)
            .open(&manifest)
            .with_context(|| format!("cannot open {}", manifest.display()))?;
        Ok(OutDir {
            out: out.to_path_buf(),
            store,
            tmp,
            plan,
            state: Mutex::new(State {
                owned,
                written: BTreeSet::new(),
                journal,
            }),
            _lock: lock,
        })
    }

    /// The output folder.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// The store folder.
    pub fn store(&self) -> &Path {
        &self.store
    }

    /// The run's temporary folder (on the output's file system).
    pub fn tmp(&self) -> &Path {
        &self.tmp
    }

    /// Lists `rels` (paths relative to the output folder) as the run's, before they are written.
    pub fn record<S: AsRef<str>>(&self, rels: &[S]) -> Result<()> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let mut add = String::new();
        for rel in rels {
            let rel = rel.as_ref();
            debug_assert!(safe_rel(rel), "{rel}");
            if st.owned.insert(rel.to_string()) {
                add.push_str(rel);
                add.push('\n');
            }
            st.written.insert(rel.to_string());
        }
        if !add.is_empty() {
            st.journal.write_all(add.as_bytes()).with_context(|| {
                format!("cannot write {}", self.store.join(MANIFEST_FILE).display())
            })?;
        }
        Ok(())
    }

    /// Removes the run's file `rel` (listed by [`record`](Self::record)).
    pub fn remove(&self, rel: &str) -> Result<()> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        crate::files::remove_if_there(&self.out.join(rel))?;
        st.written.remove(rel);
        Ok(())
    }

    /// Takes `rel` off what the run has written, without touching the file (one it could not
    /// write).
    pub fn forget(&self, rel: &str) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.written.remove(rel);
    }

    /// What the run has written so far (relative paths, sorted).
    pub fn written(&self) -> Vec<String> {
        let st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.written.iter().cloned().collect()
    }

    /// Ends the run's use of the folder: the tool's files this run did not write (an earlier
    /// run's outputs in a format not asked for now) are removed, then the list is made exactly
    /// what the run left, and the temporary folder is removed.
    pub fn finish(&self) -> Result<()> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let stale: Vec<String> = st.owned.difference(&st.written).cloned().collect();
        for rel in stale {
            let path = self.out.join(&rel);
            // A folder is never one of the tool's files (one that stood in the way of a file).
            if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
                crate::files::remove_if_there(&path)?;
            }
            st.owned.remove(&rel);
        }
        for (dir, keep) in [(TABLES_DIR, self.plan.tables), (JSON_DIR, self.plan.json)] {
            if !keep {
                // Only when empty: a folder holding someone else's files stays.
                let _ = fs::remove_dir(self.out.join(dir));
            }
        }
        let manifest = self.store.join(MANIFEST_FILE);
        write_list(&self.tmp, &manifest, &st.written)?;
        st.owned = st.written.clone();
        drop(st);
        let _ = fs::remove_dir_all(&self.tmp);
        Ok(())
    }
}

impl Drop for OutDir {
    fn drop(&mut self) {
        // Also when the run stopped with an error: no temporary file stays behind.
        let _ = fs::remove_dir_all(&self.tmp);
    }
}

/// Writes the list `rels` to `path` (through `tmp`).
fn write_list(tmp: &Path, path: &Path, rels: &BTreeSet<String>) -> Result<()> {
    let mut text = String::new();
    for r in rels {
        text.push_str(r);
        text.push('\n');
    }
    crate::files::write_atomic_via(tmp, path, text.as_bytes(), false)
}

fn in_the_way(path: &Path, manifest: &Path) -> anyhow::Error {
    UsageError(format!(
        "{} is in the way: kl-extract writes a file of that name, and it did not write this one \
         (it is not in {}, the list of its earlier outputs); move it out of the output folder, \
         or give another --out",
        path.display(),
        manifest.display()
    ))
    .into()
}

/// The outputs of a run of a kl-extract version that kept no list (0.2.0 and before), read from
/// what it wrote: its `run.json` (which names the tool), the CSV files, the workbook, the table
/// files that `tables.csv` names and the JSON documents of the meetings in `meetings.csv`.
/// Nothing when `OUT` holds no kl-extract `run.json`.
fn earlier_version_outputs(out: &Path, known: &[String]) -> BTreeSet<String> {
    let mut owned = BTreeSet::new();
    let run: Option<serde_json::Value> = fs::read(out.join(RUN_JSON))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    if run.as_ref().and_then(|r| r["tool"].as_str()) != Some(env!("CARGO_PKG_NAME")) {
        return owned;
    }
    owned.insert(RUN_JSON.to_string());
    owned.extend(known.iter().cloned());
    let column = |file: &str, col: &str| -> Vec<String> {
        let Ok(bytes) = fs::read(out.join(file)) else {
            return Vec::new();
        };
        // Either dialect (--excel-csv: a byte-order mark and `;`).
        let (bytes, delimiter) = match bytes.strip_prefix("\u{feff}".as_bytes()) {
            Some(rest) => (rest.to_vec(), b';'),
            None => (bytes, b','),
        };
        let mut r = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(bytes.as_slice());
        let Some(k) = r
            .headers()
            .ok()
            .and_then(|h| h.iter().position(|c| c == col))
        else {
            return Vec::new();
        };
        r.records()
            .flatten()
            .filter_map(|rec| rec.get(k).map(str::to_string))
            .collect()
    };
    owned.extend(
        column("tables.csv", "file")
            .into_iter()
            .filter(|f| f.starts_with("tables/") && safe_rel(f)),
    );
    owned.extend(
        column("meetings.csv", "meeting_id")
            .into_iter()
            .map(|id| format!("{JSON_DIR}/{id}.json"))
            .filter(|f| safe_rel(f)),
    );
    // Its temporary files, left by a run that was killed (`.<name>.tmp-<pid>` beside the file).
    for (dir, prefix) in [(out.to_path_buf(), ""), (out.join(TABLES_DIR), "tables/")] {
        for e in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let temp_of = name
                .strip_prefix('.')
                .and_then(|n| n.rsplit_once(".tmp-"))
                .filter(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
                .map(|(of, _)| of.to_string());
            let ours = temp_of.is_some_and(|of| {
                if prefix.is_empty() {
                    owned.contains(&of)
                } else {
                    of.ends_with(".csv")
                }
            });
            if ours && e.file_type().is_ok_and(|t| t.is_file()) {
                owned.insert(format!("{prefix}{name}"));
            }
        }
    }
    owned
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::csv::Format;

    fn plan(ids: &[&str], formats: &[Format]) -> Plan {
        crate::views::plan(ids.iter().map(|s| s.to_string()).collect(), formats)
    }

    #[test]
    fn only_plain_output_paths_are_listed() {
        for ok in [
            "files.csv",
            "tables/a-t1.csv",
            "json/a.json",
            "kl-extract.xlsx",
        ] {
            assert!(safe_rel(ok), "{ok}");
        }
        for bad in [
            "",
            "..",
            "../x.csv",
            "tables/../../x",
            "/etc/passwd",
            "other/x.csv",
            "tables/a/b.csv",
            ".kl-extract",
            "tables/",
        ] {
            assert!(!safe_rel(bad), "{bad}");
        }
    }

    #[test]
    fn table_and_json_names_of_the_inputs() {
        let p = plan(&["a-pdf", "a-pdf-2"], &[Format::Csv]);
        assert!(p.table_file("a-pdf-t1.csv"));
        assert!(p.table_file("a-pdf-2-t12.csv"));
        assert!(!p.table_file("notes.csv"));
        assert!(!p.table_file("a-pdf-t.csv"));
        assert!(!p.table_file("b-pdf-t1.csv"));
        assert!(p.json_file("a-pdf.json"));
        assert!(!p.json_file("b.json"));
    }

    #[test]
    fn a_second_lock_is_refused_and_a_dropped_one_taken_over() {
        let tmp = tempfile::tempdir().unwrap();
        let first = Lock::acquire(tmp.path()).unwrap();
        let e = Lock::acquire(tmp.path()).unwrap_err();
        assert!(e.downcast_ref::<UsageError>().is_some());
        let msg = e.to_string();
        assert!(
            msg.contains(&format!("(process {})", std::process::id())),
            "{msg}"
        );
        assert_eq!(
            Lock::holder(tmp.path()),
            Some(std::process::id().to_string())
        );
        drop(first);
        assert_eq!(Lock::holder(tmp.path()), None);
        Lock::acquire(tmp.path()).unwrap();
    }

    #[test]
    fn the_list_follows_what_a_run_leaves() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        let p = plan(&["a"], &[Format::Csv, Format::Json]);
        let dir = OutDir::prepare(Lock::acquire(out).unwrap(), out, p.clone()).unwrap();
        fs::create_dir_all(out.join("json")).unwrap();
        dir.record(&["json/a.json", "files.csv"]).unwrap();
        fs::write(out.join("json/a.json"), b"{}").unwrap();
        fs::write(out.join("files.csv"), b"x").unwrap();
        // Killed here: the list on disk already holds both.
        let listed = fs::read_to_string(out.join(".kl-extract/outputs")).unwrap();
        assert_eq!(listed, "json/a.json\nfiles.csv\n");
        dir.finish().unwrap();
        drop(dir);
        assert!(!out.join(".kl-extract/tmp").exists());
        // A CSV-only run removes the document it does not write again, and its folder.
        let dir = OutDir::prepare(Lock::acquire(out).unwrap(), out, plan(&["a"], &[])).unwrap();
        assert!(!out.join("json").exists());
        dir.record(&["files.csv"]).unwrap();
        dir.finish().unwrap();
        let listed = fs::read_to_string(out.join(".kl-extract/outputs")).unwrap();
        assert_eq!(listed, "files.csv\n");
    }
}
