//! The signature in the PDF. underskrift writes it — an incremental update with the
//! signature field and a CAdES-detached CMS (with the signing-certificate-v2 attribute
//! PAdES asks for) over the byte ranges before and after the signature's hex slot. The
//! key signs the hash of the signed attributes here, so it never leaves this module.
//! Then the time stamp goes in: an unsigned attribute (signature-time-stamp) with a
//! token over the signature value, written into the same slot, which no byte range covers.

use chrono::{DateTime, Utc};
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerInfos};
use der::asn1::{Any, ObjectIdentifier, SetOfVec};
use der::{Encode, Reader, SliceReader};
use p256::ecdsa::SigningKey;
use p256::ecdsa::signature::hazmat::PrehashSigner;
use sha2::{Digest, Sha256};
use underskrift::{
    DigestAlgorithm, RemoteSignerInfo, RemoteSigningOptions, SignatureAlgorithm, SubFilter, finalize_signature, prepare_signature,
};
use x509_cert::attr::Attribute;

use super::timestamp;
use crate::{Error, Result};

/// Bytes reserved for the CMS: the chains of the seal and of the time stamp with room.
const SLOT_BYTES: usize = 16 * 1024;
const SIGNATURE_TIME_STAMP: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");

fn failed(e: impl std::fmt::Display) -> Error {
    Error::internal(format!("seal: {e}"))
}

/// `pdf` with a PAdES B-B signature by `key`, whose certificate opens `chain`.
pub fn sign(pdf: &[u8], key: &SigningKey, chain: &[Vec<u8>]) -> Result<Vec<u8>> {
    let signer = RemoteSignerInfo {
        certificate_der: chain[0].clone(),
        chain_der: chain.to_vec(),
        digest_algorithm: DigestAlgorithm::Sha256,
        signature_algorithm: SignatureAlgorithm::EcdsaP256,
    };
    let options = RemoteSigningOptions {
        sub_filter: SubFilter::Pades,
        field_name: "Siegel".into(),
        content_size: SLOT_BYTES,
        ..RemoteSigningOptions::default()
    };
    let prepared = prepare_signature(pdf, &signer, &options).map_err(failed)?;
    let signature: p256::ecdsa::Signature = key.sign_prehash(&prepared.attrs_hash).map_err(failed)?;
    finalize_signature(prepared, signature.to_der().as_bytes()).map_err(failed)
}

/// Where the hex digits of the last signature's CMS are: between the first and the
/// second range of its `/ByteRange [a b c d]`, inside the `<` and `>`.
fn slot(pdf: &[u8]) -> Result<std::ops::Range<usize>> {
    let marker = b"/ByteRange";
    let at = pdf
        .windows(marker.len())
        .rposition(|w| w == marker)
        .ok_or_else(|| failed("the signed PDF has no /ByteRange"))?;
    let rest = &pdf[at + marker.len()..];
    let open = rest.iter().position(|&b| b == b'[').ok_or_else(|| failed("/ByteRange without ["))?;
    let close = rest.iter().position(|&b| b == b']').ok_or_else(|| failed("/ByteRange without ]"))?;
    let numbers: Vec<usize> = std::str::from_utf8(&rest[open + 1..close])
        .map_err(failed)?
        .split_ascii_whitespace()
        .map(str::parse)
        .collect::<std::result::Result<_, _>>()
        .map_err(failed)?;
    let [_, first_len, second_start, _] = numbers[..] else {
        return Err(failed("/ByteRange does not hold four numbers"));
    };
    if pdf.get(first_len) != Some(&b'<') || pdf.get(second_start - 1) != Some(&b'>') {
        return Err(failed("the signature slot is not where /ByteRange says"));
    }
    Ok(first_len + 1..second_start - 1)
}

/// Adds the signature-time-stamp to the signature of `pdf`.
pub fn add_time_stamp(mut pdf: Vec<u8>, authority: &timestamp::Authority, at: DateTime<Utc>) -> Result<Vec<u8>> {
    let range = slot(&pdf)?;
    let der = hex::decode(&pdf[range.clone()]).map_err(failed)?;
    let mut reader = SliceReader::new(&der).map_err(failed)?;
    let mut content: ContentInfo = reader.decode().map_err(failed)?;
    let mut signed: SignedData = content.content.decode_as().map_err(failed)?;
    let mut signers = signed.signer_infos.0.into_vec();
    let signer = signers.first_mut().ok_or_else(|| failed("the CMS has no signer"))?;
    let token = authority.stamp(&Sha256::digest(signer.signature.as_bytes()), at)?;
    let attribute = Attribute {
        oid: SIGNATURE_TIME_STAMP,
        values: SetOfVec::try_from(vec![Any::encode_from(&token).map_err(failed)?]).map_err(failed)?,
    };
    signer.unsigned_attrs = Some(SetOfVec::try_from(vec![attribute]).map_err(failed)?);
    signed.signer_infos = SignerInfos(SetOfVec::try_from(signers).map_err(failed)?);
    content.content = Any::encode_from(&signed).map_err(failed)?;
    let hex = hex::encode_upper(content.to_der().map_err(failed)?);
    if hex.len() > range.len() {
        return Err(failed(format!(
            "the stamped signature needs {} hex digits, the slot holds {}",
            hex.len(),
            range.len()
        )));
    }
    let slot = &mut pdf[range];
    slot.fill(b'0');
    slot[..hex.len()].copy_from_slice(hex.as_bytes());
    Ok(pdf)
}
