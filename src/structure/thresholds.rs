//! The thresholds of the structure stage in one value, [`Thresholds`]: every size, distance,
//! window and count the steps compare a document against, one group per step. The default is
//! the values the stage has always used; [`super::analyze_with`] reads a document with others.
//! Every step reads its thresholds from here (this module depends on no other).

use serde::{Deserialize, Serialize};

/// The thresholds of the structure stage, one group per step.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// The line stream and its statistics ([`super::lines`]).
    pub lines: LineThresholds,
    /// Section headings and section text ([`super::sections`]).
    pub sections: SectionThresholds,
    /// The table of contents ([`super::toc`]).
    pub toc: TocThresholds,
    /// Item headings and case lines ([`super::items`]).
    pub items: ItemThresholds,
    /// The title block ([`super::meeting`]).
    pub meeting: MeetingThresholds,
    /// The participant lists ([`super::participants`]).
    pub participants: ParticipantThresholds,
    /// Attachment lists ([`super::attachments`]).
    pub attachments: AttachmentThresholds,
    /// Tables ([`super::tables`]).
    pub tables: TableThresholds,
    /// Decisions ([`super::decisions`]).
    pub decisions: DecisionThresholds,
    /// Votes ([`super::votes`]).
    pub votes: VoteThresholds,
}

impl Thresholds {
    /// The values the stage has always used.
    pub const DEFAULT: Thresholds = Thresholds {
        lines: LineThresholds::DEFAULT,
        sections: SectionThresholds::DEFAULT,
        toc: TocThresholds::DEFAULT,
        items: ItemThresholds::DEFAULT,
        meeting: MeetingThresholds::DEFAULT,
        participants: ParticipantThresholds::DEFAULT,
        attachments: AttachmentThresholds::DEFAULT,
        tables: TableThresholds::DEFAULT,
        decisions: DecisionThresholds::DEFAULT,
        votes: VoteThresholds::DEFAULT,
    };
}

/// The thresholds of the line stream and its statistics ([`super::lines`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LineThresholds {
    /// A committee-routing grid (SBSYS) has at least this many codes in a column.
    pub min_grid_codes: usize,
    /// The body size taken when no line has words (points).
    pub default_body_size: f32,
    /// A line is in body type when its size is within this of the body size (points).
    pub body_size_tolerance: f32,
    /// Without two consecutive body lines, the line pitch is this many times the body size.
    pub default_pitch_factor: f32,
    /// OCR'd lines of at least this many words are full lines: the median of their right
    /// edges is the right margin.
    pub min_ocr_right_words: usize,
    /// The right margin is the rightmost edge at least this many body lines end at.
    pub min_body_right_lines: usize,
}

impl LineThresholds {
    /// The values the stage has always used.
    pub const DEFAULT: LineThresholds = LineThresholds {
        min_grid_codes: 4,
        default_body_size: 10.0,
        body_size_tolerance: 0.3,
        default_pitch_factor: 1.3,
        min_ocr_right_words: 8,
        min_body_right_lines: 2,
    };
}

/// The thresholds of section headings and section text ([`super::sections`]; the heading
/// styles are learned in [`super::lines`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SectionThresholds {
    /// A line starts a new paragraph when it is this much further below the previous one than
    /// the usual line pitch.
    pub paragraph_pitch_factor: f32,
    /// Text files: a pitch above this (a blank line) starts a new paragraph; a line with one
    /// before and after stands alone.
    pub file_paragraph_pitch: f32,
    /// A line ending within this many font sizes of the right margin is full (its paragraph
    /// goes on).
    pub full_line_margin: f32,
    /// A line indented more than this (points) beyond a list item's bullet continues the item.
    pub list_indent: f32,
    /// A heading learned from its style has at most this many words (a known heading in a text
    /// file twice, in a PDF three times as many).
    pub max_heading_words: usize,
    /// A text file's heading in capitals ("RESUMÉ", "BESLUTNINGSFORSLAG FRA DD") has at most
    /// this many words…
    pub caps_heading_words: usize,
    /// …and, alone, at least this many letters (shorter capitals are codes: "DIR", "ØKE"); a
    /// recurring heading has as many.
    pub caps_heading_letters: usize,
    /// A text file's line is learned as a heading when it stands alone this many times.
    pub recurring_heading: usize,
    /// A learned text-file heading has at most this many words.
    pub recurring_heading_words: usize,
}

impl SectionThresholds {
    /// The values the stage has always used.
    pub const DEFAULT: SectionThresholds = SectionThresholds {
        paragraph_pitch_factor: 1.12,
        file_paragraph_pitch: 20.0,
        full_line_margin: 3.0,
        list_indent: 1.0,
        max_heading_words: 8,
        caps_heading_words: 6,
        caps_heading_letters: 5,
        recurring_heading: 3,
        recurring_heading_words: 5,
    };
}

/// The thresholds of the table of contents ([`super::toc`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TocThresholds {
    /// A TOC has at least this many entries (one is enough when the entries have dot leaders).
    pub min_entries: usize,
    /// A gap this many times the font size before the page number marks a TOC line without
    /// leaders.
    pub page_number_gap: f32,
    /// At most this many lines of one entry's title may come before the line with its page
    /// number.
    pub max_wrapped_lines: usize,
    /// On an OCR'd page, at least this many lines with dot leaders make it a TOC page.
    pub min_ocr_leader_lines: usize,
    /// A line indented more than this (points) beyond the entry above continues its title.
    pub wrap_indent: f32,
}

impl TocThresholds {
    /// The values the stage has always used.
    pub const DEFAULT: TocThresholds = TocThresholds {
        min_entries: 3,
        page_number_gap: 2.5,
        max_wrapped_lines: 2,
        min_ocr_leader_lines: 3,
        wrap_indent: 3.0,
    };
}

/// The thresholds of item headings and case lines ([`super::items`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ItemThresholds {
    /// A heading is this much larger than body text to count as a heading without being bold.
    pub heading_size_margin: f32,
    /// OCR'd lines: a heading's estimated size is at least this many times the OCR'd body size
    /// (sizes read from letter heights scatter by a few per cent).
    pub ocr_heading_size_ratio: f32,
    /// OCR'd lines: a wrapped title line's estimated size is within this share of the first
    /// line's.
    pub ocr_same_size: f32,
    /// The lines of one title differ in size by less than this (points).
    pub same_size: f32,
    /// A wrapped title line follows within this many times its font size.
    pub title_wrap_pitch: f32,
    /// A title above its number (`Sag nr. 170`) wraps over at most this many more lines above.
    pub max_title_lines_above: usize,
    /// The case line comes within this many lines after the title.
    pub case_line_window: usize,
    /// What marks an item's start (a case line, a section heading) comes within this many lines
    /// after its heading.
    pub evidence_window: usize,
    /// A section heading marks an item's start when it is at most this many lines under the
    /// title.
    pub heading_evidence_window: usize,
    /// A case line printed above its item's heading is at most this many lines before it.
    pub case_above_window: usize,
    /// An item number may skip at most this many numbers (an item lost to a damaged page).
    pub max_number_skip: u32,
    /// A title has at most this many words (longer lines are sentences of a numbered list).
    pub max_title_words: usize,
    /// A title ending in a full stop is a sentence of a numbered list unless it has fewer words
    /// than this (and something else marks it as a heading).
    pub sentence_words: usize,
    /// The case handler's initials after a KL case code (`hast/hlth`) are at most this long.
    pub max_initials: usize,
    /// Text files: a line this far below the one before (a blank line) stands on its own.
    pub file_blank_pitch: f32,
    /// A heading is the TOC's entry when their titles' first this many letters and digits agree.
    pub toc_title_chars: usize,
    /// A PDF without bold and with at least this many numbered TOC entries has as items only
    /// the headings its TOC lists.
    pub min_numbered_toc: usize,
}

impl ItemThresholds {
    /// The values the stage has always used.
    pub const DEFAULT: ItemThresholds = ItemThresholds {
        heading_size_margin: 0.5,
        ocr_heading_size_ratio: 1.1,
        ocr_same_size: 0.12,
        same_size: 0.3,
        title_wrap_pitch: 1.8,
        max_title_lines_above: 2,
        case_line_window: 4,
        evidence_window: 6,
        heading_evidence_window: 2,
        case_above_window: 2,
        max_number_skip: 2,
        max_title_words: 40,
        sentence_words: 6,
        max_initials: 16,
        file_blank_pitch: 20.0,
        toc_title_chars: 20,
        min_numbered_toc: 3,
    };
}

/// The thresholds of the title block ([`super::meeting`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MeetingThresholds {
    /// How many lines from the start the title block may span.
    pub title_block_lines: usize,
    /// An unlabelled date and time are looked for this many lines after the title.
    pub unlabelled_block_lines: usize,
    /// A document without a title line: its committee and date are looked for in this many
    /// lines at the top.
    pub bare_block_lines: usize,
    /// A wrapped title line follows within this many times its font size.
    pub title_wrap_pitch: f32,
    /// The lines of one title sentence differ in size by less than this (points).
    pub same_size: f32,
    /// A committee's name has at most this many words.
    pub max_committee_words: usize,
    /// A location has fewer characters than this.
    pub max_location_chars: usize,
    /// A committee named in running prose ("dagens møde i Aarhus Byråd") has at most this many
    /// words.
    pub max_prose_committee_words: usize,
    /// A word of a committee in capitals this short stays in capitals (an acronym: "KKR").
    pub max_acronym_chars: usize,
}

impl MeetingThresholds {
    /// The values the stage has always used.
    pub const DEFAULT: MeetingThresholds = MeetingThresholds {
        title_block_lines: 40,
        unlabelled_block_lines: 8,
        bare_block_lines: 4,
        title_wrap_pitch: 1.8,
        same_size: 0.3,
        max_committee_words: 12,
        max_location_chars: 100,
        max_prose_committee_words: 6,
        max_acronym_chars: 3,
    };
}

/// The thresholds of the participant lists ([`super::participants`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ParticipantThresholds {
    /// A loosely printed entry has at most this many words.
    pub loose_max_words: usize,
}

impl ParticipantThresholds {
    /// The values the stage has always used.
    pub const DEFAULT: ParticipantThresholds = ParticipantThresholds {
        loose_max_words: 12,
    };
}

/// The thresholds of attachment lists ([`super::attachments`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AttachmentThresholds {
    /// A list entry is at most this many words (longer lines are the text after the list).
    pub max_entry_words: usize,
    /// A line this many points left of the list's entries is the next point, not an entry.
    pub list_indent_tolerance: f32,
    /// A PDF line within this many body line pitches of an entry that ran to the right margin
    /// continues its title.
    pub wrap_pitch: f32,
}

impl AttachmentThresholds {
    /// The values the stage has always used.
    pub const DEFAULT: AttachmentThresholds = AttachmentThresholds {
        max_entry_words: 30,
        list_indent_tolerance: 2.0,
        wrap_pitch: 1.12,
    };
}

/// The thresholds of table detection ([`super::tables`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TableThresholds {
    /// Ruling lines closer than this (points) are the same grid line; a rule ending within this
    /// distance of another touches it.
    pub rule_tolerance: f32,
    /// A line with a gap between words at least this many font sizes wide is a table row
    /// candidate (body text stays below 0.9).
    pub row_gap: f32,
    /// Whitespace running through every row of a block at least this many font sizes wide
    /// separates two columns.
    pub column_gap: f32,
    /// Lines of one table differ in font size by at most this (points).
    pub size_tolerance: f32,
    /// Consecutive lines of one table are at most this many font sizes apart (top to top).
    pub max_row_pitch: f32,
    /// In a borderless table, a line further below the previous one than this factor times the
    /// block's closest line pitch starts a new row.
    pub row_break_pitch: f32,
    /// A caption is at most this many font sizes above the table (or below it).
    pub caption_distance: f32,
    /// Text files: a gap wider than this (points) between words is a tab between cells.
    pub file_cell_gap: f32,
    /// Columns of two table parts on consecutive pages line up within this (points).
    pub continuation_tolerance: f32,
    /// A grid is no table when more than this share of the lines with words in it also have
    /// words outside it.
    pub max_share_outside_grid: f32,
    /// A gap between columns this many times wider than every other splits a borderless table
    /// printed in two halves side by side.
    pub side_by_side_gutter: f32,
    /// Leading rows of a ruled grid in type larger than this times the table's median size are
    /// a title, not rows.
    pub title_size_ratio: f32,
    /// At most this many leading lines in body type can be a borderless table's header.
    pub max_plain_header_lines: usize,
    /// A ruled grid whose rows hold this many text lines on average has rules around groups of
    /// rows only; its text lines are split into rows.
    pub unruled_lines_per_row: f32,
    /// A block of at most this many rows (twice as many when all bold) right above a table
    /// can be its header…
    pub header_block_rows: usize,
    /// …when the gap between them is at most this (em of the table's size).
    pub header_gap: f32,
    /// Rules reaching this far (points) beyond a grid's outermost boundary bound an outer
    /// cell of a grid drawn without an outer frame.
    pub open_frame_cell: f32,
    /// A header block right above a table lies within this many em of the table's sides.
    pub header_block_margin: f32,
    /// A line in a borderless block that is no row of its own continues the row above when it
    /// is narrower than this share of the block…
    pub continuation_width: f32,
    /// …or, indented by more than an em, narrower than this share.
    pub indented_continuation_width: f32,
    /// In a cell, a word is on the line of the word above when their middles are within this
    /// share of that line's first word's height.
    pub cell_line_tolerance: f32,
    /// A line in one piece at least this share of a frame's width is paragraph text: the band
    /// of rules or fills holding it is no table row.
    pub frame_paragraph_width: f32,
    /// A band of at most this many lines between two rules, next to a table's band, is part of
    /// it (a header of one cell) even when its lines do not split into cells.
    pub frame_short_band_lines: usize,
    /// The first row under a framed table's last rule or stripe starts at most this many em
    /// below it (a cell's padding; the paragraph after a table is further away).
    pub frame_open_gap: f32,
    /// In a framed table's header over columns read from the body's text, words closer than
    /// this many font sizes are one run, placed as a whole.
    pub header_run_gap: f32,
    /// A column's text is set flush left (right) when its runs' left (right) edges lie within
    /// this many points of each other.
    pub align_tolerance: f32,
}

impl TableThresholds {
    /// The values the stage has always used.
    pub const DEFAULT: TableThresholds = TableThresholds {
        rule_tolerance: 2.5,
        row_gap: 1.5,
        column_gap: 0.8,
        size_tolerance: 0.6,
        max_row_pitch: 2.3,
        row_break_pitch: 1.5,
        caption_distance: 3.5,
        file_cell_gap: 20.0,
        continuation_tolerance: 6.0,
        unruled_lines_per_row: 2.5,
        max_plain_header_lines: 6,
        title_size_ratio: 1.3,
        side_by_side_gutter: 2.0,
        max_share_outside_grid: 0.5,
        header_block_rows: 3,
        header_gap: 2.5,
        open_frame_cell: 6.0,
        header_block_margin: 2.0,
        continuation_width: 0.75,
        indented_continuation_width: 0.9,
        cell_line_tolerance: 0.5,
        frame_paragraph_width: 0.8,
        frame_short_band_lines: 3,
        frame_open_gap: 0.6,
        header_run_gap: 0.5,
        align_tolerance: 1.0,
    };
}

/// The thresholds of decisions ([`super::decisions`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DecisionThresholds {
    /// Sentences of at most this many words count as a bare formula ("Godkendt.", "Taget til
    /// efterretning.") whatever their subject.
    pub formula_max_words: usize,
}

impl DecisionThresholds {
    /// The values the stage has always used.
    pub const DEFAULT: DecisionThresholds = DecisionThresholds {
        formula_max_words: 4,
    };
}

/// The thresholds of votes ([`super::votes`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct VoteThresholds {
    /// A party or list letter is at most this many letters ("A", "Ø", "SF").
    pub max_letters: usize,
    /// A subject that votes has at most this many words.
    pub max_voter_words: usize,
}

impl VoteThresholds {
    /// The values the stage has always used.
    pub const DEFAULT: VoteThresholds = VoteThresholds {
        max_letters: 3,
        max_voter_words: 16,
    };
}

macro_rules! default_is_const {
    ($($t:ty),*) => {
        $(impl Default for $t {
            fn default() -> Self {
                <$t>::DEFAULT
            }
        })*
    };
}

default_is_const!(
    Thresholds,
    LineThresholds,
    SectionThresholds,
    TocThresholds,
    ItemThresholds,
    MeetingThresholds,
    ParticipantThresholds,
    AttachmentThresholds,
    TableThresholds,
    DecisionThresholds,
    VoteThresholds
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_the_const_and_serializes_by_group() {
        assert_eq!(Thresholds::default(), Thresholds::DEFAULT);
        let json = serde_json::to_value(Thresholds::default()).unwrap();
        assert_eq!(json["tables"]["rule_tolerance"], 2.5);
        assert_eq!(json["items"]["case_line_window"], 4);
    }
}
