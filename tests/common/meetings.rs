//! Scoring against meeting truth in the form of `../shared/real-text/truth/` and of our own
//! municipal set (`tests/fixtures/municipal/truth/`): metadata, items (number and title),
//! closed flags, case numbers, decisions (outcome), votes and attachments.

use std::collections::BTreeSet;

use kl_extract::pipeline::FileResult;
use serde_json::Value;

use super::f1;

/// Whitespace (NBSP included) collapsed to single spaces, trimmed.
pub fn norm(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn opt(v: &Value) -> Option<String> {
    v.as_str().map(norm)
}

/// Figures of one or more documents.
#[derive(Debug, Default)]
pub struct MeetingScore {
    pub docs: usize,
    pub items_truth: usize,
    pub items_found: usize,
    pub items_matched: usize,
    pub meta_right: usize,
    pub meta_total: usize,
    pub cases_right: usize,
    pub cases_total: usize,
    pub closed_right: usize,
    pub closed_total: usize,
    pub decisions_right: usize,
    pub decisions_total: usize,
    /// Decisions given where the truth has none.
    pub decisions_spurious: usize,
    pub votes: (usize, usize, usize),
    pub attachments: (usize, usize, usize),
    /// Sections whose heading the truth names, and how many of them were found.
    pub sections: (usize, usize),
    /// Furniture strings (page headers, "Til toppen", signature pages) found in section text.
    pub furniture_leaks: usize,
    pub problems: Vec<String>,
}

impl MeetingScore {
    pub fn items_f1(&self) -> f64 {
        f1(self.items_matched, self.items_found, self.items_truth)
    }
    pub fn meta(&self) -> f64 {
        ratio(self.meta_right, self.meta_total)
    }
    /// Decisions right among the truth's decisions and those given where the truth has none.
    pub fn decisions(&self) -> f64 {
        ratio(
            self.decisions_right,
            self.decisions_total + self.decisions_spurious,
        )
    }
    pub fn votes_f1(&self) -> f64 {
        f1(self.votes.0, self.votes.1, self.votes.2)
    }
    pub fn attachments_f1(&self) -> f64 {
        f1(self.attachments.0, self.attachments.1, self.attachments.2)
    }

    /// One line of figures.
    pub fn summary(&self) -> String {
        format!(
            "{} documents: items {}/{} found {} F1 {:.3}; metadata {}/{} = {:.3}; case numbers {}/{}; closed {}/{}; decisions {}/{} = {:.3} ({} spurious); votes {}/{} found {} F1 {:.3}; attachments {}/{} found {} F1 {:.3}; section headings {}/{}; furniture in sections {}",
            self.docs,
            self.items_matched,
            self.items_truth,
            self.items_found,
            self.items_f1(),
            self.meta_right,
            self.meta_total,
            self.meta(),
            self.cases_right,
            self.cases_total,
            self.closed_right,
            self.closed_total,
            self.decisions_right,
            self.decisions_total,
            self.decisions(),
            self.decisions_spurious,
            self.votes.0,
            self.votes.2,
            self.votes.1,
            self.votes_f1(),
            self.attachments.0,
            self.attachments.2,
            self.attachments.1,
            self.attachments_f1(),
            self.sections.1,
            self.sections.0,
            self.furniture_leaks,
        )
    }

    /// Adds one document's result against its truth; `name` labels the problems.
    pub fn add(&mut self, name: &str, r: &FileResult, t: &Value) {
        self.docs += 1;
        let Some(m) = r.meeting.as_ref() else {
            self.problems
                .push(format!("{name}: not read: {:?}", r.error));
            let n = t["items"].as_array().map_or(0, Vec::len);
            self.items_truth += n;
            return;
        };
        let st = &m.structure;
        let tm = &t["meeting"];
        let mut fields = vec![
            ("doc_type", st.meeting.doc_type.clone(), opt(&t["doc_type"])),
            (
                "committee",
                st.meeting.committee.clone(),
                opt(&tm["committee"]),
            ),
            ("date", st.meeting.date.clone(), opt(&tm["date"])),
            (
                "start_time",
                st.meeting.start_time.clone(),
                opt(&tm["start_time"]),
            ),
            (
                "location",
                st.meeting.location.clone(),
                opt(&tm["location"]),
            ),
        ];
        if tm.get("end_time").is_some() {
            fields.push((
                "end_time",
                st.meeting.end_time.clone(),
                opt(&tm["end_time"]),
            ));
        }
        for (k, got, want) in fields {
            self.meta_total += 1;
            // A committee printed in capitals may be given in the document's usual casing.
            let fold = |v: Option<String>| match k {
                "committee" => v.map(|v| v.to_lowercase()),
                _ => v,
            };
            if fold(got.as_deref().map(norm)) == fold(want.clone()) {
                self.meta_right += 1;
            } else {
                self.problems
                    .push(format!("{name}: {k} {got:?}, truth {want:?}"));
            }
        }

        let titems = t["items"].as_array().unwrap();
        let complete = t["complete_items"].as_bool().unwrap_or(true);
        let truth_numbers: BTreeSet<String> =
            titems.iter().filter_map(|i| opt(&i["number"])).collect();
        // An excerpt cut in the middle of an item lists only the items it holds whole: what the
        // tool finds after the last of them is not counted either way.
        let last_truth = st
            .items
            .iter()
            .rposition(|i| truth_numbers.contains(&i.number));
        let counted = st.items.iter().enumerate().filter(|(k, i)| {
            complete || truth_numbers.contains(&i.number) || last_truth.is_some_and(|l| *k < l)
        });
        let counted: Vec<_> = counted.map(|(_, i)| i).collect();
        self.items_found += counted.len();
        self.items_truth += titems.len();
        for extra in counted
            .iter()
            .filter(|i| !truth_numbers.contains(&i.number))
        {
            self.problems.push(format!(
                "{name}: extra item {} {:?}",
                extra.number, extra.title
            ));
        }
        for ti in titems {
            let num = opt(&ti["number"]).unwrap();
            let title = opt(&ti["title"]).unwrap();
            let Some(it) = st.items.iter().find(|i| i.number == num) else {
                self.problems
                    .push(format!("{name}: missing item {num} {title:?}"));
                // What the item holds is missed with it.
                self.decisions_total += usize::from(ti["outcome"].is_string());
                self.cases_total += usize::from(ti.get("case_number").is_some());
                self.closed_total += usize::from(ti["closed"].is_boolean());
                self.votes.2 += ti["votes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|v| v["who"].as_array().map_or(1, |w| w.len().max(1)))
                    .sum::<usize>();
                self.attachments.2 += ti["attachments"].as_array().map_or(0, Vec::len);
                self.sections.0 += ti["sections"].as_array().map_or(0, Vec::len);
                continue;
            };
            if norm(&it.title) == title {
                self.items_matched += 1;
            } else {
                self.problems.push(format!(
                    "{name}: item {num} title {:?}, truth {title:?}",
                    it.title
                ));
            }
            if ti.get("case_number").is_some() {
                self.cases_total += 1;
                if it.case_number.as_deref().map(norm) == opt(&ti["case_number"]) {
                    self.cases_right += 1;
                } else {
                    self.problems.push(format!(
                        "{name}: item {num} case {:?}, truth {:?}",
                        it.case_number, ti["case_number"]
                    ));
                }
            }
            if let Some(closed) = ti["closed"].as_bool() {
                self.closed_total += 1;
                if it.closed == closed {
                    self.closed_right += 1;
                } else {
                    self.problems.push(format!(
                        "{name}: item {num} closed {}, truth {closed}",
                        it.closed
                    ));
                }
            }
            let got = it.decision.as_ref().map(|d| d.outcome.as_str().to_string());
            match opt(&ti["outcome"]) {
                Some(want) => {
                    self.decisions_total += 1;
                    if got.as_deref() == Some(want.as_str()) {
                        self.decisions_right += 1;
                    } else {
                        self.problems.push(format!(
                            "{name}: item {num} decision {got:?} ({:?}), truth {want:?}",
                            it.decision.as_ref().map(|d| &d.sentence)
                        ));
                    }
                }
                None if got.is_some() && ti.get("decision_truncated").is_none() => {
                    self.decisions_spurious += 1;
                    self.problems.push(format!(
                        "{name}: item {num} decision {got:?} ({:?}), truth none",
                        it.decision.as_ref().map(|d| &d.sentence)
                    ));
                }
                None => {}
            }
            // Votes: (ballot position, who) pairs; the count must match too.
            let want_votes: BTreeSet<(String, String, Option<u64>)> = ti["votes"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|v| {
                    let pos = v["position"].as_str().unwrap().to_string();
                    let count = v["count"].as_u64();
                    let who: Vec<String> = v["who"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|w| norm(w.as_str().unwrap()))
                        .collect();
                    // A count printed without names is one row without a name.
                    let who = if who.is_empty() {
                        vec![String::new()]
                    } else {
                        who
                    };
                    who.into_iter()
                        .map(move |w| (pos.clone(), w, count))
                        .collect::<Vec<_>>()
                })
                .collect();
            let got_votes: BTreeSet<(String, String, Option<u64>)> = it
                .votes
                .iter()
                .map(|v| {
                    (
                        v.position.as_str().to_string(),
                        norm(&v.who),
                        v.count.map(u64::from),
                    )
                })
                .collect();
            let hit = want_votes.intersection(&got_votes).count();
            self.votes.0 += hit;
            self.votes.1 += got_votes.len();
            self.votes.2 += want_votes.len();
            if hit != want_votes.len() || hit != got_votes.len() {
                self.problems.push(format!(
                    "{name}: item {num} votes {got_votes:?}, truth {want_votes:?}"
                ));
            }
            if let Some(ta) = ti["attachments"].as_array() {
                let want: BTreeSet<(u64, String, Option<String>, Option<String>)> = ta
                    .iter()
                    .map(|a| {
                        (
                            a["index"].as_u64().unwrap(),
                            norm(a["title"].as_str().unwrap()),
                            opt(&a["access"]),
                            opt(&a["reference"]),
                        )
                    })
                    .collect();
                let got: BTreeSet<(u64, String, Option<String>, Option<String>)> = it
                    .attachments
                    .iter()
                    .map(|a| {
                        (
                            u64::from(a.index),
                            norm(&a.title),
                            a.access.clone(),
                            a.reference.clone(),
                        )
                    })
                    .collect();
                let hit = want.intersection(&got).count();
                self.attachments.0 += hit;
                self.attachments.1 += got.len();
                self.attachments.2 += want.len();
                if hit != want.len() || hit != got.len() {
                    self.problems.push(format!(
                        "{name}: item {num} attachments {got:?}, truth {want:?}"
                    ));
                }
            }
            if let Some(ts) = ti["sections"].as_array() {
                for s in ts {
                    let h = norm(s["heading"].as_str().unwrap());
                    self.sections.0 += 1;
                    if it.sections.iter().any(|x| norm(&x.heading) == h) {
                        self.sections.1 += 1;
                    } else {
                        self.problems
                            .push(format!("{name}: item {num} section {h:?} not found"));
                    }
                }
            }
        }
        let truth_text: String = titems
            .iter()
            .flat_map(|i| i["sections"].as_array().into_iter().flatten())
            .map(|s| norm(s["text"].as_str().unwrap_or("")))
            .collect::<Vec<_>>()
            .join(" ");
        for f in t["furniture"].as_array().into_iter().flatten() {
            let f = norm(f.as_str().unwrap());
            // A bare page number cannot be told from a number in the text, nor a signer's name
            // from the same name in a decision.
            if f.chars().all(|c| c.is_ascii_digit()) || truth_text.contains(&f) {
                continue;
            }
            let word =
                regex::Regex::new(&format!(r"(?:^|[\s(]){}(?:$|[\s.,;:)])", regex::escape(&f)))
                    .unwrap();
            for it in &st.items {
                for s in &it.sections {
                    if word.is_match(&norm(&s.text)) {
                        self.furniture_leaks += 1;
                        self.problems.push(format!(
                            "{name}: item {} section {:?} holds {f:?}",
                            it.number, s.heading
                        ));
                    }
                }
            }
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}
