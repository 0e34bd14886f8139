//! The demo seal authority: when no seal is configured, a certification authority of
//! this installation issues the seal certificate and the time-stamp certificate, kept
//! in `<data_dir>/seal` (keys readable by the owner only). A validator trusts what it
//! seals once it is given `authority.pem`, the authority's certificate. `rathaus seal
//! rotate` issues a new seal key; the certificates it replaced stay in `retired/`, and
//! the documents sealed with them stay valid, for they carry their certificate.

use chrono::{DateTime, Datelike, Duration, Utc};
use rcgen::{
    BasicConstraints, CertificateParams, CustomExtension, DistinguishedName, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    PKCS_ECDSA_P256_SHA256, SerialNumber,
};
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// Where the demo authority keeps its files.
pub struct Files {
    pub seal_key: PathBuf,
    pub seal_certificate: PathBuf,
    pub timestamp_key: PathBuf,
    pub timestamp_certificate: PathBuf,
    authority_key: PathBuf,
    authority_certificate: PathBuf,
}

impl Files {
    fn in_dir(dir: &Path) -> Self {
        Self {
            seal_key: dir.join("seal.key.pem"),
            seal_certificate: dir.join("seal.pem"),
            timestamp_key: dir.join("timestamp.key.pem"),
            timestamp_certificate: dir.join("timestamp.pem"),
            authority_key: dir.join("authority.key.pem"),
            authority_certificate: dir.join("authority.pem"),
        }
    }
}

fn failed(what: &str, e: impl std::fmt::Display) -> Error {
    Error::internal(format!("demo seal authority: {what}: {e}"))
}

/// Parameters for a certificate of `name`, valid from a year back (documents dated a
/// little earlier, as in tests) for `years`, with a random serial number.
fn params(name: &[(DnType, &str)], now: DateTime<Utc>, years: i32) -> Result<CertificateParams> {
    let mut params = CertificateParams::new(Vec::<String>::new()).map_err(|e| failed("parameters", e))?;
    let mut distinguished = DistinguishedName::new();
    for (kind, value) in name {
        distinguished.push(kind.clone(), *value);
    }
    params.distinguished_name = distinguished;
    let from = now - Duration::days(366);
    params.not_before = rcgen::date_time_ymd(from.year(), from.month() as u8, from.day() as u8);
    params.not_after = rcgen::date_time_ymd(now.year() + years, now.month() as u8, 1);
    params.serial_number = Some(SerialNumber::from_slice(&random_serial()));
    params.use_authority_key_identifier_extension = true;
    Ok(params)
}

/// The authority's name does not depend on the configuration, so that the certificates
/// it issues later still name the issuer of the earlier ones.
fn authority_params(now: DateTime<Utc>) -> Result<CertificateParams> {
    let name = [
        (DnType::CommonName, "Rathaus Demo-Siegelstelle (nicht für den Echtbetrieb)"),
        (DnType::OrganizationName, "Rathaus Demo"),
    ];
    let mut params = params(&name, now, 20)?;
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    Ok(params)
}

fn random_serial() -> [u8; 16] {
    let mut serial: [u8; 16] = rand::random();
    serial[0] &= 0x7f; // a positive INTEGER
    serial[0] |= 0x01; // of full length
    serial
}

fn seal_params(city: &str, now: DateTime<Utc>) -> Result<CertificateParams> {
    let name = [
        (DnType::CommonName, city),
        (DnType::OrganizationName, city),
        (DnType::CountryName, "DE"),
    ];
    let mut params = params(&name, now, 3)?;
    // A seal commits to the content: digitalSignature and nonRepudiation.
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::ContentCommitment];
    Ok(params)
}

fn timestamp_params(now: DateTime<Utc>) -> Result<CertificateParams> {
    let name = [
        (DnType::CommonName, "Rathaus Demo-Zeitstempeldienst"),
        (DnType::OrganizationName, "Rathaus Demo"),
    ];
    let mut params = params(&name, now, 10)?;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    // RFC 3161 § 2.3: the one extended key usage timeStamping, marked critical.
    let mut usage = CustomExtension::from_oid_content(
        &[2, 5, 29, 37],
        vec![0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08],
    );
    usage.set_criticality(true);
    params.custom_extensions = vec![usage];
    Ok(params)
}

fn write(path: &Path, text: &str, secret: bool) -> Result<()> {
    let written = match secret {
        true => crate::blobs::write_private(path, text),
        false => std::fs::write(path, text).map_err(Into::into),
    };
    written.map_err(|e| failed(&format!("writing {}", path.display()), e))
}

fn authority_issuer(files: &Files, now: DateTime<Utc>) -> Result<Issuer<'static, KeyPair>> {
    let pem = std::fs::read_to_string(&files.authority_key).map_err(|e| failed("reading the authority's key", e))?;
    let key = KeyPair::from_pem(&pem).map_err(|e| failed("the authority's key", e))?;
    Ok(Issuer::new(authority_params(now)?, key))
}

/// Issues a key and its certificate, written as a chain with the authority's certificate.
fn issue(files: &Files, params: &CertificateParams, key_path: &Path, chain_path: &Path, now: DateTime<Utc>) -> Result<()> {
    let issuer = authority_issuer(files, now)?;
    let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).map_err(|e| failed("a new key", e))?;
    let certificate = params.signed_by(&key, &issuer).map_err(|e| failed("a certificate", e))?;
    let authority = std::fs::read_to_string(&files.authority_certificate).map_err(|e| failed("reading authority.pem", e))?;
    write(key_path, &key.serialize_pem(), true)?;
    write(chain_path, &format!("{}{authority}", certificate.pem()), false)
}

/// The demo authority's files, made on first use.
pub fn load_or_create(dir: &Path, city: &str) -> Result<Files> {
    let files = Files::in_dir(dir);
    if files.seal_key.is_file() && files.timestamp_key.is_file() {
        return Ok(files);
    }
    std::fs::create_dir_all(dir).map_err(|e| failed(&format!("creating {}", dir.display()), e))?;
    let now = Utc::now();
    if !files.authority_key.is_file() {
        let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).map_err(|e| failed("a new key", e))?;
        let certificate = authority_params(now)?.self_signed(&key).map_err(|e| failed("its certificate", e))?;
        write(&files.authority_key, &key.serialize_pem(), true)?;
        write(&files.authority_certificate, &certificate.pem(), false)?;
    }
    // Only what is missing: a key that exists is never replaced here.
    if !files.timestamp_key.is_file() {
        issue(
            &files,
            &timestamp_params(now)?,
            &files.timestamp_key,
            &files.timestamp_certificate,
            now,
        )?;
    }
    if !files.seal_key.is_file() {
        issue(&files, &seal_params(city, now)?, &files.seal_key, &files.seal_certificate, now)?;
    }
    Ok(files)
}

/// `rathaus seal rotate`: a new seal key and certificate from the demo authority. The
/// replaced certificate moves to `retired/` (its key is deleted: nothing may seal with
/// it again). Returns the path of the new certificate.
pub fn rotate_demo(data_dir: &Path, city: &str) -> Result<PathBuf> {
    let dir = data_dir.join("seal");
    let files = load_or_create(&dir, city)?;
    let retired = dir.join("retired");
    std::fs::create_dir_all(&retired).map_err(|e| failed("creating retired/", e))?;
    let stamp = Utc::now().format("%Y%m%dT%H%M%S%.f");
    std::fs::rename(&files.seal_certificate, retired.join(format!("seal-{stamp}.pem")))
        .map_err(|e| failed("retiring the old certificate", e))?;
    std::fs::remove_file(&files.seal_key).map_err(|e| failed("deleting the old key", e))?;
    issue(
        &files,
        &seal_params(city, Utc::now())?,
        &files.seal_key,
        &files.seal_certificate,
        Utc::now(),
    )?;
    Ok(files.seal_certificate)
}
