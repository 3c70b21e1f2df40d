//! The Danish word list used as evidence by text repair: Debian's hunspell-da dictionary
//! (`/usr/share/hunspell/da_DK.{aff,dic}`), read at run time with spellbook. It is optional:
//! without it, repair decides from the document's own spellings and its rules, and the run says
//! so once, naming the Debian package.
//!
//! Parsing the 3.5 MB `.dic` text is most of what loading costs (every worker process loads
//! it), so the parsed word list is kept on disk as a snapshot (spellbook's, in
//! `vendor/spellbook`) in the user's cache folder ([`cache_dir`]), named by a fingerprint of
//! both dictionary files: the next process reads the snapshot instead of the text. A missing,
//! stale or damaged snapshot is made again; one that cannot be written costs only the time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use xxhash_rust::xxh3::{xxh3_128, xxh3_64};

/// Environment variable naming a directory holding `da_DK.aff` and `da_DK.dic`.
pub const DICTIONARY_DIR_VAR: &str = "KL_EXTRACT_HUNSPELL_DIR";
/// Environment variable naming the folder for the word-list snapshot (empty: keep none).
pub const CACHE_DIR_VAR: &str = "KL_EXTRACT_CACHE_DIR";
/// The first bytes of a snapshot file; a new layout gets a new number.
const SNAPSHOT_MAGIC: &[u8] = b"KL-EXTRACT-WORDS-1\n";

type Hasher = spellbook::DefaultHashBuilder;
/// Where Debian's hunspell-da installs the dictionary.
pub const DEFAULT_DICTIONARY_DIR: &str = "/usr/share/hunspell";

/// Most answers the look-up cache keeps; past this it starts again (a bound on memory over an
/// archive of any size; a batch of meeting documents asks about far fewer words).
const CACHE_CAPACITY: usize = 200_000;

/// The loaded dictionary, or why there is none.
pub struct Lexicon {
    dict: Result<spellbook::Dictionary, String>,
    /// Where the word list came from.
    pub source: Source,
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

    /// Loads `da_DK.aff`/`da_DK.dic` from `dir`, through the snapshot in [`cache_dir`].
    pub fn load(dir: &Path) -> Lexicon {
        Lexicon::load_with_cache(dir, cache_dir().as_deref())
    }

    /// Loads `da_DK.aff`/`da_DK.dic` from `dir`, through a snapshot in `cache` (none: parses
    /// the text every time).
    pub fn load_with_cache(dir: &Path, cache: Option<&Path>) -> Lexicon {
        let aff = dir.join("da_DK.aff");
        let dic = dir.join("da_DK.dic");
        let loaded = (|| {
            let aff_text = std::fs::read_to_string(&aff)
                .map_err(|e| not_found(&format!("{}: {e}", aff.display())))?;
            let dic_text = std::fs::read_to_string(&dic)
                .map_err(|e| format!("cannot read {}: {e}", dic.display()))?;
            let parse_error = |e| format!("cannot parse {}: {e}", dic.display());
            let Some(snapshot) = cache.map(|c| c.join(snapshot_name(&aff_text, &dic_text))) else {
                let dict = spellbook::Dictionary::new(&aff_text, &parsable(&dic_text));
                return Ok((dict.map_err(parse_error)?, Source::Text));
            };
            if let Some(dict) = read_snapshot(&snapshot, &aff_text) {
                return Ok((dict, Source::Snapshot));
            }
            let words = spellbook::Dictionary::words_snapshot(
                &aff_text,
                &parsable(&dic_text),
                &Hasher::default(),
            )
            .map_err(parse_error)?;
            let dict = spellbook::Dictionary::from_snapshot(&aff_text, &words, Hasher::default())
                .ok_or_else(|| format!("cannot read back the word list of {}", dic.display()))?
                .map_err(|e| format!("cannot parse {}: {e}", aff.display()))?;
            write_snapshot(&snapshot, &words);
            Ok((dict, Source::Text))
        })();
        let (dict, source) = match loaded {
            Ok((d, s)) => (Ok(d), s),
            Err(e) => (Err(e), Source::None),
        };
        Lexicon {
            dict,
            source,
            cache: Mutex::default(),
        }
    }
}

/// Where a [`Lexicon`]'s word list came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Parsed from the `.dic` text (and a snapshot written, where a cache folder allows).
    Text,
    /// Read from a snapshot made by an earlier process.
    Snapshot,
    /// No word list.
    None,
}

/// The snapshot's file name: what it is, and a fingerprint of both dictionary files and of
/// this program's version (a new spellbook may lay out its word list otherwise).
fn snapshot_name(aff: &str, dic: &str) -> String {
    let mut bytes = Vec::with_capacity(aff.len() + dic.len() + 64);
    for part in [env!("CARGO_PKG_VERSION"), "\0", aff, "\0", dic] {
        bytes.extend_from_slice(part.as_bytes());
    }
    format!("da_DK-{:032x}.words", xxh3_128(&bytes))
}

/// The dictionary from the snapshot at `path`, if there is a whole one (its checksum holds).
fn read_snapshot(path: &Path, aff: &str) -> Option<spellbook::Dictionary> {
    let bytes = std::fs::read(path).ok()?;
    let rest = bytes.strip_prefix(SNAPSHOT_MAGIC)?;
    let (sum, body) = rest.split_at_checked(8)?;
    if u64::from_le_bytes(sum.try_into().ok()?) != xxh3_64(body) {
        log::debug!(
            "{}: checksum does not hold; making it again",
            path.display()
        );
        return None;
    }
    spellbook::Dictionary::from_snapshot(aff, body, Hasher::default())?.ok()
}

/// Writes the snapshot `words` to `path` (atomically; a failure only costs the next process
/// the parse again).
fn write_snapshot(path: &Path, words: &[u8]) {
    let mut bytes = Vec::with_capacity(SNAPSHOT_MAGIC.len() + 8 + words.len());
    bytes.extend_from_slice(SNAPSHOT_MAGIC);
    bytes.extend_from_slice(&xxh3_64(words).to_le_bytes());
    bytes.extend_from_slice(words);
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .map_err(anyhow::Error::from)
        .and_then(|()| crate::files::write_atomic_with(path, &bytes, false));
    if let Err(e) = written {
        log::debug!("word-list snapshot not kept ({}): {e:#}", path.display());
    }
}

/// The folder for the word-list snapshot: `$KL_EXTRACT_CACHE_DIR` (empty: none), else
/// `$XDG_CACHE_HOME/kl-extract`, else `~/.cache/kl-extract`.
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CACHE_DIR_VAR) {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("kl-extract"))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A small dictionary in hunspell-da's manner: numeric flags, a suffix with a continuation
    /// class, compounding flags, a forbidden word, a word that needs an affix, a Pascal-case
    /// entry (spellbook adds a hidden homonym for it) and an entry spellbook cannot parse.
    const AFF: &str = "SET UTF-8\nFLAG num\nCOMPOUNDMIN 2\nFORBIDDENWORD 6\nNEEDAFFIX 8\n\
        COMPOUNDBEGIN 32\nCOMPOUNDEND 34\nONLYINCOMPOUND 36\n\
        SFX 10 Y 2\nSFX 10 0 s/34 [^sxz]\nSFX 10 0 ' [sxz]\n\
        SFX 11 Y 2\nSFX 11 0 en/10 [^e]\nSFX 11 0 n/10 e\n";
    const DIC: &str = "9\nkommune/11,32\nplan/10,11,34\nhus/10,11,32,34\n\"A/S\"\nfoo/6\n\
        bar/8\nMcDonald\nKKR/10\nbarn/36\n";

    /// Words to ask about: the entries and their forms, compounds, casings and garbage.
    const WORDS: &[&str] = &[
        "kommune",
        "kommunen",
        "kommunens",
        "kommuneplan",
        "kommuneplanen",
        "kommunehus",
        "Kommune",
        "KOMMUNE",
        "plan",
        "planen",
        "plans",
        "hus",
        "huset",
        "husplan",
        "foo",
        "bar",
        "bars",
        "McDonald",
        "Mcdonald",
        "KKR",
        "KKRs",
        "barn",
        "barnplan",
        "A/S",
        "xyz",
        "",
    ];

    fn dictionary_dir(dic: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("da_DK.aff"), AFF).unwrap();
        std::fs::write(dir.path().join("da_DK.dic"), dic).unwrap();
        dir
    }

    /// What spellbook's own text parser answers for `words`.
    fn answers_of_text(aff: &str, dic: &str, words: &[&str]) -> Vec<bool> {
        let d = spellbook::Dictionary::new(aff, &parsable(dic)).unwrap();
        words.iter().map(|w| d.check(w)).collect()
    }

    fn answers(lexicon: &Lexicon, words: &[&str]) -> Vec<bool> {
        words.iter().map(|w| lexicon.check(w)).collect()
    }

    #[test]
    fn the_snapshot_answers_as_the_text_does_and_is_read_by_the_next_process() {
        let dir = dictionary_dir(DIC);
        let cache = tempfile::tempdir().unwrap();
        let expected = answers_of_text(AFF, DIC, WORDS);
        // The dictionary knows some words and not others (the test would not see a mix-up).
        assert!(expected.iter().any(|&k| k) && expected.iter().any(|&k| !k));

        let first = Lexicon::load_with_cache(dir.path(), Some(cache.path()));
        assert_eq!(first.source, Source::Text);
        assert_eq!(answers(&first, WORDS), expected);
        let files: Vec<_> = std::fs::read_dir(cache.path()).unwrap().collect();
        assert_eq!(files.len(), 1, "one snapshot written");

        let second = Lexicon::load_with_cache(dir.path(), Some(cache.path()));
        assert_eq!(second.source, Source::Snapshot);
        assert_eq!(answers(&second, WORDS), expected);

        let none = Lexicon::load_with_cache(dir.path(), None);
        assert_eq!(none.source, Source::Text);
        assert_eq!(answers(&none, WORDS), expected);
    }

    #[test]
    fn a_damaged_or_stale_snapshot_is_made_again() {
        let dir = dictionary_dir(DIC);
        let cache = tempfile::tempdir().unwrap();
        let expected = answers_of_text(AFF, DIC, WORDS);
        Lexicon::load_with_cache(dir.path(), Some(cache.path()));
        let path = std::fs::read_dir(cache.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let whole = std::fs::read(&path).unwrap();

        // A flipped byte in the word list, then a cut-off file: read from the text again (and
        // the snapshot written anew, which the next load reads).
        let mut flipped = whole.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 0x20;
        for damaged in [flipped, whole[..whole.len() / 2].to_vec()] {
            std::fs::write(&path, damaged).unwrap();
            let lexicon = Lexicon::load_with_cache(dir.path(), Some(cache.path()));
            assert_eq!(lexicon.source, Source::Text);
            assert_eq!(answers(&lexicon, WORDS), expected);
            assert_eq!(std::fs::read(&path).unwrap(), whole);
            let again = Lexicon::load_with_cache(dir.path(), Some(cache.path()));
            assert_eq!(again.source, Source::Snapshot);
        }

        // Another word list: another snapshot, with its own answers ("hus" is gone).
        let changed = DIC.replace("hus/10,11,32,34\n", "").replace("9\n", "8\n");
        let other = dictionary_dir(&changed);
        let lexicon = Lexicon::load_with_cache(other.path(), Some(cache.path()));
        assert_eq!(lexicon.source, Source::Text);
        assert_eq!(
            answers(&lexicon, WORDS),
            answers_of_text(AFF, &changed, WORDS)
        );
        assert!(!lexicon.check("hus") && lexicon.check("plan"));
        assert_eq!(std::fs::read_dir(cache.path()).unwrap().count(), 2);
    }

    #[test]
    fn an_unwritable_cache_costs_only_the_parse() {
        let dir = dictionary_dir(DIC);
        let file = tempfile::NamedTempFile::new().unwrap();
        // A cache "folder" that is a file: nothing can be written under it.
        let lexicon = Lexicon::load_with_cache(dir.path(), Some(&file.path().join("cache")));
        assert_eq!(lexicon.source, Source::Text);
        assert_eq!(answers(&lexicon, WORDS), answers_of_text(AFF, DIC, WORDS));
    }

    /// The real hunspell-da through its snapshot answers as through its text, for every 16th
    /// entry as written, in capitals and title-cased, forms of some with common endings, and
    /// compounds of some pairs (~30,000 words; a check costs the debug build ~0.1 ms). Skipped
    /// without hunspell-da, unless `KL_EXTRACT_REQUIRE_SYSTEM_TOOLS=1`.
    #[test]
    fn hunspell_da_through_its_snapshot_answers_as_through_its_text() {
        let dir = Path::new(DEFAULT_DICTIONARY_DIR);
        let (Ok(aff), Ok(dic)) = (
            std::fs::read_to_string(dir.join("da_DK.aff")),
            std::fs::read_to_string(dir.join("da_DK.dic")),
        ) else {
            assert!(
                !std::env::var("KL_EXTRACT_REQUIRE_SYSTEM_TOOLS").is_ok_and(|v| v == "1"),
                "hunspell-da is required (KL_EXTRACT_REQUIRE_SYSTEM_TOOLS=1)"
            );
            eprintln!("skipped: no hunspell-da in {}", dir.display());
            return;
        };
        let cache = tempfile::tempdir().unwrap();
        assert_eq!(
            Lexicon::load_with_cache(dir, Some(cache.path())).source,
            Source::Text
        );
        let snapshot = Lexicon::load_with_cache(dir, Some(cache.path()));
        assert_eq!(snapshot.source, Source::Snapshot);
        let text = spellbook::Dictionary::new(&aff, &parsable(&dic)).unwrap();

        let stems: Vec<&str> = dic
            .lines()
            .skip(1)
            .map(|l| l.split(['/', ' ', '\t']).next().unwrap_or(""))
            .filter(|s| !s.is_empty())
            .collect();
        let mut words: Vec<String> = Vec::new();
        for (k, stem) in stems.iter().enumerate().step_by(16) {
            let mut title = stem.chars();
            let first = title.next().map(|c| c.to_uppercase().collect::<String>());
            words.push(stem.to_string());
            words.push(stem.to_uppercase());
            words.push(first.unwrap_or_default() + title.as_str());
            if k % 48 == 0 {
                for ending in ["en", "er", "erne", "s", "et", "ene"] {
                    words.push(format!("{stem}{ending}"));
                }
            }
            if k % 480 == 0 {
                let other = stems[(k * 7919) % stems.len()];
                words.push(format!("{}{}", stem.to_lowercase(), other.to_lowercase()));
            }
        }
        let mut known = 0;
        for w in &words {
            let expected = w.len() < spellbook::MAX_WORD_LEN && text.check(w);
            assert_eq!(snapshot.check(w), expected, "{w:?}");
            known += usize::from(expected);
        }
        // Most entries are words; some made-up forms are not.
        assert!(
            known > words.len() / 2 && known < words.len(),
            "{known} of {}",
            words.len()
        );
    }
}
