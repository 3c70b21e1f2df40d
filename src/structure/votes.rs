//! Votes and dissent, read from an item's decision blocks and its record of earlier treatment
//! (`Sagsforløb`): who voted for, against or abstained, ballot by ballot, in the forms minutes
//! print them — "For: 20 (…) Imod: 6 (…)", "For stemte: A, F og Ø (15)", "Imod stemte V og O
//! (10)", "C og F undlod at stemme", "Liste B stemte imod", "Et mindretal (V) stemte imod",
//! "X kunne ikke tiltræde indstillingen" (against), "6 medlemmer (V+A+C+N) anbefaler", "O (1)
//! kan ikke anbefale", "Anbefales med 3 stemmer for (A) og 1 stemme imod (C)", "Forslaget blev
//! forkastet med 31 stemmer imod 9. 7 undlod.".

use std::sync::LazyLock;

use regex::Regex;

use super::decisions;
use super::thresholds::Thresholds;
use super::{Position, Section, Vote};
use crate::language::headings;

/// A label and what follows it: "For: 20 (…)", "Imod stemte: V og O (10)", "Undlod at stemme:
/// C", "Følgende undlod at stemme: C og F".
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[.;:)]\s+|\d\s+)(?:følgende\s+)?(for|imod|undlod(?:\s+at\s+stemme)?|hverken\s+for\s+eller\s+imod|blank(?:e|t)?)(?:\s+stemte|\s+stemmer)?\s*:\s*")
        .unwrap()
});
/// "For stemte A, F og Ø (15)": the label without a colon.
static LABEL_STEMTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[.;]\s+)(?:følgende\s+)?(for|imod)\s+stemte\s+").unwrap()
});
/// A subject and its vote: "Liste B stemte imod", "C og F undlod at stemme", "X kunne ikke
/// tiltræde indstillingen", "O (1) kan ikke anbefale", "6 medlemmer (V+A+C+N) anbefaler".
static SUBJECT_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(.+?)\s+(?:(stemte|stemmer)\s+(for|imod|mod)\b|(undlod|undlader|afstod)\s+(?:at\s+stemme|fra\s+at\s+stemme)|(kunne|kan)\s+(ikke\s+)?(tiltræde|anbefale|godkende|støtte)\b|(anbefaler|anbefalede|tiltræder|tiltrådte|godkender)\b)")
        .unwrap()
});
/// "med 3 stemmer for (A) og 1 stemme imod (C)": counts with their positions.
static COUNTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d+)\s+stemmer?\s+(for|imod|mod)\b(?:\s*\(([^)]*)\))?").unwrap()
});
/// "med 31 stemmer imod 9": the majority and the minority.
static AGAINST_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bmed\s+(\d+)\s+(?:stemmer\s+)?(?:imod|mod)\s+(\d+)\b").unwrap()
});
/// "7 undlod", "2 stemte blankt".
static ABSTAIN_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[.,;]\s*|\s)(\d+)\s+(?:medlemmer\s+)?(?:undlod|undlader|stemte\s+blankt|stemte\s+hverken)").unwrap()
});
/// A rejected proposal: the majority in "med 31 stemmer imod 9" voted against.
static REJECTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:forkast|afvis|afvist|bortfald)").unwrap());
/// What opens a new ballot in the same block: an amendment, then the proposal.
static BALLOT_OPENER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)ændringsforslag|\bafstemning\b|\bstemt\s+om\b|\bsat\s+til\s+afstemning|^(?:herefter|derefter|indstillingen|forslaget)\b")
        .unwrap()
});
/// A count in parentheses after a list: "A, F og Ø (15)".
static TRAILING_COUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*?)\s*\((\d+)\)\s*[.,;:]?\s*$").unwrap());

/// Compiles this module's patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    for pattern in [
        &LABEL,
        &LABEL_STEMTE,
        &SUBJECT_VERB,
        &COUNTED,
        &AGAINST_COUNT,
        &ABSTAIN_COUNT,
        &REJECTED,
        &BALLOT_OPENER,
        &TRAILING_COUNT,
    ] {
        LazyLock::force(pattern);
    }
}

fn position(word: &str) -> Position {
    let w = word.to_lowercase();
    if w.starts_with("imod") || w == "mod" {
        Position::Imod
    } else if w.starts_with("for") {
        Position::For
    } else {
        Position::Undlod
    }
}

/// The voters in `list` as printed: party letters and named members split ("A, F og Ø",
/// "V+A+C+N", "Jens Hansen (A), Mette Sørensen (A)"); a group named otherwise kept whole
/// ("Socialdemokratiets byrådsgruppe").
pub fn split_voters(list: &str, th: &Thresholds) -> Vec<String> {
    let list = list.trim().trim_end_matches(['.', ',', ';', ':']).trim();
    // Enclosing parentheses ("(V, O)"), not a member's party at the end ("… Berg (V)").
    let list = match list.strip_prefix('(').and_then(|l| l.strip_suffix(')')) {
        Some(inner) if !inner.contains('(') || inner.rfind('(') < inner.rfind(')') => inner.trim(),
        _ => list,
    };
    if list.is_empty() {
        return Vec::new();
    }
    let parts: Vec<String> = list
        .split(&[',', '+'][..])
        .flat_map(|p| p.split(" og "))
        .flat_map(|p| p.split(" & "))
        .map(|p| p.trim().trim_start_matches("og ").trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    let letters = |p: &str| {
        let p = p.strip_prefix("Liste ").unwrap_or(p);
        !p.is_empty()
            && p.chars().count() <= th.votes.max_letters
            && p.chars().all(|c| c.is_uppercase() && c.is_alphabetic())
    };
    let member = |p: &str| p.ends_with(')') && p.contains(" (");
    if parts.len() > 1 && parts.iter().all(|p| letters(p) || member(p)) {
        parts
    } else {
        vec![list.to_string()]
    }
}

/// A list and its count in either order: "20 (A, F, Ø)", "A, F og Ø (15)", "V og O", "6".
fn list_and_count(s: &str, th: &Thresholds) -> (Vec<String>, Option<u32>) {
    let s = s.trim().trim_end_matches(['.', ';']);
    // "20 (names…)" or "20".
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        let rest = s[digits.len()..].trim();
        // "1) Borgere med …" is a numbered list, not a count.
        if !(rest.is_empty() || rest.starts_with('(')) {
            return (Vec::new(), None);
        }
        let inner = rest
            .strip_prefix('(')
            .and_then(|r| r.rfind(')').map(|e| &r[..e]))
            .unwrap_or("");
        return (split_voters(inner, th), digits.parse().ok());
    }
    if let Some(c) = TRAILING_COUNT.captures(s) {
        return (split_voters(&c[1], th), c[2].parse().ok());
    }
    (split_voters(s, th), None)
}

/// The voters of a subject: "Et mindretal (V)" → V; "6 medlemmer (V+A+C+N)" → V, A, C, N with
/// 6; "O (1)" → O with 1; "Liste B" → B; "Socialdemokratiets byrådsgruppe" as printed.
fn subject_voters(subject: &str, th: &Thresholds) -> (Vec<String>, Option<u32>) {
    let s = subject.trim();
    let lower = s.to_lowercase();
    // "Et flertal bestående af A, C, N og V (6)".
    for lead in ["et flertal bestående af ", "et mindretal bestående af "] {
        if lower.starts_with(lead) {
            return list_and_count(&s[lead.len()..], th);
        }
    }
    // "Et mindretal (V)", "6 medlemmer (V+A+C+N)", "1 medlem (O)".
    if let Some(open) = s.find('(') {
        let head = s[..open].trim();
        let inner = s[open + 1..].trim_end().trim_end_matches(')');
        let head_lower = head.to_lowercase();
        let count: Option<u32> = head.split_whitespace().next().and_then(|w| w.parse().ok());
        if head_lower.starts_with("et mindretal")
            || head_lower.starts_with("et flertal")
            || count.is_some() && head_lower.contains("medlem")
        {
            return (split_voters(inner, th), count);
        }
        // "O (1)".
        if let Ok(n) = inner.trim().parse::<u32>() {
            return (split_voters(head, th), Some(n));
        }
    }
    if lower.starts_with("et flertal")
        || lower.starts_with("et mindretal")
        || lower.starts_with("et enigt")
    {
        return (Vec::new(), None);
    }
    let s = s.strip_prefix("Liste ").unwrap_or(s);
    (split_voters(s, th), None)
}

/// Whether a subject can be a voter (not "Det", "Sagen", "Byrådet" as a whole, a sentence).
fn voter_subject(subject: &str, th: &Thresholds) -> bool {
    let lower = subject.trim().to_lowercase();
    let words = subject.split_whitespace().count();
    words > 0
        && words <= th.votes.max_voter_words
        && !subject.contains(':')
        && subject
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && ![
            "det",
            "der",
            "sagen",
            "forslaget",
            "indstillingen",
            "byrådet",
            "udvalget",
            "kommunalbestyrelsen",
            "regionsrådet",
            "magistraten",
            "mødet",
            "man",
        ]
        .contains(&lower.as_str())
}

/// The votes of an item, from its sections: the decision blocks and the record of earlier
/// treatment, in order; ballots are numbered through the item.
pub fn read(sections: &[Section], th: &Thresholds) -> Vec<Vote> {
    let mut out: Vec<Vote> = Vec::new();
    let mut ballot = 0;
    for s in sections {
        if !(headings::is_decision_heading(&s.heading) || headings::is_history(&s.heading)) {
            continue;
        }
        let mut in_ballot = false;
        let mut positions_seen: Vec<Position> = Vec::new();
        // A sentence that opens the next ballot without votes of its own ("Indstillingen blev
        // godkendt." after the amendment's votes).
        let mut opened = false;
        for sentence in decisions::sentences(&s.text) {
            let votes = sentence_votes(&sentence, th);
            if votes.is_empty() {
                opened |= in_ballot && BALLOT_OPENER.is_match(&sentence);
                continue;
            }
            let repeats = votes.iter().any(|(p, _, _)| positions_seen.contains(p));
            let opens = BALLOT_OPENER.is_match(&sentence) || opened;
            opened = false;
            if !in_ballot || repeats && opens {
                ballot += 1;
                in_ballot = true;
                positions_seen.clear();
            }
            for (position, who, count) in votes {
                positions_seen.push(position);
                add(
                    &mut out,
                    Vote {
                        ballot,
                        position,
                        who,
                        count,
                        sentence: sentence.clone(),
                        page: s.page,
                    },
                );
            }
        }
    }
    out
}

/// Adds a vote, or completes the one already there: a count printed without names gets the
/// names printed later ("… forkastet med 31 stemmer imod 9." then "For stemte: O og V."), and
/// a voter named twice in a ballot ("… 1 stemme imod (C). C stemmer imod, idet …") is one row.
fn add(out: &mut Vec<Vote>, v: Vote) {
    let same = |o: &Vote| o.ballot == v.ballot && o.position == v.position;
    if let Some(o) = out.iter_mut().find(|o| same(o) && o.who == v.who) {
        o.count = o.count.or(v.count);
        return;
    }
    if !v.who.is_empty() {
        // Names for a bare count.
        if let Some(k) = out.iter().position(|o| same(o) && o.who.is_empty()) {
            let count = out[k].count;
            out.remove(k);
            out.push(Vote {
                count: v.count.or(count),
                ..v.clone()
            });
            let fill = out.last().and_then(|o| o.count);
            for o in out.iter_mut().filter(|o| same(o)) {
                o.count = o.count.or(fill);
            }
            return;
        }
        // The group's count, printed on one of its rows, holds for all.
        let group = out
            .iter()
            .find(|o| same(o) && o.count.is_some())
            .and_then(|o| o.count);
        if v.count.is_none()
            && group.is_some()
            && out.iter().any(|o| same(o) && o.sentence == v.sentence)
        {
            out.push(Vote { count: group, ..v });
            return;
        }
    } else if out.iter().any(&same) {
        // A bare count for a position whose voters are named already.
        for o in out.iter_mut().filter(|o| same(o)) {
            o.count = o.count.or(v.count);
        }
        return;
    }
    out.push(v);
}

/// The votes one sentence states: (position, who, count).
fn sentence_votes(sentence: &str, th: &Thresholds) -> Vec<(Position, String, Option<u32>)> {
    let mut out = Vec::new();
    fn push(
        out: &mut Vec<(Position, String, Option<u32>)>,
        pos: Position,
        (who, count): (Vec<String>, Option<u32>),
    ) {
        if who.is_empty() {
            if count.is_some() {
                out.push((pos, String::new(), count));
            }
        } else {
            for w in who {
                out.push((pos, w, count));
            }
        }
    }
    // Labels: "For: 20 (…) Imod: 6 (…)", "For stemte: A, F og Ø (15)".
    let labels: Vec<(usize, usize, Position)> = LABEL
        .captures_iter(sentence)
        .chain(LABEL_STEMTE.captures_iter(sentence))
        .map(|c| {
            // The previous value ends where this label's word starts ("… (A, F, Ø) Imod: 6").
            let word = c.get(1).unwrap();
            let start = sentence[..word.start()]
                .to_lowercase()
                .strip_suffix("følgende ")
                .map_or(word.start(), |p| p.len());
            (start, c.get(0).unwrap().end(), position(&c[1]))
        })
        .collect();
    if !labels.is_empty() {
        let mut labels = labels;
        labels.sort_by_key(|l| l.0);
        for (k, &(_, end, pos)) in labels.iter().enumerate() {
            let stop = labels.get(k + 1).map_or(sentence.len(), |l| l.0);
            let value = &sentence[end..stop.max(end)];
            // "For stemte A, F og Ø (15), idet …": the list ends at the clause.
            let value = value.split(", idet").next().unwrap_or(value);
            push(&mut out, pos, list_and_count(value, th));
        }
        return out;
    }
    // "Forslaget blev forkastet med 31 stemmer imod 9. 7 undlod."
    if let Some(c) = AGAINST_COUNT.captures(sentence) {
        // The larger number is the winning side's, however the sentence orders them.
        let (x, y): (u32, u32) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
        let (major, minor) = (Some(x.max(y)), Some(x.min(y)));
        let (a, b) = if REJECTED.is_match(sentence) {
            (Position::Imod, Position::For)
        } else {
            (Position::For, Position::Imod)
        };
        push(&mut out, a, (Vec::new(), major));
        push(&mut out, b, (Vec::new(), minor));
    }
    // Counts: "Anbefales med 3 stemmer for (A) og 1 stemme imod (C)".
    let counted: Vec<_> = COUNTED.captures_iter(sentence).collect();
    if out.is_empty() && !counted.is_empty() {
        for c in counted {
            let who = c
                .get(3)
                .map_or_else(Vec::new, |m| split_voters(m.as_str(), th));
            push(&mut out, position(&c[2]), (who, c[1].parse().ok()));
        }
        return out;
    }
    if let Some(c) = ABSTAIN_COUNT.captures(sentence) {
        push(&mut out, Position::Undlod, (Vec::new(), c[1].parse().ok()));
        if !out.is_empty() && !SUBJECT_VERB.is_match(sentence) {
            return out;
        }
    }
    if !out.is_empty() {
        return out;
    }
    // A subject and its verb.
    if let Some(c) = SUBJECT_VERB.captures(sentence.trim()) {
        let subject = c[1].trim();
        if !voter_subject(subject, th) {
            return out;
        }
        let pos = if let Some(dir) = c.get(3) {
            position(dir.as_str())
        } else if c.get(4).is_some() {
            Position::Undlod
        } else if c.get(5).is_some() {
            if c.get(6).is_some() {
                Position::Imod
            } else {
                Position::For
            }
        } else {
            Position::For
        };
        // "anbefaler" only makes a vote with a counted group: "6 medlemmer (V+A+C+N)".
        if c.get(8).is_some() && !subject.contains('(') {
            return out;
        }
        push(&mut out, pos, subject_voters(subject, th));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TH: &Thresholds = &Thresholds::DEFAULT;

    fn v(s: &str) -> Vec<(&'static str, String, Option<u32>)> {
        sentence_votes(s, TH)
            .into_iter()
            .map(|(p, w, c)| (p.as_str(), w, c))
            .collect()
    }

    fn row(p: &'static str, w: &str, c: Option<u32>) -> (&'static str, String, Option<u32>) {
        (p, w.to_string(), c)
    }

    #[test]
    fn vote_forms() {
        assert_eq!(
            v("For stemte: A, F og Ø (15)."),
            [
                row("for", "A", Some(15)),
                row("for", "F", Some(15)),
                row("for", "Ø", Some(15))
            ]
        );
        assert_eq!(
            v("Der blev stemt om forslaget: For: 20 (A, F, Ø) Imod: 6 (V, O)"),
            [
                row("for", "A", Some(20)),
                row("for", "F", Some(20)),
                row("for", "Ø", Some(20)),
                row("imod", "V", Some(6)),
                row("imod", "O", Some(6))
            ]
        );
        assert_eq!(
            v("C og F undlod at stemme."),
            [row("undlod", "C", None), row("undlod", "F", None)]
        );
        assert_eq!(
            v("Liste B stemte imod, idet listen ønsker en anden løsning."),
            [row("imod", "B", None)]
        );
        assert_eq!(v("Et mindretal (V) stemte imod."), [row("imod", "V", None)]);
        assert_eq!(
            v("Socialdemokratiets byrådsgruppe kunne ikke tiltræde indstillingen."),
            [row("imod", "Socialdemokratiets byrådsgruppe", None)]
        );
        assert_eq!(
            v("6 medlemmer (V+A+C+N) anbefaler indstillingen fra PMT."),
            [
                row("for", "V", Some(6)),
                row("for", "A", Some(6)),
                row("for", "C", Some(6)),
                row("for", "N", Some(6))
            ]
        );
        assert_eq!(
            v("1 medlem (O) stemmer imod, da han ikke kan gå ind for det."),
            [row("imod", "O", Some(1))]
        );
        assert_eq!(v("O (1) kan ikke anbefale."), [row("imod", "O", Some(1))]);
        assert_eq!(
            v("Anbefales med 3 stemmer for (A) og 1 stemme imod (C)."),
            [row("for", "A", Some(3)), row("imod", "C", Some(1))]
        );
        assert_eq!(
            v("Forslaget blev forkastet med 31 stemmer imod 9."),
            [row("imod", "", Some(31)), row("for", "", Some(9))]
        );
        assert_eq!(v("Godkendt."), []);
        assert_eq!(
            v("Kommunerne skal redegøre for udbuddet af tilbud inden for: 1) Borgere med dom 2) Gravide"),
            []
        );
        assert_eq!(v("Byrådet tiltrådte indstillingen."), []);
    }

    #[test]
    fn ballots_and_counts_completed() {
        let sections = [Section {
            heading: "Beslutning".into(),
            text: "Forslaget blev forkastet med 31 stemmer imod 9. 7 undlod. For stemte: O og V. Følgende undlod at stemme: C og F.".into(),
            attachments: 0,
            page: 1,
        }];
        let got: Vec<_> = read(&sections, TH)
            .into_iter()
            .map(|v| (v.ballot, v.position.as_str(), v.who, v.count))
            .collect();
        assert_eq!(
            got,
            [
                (1, "imod", String::new(), Some(31)),
                (1, "for", "O".to_string(), Some(9)),
                (1, "for", "V".to_string(), Some(9)),
                (1, "undlod", "C".to_string(), Some(7)),
                (1, "undlod", "F".to_string(), Some(7)),
            ]
        );
    }
}
