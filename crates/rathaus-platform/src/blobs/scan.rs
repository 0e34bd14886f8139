//! Virus scanning through clamd (ClamAV's daemon) with its INSTREAM command: the upload
//! is streamed to clamd chunk by chunk while it is stored, and kept only if clamd says
//! it is clean. When a scanner is configured but does not answer, uploads are refused —
//! an unscanned file is never taken.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::{Error, Result};

/// clamd refuses chunks above its StreamMaxLength; 64 KiB pieces stay far below.
const PIECE: usize = 64 * 1024;

#[derive(Debug, Clone)]
pub struct VirusScanner {
    address: String,
}

/// One scan in progress.
pub struct Scan {
    stream: TcpStream,
}

fn unreachable(e: impl std::fmt::Display) -> Error {
    tracing::error!(error = %e, "the virus scanner (clamd) does not answer; uploads are refused until it does");
    Error::Unavailable("the virus scanner does not answer".into())
}

impl VirusScanner {
    pub fn new(address: &str) -> Self {
        Self {
            address: address.to_string(),
        }
    }

    pub async fn start(&self) -> Result<Scan> {
        let connect = TcpStream::connect(&self.address);
        let mut stream = tokio::time::timeout(std::time::Duration::from_secs(5), connect)
            .await
            .map_err(unreachable)?
            .map_err(unreachable)?;
        stream.write_all(b"zINSTREAM\0").await.map_err(unreachable)?;
        Ok(Scan { stream })
    }
}

impl Scan {
    pub async fn send(&mut self, data: &[u8]) -> Result<()> {
        for piece in data.chunks(PIECE) {
            self.stream
                .write_all(&(piece.len() as u32).to_be_bytes())
                .await
                .map_err(unreachable)?;
            self.stream.write_all(piece).await.map_err(unreachable)?;
        }
        Ok(())
    }

    /// Ends the stream and reads the verdict: `Ok(())` when clean, `Invalid` when clamd
    /// found something, `Unavailable` on any other answer.
    pub async fn finish(mut self) -> Result<()> {
        self.stream.write_all(&0_u32.to_be_bytes()).await.map_err(unreachable)?;
        let mut answer = Vec::new();
        let read = self.stream.read_to_end(&mut answer);
        tokio::time::timeout(std::time::Duration::from_secs(60), read)
            .await
            .map_err(unreachable)?
            .map_err(unreachable)?;
        let answer = String::from_utf8_lossy(&answer).trim_end_matches(['\0', '\n']).to_string();
        if answer.ends_with(": OK") {
            Ok(())
        } else if answer.ends_with(" FOUND") {
            tracing::warn!(verdict = %answer, "upload refused: the virus scanner found something");
            Err(Error::Invalid("file-infected".into()))
        } else {
            Err(unreachable(format!("unexpected answer {answer:?}")))
        }
    }
}
