//! `samenleven export` when writing fails: a read-only folder, a full disk, a folder as target,
//! an existing target without `--force`. Each time: the exact Dutch message, exit code 2, the
//! previous file byte for byte, and no partial or temporary file left in the folder.
//!
//! A read-only folder is made with the permission bits; as root (which writes through them)
//! the command then runs as `nobody` (setpriv). The full-disk and read-only-file-system cases
//! mount a small tmpfs, which needs root: they are `#[ignore]`d, CI runs them as root with
//! `cargo test --test export_faults -- --ignored`, and there they fail when no tmpfs can be
//! mounted instead of passing without having run.

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

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// `samenleven export` as a user whom permission bits stop: the current user, or `nobody`
/// when the tests run as root. Fails the test when root cannot become `nobody` here.
fn export_as_user(out: &Path, extra: &[&str]) -> std::process::Output {
    if !is_root() {
        return export(out, extra);
    }
    let bin = assert_cmd::cargo::cargo_bin("samenleven");
    let o = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--inh-caps=-all",
        ])
        .arg(&bin)
        .arg("export")
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap_or_else(|e| panic!("as root this test runs the command as nobody: setpriv: {e}"));
    assert!(
        !String::from_utf8_lossy(&o.stderr).contains("setpriv:"),
        "as root this test runs the command as nobody, which failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
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
    assert_refused_by(export, out, extra, message);
}

fn assert_refused_by(
    run: fn(&Path, &[&str]) -> std::process::Output,
    out: &Path,
    extra: &[&str],
    message: &str,
) {
    let dir = out.parent().unwrap();
    let before = listing(dir);
    let o = run(out, extra);
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

/// A tmpfs of `size` on `dir`, or a failed test that says why.
fn tmpfs(dir: &Path, size: &str) -> Tmpfs {
    Tmpfs::mount(dir, size).unwrap_or_else(|| {
        panic!(
            "this test mounts a tmpfs, which needs root and mount(8); \
             run it as root (CI does), or leave it ignored"
        )
    })
}

#[test]
#[ignore = "mounts a tmpfs, needs root: CI runs it (cargo test --test export_faults -- --ignored)"]
fn a_full_disk_keeps_the_previous_file_and_leaves_nothing_behind() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("klein");
    std::fs::create_dir(&dir).unwrap();
    // The sample's export is about 70 KB; 64 KB minus the previous file does not hold it.
    let _fs = tmpfs(&dir, "64k");
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
#[ignore = "mounts a tmpfs, needs root: CI runs it (cargo test --test export_faults -- --ignored)"]
fn a_read_only_file_system_keeps_the_previous_file() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("alleen-lezen");
    std::fs::create_dir(&dir).unwrap();
    let out = dir.join("export.xlsx");
    let fs = tmpfs(&dir, "1m");
    std::fs::write(&out, previous()).unwrap();
    assert!(
        fs.remount_read_only(),
        "the tmpfs could not be made read-only"
    );
    assert_read_only_refusals(export, &out);
}

#[test]
fn a_read_only_folder_keeps_the_previous_file() {
    use std::os::unix::fs::PermissionsExt;
    let base = tempfile::tempdir().unwrap();
    // `nobody` must reach the folder when the tests run as root.
    std::fs::set_permissions(base.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let dir = base.path().join("alleen-lezen");
    std::fs::create_dir(&dir).unwrap();
    let out = dir.join("export.xlsx");
    std::fs::write(&out, previous()).unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    assert_read_only_refusals(export_as_user, &out);
}

/// A read-only folder holding `out`: every way of writing is refused, nothing changes.
fn assert_read_only_refusals(run: fn(&Path, &[&str]) -> std::process::Output, out: &Path) {
    let dir = out.parent().unwrap();
    let message = format!(
        "Kan '{}' niet schrijven: map is alleen-lezen",
        out.display()
    );
    assert_refused_by(run, out, &["--force"], &message);
    let new = dir.join("nieuw.xlsx");
    let message = format!(
        "Kan '{}' niet schrijven: map is alleen-lezen",
        new.display()
    );
    assert_refused_by(run, &new, &[], &message);
    // Without --force the existing file is reported first: also exit 2, also untouched.
    let message = format!(
        "'{}' bestaat al; gebruik --force om te overschrijven",
        out.display()
    );
    assert_refused_by(run, out, &[], &message);
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
