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
    /// `;`-separated, a decimal comma in the number columns; text as printed (`6,5`, `2,0 %`).
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
                if self == Dialect::Excel && kinds.get(i) == Some(&Kind::Decimal) {
                    std::borrow::Cow::Owned(f.replace('.', ",").into_bytes())
                } else {
                    std::borrow::Cow::Borrowed(f.as_bytes())
                }
            }))?;
        }
        finish(w)
    }
}
