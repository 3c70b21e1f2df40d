//! The lines printed under an item's title: its case line in the forms of Danish case systems
//! (a KL/FirstAgenda code `SAG-2020-04159 hlth`, a KLE journal number `00.22.00-G01-1-16`, a
//! labelled `Sagsnr.: 12/27845`, `J.nr.: 2011-29298`, `Sag 306-2009-600`, with its handler and
//! an access marker), an access marker on a line of its own (`Lukket`), the item number under
//! the title (`Sag nr. 170`); and the case line printed just above a heading.

use std::sync::LazyLock;

use regex::Regex;

use super::{normalize, Found};
use crate::structure::lines::{Stats, TextLine};
use crate::structure::numbering::parse_heading;
use crate::structure::sections;
use crate::structure::thresholds::Thresholds;

/// The item number on a line of its own under the title: `Sag nr. 170`, `Punkt nr. 4`.
pub(super) static NUMBER_BELOW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:sag|punkt|pkt\.?)\s+nr\.?\s*(\d{1,4})\s*$").unwrap());
/// An item's access marker on a line of its own: `Åbent punkt`, `Lukket`, `Lukket sag`.
pub(super) static ACCESS_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(åben|åbent|lukket)(?:\s+(?:punkt|sag|dagsordenspunkt))?\s*$").unwrap()
});
/// A case line: a KL/FirstAgenda code (`SAG-2020-04159 hlth`, `EMN-2023-009832`), a KLE
/// journal number (`00.22.00-G01-1-16`), each possibly after an access marker (`Åbent - …`).
static CASE_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(åbent|åben|lukket)\s*[-–:]\s*)?([A-ZÆØÅ]{2,5}-\d{4}-\d{2,7}|\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d+-\d+)(?:\s+(\S.*?))?\s*$")
        .unwrap()
});
/// A labelled case line: `Sagsnr.: 12/27845`, `Sagsnr. 299835`, `Sagnr.: 1-51-71-3321-08`,
/// `J.nr.: 2011-29298`, `Sag 306-2009-600`, with what may follow (`Sagsbehandler: …`,
/// `Dok.nr.: …`, `Åbent`).
static CASE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(åbent|åben|lukket)\s*[-–:]\s*)?(?:sags?\s*nr|sagnr|j\.?\s*nr|journal\s*nr|sags?\s*id)\.?\s*:?\s*([A-Z0-9ÆØÅ][\w./-]*\d[\w./-]*)(.*)$")
        .unwrap()
});
/// `Sag 306-2009-600` (a case number after the bare word).
static CASE_SAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^sag\s*:?\s+(\d{2,4}-\d{2,4}-\d+)(.*)$").unwrap());
/// Who handles the case, after the case number: `Sagsbehandler: Marie Jensen`, `Initialer: PIM`.
static HANDLER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:sagsbehandler|initialer|ansvarlig)\s*:\s*(.+?)\s*(?:$|\b(?:dok|dokument)\.?\s*nr)")
        .unwrap()
});
/// An access word at the end of a case line: `… Dok.nr.: 330-2018-320116   Åbent`.
static TRAILING_ACCESS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(åbent|åben|lukket)\s*$").unwrap());

/// Compiles this module's patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    for pattern in [
        &NUMBER_BELOW,
        &ACCESS_MARKER,
        &CASE_CODE,
        &CASE_LABEL,
        &CASE_SAG,
        &HANDLER,
        &TRAILING_ACCESS,
    ] {
        LazyLock::force(pattern);
    }
}

/// A case line read: the case number, its handler, and an access marker when printed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseLine {
    /// The case number (`SAG-2020-04159`, `12/27845`, `00.22.00-G01-1-16`).
    pub number: String,
    /// The case handler (`hlth`, `Marie Jensen`).
    pub handler: Option<String>,
    /// `Some(true)` for a `Lukket` marker, `Some(false)` for `Åbent`.
    pub closed: Option<bool>,
}

/// Reads `text` as a case line.
pub fn case_line(text: &str, th: &Thresholds) -> Option<CaseLine> {
    let t = text.trim();
    // `Sag nr. 170` is an item's number, not its case.
    if NUMBER_BELOW.is_match(t) {
        return None;
    }
    let access = |m: Option<regex::Match>| m.map(|m| m.as_str().to_lowercase().starts_with("luk"));
    if let Some(c) = CASE_CODE.captures(t) {
        let rest = c.get(3).map_or("", |m| m.as_str());
        let handler = HANDLER
            .captures(rest)
            .map(|h| h[1].to_string())
            .or_else(|| {
                // KL prints the handler's initials after the code (`SAG-2020-04159 hlth`).
                let w: Vec<&str> = rest.split_whitespace().collect();
                (w.len() == 1
                    && w[0].len() <= th.items.max_initials
                    && w[0].chars().all(|c| c.is_alphabetic() || c == '/'))
                .then(|| w[0].to_string())
            });
        return Some(CaseLine {
            number: c[2].to_string(),
            handler,
            closed: access(c.get(1)).or_else(|| access(TRAILING_ACCESS.find(rest))),
        });
    }
    let (number, rest, lead) = if let Some(c) = CASE_LABEL.captures(t) {
        (c[2].to_string(), c[3].to_string(), access(c.get(1)))
    } else if let Some(c) = CASE_SAG.captures(t) {
        (c[1].to_string(), c[2].to_string(), None)
    } else {
        return None;
    };
    let number = number.trim_end_matches(['.', ',', ';']).to_string();
    Some(CaseLine {
        handler: HANDLER.captures(&rest).map(|h| h[1].trim().to_string()),
        closed: lead.or_else(|| access(TRAILING_ACCESS.find(&rest))),
        number,
    })
}

/// Reads the case line in the few lines after the title (skipping a repeat of the heading, a
/// group line, an access marker) and moves the body start past it.
pub(super) fn read_case_line(lines: &[TextLine], f: &mut Found, stats: &Stats, th: &Thresholds) {
    let title_key = normalize(&f.title);
    let mut k = f.body;
    let mut seen = 0;
    while k < lines.len() && seen < th.items.case_line_window {
        let t = lines[k].text.trim();
        // The heading printed twice (a link, then the heading).
        let repeat = parse_heading(t)
            .is_some_and(|h| h.number == f.number && normalize(&h.title) == title_key)
            || normalize(t) == title_key;
        if repeat {
            k += 1;
            if f.case_number.is_none() {
                f.body = k;
            }
            continue;
        }
        if let Some(m) = ACCESS_MARKER.captures(t) {
            f.closed |= m[1].to_lowercase().starts_with("luk");
            k += 1;
            f.body = k;
            seen += 1;
            continue;
        }
        if let Some(c) = case_line(t, th) {
            f.case_number = Some(c.number);
            f.case_handler = c.handler;
            f.closed |= c.closed == Some(true);
            f.body = k + 1;
            // The title repeated under the case line (SBSYS prints).
            if lines
                .get(k + 1)
                .is_some_and(|n| normalize(&n.text) == title_key)
            {
                f.body = k + 2;
            }
            return;
        }
        if parse_heading(t).is_some() || sections::is_heading(&lines[k], stats, th) {
            return;
        }
        k += 1;
        seen += 1;
    }
}

/// A labelled case line printed just above the heading (`Sagnr.: 1-51-71-3321-08`, then the
/// heading), when the item has none under it.
pub(super) fn case_line_above(
    lines: &[TextLine],
    f: &mut Found,
    prev: Option<&Found>,
    th: &Thresholds,
) {
    let floor = prev.map_or(0, |p| p.body);
    for k in (floor..f.line).rev().take(th.items.case_above_window) {
        let t = lines[k].text.trim();
        if !CASE_LABEL.is_match(t) {
            continue;
        }
        if let Some(c) = case_line(t, th) {
            f.case_number = Some(c.number);
            f.case_handler = c.handler;
            f.closed |= c.closed == Some(true);
            // The line is the item's, not the end of the previous item's body.
            f.line = k;
        }
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_lines() {
        let th = &Thresholds::DEFAULT;
        let c = |t: &str| case_line(t, th).map(|c| (c.number, c.handler, c.closed));
        assert_eq!(
            c("SAG-2020-04159 hlth"),
            Some(("SAG-2020-04159".into(), Some("hlth".into()), None))
        );
        assert_eq!(
            c("Sagsnr.: 12/27845"),
            Some(("12/27845".into(), None, None))
        );
        assert_eq!(c("Sagsnr. 299835"), Some(("299835".into(), None, None)));
        assert_eq!(
            c("Sagsnr.: 00.00.00-P19-1391-07 Sagsbehandler: Marie Jensen"),
            Some((
                "00.00.00-P19-1391-07".into(),
                Some("Marie Jensen".into()),
                None
            ))
        );
        assert_eq!(
            c("Åbent - 00.22.00-G01-1-16"),
            Some(("00.22.00-G01-1-16".into(), None, Some(false)))
        );
        assert_eq!(
            c("Sagsnr.: 330-2017-86763     Dok.nr.: 330-2018-320116       Åbent"),
            Some(("330-2017-86763".into(), None, Some(false)))
        );
        assert_eq!(
            c("Sagnr.: 1-51-71-3321-08"),
            Some(("1-51-71-3321-08".into(), None, None))
        );
        assert_eq!(
            c("Sag 306-2009-600"),
            Some(("306-2009-600".into(), None, None))
        );
        assert_eq!(
            c("J.nr.: 2011-29298"),
            Some(("2011-29298".into(), None, None))
        );
        assert_eq!(c("Sag nr. 170"), None);
        assert_eq!(c("Sagsfremstilling"), None);
    }
}
