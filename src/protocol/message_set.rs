//! Legacy message sets: message format magic 0 (Kafka 0.8–0.9) and magic 1
//! (Kafka 0.10, KIP-32 timestamps).
//!
//! ```text
//! offset: int64  message_size: int32
//! crc: uint32 (CRC-32 IEEE of magic .. end)  magic: int8  attributes: int8
//! timestamp: int64 (magic 1 only)  key: bytes  value: bytes
//! ```
//!
//! A compressed message is a wrapper whose value is a whole message set,
//! compressed with the codec in the wrapper's attributes. Inner offsets are
//! absolute in magic 0. In magic 1 they are relative (0, 1, ...) and the wrapper
//! carries the absolute offset of the last inner message (KIP-31).
//!
//! Brokers up to 3.9 still send these formats to clients that ask for Fetch
//! versions 0 to 3, converting from record batch v2 on the fly.
//!
//! Reference: Kafka protocol guide "Message sets"; KIP-31, KIP-32.

use std::io::Read;

use super::compression::Compression;
use super::error::ProtocolError;
use super::primitives::{check_len, read_exact_vec, Decoder, Encoder};
use super::record_batch::MAX_RECORD_BYTES;

/// attributes bit 3 (magic 1): the timestamp is the broker's append time.
const ATTR_LOG_APPEND_TIME: i8 = 0x08;

/// One legacy message, CRC checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyMessage {
    /// Offset as written on the wire (relative inside a magic-1 wrapper).
    pub offset: i64,
    /// 0 or 1.
    pub magic: i8,
    /// Attributes: codec in bits 0-2, timestamp type in bit 3 (magic 1).
    pub attributes: i8,
    /// Timestamp (magic 1), -1 for magic 0.
    pub timestamp: i64,
    /// Key.
    pub key: Option<Vec<u8>>,
    /// Value; for a wrapper, the compressed inner message set.
    pub value: Option<Vec<u8>>,
}

impl LegacyMessage {
    /// Codec of a wrapper; `None` for a plain message.
    pub fn compression(&self) -> Result<Compression, ProtocolError> {
        Ok(Compression::from_attributes(self.attributes as i16)?)
    }
    /// True when the broker stamped the timestamp at append time.
    pub fn log_append_time(&self) -> bool {
        self.magic >= 1 && self.attributes & ATTR_LOG_APPEND_TIME != 0
    }
}

/// Parses a message from `body`, the bytes after its offset and size fields,
/// and checks its CRC-32.
pub fn parse_message(offset: i64, body: &[u8]) -> Result<LegacyMessage, ProtocolError> {
    let mut r = body;
    let stored = r.get_u32()?;
    let computed = crc32fast::hash(r);
    if stored != computed {
        return Err(ProtocolError::BadCrc {
            kind: "CRC-32",
            offset,
            stored,
            computed,
        });
    }
    let magic = r.get_i8()?;
    if !(0..=1).contains(&magic) {
        return Err(ProtocolError::UnknownMagic { magic, offset });
    }
    let attributes = r.get_i8()?;
    let timestamp = if magic == 1 { r.get_i64()? } else { -1 };
    let key = r.get_nullable_bytes("message key", MAX_RECORD_BYTES)?;
    let value = r.get_nullable_bytes("message value", MAX_RECORD_BYTES)?;
    if !r.is_empty() {
        return Err(ProtocolError::Malformed {
            what: "message",
            reason: format!("{} bytes after the value", r.len()),
        });
    }
    Ok(LegacyMessage {
        offset,
        magic,
        attributes,
        timestamp,
        key,
        value,
    })
}

/// Reads the next message of an inner (decompressed) message set.
/// Returns `None` at the clean end of the set.
pub fn read_inner_message<R: Read>(r: &mut R) -> Result<Option<LegacyMessage>, ProtocolError> {
    let mut first = [0u8; 8];
    let mut got = 0;
    while got < 8 {
        match r.read(&mut first[got..])? {
            0 if got == 0 => return Ok(None),
            0 => {
                return Err(ProtocolError::Truncated {
                    what: "inner message offset",
                })
            }
            n => got += n,
        }
    }
    let offset = i64::from_be_bytes(first);
    let size = r.get_i32()?;
    check_len("inner message", size as i64, MAX_RECORD_BYTES)?;
    let body = read_exact_vec(r, size as usize, "inner message")?;
    parse_message(offset, &body).map(Some)
}

/// Encodes one legacy message (offset, size, crc, ...) into `out`. Used to
/// build fixtures; brokers accept this format only on Produce v0–v2.
pub fn encode_message(
    out: &mut Vec<u8>,
    offset: i64,
    magic: i8,
    attributes: i8,
    timestamp: i64,
    key: Option<&[u8]>,
    value: Option<&[u8]>,
) {
    out.put_i64(offset);
    let size_at = out.len();
    out.put_i32(0);
    let crc_at = out.len();
    out.put_u32(0);
    out.put_i8(magic);
    out.put_i8(attributes);
    if magic >= 1 {
        out.put_i64(timestamp);
    }
    out.put_nullable_bytes(key);
    out.put_nullable_bytes(value);
    let size = (out.len() - crc_at) as i32;
    out[size_at..size_at + 4].copy_from_slice(&size.to_be_bytes());
    let crc = crc32fast::hash(&out[crc_at + 4..]);
    out[crc_at..crc_at + 4].copy_from_slice(&crc.to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Magic 0 message "hi" with no key, laid out by hand from the protocol guide;
    /// the CRC is the standard CRC-32 of bytes magic..end.
    #[test]
    fn golden_magic0_message() {
        let mut out = Vec::new();
        encode_message(&mut out, 5, 0, 0, -1, None, Some(b"hi"));
        let body: [u8; 12] = [0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 2, b'h', b'i'];
        let crc = crc32fast::hash(&body);
        let mut expected = vec![0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 16];
        expected.extend_from_slice(&crc.to_be_bytes());
        expected.extend_from_slice(&body);
        assert_eq!(out, expected);
        let m = parse_message(5, &out[12..]).unwrap();
        assert_eq!(m.value.as_deref(), Some(&b"hi"[..]));
        assert_eq!(m.timestamp, -1);
    }

    #[test]
    fn magic1_carries_a_timestamp_and_bad_crc_is_caught() {
        let mut out = Vec::new();
        encode_message(&mut out, 9, 1, 0, 1234, Some(b"k"), Some(b"v"));
        let m = parse_message(9, &out[12..]).unwrap();
        assert_eq!((m.magic, m.timestamp), (1, 1234));
        assert_eq!(m.key.as_deref(), Some(&b"k"[..]));
        let n = out.len();
        out[n - 1] ^= 0xff;
        assert!(matches!(
            parse_message(9, &out[12..]),
            Err(ProtocolError::BadCrc {
                kind: "CRC-32",
                offset: 9,
                ..
            })
        ));
    }

    #[test]
    fn inner_set_reads_to_a_clean_end() {
        let mut set = Vec::new();
        encode_message(&mut set, 0, 1, 0, 1, None, Some(b"a"));
        encode_message(&mut set, 1, 1, 0, 2, None, Some(b"b"));
        let mut r = &set[..];
        assert_eq!(read_inner_message(&mut r).unwrap().unwrap().offset, 0);
        assert_eq!(read_inner_message(&mut r).unwrap().unwrap().offset, 1);
        assert!(read_inner_message(&mut r).unwrap().is_none());
        let mut cut = &set[..set.len() - 1];
        read_inner_message(&mut cut).unwrap();
        assert!(read_inner_message(&mut cut).is_err());
    }
}
