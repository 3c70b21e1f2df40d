//! Structure: reads the repaired document model as a KL/KKR meeting document — meeting
//! metadata from the title block, participants, table of contents, numbered items with their
//! case line and sections. Each concern has its own submodule; this one owns the result types.

pub mod items;
pub mod lines;
pub mod meeting;
pub mod participants;
pub mod sections;
pub mod toc;

use crate::model::Document;

/// Meeting metadata from the title block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meeting {
    /// `dagsorden` or `referat`.
    pub doc_type: Option<String>,
    /// The committee, e.g. "KKR Nordjylland".
    pub committee: Option<String>,
    /// Date as `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Start time as `HH:MM`.
    pub start_time: Option<String>,
    /// Where the meeting was held.
    pub location: Option<String>,
}

/// Whether a participant attended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Attendance {
    /// Listed under "Deltagere".
    Present,
    /// Listed under "Afbud" / "Fraværende".
    Absent,
}

impl Attendance {
    /// The value written to the CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Attendance::Present => "present",
            Attendance::Absent => "absent",
        }
    }
}

/// A member listed as present or absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    /// Full name.
    pub name: String,
    /// Party letter, e.g. "A".
    pub party: Option<String>,
    /// Municipality, e.g. "Aalborg Kommune".
    pub municipality: Option<String>,
    /// Present or absent.
    pub attendance: Attendance,
    /// Page the entry is printed on.
    pub page: u32,
}

/// An entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// Item number (`3.4`), if the entry is numbered.
    pub number: Option<String>,
    /// Title as printed in the TOC.
    pub title: String,
    /// Printed page number.
    pub page: u32,
}

/// A titled section of an item (Baggrund, Indstilling, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading as printed ("Baggrund"); empty for text before the first heading.
    pub heading: String,
    /// The text: paragraphs separated by a blank line, list items as `- ` lines.
    pub text: String,
    /// Number of `./.` attachment markers removed from the text.
    pub attachments: usize,
    /// Page of the heading.
    pub page: u32,
}

/// A numbered agenda item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Item number without trailing dot (`3.4`).
    pub number: String,
    /// Nesting level: `3` is 1, `3.4` is 2.
    pub level: usize,
    /// Title (wrapped lines joined).
    pub title: String,
    /// Case number (`SAG-2020-04159`).
    pub case_number: Option<String>,
    /// Case handler initials (`hlth`).
    pub case_handler: Option<String>,
    /// First page (1-based position in the file).
    pub page_start: u32,
    /// Last page.
    pub page_end: u32,
    /// The item's sections in order.
    pub sections: Vec<Section>,
}

impl Item {
    /// Attachment markers in all sections.
    pub fn attachments(&self) -> usize {
        self.sections.iter().map(|s| s.attachments).sum()
    }

    /// Text of the first section with this heading (case-insensitive), if any.
    pub fn section_text(&self, heading: &str) -> Option<&str> {
        self.sections
            .iter()
            .find(|s| s.heading.eq_ignore_ascii_case(heading))
            .map(|s| s.text.as_str())
    }
}

/// Everything the structure stage finds in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Structure {
    /// Title-block metadata.
    pub meeting: Meeting,
    /// Participants in list order.
    pub participants: Vec<Participant>,
    /// Table of contents entries.
    pub toc: Vec<TocEntry>,
    /// Items in document order.
    pub items: Vec<Item>,
    /// Things that look wrong (e.g. an item number out of sequence).
    pub warnings: Vec<String>,
}

/// Reads the structure of a repaired document.
pub fn analyze(doc: &Document) -> Structure {
    let lines = lines::flatten(doc);
    let stats = lines::Stats::of(&lines);
    let meeting = meeting::find(&lines);
    let toc = toc::find(&lines);
    let mut warnings = Vec::new();
    let found = items::find(&lines, &stats, &toc, &mut warnings);
    let first_item = found.first().map_or(lines.len(), |i| i.line);
    let participants = participants::find(&lines[..first_item]);
    let items = found
        .iter()
        .enumerate()
        .map(|(k, it)| {
            let end = found.get(k + 1).map_or(lines.len(), |n| n.line);
            items::build(it, &lines[it.body..end], &stats)
        })
        .collect();
    Structure {
        meeting,
        participants,
        toc: toc.entries,
        items,
        warnings,
    }
}
