//! A JSON Web Key Set pasted into the wizard (S4 step 4), for apps that authenticate with
//! signed JWTs but cannot host a JWKS URL.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::invalid_value::InvalidValue;

/// Largest accepted JWKS text; far above any real public key set, small enough to store freely.
pub const MAX_JWKS_BYTES: usize = 64 * 1024;

/// Members that only private or symmetric keys have (RFC 7518 §6.2.2, §6.3.2, §6.4.1).
///
/// `oth` (extra primes of a multi-prime RSA private key) is refused for the same reason as
/// `p` and `q`.
const PRIVATE_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/// The message for anything that is not shaped like a JWKS at all.
const NOT_A_JWKS: &str = "must be a JSON Web Key Set: a JSON object with a \"keys\" array";

/// A public JSON Web Key Set: at least one key, each with a type and a unique id, RSA and EC
/// keys complete, and no private key material.
///
/// Key types other than RSA and EC (for example `OKP`) are accepted with only the common
/// checks, since the spec names no further rules for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Value", into = "Value")]
pub struct InlineJwks(Value);

impl InlineJwks {
    /// Checks a JWKS as pasted: at most 64 KiB of JSON.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        if input.len() > MAX_JWKS_BYTES {
            return Err(too_large());
        }
        let value: Value =
            serde_json::from_str(input).map_err(|_| InvalidValue::new("must be valid JSON"))?;
        check(&value)?;
        Ok(Self(value))
    }

    /// The key set as JSON.
    pub fn as_value(&self) -> &Value {
        &self.0
    }

    /// How many keys the set holds (at least one).
    pub fn key_count(&self) -> usize {
        self.0
            .get("keys")
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    }
}

/// The size message, shared by both ways in.
fn too_large() -> InvalidValue {
    InvalidValue::new("must be at most 64 KiB")
}

/// Checks the JWKS rules on parsed JSON, reporting the first problem found.
fn check(value: &Value) -> Result<(), InvalidValue> {
    let keys = value
        .as_object()
        .and_then(|set| set.get("keys"))
        .and_then(Value::as_array)
        .ok_or_else(|| InvalidValue::new(NOT_A_JWKS))?;
    if keys.is_empty() {
        return Err(InvalidValue::new("must contain at least one key"));
    }
    // JWK members are identifiers and base64url text; a control character in them is never
    // meant, and NUL cannot even be stored in a Postgres jsonb column.
    if has_control_characters(value) {
        return Err(InvalidValue::new("must not contain control characters"));
    }
    let mut kids = HashSet::new();
    for (index, key) in keys.iter().enumerate() {
        // Keys are numbered from 1 in messages, as a person counts them.
        let position = index + 1;
        let key = key
            .as_object()
            .ok_or_else(|| InvalidValue::new(format!("key {position} must be a JSON object")))?;
        let kty = non_empty_string(key, "kty").ok_or_else(|| {
            InvalidValue::new(format!("key {position} must have a \"kty\" (key type)"))
        })?;
        let kid = non_empty_string(key, "kid").ok_or_else(|| {
            InvalidValue::new(format!("key {position} must have a \"kid\" (key id)"))
        })?;
        // Private material is refused before anything else about the key: it must never be
        // stored, whatever else is wrong.
        if PRIVATE_MEMBERS
            .iter()
            .any(|member| key.contains_key(*member))
        {
            return Err(InvalidValue::new(format!(
                "must not contain private key material (key {kid})"
            )));
        }
        match kty {
            "RSA" if !has_all(key, &["n", "e"]) => {
                return Err(InvalidValue::new(format!(
                    "key {kid} is an RSA key and must have \"n\" and \"e\""
                )));
            }
            "EC" if !has_all(key, &["crv", "x", "y"]) => {
                return Err(InvalidValue::new(format!(
                    "key {kid} is an EC key and must have \"crv\", \"x\" and \"y\""
                )));
            }
            _ => {}
        }
        if !kids.insert(kid) {
            return Err(InvalidValue::new(format!(
                "key ids must be unique, but {kid} is used more than once"
            )));
        }
    }
    Ok(())
}

/// Whether any string or member name anywhere in `value` holds a control character.
fn has_control_characters(value: &Value) -> bool {
    let bad = |text: &str| text.chars().any(char::is_control);
    match value {
        Value::String(text) => bad(text),
        Value::Array(items) => items.iter().any(has_control_characters),
        Value::Object(members) => members
            .iter()
            .any(|(name, member)| bad(name) || has_control_characters(member)),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

/// The member `name` when it is a non-empty string.
fn non_empty_string<'a>(key: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    key.get(name)
        .and_then(Value::as_str)
        .filter(|text| !text.is_empty())
}

/// Whether every member in `names` is a non-empty string.
fn has_all(key: &Map<String, Value>, names: &[&str]) -> bool {
    names
        .iter()
        .all(|name| non_empty_string(key, name).is_some())
}

impl TryFrom<Value> for InlineJwks {
    type Error = InvalidValue;

    fn try_from(value: Value) -> Result<Self, Self::Error> {
        // Measured as compact JSON, the same limit as for pasted text holds on the way back in.
        let size = serde_json::to_string(&value).map_or(usize::MAX, |text| text.len());
        if size > MAX_JWKS_BYTES {
            return Err(too_large());
        }
        check(&value)?;
        Ok(Self(value))
    }
}

impl From<InlineJwks> for Value {
    fn from(jwks: InlineJwks) -> Self {
        jwks.0
    }
}

/// Whether `text` holds private key material: a JWKS with a private member in any key, or a
/// PEM private key. Drafts keep what was typed, but not this: the log is forever.
pub fn contains_private_material(text: &str) -> bool {
    if text.contains("PRIVATE KEY") {
        return true;
    }
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return false;
    };
    let keys = value
        .get("keys")
        .and_then(|keys| keys.as_array())
        .map_or_else(|| vec![&value], |keys| keys.iter().collect());
    keys.iter().filter_map(|key| key.as_object()).any(|key| {
        PRIVATE_MEMBERS
            .iter()
            .any(|member| key.contains_key(*member))
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;

    use super::*;

    fn rsa(kid: &str) -> Value {
        json!({"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS384", "n": "0vx7", "e": "AQAB"})
    }

    fn ec(kid: &str) -> Value {
        json!({"kty": "EC", "kid": kid, "crv": "P-384", "x": "abc", "y": "def"})
    }

    fn set(keys: Vec<Value>) -> String {
        json!({ "keys": keys }).to_string()
    }

    fn msg(input: &str) -> String {
        InlineJwks::parse(input).unwrap_err().0
    }

    #[test]
    fn accepts_public_rsa_and_ec_keys() {
        let jwks = InlineJwks::parse(&set(vec![rsa("a"), ec("b")])).unwrap();
        assert_eq!(jwks.key_count(), 2);
        assert_eq!(jwks.as_value()["keys"][1]["kid"], "b");
    }

    #[test]
    fn accepts_other_key_types_with_common_fields() {
        let okp = json!({"kty": "OKP", "kid": "ed", "crv": "Ed25519", "x": "abc"});
        assert!(InlineJwks::parse(&set(vec![okp])).is_ok());
    }

    #[test]
    fn must_be_json() {
        assert_eq!(msg("{keys: []"), "must be valid JSON");
        assert_eq!(msg(""), "must be valid JSON");
    }

    #[test]
    fn must_be_an_object_with_keys_array() {
        assert_eq!(
            msg("[]"),
            "must be a JSON Web Key Set: a JSON object with a \"keys\" array"
        );
        assert_eq!(msg("{}"), NOT_A_JWKS);
        assert_eq!(msg(r#"{"keys": {}}"#), NOT_A_JWKS);
        assert_eq!(msg(&rsa("a").to_string()), NOT_A_JWKS);
    }

    #[test]
    fn keys_must_not_be_empty() {
        assert_eq!(msg(r#"{"keys": []}"#), "must contain at least one key");
    }

    #[test]
    fn each_key_must_be_an_object() {
        assert_eq!(
            msg(&set(vec![rsa("a"), json!("key")])),
            "key 2 must be a JSON object"
        );
    }

    #[test]
    fn each_key_needs_kty_and_kid() {
        assert_eq!(
            msg(&set(vec![json!({"kid": "a", "n": "x", "e": "y"})])),
            "key 1 must have a \"kty\" (key type)"
        );
        assert_eq!(
            msg(&set(vec![json!({"kty": 1, "kid": "a"})])),
            "key 1 must have a \"kty\" (key type)"
        );
        assert_eq!(
            msg(&set(vec![
                rsa("a"),
                json!({"kty": "RSA", "n": "x", "e": "y"})
            ])),
            "key 2 must have a \"kid\" (key id)"
        );
        assert_eq!(
            msg(&set(vec![rsa("")])),
            "key 1 must have a \"kid\" (key id)"
        );
    }

    #[test]
    fn rsa_keys_need_n_and_e() {
        assert_eq!(
            msg(&set(vec![json!({"kty": "RSA", "kid": "r1", "n": "x"})])),
            "key r1 is an RSA key and must have \"n\" and \"e\""
        );
        assert_eq!(
            msg(&set(vec![json!({"kty": "RSA", "kid": "r1", "e": "AQAB"})])),
            "key r1 is an RSA key and must have \"n\" and \"e\""
        );
    }

    #[test]
    fn ec_keys_need_crv_x_and_y() {
        for missing in ["crv", "x", "y"] {
            let mut key = ec("e1");
            key.as_object_mut().unwrap().remove(missing);
            assert_eq!(
                msg(&set(vec![key])),
                "key e1 is an EC key and must have \"crv\", \"x\" and \"y\""
            );
        }
    }

    #[test]
    fn private_material_is_recognised_in_any_form() {
        assert!(contains_private_material(
            r#"{"keys":[{"kty":"EC","d":"x"}]}"#
        ));
        assert!(contains_private_material(r#"{"kty":"RSA","p":"x"}"#));
        assert!(contains_private_material(
            "-----BEGIN PRIVATE KEY-----\nMIIE"
        ));
        assert!(!contains_private_material(
            r#"{"keys":[{"kty":"RSA","n":"x","e":"AQAB"}]}"#
        ));
        assert!(!contains_private_material("not json at all"));
    }

    #[test]
    fn refuses_private_key_material() {
        for member in PRIVATE_MEMBERS {
            let mut key = rsa("secret-one");
            key.as_object_mut()
                .unwrap()
                .insert(member.to_owned(), json!("x"));
            assert_eq!(
                msg(&set(vec![key])),
                "must not contain private key material (key secret-one)",
                "{member}"
            );
        }
        let symmetric = json!({"kty": "oct", "kid": "s", "k": "c2VjcmV0"});
        assert_eq!(
            msg(&set(vec![symmetric])),
            "must not contain private key material (key s)"
        );
    }

    #[test]
    fn refuses_control_characters() {
        assert_eq!(
            msg(&set(vec![rsa("a\u{0}b")])),
            "must not contain control characters"
        );
        let mut key = ec("e");
        key.as_object_mut()
            .unwrap()
            .insert("x5c".to_owned(), json!(["ab\ncd"]));
        assert_eq!(msg(&set(vec![key])), "must not contain control characters");
        assert!(InlineJwks::parse(&format!("\n{}\n", set(vec![ec("e")]))).is_ok());
    }

    #[test]
    fn kids_must_be_unique() {
        assert_eq!(
            msg(&set(vec![rsa("a"), ec("b"), ec("a")])),
            "key ids must be unique, but a is used more than once"
        );
    }

    #[test]
    fn at_most_64_kib() {
        let padding = "x".repeat(MAX_JWKS_BYTES);
        let mut key = rsa("a");
        key.as_object_mut()
            .unwrap()
            .insert("x5u".to_owned(), json!(padding));
        let big = set(vec![key]);
        assert_eq!(msg(&big), "must be at most 64 KiB");
        let small = set(vec![rsa("a")]);
        let exactly = format!("{small}{}", " ".repeat(MAX_JWKS_BYTES - small.len()));
        assert!(InlineJwks::parse(&exactly).is_ok());
        assert_eq!(msg(&format!("{exactly} ")), "must be at most 64 KiB");
    }

    #[test]
    fn serde_is_the_json_value_and_revalidates() {
        let jwks = InlineJwks::parse(&set(vec![ec("b")])).unwrap();
        let json = serde_json::to_value(&jwks).unwrap();
        assert_eq!(json, json!({"keys": [ec("b")]}));
        assert_eq!(serde_json::from_value::<InlineJwks>(json).unwrap(), jwks);
        let private = json!({"keys": [{"kty": "EC", "kid": "p", "d": "x"}]});
        let err = serde_json::from_value::<InlineJwks>(private).unwrap_err();
        assert!(err
            .to_string()
            .contains("must not contain private key material (key p)"));
    }
}
