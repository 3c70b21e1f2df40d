//! Decisions: the outcome of an item in the minutes, read from its *Beslutning* text and
//! classified (`godkendt`, `anbefalet`, `taget til efterretning`, `drøftet`, `udsat`, `afvist`,
//! `other`), with the sentence it came from.
//!
//! A Beslutning text often tells the discussion before the outcome ("Arne Boelt gav en status …
//! KKR Nordjylland tog orienteringen til efterretning."), and a sentence may recommend that
//! something be approved elsewhere ("… anbefalede, at Socialaftalen godkendes i
//! kommunalbestyrelserne"). So the outcome is read from the main clause of the sentences whose
//! subject is the meeting's body (the committee, "Udvalget", …) or that are a bare formula
//! ("Godkendt."); a person's report ("Arne Boelt orienterede …") is not an outcome.

use std::sync::LazyLock;

use regex::Regex;

/// The classified outcome of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Approved ("godkendte", "Godkendt").
    Godkendt,
    /// Recommended to another body ("anbefalede", "anbefales").
    Anbefalet,
    /// Noted ("tog sagen til efterretning").
    TagetTilEfterretning,
    /// Discussed ("drøftede sagen").
    Droeftet,
    /// Postponed ("Sagen blev udsat").
    Udsat,
    /// Rejected ("afviste", "Afvist").
    Afvist,
    /// Referred to another body or sent back to the administration ("Fremsendes til Teknisk
    /// Udvalg", "Oversendes til …", "Tilbagesendes …" without an approval).
    Henvist,
    /// A Beslutning text with none of these outcomes.
    Other,
}

impl Outcome {
    /// The value written to the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Godkendt => "godkendt",
            Outcome::Anbefalet => "anbefalet",
            Outcome::TagetTilEfterretning => "taget til efterretning",
            Outcome::Droeftet => "drøftet",
            Outcome::Udsat => "udsat",
            Outcome::Afvist => "afvist",
            Outcome::Henvist => "henvist",
            Outcome::Other => "other",
        }
    }
}

/// An item's decision: the outcome and the sentence of the Beslutning text it was read from
/// (the text's first sentence for `other`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The classified outcome.
    pub outcome: Outcome,
    /// The sentence it came from.
    pub sentence: String,
}

/// The outcomes a main clause can state, strongest first: a postponed or rejected item was not
/// approved; an item approved after a discussion was approved.
static OUTCOMES: LazyLock<Vec<(Outcome, Regex)>> = LazyLock::new(|| {
    [
        (Outcome::Udsat, r"\budsat(?:te)?\b|\budsæt(?:ter|tes|te)\b"),
        (Outcome::Afvist, r"\bafvis(?:te|es|er)\b|\bafvist\b"),
        (Outcome::Godkendt, r"\bgodkend(?:te|t|es|er)\b"),
        (Outcome::Anbefalet, r"\banbefal(?:ede|et|es|er)\b"),
        (
            Outcome::TagetTilEfterretning,
            r"\b(?:tog|tager|taget|tages)\b[^.]*\btil\s+efterretning\b",
        ),
        (
            Outcome::Droeftet,
            r"\bdrøft(?:ede|et|es|er)\b|\bder\s+var\s+en\s+drøftelse\b",
        ),
    ]
    .into_iter()
    .map(|(o, p)| {
        (
            o,
            Regex::new(&format!("(?i){p}")).expect("valid outcome pattern"),
        )
    })
    .collect()
});

/// Subjects that make a sentence the body's own: the committee and the usual names of a
/// deciding body, or the matter itself in the passive ("Sagen blev udsat", "Indstillingen
/// godkendt").
static BODY_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:kkr\b|kl\b|udvalget|bestyrelsen|formandskabet|kommunalbestyrelsen|byrådet|regionsrådet|mødet|direktionen|sagen|punktet|indstillingen|indstillingerne|orienteringen|forslaget|det\s+blev)",
    )
    .expect("valid subject pattern")
});

/// Where a sentence's main clause ends: a subordinate clause ("…, at …", "… om, at …") holds
/// what was recommended or reported, not what the body did.
static SUBORDINATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i),?\s+(?:om,?\s+)?at\s|,\s*(?:hvis|når|så)\s").unwrap());

/// Sentences of at most this many words count as a bare formula ("Godkendt.", "Taget til
/// efterretning.") whatever their subject.
const FORMULA_MAX_WORDS: usize = 4;

/// Compiles the patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    LazyLock::force(&OUTCOMES);
    LazyLock::force(&BODY_SUBJECT);
    LazyLock::force(&SUBORDINATE);
}

/// The decision stated in `beslutning` (an item's Beslutning text), `committee` being the
/// meeting's body as printed in the title block ("KKR Nordjylland"). `None` for an empty text.
pub fn classify(beslutning: &str, committee: Option<&str>) -> Option<Decision> {
    let sentences = sentences(beslutning);
    let first = sentences.first()?;
    // The strongest outcome (its place in OUTCOMES) over the body's sentences, and the first
    // sentence that states it.
    let mut best: Option<(usize, &str)> = None;
    for s in &sentences {
        if !is_the_bodys(s, committee) {
            continue;
        }
        let main = SUBORDINATE.find(s).map_or(s.as_str(), |m| &s[..m.start()]);
        let found = OUTCOMES.iter().position(|(_, re)| re.is_match(main));
        if let Some(rank) = found {
            if best.is_none_or(|(b, _)| rank < b) {
                best = Some((rank, s));
            }
        }
    }
    let (outcome, sentence) = best.map_or((Outcome::Other, first.as_str()), |(rank, s)| {
        (OUTCOMES[rank].0, s)
    });
    Some(Decision {
        outcome,
        sentence: sentence.to_string(),
    })
}

/// Whether `s` states what the body did: its subject is the committee or a deciding body, or
/// it is a bare formula.
fn is_the_bodys(s: &str, committee: Option<&str>) -> bool {
    let lower = s.to_lowercase();
    committee.is_some_and(|c| !c.is_empty() && lower.starts_with(&c.to_lowercase()))
        || BODY_SUBJECT.is_match(&lower)
        || s.split_whitespace().count() <= FORMULA_MAX_WORDS
}

/// The sentences of a text: split after `.`, `!` or `?` followed by a space and a capital
/// letter or digit, and at paragraph and list-item breaks. Abbreviations such as "bl.a." or
/// "pkt. 3" are not followed by a capital, so they do not split.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        let para = para.trim().trim_start_matches("- ").trim();
        if para.is_empty() {
            continue;
        }
        let chars: Vec<(usize, char)> = para.char_indices().collect();
        let mut start = 0;
        for k in 0..chars.len() {
            let (i, c) = chars[k];
            if !matches!(c, '.' | '!' | '?') {
                continue;
            }
            let next_is_space = chars.get(k + 1).is_some_and(|(_, n)| n.is_whitespace());
            let then_capital = chars
                .get(k + 2)
                .is_some_and(|(_, n)| n.is_uppercase() || n.is_ascii_digit());
            if next_is_space && then_capital {
                out.push(para[start..=i].trim().to_string());
                start = chars[k + 1].0;
            }
        }
        let rest = para[start..].trim();
        if !rest.is_empty() {
            out.push(rest.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(text: &str) -> Option<&'static str> {
        classify(text, Some("KKR Nordjylland")).map(|d| d.outcome.as_str())
    }

    #[test]
    fn outcomes_of_typical_formulas() {
        assert_eq!(outcome("Godkendt."), Some("godkendt"));
        assert_eq!(
            outcome("Taget til efterretning."),
            Some("taget til efterretning")
        );
        assert_eq!(outcome("Sagen blev udsat til næste møde."), Some("udsat"));
        assert_eq!(outcome("Udvalget afviste forslaget."), Some("afvist"));
        assert_eq!(outcome(""), None);
    }

    #[test]
    fn the_main_clause_decides_not_what_was_recommended() {
        let d = classify(
            "KKR Nordjylland drøftede sagen og anbefalede, at Socialaftalen godkendes i de \
             nordjyske kommunalbestyrelser.",
            Some("KKR Nordjylland"),
        )
        .unwrap();
        assert_eq!(d.outcome, Outcome::Anbefalet);
    }

    #[test]
    fn a_persons_report_is_not_an_outcome() {
        let text = "Arne Boelt orienterede om, at der er udsendt en videnspakke – og \
                    anbefalede at man får kendskab til materialet. Der går nu et arbejde i gang.";
        let d = classify(text, Some("KKR Nordjylland")).unwrap();
        assert_eq!(d.outcome, Outcome::Other);
        assert!(
            d.sentence.starts_with("Arne Boelt orienterede"),
            "{}",
            d.sentence
        );
    }

    #[test]
    fn sentences_split_at_capitals_not_abbreviations() {
        assert_eq!(
            sentences("Der er bl.a. flere unge. KKR tog det til efterretning.\n\n- Punkt to"),
            [
                "Der er bl.a. flere unge.",
                "KKR tog det til efterretning.",
                "Punkt to"
            ]
        );
    }
}
