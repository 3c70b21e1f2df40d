//! The two CSV dialects: standard RFC 4180, and the one Danish Excel opens by double-click.

use anyhow::{Context, Result};

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

    /// `text` (rows in the standard dialect, as stored) in this dialect; `kinds` are the
    /// columns' kinds (empty: all text).
    pub fn rows<'t>(self, text: &'t str, kinds: &[Kind]) -> Result<std::borrow::Cow<'t, str>> {
        if self == Dialect::Standard {
            return Ok(text.into());
        }
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut w = csv::WriterBuilder::new()
            .delimiter(self.delimiter())
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(Vec::new());
        for rec in r.records() {
            let rec = rec.context("stored rows are not CSV")?;
            w.write_record(rec.iter().enumerate().map(|(i, f)| {
                if kinds.get(i) == Some(&Kind::Decimal) {
                    f.replace('.', ",")
                } else {
                    f.to_string()
                }
            }))?;
        }
        Ok(finish(w)?.into())
    }
}
