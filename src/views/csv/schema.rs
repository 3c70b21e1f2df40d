//! The CSV files' schema: every output file with its header row, what each column holds (for
//! the outputs that type their values), and the output formats of a run.

/// The section headings that get their own column in `items.csv`.
pub const STANDARD_SECTIONS: [&str; 4] =
    ["Baggrund", "Indstilling", "Sagsfremstilling", "Beslutning"];

/// The CSV files of a run, in the order they are written, with their header rows.
pub const OUTPUTS: [(&str, &[&str]); 11] = [
    (
        "files.csv",
        &[
            "source_file",
            "status",
            "pages",
            "items",
            "text_source",
            "error_kind",
            "error",
            "content_hash",
        ],
    ),
    (
        "pages.csv",
        &[
            "source_file",
            "page",
            "text_source",
            "words",
            "read",
            "ocr_reason",
            "ocr_confidence",
            "ocr_skew_degrees",
            "ocr_image",
            "text",
        ],
    ),
    (
        "meetings.csv",
        &[
            "meeting_id",
            "meeting_key",
            "source_file",
            "doc_type",
            "committee",
            "date",
            "start_time",
            "end_time",
            "location",
            "pages",
            "item_count",
            "table_count",
            "text_source",
            "warnings",
        ],
    ),
    (
        "participants.csv",
        &[
            "meeting_id",
            "name",
            "party",
            "municipality",
            "attendance",
            "page",
        ],
    ),
    (
        "items.csv",
        &[
            "meeting_id",
            "meeting_key",
            "item_no",
            "level",
            "title",
            "closed",
            "case_number",
            "case_handler",
            "page_start",
            "page_end",
            "attachments",
            "baggrund",
            "indstilling",
            "sagsfremstilling",
            "beslutning",
            "decision",
            "decision_sentence",
        ],
    ),
    (
        "sections.csv",
        &[
            "meeting_id",
            "item_no",
            "section_index",
            "heading",
            "text",
            "attachments",
            "page",
        ],
    ),
    (
        "votes.csv",
        &[
            "meeting_id",
            "item_no",
            "ballot",
            "position",
            "who",
            "count",
            "sentence",
            "page",
        ],
    ),
    (
        "attachments.csv",
        &[
            "meeting_id",
            "item_no",
            "attachment_index",
            "title",
            "access",
            "reference",
            "page",
        ],
    ),
    (
        "repairs.csv",
        &["meeting_id", "page", "original", "repaired", "rule"],
    ),
    (
        "table_cells.csv",
        &[
            "meeting_id",
            "table_id",
            "row",
            "col",
            "text",
            "number",
            "unit",
        ],
    ),
    (
        "tables.csv",
        &[
            "meeting_id",
            "table_id",
            "item_no",
            "table_index",
            "section",
            "caption",
            "page_start",
            "page_end",
            "rows",
            "cols",
            "file",
        ],
    ),
];

/// The position of each output in [`OUTPUTS`].
#[derive(Debug, Clone, Copy)]
pub enum Out {
    Files,
    Pages,
    Meetings,
    Participants,
    Items,
    Sections,
    Votes,
    Attachments,
    Repairs,
    TableCells,
    Tables,
}

// Each `Out` is the index of its file in `OUTPUTS`: the last one is the last file.
const _: () = assert!(Out::Tables as usize + 1 == OUTPUTS.len());

/// What a column holds, for the outputs that type their values (Excel CSV, XLSX).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text as it is.
    Text,
    /// A whole number.
    Integer,
    /// A number with a decimal point (`6.5`).
    Decimal,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// A time of day, `HH:MM`.
    Time,
    /// `true` or `false`.
    Boolean,
}

/// The kind of `column` of the output `file` (one of [`OUTPUTS`]); text unless listed.
pub fn column_kind(file: &str, column: &str) -> Kind {
    match (file, column) {
        ("pages.csv", "ocr_confidence" | "ocr_skew_degrees") | ("table_cells.csv", "number") => {
            Kind::Decimal
        }
        ("meetings.csv", "date") => Kind::Date,
        ("meetings.csv", "start_time" | "end_time") => Kind::Time,
        ("items.csv", "closed") => Kind::Boolean,
        ("files.csv", "pages" | "items")
        | ("pages.csv", "page" | "words")
        | ("meetings.csv", "pages" | "item_count" | "table_count")
        | ("participants.csv", "page")
        | ("items.csv", "level" | "page_start" | "page_end" | "attachments")
        | ("sections.csv", "section_index" | "attachments" | "page")
        | ("votes.csv", "ballot" | "count" | "page")
        | ("attachments.csv", "attachment_index" | "page")
        | ("repairs.csv", "page")
        | ("table_cells.csv", "row" | "col")
        | ("tables.csv", "table_index" | "page_start" | "page_end" | "rows" | "cols") => {
            Kind::Integer
        }
        _ => Kind::Text,
    }
}

/// An output format of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    /// The CSV files (and `tables/`).
    #[value(help = "The CSV files and tables/")]
    Csv,
    /// One workbook, `kl-extract.xlsx` (see [`crate::views::xlsx`]).
    #[value(help = "One workbook, kl-extract.xlsx, with typed numbers and dates")]
    Xlsx,
    /// One `json/<meeting_id>.json` per input (see [`crate::views::json`]).
    #[value(help = "One json/<meeting_id>.json per input: each document's whole model")]
    Json,
    /// One SQLite database, `kl-extract.sqlite` (see [`crate::views::sqlite`]).
    #[value(
        help = "One SQLite database, kl-extract.sqlite, with full-text search (Datasette-ready)"
    )]
    Sqlite,
}
