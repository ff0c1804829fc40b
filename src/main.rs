//! The `hubscreen` binary: the command line in [`cli`], over the engine in the library.

mod cli;

use std::process::ExitCode;

/// Screening makes many small, short-lived vectors on every core; with mimalloc a warm batch
/// takes about a sixth less time than with the system allocator, and the name index loads
/// faster (see the README's "Measured"). Built without transparent huge pages (`no_thp`):
/// faulting those in made a fresh process read the index cache in 320-510 ms, not 120 ms.
/// The screening benchmarks use it too, so they time what this binary does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::main()
}
