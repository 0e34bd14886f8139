//! Envelope encryption for files: XChaCha20-Poly1305, STREAM construction (BE32).

use base64::Engine as _;
use bytes::Bytes;
use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use futures::{Stream, StreamExt};
use rand::RngCore;
use std::path::Path;
use uuid::Uuid;

use crate::{Error, Result};

/// Plaintext bytes per sealed chunk.
pub const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;
/// XChaCha20 nonce (24) minus the STREAM counter and flag (5).
const STREAM_NONCE: usize = 19;

fn aead_error(what: &str) -> Error {
    Error::internal(format!("file {what} failed: the data or its key is damaged"))
}

/// The installation's master key — with the keys it replaced, after a rotation: new
/// secrets are sealed and new file keys wrapped with the current key only; what was
/// sealed with a previous one still opens until `rathaus files rotate-key` has rewrapped
/// it.
#[derive(Clone)]
pub struct MasterKey {
    current: [u8; 32],
    previous: Vec<[u8; 32]>,
}

pub fn parse_master_key(base64_key: &str) -> Result<MasterKey> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(base64_key.trim())
        .map_err(|_| Error::Config("files.master_key is not base64".into()))?;
    let key: [u8; 32] = bytes
        .try_into()
        .map_err(|_| Error::Config("files.master_key must be 32 bytes".into()))?;
    Ok(MasterKey::single(key))
}

impl MasterKey {
    fn single(current: [u8; 32]) -> Self {
        Self {
            current,
            previous: Vec::new(),
        }
    }

    /// Reads the generated key file, or creates it (readable by the owner only).
    pub fn load_or_create(path: &Path) -> Result<Self> {
        if let Ok(text) = std::fs::read_to_string(path) {
            return parse_master_key(&text);
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut key = [0_u8; 32];
        rand::rng().fill_bytes(&mut key);
        let text = base64::engine::general_purpose::STANDARD.encode(key);
        match write_private(path, &text) {
            Ok(()) => {
                tracing::info!(path = %path.display(), "generated a new file master key; back it up with the data directory");
                Ok(MasterKey::single(key))
            }
            // Another node on this directory created it first: use theirs.
            Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::AlreadyExists => parse_master_key(&std::fs::read_to_string(path)?),
            Err(e) => Err(e),
        }
    }

    /// This key, with the keys it replaced (still opening what they sealed).
    pub fn with_previous(mut self, previous: Vec<MasterKey>) -> Self {
        self.previous = previous.into_iter().map(|k| k.current).collect();
        self
    }

    /// A short fingerprint of the current key, to name it in messages (never the key).
    pub fn id(&self) -> String {
        hex::encode(&derive_from(&self.current, "key id")[..4])
    }

    /// How many previous keys still open what they sealed.
    pub fn previous_count(&self) -> usize {
        self.previous.len()
    }

    /// A key for another purpose (the audit chain, a provider's webhook secret), derived
    /// with HMAC-SHA256 so that it is as secret as the master key and differs per purpose.
    pub fn derive(&self, purpose: &str) -> [u8; 32] {
        derive_from(&self.current, purpose)
    }

    /// The key for `purpose` derived from the current and from every previous key
    /// (current first), for checking what was made before a rotation.
    pub fn derive_each(&self, purpose: &str) -> Vec<[u8; 32]> {
        std::iter::once(&self.current)
            .chain(&self.previous)
            .map(|k| derive_from(k, purpose))
            .collect()
    }

    /// Wraps a file key; the file id is bound in as associated data.
    pub(super) fn wrap(&self, key: &FileKey, id: Uuid) -> Result<Vec<u8>> {
        self.seal(&key.0, id.as_bytes())
    }

    pub(super) fn unwrap(&self, wrapped: &[u8], id: Uuid) -> Result<FileKey> {
        let key = self.open(wrapped, id.as_bytes())?;
        Ok(FileKey(key.try_into().map_err(|_| aead_error("key unwrapping"))?))
    }

    /// Seals `sealed`'s content anew under the current key, when a previous key sealed it:
    /// `None` when the current key already opens it.
    pub fn reseal(&self, sealed: &[u8], aad: &[u8]) -> Result<Option<Vec<u8>>> {
        if open_with(&self.current, sealed, aad).is_ok() {
            return Ok(None);
        }
        let plain = self.open(sealed, aad)?;
        Ok(Some(self.seal(&plain, aad)?))
    }

    /// Encrypts a small secret (a file key, a TOTP seed) under the master key. `aad` names
    /// what it belongs to, so a sealed value copied to another row does not open.
    pub fn seal(&self, plain: &[u8], aad: &[u8]) -> Result<Vec<u8>> {
        let mut nonce = [0_u8; 24];
        rand::rng().fill_bytes(&mut nonce);
        let cipher = XChaCha20Poly1305::new((&self.current).into());
        let sealed = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain, aad })
            .map_err(|_| aead_error("sealing"))?;
        Ok([nonce.as_slice(), &sealed].concat())
    }

    /// Opens what the current key, or one of the previous keys, sealed.
    pub fn open(&self, sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>> {
        std::iter::once(&self.current)
            .chain(&self.previous)
            .find_map(|key| open_with(key, sealed, aad).ok())
            .ok_or_else(|| {
                Error::internal(format!(
                    "opening failed: neither files.master_key (key {}) nor the {} key(s) in files.previous_master_keys opens it; set the key it was sealed with, or the data is damaged",
                    self.id(),
                    self.previous.len()
                ))
            })
    }
}

fn derive_from(key: &[u8; 32], purpose: &str) -> [u8; 32] {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(b"rathaus derived key\0");
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().into()
}

fn open_with(key: &[u8; 32], sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>> {
    if sealed.len() < 24 {
        return Err(aead_error("opening"));
    }
    let (nonce, sealed) = sealed.split_at(24);
    let cipher = XChaCha20Poly1305::new(key.into());
    cipher
        .decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad })
        .map_err(|_| aead_error("opening"))
}

/// Creates `path` readable by its owner only, from the first byte on; refuses when it exists.
#[cfg(unix)]
pub(crate) fn write_private(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(text.as_bytes())?;
    Ok(())
}

#[cfg(not(unix))]
pub(crate) fn write_private(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text)?;
    Ok(())
}

pub(super) struct FileKey([u8; 32]);

impl FileKey {
    pub(super) fn generate() -> Self {
        let mut key = [0_u8; 32];
        rand::rng().fill_bytes(&mut key);
        Self(key)
    }

    pub(super) fn encryptor(&self, id: Uuid) -> ChunkEncryptor {
        let mut nonce = [0_u8; STREAM_NONCE];
        rand::rng().fill_bytes(&mut nonce);
        let cipher = XChaCha20Poly1305::new((&self.0).into());
        ChunkEncryptor {
            inner: Some(EncryptorBE32::from_aead(cipher, nonce.as_slice().into())),
            header: nonce.to_vec(),
            pending: Vec::with_capacity(CHUNK),
            aad: *id.as_bytes(),
        }
    }

    pub(super) fn decryptor(&self, id: Uuid) -> ChunkDecryptor {
        ChunkDecryptor {
            key: self.0,
            aad: *id.as_bytes(),
        }
    }
}

/// Buffers plaintext into fixed chunks; the final (possibly short or empty) chunk is
/// sealed with the "last" flag, so truncation is detected on reading.
pub(super) struct ChunkEncryptor {
    inner: Option<EncryptorBE32<XChaCha20Poly1305>>,
    header: Vec<u8>,
    pending: Vec<u8>,
    aad: [u8; 16],
}

impl ChunkEncryptor {
    pub(super) fn header(&self) -> &[u8] {
        &self.header
    }

    /// Seals every full chunk except the newest one, which may turn out to be the last.
    pub(super) fn push(&mut self, data: &[u8]) -> Result<Vec<Vec<u8>>> {
        self.pending.extend_from_slice(data);
        let mut out = Vec::new();
        while self.pending.len() > CHUNK {
            let rest = self.pending.split_off(CHUNK);
            let chunk = std::mem::replace(&mut self.pending, rest);
            let enc = self.inner.as_mut().ok_or_else(|| aead_error("encryption"))?;
            out.push(
                enc.encrypt_next(Payload {
                    msg: &chunk,
                    aad: &self.aad,
                })
                .map_err(|_| aead_error("encryption"))?,
            );
        }
        Ok(out)
    }

    pub(super) fn finish(&mut self) -> Result<Vec<u8>> {
        let enc = self.inner.take().ok_or_else(|| aead_error("encryption"))?;
        enc.encrypt_last(Payload {
            msg: &self.pending,
            aad: &self.aad,
        })
        .map_err(|_| aead_error("encryption"))
    }
}

pub(super) struct ChunkDecryptor {
    key: [u8; 32],
    aad: [u8; 16],
}

struct DecryptState<S> {
    source: S,
    buf: Vec<u8>,
    dec: Option<DecryptorBE32<XChaCha20Poly1305>>,
    key: [u8; 32],
    aad: [u8; 16],
    done: bool,
}

pub(super) fn decrypt_stream<S>(d: ChunkDecryptor, source: S) -> impl Stream<Item = Result<Bytes>> + Send + 'static
where
    S: Stream<Item = Result<Bytes>> + Send + Unpin + 'static,
{
    let state = DecryptState {
        source,
        buf: Vec::new(),
        dec: None,
        key: d.key,
        aad: d.aad,
        done: false,
    };
    futures::stream::unfold(state, |mut st| async move {
        if st.done {
            return None;
        }
        let sealed = CHUNK + TAG;
        loop {
            // A sealed chunk is known not to be the last only once more bytes follow it.
            if st.dec.is_some() && st.buf.len() > sealed {
                let rest = st.buf.split_off(sealed);
                let chunk = std::mem::replace(&mut st.buf, rest);
                let result = st.dec.as_mut().map(|dec| dec.decrypt_next(Payload { msg: &chunk, aad: &st.aad }));
                return match result {
                    Some(Ok(plain)) => Some((Ok(Bytes::from(plain)), st)),
                    _ => {
                        st.done = true;
                        Some((Err(aead_error("decryption")), st))
                    }
                };
            }
            match st.source.next().await {
                Some(Ok(bytes)) => {
                    st.buf.extend_from_slice(&bytes);
                    if st.dec.is_none() && st.buf.len() >= STREAM_NONCE {
                        let rest = st.buf.split_off(STREAM_NONCE);
                        let nonce = std::mem::replace(&mut st.buf, rest);
                        let cipher = XChaCha20Poly1305::new((&st.key).into());
                        st.dec = Some(DecryptorBE32::from_aead(cipher, nonce.as_slice().into()));
                    }
                }
                Some(Err(e)) => {
                    st.done = true;
                    return Some((Err(e), st));
                }
                None => {
                    st.done = true;
                    let last = st.dec.take().map(|dec| {
                        dec.decrypt_last(Payload {
                            msg: &st.buf,
                            aad: &st.aad,
                        })
                    });
                    return match last {
                        Some(Ok(plain)) => Some((Ok(Bytes::from(plain)), st)),
                        _ => Some((Err(aead_error("decryption")), st)),
                    };
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn roundtrip(data: &[u8], split: usize) -> Vec<u8> {
        let key = FileKey::generate();
        let id = Uuid::now_v7();
        let mut enc = key.encryptor(id);
        let mut sealed = enc.header().to_vec();
        for piece in data.chunks(split.max(1)) {
            for c in enc.push(piece).unwrap() {
                sealed.extend(c);
            }
        }
        sealed.extend(enc.finish().unwrap());
        let source = futures::stream::iter(sealed.chunks(7000).map(|c| Ok(Bytes::copy_from_slice(c))).collect::<Vec<_>>());
        let out = futures::executor::block_on(decrypt_stream(key.decryptor(id), source).collect::<Vec<_>>());
        out.into_iter().map(|r| r.unwrap()).flat_map(|b| b.to_vec()).collect()
    }

    #[test]
    fn exact_chunk_multiples_and_empty_files_roundtrip() {
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 5] {
            let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            assert_eq!(roundtrip(&data, 10_000), data, "length {len}");
        }
    }

    #[test]
    fn truncated_ciphertext_is_refused() {
        let key = FileKey::generate();
        let id = Uuid::now_v7();
        let mut enc = key.encryptor(id);
        let mut sealed = enc.header().to_vec();
        for c in enc.push(&vec![7_u8; CHUNK * 2 + 10]).unwrap() {
            sealed.extend(c);
        }
        sealed.extend(enc.finish().unwrap());
        // Drop the last chunk: the stream must end in an error, not in shorter plaintext.
        sealed.truncate(STREAM_NONCE + 2 * (CHUNK + TAG));
        let source = futures::stream::iter(vec![Ok(Bytes::from(sealed))]);
        let out = futures::executor::block_on(decrypt_stream(key.decryptor(id), source).collect::<Vec<_>>());
        assert!(out.last().unwrap().is_err());
    }

    #[test]
    fn wrapped_key_is_bound_to_its_file() {
        let master = MasterKey::single([9; 32]);
        let key = FileKey::generate();
        let id = Uuid::now_v7();
        let wrapped = master.wrap(&key, id).unwrap();
        assert!(master.unwrap(&wrapped, id).is_ok());
        assert!(master.unwrap(&wrapped, Uuid::now_v7()).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn any_content_roundtrips(data in proptest::collection::vec(any::<u8>(), 0..200_000), split in 1_usize..100_000) {
            prop_assert_eq!(roundtrip(&data, split), data);
        }
    }
}
