//! What the corpus tests share: how a test finds a reference directory.

use std::path::PathBuf;

/// The directory named by the environment variable `var`. Unset: prints that the test skipped
/// and gives `None` (a user's clone has no corpus). Set but not a directory: fails the test.
pub fn reference_dir(var: &str) -> Option<PathBuf> {
    let Some(dir) = std::env::var_os(var) else {
        println!("skipped: {var} not set");
        return None;
    };
    let dir = PathBuf::from(dir);
    assert!(
        dir.is_dir(),
        "{var} is set but {} is not a directory",
        dir.display()
    );
    Some(dir)
}
