//! One settings value for the whole pipeline: every stage's thresholds — the input stage's
//! ([`crate::input::Thresholds`]: glyphs to lines, PDF reading, the OCR decision and engine,
//! ruling lines in scans), repair's ([`crate::repair::Thresholds`]) and structure's
//! ([`crate::structure::Thresholds`]). Each stage names its values where it uses them; this
//! gathers them so the pipeline passes one value in, a run sends it to its workers, and the
//! resume key hashes it: a stored result made under other thresholds is read again.

use serde::{Deserialize, Serialize};

/// Every threshold of every stage. `Default` is the tool's own tuning.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// PDF and text input, OCR.
    pub input: crate::input::Thresholds,
    /// Running headers and footers, hyphenation, leftovers.
    pub repair: crate::repair::Thresholds,
    /// Meeting, participants, items, sections, decisions, votes, attachments, tables.
    pub structure: crate::structure::Thresholds,
}

impl Settings {
    /// A fingerprint of the values (part of every stored result's key).
    pub fn fingerprint(&self) -> String {
        let text = serde_json::to_string(self).unwrap_or_default();
        crate::files::fingerprint(text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_threshold_changes_the_fingerprint_and_round_trips() {
        let base = Settings::default();
        let mut other = base.clone();
        other.repair.header_band += 0.01;
        assert_ne!(base.fingerprint(), other.fingerprint());
        let mut other = base.clone();
        other.structure.tables.row_gap += 0.01;
        assert_ne!(base.fingerprint(), other.fingerprint());
        let mut other = base.clone();
        other.input.ocr.render_dpi += 1;
        assert_ne!(base.fingerprint(), other.fingerprint());
        let text = serde_json::to_string(&other).unwrap();
        assert_eq!(serde_json::from_str::<Settings>(&text).unwrap(), other);
        assert_eq!(base.fingerprint(), Settings::default().fingerprint());
    }
}
