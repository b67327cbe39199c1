//! `samenleven export` when writing fails: a read-only folder, a full disk, a folder as target,
//! an existing target without `--force`. Each time: the exact Dutch message, exit code 2, the
//! previous file byte for byte, and no partial or temporary file left in the folder.
//!
//! The read-only and full-disk cases mount a small tmpfs, which needs root (tests here run as
//! root); elsewhere they say so and are skipped. Without root a read-only folder is made with
//! the permission bits instead.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn export(out: &Path, extra: &[&str]) -> std::process::Output {
    assert_cmd::Command::cargo_bin("samenleven")
        .unwrap()
        .arg("export")
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// What the previous export looked like: not a workbook, so any overwrite shows.
fn previous() -> Vec<u8> {
    b"vorige versie van de export\n".repeat(400)
}

/// Asserts the failed export: exit 2, exactly `message` on stderr, nothing on stdout, the
/// previous file unchanged and the folder listing unchanged.
fn assert_refused(out: &Path, extra: &[&str], message: &str) {
    let dir = out.parent().unwrap();
    let before = listing(dir);
    let o = export(out, extra);
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!("{message}\n"),
        "{extra:?}"
    );
    assert_eq!(o.status.code(), Some(2), "{extra:?}");
    assert!(o.stdout.is_empty());
    if out.is_file() {
        assert_eq!(std::fs::read(out).unwrap(), previous(), "{extra:?}");
    }
    assert_eq!(listing(dir), before, "{extra:?}");
}

/// A tmpfs mounted for one test; unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        let ok = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0755"),
                "tmpfs",
            ])
            .arg(dir)
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }

    fn remount_read_only(&self) -> bool {
        Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .output()
            .is_ok_and(|o| o.status.success())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_keeps_the_previous_file_and_leaves_nothing_behind() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("klein");
    std::fs::create_dir(&dir).unwrap();
    // The sample's export is about 70 KB; 64 KB minus the previous file does not hold it.
    let Some(_fs) = Tmpfs::mount(&dir, "64k") else {
        eprintln!("overgeslagen: geen tmpfs (niet als root of zonder mount)");
        return;
    };
    let out = dir.join("export.xlsx");
    std::fs::write(&out, previous()).unwrap();
    let message = format!("Kan '{}' niet schrijven: de schijf is vol", out.display());
    assert_refused(&out, &["--force"], &message);
    // A new name in the full folder: no partial file either.
    let new = dir.join("nieuw.xlsx");
    let message = format!("Kan '{}' niet schrijven: de schijf is vol", new.display());
    assert_refused(&new, &[], &message);
    assert!(!new.exists());
}

#[test]
fn a_read_only_folder_keeps_the_previous_file() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("alleen-lezen");
    std::fs::create_dir(&dir).unwrap();
    let out = dir.join("export.xlsx");
    let fs = Tmpfs::mount(&dir, "1m");
    std::fs::write(&out, previous()).unwrap();
    let read_only = match &fs {
        Some(fs) => fs.remount_read_only(),
        None => {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
            // Root writes through permission bits: then this case cannot be made here.
            std::fs::write(dir.join("probe"), b"").is_err()
        }
    };
    if !read_only {
        eprintln!("overgeslagen: geen alleen-lezen map te maken (root zonder mount)");
        return;
    }
    let message = format!(
        "Kan '{}' niet schrijven: map is alleen-lezen",
        out.display()
    );
    assert_refused(&out, &["--force"], &message);
    let new = dir.join("nieuw.xlsx");
    let message = format!(
        "Kan '{}' niet schrijven: map is alleen-lezen",
        new.display()
    );
    assert_refused(&new, &[], &message);
    // Without --force the existing file is reported first: also exit 2, also untouched.
    let message = format!(
        "'{}' bestaat al; gebruik --force om te overschrijven",
        out.display()
    );
    assert_refused(&out, &[], &message);
}

#[test]
fn a_folder_as_target_is_refused_with_and_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("export.xlsx");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("binnenin.txt"), b"blijft").unwrap();
    let message = format!(
        "Kan '{}' niet schrijven: dat is een map, geen bestand",
        target.display()
    );
    for extra in [&[][..], &["--force"][..]] {
        assert_refused(&target, extra, &message);
    }
    assert_eq!(listing(&target), ["binnenin.txt"]);
    assert_eq!(
        std::fs::read(target.join("binnenin.txt")).unwrap(),
        b"blijft"
    );
}

#[test]
fn an_existing_target_without_force_is_byte_for_byte_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export.xlsx");
    std::fs::write(&out, previous()).unwrap();
    let message = format!(
        "'{}' bestaat al; gebruik --force om te overschrijven",
        out.display()
    );
    assert_refused(&out, &[], &message);
    assert_refused(&out, &["--scope", "province:Limburg"], &message);
}
