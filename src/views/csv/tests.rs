//! Unit tests of the CSV view.

use std::path::Path;

use super::*;
use crate::outdir::OutDir;
use crate::pipeline::{FileResult, Status};
use crate::views::table_id;

/// One file's rows: `tag` in every output, and `tables` table files.
fn rows(tag: &str, tables: usize) -> FileRows {
    FileRows {
        cells: OUTPUTS
            .iter()
            .map(|_| vec![vec![tag.to_string()]])
            .collect(),
        tables: (0..tables)
            .map(|k| (table_id(tag, k), vec![vec![format!("{tag} table {k}")]]))
            .collect(),
        json: format!("{{\"meeting_id\": \"{tag}\"}}"),
        ..FileRows::default()
    }
}

/// A minutes file with one closed item that has two ballots and an attachment list, built
/// by hand (the structure stage is not involved).
pub(crate) fn voted_minutes() -> FileResult {
    use crate::structure::decisions::{Decision, Outcome};
    use crate::structure::{Attachment, Item, Meeting, Position, Structure, Vote};
    let sentence = "For stemte A og V (12), imod stemte Ø (3).";
    let vote = |ballot, position, who: &str, count| Vote {
        ballot,
        position,
        who: who.to_string(),
        count,
        sentence: sentence.to_string(),
        page: 4,
    };
    let item = Item {
        number: "7".into(),
        level: 1,
        title: "Lukket punkt: Salg af grund".into(),
        case_number: Some("82.02.00-G01-1-20".into()),
        case_handler: None,
        page_start: 4,
        page_end: 5,
        sections: Vec::new(),
        decision: Some(Decision {
            outcome: Outcome::Henvist,
            sentence: "Oversendes til Økonomiudvalget.".into(),
        }),
        closed: true,
        votes: vec![
            vote(1, Position::For, "A", Some(12)),
            vote(1, Position::For, "V", Some(12)),
            vote(1, Position::Imod, "Ø", Some(3)),
            vote(2, Position::Undlod, "Jens Hansen (C)", None),
        ],
        attachments: vec![
            Attachment {
                index: 1,
                title: "Købstilbud, \"Grund 4\"".into(),
                access: Some("lukket".into()),
                reference: Some("222359/12".into()),
                page: 5,
            },
            Attachment {
                index: 2,
                title: "Kort".into(),
                access: None,
                reference: None,
                page: 5,
            },
        ],
    };
    let open_item = Item {
        number: "8".into(),
        title: "Eventuelt".into(),
        closed: false,
        votes: Vec::new(),
        attachments: Vec::new(),
        decision: None,
        case_number: None,
        page_start: 6,
        page_end: 6,
        ..item.clone()
    };
    FileResult {
        source: "referat.pdf".into(),
        meeting_id: "referat-pdf".into(),
        status: Status::Ok,
        pages: 6,
        text_source: crate::model::TextSource::Text,
        error: None,
        meeting: Some(crate::pipeline::MeetingResult {
            structure: Structure {
                meeting: Meeting {
                    doc_type: Some("referat".into()),
                    committee: Some("Byrådet".into()),
                    date: Some("2021-03-25".into()),
                    start_time: Some("17:00".into()),
                    end_time: Some("19:30".into()),
                    location: None,
                },
                items: vec![item, open_item],
                ..Structure::default()
            },
            warnings: Vec::new(),
            repair: Default::default(),
        }),
        vocabulary: Default::default(),
        open: Vec::new(),
        page_records: Vec::new(),
    }
}

/// The rows `rows` holds for the output `name`, header first, as records.
fn table(rows: &FileRows, name: &str) -> Vec<Vec<String>> {
    let k = OUTPUTS.iter().position(|(n, _)| *n == name).unwrap();
    let header: Vec<String> = OUTPUTS[k].1.iter().map(|c| c.to_string()).collect();
    std::iter::once(header)
        .chain(rows.cells[k].iter().cloned())
        .collect()
}

#[test]
fn votes_attachments_closed_and_end_time_reach_every_view() {
    let rows = file_rows(&voted_minutes(), "h", true).unwrap();
    assert_eq!(rows.cells.len(), OUTPUTS.len());
    let s = "For stemte A og V (12), imod stemte Ø (3).";
    let vote = |ballot, position, who, count| {
        vec!["referat-pdf", "7", ballot, position, who, count, s, "4"]
    };
    assert_eq!(
        table(&rows, "votes.csv"),
        [
            vec![
                "meeting_id",
                "item_no",
                "ballot",
                "position",
                "who",
                "count",
                "sentence",
                "page"
            ],
            vote("1", "for", "A", "12"),
            vote("1", "for", "V", "12"),
            vote("1", "imod", "Ø", "3"),
            vote("2", "undlod", "Jens Hansen (C)", ""),
        ]
    );
    // As CSV text: the sentence quoted (it holds commas), CRLF line ends.
    let votes = OUTPUTS.iter().position(|(n, _)| *n == "votes.csv").unwrap();
    assert!(rows.csv(votes).unwrap().starts_with(
        "referat-pdf,7,1,for,A,12,\"For stemte A og V (12), imod stemte Ø (3).\",4\r\n"
    ));
    assert_eq!(
        table(&rows, "attachments.csv"),
        [
            vec![
                "meeting_id",
                "item_no",
                "attachment_index",
                "title",
                "access",
                "reference",
                "page"
            ],
            vec![
                "referat-pdf",
                "7",
                "1",
                "Købstilbud, \"Grund 4\"",
                "lukket",
                "222359/12",
                "5"
            ],
            vec!["referat-pdf", "7", "2", "Kort", "", "", "5"],
        ]
    );
    let items = table(&rows, "items.csv");
    let col = |t: &[Vec<String>], name: &str| -> Vec<String> {
        let c = t[0].iter().position(|h| h == name).unwrap();
        t.iter().skip(1).map(|r| r[c].clone()).collect()
    };
    assert_eq!(items[0][4..6], ["title", "closed"]);
    assert_eq!(col(&items, "closed"), ["true", "false"]);
    assert_eq!(col(&items, "decision"), ["henvist", ""]);
    assert_eq!(col(&items, "attachments"), ["0", "0"], "the ./. markers");
    let meetings = table(&rows, "meetings.csv");
    assert_eq!(meetings[0][6..8], ["start_time", "end_time"]);
    assert_eq!(meetings[1][6..8], ["17:00", "19:30"]);
    assert_eq!(items[1].len(), items[0].len());
    assert_eq!(meetings[1].len(), meetings[0].len());

    // The JSON document.
    let doc: serde_json::Value = serde_json::from_str(&rows.json).unwrap();
    assert_eq!(doc["meeting"]["start_time"], "17:00");
    assert_eq!(doc["meeting"]["end_time"], "19:30");
    let it = &doc["items"][0];
    assert_eq!(it["closed"], true);
    assert_eq!(doc["items"][1]["closed"], false);
    assert_eq!(it["attachment_markers"], 0);
    assert_eq!(it["decision"]["outcome"], "henvist");
    assert_eq!(
        it["votes"],
        serde_json::json!([
            {"ballot": 1, "position": "for", "who": "A", "count": 12,
             "sentence": "For stemte A og V (12), imod stemte Ø (3).", "page": 4},
            {"ballot": 1, "position": "for", "who": "V", "count": 12,
             "sentence": "For stemte A og V (12), imod stemte Ø (3).", "page": 4},
            {"ballot": 1, "position": "imod", "who": "Ø", "count": 3,
             "sentence": "For stemte A og V (12), imod stemte Ø (3).", "page": 4},
            {"ballot": 2, "position": "undlod", "who": "Jens Hansen (C)", "count": null,
             "sentence": "For stemte A og V (12), imod stemte Ø (3).", "page": 4},
        ])
    );
    assert_eq!(
        it["attachments"],
        serde_json::json!([
            {"index": 1, "title": "Købstilbud, \"Grund 4\"", "access": "lukket",
             "reference": "222359/12", "page": 5},
            {"index": 2, "title": "Kort", "access": null, "reference": null, "page": 5},
        ])
    );
    assert_eq!(doc["items"][1]["votes"], serde_json::json!([]));
    assert_eq!(doc["items"][1]["attachments"], serde_json::json!([]));
}

#[test]
fn the_new_columns_are_typed() {
    assert_eq!(column_kind("meetings.csv", "end_time"), Kind::Time);
    assert_eq!(column_kind("items.csv", "closed"), Kind::Boolean);
    for c in ["ballot", "count", "page"] {
        assert_eq!(column_kind("votes.csv", c), Kind::Integer, "{c}");
    }
    for c in ["attachment_index", "page"] {
        assert_eq!(column_kind("attachments.csv", c), Kind::Integer, "{c}");
    }
    assert_eq!(column_kind("votes.csv", "who"), Kind::Text);
    // The new files come after sections.csv, the others in their old order.
    let names: Vec<&str> = OUTPUTS.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "files.csv",
            "pages.csv",
            "meetings.csv",
            "participants.csv",
            "items.csv",
            "sections.csv",
            "votes.csv",
            "attachments.csv",
            "repairs.csv",
            "table_cells.csv",
            "tables.csv",
        ]
    );
}

/// The output folder `path`, held for a run of files `ids` in every format.
fn out_dir(path: &Path, ids: &[&str]) -> OutDir {
    let plan = crate::views::plan(
        ids.iter().map(|s| s.to_string()).collect(),
        &[Format::Csv, Format::Json],
    );
    OutDir::prepare(crate::outdir::Lock::acquire(path).unwrap(), path, plan).unwrap()
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn rows_of_another_schema_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = out_dir(dir.path(), &["a"]);
    let mut a = Assembler::new(&out, Dialect::Standard, false).unwrap();
    let mut old = rows("a", 0);
    old.cells.truncate(9);
    let e = a.add("a", &old).unwrap_err().to_string();
    assert!(
        e.contains("rows for 9 files, this version writes 11"),
        "{e}"
    );
}

#[test]
fn rewinding_takes_the_outputs_back_to_the_mark() {
    let dir = tempfile::tempdir().unwrap();
    let out = out_dir(dir.path(), &["a", "b", "c", "d"]);
    let mut a = Assembler::new(&out, Dialect::Standard, true).unwrap();
    a.add("a", &rows("a", 1)).unwrap().unwrap();
    let mark = a.mark();
    a.add("b", &rows("b", 2)).unwrap().unwrap();
    a.add("c", &rows("c", 0)).unwrap().unwrap();
    assert!(dir.path().join("tables/b-t2.csv").exists());
    a.rewind(mark, &[table_id("b", 0), table_id("b", 1)], &["b", "c"])
        .unwrap();
    a.add("d", &rows("d", 0)).unwrap().unwrap();
    a.finish().unwrap();
    for (name, _) in OUTPUTS {
        let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
        let body: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(body, ["a", "d"], "{name}");
    }
    assert_eq!(names(&dir.path().join("tables")), ["a-t1.csv"]);
    assert_eq!(names(&dir.path().join("json")), ["a.json", "d.json"]);
    // What is there is what the list holds.
    let mut listed = out.written();
    listed.retain(|r| r.contains('/'));
    assert_eq!(listed, ["json/a.json", "json/d.json", "tables/a-t1.csv"]);
}

/// A table file that cannot be written (here: a name past the file system's 255 bytes, as
/// a stored result of an older version could hold) costs its file only: none of the file's
/// rows or files are written, the problem comes back for its error row, and the next
/// file is added; no temporary file stays.
#[test]
fn a_file_whose_own_output_cannot_be_written_leaves_nothing_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let long = "æ".repeat(130);
    let out = out_dir(dir.path(), &["a", &long, "c"]);
    let mut a = Assembler::new(&out, Dialect::Standard, true).unwrap();
    a.add("a", &rows("a", 1)).unwrap().unwrap();
    let mut bad = rows("b", 2);
    bad.tables[1].0 = table_id(&long, 1);
    let e = a.add("b", &bad).unwrap().unwrap_err();
    assert!(e.0.starts_with("cannot write tables/æææ"), "{e:?}");
    assert!(e.0.contains("too long"), "{e:?}");
    assert!(!e.0.contains(".tmp"), "{e:?}");
    a.add("c", &rows("c", 0)).unwrap().unwrap();
    a.finish().unwrap();
    let text = std::fs::read_to_string(dir.path().join("files.csv")).unwrap();
    assert_eq!(text.lines().skip(1).collect::<Vec<_>>(), ["a", "c"]);
    assert_eq!(names(&dir.path().join("tables")), ["a-t1.csv"]);
    assert_eq!(names(&dir.path().join("json")), ["a.json", "c.json"]);
    assert!(names(out.tmp()).is_empty());
}
