//! The time-stamp authority: an RFC 3161 time-stamp token (a CMS SignedData over a
//! TSTInfo) for a digest, signed with the time-stamp key. It runs in this process — the
//! configured key is the city's time-stamp service's, or the demo authority's.

use chrono::{DateTime, Utc};
use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::asn1::{Any, Int, ObjectIdentifier, OctetString, SetOfVec};
use der::{Encode, Sequence, Tag};
use p256::ecdsa::{DerSignature, SigningKey};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_tsp::{Accuracy, MessageImprint, TspVersion, TstInfo};

use crate::{Error, Result};

const SHA_256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
const SIGNING_CERTIFICATE_V2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
/// The time-stamp policy: X.509's anyPolicy — this authority publishes no policy of its own.
const POLICY: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.32.0");

/// ESSCertIDv2 with the default hash algorithm (SHA-256) left out, as DER requires.
#[derive(Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
}

/// SigningCertificateV2 (RFC 5035): binds the token to the certificate it was made with.
#[derive(Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

pub struct Authority {
    key: SigningKey,
    chain: Vec<Certificate>,
    signing_certificate: Attribute,
}

fn failed(e: impl std::fmt::Display) -> Error {
    Error::internal(format!("time stamp: {e}"))
}

impl Authority {
    pub fn new(key: SigningKey, chain: Vec<Certificate>) -> Result<Self> {
        let own = chain[0].to_der().map_err(failed)?;
        let value = SigningCertificateV2 {
            certs: vec![EssCertIdV2 {
                cert_hash: OctetString::new(Sha256::digest(&own).to_vec()).map_err(failed)?,
            }],
        };
        let signing_certificate = Attribute {
            oid: SIGNING_CERTIFICATE_V2,
            values: SetOfVec::try_from(vec![Any::encode_from(&value).map_err(failed)?]).map_err(failed)?,
        };
        Ok(Self {
            key,
            chain,
            signing_certificate,
        })
    }

    /// A time-stamp token for `digest` (SHA-256 of the stamped data) at `at`.
    pub fn stamp(&self, digest: &[u8], at: DateTime<Utc>) -> Result<ContentInfo> {
        let sha256 = AlgorithmIdentifierOwned {
            oid: SHA_256,
            parameters: None,
        };
        let mut serial: [u8; 16] = rand::random();
        serial[0] &= 0x7f;
        let seconds = u64::try_from(at.timestamp()).map_err(failed)?;
        let info = TstInfo {
            version: TspVersion::V1,
            policy: POLICY,
            message_imprint: MessageImprint {
                hash_algorithm: sha256.clone(),
                hashed_message: OctetString::new(digest).map_err(failed)?,
            },
            serial_number: Int::new(&serial).map_err(failed)?,
            gen_time: der::asn1::GeneralizedTime::from_unix_duration(std::time::Duration::from_secs(seconds)).map_err(failed)?,
            accuracy: Some(Accuracy {
                seconds: Some(1),
                millis: None,
                micros: None,
            }),
            ordering: false,
            nonce: None,
            tsa: None,
            extensions: None,
        };
        let content = EncapsulatedContentInfo {
            econtent_type: TST_INFO,
            econtent: Some(Any::new(Tag::OctetString, info.to_der().map_err(failed)?).map_err(failed)?),
        };
        let own = &self.chain[0];
        let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: own.tbs_certificate.issuer.clone(),
            serial_number: own.tbs_certificate.serial_number.clone(),
        });
        let mut signer = SignerInfoBuilder::new(&self.key, sid, sha256.clone(), &content, None).map_err(failed)?;
        signer.add_signed_attribute(self.signing_certificate.clone()).map_err(failed)?;
        let mut builder = SignedDataBuilder::new(&content);
        builder.add_digest_algorithm(sha256).map_err(failed)?;
        for certificate in &self.chain {
            builder
                .add_certificate(CertificateChoices::Certificate(certificate.clone()))
                .map_err(failed)?;
        }
        builder
            .add_signer_info::<SigningKey, DerSignature>(signer)
            .map_err(failed)?
            .build()
            .map_err(failed)
    }
}
