//! The reuse policy: which earlier results of a run into the same output folder stand
//! (`--resume`, `--retry-failed`, `merge`), by the key of their stored record.

use crate::pipeline::Status;
use crate::run::discover::Input;
use crate::run::store::{Key, Pass, Store};

/// Which earlier results a run reuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reuse {
    /// None: every input is read.
    #[default]
    Nothing,
    /// `--resume`: inputs whose stored result has the same content hash, tool version and
    /// settings are not read again.
    Finished,
    /// `--retry-failed`: as `Finished`, but failed and partial inputs are read again.
    Successes,
    /// `merge`: every stored result taken as it is, its evidence with it ([`merge_stores`] has
    /// checked their version and settings; the inputs are not hashed again: they may be on
    /// another machine).
    Stored,
}

/// The pass of `inp`'s stored result when it can be reused as it is.
pub(crate) fn reusable(store: &Store, inp: &Input, settings: &str, reuse: Reuse) -> Option<Pass> {
    if reuse == Reuse::Nothing {
        return None;
    }
    let header = store.read_header(&inp.meeting_id)?;
    if reuse == Reuse::Successes && header.status != Status::Ok {
        return None;
    }
    let evidence = store.read_evidence(&inp.meeting_id)?;
    if reuse == Reuse::Stored {
        return (evidence.key.as_ref() == Some(&header.key)).then_some(header.pass);
    }
    let key = Key::of(&inp.source, &inp.meeting_id, &inp.path, settings);
    (header.key == key && evidence.key.as_ref() == Some(&key)).then_some(header.pass)
}
