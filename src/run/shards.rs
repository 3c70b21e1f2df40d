//! Shards of a run (`--shard K/N`: the inputs whose meeting id hashes to shard K) and the merge of
//! the shard runs' stores into one output folder, refusing an incomplete set unless asked.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use serde::Serialize;

use crate::error::UsageError;
use crate::run::discover::Input;
use crate::run::store::Store;

/// `--shard K/N`: shard `k` (1-based) of `n` of `inputs`: the inputs whose `meeting_id` (made
/// from the path below the INPUT argument, unique in the run) hashes (XXH3) to `k - 1` modulo
/// `n`. The same inputs give the same shards on every machine, wherever the archive is mounted
/// (the `source_file` holds the argument too), and the shards together are all the inputs,
/// each once.
pub fn shard(inputs: Vec<Input>, k: usize, n: usize) -> Vec<Input> {
    inputs
        .into_iter()
        .filter(|i| {
            xxhash_rust::xxh3::xxh3_64(i.meeting_id.as_bytes()) % n as u64 == (k as u64 - 1)
        })
        .collect()
}

/// The shards a merge combined: `of` N, the numbers given and those missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ShardSet {
    /// N.
    pub of: usize,
    /// The shard numbers merged, ascending.
    pub merged: Vec<usize>,
    /// The numbers of 1..=N not given (only with `--allow-partial`).
    pub missing: Vec<usize>,
}

/// For `merge`: the inputs of the shard runs in `shards` (output folders), from their stores,
/// in the order one run over all of them gives, with every stored result copied into the store
/// of `out` (cleared first). Each result must have been made by this version with `settings`
/// (see [`settings_of`]); an input in two shards is an error, and so is a folder without a
/// shard record, shards of different N and — unless `allow_partial` — a set of shards with
/// some of 1..=N missing (a usage error naming them). Nothing is copied before every shard is
/// checked.
pub fn merge_stores(
    shards: &[PathBuf],
    out: &Path,
    settings: &str,
    allow_partial: bool,
) -> Result<(Vec<Input>, ShardSet)> {
    let mut found: Vec<(usize, Input)> = Vec::new();
    let mut seen = std::collections::HashMap::new();
    let mut numbers: Vec<(usize, usize, &PathBuf)> = Vec::new();
    let mut stores = Vec::new();
    for (s, dir) in shards.iter().enumerate() {
        let store_dir = dir.join(crate::outdir::STORE_DIR);
        if !store_dir.is_dir() {
            bail!(
                "{} holds no kl-extract results (no {} folder): give merge the --out folders \
                 of the shard runs",
                dir.display(),
                crate::outdir::STORE_DIR
            );
        }
        if let Some(pid) = crate::outdir::Lock::holder(dir) {
            return Err(UsageError(format!(
                "{} is still being written by a kl-extract run (process {pid}): merge it when \
                 that run has finished",
                dir.display()
            ))
            .into());
        }
        let store = Store::at(store_dir);
        for h in store.headers()? {
            let k = &h.key;
            if k.version != env!("CARGO_PKG_VERSION") {
                bail!(
                    "{} was made by kl-extract {} (this is {}): run the shards and the merge \
                     with the same version",
                    dir.display(),
                    k.version,
                    env!("CARGO_PKG_VERSION")
                );
            }
            if k.settings != settings {
                bail!(
                    "{} was made with other settings than this merge ({}): give merge the \
                     --ocr, --password/--password-file and --max-file-size options the shards \
                     were run with, and run it where the Danish word list (hunspell-da) is \
                     installed or missing as it was for them",
                    dir.display(),
                    k.source
                );
            }
            if let Some(other) = seen.insert(k.meeting_id.clone(), s) {
                bail!(
                    "{} is in two shards ({} and {}): give merge each shard once, made with the \
                     same inputs and N",
                    k.source,
                    shards[other].display(),
                    dir.display()
                );
            }
            found.push((
                s,
                Input {
                    path: PathBuf::from(&k.source),
                    source: k.source.clone(),
                    meeting_id: k.meeting_id.clone(),
                },
            ));
        }
        match store.read_shard() {
            Some((k, n)) => numbers.push((k, n, dir)),
            None if allow_partial => {}
            None => {
                return Err(UsageError(format!(
                    "{} was not made with --shard K/N (or by an older kl-extract): merge cannot \
                     tell whether the shards are complete; give --allow-partial to merge it \
                     anyway",
                    dir.display()
                ))
                .into())
            }
        }
        stores.push(store);
    }
    let mut set = ShardSet::default();
    if let Some(&(_, n, first)) = numbers.first() {
        if let Some((k, m, dir)) = numbers.iter().find(|(_, m, _)| *m != n) {
            return Err(UsageError(format!(
                "the shards are of different sets: {} is shard {k}/{m}, {} one of {n}: give \
                 merge the shards of one run (the same N)",
                dir.display(),
                first.display()
            ))
            .into());
        }
        let mut merged: Vec<usize> = numbers.iter().map(|(k, _, _)| *k).collect();
        merged.sort_unstable();
        merged.dedup();
        set = ShardSet {
            of: n,
            missing: (1..=n).filter(|k| !merged.contains(k)).collect(),
            merged,
        };
        if !set.missing.is_empty() && !allow_partial {
            let missing: Vec<String> = set.missing.iter().map(|k| k.to_string()).collect();
            return Err(UsageError(format!(
                "shard{} {} of {n} {} missing: give merge the --out folders of all {n} shard \
                 runs (or --allow-partial to merge only these)",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", "),
                if missing.len() > 1 { "are" } else { "is" },
            ))
            .into());
        }
    }
    let target = Store::open(out, false)?;
    for (s, input) in &found {
        target.copy_from(&stores[*s], &input.meeting_id)?;
    }
    let mut found: Vec<Input> = found.into_iter().map(|(_, i)| i).collect();
    found.sort_by(|a, b| a.source.cmp(&b.source));
    Ok((found, set))
}
