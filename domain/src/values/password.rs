//! A new password chosen at sign-up (S2), checked before it is hashed.

use crate::values::invalid_value::InvalidValue;

/// Well-known common passwords of 12 or more characters, lower-case and sorted (byte order).
///
/// Shorter ones need no entry: the length rule refuses them first. Compiled from the top of
/// public breach-corpus lists (keyboard walks, digit runs, "password" variants, popular words)
/// plus a few words specific to this portal, as NIST SP 800-63B recommends.
pub const COMMON_PASSWORDS: [&str; 244] = [
    "!qaz2wsx#edc",
    "!qaz@wsx#edc",
    "000000000000",
    "012345678901",
    "0987654321qwerty",
    "111111111111",
    "111222333444",
    "112233445566",
    "121212121212",
    "123123123123",
    "123321123321",
    "123412341234",
    "123456123456",
    "123456654321",
    "1234567890-=",
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123456789012345",
    "1234567890123456",
    "1234567890qwerty",
    "1234567890qwertyuiop",
    "1234567891011",
    "123456789123",
    "123456789123456789",
    "12345678abcd",
    "1234qwerasdf",
    "1234qwerasdfzxcv",
    "123qwe123qwe",
    "123qweasdzxc",
    "147258369147",
    "159753159753",
    "1a2b3c4d5e6f",
    "1q2w3e4r5t6y",
    "1q2w3e4r5t6y7u",
    "1q2w3e4r5t6y7u8i",
    "1qaz2wsx1qaz2wsx",
    "1qaz2wsx3edc",
    "1qaz2wsx3edc4rfv",
    "1qaz@wsx3edc",
    "1qazxsw23edc",
    "222222222222",
    "654321654321",
    "666666666666",
    "741852963741",
    "888888888888",
    "987654321098",
    "987654321987654321",
    "999999999999",
    "a1b2c3d4e5f6",
    "aa123456789!",
    "aa1234567890",
    "aaaaaaaaaaaa",
    "abc123456789",
    "abc1234567890",
    "abc123abc123",
    "abc123def456",
    "abcabcabcabc",
    "abcd12345678",
    "abcd123456789",
    "abcdef123456",
    "abcdefg12345",
    "abcdefgh1234",
    "abcdefghijkl",
    "abcdefghijklmnop",
    "abcdefghijklmnopqrstuvwxyz",
    "admin1234567",
    "admin123456789",
    "adminadmin123",
    "administrator",
    "administrator1",
    "adminpassword",
    "asd123456789",
    "asdasdasdasd",
    "asdf1234asdf",
    "asdfasdfasdf",
    "asdfghjkl123",
    "asdfghjkl1234",
    "baseball1234",
    "basketball12",
    "basketball123",
    "batman123456",
    "butterfly123",
    "changeme123!",
    "changeme1234",
    "changemenow!",
    "changemenow1",
    "charlie12345",
    "chocolate123",
    "chocolate1234",
    "christmas123",
    "computer1234",
    "correcthorsebatterystaple",
    "default12345",
    "developer123",
    "developer1234",
    "dragon123456",
    "dragondragon",
    "football1234",
    "footballfootball",
    "happybirthday",
    "harrypotter1",
    "harrypotter123",
    "iloveu123456",
    "iloveyou1234",
    "iloveyou12345",
    "iloveyouiloveyou",
    "iloveyousomuch",
    "international",
    "internet1234",
    "jennifer1234",
    "jessica12345",
    "justinbieber",
    "letmein12345",
    "letmein123456",
    "letmeinletmein",
    "letmeinplease",
    "lordoftherings",
    "manchesterunited",
    "master123456",
    "masterpassword",
    "merrychristmas",
    "michael12345",
    "michaeljackson",
    "michaeljordan",
    "minecraft123",
    "minecraft1234",
    "monkey123456",
    "monkeymonkey",
    "mypassword12",
    "mypassword123",
    "mypassword1234",
    "newpassword1",
    "newpassword123",
    "nopassword123",
    "onedirection",
    "p@$$w0rd1234",
    "p@ssw0rd123!",
    "p@ssw0rd1234",
    "p@ssword123!",
    "p@ssword1234",
    "passw0rd123!",
    "passw0rd1234",
    "password!123",
    "password#123",
    "password123!",
    "password1234",
    "password12345",
    "password123456",
    "password1234567",
    "password12345678",
    "password123456789",
    "password1password",
    "password2019",
    "password2020",
    "password2021",
    "password2022",
    "password2023",
    "password2024",
    "password2025",
    "password2026",
    "password@123",
    "password@1234",
    "password_123",
    "passwordpassword",
    "pokemon12345",
    "pokemon123456",
    "portico12345",
    "portico123456",
    "porticoportico",
    "princess1234",
    "q1w2e3r4t5y6",
    "q1w2e3r4t5y6u7",
    "qazwsxedc123",
    "qazwsxedcrfv",
    "qazwsxedcrfvtgb",
    "qwe123456789",
    "qwe123qwe123",
    "qweasdzxc123",
    "qweasdzxc1234",
    "qweqweqweqwe",
    "qwer1234qwer",
    "qwerasdfzxcv",
    "qwerasdfzxcv1234",
    "qwerty123456",
    "qwerty123456!",
    "qwerty1234567",
    "qwerty12345678",
    "qwerty123456789",
    "qwerty123qwerty",
    "qwertyqwerty",
    "qwertyqwerty123",
    "qwertyuiop123",
    "qwertyuiop1234",
    "qwertyuiop1234567890",
    "qwertyuiop[]",
    "qwertyuiopas",
    "qwertyuiopasdf",
    "qwertyuiopasdfgh",
    "qwertyuiopasdfghjkl",
    "qwertyuiopasdfghjklzxcvbnm",
    "qwertyuiopqwertyuiop",
    "secretpassword",
    "shadow123456",
    "soccer123456",
    "spiderman123",
    "starwars1234",
    "summer123456",
    "sunshine1234",
    "sunshine12345",
    "superman1234",
    "superman12345",
    "supersecret1",
    "supersecret123",
    "test12345678",
    "testing12345",
    "testpassword",
    "testpassword1",
    "testtesttest",
    "thequickbrownfox",
    "thisisapassword",
    "thisismypassword",
    "topsecret123",
    "transformers",
    "trustno1trustno1",
    "unbelievable",
    "welcome1234!",
    "welcome12345",
    "welcome123456",
    "welcome2024!",
    "welcome2025!",
    "welcome@1234",
    "welcomewelcome",
    "whatever1234",
    "winter123456",
    "yourpassword",
    "zaq!2wsx#edc",
    "zaq12wsxcde3",
    "zaq1zaq1zaq1",
    "zxc123456789",
    "zxcvbnm12345",
    "zxcvbnm123456",
    "zxcvbnmasdfghjkl",
    "zxczxczxczxc",
];

/// A password someone has just chosen, held only until it is hashed.
///
/// It cannot be serialised and its `Debug` form hides the text, so it cannot leak into the
/// event log, a read model or a log line by accident. Only [`NewPassword::expose`] gives the
/// text, for the hasher. Lengths count characters, not bytes, so a passphrase in any script gets
/// the same allowance; nothing is trimmed or normalised, because a password is exactly what the
/// person typed.
pub struct NewPassword(String);

impl NewPassword {
    /// The fewest characters accepted.
    pub const MIN_CHARS: usize = 12;
    /// The most characters accepted (bounds the hashing work one request can cause).
    pub const MAX_CHARS: usize = 128;

    /// Checks the length and the common-password list; the first broken rule is reported.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let chars = input.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(InvalidValue::new(format!(
                "must be at least {} characters",
                Self::MIN_CHARS
            )));
        }
        if chars > Self::MAX_CHARS {
            return Err(InvalidValue::new(format!(
                "must be at most {} characters",
                Self::MAX_CHARS
            )));
        }
        if is_common(input) {
            return Err(InvalidValue::new("is too common; choose another"));
        }
        Ok(Self(input.to_owned()))
    }

    /// The plain text, to be handed to the password hasher and nowhere else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// Whether `input` is on the list, ignoring case (`Password1234` is as weak as `password1234`).
fn is_common(input: &str) -> bool {
    COMMON_PASSWORDS
        .binary_search(&input.to_lowercase().as_str())
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(input: &str) -> String {
        NewPassword::parse(input).expect_err("should be refused").0
    }

    #[test]
    fn accepts_12_to_128_characters() {
        let password = NewPassword::parse("correct horse battery").expect("valid");
        assert_eq!(password.expose(), "correct horse battery");
        assert!(NewPassword::parse("tR7#kd93!xQz").is_ok());
        assert!(NewPassword::parse(&"ab".repeat(64)).is_ok());
        // Characters, not bytes: 12 two-byte letters are enough.
        assert!(NewPassword::parse("ééééééééééé1").is_ok());
    }

    #[test]
    fn keeps_the_text_exactly_as_typed() {
        let password = NewPassword::parse("  spaced out pass  ").expect("valid");
        assert_eq!(password.expose(), "  spaced out pass  ");
    }

    #[test]
    fn refuses_fewer_than_12_characters() {
        assert_eq!(refused("tR7#kd93!xQ"), "must be at least 12 characters");
        assert_eq!(refused(""), "must be at least 12 characters");
    }

    #[test]
    fn refuses_more_than_128_characters() {
        assert_eq!(refused(&"a".repeat(129)), "must be at most 128 characters");
    }

    #[test]
    fn refuses_common_passwords_in_any_case() {
        for common in [
            "password1234",
            "Password1234",
            "QWERTYUIOPAS",
            "123456789012",
        ] {
            assert_eq!(refused(common), "is too common; choose another", "{common}");
        }
    }

    #[test]
    fn the_list_is_sorted_lower_case_and_long_enough_to_matter() {
        assert!(COMMON_PASSWORDS.len() >= 200);
        assert!(COMMON_PASSWORDS.windows(2).all(|pair| pair[0] < pair[1]));
        for common in COMMON_PASSWORDS {
            assert_eq!(common, common.to_lowercase(), "{common}");
            assert!(common.chars().count() >= NewPassword::MIN_CHARS, "{common}");
            assert!(is_common(common), "{common}");
        }
    }

    #[test]
    fn debug_hides_the_text() {
        let password = NewPassword::parse("tR7#kd93!xQz").expect("valid");
        assert_eq!(format!("{password:?}"), "NewPassword(***)");
    }
}
