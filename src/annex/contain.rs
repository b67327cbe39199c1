//! calamine can panic on hostile files (fuzzing found an index out of range in its xls sheet
//! list). Calls into it run under `catch_unwind`; a panic becomes a Dutch "damaged file" reason
//! and its message is kept off the user's terminal. Panics in this crate's own code are not
//! caught here: tests and fuzzing must keep seeing them.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Set while this thread runs a contained call: the panic hook stays silent.
    static CONTAINED: Cell<bool> = const { Cell::new(false) };
}

static HOOK: Once = Once::new();

/// Wraps the current panic hook once: silent for contained calls on this thread, unchanged
/// otherwise (hooks installed later, like the explorer's, chain onto it).
fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !CONTAINED.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// What calamine could not read.
pub const PANIC_REASON: &str =
    "de inhoud is zo beschadigd dat de leesbibliotheek (calamine) afbrak";

/// Runs `f`; a panic inside it becomes `Err(PANIC_REASON)`.
pub fn calamine<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    let was = CONTAINED.with(|c| c.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CONTAINED.with(|c| c.set(was));
    result.map_err(|_| PANIC_REASON.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_reason_and_values_pass_through() {
        assert_eq!(calamine(|| 7), Ok(7));
        let v: Vec<u8> = Vec::new();
        #[allow(clippy::indexing_slicing)]
        let r = calamine(|| v[3]);
        assert_eq!(r, Err(PANIC_REASON.to_string()));
        // Outside a contained call panics are still panics.
        assert!(std::panic::catch_unwind(|| {
            let v: Vec<u8> = Vec::new();
            v[1]
        })
        .is_err());
    }
}
