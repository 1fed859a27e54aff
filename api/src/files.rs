//! Uploaded files, stored by content hash outside the event log (S10); events name the hash.

use base64::Engine;
use domain::values::icon::IconFacts;
use domain::values::invalid_value::InvalidValue;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

/// The largest upload read at all; larger ones are refused before decoding.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// An uploaded PNG, decoded and measured but not yet stored.
pub struct UploadedPng {
    bytes: Vec<u8>,
    facts: IconFacts,
}

impl UploadedPng {
    /// Decodes a base64 upload and checks by its content that it is a PNG.
    pub fn decode(base64_png: &str) -> Result<Self, InvalidValue> {
        if base64_png.len() > MAX_UPLOAD_BYTES * 4 / 3 + 4 {
            return Err(InvalidValue::new("must be at most 10 MB"));
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(base64_png.trim())
            .map_err(|_| InvalidValue::new("must be a base64-encoded PNG file"))?;
        let (width, height) =
            png_dimensions(&bytes).ok_or_else(|| InvalidValue::new("must be a PNG image"))?;
        let sha256 = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let facts = IconFacts {
            sha256,
            media_type: "image/png".to_owned(),
            width,
            height,
            byte_size: bytes.len() as u64,
        };
        Ok(Self { bytes, facts })
    }

    /// What was measured, for the rules to judge.
    pub fn facts(&self) -> IconFacts {
        self.facts.clone()
    }
}

/// Content-addressed file storage in PostgreSQL.
#[derive(Clone)]
pub struct FileStore {
    pool: PgPool,
}

impl FileStore {
    /// Files kept in `pool`'s database.
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    /// Stores `png` under its hash; storing the same content twice keeps one copy.
    pub async fn store(&self, png: &UploadedPng) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO stored_files (sha256, media_type, byte_size, content) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(&png.facts.sha256)
        .bind(&png.facts.media_type)
        .bind(i64::try_from(png.facts.byte_size).unwrap_or(i64::MAX))
        .bind(&png.bytes)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A stored file's media type and bytes.
    pub async fn get(&self, sha256: &str) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
        sqlx::query_as("SELECT media_type, content FROM stored_files WHERE sha256 = $1")
            .bind(sha256)
            .fetch_optional(&self.pool)
            .await
    }
}

/// Width and height from a PNG's signature and IHDR chunk, or `None` if it is not a PNG.
/// Only the header is read, so a decompression bomb costs nothing here.
fn png_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
    if bytes.len() < 33 || bytes[..8] != SIGNATURE || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let width = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let height = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    (width > 0 && height > 0).then_some((width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = vec![
            0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0, 0, 13,
        ];
        bytes.extend_from_slice(b"IHDR");
        bytes.extend_from_slice(&width.to_be_bytes());
        bytes.extend_from_slice(&height.to_be_bytes());
        bytes.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        bytes
    }

    #[test]
    fn a_png_header_gives_its_dimensions() {
        assert_eq!(png_dimensions(&png_header(512, 256)), Some((512, 256)));
    }

    #[test]
    fn a_file_named_png_that_is_not_one_is_refused() {
        assert_eq!(
            png_dimensions(b"GIF89a this is not a png at all......"),
            None
        );
        assert_eq!(png_dimensions(&png_header(512, 512)[..20]), None);
    }
}
