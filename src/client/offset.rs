//! Offsets as PHP hands them over, and the original library's constants.
//!
//! kafka-php carried offsets as 16 hex digits so that a 64-bit offset
//! survived 32-bit PHP, and its constants were -1 (latest) and -2 (earliest).
//! kafka_rs returns decimal strings, its constants are the strings "-1" and
//! "-2", and it accepts, on the way in: an integer, a decimal string, exactly
//! 16 hex digits (two's complement, so "ffffffffffffffff" is -1), or a constant.

use super::consumer::StartOffset;

/// `Kafka::OFFSETS_LATEST`: the end of the partition.
pub const OFFSETS_LATEST: &str = "-1";
/// `Kafka::OFFSETS_EARLIEST`: the first offset still in the partition.
pub const OFFSETS_EARLIEST: &str = "-2";

/// Interprets an integer offset: -1 latest, -2 earliest, 0 and up as given.
pub fn from_int(v: i64) -> Result<StartOffset, String> {
    match v {
        -1 => Ok(StartOffset::Latest),
        -2 => Ok(StartOffset::Earliest),
        v if v >= 0 => Ok(StartOffset::At(v)),
        v => Err(format!(
            "offset {v} is negative (use -1/OFFSETS_LATEST or -2/OFFSETS_EARLIEST)"
        )),
    }
}

/// Interprets a string offset: 16 hex digits (kafka-php's form), or a decimal
/// number of at most 19 digits, optionally signed.
pub fn from_str(s: &str) -> Result<StartOffset, String> {
    let t = s.trim();
    if t.len() == 16 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
        return u64::from_str_radix(t, 16)
            .map_err(|_| format!("offset \"{s}\" is not a valid hex offset"))
            .and_then(|u| from_int(u as i64));
    }
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "offset \"{s}\" is not a number (expected a decimal offset, 16 hex digits, or an OFFSETS_* constant)"
        ));
    }
    t.parse::<i64>()
        .map_err(|_| format!("offset \"{s}\" is out of range (largest is {})", i64::MAX))
        .and_then(from_int)
}

/// Formats an offset for PHP: always a decimal string.
pub fn to_string(offset: i64) -> String {
    offset.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_and_forms() {
        assert_eq!(from_str(OFFSETS_LATEST), Ok(StartOffset::Latest));
        assert_eq!(from_str(OFFSETS_EARLIEST), Ok(StartOffset::Earliest));
        assert_eq!(from_str("ffffffffffffffff"), Ok(StartOffset::Latest));
        assert_eq!(from_str("fffffffffffffffe"), Ok(StartOffset::Earliest));
        assert_eq!(from_str("0000000000000010"), Ok(StartOffset::At(16)));
        assert_eq!(from_str("7fffffffffffffff"), Ok(StartOffset::At(i64::MAX)));
        assert_eq!(
            from_str("9223372036854775807"),
            Ok(StartOffset::At(i64::MAX))
        );
        assert_eq!(from_str("42"), Ok(StartOffset::At(42)));
        assert_eq!(from_str("-2"), Ok(StartOffset::Earliest));
        assert_eq!(from_int(-1), Ok(StartOffset::Latest));
        assert_eq!(from_int(7), Ok(StartOffset::At(7)));
    }

    #[test]
    fn bad_offsets_name_the_value() {
        for s in ["abc", "", "1.5", "9223372036854775808", "-3", "0x10"] {
            let e = from_str(s).unwrap_err();
            assert!(e.contains(s), "{s}: {e}");
        }
        assert!(from_int(-5).unwrap_err().contains("-5"));
    }
}
