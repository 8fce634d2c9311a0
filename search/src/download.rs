//! Checking a downloaded bundle against the manifest that names it, before the app opens it.
//!
//! The manifest and the bundle both come from the network, and a host may answer a path it does
//! not have with its `index.html` (single-page-app rewrites) or cut a download short. So nothing
//! here trusts a number it was sent: the manifest's size is capped at [`MAX_BUNDLE_BYTES`]
//! before anything is allocated, received bytes are counted and refused past the size the
//! manifest announced, and the SHA-256 and the size are compared once the download ends. The
//! service worker (`public/sw.js`) applies the same rule before it caches a bundle.
//!
//! The SHA-256 is computed once the bytes are all in, either here ([`Download::finish`]) or by
//! the caller ([`Download::finish_with_sha256`]): in a browser, WebCrypto hashes the bundle in a
//! millisecond or two, where this crate's code, compiled to WebAssembly for size, takes 11–27 ms
//! of the worker's time on every start, also from the service worker's cache.

use sha2::{Digest, Sha256};

use crate::bundle::{lower_hex, Manifest, FORMAT_VERSION};
use crate::{Error, Result};

/// The largest bundle the app accepts, in bytes (256 MiB). The handbook's bundle is a few
/// megabytes and the benchmark's 10 000-village bundle well under this; a manifest announcing
/// more is refused before a byte is downloaded or allocated, so a bogus size cannot exhaust the
/// WebAssembly memory (4 GiB at most).
pub const MAX_BUNDLE_BYTES: u64 = 256 * 1024 * 1024;

/// A bundle's bytes whose size and SHA-256 are those its manifest names
/// ([`Download::finish`]). The indexer computed that SHA-256 over the bundle it had written, so
/// the bundle's own per-file checksums, written by the same indexer, can tell nothing more
/// ([`crate::Engine::open_downloaded`] skips them).
#[derive(Debug)]
pub struct Downloaded(Vec<u8>);

impl Downloaded {
    /// The bundle's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bundle's bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

impl Manifest {
    /// Checks what the app relies on before downloading the bundle: the format it reads, a size
    /// within [`MAX_BUNDLE_BYTES`], a SHA-256 of 64 lowercase hex digits, and a plain
    /// `handbook.<hex>.bundle` file name (never a path).
    pub fn check(&self) -> Result<()> {
        if self.format_version != FORMAT_VERSION {
            return Err(Error::UnsupportedVersion {
                found: self.format_version,
                supported: FORMAT_VERSION,
            });
        }
        if self.bytes > MAX_BUNDLE_BYTES {
            return Err(Error::ManifestRejected(
                "the bundle is larger than the app accepts",
            ));
        }
        if !is_lower_hex(&self.sha256, 64) {
            return Err(Error::ManifestRejected(
                "the SHA-256 is not 64 lowercase hex digits",
            ));
        }
        let hash = self
            .bundle
            .strip_prefix("handbook.")
            .and_then(|rest| rest.strip_suffix(".bundle"));
        if !hash.is_some_and(|h| is_lower_hex(h, 16)) {
            return Err(Error::ManifestRejected(
                "the bundle name is not handbook.<16 hex digits>.bundle",
            ));
        }
        Ok(())
    }
}

fn is_lower_hex(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A bundle being downloaded: its bytes so far, counted as they arrive.
pub struct Download {
    expected_bytes: u64,
    expected_sha256: String,
    bytes: Vec<u8>,
}

impl Download {
    /// Starts a download of the bundle `manifest` names, after [`Manifest::check`]. The buffer
    /// is allocated once, at the announced size, which the check has capped.
    pub fn new(manifest: &Manifest) -> Result<Download> {
        manifest.check()?;
        let capacity = usize::try_from(manifest.bytes).unwrap_or(0);
        Ok(Download {
            expected_bytes: manifest.bytes,
            expected_sha256: manifest.sha256.clone(),
            bytes: Vec::with_capacity(capacity),
        })
    }

    /// Bytes received so far.
    pub fn received(&self) -> u64 {
        self.bytes.len() as u64
    }

    /// Adds the next chunk; refuses it (the download should stop) if the bundle would grow past
    /// the size the manifest announced.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        let after = self.received() + chunk.len() as u64;
        if after > self.expected_bytes {
            return Err(Error::BundleSize {
                expected: self.expected_bytes,
                actual: after,
            });
        }
        self.bytes.extend_from_slice(chunk);
        Ok(())
    }

    /// The bytes received so far.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Ends the download: the bytes, if their size and SHA-256 are the manifest's.
    pub fn finish(self) -> Result<Downloaded> {
        self.check_size()?;
        let digest = Sha256::digest(&self.bytes);
        self.finish_with_sha256(&digest)
    }

    /// Ends the download as [`Download::finish`] does, with the SHA-256 of [`Download::bytes`]
    /// computed by the caller.
    pub fn finish_with_sha256(self, digest: &[u8]) -> Result<Downloaded> {
        self.check_size()?;
        let actual = lower_hex(digest);
        if actual != self.expected_sha256 {
            return Err(Error::BundleHash {
                expected: self.expected_sha256,
                actual,
            });
        }
        Ok(Downloaded(self.bytes))
    }

    fn check_size(&self) -> Result<()> {
        if self.received() != self.expected_bytes {
            return Err(Error::BundleSize {
                expected: self.expected_bytes,
                actual: self.received(),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::{bundle_file_name, sha256_hex, TANTIVY_VERSION};
    use crate::Counts;

    fn manifest_for(bytes: &[u8]) -> Manifest {
        Manifest {
            format_version: FORMAT_VERSION,
            tantivy_version: TANTIVY_VERSION.into(),
            bundle: bundle_file_name(bytes),
            bytes: bytes.len() as u64,
            sha256: sha256_hex(bytes),
            counts: Counts::default(),
            data_updated: "2025-01-01".into(),
        }
    }

    fn download(manifest: &Manifest, chunks: &[&[u8]]) -> Result<Vec<u8>> {
        let mut download = Download::new(manifest)?;
        for chunk in chunks {
            download.push(chunk)?;
        }
        download.finish().map(Downloaded::into_bytes)
    }

    #[test]
    fn the_announced_bytes_in_any_chunks_pass() {
        let bytes = b"the handbook's bundle".as_slice();
        let manifest = manifest_for(bytes);
        assert_eq!(download(&manifest, &[bytes]).unwrap(), bytes);
        assert_eq!(
            download(&manifest, &[&bytes[..3], &bytes[3..]]).unwrap(),
            bytes
        );
        assert_eq!(download(&manifest, &[b"", bytes, b""]).unwrap(), bytes);
    }

    // Issue 11: an SPA host answering the bundle's URL with index.html.
    #[test]
    fn a_page_served_for_the_bundle_is_refused() {
        let manifest = manifest_for(&[7; 64]);
        let html = b"<!DOCTYPE html><html><body>app</body></html>".as_slice();
        assert!(matches!(
            download(&manifest, &[html]),
            Err(Error::BundleSize {
                expected: 64,
                actual: 44
            })
        ));
        let same_length = [b'<'; 64];
        assert!(matches!(
            download(&manifest, &[&same_length]),
            Err(Error::BundleHash { .. })
        ));
    }

    // Issue 11: a download cut short, or one that goes on past the announced size.
    #[test]
    fn a_short_or_long_download_is_refused() {
        let bytes = [1u8; 100];
        let manifest = manifest_for(&bytes);
        assert!(matches!(
            download(&manifest, &[&bytes[..99]]),
            Err(Error::BundleSize {
                expected: 100,
                actual: 99
            })
        ));
        let mut download = Download::new(&manifest).unwrap();
        download.push(&bytes).unwrap();
        assert!(matches!(
            download.push(&[0]),
            Err(Error::BundleSize {
                expected: 100,
                actual: 101
            })
        ));
        assert_eq!(download.received(), 100);
    }

    #[test]
    fn a_flipped_bit_is_refused() {
        let bytes = [3u8; 32];
        let manifest = manifest_for(&bytes);
        let mut flipped = bytes;
        flipped[17] ^= 0x10;
        assert!(matches!(
            download(&manifest, &[&flipped]),
            Err(Error::BundleHash { .. })
        ));
    }

    // The worker hashes with WebCrypto and hands the digest over: it is held to the manifest
    // as this crate's own hash is, and the size is checked before it.
    #[test]
    fn a_digest_from_the_caller_is_held_to_the_manifest() {
        let bytes = b"the handbook's bundle".as_slice();
        let manifest = manifest_for(bytes);
        let digest = Sha256::digest(bytes);
        let mut whole = Download::new(&manifest).unwrap();
        whole.push(bytes).unwrap();
        assert_eq!(whole.bytes(), bytes);
        assert_eq!(whole.finish_with_sha256(&digest).unwrap().as_bytes(), bytes);

        let mut other = digest;
        other[0] ^= 1;
        let mut whole = Download::new(&manifest).unwrap();
        whole.push(bytes).unwrap();
        assert!(matches!(
            whole.finish_with_sha256(&other),
            Err(Error::BundleHash { .. })
        ));

        let mut short = Download::new(&manifest).unwrap();
        short.push(&bytes[..4]).unwrap();
        assert!(matches!(
            short.finish_with_sha256(&digest),
            Err(Error::BundleSize {
                expected: 21,
                actual: 4
            })
        ));
    }

    // Issue 11: `Vec::with_capacity(manifest.bytes)` aborted the app on a bogus size.
    #[test]
    fn a_bogus_size_is_refused_before_anything_is_allocated() {
        let mut manifest = manifest_for(b"x");
        for bytes in [MAX_BUNDLE_BYTES + 1, u64::MAX] {
            manifest.bytes = bytes;
            assert!(matches!(
                Download::new(&manifest),
                Err(Error::ManifestRejected(_))
            ));
        }
        manifest.bytes = MAX_BUNDLE_BYTES;
        assert!(manifest.check().is_ok());
    }

    #[test]
    fn a_manifest_must_name_a_plain_bundle_file_and_a_real_hash() {
        let good = manifest_for(b"x");
        assert!(good.check().is_ok());
        for name in [
            "../handbook.0123456789abcdef.bundle",
            "handbook.0123456789ABCDEF.bundle",
            "handbook.0123.bundle",
            "handbook.0123456789abcdef.bundle?x",
            "index.html",
        ] {
            let manifest = Manifest {
                bundle: name.into(),
                ..good.clone()
            };
            assert!(
                matches!(manifest.check(), Err(Error::ManifestRejected(_))),
                "{name} was accepted"
            );
        }
        let short_hash = Manifest {
            sha256: "abc".into(),
            ..good.clone()
        };
        assert!(matches!(
            short_hash.check(),
            Err(Error::ManifestRejected(_))
        ));
        let newer = Manifest {
            format_version: FORMAT_VERSION + 1,
            ..good
        };
        assert!(matches!(
            newer.check(),
            Err(Error::UnsupportedVersion { .. })
        ));
    }
}
