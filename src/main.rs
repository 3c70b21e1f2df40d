//! The `kl-extract` binary: all the work is in the library.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    kl_extract::cli::main()
}
