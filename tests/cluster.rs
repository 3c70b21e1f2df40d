//! The README's cluster recipes run for real: a Slurm job array of 3 shards (`sbatch --array`,
//! each task `kl-extract … --shard $SLURM_ARRAY_TASK_ID/3`) and a merge job started with
//! `--dependency=afterok` on a single-node Slurm (`tools/slurm/start-local.sh` starts one; CI
//! runs it), and GNU parallel with local job slots; each merged output equals one run over all
//! the inputs byte for byte (CSV files, tables, database).
//!
//! Needs Slurm (Debian: slurm-wlm, munge) with a node up, and GNU parallel (Debian: parallel):
//! skipped without them unless `KL_EXTRACT_REQUIRE_SYSTEM_TOOLS=1`, then it fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn required() -> bool {
    std::env::var("KL_EXTRACT_REQUIRE_SYSTEM_TOOLS").is_ok_and(|v| v == "1")
}

fn skip(why: &str) {
    assert!(!required(), "{why}");
    eprintln!("SKIPPED: {why}");
}

fn exe() -> &'static str {
    env!("CARGO_BIN_EXE_kl-extract")
}

/// A work folder the cluster's tasks see (under the project's target folder, not /tmp, which a
/// task may have private).
fn work() -> tempfile::TempDir {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/cluster-tests");
    std::fs::create_dir_all(&base).unwrap();
    tempfile::tempdir_in(base).unwrap()
}

/// The inputs: the samples and four municipal documents.
fn inputs(dir: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let archive = dir.join("archive");
    for (from, to) in [
        ("samples/a_sans/seed_000.pdf", "kkr/referat.pdf"),
        ("samples/b_typst/seed_001.pdf", "kkr/dagsorden.pdf"),
        (
            "samples/referat_kkr_nordjylland_2020-09-04.txt",
            "kkr/referat.txt",
        ),
        ("tests/fixtures/municipal/pdf/m04_lo_sbsys.pdf", "m/m04.pdf"),
        (
            "tests/fixtures/municipal/pdf/m07_lo_prepare.pdf",
            "m/m07.pdf",
        ),
        (
            "tests/fixtures/municipal/txt/m05_txt_stevns.txt",
            "m/m05.txt",
        ),
        (
            "tests/fixtures/municipal/pdf/m03_ty_aarhus.pdf",
            "m/m03.pdf",
        ),
    ] {
        let to = archive.join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root.join(from), to).unwrap();
    }
    archive
}

/// One run over all of `archive` (given as the shard runs give it, relative to its folder).
fn single_run(archive: &Path, out: &Path) {
    let status = Command::new(exe())
        .current_dir(archive.parent().unwrap())
        .arg(archive.file_name().unwrap())
        .arg("--out")
        .arg(out)
        .args(["--format", "csv,sqlite", "--quiet"])
        .status()
        .unwrap();
    assert!(status.success());
}

fn same(a: &Path, b: &Path) {
    let (a, b) = (common::outputs(a), common::outputs(b));
    assert!(a.len() > 10, "{} files", a.len());
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs from the single run's");
    }
}

fn slurm_up() -> bool {
    Command::new("sinfo")
        .args(["-h", "-o", "%T"])
        .output()
        .is_ok_and(|o| {
            let s = String::from_utf8_lossy(&o.stdout);
            o.status.success() && (s.contains("idle") || s.contains("mix") || s.contains("alloc"))
        })
}

/// Waits until Slurm has no job of `ids` left in its queue.
fn wait_for(ids: &[String], limit: Duration) {
    let start = Instant::now();
    loop {
        let o = Command::new("squeue")
            .args(["-h", "-o", "%i", "-j", &ids.join(",")])
            .output()
            .unwrap();
        if String::from_utf8_lossy(&o.stdout).trim().is_empty() {
            return;
        }
        assert!(start.elapsed() < limit, "Slurm jobs {ids:?} still queued");
        std::thread::sleep(Duration::from_millis(500));
    }
}

#[test]
fn a_slurm_job_array_and_its_merge_equal_one_run() {
    if Command::new("sbatch").arg("--version").output().is_err() {
        return skip("Slurm's sbatch not found (Debian: slurm-wlm munge)");
    }
    if !slurm_up() {
        return skip("Slurm has no node up (tools/slurm/start-local.sh starts one)");
    }
    let w = work();
    let archive = inputs(w.path());
    // The README's recipe, with 3 tasks.
    let script = w.path().join("shards.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/bash\n#SBATCH --array=1-3 --cpus-per-task=1 --output={dir}/slurm-%A_%a.out\n\
             cd {dir}\n\
             {exe} archive --shard \"$SLURM_ARRAY_TASK_ID/3\" --jobs \"${{SLURM_CPUS_PER_TASK:-1}}\" \\\n  \
             --format csv,sqlite --out \"runs/shard-$SLURM_ARRAY_TASK_ID\" --quiet\n",
            dir = w.path().display(),
            exe = exe()
        ),
    )
    .unwrap();
    let o = Command::new("sbatch")
        .arg("--parsable")
        .arg(&script)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let array = String::from_utf8_lossy(&o.stdout).trim().to_string();
    let o = Command::new("sbatch")
        .arg("--parsable")
        .arg(format!("--dependency=afterok:{array}"))
        .arg(format!("--output={}/merge.out", w.path().display()))
        .arg("--wrap")
        .arg(format!(
            "cd {} && {} merge runs/shard-* --format csv,sqlite --out merged",
            w.path().display(),
            exe()
        ))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let merge = String::from_utf8_lossy(&o.stdout).trim().to_string();
    wait_for(&[array, merge], Duration::from_secs(300));
    let log = std::fs::read_to_string(w.path().join("merge.out")).unwrap_or_default();
    assert!(
        w.path().join("merged/run.json").exists(),
        "the merge job did not finish: {log}"
    );
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(w.path().join("merged/run.json")).unwrap()).unwrap();
    assert_eq!(run["merged_shards"]["merged"], serde_json::json!([1, 2, 3]));
    let one = w.path().join("one");
    single_run(&archive, &one);
    same(&one, &w.path().join("merged"));
}

#[test]
fn gnu_parallel_shards_and_their_merge_equal_one_run() {
    if Command::new("parallel").arg("--version").output().is_err() {
        return skip("GNU parallel not found (Debian: parallel)");
    }
    let w = work();
    let archive = inputs(w.path());
    // The README's recipe with local job slots instead of --sshlogin.
    let status = Command::new("parallel")
        .current_dir(w.path())
        .args(["--will-cite", "-j", "2", exe()])
        .args([
            "archive",
            "--shard",
            "{}/4",
            "--format",
            "csv,sqlite",
            "--out",
            "runs/shard-{}",
            "--quiet",
            "--jobs",
            "1",
            ":::",
            "1",
            "2",
            "3",
            "4",
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let status = Command::new(exe())
        .current_dir(w.path())
        .args([
            "merge",
            "runs/shard-1",
            "runs/shard-2",
            "runs/shard-3",
            "runs/shard-4",
        ])
        .args(["--format", "csv,sqlite", "--out", "merged", "--quiet"])
        .status()
        .unwrap();
    assert!(status.success());
    let one = w.path().join("one");
    single_run(&archive, &one);
    same(&one, &w.path().join("merged"));
}
