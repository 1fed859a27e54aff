//! The app icon (S4 step 3): a 512×512 PNG of at most 1 MiB, as Google Play requires.
//!
//! The domain does no I/O, so it never sees the image bytes: an adapter measures the uploaded
//! file and hands over [`IconFacts`], which [`Icon::check`] judges.

use serde::{Deserialize, Serialize};

use super::invalid_value::InvalidValue;

/// The only accepted media type.
const PNG: &str = "image/png";
/// Required width and height in pixels.
const SIDE: u32 = 512;
/// Largest accepted file: 1 MiB.
const MAX_BYTES: u64 = 1024 * 1024;

/// What an adapter measured about an uploaded icon file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IconFacts {
    /// The SHA-256 digest of the file, as 64 lower-case hex digits; it names the stored blob.
    pub sha256: String,
    /// The media type sniffed from the file's content (not the name or the client's claim).
    pub media_type: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// File size in bytes.
    pub byte_size: u64,
}

/// An icon whose facts meet S4's rules.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "IconFacts", into = "IconFacts")]
pub struct Icon(IconFacts);

impl Icon {
    /// Judges measured facts, reporting the first rule broken.
    pub fn check(facts: IconFacts) -> Result<Self, InvalidValue> {
        if facts.media_type != PNG {
            return Err(InvalidValue::new("must be a PNG image"));
        }
        if facts.width != SIDE || facts.height != SIDE {
            return Err(InvalidValue::new(format!(
                "must be {SIDE}×{SIDE} pixels, this one is {}×{}",
                facts.width, facts.height
            )));
        }
        if facts.byte_size > MAX_BYTES {
            return Err(InvalidValue::new("must be at most 1 MiB"));
        }
        // The digest is produced by our own adapter, so a bad one is a bug there; still, it is
        // refused here so that it can never name a blob it was not computed from.
        let digest_ok = facts.sha256.len() == 64
            && facts
                .sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !digest_ok {
            return Err(InvalidValue::new(
                "must have a SHA-256 digest of 64 lower-case hexadecimal digits",
            ));
        }
        Ok(Self(facts))
    }

    /// The measured facts.
    pub fn facts(&self) -> &IconFacts {
        &self.0
    }
}

impl TryFrom<IconFacts> for Icon {
    type Error = InvalidValue;

    fn try_from(facts: IconFacts) -> Result<Self, Self::Error> {
        Self::check(facts)
    }
}

impl From<Icon> for IconFacts {
    fn from(icon: Icon) -> Self {
        icon.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn good() -> IconFacts {
        IconFacts {
            sha256: "0123456789abcdef".repeat(4),
            media_type: "image/png".to_owned(),
            width: 512,
            height: 512,
            byte_size: 200_000,
        }
    }

    fn msg(facts: IconFacts) -> String {
        Icon::check(facts).unwrap_err().0
    }

    #[test]
    fn accepts_a_512_png_within_size() {
        let icon = Icon::check(good()).unwrap();
        assert_eq!(icon.facts(), &good());
    }

    #[test]
    fn must_be_png() {
        for media_type in ["image/jpeg", "image/svg+xml", "IMAGE/PNG", ""] {
            let facts = IconFacts {
                media_type: media_type.to_owned(),
                ..good()
            };
            assert_eq!(msg(facts), "must be a PNG image", "{media_type}");
        }
    }

    #[test]
    fn must_be_512_square() {
        let wide = IconFacts {
            width: 1024,
            ..good()
        };
        assert_eq!(msg(wide), "must be 512×512 pixels, this one is 1024×512");
        let small_square = IconFacts {
            width: 256,
            height: 256,
            ..good()
        };
        assert_eq!(
            msg(small_square),
            "must be 512×512 pixels, this one is 256×256"
        );
        let tall = IconFacts {
            height: 513,
            ..good()
        };
        assert_eq!(msg(tall), "must be 512×512 pixels, this one is 512×513");
    }

    #[test]
    fn at_most_one_mib() {
        let exactly = IconFacts {
            byte_size: 1_048_576,
            ..good()
        };
        assert!(Icon::check(exactly).is_ok());
        let over = IconFacts {
            byte_size: 1_048_577,
            ..good()
        };
        assert_eq!(msg(over), "must be at most 1 MiB");
    }

    #[test]
    fn digest_is_64_lower_case_hex() {
        for sha256 in [
            "0123456789ABCDEF".repeat(4),
            "0123456789abcdef".repeat(3),
            format!("{}g", "0".repeat(63)),
            String::new(),
        ] {
            let facts = IconFacts {
                sha256: sha256.clone(),
                ..good()
            };
            assert_eq!(
                msg(facts),
                "must have a SHA-256 digest of 64 lower-case hexadecimal digits",
                "{sha256}"
            );
        }
    }

    #[test]
    fn serde_is_the_facts_and_revalidates() {
        let icon = Icon::check(good()).unwrap();
        let json = serde_json::to_value(&icon).unwrap();
        assert_eq!(json, serde_json::to_value(good()).unwrap());
        assert_eq!(json["media_type"], "image/png");
        assert_eq!(serde_json::from_value::<Icon>(json).unwrap(), icon);
        let bad = serde_json::to_value(IconFacts {
            width: 10,
            ..good()
        })
        .unwrap();
        assert!(serde_json::from_value::<Icon>(bad).is_err());
    }
}
