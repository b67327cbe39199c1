//! Issue 13: the terminal goes, the program goes.
//!
//! The explorer runs on a real pseudo-terminal made here (openpty), as it would in an xterm or
//! a tmux pane. Closing the terminal's leader side is what closing the window, dropping the ssh
//! connection or `tmux kill-server` does. Each case must end the process within two seconds
//! with the expected exit code; before the fix the explorer spun at full speed reading an empty
//! terminal and ignored SIGTERM, so these tests would time out.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long the process may take to end once its terminal is gone or it got a signal.
const LIMIT: Duration = Duration::from_secs(2);

enum Cmd {
    Write(Vec<u8>),
    Close,
}

/// The leader side of a pseudo-terminal, owned by one thread that reads everything the
/// explorer draws (so it never blocks on a full terminal) and writes what a user types.
struct Terminal {
    screen: Arc<Mutex<Vec<u8>>>,
    tx: Sender<Cmd>,
    thread: Option<JoinHandle<()>>,
}

impl Terminal {
    fn type_keys(&self, keys: &[u8]) {
        self.tx.send(Cmd::Write(keys.to_vec())).unwrap();
    }

    /// Closes the leader side: the terminal hangs up, as when its window is closed.
    fn close(&mut self) {
        let _ = self.tx.send(Cmd::Close);
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
    }

    fn shown(&self) -> String {
        String::from_utf8_lossy(&self.screen.lock().unwrap()).into_owned()
    }

    /// Waits until the explorer has drawn `text`.
    fn wait_for(&self, text: &str, child: &mut Child, limit: Duration) {
        let start = Instant::now();
        while !self.shown().contains(text) {
            if let Some(status) = child.try_wait().unwrap() {
                panic!("the explorer ended ({status}) before showing {text:?}");
            }
            assert!(
                start.elapsed() < limit,
                "{text:?} not shown within {limit:?}; screen so far: {:?}",
                self.shown()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        self.close();
    }
}

/// Held while a pseudo-terminal is opened and while a process is started: openpty's
/// descriptors are inherited until marked close-on-exec, and a leader side inherited by any
/// child (of this test or a parallel one) would keep the terminal from ever hanging up.
static SPAWN: Mutex<()> = Mutex::new(());

fn close_on_exec(fd: i32) {
    // SAFETY: fcntl on a descriptor we own.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFD);
        assert!(flags >= 0 && libc::fcntl(fd, libc::F_SETFD, flags | libc::FD_CLOEXEC) == 0);
    }
}

/// A new pseudo-terminal of 120×40: the reading thread on the leader, and the follower.
fn open_terminal() -> (Terminal, OwnedFd) {
    let _spawning = SPAWN.lock().unwrap_or_else(|e| e.into_inner());
    let (mut leader, mut follower) = (0, 0);
    let size = libc::winsize {
        ws_row: 40,
        ws_col: 120,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two new descriptors; the size is read only.
    let rc = unsafe {
        libc::openpty(
            &mut leader,
            &mut follower,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
    close_on_exec(leader);
    close_on_exec(follower);
    // SAFETY: both descriptors were just opened and belong to nobody else.
    let (leader, follower) = unsafe { (File::from_raw_fd(leader), OwnedFd::from_raw_fd(follower)) };
    let screen = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = mpsc::channel::<Cmd>();
    let seen = Arc::clone(&screen);
    let thread = std::thread::spawn(move || {
        let mut leader = leader;
        let mut buf = [0u8; 65536];
        loop {
            loop {
                match rx.try_recv() {
                    Ok(Cmd::Write(bytes)) => leader.write_all(&bytes).unwrap(),
                    Ok(Cmd::Close) | Err(mpsc::TryRecvError::Disconnected) => return,
                    Err(mpsc::TryRecvError::Empty) => break,
                }
            }
            let mut fds = [libc::pollfd {
                fd: leader.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            }];
            // SAFETY: one valid pollfd.
            let n = unsafe { libc::poll(fds.as_mut_ptr(), 1, 20) };
            if n > 0 && fds[0].revents & libc::POLLIN != 0 {
                match leader.read(&mut buf) {
                    Ok(k) if k > 0 => seen.lock().unwrap().extend_from_slice(&buf[..k]),
                    // The follower side closed (the explorer ended): nothing more to read.
                    _ => std::thread::sleep(Duration::from_millis(20)),
                }
            } else if n > 0 {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    });
    (
        Terminal {
            screen,
            tx,
            thread: Some(thread),
        },
        follower,
    )
}

/// How the explorer is attached to the terminal.
#[derive(Clone, Copy, PartialEq)]
enum Attach {
    /// Standard input, output and error on the terminal, which is the controlling terminal of
    /// the explorer's own session: a hang-up also sends SIGHUP, as in an xterm or tmux.
    Controlling,
    /// On the terminal, but in a session of its own without a controlling terminal: a hang-up
    /// sends no signal, only the end of input tells.
    NoSignal,
}

fn explorer(follower: &OwnedFd, attach: Attach, dir: &Path, args: &[&str]) -> Child {
    let io = || Stdio::from(follower.try_clone().unwrap());
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_samenleven"));
    cmd.args(args)
        .current_dir(dir)
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .stdin(io())
        .stdout(io())
        .stderr(io());
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            if libc::setsid() < 0 {
                return Err(std::io::Error::last_os_error());
            }
            if attach == Attach::Controlling && libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let _spawning = SPAWN.lock().unwrap_or_else(|e| e.into_inner());
    cmd.spawn().unwrap()
}

/// Waits up to `limit` for the process to end; kills it and fails otherwise, saying how much
/// processor time it burnt meanwhile (a spinning explorer burns nearly all of it).
fn ended_within(child: &mut Child, limit: Duration, what: &str) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > limit {
            let cpu = cpu_seconds(child.id());
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {limit:?} (cpu time used: {cpu:?} s)");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// User + system time of a process, from /proc (Linux).
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    Some(ticks / hz)
}

fn code(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(c), _) => format!("exit {c}"),
        (None, Some(s)) => format!("killed by signal {s}"),
        _ => "unknown".to_string(),
    }
}

/// The first frame of the explorer on the bundled sample.
const TREE: &str = "Vlaanderen";

#[test]
fn closing_the_terminal_ends_the_explorer_with_the_hangup_code() {
    let dir = tempfile::tempdir().unwrap();
    let (mut term, follower) = open_terminal();
    let mut child = explorer(&follower, Attach::Controlling, dir.path(), &[]);
    drop(follower);
    term.wait_for(TREE, &mut child, Duration::from_secs(30));
    term.close();
    let status = ended_within(&mut child, LIMIT, "terminal closed");
    assert_eq!(code(status), "exit 129");
}

#[test]
fn the_end_of_input_alone_ends_the_explorer() {
    // No SIGHUP arrives here: what ends the explorer is seeing that its terminal hung up,
    // without a single read that returns nothing being tried again and again.
    let dir = tempfile::tempdir().unwrap();
    let (mut term, follower) = open_terminal();
    let mut child = explorer(&follower, Attach::NoSignal, dir.path(), &[]);
    drop(follower);
    term.wait_for(TREE, &mut child, Duration::from_secs(30));
    term.close();
    let status = ended_within(&mut child, LIMIT, "end of input");
    assert_eq!(code(status), "exit 129");
}

#[test]
fn an_idle_explorer_sleeps() {
    // Half a second idle on a live terminal costs next to no processor time.
    let dir = tempfile::tempdir().unwrap();
    let (mut term, follower) = open_terminal();
    let mut child = explorer(&follower, Attach::Controlling, dir.path(), &[]);
    drop(follower);
    term.wait_for(TREE, &mut child, Duration::from_secs(30));
    std::thread::sleep(Duration::from_millis(300));
    let before = cpu_seconds(child.id()).unwrap();
    std::thread::sleep(Duration::from_millis(1000));
    let used = cpu_seconds(child.id()).unwrap() - before;
    assert!(used < 0.2, "idle for 1 s used {used} s of processor time");
    term.type_keys(b"q");
    let status = ended_within(&mut child, LIMIT, "q");
    assert_eq!(code(status), "exit 0");
    term.close();
}

#[test]
fn sigterm_ends_the_explorer_while_it_loads() {
    let dir = tempfile::tempdir().unwrap();
    let annex = dir.path().join("groot.csv");
    samenleven::scale::write_csv(&samenleven::scale::Scale::new(150_000), &annex).unwrap();
    let (mut term, follower) = open_terminal();
    let mut child = explorer(
        &follower,
        Attach::Controlling,
        dir.path(),
        &["--annex", annex.to_str().unwrap()],
    );
    drop(follower);
    term.wait_for("Bijlage inlezen", &mut child, Duration::from_secs(30));
    // SAFETY: a plain kill(2) of our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let status = ended_within(&mut child, LIMIT, "SIGTERM while loading");
    assert_eq!(code(status), "exit 143");
    term.close();
}

/// The folder holds no temporary file, and any workbook in it is whole (calamine opens it).
fn no_partial_files(dir: &Path) {
    for e in std::fs::read_dir(dir).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".tmp"), "temporary file left: {name}");
        if name.ends_with(".xlsx") {
            let path = dir.join(&name);
            calamine::open_workbook_auto(&path)
                .unwrap_or_else(|e| panic!("partial workbook {name}: {e}"));
        }
    }
}

#[test]
fn sigterm_during_an_export_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let annex = dir.path().join("groot.csv");
    samenleven::scale::write_csv(&samenleven::scale::Scale::new(60_000), &annex).unwrap();
    let out = dir.path().join("uit");
    std::fs::create_dir(&out).unwrap();
    let (mut term, follower) = open_terminal();
    let mut child = explorer(
        &follower,
        Attach::Controlling,
        &out,
        &["--annex", annex.to_str().unwrap()],
    );
    drop(follower);
    term.wait_for(TREE, &mut child, Duration::from_secs(120));
    // e asks where; Enter takes the default.
    term.type_keys(b"e");
    term.wait_for("Exporteren:", &mut child, Duration::from_secs(10));
    term.type_keys(b"\r");
    // Only what changed is redrawn: the part of the status line under the prompt's letters.
    term.wait_for(
        "exporteren (heel Vlaanderen en Brussel)",
        &mut child,
        Duration::from_secs(10),
    );
    // SAFETY: a plain kill(2) of our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let status = ended_within(&mut child, LIMIT, "SIGTERM during an export");
    assert_eq!(code(status), "exit 143");
    term.close();
    no_partial_files(&out);
}

#[test]
fn sigterm_during_a_headless_export_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let annex = dir.path().join("groot.csv");
    samenleven::scale::write_csv(&samenleven::scale::Scale::new(60_000), &annex).unwrap();
    let out = dir.path().join("uit");
    std::fs::create_dir(&out).unwrap();
    // Signals at several moments of the export: while reading, building and writing.
    for delay_ms in [200u64, 800, 1500, 2500] {
        let mut child = {
            let _spawning = SPAWN.lock().unwrap_or_else(|e| e.into_inner());
            Command::new(env!("CARGO_BIN_EXE_samenleven"))
                .args(["export", "--force", "--annex"])
                .arg(&annex)
                .arg("--out")
                .arg(out.join("werkmap.xlsx"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        };
        std::thread::sleep(Duration::from_millis(delay_ms));
        // SAFETY: a plain kill(2) of our own child.
        unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
        let status = ended_within(&mut child, LIMIT, "SIGTERM during `export`");
        assert!(
            matches!(code(status).as_str(), "exit 143" | "exit 0"),
            "after {delay_ms} ms: {}",
            code(status)
        );
        no_partial_files(&out);
    }
}

#[test]
fn without_a_terminal_to_read_the_explorer_says_so_and_ends() {
    // `setsid samenleven < /dev/null` in a terminal: output is a terminal, but there is no
    // terminal to read keys from (no controlling terminal, stdin not a terminal).
    let dir = tempfile::tempdir().unwrap();
    let (mut term, follower) = open_terminal();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_samenleven"));
    cmd.current_dir(dir.path())
        .env("TERM", "xterm-256color")
        .stdin(Stdio::null())
        .stdout(Stdio::from(follower.try_clone().unwrap()))
        .stderr(Stdio::from(follower.try_clone().unwrap()));
    // SAFETY: setsid is async-signal-safe.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = {
        let _spawning = SPAWN.lock().unwrap_or_else(|e| e.into_inner());
        cmd.spawn().unwrap()
    };
    drop(follower);
    let status = ended_within(&mut child, LIMIT, "no terminal to read");
    assert_eq!(code(status), "exit 2");
    std::thread::sleep(Duration::from_millis(100));
    let shown = term.shown();
    assert!(
        shown.contains("geen terminal om toetsen van te lezen"),
        "{shown:?}"
    );
    term.close();
}
