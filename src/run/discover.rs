//! Finding a run's inputs: the files named, and folders searched for `.pdf`, `.txt` and `.md`
//! files (links to folders followed once, loops and dangling links reported), sorted by path,
//! each with a meeting id that is readable, unique in the run and stable across runs.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::input::InputKind;

/// One input file to process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Where it is on disk.
    pub path: PathBuf,
    /// Its path as found under the INPUT argument (written to `source_file`).
    pub source: String,
    /// Its identifier in the output tables.
    pub meeting_id: String,
}

/// A path the search of an input folder left out, and why (on stderr and in run.json).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The path as found.
    #[serde(serialize_with = "path_with_slashes")]
    pub path: PathBuf,
    /// Why it was not searched or read.
    pub reason: String,
}

/// Finds the files named by `args`: files as given, directories searched recursively for
/// `.pdf`, `.txt` and `.md` files (following links to folders; see [`find`]). Sorted by source
/// path; meeting ids made unique. Paths left out are listed on stderr with the reason.
pub fn discover(args: &[PathBuf]) -> Result<Vec<Input>> {
    let (inputs, skipped) = find(args)?;
    report_skipped(&skipped);
    Ok(inputs)
}

/// Lists on stderr the paths the search of the inputs left out, with the reason.
pub fn report_skipped(skipped: &[Skipped]) {
    for s in skipped {
        eprintln!("kl-extract: skipped {}: {}", s.path.display(), s.reason);
    }
}

fn path_with_slashes<S: serde::Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&slash(p))
}

/// The inputs named by `args` (as [`discover`]) and the paths the search left out: links to a
/// folder are followed, but a folder is searched once (by its canonical path), so a link back
/// to a folder above it (a loop) or to a folder searched already is skipped, as is a link that
/// leads nowhere (unless it is named like an input, which then gets its row with the error).
/// Real folders come first: a linked folder is searched under the link only when it is not
/// also found without links.
pub fn find(args: &[PathBuf]) -> Result<(Vec<Input>, Vec<Skipped>)> {
    let mut found: Vec<(PathBuf, String, String)> = Vec::new();
    let mut skipped = Vec::new();
    for arg in args {
        let meta = std::fs::metadata(arg)
            .with_context(|| format!("input not found: {}", arg.display()))?;
        if meta.is_dir() {
            let mut files = Vec::new();
            walk_tree(arg, &mut files, &mut skipped)
                .with_context(|| format!("cannot list {}", arg.display()))?;
            for f in files {
                let rel = f.strip_prefix(arg).unwrap_or(&f).to_path_buf();
                found.push((f.clone(), slash(&f), slash(&rel)));
            }
        } else {
            let name = arg
                .file_name()
                .map(PathBuf::from)
                .unwrap_or_else(|| arg.clone());
            found.push((arg.clone(), slash(arg), slash(&name)));
        }
    }
    found.sort_by(|a, b| a.1.cmp(&b.1));
    found.dedup_by(|a, b| a.1 == b.1);
    let mut used = HashSet::new();
    let inputs = found
        .into_iter()
        .map(|(path, source, rel)| {
            let base = meeting_slug(&rel);
            let mut id = base.clone();
            let mut n = 2;
            while !used.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            Input {
                path,
                source,
                meeting_id: id,
            }
        })
        .collect();
    Ok((inputs, skipped))
}

/// Searches the folder `root`: its real folders first (every one recorded by its canonical
/// path), then the folders its links lead to that were not searched already, the links nearest
/// to `root` first, then in path order.
fn walk_tree(
    root: &Path,
    out: &mut Vec<PathBuf>,
    skipped: &mut Vec<Skipped>,
) -> std::io::Result<()> {
    let mut searched: std::collections::HashMap<PathBuf, PathBuf> =
        std::collections::HashMap::new();
    let mut links = std::collections::BinaryHeap::new();
    searched.insert(root.canonicalize()?, root.to_path_buf());
    walk(root, &mut searched, &mut links, out, skipped)?;
    // The links found on the way (a folder reached by one may hold more).
    while let Some(std::cmp::Reverse((_, link, target))) = links.pop() {
        if let Some(first) = searched.get(&target) {
            // A loop: the link leads to a folder it is in.
            let inside = link
                .parent()
                .and_then(|p| p.canonicalize().ok())
                .is_some_and(|p| p.starts_with(&target));
            let reason = if inside {
                format!(
                    "a link to a folder it is in, {} (a loop); that folder is read once",
                    first.display()
                )
            } else {
                format!("a link to a folder read already as {}", first.display())
            };
            skipped.push(Skipped { path: link, reason });
            continue;
        }
        searched.insert(target, link.clone());
        walk(&link, &mut searched, &mut links, out, skipped)?;
    }
    Ok(())
}

/// Links to folders waiting to be searched: (depth, link, canonical target), nearest first.
type Links = std::collections::BinaryHeap<std::cmp::Reverse<(usize, PathBuf, PathBuf)>>;

/// Searches `dir` and its real subfolders (recording them in `searched`); links to folders go
/// to `links` with their canonical target, to be searched afterwards.
fn walk(
    dir: &Path,
    searched: &mut std::collections::HashMap<PathBuf, PathBuf>,
    links: &mut Links,
    out: &mut Vec<PathBuf>,
    skipped: &mut Vec<Skipped>,
) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<std::io::Result<_>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let ft = e.file_type()?;
        if ft.is_dir() {
            let target = p.canonicalize()?;
            // Reached again inside a linked folder (a link to a folder within another one).
            if let Some(first) = searched.get(&target) {
                let reason = format!("a folder read already as {}", first.display());
                skipped.push(Skipped { path: p, reason });
                continue;
            }
            searched.insert(target, p.clone());
            walk(&p, searched, links, out, skipped)?;
        } else if ft.is_symlink() {
            match std::fs::metadata(&p) {
                Ok(m) if m.is_dir() => match p.canonicalize() {
                    Ok(target) => {
                        links.push(std::cmp::Reverse((p.components().count(), p, target)))
                    }
                    Err(e) => skipped.push(Skipped {
                        path: p,
                        reason: format!("a link to a folder that cannot be resolved: {e}"),
                    }),
                },
                // A link to a file (or to nothing, named like an input: its row says why).
                _ if InputKind::of(&p).is_some() => out.push(p),
                Ok(_) => {}
                Err(e) => {
                    let target = std::fs::read_link(&p)
                        .map_or_else(|_| "?".to_string(), |t| t.display().to_string());
                    skipped.push(Skipped {
                        path: p,
                        reason: format!("a link to {target}, which cannot be followed: {e}"),
                    });
                }
            }
        } else if InputKind::of(&p).is_some() {
            out.push(p);
        }
    }
    Ok(())
}

fn slash(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// The longest meeting id made from a path, in bytes. The table files
/// (`tables/<meeting_id>-t<n>.csv`) and JSON documents are named by it, so it stays well under
/// the 255 bytes a file name may have, with room for a `-2` suffix and the table number.
pub const MEETING_ID_MAX: usize = 100;

/// A readable, stable identifier from a relative path: `a_sans/seed_000.pdf` →
/// `a_sans-seed_000-pdf`. One longer than [`MEETING_ID_MAX`] bytes is cut, and a short hash of
/// the whole identifier makes it its own: `<first 91 bytes>-<8 hex digits>`, the same on every
/// run and machine.
pub fn meeting_slug(rel: &str) -> String {
    let s = crate::model::slug(rel);
    if s.is_empty() {
        return "meeting".into();
    }
    if s.len() <= MEETING_ID_MAX {
        return s;
    }
    let hash = xxhash_rust::xxh3::xxh3_64(s.as_bytes()) as u32;
    let mut cut = MEETING_ID_MAX - 9;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}-{hash:08x}", s[..cut].trim_end_matches('-'))
}
