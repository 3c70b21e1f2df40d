//! The two CSV dialects: standard RFC 4180, and the one Danish Excel opens by double-click.

use anyhow::Result;

use super::finish;
use super::schema::Kind;

/// How the CSV files are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// RFC 4180: comma-separated, UTF-8 without a byte-order mark, decimal point.
    #[default]
    Standard,
    /// For Danish Excel, which opens it correctly by double-click: UTF-8 with a byte-order mark,
    /// `;`-separated, a decimal comma in the number columns; text as printed (`6,5`, `2,0 %`),
    /// except that text a spreadsheet would take for a formula starts with `'` (see
    /// [`formula_safe`]).
    Excel,
}

impl Dialect {
    /// The byte between columns.
    pub fn delimiter(self) -> u8 {
        match self {
            Dialect::Standard => b',',
            Dialect::Excel => b';',
        }
    }

    /// The bytes a file starts with.
    pub fn preamble(self) -> &'static str {
        match self {
            Dialect::Standard => "",
            Dialect::Excel => "\u{feff}",
        }
    }

    /// `rows` as CSV text in this dialect (CRLF line ends); `kinds` are the columns' kinds
    /// (empty: all text): in the Excel dialect a decimal column gets a decimal comma.
    pub fn write<R: AsRef<[String]>>(self, rows: &[R], kinds: &[Kind]) -> Result<String> {
        let mut w = csv::WriterBuilder::new()
            .delimiter(self.delimiter())
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(Vec::new());
        for row in rows {
            w.write_record(row.as_ref().iter().enumerate().map(|(i, f)| {
                let kind = kinds.get(i).copied().unwrap_or(Kind::Text);
                match (self, kind) {
                    (Dialect::Excel, Kind::Decimal) => {
                        std::borrow::Cow::Owned(f.replace('.', ",").into_bytes())
                    }
                    (Dialect::Excel, Kind::Text) => match formula_safe(f) {
                        std::borrow::Cow::Owned(s) => std::borrow::Cow::Owned(s.into_bytes()),
                        std::borrow::Cow::Borrowed(s) => std::borrow::Cow::Borrowed(s.as_bytes()),
                    },
                    _ => std::borrow::Cow::Borrowed(f.as_bytes()),
                }
            }))?;
        }
        finish(w)
    }
}

/// A text cell made safe from spreadsheet formula injection (OWASP's CSV injection advice):
/// text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return and is not a number gets
/// a leading `'`, which Excel, LibreOffice and Google Sheets read as "text follows". Numbers
/// (`-5`, `-12,5`, `+45`, `-1.000 %`) are left as they are, so they still read as numbers; a
/// list item (`- at …`) is text and gets the `'`.
pub fn formula_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_number(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Whether `s` is one signed number as a spreadsheet reads it: digits with `.` or `,` inside,
/// an optional `%`.
fn is_number(s: &str) -> bool {
    let body = s
        .strip_prefix(['+', '-'])
        .unwrap_or(s)
        .trim_end_matches('%')
        .trim_end();
    !body.is_empty()
        && body.starts_with(|c: char| c.is_ascii_digit())
        && body.ends_with(|c: char| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_is_neutralised_and_numbers_are_not() {
        for (cell, want) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+45 70 10 10 10", "'+45 70 10 10 10"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("- at forslaget godkendes", "'- at forslaget godkendes"),
            ("\t=1+2", "'\t=1+2"),
            ("\r=1+2", "'\r=1+2"),
            ("-5", "-5"),
            ("-12,5", "-12,5"),
            ("+45", "+45"),
            ("-1.000 %", "-1.000 %"),
            ("Godkendt.", "Godkendt."),
            ("", ""),
        ] {
            assert_eq!(formula_safe(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn only_the_excel_dialect_neutralises_and_only_text_columns() {
        let rows = vec![vec!["=1+2".to_string(), "-3.5".to_string()]];
        let kinds = [Kind::Text, Kind::Decimal];
        assert_eq!(
            Dialect::Standard.write(&rows, &kinds).unwrap(),
            "=1+2,-3.5\r\n"
        );
        assert_eq!(
            Dialect::Excel.write(&rows, &kinds).unwrap(),
            "'=1+2;-3,5\r\n"
        );
    }
}
