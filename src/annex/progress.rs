//! Progress of one load, as a share from 0.0 to 1.0 that only rises.
//!
//! Each sheet gets an equal slice of [0, 0.95]: the first 60 % of a slice is reading the cells,
//! the rest turning rows into grants (a streamed sheet does both at once over its whole slice).
//! Computing the totals takes the last 5 %.

const READING: f32 = 0.6;
const SHEETS: f32 = 0.95;

/// Reports progress to a callback, at most once per half percent.
pub struct Progress<'p> {
    report: &'p dyn Fn(f32),
    sheet: usize,
    sheets: usize,
    last: f32,
    /// The current sheet is read and turned into grants at once.
    streamed: bool,
}

impl<'p> Progress<'p> {
    pub fn new(report: &'p dyn Fn(f32)) -> Progress<'p> {
        Progress {
            report,
            sheet: 0,
            sheets: 1,
            last: -1.0,
            streamed: false,
        }
    }

    /// The callback, for the final report after the builder is gone.
    pub fn callback(&self) -> &'p dyn Fn(f32) {
        self.report
    }

    fn emit(&mut self, share: f32) {
        let share = share.clamp(0.0, 1.0);
        if share >= self.last + 0.005 {
            self.last = share;
            (self.report)(share);
        }
    }

    fn within_sheet(&mut self, part: f32) {
        let slice = SHEETS / self.sheets.max(1) as f32;
        self.emit(slice * (self.sheet as f32 + part.clamp(0.0, 1.0)));
    }

    /// Sheet `i` of `n` starts.
    pub fn sheet(&mut self, i: usize, n: usize) {
        self.sheet = i;
        self.sheets = n.max(1);
        self.streamed = false;
        self.within_sheet(0.0);
    }

    /// The share of the current sheet's cells read.
    pub fn reading(&mut self, share: f32) {
        self.within_sheet(READING * share);
    }

    /// The current sheet is read and turned into grants at once (a CSV file read block by
    /// block): from now on [`Progress::rows`] covers the sheet's whole slice.
    pub fn streamed(&mut self) {
        self.streamed = true;
    }

    /// The share of the current sheet's rows turned into grants.
    pub fn rows(&mut self, share: f32) {
        if self.streamed {
            self.within_sheet(share);
        } else {
            self.within_sheet(READING + (1.0 - READING) * share);
        }
    }

    /// All sheets read; the totals are computed next.
    pub fn done_reading(&mut self) {
        self.emit(SHEETS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[test]
    fn shares_rise_within_sheet_slices() {
        let seen = RefCell::new(Vec::new());
        let f = |s: f32| seen.borrow_mut().push(s);
        let mut p = Progress::new(&f);
        p.sheet(0, 2);
        p.reading(0.5);
        p.rows(1.0);
        p.sheet(1, 2); // 0.475 again: not reported twice
        p.reading(0.5);
        p.reading(0.501); // below the half-percent step: not reported
        p.done_reading();
        let v = seen.into_inner();
        assert_eq!(v.len(), 5, "{v:?}");
        assert!(v.windows(2).all(|w| w[0] < w[1]), "{v:?}");
        assert!(
            (v[2] - 0.475).abs() < 1e-6,
            "first sheet ends at half of 0.95: {v:?}"
        );
        assert!((v[3] - 0.6175).abs() < 1e-6, "{v:?}");
        assert!((v[4] - 0.95).abs() < 1e-6);
    }

    #[test]
    fn a_streamed_sheet_spreads_its_rows_over_the_whole_slice() {
        let seen = RefCell::new(Vec::new());
        let f = |s: f32| seen.borrow_mut().push(s);
        let mut p = Progress::new(&f);
        p.sheet(0, 1);
        p.streamed();
        p.rows(0.25);
        p.rows(1.0);
        let v = seen.into_inner();
        assert_eq!(v.len(), 3, "{v:?}");
        assert!((v[1] - 0.2375).abs() < 1e-6, "{v:?}");
        assert!((v[2] - 0.95).abs() < 1e-6, "{v:?}");
    }
}
