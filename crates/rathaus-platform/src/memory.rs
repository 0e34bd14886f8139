//! In-memory state kept beside the database (caches, counters merged later).

use std::sync::{Mutex, MutexGuard};

/// Locks `mutex` even when a panic elsewhere poisoned it: what such a mutex guards is
/// a cache or counts changed in single steps, never left half-done, so it stays usable.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
