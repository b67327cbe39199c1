//! Headless commands: they never wait for stdin, never need a terminal, report unreadable files
//! with exit code 2 and the exact message, and survive a reader that goes away.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Stdio};
use std::time::Duration;

use samenleven::annex::{load_path, LoadOptions};

fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("samenleven")
}

/// Every headless command line (without `--annex`).
const COMMANDS: &[&[&str]] = &[
    &["summary"],
    &["summary", "--format", "json"],
    &["check"],
    &["check", "--format", "json"],
    &["search", "Gent"],
    &["search", "--format", "json", "taal"],
];

/// Runs the binary in a new session (no controlling terminal) with stdin closed, stdout and
/// stderr captured, under `timeout`: a command that waited for input or a terminal would be
/// killed after 60 s (exit code 124) or fail.
fn run_detached(args: &[&str], extra: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new("timeout")
        .args(["-k", "5", "60", "setsid", "--wait", "sh", "-c"])
        .arg("exec 0<&- && exec \"$@\"")
        .arg("sh")
        .arg(bin())
        .args(args)
        .args(extra)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn headless_commands_run_without_stdin_or_terminal() {
    for args in COMMANDS {
        let out = run_detached(args, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        // check exits 1 when it finds an error in the data; summary 0.
        let code = out.status.code();
        assert!(
            matches!(code, Some(0) | Some(1)),
            "{args:?}: {code:?} {stderr}"
        );
        assert!(!out.stdout.is_empty(), "{args:?} printed nothing");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn the_same_with_stdin_at_end_of_file() {
    for args in COMMANDS {
        let out = assert_cmd::Command::new(bin())
            .args(*args)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert!(matches!(out.status.code(), Some(0) | Some(1)), "{args:?}");
        assert!(!out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn unreadable_files_exit_2_with_the_exact_message_in_every_command() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("leeg.xlsx", Vec::new()),
        ("kapot.xlsx", b"PK\x03\x04 afgebroken".to_vec()),
        (
            "woorden.csv",
            b"Gemeente;Actie;Bedrag\nGent;5;vijfduizend\n".to_vec(),
        ),
        (
            "gemengd.csv",
            b"Gemeente;Actie;Bedrag\nGent;5;1000\nMol,5,3000\n".to_vec(),
        ),
    ];
    for (name, bytes) in cases {
        let (_dir, path) = temp_file(name, &bytes);
        let expected = load_path(&path, &LoadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(expected.starts_with(&format!("Fout in '{}'", path.display())));
        for args in COMMANDS {
            let out = run_detached(args, &["--annex".as_ref(), path.as_os_str()]);
            assert_eq!(out.status.code(), Some(2), "{name} {args:?}");
            assert_eq!(
                String::from_utf8_lossy(&out.stderr),
                format!("{expected}\n"),
                "{name} {args:?}"
            );
            assert!(out.stdout.is_empty(), "{name} {args:?}");
        }
        // The explorer reports the file before it needs a terminal.
        let out = run_detached(&[], &["--annex".as_ref(), path.as_os_str()]);
        assert_eq!(out.status.code(), Some(2), "{name} explorer");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("{expected}\n")
        );
        // export stops before writing anything.
        let target = path.with_file_name("uit.xlsx");
        let out = run_detached(
            &["export"],
            &[
                "--annex".as_ref(),
                path.as_os_str(),
                "--out".as_ref(),
                target.as_os_str(),
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{name} export");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("{expected}\n")
        );
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1,
            "{name}: export left a file"
        );
    }
}

#[test]
fn the_explorer_without_a_terminal_says_so_and_does_not_wait() {
    let out = run_detached(&[], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "Fout in de verkenner: geen terminal; gebruik `samenleven summary` voor uitvoer als tekst\n"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn export_runs_without_stdin_or_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("uit.xlsx");
    let out = run_detached(&["export", "--out"], &[target.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{:?}", out);
    assert!(target.is_file());
}

#[test]
fn a_reader_that_goes_away_does_not_make_a_command_panic() {
    // `samenleven summary --format json | head -c 10`: stdout closes after 10 bytes.
    for args in COMMANDS {
        let mut child = Command::new(bin())
            .args(*args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(matches!(out.status.code(), Some(0) | Some(1)), "{args:?}");
    }
}

/// Linux has /dev/full, whose writes fail with "no space left on device".
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_for_stdout_is_a_dutch_message() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(bin())
        .args(["summary", "--format", "json"])
        .stdin(Stdio::null())
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "Fout bij het schrijven van de uitvoer: de schijf is vol.\n"
    );
}
