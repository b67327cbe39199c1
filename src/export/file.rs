//! Writing the workbook to disk atomically, and naming export files by time.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use super::ExportError;

/// A moment in UTC, to the second; shown on the clocks of Brussels (no time-zone database
/// needed, see [`brussels_offset_hours`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl Stamp {
    /// The current time (UTC).
    pub fn now() -> Stamp {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        Stamp::from_unix(secs)
    }

    /// Seconds since 1970-01-01 00:00 UTC to a civil date and time (proleptic Gregorian).
    pub fn from_unix(secs: i64) -> Stamp {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Stamp {
            year: year as i32,
            month: month as u8,
            day: day as u8,
            hour: (rem / 3600) as u8,
            minute: (rem % 3600 / 60) as u8,
            second: (rem % 60) as u8,
        }
    }

    /// Seconds since 1970-01-01 00:00 UTC.
    pub fn unix(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }

    /// The same moment on the clocks of Brussels, and their offset from UTC in hours.
    pub fn brussels(&self) -> (Stamp, i64) {
        let offset = brussels_offset_hours(self.unix());
        (Stamp::from_unix(self.unix() + offset * 3600), offset)
    }

    /// Dutch, on the clocks of Brussels with their offset: `27-11-2026 16:30 (UTC+01:00)`.
    pub fn dutch(&self) -> String {
        let (l, offset) = self.brussels();
        format!(
            "{:02}-{:02}-{:04} {:02}:{:02} (UTC+{offset:02}:00)",
            l.day, l.month, l.year, l.hour, l.minute
        )
    }

    /// For file names, on the clocks of Brussels: `2026-11-27-1630`.
    pub fn file_part(&self) -> String {
        let (l, _) = self.brussels();
        format!(
            "{:04}-{:02}-{:02}-{:02}{:02}",
            l.year, l.month, l.day, l.hour, l.minute
        )
    }
}

/// Hours Brussels is ahead of UTC at a moment (seconds since 1970 UTC): 2 in summer time, 1 in
/// winter. Summer time runs from the last Sunday of March to the last Sunday of October, both
/// at 01:00 UTC: the rule of the European Union since 1996 (directive 2000/84/EC), computed
/// here without a time-zone database. Earlier moments get the same rule.
pub fn brussels_offset_hours(unix: i64) -> i64 {
    let year = Stamp::from_unix(unix).year;
    let start = last_sunday_1am_utc(year, 3);
    let end = last_sunday_1am_utc(year, 10);
    if (start..end).contains(&unix) {
        2
    } else {
        1
    }
}

/// 01:00 UTC on the last Sunday of a month of 31 days (March, October), in seconds since 1970.
fn last_sunday_1am_utc(year: i32, month: u8) -> i64 {
    let last = Stamp {
        year,
        month,
        day: 31,
        hour: 1,
        minute: 0,
        second: 0,
    }
    .unix();
    // 1970-01-01 was a Thursday: days since then + 4, modulo 7, is the weekday (0 = Sunday).
    let weekday = (last.div_euclid(86_400) + 4).rem_euclid(7);
    last - weekday * 86_400
}

/// `dir/samenleven-export-2026-11-27-1630.xlsx` (Brussels time), or `…-1630-2.xlsx`, `-3`, … when taken.
pub fn timestamped_path(dir: &Path, now: Stamp) -> PathBuf {
    timestamped_path_named(dir, "samenleven-export", "xlsx", now)
}

/// `dir/{stem}-2026-11-27-1630.{ext}` (Brussels time), or `…-1630-2.{ext}`, … when taken.
pub fn timestamped_path_named(dir: &Path, stem: &str, ext: &str, now: Stamp) -> PathBuf {
    let base = format!("{stem}-{}", now.file_part());
    let first = dir.join(format!("{base}.{ext}"));
    if !exists_any(&first) {
        return first;
    }
    let mut n = 2u32;
    loop {
        let p = dir.join(format!("{base}-{n}.{ext}"));
        if !exists_any(&p) || n == u32::MAX {
            return p;
        }
        n += 1;
    }
}

/// The path of a workbook: `path` itself when its name ends in `.xlsx` (any case), else with
/// `.xlsx` appended (`rapport` → `rapport.xlsx`, `rapport.v2` → `rapport.v2.xlsx`). A path
/// without a file name or naming an existing folder is left as it is, for [`write_file`] to
/// refuse.
pub fn with_xlsx_extension(path: &Path) -> PathBuf {
    with_extension(path, "xlsx")
}

/// [`with_xlsx_extension`] for another extension (`docx`, `md`): `path` when its name ends in
/// `.{ext}` (any case), else with `.{ext}` appended.
pub fn with_extension(path: &Path, ext: &str) -> PathBuf {
    if path.is_dir() {
        return path.to_path_buf();
    }
    let has_ext = path
        .extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext));
    let folder = path
        .as_os_str()
        .to_string_lossy()
        .ends_with(std::path::MAIN_SEPARATOR);
    match path.file_name() {
        Some(name) if !has_ext && !folder && name != "." && name != ".." => {
            let mut name = name.to_os_string();
            name.push(format!(".{ext}"));
            path.with_file_name(name)
        }
        _ => path.to_path_buf(),
    }
}

/// Whether anything (file, directory, dangling link) has this name.
fn exists_any(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok()
}

static TEMP_COUNTER: AtomicU32 = AtomicU32::new(0);

/// The temporary files being written, so that a process that must stop (a signal, a terminal
/// that hung up) can remove them before it exits: an export in flight then leaves either its
/// whole file or nothing, never a partial one.
struct InFlight {
    /// Set by [`abandon_temp_files`]: no new temporary file may be made.
    closing: bool,
    paths: Vec<PathBuf>,
}

static IN_FLIGHT: Mutex<InFlight> = Mutex::new(InFlight {
    closing: false,
    paths: Vec::new(),
});

fn in_flight() -> MutexGuard<'static, InFlight> {
    // The list stays valid whatever a panicking writer left half done.
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes every temporary export file still being written and refuses new ones. Called once,
/// just before the process exits on a signal or a lost terminal. A writer that already gave its
/// file the final name keeps it (it was complete and on disk); any other writer then fails.
pub fn abandon_temp_files() {
    let mut list = in_flight();
    list.closing = true;
    for p in list.paths.drain(..) {
        let _ = fs::remove_file(p);
    }
}

/// Removes the temporary file on drop unless disarmed, and takes it off the in-flight list.
struct TempGuard {
    path: PathBuf,
    armed: bool,
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        let mut list = in_flight();
        list.paths.retain(|p| p != &self.path);
        if self.armed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed to disk,
/// then renamed over the target. Without `force` an existing target is never replaced. On any
/// failure the previous file (if any) is untouched and no temporary file is left behind.
pub fn write_file(bytes: &[u8], path: &Path, force: bool) -> Result<(), ExportError> {
    let shown = path.display().to_string();
    let fail = |reason: String| ExportError::Write {
        path: shown.clone(),
        reason,
    };
    if path.file_name().is_none() {
        return Err(fail("dat is geen bestandsnaam".to_string()));
    }
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => return Err(fail("dat is een map, geen bestand".to_string())),
        Ok(_) if !force => return Err(ExportError::Exists { path: shown }),
        _ => {}
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match fs::metadata(&parent) {
        Ok(m) if !m.is_dir() => {
            return Err(fail(format!("'{}' is geen map", parent.display())));
        }
        Ok(_) => {}
        Err(e) => return Err(fail(describe_dir_error(&e, &parent))),
    }

    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (mut file, guard) =
        create_temp(&parent, &file_name).map_err(|e| fail(describe(&e, &parent)))?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    drop(file);
    if let Err(e) = written {
        return Err(fail(describe(&e, &parent)));
    }
    let mut guard = guard;
    if force {
        fs::rename(&guard.path, path).map_err(|e| fail(describe(&e, &parent)))?;
        guard.armed = false;
    } else {
        // A hard link never replaces an existing name: no race between the check and the move.
        match fs::hard_link(&guard.path, path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                return Err(ExportError::Exists { path: shown });
            }
            Err(_) => {
                // File systems without hard links: check again, then rename.
                if exists_any(path) {
                    return Err(ExportError::Exists { path: shown });
                }
                fs::rename(&guard.path, path).map_err(|e| fail(describe(&e, &parent)))?;
                guard.armed = false;
            }
        }
    }
    // After a hard link the guard removes the temporary name; after a rename there is none.
    drop(guard);
    // Make the rename itself durable (best effort: not every platform can open a folder).
    if let Ok(d) = File::open(&parent) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn create_temp(dir: &Path, file_name: &str) -> io::Result<(File, TempGuard)> {
    let pid = std::process::id();
    let mut last = None;
    // Held while the file is made, so that abandon_temp_files sees it or it is never made.
    let mut list = in_flight();
    if list.closing {
        return Err(io::Error::other("het programma sluit af"));
    }
    for _ in 0..100 {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(".{file_name}.{pid}-{n}.tmp"));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(f) => {
                list.paths.push(path.clone());
                return Ok((f, TempGuard { path, armed: true }));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("geen vrije tijdelijke naam")))
}

fn describe_dir_error(e: &io::Error, dir: &Path) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => format!("map '{}' bestaat niet", dir.display()),
        io::ErrorKind::NotADirectory => format!("'{}' is geen map", dir.display()),
        _ => describe(e, dir),
    }
}

/// Dutch reason for an I/O error while writing into `dir`.
pub(crate) fn describe(e: &io::Error, dir: &Path) -> String {
    match e.kind() {
        io::ErrorKind::ReadOnlyFilesystem => "map is alleen-lezen".to_string(),
        io::ErrorKind::PermissionDenied => {
            if fs::metadata(dir).is_ok_and(|m| m.permissions().readonly()) {
                "map is alleen-lezen".to_string()
            } else {
                "geen schrijfrechten in deze map".to_string()
            }
        }
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => "de schijf is vol".to_string(),
        io::ErrorKind::NotFound => format!("map '{}' bestaat niet", dir.display()),
        io::ErrorKind::NotADirectory => format!("'{}' is geen map", dir.display()),
        io::ErrorKind::IsADirectory => "dat is een map, geen bestand".to_string(),
        _ => format!("schrijffout ({e})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamp_round_trips_and_knows_leap_years() {
        // 2024-02-29 12:34:56 UTC
        let s = Stamp::from_unix(1_709_210_096);
        assert_eq!(
            (s.year, s.month, s.day, s.hour, s.minute, s.second),
            (2024, 2, 29, 12, 34, 56)
        );
        assert_eq!(s.unix(), 1_709_210_096);
        assert_eq!(Stamp::from_unix(0).dutch(), "01-01-1970 01:00 (UTC+01:00)");
        // 15:30 UTC is 16:30 in Brussels in November.
        let t = Stamp::from_unix(1_795_793_400);
        assert_eq!(t.file_part(), "2026-11-27-1630");
        for secs in [-86_400i64, 951_782_400, 4_107_542_399] {
            assert_eq!(Stamp::from_unix(secs).unix(), secs);
        }
    }

    /// Seconds since 1970 of a UTC time.
    fn utc(year: i32, month: u8, day: u8, hour: u8, minute: u8) -> i64 {
        Stamp {
            year,
            month,
            day,
            hour,
            minute,
            second: 0,
        }
        .unix()
    }

    #[test]
    fn brussels_keeps_summer_time_from_the_last_sunday_of_march_to_that_of_october() {
        // The changes of 2024 (31 March, 27 October), 2025 (30 March, 26 October) and 2026
        // (29 March, 25 October), each at 01:00 UTC.
        for (year, march, october) in [(2024, 31, 27), (2025, 30, 26), (2026, 29, 25)] {
            let start = utc(year, 3, march, 1, 0);
            let end = utc(year, 10, october, 1, 0);
            assert_eq!(brussels_offset_hours(start - 1), 1, "{year}");
            assert_eq!(brussels_offset_hours(start), 2, "{year}");
            assert_eq!(brussels_offset_hours(end - 1), 2, "{year}");
            assert_eq!(brussels_offset_hours(end), 1, "{year}");
        }
        assert_eq!(brussels_offset_hours(utc(2024, 1, 15, 12, 0)), 1);
        assert_eq!(brussels_offset_hours(utc(2024, 7, 15, 12, 0)), 2);
        assert_eq!(brussels_offset_hours(utc(2024, 12, 31, 23, 30)), 1);
        // The clocks: 00:59 UTC is 02:59 in summer, 01:00 UTC is 02:00 again in October.
        assert_eq!(
            Stamp::from_unix(utc(2024, 10, 27, 0, 59)).dutch(),
            "27-10-2024 02:59 (UTC+02:00)"
        );
        assert_eq!(
            Stamp::from_unix(utc(2024, 10, 27, 1, 0)).dutch(),
            "27-10-2024 02:00 (UTC+01:00)"
        );
        // Past midnight in Brussels while it is still the evening before in UTC.
        assert_eq!(
            Stamp::from_unix(utc(2025, 6, 30, 22, 30)).dutch(),
            "01-07-2025 00:30 (UTC+02:00)"
        );
    }

    #[test]
    fn timestamped_path_never_reuses_a_name() {
        let dir = tempfile::tempdir().unwrap();
        let now = Stamp::from_unix(1_795_793_400);
        let p1 = timestamped_path(dir.path(), now);
        assert_eq!(
            p1.file_name().unwrap().to_str().unwrap(),
            "samenleven-export-2026-11-27-1630.xlsx"
        );
        fs::write(&p1, b"x").unwrap();
        let p2 = timestamped_path(dir.path(), now);
        assert_eq!(
            p2.file_name().unwrap().to_str().unwrap(),
            "samenleven-export-2026-11-27-1630-2.xlsx"
        );
        fs::create_dir(&p2).unwrap();
        let p3 = timestamped_path(dir.path(), now);
        assert_eq!(
            p3.file_name().unwrap().to_str().unwrap(),
            "samenleven-export-2026-11-27-1630-3.xlsx"
        );
    }

    #[test]
    fn a_name_without_xlsx_gets_it() {
        for (given, expected) in [
            ("rapport", "rapport.xlsx"),
            ("map/rapport.v2", "map/rapport.v2.xlsx"),
            ("rapport.xls", "rapport.xls.xlsx"),
            ("rapport.xlsx", "rapport.xlsx"),
            ("RAPPORT.XLSX", "RAPPORT.XLSX"),
            ("map/", "map/"),
            ("..", ".."),
        ] {
            assert_eq!(
                with_xlsx_extension(Path::new(given)),
                PathBuf::from(expected),
                "{given}"
            );
        }
        // An existing folder stays a folder (and is refused when written to).
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(with_xlsx_extension(dir.path()), dir.path());
    }

    #[test]
    fn io_errors_read_in_dutch() {
        let dir = Path::new("/nergens");
        let ro = io::Error::from(io::ErrorKind::ReadOnlyFilesystem);
        assert_eq!(describe(&ro, dir), "map is alleen-lezen");
        let full = io::Error::from(io::ErrorKind::StorageFull);
        assert_eq!(describe(&full, dir), "de schijf is vol");
        let nf = io::Error::from(io::ErrorKind::NotFound);
        assert_eq!(describe(&nf, dir), "map '/nergens' bestaat niet");
    }
}
