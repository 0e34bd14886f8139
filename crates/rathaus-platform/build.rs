//! The translations (`static_loader!`) are read by a macro at compile time; cargo does not
//! know they are inputs unless told. The migrations' sources are hashed into a
//! fingerprint that names the tests' PostgreSQL template, so a changed schema gets a new
//! template and a stale one is never used.
use std::hash::{DefaultHasher, Hash, Hasher};

fn main() {
    println!("cargo:rerun-if-changed=../../locales");
    println!("cargo:rerun-if-changed=src/db/migrations");
    let mut files: Vec<_> = std::fs::read_dir("src/db/migrations")
        .expect("the migrations folder")
        .map(|entry| entry.expect("a migration file").path())
        .collect();
    files.sort();
    let mut hash = DefaultHasher::new();
    for file in files {
        file.file_name().hash(&mut hash);
        std::fs::read(&file).expect("a readable migration").hash(&mut hash);
    }
    println!(
        "cargo:rustc-env=RATHAUS_MIGRATIONS_FINGERPRINT={:012x}",
        hash.finish() & 0xffff_ffff_ffff
    );
}
