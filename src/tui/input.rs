//! Waiting for input without spinning, and noticing that the terminal is gone (issue 13).
//!
//! crossterm's readers trust that a readable terminal yields bytes. Once the terminal hangs up
//! (its window closed, an ssh connection dropped, `tmux kill-server`) every read returns 0 at
//! once: the default mio reader then loops inside `event::poll` for ever, and the poll(2) reader
//! this crate selects (`use-dev-tty`) spins until its timeout. So the explorer waits itself:
//! [`InputWatch::wait`] sleeps in poll(2) on the terminal and on a pipe that the stop signals
//! and SIGWINCH write to, and reports [`Wait::Gone`] when the terminal hung up. crossterm is
//! asked for events only when there are bytes to read, with a short timeout.

use std::time::Duration;

/// What a wait for input found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Bytes to read, a resize or a stop signal: ask crossterm, then look at the signal flag.
    Ready,
    /// Nothing happened within the timeout.
    Timeout,
    /// The terminal hung up or closed: nothing will ever be read or drawn again.
    Gone,
}

/// How long crossterm may wait once there is something to read. It never returns an event
/// for a zero timeout (its poll(2) reader does not read then), so one millisecond.
pub const READ_TIMEOUT: Duration = Duration::from_millis(1);

#[cfg(unix)]
pub use unix::InputWatch;

#[cfg(not(unix))]
pub use other::InputWatch;

#[cfg(unix)]
mod unix {
    use std::fs::File;
    use std::io::{self, Read};
    use std::os::fd::{AsRawFd, RawFd};
    use std::os::unix::net::UnixStream;
    use std::time::Duration;

    use super::Wait;

    /// The terminal the explorer reads keys from, and a wake-up pipe for signals.
    #[derive(Debug)]
    pub struct InputWatch {
        /// Standard input when it is a terminal (as crossterm reads it), else /dev/tty.
        pub(super) tty: RawFd,
        /// Keeps /dev/tty open when that is what `tty` is.
        pub(super) _opened: Option<File>,
        pub(super) wake: UnixStream,
        pub(super) registered: Vec<signal_hook::SigId>,
    }

    impl InputWatch {
        /// Watches the terminal crossterm reads; `signals` wake a wait at once.
        pub fn new(signals: &[i32]) -> io::Result<InputWatch> {
            // SAFETY: isatty only inspects the descriptor.
            let (tty, opened) = if unsafe { libc::isatty(libc::STDIN_FILENO) } == 1 {
                (libc::STDIN_FILENO, None)
            } else {
                let f = File::options().read(true).write(true).open("/dev/tty")?;
                (f.as_raw_fd(), Some(f))
            };
            let (wake, writer) = UnixStream::pair()?;
            wake.set_nonblocking(true)?;
            writer.set_nonblocking(true)?;
            let mut registered = Vec::new();
            for &sig in signals.iter().chain([signal_hook::consts::SIGWINCH].iter()) {
                let w = writer.try_clone()?;
                registered.push(signal_hook::low_level::pipe::register(sig, w)?);
            }
            Ok(InputWatch {
                tty,
                _opened: opened,
                wake,
                registered,
            })
        }

        /// Sleeps until there is input, a signal, a hang-up or the timeout; never spins.
        pub fn wait(&self, timeout: Duration) -> io::Result<Wait> {
            let mut fds = [
                libc::pollfd {
                    fd: self.tty,
                    events: libc::POLLIN,
                    revents: 0,
                },
                libc::pollfd {
                    fd: self.wake.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                },
            ];
            let ms = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
            // SAFETY: `fds` is a valid array of two pollfd for the duration of the call.
            let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
            if n < 0 {
                let e = io::Error::last_os_error();
                // A signal interrupted the wait: the caller looks at its flag.
                return if e.kind() == io::ErrorKind::Interrupted {
                    Ok(Wait::Ready)
                } else {
                    Err(e)
                };
            }
            if fds[1].revents != 0 {
                let mut sink = [0u8; 64];
                while matches!((&self.wake).read(&mut sink), Ok(n) if n > 0) {}
            }
            let tty = fds[0].revents;
            if tty & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
                return Ok(Wait::Gone);
            }
            // Readable with nothing to read is the end of input: a terminal that hung up
            // without saying so (in raw mode a live terminal is readable only with bytes).
            if tty & libc::POLLIN != 0 && self.pending_bytes() == 0 {
                return Ok(Wait::Gone);
            }
            Ok(if n == 0 { Wait::Timeout } else { Wait::Ready })
        }

        /// Whether the terminal has hung up, asked without waiting.
        pub fn hung_up(&self) -> bool {
            matches!(self.wait(Duration::ZERO), Ok(Wait::Gone))
        }

        /// Bytes waiting in the terminal's input queue; 0 when it cannot tell (hung up).
        fn pending_bytes(&self) -> libc::c_int {
            let mut n: libc::c_int = 0;
            // SAFETY: FIONREAD writes one int into `n`.
            let rc = unsafe { libc::ioctl(self.tty, libc::FIONREAD, &mut n) };
            if rc < 0 {
                0
            } else {
                n
            }
        }
    }

    impl Drop for InputWatch {
        fn drop(&mut self) {
            for id in self.registered.drain(..) {
                signal_hook::low_level::unregister(id);
            }
        }
    }
}

#[cfg(not(unix))]
mod other {
    use std::io;
    use std::time::Duration;

    use super::Wait;

    /// Without poll(2): crossterm's own wait.
    #[derive(Debug)]
    pub struct InputWatch;

    impl InputWatch {
        pub fn new(_signals: &[i32]) -> io::Result<InputWatch> {
            Ok(InputWatch)
        }

        pub fn hung_up(&self) -> bool {
            false
        }

        pub fn wait(&self, timeout: Duration) -> io::Result<Wait> {
            Ok(
                if ratatui::crossterm::event::poll(timeout).map_err(io::Error::other)? {
                    Wait::Ready
                } else {
                    Wait::Timeout
                },
            )
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::time::Instant;

    /// A pseudo-terminal pair; the watch reads the follower side as it would a terminal.
    fn open_pty() -> (std::fs::File, std::fs::File) {
        use std::os::fd::FromRawFd;
        let (mut leader, mut follower) = (0, 0);
        // SAFETY: openpty writes two descriptors into the given integers.
        let rc = unsafe {
            libc::openpty(
                &mut leader,
                &mut follower,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
        for fd in [leader, follower] {
            // SAFETY: fcntl on descriptors owned here; a process started meanwhile by another
            // test must not keep the leader open.
            unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
        }
        // SAFETY: both descriptors were just opened and are owned here.
        unsafe {
            (
                std::fs::File::from_raw_fd(leader),
                std::fs::File::from_raw_fd(follower),
            )
        }
    }

    /// A watch on `follower`, and the writing end of its wake-up pipe (kept open by the
    /// caller, as the signal handlers keep theirs).
    fn watch_on(follower: &std::fs::File) -> (InputWatch, std::os::unix::net::UnixStream) {
        let (wake, writer) = std::os::unix::net::UnixStream::pair().unwrap();
        wake.set_nonblocking(true).unwrap();
        let watch = InputWatch {
            tty: std::os::fd::AsRawFd::as_raw_fd(follower),
            _opened: None,
            wake,
            registered: Vec::new(),
        };
        (watch, writer)
    }

    #[test]
    fn a_quiet_terminal_waits_for_the_timeout() {
        let (_leader, follower) = open_pty();
        let (watch, _wake) = watch_on(&follower);
        let start = Instant::now();
        assert_eq!(
            watch.wait(Duration::from_millis(50)).unwrap(),
            Wait::Timeout
        );
        assert!(start.elapsed() >= Duration::from_millis(45));
    }

    #[test]
    fn typed_bytes_are_ready() {
        use std::io::Write;
        let (mut leader, follower) = open_pty();
        // Raw, as the explorer makes its terminal: one key is readable at once.
        // SAFETY: termios calls on a descriptor owned here, with a zeroed struct they fill.
        unsafe {
            let fd = std::os::fd::AsRawFd::as_raw_fd(&follower);
            let mut t: libc::termios = std::mem::zeroed();
            assert_eq!(libc::tcgetattr(fd, &mut t), 0);
            libc::cfmakeraw(&mut t);
            assert_eq!(libc::tcsetattr(fd, libc::TCSANOW, &t), 0);
        }
        let (watch, _wake) = watch_on(&follower);
        leader.write_all(b"q").unwrap();
        assert_eq!(watch.wait(Duration::from_secs(5)).unwrap(), Wait::Ready);
    }

    #[test]
    fn readable_without_bytes_is_gone() {
        // A socket whose peer closed: readable at once with nothing to read, as a terminal
        // that ended without a hang-up flag would be. It must not count as input.
        let (reader, writer) = std::os::unix::net::UnixStream::pair().unwrap();
        drop(writer);
        let (wake, _writer) = std::os::unix::net::UnixStream::pair().unwrap();
        let watch = InputWatch {
            tty: std::os::fd::AsRawFd::as_raw_fd(&reader),
            _opened: None,
            wake,
            registered: Vec::new(),
        };
        assert_eq!(watch.wait(Duration::from_secs(5)).unwrap(), Wait::Gone);
    }

    #[test]
    fn a_signal_wakes_the_wait_at_once() {
        use std::io::Write;
        let (_leader, follower) = open_pty();
        let (watch, mut wake) = watch_on(&follower);
        wake.write_all(&[1]).unwrap();
        let start = Instant::now();
        assert_eq!(watch.wait(Duration::from_secs(5)).unwrap(), Wait::Ready);
        assert!(start.elapsed() < Duration::from_secs(1));
        // The pipe was drained: the next wait sleeps again.
        assert_eq!(
            watch.wait(Duration::from_millis(30)).unwrap(),
            Wait::Timeout
        );
    }

    #[test]
    fn a_closed_terminal_is_gone_at_once_and_stays_gone() {
        let (leader, follower) = open_pty();
        let (watch, _wake) = watch_on(&follower);
        drop(leader);
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(watch.wait(Duration::from_secs(5)).unwrap(), Wait::Gone);
        }
        assert!(start.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn hung_up_tells_a_live_terminal_from_a_closed_one_without_waiting() {
        let (leader, follower) = open_pty();
        let (watch, _wake) = watch_on(&follower);
        let start = Instant::now();
        assert!(!watch.hung_up());
        drop(leader);
        assert!(watch.hung_up());
        assert!(start.elapsed() < Duration::from_secs(1));
    }
}
