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

use super::thresholds::Thresholds;

/// The classified outcome of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Decision {
    /// The classified outcome.
    pub outcome: Outcome,
    /// The sentence it came from.
    pub sentence: String,
}

/// The outcomes a main clause can state, strongest first: a postponed or rejected item was not
/// approved; an item approved after a discussion was approved; approved and forwarded is
/// approved, forwarded alone is referred. Each has its passive or participle forms, which state
/// the outcome whatever the subject ("Godkendt.", "Indstillingen er tiltrådt.", "sendt til
/// Teknisk Udvalg"), and its active forms, which do so only with the deciding body as subject
/// ("Byrådet tiltrådte indstillingen"; not "Arne Boelt anbefalede …"). "Sagen genoptages" is a
/// weak postponement, below all others.
static OUTCOMES: LazyLock<Vec<(Outcome, Regex, Regex)>> = LazyLock::new(|| {
    [
        (
            Outcome::Udsat,
            r"\budsat\b|\budsættes\b",
            r"\budsatte\b|\budsætter\b",
        ),
        (
            Outcome::Afvist,
            r"\bafvist\b|\bafvises\b|\bforkastet\b|\bforkastes\b|\bikke\s+(?:godkendt|vedtaget|tiltrådt|anbefalet)\b",
            r"\bafviste\b|\bafviser\b|\bforkastede\b|\bforkaster\b",
        ),
        (
            Outcome::Godkendt,
            r"\bgodkendt\b|\bgodkendes\b|\bvedtaget\b|\bvedtages\b|\btiltrådt\b|\btiltrædes\b|\bbevilget\b|\bbevilges\b",
            r"\bgodkendte\b|\bgodkender\b|\bvedtog\b|\bvedtager\b|\btiltrådte\b|\btiltræder\b|\bbevilgede\b|\bbesluttede\s+at\s+(?:godkende|vedtage)\b",
        ),
        (
            Outcome::Anbefalet,
            r"\banbefales\b|\banbefalet\b",
            r"\banbefalede\b|\banbefaler\b|\bindstiller\b|\bindstillede\b",
        ),
        (
            Outcome::Henvist,
            r"\b(?:fremsendes|fremsendt|oversendes|oversendt|henvises|henvist|videresendes|videresendt|tilbagesendes|tilbagesendt|tilbagevises|tilbagevist)\b|\b(?:videre)?sen(?:des|dt)\s+(?:videre\s+)?(?:tilbage\s+)?til\b",
            r"\b(?:oversendte|fremsendte|henviste|videresendte|tilbagesendte)\b|\bsendte\b[^.]*\btil\b",
        ),
        (
            Outcome::TagetTilEfterretning,
            r"\b(?:taget|tages)\b[^.]*\btil\s+(?:efterretning|orientering)\b|\borientering(?:en)?\s+(?:er\s+|blev\s+)?givet\b|^til\s+(?:efterretning|orientering)\b",
            r"\b(?:tog|tager)\b[^.]*\btil\s+(?:efterretning|orientering)\b",
        ),
        (
            Outcome::Droeftet,
            r"\bdrøftet\b|\bdrøftes\b|\bder\s+var\s+en\s+drøftelse\b",
            r"\bdrøftede\b|\bdrøfter\b",
        ),
        (Outcome::Udsat, r"\bgenoptages\b|\bgenoptaget\b", r"\bgenoptog\b"),
    ]
    .into_iter()
    .map(|(o, passive, active)| {
        (
            o,
            // Matched against the lower-cased clause: no case folding to compile.
            Regex::new(passive).expect("valid outcome pattern"),
            Regex::new(active).expect("valid outcome pattern"),
        )
    })
    .collect()
});

/// A committee recommending a decision to another body: "Indstilles godkendt.", "Anbefales
/// godkendt", "indstilles til godkendelse".
static RECOMMENDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:indstilles|anbefales)\s+(?:godkendt|vedtaget|tiltrådt|til\s+godkendelse)\b",
    )
    .expect("valid pattern")
});

/// "… med bemærkning, at byrådet har vedtaget …": the remark holds the outcome.
static REMARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bmed\s+(?:den\s+)?bemærkning,?\s+at\s+").expect("valid pattern")
});

/// Subjects that make a sentence the body's own: the committee and the usual names of a
/// deciding body, a group of its members ("6 medlemmer (V+A+C+N)", "Et flertal"), or the
/// matter itself in the passive ("Sagen blev udsat", "Indstillingen godkendt").
static BODY_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:kkr\b|kl\b|\S*udvalget\b|bestyrelsen|formandskabet|kommunalbestyrelsen|byrådet|regionsrådet|borgerrepræsentationen|magistraten|mødet|direktionen|sagen|punktet|indstillingen|indstillingerne|orienteringen|forslaget|det\s+blev|der\s+blev|\d+\s+medlem|et\s+(?:enigt\s+)?(?:flertal|udvalg)|et\s+samlet\s+udvalg|et\s+enigt)",
    )
    .expect("valid subject pattern")
});

/// A view attributed to someone, or an impersonal recommendation in the text ("Fra Aalborg
/// Kommune anbefales, at …", "Fremadrettet anbefales det, at …"): its passive verb is not an
/// outcome.
static ATTRIBUTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:fra|ifølge)\s|\b(?:anbefales|foreslås|ønskes|vurderes)\s+det\b|\bdet\s+(?:anbefales|foreslås|vurderes)\b")
        .expect("valid pattern")
});

/// Sentences about an amendment ("Ændringsforslaget blev forkastet"): not the item's outcome.
static AMENDMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)ændringsforslag").expect("valid pattern"));

/// Where a sentence's main clause ends: a subordinate clause ("…, at …", "… om, at …") holds
/// what was recommended or reported, not what the body did.
static SUBORDINATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i),?\s+(?:om,?\s+)?at\s|,\s*(?:hvis|når|så)\s").unwrap());

/// Compiles the patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    LazyLock::force(&OUTCOMES);
    LazyLock::force(&RECOMMENDS);
    LazyLock::force(&REMARK);
    LazyLock::force(&BODY_SUBJECT);
    LazyLock::force(&AMENDMENT);
    LazyLock::force(&ATTRIBUTED);
    LazyLock::force(&SUBORDINATE);
    LazyLock::force(&BODY_HEADING);
}

/// The decision stated in `beslutning` (an item's Beslutning text), `committee` being the
/// meeting's body as printed in the title block ("KKR Nordjylland"). `None` for an empty text.
pub fn classify(beslutning: &str, committee: Option<&str>, th: &Thresholds) -> Option<Decision> {
    let sentences = sentences(beslutning);
    let first = sentences.first()?;
    // The strongest outcome (its place in OUTCOMES) over the sentences, and the first
    // sentence that states it; amendments only when nothing else states an outcome.
    let mut best: Option<(usize, &str)> = None;
    let mut amendment: Option<(usize, &str)> = None;
    for s in &sentences {
        let Some(rank) = sentence_outcome(s, committee, th) else {
            continue;
        };
        let slot = if AMENDMENT.is_match(s) {
            &mut amendment
        } else {
            &mut best
        };
        if slot.is_none_or(|(b, _)| rank < b) {
            *slot = Some((rank, s));
        }
    }
    let (outcome, sentence) = best
        .or(amendment)
        .map_or((Outcome::Other, first.as_str()), |(rank, s)| {
            (OUTCOMES[rank].0, s)
        });
    Some(Decision {
        outcome,
        sentence: sentence.to_string(),
    })
}

/// The outcome one sentence states (its rank in OUTCOMES), read from its main clause.
fn sentence_outcome(s: &str, committee: Option<&str>, th: &Thresholds) -> Option<usize> {
    // "Tilbagesendes … med bemærkning, at byrådet … har vedtaget …": the remark is the clause.
    let s = REMARK.find(s).map_or(s, |m| &s[m.end()..]);
    let main = SUBORDINATE.find(s).map_or(s, |m| &s[..m.start()]);
    if RECOMMENDS.is_match(main) {
        return OUTCOMES
            .iter()
            .position(|(o, _, _)| *o == Outcome::Anbefalet);
    }
    let bodys = is_the_bodys(s, committee, th);
    let main = main.to_lowercase();
    let passive_counts = !ATTRIBUTED.is_match(&main);
    OUTCOMES.iter().position(|(_, passive, active)| {
        passive_counts && passive.is_match(&main) || bodys && active.is_match(&main)
    })
}

/// Whether `s` states what the body did: its subject is the committee or a deciding body, or
/// it is a bare formula.
fn is_the_bodys(s: &str, committee: Option<&str>, th: &Thresholds) -> bool {
    let lower = s.to_lowercase();
    committee.is_some_and(|c| !c.is_empty() && lower.starts_with(&c.to_lowercase()))
        || BODY_SUBJECT.is_match(&lower)
        || s.split_whitespace().count() <= th.decisions.formula_max_words
}

/// "Beslutning i Byrådet (18-21) den 01-10-2018": a decision heading naming a body and a date.
static BODY_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^beslutning(?:er)?\s+(?:i|fra|på)\s+(.+?)(?:,|\s+den|\s+d\.)\s+(.+?)\s*:?$")
        .expect("valid pattern")
});

/// The body a document's decision headings name with the meeting's `date` (`YYYY-MM-DD`): the
/// meeting's own decisions, when its title block does not name it.
pub fn body_of_headings(items: &[super::Item], date: &str) -> Option<String> {
    items
        .iter()
        .flat_map(|it| &it.sections)
        .filter_map(|s| BODY_HEADING.captures(&s.heading))
        .find(|c| super::meeting::parse_date_time(&c[2]).0.as_deref() == Some(date))
        .map(|c| c[1].trim().to_string())
}

/// Whether a decision heading is the meeting's own: it names no other body or date
/// ("Beslutning", "Beslutninger"), or names the meeting's committee or date.
pub fn is_own_block(heading: &str, meeting: &super::Meeting) -> bool {
    let h = heading.trim().trim_end_matches(':').trim().to_lowercase();
    if h == "beslutning" || h == "beslutninger" {
        return true;
    }
    let date = super::meeting::parse_date_time(heading).0;
    date.is_some() && date == meeting.date
        || meeting
            .committee
            .as_deref()
            .is_some_and(|c| !c.is_empty() && h.contains(&c.to_lowercase()))
            && date.is_none_or(|d| Some(d) == meeting.date)
}

/// The sentences of a text: split after `.`, `!` or `?` followed by a space and a capital
/// letter or digit, and at paragraph and list-item breaks. Abbreviations such as "bl.a." or
/// "pkt. 3" are not followed by a capital, so they do not split.
pub(super) fn sentences(text: &str) -> Vec<String> {
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

    const TH: &Thresholds = &Thresholds::DEFAULT;

    fn outcome(text: &str) -> Option<&'static str> {
        classify(text, Some("KKR Nordjylland"), TH).map(|d| d.outcome.as_str())
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
            TH,
        )
        .unwrap();
        assert_eq!(d.outcome, Outcome::Anbefalet);
    }

    #[test]
    fn a_persons_report_is_not_an_outcome() {
        let text = "Arne Boelt orienterede om, at der er udsendt en videnspakke – og \
                    anbefalede at man får kendskab til materialet. Der går nu et arbejde i gang.";
        let d = classify(text, Some("KKR Nordjylland"), TH).unwrap();
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
