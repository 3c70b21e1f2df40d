//! The layout the README's design section promises (issue 21): no import cycle between
//! modules, the stages import nothing from the run or the views, the worker, pool and store
//! import no view (checked by `tools/deps.py`), and no source file over 700 lines, its unit
//! tests aside.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_source_file_is_over_700_lines_tests_aside() {
    let mut files = Vec::new();
    sources(&root().join("src"), &mut files);
    assert!(files.len() > 40, "{} files", files.len());
    let mut long = Vec::new();
    for f in files {
        if f.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let code = text.split("\n#[cfg(test)]\n").next().unwrap_or("");
        let lines = code.lines().count();
        if lines > 700 {
            long.push(format!("{} ({lines} lines)", f.display()));
        }
    }
    assert!(long.is_empty(), "over 700 lines: {long:?}");
}

#[test]
fn modules_form_layers_without_cycles() {
    let required = std::env::var_os("KL_EXTRACT_REQUIRE_SYSTEM_TOOLS").is_some();
    let out = match Command::new("python3")
        .arg(root().join("tools/deps.py"))
        .output()
    {
        Ok(o) => o,
        Err(e) if !required => {
            eprintln!("skipped: python3 is not installed (Debian package python3): {e}");
            return;
        }
        Err(e) => panic!("python3 (Debian package python3) is needed: {e}"),
    };
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    assert!(said.contains(" 0 cycles, 0 layer violations"), "{said}");
}
