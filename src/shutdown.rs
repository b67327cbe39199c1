//! Ending the process on a stop signal: always, soon, and without a half-written file.
//!
//! The explorer ends on its own when a stop signal sets its flag (it restores the terminal
//! first). [`install_watchdog`] is the guarantee behind that: whatever the program is doing
//! when the signal comes (reading a huge annex, building a workbook, blocked on a terminal that
//! stopped reading), the process ends within the grace period, after removing the temporary
//! files of exports in flight ([`crate::export::abandon_temp_files`]).

use std::time::Duration;

/// Signals that end the program. Their default action would kill the process at once: with the
/// terminal still raw in the explorer, and with a temporary export file left behind. Each ends
/// the process with 128 + its number, as a shell reports a process killed by it. (SIGKILL cannot
/// be caught.)
#[cfg(unix)]
pub const STOP_SIGNALS: [i32; 4] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGQUIT,
];
#[cfg(not(unix))]
pub const STOP_SIGNALS: [i32; 2] = [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT];

/// The exit code after a signal: 128 + its number.
pub fn exit_code(signal: i32) -> i32 {
    128 + signal
}

/// Starts a thread that, on the first stop signal, gives the program `grace` to end by itself,
/// then removes the temporary export files, sets the terminal back to cooked mode (best effort,
/// without touching stdout, which a stuck writer may hold) and exits with 128 + the signal.
/// With a zero grace it does so at once (the headless commands).
pub fn install_watchdog(grace: Duration) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new(STOP_SIGNALS)?;
    std::thread::Builder::new()
        .name("stop-watchdog".to_string())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                if !grace.is_zero() {
                    std::thread::sleep(grace);
                }
                crate::export::abandon_temp_files();
                // A no-op unless the explorer made the terminal raw.
                let _ = crossterm::terminal::disable_raw_mode();
                std::process::exit(exit_code(sig));
            }
        })?;
    Ok(())
}
