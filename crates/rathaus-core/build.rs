//! The shipped end-of-support table (`data/eol/*.json`, one file per product in
//! endoflife.date's shape) is compiled in: this lists its files so that a product added
//! there needs no code.
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/eol");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut products: Vec<(String, String)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .filter_map(|p| {
                    let stem = p.file_stem()?.to_str()?.to_string();
                    Some((stem, p.canonicalize().ok()?.display().to_string()))
                })
                .collect()
        })
        .unwrap_or_default();
    products.sort();
    let mut code =
        String::from("/// Each file of `data/eol`: its name without `.json`, and its text.\npub const SHIPPED: &[(&str, &str)] = &[\n");
    for (stem, path) in &products {
        let _ = writeln!(code, "    ({stem:?}, include_str!({path:?})),");
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("eol_shipped.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
