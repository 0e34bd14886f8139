//! The city's electronic seal on the documents it issues: a PAdES signature over the
//! whole PDF (`ETSI.CAdES.detached`, baseline B-T) carrying an RFC 3161 time stamp, so
//! the file proves by itself who issued it, and when, and that nothing in it changed
//! since. The seal key and certificate come from the configuration (`[seal]`); without
//! them a demo seal authority in the data directory issues both ([`authority`]).
//!
//! A key is read from its file into this process and goes nowhere else: not into the
//! database, a backup, a log line or a page. Rotating it changes what new documents
//! carry; an old document keeps the certificate it was sealed with, so it stays
//! verifiable for as long as that certificate's issuer is trusted.

mod authority;
mod signature;
mod timestamp;

use chrono::{DateTime, Utc};
use der::Encode;
use p256::ecdsa::SigningKey;
use p256::pkcs8::DecodePrivateKey;
use std::path::Path;
use x509_cert::Certificate;

use crate::config::Config;
use crate::{Error, Result};

pub use authority::rotate_demo;

/// A private key and the certificate chain that names it (the key's own certificate first).
struct KeyPair {
    key: SigningKey,
    chain: Vec<Certificate>,
}

/// What a sealed document records about its seal, for `/pruefen`.
#[derive(Debug, Clone, PartialEq, Eq, sea_orm::FromQueryResult)]
pub struct SealMark {
    /// The sealer as its certificate names it (the subject's common name).
    #[sea_orm(from_alias = "sealed_by")]
    pub sealer: String,
    /// The seal certificate's serial number, in hex: which key sealed it.
    #[sea_orm(from_alias = "seal_certificate")]
    pub certificate_serial: String,
    /// The time in the time stamp.
    pub sealed_at: DateTime<Utc>,
}

/// The seal of this installation, loaded once at start.
pub struct Seal {
    seal: KeyPair,
    /// The seal's chain as it goes into every signature.
    chain_der: Vec<Vec<u8>>,
    timestamp: timestamp::Authority,
    sealer: String,
}

impl std::fmt::Debug for Seal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Seal").field("sealer", &self.sealer).finish_non_exhaustive()
    }
}

impl Seal {
    /// The configured seal, or the demo seal authority's (made on first use).
    pub fn load(config: &Config) -> Result<Self> {
        let files = &config.seal;
        let (seal, stamp) = match (
            &files.key_file,
            &files.certificate_file,
            &files.timestamp_key_file,
            &files.timestamp_certificate_file,
        ) {
            (Some(key), Some(cert), Some(ts_key), Some(ts_cert)) => (
                read_pair("seal.key_file", key, "seal.certificate_file", cert)?,
                read_pair("seal.timestamp_key_file", ts_key, "seal.timestamp_certificate_file", ts_cert)?,
            ),
            _ => {
                let demo = authority::load_or_create(&config.data_dir.join("seal"), &config.city_name)?;
                (
                    read_pair("demo seal key", &demo.seal_key, "demo seal certificate", &demo.seal_certificate)?,
                    read_pair(
                        "demo time-stamp key",
                        &demo.timestamp_key,
                        "demo time-stamp certificate",
                        &demo.timestamp_certificate,
                    )?,
                )
            }
        };
        let sealer = common_name(&seal.chain[0]);
        let chain_der = seal
            .chain
            .iter()
            .map(|c| c.to_der().map_err(|e| Error::internal(format!("seal certificate: {e}"))))
            .collect::<Result<_>>()?;
        Ok(Self {
            seal,
            chain_der,
            timestamp: timestamp::Authority::new(stamp.key, stamp.chain)?,
            sealer,
        })
    }

    /// Who seals, as the certificate names it.
    pub fn sealer(&self) -> &str {
        &self.sealer
    }

    /// The serial number of the certificate that seals now, in hex.
    pub fn certificate_serial(&self) -> String {
        hex::encode(self.seal.chain[0].tbs_certificate.serial_number.as_bytes())
    }

    /// `pdf` with the seal: a signature over all of it, time-stamped at `at`.
    pub fn seal(&self, pdf: &[u8], at: DateTime<Utc>) -> Result<(Vec<u8>, SealMark)> {
        let signed = signature::sign(pdf, &self.seal.key, &self.chain_der)?;
        let sealed = signature::add_time_stamp(signed, &self.timestamp, at)?;
        let mark = SealMark {
            sealer: self.sealer.clone(),
            certificate_serial: self.certificate_serial(),
            sealed_at: at,
        };
        Ok((sealed, mark))
    }
}

/// Reads a key and its certificate chain and checks that they belong together, naming
/// the setting to fix when they do not.
fn read_pair(key_name: &str, key_path: &Path, chain_name: &str, chain_path: &Path) -> Result<KeyPair> {
    let unreadable = |name: &str, path: &Path, e: &dyn std::fmt::Display| {
        Error::Config(format!(
            "`{name}`: {} cannot be read ({e}). Fix: point it at the PEM file from the trust service, readable by the user Rathaus runs as",
            path.display()
        ))
    };
    let key_pem = std::fs::read_to_string(key_path).map_err(|e| unreadable(key_name, key_path, &e))?;
    let key = SigningKey::from_pkcs8_pem(&key_pem).map_err(|e| {
        Error::Config(format!(
            "`{key_name}`: {} holds no PKCS#8 ECDSA P-256 private key ({e}). Fix: convert it with `openssl pkcs8 -topk8 -nocrypt`",
            key_path.display()
        ))
    })?;
    let chain_pem = std::fs::read(chain_path).map_err(|e| unreadable(chain_name, chain_path, &e))?;
    let chain = Certificate::load_pem_chain(&chain_pem).map_err(|e| unreadable(chain_name, chain_path, &e))?;
    let Some(own) = chain.first() else {
        return Err(Error::Config(format!(
            "`{chain_name}`: {} holds no certificate. Fix: put the certificate first, then its issuers",
            chain_path.display()
        )));
    };
    let public = key.verifying_key().to_encoded_point(false);
    if own.tbs_certificate.subject_public_key_info.subject_public_key.raw_bytes() != public.as_bytes() {
        return Err(Error::Config(format!(
            "`{chain_name}`: the first certificate in {} is not the one for the key in {}. Fix: put the key's own certificate first",
            chain_path.display(),
            key_path.display()
        )));
    }
    Ok(KeyPair { key, chain })
}

/// The subject's common name, or the whole subject when it has none.
fn common_name(certificate: &Certificate) -> String {
    const COMMON_NAME: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("2.5.4.3");
    let subject = &certificate.tbs_certificate.subject;
    subject
        .0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .filter(|attribute| attribute.oid == COMMON_NAME)
        .find_map(|attribute| {
            let value = &attribute.value;
            value
                .decode_as::<der::asn1::Utf8StringRef<'_>>()
                .map(|s| s.as_str().to_string())
                .or_else(|_| {
                    value
                        .decode_as::<der::asn1::PrintableStringRef<'_>>()
                        .map(|s| s.as_str().to_string())
                })
                .ok()
        })
        .unwrap_or_else(|| subject.to_string())
}

#[cfg(test)]
mod tests;
