//! The journalist's outputs end to end: decisions read from the seed minutes' Beslutning texts,
//! and the meeting key that joins an agenda to the minutes of the same meeting.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kl-extract"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// The rows of a CSV file as maps from column name to value.
fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// The seed minutes' text.
fn seed_minutes() -> String {
    std::fs::read_to_string("samples/referat_kkr_nordjylland_2020-09-04.txt").unwrap()
}

/// The column of a sheet whose header cell is `name`.
fn sheet_column(sheet: &calamine::Range<calamine::Data>, name: &str) -> usize {
    (0..sheet.width())
        .find(|&c| sheet.get((0, c)).is_some_and(|h| *h == name))
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// What the Beslutning texts of the seed minutes (KKR Nordjylland, 4 September 2020) say, item by
/// item, read by hand: the outcome and the start of the sentence it is stated in.
const SEED_DECISIONS: [(&str, &str, &str); 13] = [
    ("1.1", "godkendt", "KKR Nordjylland godkendte dagsordenen."),
    ("1.2", "godkendt", "KKR Nordjylland godkendte referatet."),
    // A report by the chairman, who recommends reading material: no outcome of the body's.
    (
        "2.1",
        "other",
        "Arne Boelt orienterede om, at der er udsendt",
    ),
    (
        "3.1",
        "taget til efterretning",
        "KKR Nordjylland tog sagen til efterretning.",
    ),
    (
        "3.2",
        "taget til efterretning",
        "KKR Nordjylland tog orienteringen til efterretning.",
    ),
    // Discussed, and recommended that the municipal councils approve the agreement.
    (
        "3.3",
        "anbefalet",
        "KKR Nordjylland drøftede sagen og anbefalede, at",
    ),
    (
        "3.4",
        "godkendt",
        "KKR Nordjylland godkendte samarbejdsaftalen",
    ),
    ("3.5", "drøftet", "KKR Nordjylland drøftede sagen."),
    // Discussed, then noted.
    (
        "3.6",
        "taget til efterretning",
        "KKR Nordjylland drøftede sagen og tog orienteringen til efterretning.",
    ),
    (
        "3.7",
        "drøftet",
        "KKR Nordjylland drøftede sagen og var enige om",
    ),
    (
        "3.8",
        "taget til efterretning",
        "KKR Nordjylland tog sagen til efterretning.",
    ),
    (
        "6.1",
        "taget til efterretning",
        "KKR Nordjylland tog sagen til efterretning.",
    ),
    // Item headings without a Beslutning of their own have no decision.
    ("3", "", ""),
];

#[test]
fn decisions_of_the_seed_minutes_and_agenda_minutes_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let minutes = seed_minutes();
    std::fs::write(inputs.join("referat.txt"), &minutes).unwrap();
    // The agenda of the same meeting: the same document before the meeting, so with empty
    // Beslutning headings (an agenda printed with decisions, as some web pages update theirs
    // during the meeting, has them read like minutes).
    let mut agenda = String::new();
    let mut in_decision = false;
    for line in minutes
        .replacen("REFERAT 2020", "DAGSORDEN 2020", 1)
        .lines()
    {
        let heading = line.split_once(". ").is_some_and(|(n, _)| {
            !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.')
        });
        if heading {
            in_decision = false;
        }
        if !in_decision {
            agenda.push_str(line);
            agenda.push('\n');
        }
        if line.trim() == "Beslutning" {
            in_decision = true;
        }
    }
    assert_ne!(agenda, minutes);
    std::fs::write(inputs.join("dagsorden.txt"), &agenda).unwrap();
    // An agenda of another meeting.
    std::fs::copy(
        "samples/dagsorden_kkr_nordjylland_2020-06-19.md",
        inputs.join("juni.md"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let status = bin()
        .arg(&inputs)
        .args(["--quiet", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());

    let meetings = rows(&out.join("meetings.csv"));
    let key: BTreeMap<&str, (&str, &str)> = meetings
        .iter()
        .map(|m| {
            (
                m["meeting_id"].as_str(),
                (m["meeting_key"].as_str(), m["doc_type"].as_str()),
            )
        })
        .collect();
    assert_eq!(
        key["referat-txt"],
        ("kkr-nordjylland-2020-09-04", "referat")
    );
    assert_eq!(
        key["dagsorden-txt"],
        ("kkr-nordjylland-2020-09-04", "dagsorden")
    );
    assert_eq!(key["juni-md"], ("kkr-nordjylland-2020-06-19", "dagsorden"));

    let items = rows(&out.join("items.csv"));
    let by = |id: &str| -> BTreeMap<String, &BTreeMap<String, String>> {
        items
            .iter()
            .filter(|r| r["meeting_id"] == id)
            .map(|r| (r["item_no"].clone(), r))
            .collect()
    };
    let minutes_items = by("referat-txt");
    for (no, outcome, sentence) in SEED_DECISIONS {
        let it = minutes_items[no];
        assert_eq!(it["decision"], outcome, "item {no}: {}", it["beslutning"]);
        assert!(
            it["decision_sentence"].starts_with(sentence),
            "item {no}: {:?} does not start with {sentence:?}",
            it["decision_sentence"]
        );
        if !outcome.is_empty() {
            assert!(
                it["beslutning"].contains(&it["decision_sentence"]),
                "item {no}"
            );
        }
    }
    // Every item with a Beslutning text has a decision.
    for (no, it) in &minutes_items {
        assert_eq!(
            it["beslutning"].is_empty(),
            it["decision"].is_empty(),
            "item {no}"
        );
    }
    // Agendas: no decisions; the agenda's items join the minutes' on (meeting_key, item_no).
    for id in ["dagsorden-txt", "juni-md"] {
        assert!(by(id).values().all(|it| it["decision"].is_empty()), "{id}");
    }
    let agenda_items = by("dagsorden-txt");
    assert_eq!(agenda_items.len(), minutes_items.len());
    for (no, it) in &agenda_items {
        let m = minutes_items[no];
        assert_eq!(
            (&it["meeting_key"], &it["title"]),
            (&m["meeting_key"], &m["title"])
        );
    }
}

/// The records of a CSV file read with `delimiter`, after an optional byte-order mark.
fn records(path: &Path, delimiter: u8) -> (bool, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    let bom = bytes.starts_with("\u{feff}".as_bytes());
    let body = if bom { &bytes[3..] } else { &bytes[..] };
    let recs = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (bom, recs)
}

#[test]
fn excel_csv_is_the_same_table_with_bom_semicolons_and_decimal_commas() {
    let tmp = tempfile::tempdir().unwrap();
    let (plain, excel) = (tmp.path().join("plain"), tmp.path().join("excel"));
    for (out, extra) in [(&plain, None), (&excel, Some("--excel-csv"))] {
        let status = bin()
            .args(["samples/a_sans", "--quiet", "--out"])
            .arg(out)
            .args(extra)
            .status()
            .unwrap();
        assert!(status.success());
    }
    let mut decimals = 0;
    let mut neutralised = 0;
    for name in [
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
        "tables/seed_000-pdf-t6.csv",
    ] {
        let (bom, plain_recs) = records(&plain.join(name), b',');
        assert!(!bom, "{name}");
        let (bom, excel_recs) = records(&excel.join(name), b';');
        assert!(bom, "{name}: no byte-order mark");
        assert_eq!(plain_recs.len(), excel_recs.len(), "{name}");
        let header = &plain_recs[0];
        for (p, e) in plain_recs.iter().zip(&excel_recs) {
            assert_eq!(p.len(), e.len(), "{name}");
            for ((col, pv), ev) in header.iter().zip(p).zip(e) {
                let decimal = matches!(
                    (name, col.as_str()),
                    ("table_cells.csv", "number")
                        | ("pages.csv", "ocr_confidence" | "ocr_skew_degrees")
                );
                if decimal && pv.contains('.') {
                    decimals += 1;
                    assert_eq!(ev, &pv.replace('.', ","), "{name} {col}");
                } else {
                    // Text as printed, Danish numbers included ("35.525.378", "6,5"); text a
                    // spreadsheet would take for a formula ("- heraf …") after a `'`.
                    let safe = kl_extract::views::csv::dialect::formula_safe(pv);
                    if safe != pv.as_str() {
                        neutralised += 1;
                    }
                    assert_eq!(ev, &safe, "{name} {col}");
                }
            }
        }
    }
    assert!(
        decimals > 0,
        "some decimal numbers were written with a comma"
    );
    assert!(
        neutralised > 0,
        "the list-item cells (\"- heraf …\") start with '"
    );
    let cells = std::fs::read_to_string(excel.join("table_cells.csv")).unwrap();
    assert!(
        cells.contains(";6,5;6,5;"),
        "a cell printed 6,5 and its number"
    );
}

#[test]
fn inspect_outlines_every_item_and_table_of_a_corpus_pdf() {
    let out = bin()
        .args(["inspect", "tests/fixtures/pdf/b_typst/seed_000.pdf"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let truth: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/truth/b_typst/seed_000.json").unwrap(),
    )
    .unwrap();
    assert!(text.contains("committee  KKR Nordjylland"), "{text}");
    assert!(text.contains("date       2020-09-04 09:30"), "{text}");
    let items = truth["items"].as_array().unwrap();
    assert!(text.contains(&format!("Items ({})", items.len())), "{text}");
    // Every item on a line of its own: number, title (cut when long) and first page.
    for it in items {
        let (no, title) = (
            it["number"].as_str().unwrap(),
            it["title"].as_str().unwrap(),
        );
        let page = it["page"].as_u64().unwrap();
        let head: String = title.chars().take(40).collect();
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{no} ")) && l.contains(&head))
            .unwrap_or_else(|| panic!("item {no} {title:?} not in the outline:\n{text}"));
        assert!(
            line.contains(&format!("(p. {page})")) || line.contains(&format!("(pp. {page}–")),
            "item {no}: {line}"
        );
    }
    let tables = truth["tables"].as_array().unwrap();
    assert!(
        text.contains(&format!("Tables ({})", tables.len())),
        "{text}"
    );
    for (k, t) in tables.iter().enumerate() {
        let pages = if t["page_start"] == t["page_end"] {
            format!("p. {}", t["page_start"])
        } else {
            format!("pp. {}–{}", t["page_start"], t["page_end"])
        };
        let shape = format!(
            "t{:<3} {} rows × {} columns, {pages}",
            k + 1,
            t["rows"].as_array().unwrap().len() + 1,
            t["header"].as_array().unwrap().len(),
        );
        assert!(text.contains(&shape), "{shape} not in:\n{text}");
    }
    // A file that is not there is a usage error that says what to give.
    let out = bin().args(["inspect", "no/such.pdf"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give one PDF"));
}

#[test]
fn the_xlsx_workbook_has_every_sheet_with_typed_numbers_and_dates() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let status = bin()
        .args(["samples/a_sans", "--quiet", "--format", "xlsx", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    // Only the workbook was asked for: the CSV files made on the way are gone.
    assert!(!out.join("items.csv").exists() && !out.join("tables").exists());
    let path = out.join("kl-extract.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let names = wb.sheet_names();
    let mut want: Vec<String> = [
        "meetings",
        "items",
        "sections",
        "votes",
        "attachments",
        "participants",
        "tables",
        "files",
    ]
    .map(String::from)
    .to_vec();
    want.extend((1..=6).map(|k| format!("T{k}")));
    assert_eq!(names, want, "one sheet per table after the run's sheets");

    let cell = |wb: &mut Xlsx<_>, sheet: &str, col: &str, row: usize| -> Data {
        let r = wb.worksheet_range(sheet).unwrap();
        r.get((row, sheet_column(&r, col)))
            .cloned()
            .unwrap_or_default()
    };
    // Dates as dates (2020-09-04 is Excel day 44078), times as times, counts as numbers.
    match cell(&mut wb, "meetings", "date", 1) {
        Data::DateTime(d) => assert_eq!(d.as_f64(), 44078.0),
        other => panic!("date is {other:?}"),
    }
    match cell(&mut wb, "meetings", "start_time", 1) {
        Data::DateTime(d) => assert!((d.as_f64() - 9.5 / 24.0).abs() < 1e-9),
        other => panic!("start time is {other:?}"),
    }
    assert_eq!(cell(&mut wb, "meetings", "pages", 1), Data::Float(30.0));
    assert_eq!(
        cell(&mut wb, "meetings", "meeting_key", 1),
        Data::String("kkr-nordjylland-2020-09-04".into())
    );
    assert_eq!(cell(&mut wb, "items", "page_start", 2), Data::Float(4.0));
    assert_eq!(
        cell(&mut wb, "items", "decision", 2),
        Data::String("godkendt".into())
    );
    // closed as a boolean; the votes and attachments sheets with their headers.
    assert_eq!(cell(&mut wb, "items", "closed", 2), Data::Bool(false));
    for (sheet, file) in [("votes", "votes.csv"), ("attachments", "attachments.csv")] {
        let r = wb.worksheet_range(sheet).unwrap();
        let header: Vec<String> = r
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|d| d.to_string())
            .collect();
        let want = kl_extract::views::csv::OUTPUTS
            .iter()
            .find(|(n, _)| *n == file)
            .unwrap()
            .1;
        assert_eq!(header, want, "{sheet}");
    }
    // A table's cells: the header as text, Danish numbers as numbers, labels as text.
    let t1 = wb.worksheet_range("T1").unwrap();
    assert_eq!(
        t1.get((0, 1)),
        Some(&Data::String("År 2020 (i 2021 pl)".into()))
    );
    assert_eq!(t1.get((1, 0)), Some(&Data::String("Budget samlet".into())));
    assert_eq!(t1.get((1, 1)), Some(&Data::Float(35_525_378.0)));
    let t6 = wb.worksheet_range("T6").unwrap();
    let decimals: Vec<f64> = t6
        .rows()
        .flat_map(|r| r.iter())
        .filter_map(|d| match d {
            Data::Float(f) if f.fract() != 0.0 => Some(*f),
            _ => None,
        })
        .collect();
    assert!(
        decimals.contains(&6.5),
        "6,5 as the number 6.5: {decimals:?}"
    );
    // The same run gives the same bytes.
    let again = tmp.path().join("again");
    bin()
        .args(["samples/a_sans", "--quiet", "--format", "xlsx", "--out"])
        .arg(&again)
        .status()
        .unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(again.join("kl-extract.xlsx")).unwrap()
    );
}

#[test]
fn text_past_excels_cell_limit_is_cut_with_a_warning_in_the_meetings_sheet() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let minutes = seed_minutes();
    // Item 1.1's Baggrund made 40,000 characters long.
    let long = "ord ".repeat(10_000);
    let text = minutes.replacen("Baggrund\n", &format!("Baggrund\n\n{}\n", long.trim()), 1);
    std::fs::write(inputs.join("lang.txt"), text).unwrap();
    let out = tmp.path().join("out");
    let status = bin()
        .arg(&inputs)
        .args(["--quiet", "--format", "csv,xlsx", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    // The CSV keeps the whole text.
    let items = rows(&out.join("items.csv"));
    let whole = items.iter().find(|r| r["item_no"] == "1.1").unwrap()["baggrund"].clone();
    assert!(whole.chars().count() > 32_767);
    let mut wb: Xlsx<_> = open_workbook(out.join("kl-extract.xlsx")).unwrap();
    let items = wb.worksheet_range("items").unwrap();
    let col = sheet_column(&items, "baggrund");
    let item_no = sheet_column(&items, "item_no");
    let row = (1..items.height())
        .find(|&r| items.get((r, item_no)) == Some(&Data::String("1.1".into())))
        .unwrap();
    let cut = items.get((row, col)).unwrap().to_string();
    assert_eq!(cut.chars().count(), 32_767);
    assert!(whole.starts_with(&cut));
    let meetings = wb.worksheet_range("meetings").unwrap();
    let warning = meetings
        .get((1, sheet_column(&meetings, "warnings")))
        .unwrap()
        .to_string();
    assert!(
        warning.contains("baggrund of item 1.1 in the items sheet cut to 32767 characters"),
        "{warning}"
    );
}

#[test]
fn json_documents_hold_the_whole_model_of_a_corpus_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let status = bin()
        .args([
            "tests/fixtures/pdf/b_typst/seed_000.pdf",
            "--quiet",
            "--format",
            "csv,json",
            "--out",
        ])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    assert!(out.join("items.csv").exists(), "csv asked for too");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("json/seed_000-pdf.json")).unwrap())
            .unwrap();
    let truth: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/truth/b_typst/seed_000.json").unwrap(),
    )
    .unwrap();
    assert_eq!(doc["status"], "ok");
    // The truth's metadata, and the end time (not printed in this document unless the truth
    // says so).
    for (k, v) in truth["meeting"].as_object().unwrap() {
        assert_eq!(&doc["meeting"][k], v, "meeting {k}");
    }
    assert_eq!(doc["meeting"]["end_time"], truth["meeting"]["end_time"]);
    let mut fields: Vec<&str> = doc["meeting"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "committee",
            "date",
            "doc_type",
            "end_time",
            "location",
            "start_time"
        ]
    );
    assert_eq!(doc["meeting_key"], "kkr-nordjylland-2020-09-04");
    // Participants: the truth's fields, each with the page it is printed on.
    let people = doc["participants"].as_array().unwrap();
    assert_eq!(
        people.len(),
        truth["participants"].as_array().unwrap().len()
    );
    for (p, t) in people.iter().zip(truth["participants"].as_array().unwrap()) {
        for k in ["name", "party", "municipality", "attendance"] {
            assert_eq!(p[k], t[k], "{k}");
        }
        assert_eq!(p["page"], truth["participants_page"]);
    }
    // Items: number, title, first page and section headings as in the truth.
    let items = doc["items"].as_array().unwrap();
    let truth_items = truth["items"].as_array().unwrap();
    assert_eq!(items.len(), truth_items.len());
    for (it, t) in items.iter().zip(truth_items) {
        assert_eq!(it["number"], t["number"]);
        assert_eq!(it["title"], t["title"]);
        assert_eq!(it["page_start"], t["page"]);
        let headings: Vec<&serde_json::Value> = it["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| &s["heading"])
            .collect();
        let want: Vec<&serde_json::Value> = t["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| &s["heading"])
            .collect();
        assert_eq!(headings, want, "item {}", t["number"]);
    }
    assert_eq!(items[1]["decision"]["outcome"], "godkendt");
    // Tables: cells as printed (header row first), the numbers they read as, pages, item.
    let tables = doc["tables"].as_array().unwrap();
    let truth_tables = truth["tables"].as_array().unwrap();
    assert_eq!(tables.len(), truth_tables.len());
    for (t, want) in tables.iter().zip(truth_tables) {
        let rows: Vec<Vec<&str>> = t["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r.as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["text"].as_str().unwrap())
                    .collect()
            })
            .collect();
        let mut expected: Vec<Vec<&str>> = vec![want["header"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect()];
        for r in want["rows"].as_array().unwrap() {
            expected.push(
                r.as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap())
                    .collect(),
            );
        }
        assert_eq!(rows, expected);
        assert_eq!(t["page_start"], want["page_start"]);
        assert_eq!(t["page_end"], want["page_end"]);
        assert_eq!(t["item"], want["item"]);
        // The item lists its tables.
        let item = items.iter().find(|i| i["number"] == want["item"]).unwrap();
        assert!(item["tables"].as_array().unwrap().contains(&t["table_id"]));
    }
    assert_eq!(tables[0]["rows"][1][1]["number"], 35_525_378.0);
    // Without json in --format, an earlier run's documents go.
    let status = bin()
        .args([
            "tests/fixtures/pdf/b_typst/seed_000.pdf",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    assert!(!out.join("json").exists());
}

/// Every file under `dir` (relative path → bytes), without run.json (timings) and the store.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().to_string();
            if rel == "run.json" || rel.starts_with(".kl-extract") {
                continue;
            }
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn shards_merged_equal_a_single_run_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |args: &[&str], out: &Path| {
        let status = bin()
            .args(args)
            .args(["--quiet", "--format", "csv,xlsx,json", "--out"])
            .arg(out)
            .status()
            .unwrap();
        assert!(status.success(), "{args:?}");
    };
    let single = tmp.path().join("single");
    run(&["samples"], &single);
    let shards: Vec<std::path::PathBuf> =
        (1..=2).map(|k| tmp.path().join(format!("s{k}"))).collect();
    run(&["samples", "--shard", "1/2"], &shards[0]);
    run(&["samples", "--shard", "2/2"], &shards[1]);
    // Each shard holds part of the inputs, together all of them, each once.
    let sources = |dir: &Path| -> Vec<String> {
        rows(&dir.join("files.csv"))
            .into_iter()
            .map(|r| r["source_file"].clone())
            .collect()
    };
    let (a, b) = (sources(&shards[0]), sources(&shards[1]));
    assert!(!a.is_empty() && !b.is_empty(), "{a:?} {b:?}");
    let mut both: Vec<String> = a.iter().chain(&b).cloned().collect();
    both.sort();
    assert_eq!(both, sources(&single));
    // A shard alone decides some line-end hyphens with fewer spellings than the whole batch:
    // the merge reads those files again, as the single run did.
    let redone = |dir: &Path| -> u64 {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("run.json")).unwrap()).unwrap();
        v["redone_with_batch_evidence"].as_u64().unwrap()
    };
    let merged = tmp.path().join("merged");
    let status = bin()
        .arg("merge")
        .args(&shards)
        .args(["--quiet", "--format", "csv,xlsx,json", "--out"])
        .arg(&merged)
        .status()
        .unwrap();
    assert!(status.success());
    assert!(redone(&single) > 0);
    assert_eq!(redone(&merged), redone(&single));
    let (want, got) = (snapshot(&single), snapshot(&merged));
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &want {
        assert!(got[name] == *bytes, "{name} differs from the single run's");
    }
    assert!(want.contains_key("kl-extract.xlsx") && want.keys().any(|k| k.starts_with("json/")));

    // Merging a shard twice is refused, saying why.
    let out = bin()
        .arg("merge")
        .args([&shards[0], &shards[0]])
        .arg("--out")
        .arg(tmp.path().join("twice"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is in two shards"));

    // Each shard run records its K/N; a merge without shard 2 is refused, naming it…
    let shard_of = |dir: &Path| -> serde_json::Value {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("run.json")).unwrap()).unwrap();
        v["shard"].clone()
    };
    assert_eq!(shard_of(&shards[0]), "1/2");
    assert_eq!(shard_of(&shards[1]), "2/2");
    assert_eq!(shard_of(&single), serde_json::Value::Null);
    let half = tmp.path().join("half");
    let out = bin()
        .arg("merge")
        .arg(&shards[0])
        .arg("--out")
        .arg(&half)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("shard 2 of 2 is missing"), "{e}");
    assert!(!half.join("files.csv").exists());
    // …and with --allow-partial it gives shard 1's files, saying in run.json what is missing.
    let out = bin()
        .arg("merge")
        .arg(&shards[0])
        .args(["--allow-partial", "--quiet", "--out"])
        .arg(&half)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(sources(&half), a);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(half.join("run.json")).unwrap()).unwrap();
    assert_eq!(
        v["merged_shards"],
        serde_json::json!({"of": 2, "merged": [1], "missing": [2]})
    );
    // A run without --shard is no shard: merging it needs --allow-partial too.
    let out = bin()
        .arg("merge")
        .arg(&single)
        .arg("--out")
        .arg(tmp.path().join("whole"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("was not made with --shard"));
}

/// More shards than files (a job array sized for a larger archive): the empty shards succeed
/// with empty outputs, and their merge with the others is the single run.
#[test]
fn empty_shards_succeed_and_merge() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/a_sans/seed_000.pdf"),
        input.join("referat.pdf"),
    )
    .unwrap();
    let run = |args: &[&std::ffi::OsStr]| {
        let out = bin().args(args).arg("--quiet").output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let shards: Vec<std::path::PathBuf> =
        (1..=3).map(|k| tmp.path().join(format!("s{k}"))).collect();
    let mut empty = 0;
    for (k, dir) in shards.iter().enumerate() {
        let spec = format!("{}/3", k + 1);
        let said = run(&[
            input.as_os_str(),
            "--shard".as_ref(),
            spec.as_ref(),
            "--out".as_ref(),
            dir.as_os_str(),
        ]);
        let files = rows(&dir.join("files.csv")).len();
        if files == 0 {
            empty += 1;
            assert!(said.contains("holds none of the inputs"), "{said}");
        }
    }
    assert_eq!(empty, 2, "one file, three shards");
    let merged = tmp.path().join("merged");
    let mut args: Vec<&std::ffi::OsStr> = vec!["merge".as_ref()];
    args.extend(shards.iter().map(|s| s.as_os_str()));
    args.extend(["--out".as_ref(), merged.as_os_str()]);
    run(&args);
    let single = tmp.path().join("single");
    run(&[input.as_os_str(), "--out".as_ref(), single.as_os_str()]);
    assert_eq!(snapshot(&single), snapshot(&merged));
}
