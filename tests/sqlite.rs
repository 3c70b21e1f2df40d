//! The SQLite view end to end (`--format csv,sqlite`), on the samples, three documents of the
//! municipal set (votes, attachment lists, closed items) and a broken file: the database opened
//! with Python's sqlite3 holds the CSV files' rows (every table's count, every cell's value as
//! its column types it), `PRAGMA foreign_key_check` is empty, an FTS5 query for Danish words
//! with æ, ø and å returns exactly the items whose text has the word (and no folding to a, o),
//! table cells are numbers; Datasette (`datasette DB --get …_search=…`) finds the same items;
//! two runs, a `--resume` run and a merge of two shards give the same bytes.
//!
//! Needs python3 (and datasette for its part): skipped without them unless
//! `KL_EXTRACT_REQUIRE_SYSTEM_TOOLS=1`, then they must be there.

use std::path::{Path, PathBuf};
use std::process::Command;

fn required() -> bool {
    std::env::var("KL_EXTRACT_REQUIRE_SYSTEM_TOOLS").is_ok_and(|v| v == "1")
}

fn have(program: &str) -> bool {
    let ok = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(!required(), "{program} is required but missing");
        eprintln!("SKIPPED: {program} not found");
    }
    ok
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kl-extract"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// The inputs: the samples, three municipal documents and a broken file.
fn inputs() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let copy = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    };
    for rel in [
        "a_sans/seed_000.pdf",
        "b_typst/seed_001.pdf",
        "referat_kkr_nordjylland_2020-09-04.txt",
    ] {
        copy(&root.join("samples").join(rel), &dir.path().join(rel));
    }
    for rel in [
        "pdf/m04_lo_sbsys.pdf",
        "pdf/m07_lo_prepare.pdf",
        "txt/m05_txt_stevns.txt",
    ] {
        let from = root.join("tests/fixtures/municipal").join(rel);
        copy(
            &from,
            &dir.path().join("municipal").join(from.file_name().unwrap()),
        );
    }
    std::fs::write(dir.path().join("broken.pdf"), b"%PDF-1.4\nnot really\n").unwrap();
    dir
}

fn run(input: &Path, out: &Path, extra: &[&str]) {
    let status = bin()
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(["--format", "csv,sqlite"])
        .args(extra)
        .status()
        .unwrap();
    // 3: a file failed (the broken one; a shard may not have it); the others are read.
    if extra.contains(&"--shard") {
        assert!(matches!(status.code(), Some(0 | 3)), "{extra:?}: {status}");
    } else {
        assert_eq!(status.code(), Some(3), "{extra:?}");
    }
}

fn db(out: &Path) -> PathBuf {
    out.join("kl-extract.sqlite")
}

/// Python's view of the database against the CSV files.
const CHECK: &str = r#"
import csv, json, re, sqlite3, sys
out = sys.argv[1]
c = sqlite3.connect(out + "/kl-extract.sqlite")
report = {}
tables = [r[0] for r in c.execute(
    "select name from sqlite_master where type='table' and name not like '%fts%' order by name")]
report["table_names"] = tables
types = {}
for t in tables:
    types[t] = {r[1]: r[2] for r in c.execute(f'pragma table_info("{t}")')}
    with open(f"{out}/{t}.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    got = c.execute(f'select {", ".join(chr(34) + h + chr(34) for h in header)} from "{t}" order by rowid').fetchall()
    assert len(got) == len(body), (t, len(got), len(body))
    for want, have in zip(body, got):
        for h, w, v in zip(header, want, have):
            if w == "":
                assert v is None, (t, h, w, v)
            elif types[t][h] == "INTEGER" and w in ("true", "false"):
                assert v == (w == "true"), (t, h, w, v)
            elif types[t][h] in ("INTEGER", "NUMERIC"):
                assert isinstance(v, (int, float)) and float(w) == v, (t, h, w, v)
            else:
                assert v == w, (t, h, w, v)
    report[t] = len(body)
c.execute("pragma foreign_keys = on")
report["foreign_key_check"] = c.execute("pragma foreign_key_check").fetchall()
report["unlinked"] = {t: c.execute(f"select count(*) from {t} where item_id is null and item_no is not null").fetchone()[0]
                      for t in ("sections", "votes", "attachments", "tables")}
# Full-text search against a plain word match over the CSV text.
with open(f"{out}/items.csv", newline="", encoding="utf-8") as f:
    items = list(csv.DictReader(f))
cols = ["title", "baggrund", "indstilling", "sagsfremstilling", "beslutning"]
report["search"] = {}
for word in sys.argv[2:]:
    pat = re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)", re.IGNORECASE)
    want = sorted((i["meeting_id"], i["item_no"]) for i in items if any(pat.search(i[k]) for k in cols))
    got = sorted(c.execute(
        "select meeting_id, item_no from items where item_id in "
        "(select rowid from items_fts where items_fts match ?)", ('"' + word + '"',)).fetchall())
    report["search"][word] = [len(want), [list(x) for x in got] == [list(x) for x in want]]
report["amount"] = c.execute(
    "select number, typeof(number) from table_cells where text = '35.525.378' limit 1").fetchone()
report["closed"] = sorted(set(r[0] for r in c.execute("select closed from items")))
report["views"] = [c.execute(f"select count(*) from {v}").fetchone()[0] for v in ("items_with_meeting", "votes_with_item")]
print(json.dumps(report, ensure_ascii=False))
"#;

#[test]
fn the_database_holds_the_csv_rows_linked_and_searchable() {
    if !have("python3") {
        return;
    }
    let input = inputs();
    let out = tempfile::tempdir().unwrap();
    run(input.path(), out.path(), &[]);
    let words = [
        "fyrtårnsinitiativer",
        "økonomi",
        "Økonomiudvalget",
        "okonomi",
    ];
    let o = Command::new("python3")
        .args(["-c", CHECK])
        .arg(out.path())
        .args(words)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    println!("{r}");
    assert_eq!(r["table_names"].as_array().unwrap().len(), 11);
    assert!(r["votes"].as_u64().unwrap() > 20, "{}", r["votes"]);
    assert!(r["attachments"].as_u64().unwrap() > 5);
    assert!(r["files"].as_u64().unwrap() == 7);
    assert_eq!(r["foreign_key_check"], serde_json::json!([]));
    for t in ["sections", "votes", "attachments", "tables"] {
        assert_eq!(r["unlinked"][t], 0, "{t} rows without their item");
    }
    for w in words {
        let [n, same] = [&r["search"][w][0], &r["search"][w][1]];
        assert_eq!(same, true, "search {w}: the items differ from the text's");
        if w == "okonomi" {
            assert_eq!(n, 0, "no folding: okonomi is not økonomi");
        } else {
            assert!(n.as_u64().unwrap() > 0, "{w} is in the text");
        }
    }
    assert_eq!(r["amount"], serde_json::json!([35525378, "integer"]));
    assert_eq!(r["closed"], serde_json::json!([0, 1]));
    assert!(r["views"][0].as_u64().unwrap() > 50 && r["views"][1].as_u64().unwrap() > 20);

    // Datasette offers the search on items out of the box.
    if have("datasette") {
        let o = Command::new("datasette")
            .arg(db(out.path()))
            .arg("-m")
            .arg(out.path().join("kl-extract.metadata.json"))
            .args([
                "--get",
                "/kl-extract/items.json?_search=fyrt%C3%A5rnsinitiativer&_shape=array&_col=item_no&_col=title",
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let found: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        println!("datasette: {found}");
        let found = found.as_array().unwrap();
        assert_eq!(
            found.len() as u64,
            r["search"]["fyrtårnsinitiativer"][0].as_u64().unwrap()
        );
        assert!(found
            .iter()
            .all(|i| i["title"].as_str().unwrap().contains("fyrtårnsinitiativer")));
    }
}

#[test]
fn the_same_inputs_give_the_same_database() {
    let input = inputs();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    run(input.path(), a.path(), &[]);
    run(input.path(), b.path(), &[]);
    let bytes = |d: &Path| std::fs::read(db(d)).unwrap();
    assert!(bytes(a.path()) == bytes(b.path()), "two runs differ");
    // A resumed run rebuilds it from the stored results: the same bytes.
    run(input.path(), b.path(), &["--resume"]);
    assert!(
        bytes(a.path()) == bytes(b.path()),
        "the resumed run differs"
    );
    // Two shards merged: the same database as one run.
    let s1 = tempfile::tempdir().unwrap();
    let s2 = tempfile::tempdir().unwrap();
    run(input.path(), s1.path(), &["--shard", "1/2"]);
    run(input.path(), s2.path(), &["--shard", "2/2"]);
    let m = tempfile::tempdir().unwrap();
    let status = bin()
        .arg("merge")
        .arg(s1.path())
        .arg(s2.path())
        .arg("--out")
        .arg(m.path())
        .args(["--format", "csv,sqlite"])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(3));
    assert!(bytes(a.path()) == bytes(m.path()), "the merge differs");
    // Only the database asked for: no CSV files left, the database the same.
    let only = tempfile::tempdir().unwrap();
    let status = bin()
        .arg(input.path())
        .arg("--out")
        .arg(only.path())
        .args(["--format", "sqlite"])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(3));
    assert!(bytes(a.path()) == bytes(only.path()));
    assert!(!only.path().join("items.csv").exists());
    assert!(only.path().join("kl-extract.metadata.json").exists());
}
