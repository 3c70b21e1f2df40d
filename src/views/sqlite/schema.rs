//! The database's schema: a table per CSV output (its columns in the CSV order, typed by
//! [`column_kind`]), the keys each table gets, the indexes, the two views, the FTS5 indexes, and
//! Datasette's metadata (titles and column descriptions, as the README's output schema gives
//! them).

use serde_json::{json, Map, Value};

use crate::views::csv::{column_kind, Kind, OUTPUTS};

/// The table of a CSV output (`items.csv` → `items`).
pub fn table_name(file: &str) -> &str {
    file.strip_suffix(".csv").unwrap_or(file)
}

/// Whether a table's rows name an item (and get an `item_id` pointing to it).
pub fn links_item(table: &str) -> bool {
    matches!(table, "sections" | "votes" | "attachments" | "tables")
}

/// The SQL type of a column kind.
fn sql_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Integer | Kind::Boolean => "INTEGER",
        // Whole numbers stay integers (`35.525.378` → 35525378), the others are reals.
        Kind::Decimal => "NUMERIC",
        Kind::Text | Kind::Date | Kind::Time => "TEXT",
    }
}

/// A table's own key column, first in the table (a row id for the tables without a natural
/// key; `items.item_id` is what the child tables point to).
fn own_key(table: &str) -> Option<&'static str> {
    match table {
        "participants" => Some("participant_id"),
        "items" => Some("item_id"),
        "sections" => Some("section_id"),
        "votes" => Some("vote_id"),
        "attachments" => Some("attachment_id"),
        "repairs" => Some("repair_id"),
        _ => None,
    }
}

/// The key and references of a table, as SQL clauses.
fn constraints(table: &str) -> Vec<String> {
    let mut out = Vec::new();
    match table {
        "files" => out.push("PRIMARY KEY (source_file)".to_string()),
        "pages" => out.push("PRIMARY KEY (source_file, page)".to_string()),
        "meetings" => out.push("PRIMARY KEY (meeting_id)".to_string()),
        "tables" => out.push("PRIMARY KEY (table_id)".to_string()),
        "table_cells" => out.push("PRIMARY KEY (table_id, \"row\", col)".to_string()),
        _ => {}
    }
    match table {
        "pages" | "meetings" => {
            out.push("FOREIGN KEY (source_file) REFERENCES files (source_file)".to_string())
        }
        "files" => {}
        _ => out.push("FOREIGN KEY (meeting_id) REFERENCES meetings (meeting_id)".to_string()),
    }
    if links_item(table) {
        out.push("FOREIGN KEY (item_id) REFERENCES items (item_id)".to_string());
    }
    if table == "table_cells" {
        out.push("FOREIGN KEY (table_id) REFERENCES tables (table_id)".to_string());
    }
    out
}

/// `CREATE TABLE` for every output.
pub fn tables_sql() -> String {
    let mut sql = String::new();
    for (file, columns) in OUTPUTS {
        let table = table_name(file);
        let mut defs: Vec<String> = Vec::new();
        if let Some(k) = own_key(table) {
            defs.push(format!("{k} INTEGER PRIMARY KEY"));
        }
        for c in columns {
            defs.push(format!("\"{c}\" {}", sql_type(column_kind(file, c))));
        }
        if links_item(table) {
            defs.push("item_id INTEGER".to_string());
        }
        defs.extend(constraints(table));
        sql.push_str(&format!(
            "CREATE TABLE \"{table}\" (\n  {}\n);\n",
            defs.join(",\n  ")
        ));
    }
    sql
}

/// The indexes on the join columns.
pub fn indexes_sql() -> String {
    [
        "meetings (meeting_key)",
        "meetings (committee)",
        "meetings (date)",
        "meetings (source_file)",
        "participants (meeting_id)",
        "items (meeting_id, item_no)",
        "items (meeting_key, item_no)",
        "sections (item_id)",
        "sections (meeting_id, item_no)",
        "votes (item_id)",
        "votes (meeting_id, item_no)",
        "attachments (item_id)",
        "attachments (meeting_id, item_no)",
        "repairs (meeting_id)",
        "tables (meeting_id)",
        "tables (item_id)",
        "table_cells (meeting_id)",
    ]
    .iter()
    .map(|on| {
        let name: String = on
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .collect::<String>()
            .split('_')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        format!("CREATE INDEX \"idx_{name}\" ON {on};\n")
    })
    .collect()
}

/// The FTS5 tables: items (title and the four standard sections) and sections (heading and
/// text), external-content tables named `<table>_fts` with `content="<table>"` as Datasette
/// finds them; `unicode61` keeps æ, ø and å as letters and folds no diacritics.
pub fn search_sql() -> String {
    let tokenize = "tokenize=\"unicode61 remove_diacritics 0\"";
    format!(
        "CREATE VIRTUAL TABLE items_fts USING fts5(title, baggrund, indstilling, sagsfremstilling, \
         beslutning, content=\"items\", content_rowid=\"item_id\", {tokenize});\n\
         INSERT INTO items_fts (items_fts) VALUES ('rebuild');\n\
         CREATE VIRTUAL TABLE sections_fts USING fts5(heading, text, content=\"sections\", \
         content_rowid=\"section_id\", {tokenize});\n\
         INSERT INTO sections_fts (sections_fts) VALUES ('rebuild');\n"
    )
}

/// The views journalists would otherwise write first.
pub fn views_sql() -> String {
    "CREATE VIEW items_with_meeting AS\n\
     SELECT i.item_id, m.meeting_key, m.committee, m.date, m.doc_type, i.item_no, i.level,\n\
            i.title, i.closed, i.case_number, i.decision, i.decision_sentence, i.beslutning,\n\
            i.page_start, i.page_end, m.source_file, i.meeting_id\n\
     FROM items i JOIN meetings m ON m.meeting_id = i.meeting_id;\n\
     CREATE VIEW votes_with_item AS\n\
     SELECT v.vote_id, m.meeting_key, m.committee, m.date, v.item_no, i.title, i.decision,\n\
            v.ballot, v.position, v.who, v.count, v.sentence, v.page, v.meeting_id, v.item_id\n\
     FROM votes v JOIN meetings m ON m.meeting_id = v.meeting_id\n\
     LEFT JOIN items i ON i.item_id = v.item_id;\n"
        .to_string()
}

/// What each table holds, and its label column (what Datasette shows for a link to a row).
const TABLES: [(&str, &str, Option<&str>); 11] = [
    (
        "files",
        "One row per input file, including failed ones",
        None,
    ),
    (
        "pages",
        "One row per page of every input that could be opened",
        None,
    ),
    (
        "meetings",
        "One row per readable input: the title block",
        Some("meeting_key"),
    ),
    ("participants", "One row per listed member", None),
    (
        "items",
        "One row per numbered agenda item (3 and 3.4)",
        Some("title"),
    ),
    (
        "sections",
        "One row per section of an item",
        Some("heading"),
    ),
    ("votes", "One row per voter in a ballot of an item", None),
    (
        "attachments",
        "One row per entry of an item's attachment list (Bilag)",
        None,
    ),
    ("repairs", "One row per change made by text repair", None),
    ("table_cells", "One row per table cell", None),
    ("tables", "One row per table", Some("caption")),
];

/// What each column holds (the README's output schema).
const COLUMNS: &[(&str, &str)] = &[
    ("source_file", "The input's path as found under the INPUT argument"),
    ("status", "ok, partial (some pages could not be read) or failed"),
    ("pages", "Number of pages"),
    ("items", "Number of numbered items found"),
    ("text_source", "Where the text came from: text (text layer), ocr, mixed, file"),
    ("error_kind", "Why the file or some pages failed: empty_file, not_a_pdf, truncated_or_corrupt, encrypted, no_text, timeout, too_large, io_error, internal"),
    ("error", "What happened, in words"),
    ("content_hash", "XXH3-128 of the file's bytes: the same file has the same hash anywhere"),
    ("page", "1-based page in the file (not the printed page label)"),
    ("words", "Number of words on the page"),
    ("read", "ok or failed"),
    ("ocr_reason", "Why the page was OCR'd"),
    ("ocr_confidence", "Tesseract's mean word confidence, 0-100"),
    ("ocr_skew_degrees", "The skew found and taken out (degrees)"),
    ("ocr_image", "embedded (the page's own image) or rendered"),
    ("text", "The text, paragraphs separated by a blank line, list items starting '- '"),
    ("meeting_id", "The input's id, made from its path; joins every table to its meeting"),
    ("meeting_key", "Committee and date as one slug: an agenda and its minutes share it"),
    ("doc_type", "dagsorden (agenda) or referat (minutes)"),
    ("committee", "The committee as printed"),
    ("date", "Meeting date, YYYY-MM-DD"),
    ("start_time", "Start time, HH:MM"),
    ("end_time", "End time, HH:MM, when the title block prints one"),
    ("location", "Where the meeting is held, as printed"),
    ("item_count", "Number of items"),
    ("table_count", "Number of tables"),
    ("warnings", "What the tool could not be sure of"),
    ("name", "The member's name"),
    ("party", "Party letter"),
    ("municipality", "The member's municipality"),
    ("attendance", "present or absent"),
    ("item_no", "The item's number as printed, without a trailing dot (3, 3.4, 342)"),
    ("level", "1 for 3, 2 for 3.4"),
    ("title", "As printed"),
    ("closed", "1 when treated behind closed doors (Lukket punkt, LUKKET MØDE, a Lukket marker)"),
    ("case_number", "The case number (sagsnummer) only"),
    ("case_handler", "The case handler's initials, when printed"),
    ("page_start", "Page where it starts"),
    ("page_end", "Page where it ends"),
    ("attachments", "Count of ./. attachment markers"),
    ("baggrund", "Text of the Baggrund section"),
    ("indstilling", "Text of the Indstilling section"),
    ("sagsfremstilling", "Text of the Sagsfremstilling section"),
    ("beslutning", "Text of the meeting's own decision section"),
    ("decision", "Outcome of the item's last decision block: godkendt, anbefalet, taget til efterretning, drøftet, udsat, afvist, henvist or other"),
    ("decision_sentence", "The sentence the outcome was read from"),
    ("section_index", "1-based position of the section in its item"),
    ("heading", "The section's heading as printed"),
    ("ballot", "1-based within the item: an amendment, then the proposal"),
    ("position", "for, imod or undlod"),
    ("who", "A party, list letter, group or member, as printed"),
    ("count", "The number printed for that position in that ballot"),
    ("sentence", "The sentence it was read from"),
    ("attachment_index", "1-based; the printed number when there is one"),
    ("access", "åben or lukket when printed"),
    ("reference", "The document number when printed (222359/12)"),
    ("original", "A removed line, or a split word as first-|second"),
    ("repaired", "What it became (empty for a removed line)"),
    ("rule", "The repair rule that made the change"),
    ("table_id", "<meeting_id>-t<n>, n in document order"),
    ("row", "0 = header, then 1, 2, ..."),
    ("col", "1-based column"),
    ("number", "The cell read as a Danish number (35.525.378 → 35525378, 6,5 → 6.5)"),
    ("unit", "% for % or pct., kr., or empty"),
    ("table_index", "1-based within the item"),
    ("section", "The heading the table stands under"),
    ("caption", "Tabel 1. ..., when there is one"),
    ("rows", "Number of rows, header included"),
    ("cols", "Number of columns"),
    ("file", "tables/<table_id>.csv in the CSV output"),
    ("item_id", "The item (items.item_id)"),
];

/// The description of a column (`None` for a column the table list above misses).
pub fn column_description(column: &str) -> Option<&'static str> {
    COLUMNS.iter().find(|(c, _)| *c == column).map(|(_, d)| *d)
}

/// Datasette's metadata: the database's title and source, and per table its description,
/// label column, and every column's description.
pub fn metadata() -> Value {
    let mut tables = Map::new();
    for (file, columns) in OUTPUTS {
        let table = table_name(file);
        let (_, description, label) = TABLES
            .iter()
            .find(|(t, _, _)| *t == table)
            .copied()
            .unwrap_or((table, "", None));
        let mut cols = Map::new();
        for c in columns
            .iter()
            .copied()
            .chain(links_item(table).then_some("item_id"))
        {
            if let Some(d) = column_description(c) {
                cols.insert(c.to_string(), json!(d));
            }
        }
        let mut t = Map::new();
        t.insert("description".into(), json!(description));
        if let Some(l) = label {
            t.insert("label_column".into(), json!(l));
        }
        t.insert("columns".into(), Value::Object(cols));
        tables.insert(table.to_string(), Value::Object(t));
    }
    for (view, description) in [
        (
            "items_with_meeting",
            "Every item with its meeting's committee, date and decision",
        ),
        (
            "votes_with_item",
            "Every vote row with its meeting and item",
        ),
    ] {
        tables.insert(view.to_string(), json!({ "description": description }));
    }
    json!({
        "title": "Council meeting documents (kl-extract)",
        "description": "Agendas and minutes read by kl-extract: one table per CSV output, full-text search on items and sections",
        "source": "kl-extract",
        "databases": { "kl-extract": { "tables": Value::Object(tables) } }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_and_table_is_described() {
        for (file, columns) in OUTPUTS {
            let table = table_name(file);
            assert!(TABLES.iter().any(|(t, _, _)| *t == table), "{table}");
            for c in columns.iter() {
                assert!(column_description(c).is_some(), "{table}.{c}");
            }
        }
    }

    #[test]
    fn the_schema_is_valid_sql() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        c.execute_batch(&tables_sql()).unwrap();
        c.execute_batch(&indexes_sql()).unwrap();
        c.execute_batch(&search_sql()).unwrap();
        c.execute_batch(&views_sql()).unwrap();
        let fts: String = c
            .query_row(
                "SELECT sql FROM sqlite_master WHERE name = 'items_fts'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        // As Datasette's detect_fts looks for it.
        assert!(fts.contains("content=\"items\""), "{fts}");
    }
}
