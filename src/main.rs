//! The `samenleven` binary: command line and terminal setup only.

fn main() {
    println!("samenleven: in opbouw");
}
