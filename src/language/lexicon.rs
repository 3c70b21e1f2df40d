//! The Danish word list used as evidence by text repair: Debian's hunspell-da dictionary
//! (`/usr/share/hunspell/da_DK.{aff,dic}`), read at run time with spellbook. It is optional:
//! without it, repair decides from the document's own spellings and its rules, and the run says
//! so once, naming the Debian package.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// Environment variable naming a directory holding `da_DK.aff` and `da_DK.dic`.
pub const DICTIONARY_DIR_VAR: &str = "KL_EXTRACT_HUNSPELL_DIR";
/// Where Debian's hunspell-da installs the dictionary.
pub const DEFAULT_DICTIONARY_DIR: &str = "/usr/share/hunspell";

/// Most answers the look-up cache keeps; past this it starts again (a bound on memory over an
/// archive of any size; a batch of meeting documents asks about far fewer words).
const CACHE_CAPACITY: usize = 200_000;

/// The loaded dictionary, or why there is none.
pub struct Lexicon {
    dict: Result<spellbook::Dictionary, String>,
    /// Answers given so far: the word list takes up to 2 ms on a long compound
    /// ("rehabiliteringsmøderne"), and a batch asks about the same words again and again.
    cache: Mutex<HashMap<Box<str>, bool>>,
}

impl Lexicon {
    /// Whether `word` is a Danish word (false when no dictionary is loaded).
    pub fn check(&self, word: &str) -> bool {
        let Ok(d) = &self.dict else {
            return false;
        };
        if word.len() >= spellbook::MAX_WORD_LEN {
            return false;
        }
        let cache = || self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&known) = cache().get(word) {
            return known;
        }
        let known = d.check(word);
        let mut cache = cache();
        if cache.len() >= CACHE_CAPACITY {
            cache.clear();
        }
        cache.insert(word.into(), known);
        known
    }

    /// True when the dictionary was loaded.
    pub fn available(&self) -> bool {
        self.dict.is_ok()
    }

    /// Why the dictionary is missing, with what to install.
    pub fn unavailable_reason(&self) -> Option<&str> {
        self.dict.as_ref().err().map(String::as_str)
    }

    /// Loads `da_DK.aff`/`da_DK.dic` from `dir`.
    pub fn load(dir: &Path) -> Lexicon {
        let aff = dir.join("da_DK.aff");
        let dic = dir.join("da_DK.dic");
        let dict = (|| {
            let aff_text = std::fs::read_to_string(&aff)
                .map_err(|e| not_found(&format!("{}: {e}", aff.display())))?;
            let dic_text = std::fs::read_to_string(&dic)
                .map_err(|e| format!("cannot read {}: {e}", dic.display()))?;
            spellbook::Dictionary::new(&aff_text, &parsable(&dic_text))
                .map_err(|e| format!("cannot parse {}: {e}", dic.display()))
        })();
        Lexicon {
            dict,
            cache: Mutex::default(),
        }
    }
}

/// The `.dic` text without the few entries spellbook cannot parse (hunspell-da uses numeric
/// flags, `FLAG num`; an entry such as `"A/S"` reads as a word with the flag `S"`), with the
/// entry count fixed. One pass over the bytes: it is part of every worker's start.
fn parsable(dic: &str) -> String {
    let body = dic.split_once('\n').map_or("", |(_count, rest)| rest);
    let mut kept = String::with_capacity(body.len());
    let mut count = 0usize;
    for line in body.split_terminator('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let bytes = line.trim_ascii_start().as_bytes();
        let entry = match bytes.iter().position(|&c| c == b' ' || c == b'\t') {
            Some(end) => &bytes[..end],
            None => bytes,
        };
        let ok = match entry.iter().position(|&c| c == b'/') {
            Some(slash) => {
                slash > 0
                    && entry[slash + 1..]
                        .iter()
                        .all(|&c| c.is_ascii_digit() || c == b',')
            }
            None => !entry.is_empty(),
        };
        if ok {
            kept.push_str(line);
            kept.push('\n');
            count += 1;
        }
    }
    format!("{count}\n{kept}")
}

/// Whether the word list is there to be loaded (without loading it), or why not.
pub fn dictionary_present() -> Result<(), String> {
    let dir = dictionary_dir();
    for name in ["da_DK.aff", "da_DK.dic"] {
        let path = dir.join(name);
        if !path.is_file() {
            return Err(not_found(&path.display().to_string()));
        }
    }
    Ok(())
}

/// Why there is no word list (`what`: the file and error), with what to install.
fn not_found(what: &str) -> String {
    format!(
        "Danish word list not found ({what}); install the Debian package hunspell-da \
         for dictionary-checked de-hyphenation"
    )
}

fn dictionary_dir() -> PathBuf {
    std::env::var_os(DICTIONARY_DIR_VAR)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DICTIONARY_DIR))
}

/// The process-wide lexicon, loaded on first use from `$KL_EXTRACT_HUNSPELL_DIR` or
/// `/usr/share/hunspell`.
pub fn danish() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::load(&dictionary_dir()))
}
