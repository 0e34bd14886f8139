use super::*;
use chrono::TimeZone;

const TEMPLATE: &str = "#set document(title: \"Bescheid\")\n#set text(lang: \"de\")\n= Bescheid\nIhr Antrag wird bewilligt.\n";

fn demo_config(dir: &Path) -> Config {
    Config {
        data_dir: dir.to_path_buf(),
        ..Config::default()
    }
}

fn document() -> Vec<u8> {
    let date = Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).unwrap();
    crate::pdf::render(TEMPLATE, &serde_json::json!({}), date).unwrap()
}

#[test]
fn a_sealed_document_keeps_every_byte_and_names_the_sealer() {
    let dir = tempfile::tempdir().unwrap();
    let seal = Seal::load(&demo_config(dir.path())).unwrap();
    let pdf = document();
    let at = Utc.with_ymd_and_hms(2026, 11, 24, 9, 31, 0).unwrap();
    let (sealed, mark) = seal.seal(&pdf, at).unwrap();
    assert!(sealed.starts_with(&pdf), "an incremental update: the document itself is unchanged");
    assert!(String::from_utf8_lossy(&sealed).contains("/ETSI.CAdES.detached"));
    assert_eq!(mark.sealer, "Hamburg (Demo)");
    assert_eq!(mark.sealed_at, at);
    if let Ok(out) = std::env::var("RATHAUS_SEAL_SAMPLE") {
        std::fs::write(&out, &sealed).unwrap();
        std::fs::copy(dir.path().join("seal/authority.pem"), format!("{out}.ca.pem")).unwrap();
    }
    // The same authority the next time: no second one is made.
    let again = Seal::load(&demo_config(dir.path())).unwrap();
    assert_eq!(again.seal.chain[0], seal.seal.chain[0]);
}

#[test]
fn keys_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    Seal::load(&demo_config(dir.path())).unwrap();
    for key in ["seal.key.pem", "timestamp.key.pem", "authority.key.pem"] {
        let mode = std::fs::metadata(dir.path().join("seal").join(key)).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "{key} is readable by others");
    }
}

#[test]
fn a_key_that_is_not_the_certificates_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    Seal::load(&demo_config(dir.path())).unwrap();
    let seal_dir = dir.path().join("seal");
    let mut config = demo_config(dir.path());
    config.seal = crate::config::SealConfig {
        key_file: Some(seal_dir.join("timestamp.key.pem")),
        certificate_file: Some(seal_dir.join("seal.pem")),
        timestamp_key_file: Some(seal_dir.join("timestamp.key.pem")),
        timestamp_certificate_file: Some(seal_dir.join("timestamp.pem")),
    };
    let error = Seal::load(&config).unwrap_err().to_string();
    assert!(error.contains("seal.certificate_file") && error.contains("Fix:"), "{error}");
    config.seal.key_file = Some(seal_dir.join("missing.pem"));
    let error = Seal::load(&config).unwrap_err().to_string();
    assert!(error.contains("seal.key_file") && error.contains("cannot be read"), "{error}");
}

#[test]
fn a_missing_key_is_made_again_and_the_others_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let first = Seal::load(&demo_config(dir.path())).unwrap();
    std::fs::remove_file(dir.path().join("seal/timestamp.key.pem")).unwrap();
    let again = Seal::load(&demo_config(dir.path())).unwrap();
    assert_eq!(again.certificate_serial(), first.certificate_serial(), "the seal key stays");
    assert!(dir.path().join("seal/timestamp.key.pem").is_file());
}
