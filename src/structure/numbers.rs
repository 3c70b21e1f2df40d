//! Danish numbers in table cells, typed: `35.525.378` → 35525378, `6,5` → 6.5, `2,0 %` → 2.0
//! with unit `%`, `1,3 mio. kr.` → 1300000 with unit `kr.`. The dot groups thousands and the
//! comma marks decimals, as Danish documents print them; a cell that holds anything more than
//! one number with its unit is not a number.

use std::sync::LazyLock;

use regex::Regex;

/// A number read from a cell.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Number {
    /// The value, with any scale word ("mio.", "mia.", "t.kr.") applied.
    pub value: f64,
    /// The unit.
    pub unit: Unit,
}

/// The unit of a number in a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Unit {
    /// None printed.
    #[serde(rename = "")]
    None,
    /// `%` (also for "pct.", "procent").
    #[serde(rename = "%")]
    Percent,
    /// `kr.` (also `DKK`, a `kr.` before the number, `t.kr.`).
    #[serde(rename = "kr.")]
    Kroner,
}

impl Unit {
    /// As written to the outputs: `%`, `kr.` or empty.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::None => "",
            Unit::Percent => "%",
            Unit::Kroner => "kr.",
        }
    }
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^
        (?P<sign>[-−–÷+])?\s*
        (?P<pre>kr\.?\s*)?
        (?P<int>\d{1,3}(?:[.\u{a0}\u{202f}\ ]\d{3})+|\d+)
        (?:,(?P<frac>\d+))?
        \s*(?P<scale>t\.\s?kr\.?|tkr\.?|mio\.?|mill\.?|mia\.?)?
        \s*(?P<unit>%|pct\.?|procent|kr\.?|dkk)?
        $",
    )
    .expect("valid number pattern")
});

/// Compiles this module's patterns now (see [`crate::pipeline::prepare_in_background`]).
pub(super) fn prepare() {
    LazyLock::force(&NUMBER);
}

/// Reads a cell as a Danish number, or `None` when it is not one.
pub fn parse(text: &str) -> Option<Number> {
    let c = NUMBER.captures(text.trim())?;
    let int: String = c["int"].chars().filter(char::is_ascii_digit).collect();
    let frac = c.name("frac").map_or("", |m| m.as_str());
    let scale = c.name("scale").map(|m| m.as_str().to_lowercase());
    let exponent = match scale.as_deref() {
        Some(s) if s.starts_with('t') => 3,
        Some(s) if s.starts_with("mio") || s.starts_with("mill") => 6,
        Some(s) if s.starts_with("mia") => 9,
        _ => 0,
    };
    let negative = c.name("sign").is_some_and(|s| s.as_str() != "+");
    // Parse the decimal text with its exponent, so 1,3 mio. is exactly 1300000.
    let value: f64 = format!(
        "{}{int}.{}e{exponent}",
        if negative { "-" } else { "" },
        if frac.is_empty() { "0" } else { frac }
    )
    .parse()
    .ok()?;
    let unit_word = c.name("unit").map(|m| m.as_str().to_lowercase());
    let unit = match unit_word.as_deref() {
        Some("%") | Some("pct") | Some("pct.") | Some("procent") => Unit::Percent,
        Some(_) => Unit::Kroner,
        None if c.name("pre").is_some() || scale.as_deref().is_some_and(|s| s.contains("kr")) => {
            Unit::Kroner
        }
        None => Unit::None,
    };
    Some(Number { value, unit })
}

/// The value as written to CSV: no exponent, no trailing `.0`.
pub fn format_value(v: f64) -> String {
    format!("{v}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Option<(String, &'static str)> {
        parse(s).map(|x| (format_value(x.value), x.unit.as_str()))
    }

    #[test]
    fn danish_numbers() {
        assert_eq!(n("35.525.378"), Some(("35525378".into(), "")));
        assert_eq!(n("6,5"), Some(("6.5".into(), "")));
        assert_eq!(n("2,0 %"), Some(("2".into(), "%")));
        assert_eq!(n("1,3 mio. kr."), Some(("1300000".into(), "kr.")));
        assert_eq!(n("3,3 pct."), Some(("3.3".into(), "%")));
        assert_eq!(n("182.000 kr."), Some(("182000".into(), "kr.")));
        assert_eq!(n("÷1.155.213"), Some(("-1155213".into(), "")));
        assert_eq!(n("4079"), Some(("4079".into(), "")));
        assert_eq!(n("2 mia."), Some(("2000000000".into(), "")));
        assert_eq!(n("500 t.kr."), Some(("500000".into(), "kr.")));
        assert_eq!(n("År 2021"), None);
        assert_eq!(n("24. oktober 2019"), None);
        assert_eq!(n("2.0"), None);
        assert_eq!(n("1,248,804"), None);
        assert_eq!(n(""), None);
    }
}
