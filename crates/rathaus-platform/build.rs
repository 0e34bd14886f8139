//! The translations (`static_loader!`) and migrations (`sqlx::migrate!`) are read by
//! macros at compile time; cargo does not know they are inputs unless told.
fn main() {
    println!("cargo:rerun-if-changed=../../locales");
    println!("cargo:rerun-if-changed=migrations");
}
