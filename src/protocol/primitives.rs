//! Kafka's primitive types: big-endian integers, length-prefixed strings and
//! bytes, arrays, and the zig-zag varints of record batch v2.
//!
//! Encoding appends to a `Vec<u8>` (it cannot fail). Decoding reads from any
//! [`std::io::Read`], so the same code walks an in-memory buffer or a socket.
//! Every length read from the wire is checked against a caller-given cap before
//! anything is allocated, and byte payloads are read incrementally so that a
//! lying length prefix costs at most the bytes that actually arrived.
//!
//! Reference: Kafka protocol guide, "Protocol Primitive Types".

use byteorder::{BigEndian, ReadBytesExt};
use std::io::{self, Read};

use super::error::ProtocolError;

/// Largest string the decoder accepts (Kafka strings have an i16 length anyway).
pub const MAX_STRING: usize = i16::MAX as usize;
/// Longest topic name Kafka accepts.
pub const MAX_TOPIC_NAME: usize = 249;

/// Appends Kafka primitives to a buffer.
pub trait Encoder {
    /// INT8.
    fn put_i8(&mut self, v: i8);
    /// INT16, big-endian.
    fn put_i16(&mut self, v: i16);
    /// INT32, big-endian.
    fn put_i32(&mut self, v: i32);
    /// UINT32, big-endian.
    fn put_u32(&mut self, v: u32);
    /// INT64, big-endian.
    fn put_i64(&mut self, v: i64);
    /// STRING: i16 length then UTF-8 bytes.
    fn put_string(&mut self, v: &str);
    /// NULLABLE_STRING: length -1 for null.
    fn put_nullable_string(&mut self, v: Option<&str>);
    /// BYTES: i32 length then the bytes.
    fn put_bytes(&mut self, v: &[u8]);
    /// NULLABLE_BYTES: length -1 for null.
    fn put_nullable_bytes(&mut self, v: Option<&[u8]>);
    /// The i32 element count that starts an ARRAY.
    fn put_array_len(&mut self, n: usize);
    /// VARINT: zig-zag encoded i32.
    fn put_varint(&mut self, v: i32);
    /// VARLONG: zig-zag encoded i64.
    fn put_varlong(&mut self, v: i64);
}

impl Encoder for Vec<u8> {
    fn put_i8(&mut self, v: i8) {
        self.push(v as u8);
    }
    fn put_i16(&mut self, v: i16) {
        self.extend_from_slice(&v.to_be_bytes());
    }
    fn put_i32(&mut self, v: i32) {
        self.extend_from_slice(&v.to_be_bytes());
    }
    fn put_u32(&mut self, v: u32) {
        self.extend_from_slice(&v.to_be_bytes());
    }
    fn put_i64(&mut self, v: i64) {
        self.extend_from_slice(&v.to_be_bytes());
    }
    fn put_string(&mut self, v: &str) {
        // Callers validate names; a longer string is cut rather than wrapping the length.
        let b = &v.as_bytes()[..v.len().min(MAX_STRING)];
        self.put_i16(b.len() as i16);
        self.extend_from_slice(b);
    }
    fn put_nullable_string(&mut self, v: Option<&str>) {
        match v {
            Some(s) => self.put_string(s),
            None => self.put_i16(-1),
        }
    }
    fn put_bytes(&mut self, v: &[u8]) {
        self.put_i32(v.len() as i32);
        self.extend_from_slice(v);
    }
    fn put_nullable_bytes(&mut self, v: Option<&[u8]>) {
        match v {
            Some(b) => self.put_bytes(b),
            None => self.put_i32(-1),
        }
    }
    fn put_array_len(&mut self, n: usize) {
        self.put_i32(n as i32);
    }
    fn put_varint(&mut self, v: i32) {
        put_unsigned_varint(self, ((v << 1) ^ (v >> 31)) as u32 as u64);
    }
    fn put_varlong(&mut self, v: i64) {
        put_unsigned_varint(self, ((v << 1) ^ (v >> 63)) as u64);
    }
}

fn put_unsigned_varint(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

/// Number of bytes [`Encoder::put_varint`] writes for `v`.
pub fn varint_len(v: i32) -> usize {
    unsigned_varint_len(((v << 1) ^ (v >> 31)) as u32 as u64)
}

/// Number of bytes [`Encoder::put_varlong`] writes for `v`.
pub fn varlong_len(v: i64) -> usize {
    unsigned_varint_len(((v << 1) ^ (v >> 63)) as u64)
}

fn unsigned_varint_len(mut v: u64) -> usize {
    let mut n = 1;
    while v >= 0x80 {
        v >>= 7;
        n += 1;
    }
    n
}

/// Reads Kafka primitives from any byte source.
pub trait Decoder: Read {
    /// INT8.
    fn get_i8(&mut self) -> Result<i8, ProtocolError> {
        Ok(self.read_i8()?)
    }
    /// INT16.
    fn get_i16(&mut self) -> Result<i16, ProtocolError> {
        Ok(self.read_i16::<BigEndian>()?)
    }
    /// INT32.
    fn get_i32(&mut self) -> Result<i32, ProtocolError> {
        Ok(self.read_i32::<BigEndian>()?)
    }
    /// UINT32.
    fn get_u32(&mut self) -> Result<u32, ProtocolError> {
        Ok(self.read_u32::<BigEndian>()?)
    }
    /// INT64.
    fn get_i64(&mut self) -> Result<i64, ProtocolError> {
        Ok(self.read_i64::<BigEndian>()?)
    }
    /// BOOLEAN.
    fn get_bool(&mut self) -> Result<bool, ProtocolError> {
        Ok(self.read_u8()? != 0)
    }
    /// STRING; a null string is an error here.
    fn get_string(&mut self, what: &'static str) -> Result<String, ProtocolError> {
        self.get_nullable_string(what)?
            .ok_or(ProtocolError::UnexpectedNull { what })
    }
    /// A topic name: a STRING of at most [`MAX_TOPIC_NAME`] bytes, as Kafka
    /// allows. Capping it keeps a response that repeats topic names per
    /// partition from costing far more memory than its own size.
    fn get_topic_name(&mut self) -> Result<String, ProtocolError> {
        let len = self.get_i16()?;
        check_len("topic name", len as i64, MAX_TOPIC_NAME)?;
        let bytes = read_exact_vec(self, len as usize, "topic name")?;
        String::from_utf8(bytes).map_err(|_| ProtocolError::InvalidUtf8 { what: "topic name" })
    }
    /// NULLABLE_STRING.
    fn get_nullable_string(&mut self, what: &'static str) -> Result<Option<String>, ProtocolError> {
        let len = self.get_i16()?;
        if len < 0 {
            return Ok(None);
        }
        let bytes = read_exact_vec(self, len as usize, what)?;
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| ProtocolError::InvalidUtf8 { what })
    }
    /// NULLABLE_BYTES, refusing a length above `cap`.
    fn get_nullable_bytes(
        &mut self,
        what: &'static str,
        cap: usize,
    ) -> Result<Option<Vec<u8>>, ProtocolError> {
        let len = self.get_i32()?;
        if len < 0 {
            return Ok(None);
        }
        check_len(what, len as i64, cap)?;
        read_exact_vec(self, len as usize, what).map(Some)
    }
    /// The i32 count of an ARRAY; -1 (null) reads as `None`. Counts above `cap` are refused.
    fn get_array_len(
        &mut self,
        what: &'static str,
        cap: usize,
    ) -> Result<Option<usize>, ProtocolError> {
        let n = self.get_i32()?;
        if n < 0 {
            return Ok(None);
        }
        check_len(what, n as i64, cap)?;
        Ok(Some(n as usize))
    }
    /// An ARRAY count where null is read as empty.
    fn get_array_len_or_empty(
        &mut self,
        what: &'static str,
        cap: usize,
    ) -> Result<usize, ProtocolError> {
        Ok(self.get_array_len(what, cap)?.unwrap_or(0))
    }
    /// VARINT (zig-zag).
    fn get_varint(&mut self) -> Result<i32, ProtocolError> {
        let raw = get_unsigned_varint(self, 5)?;
        if raw > u32::MAX as u64 {
            return Err(ProtocolError::BadVarint);
        }
        let raw = raw as u32;
        Ok(((raw >> 1) as i32) ^ -((raw & 1) as i32))
    }
    /// VARLONG (zig-zag).
    fn get_varlong(&mut self) -> Result<i64, ProtocolError> {
        let raw = get_unsigned_varint(self, 10)?;
        Ok(((raw >> 1) as i64) ^ -((raw & 1) as i64))
    }
    /// Reads and discards `n` bytes.
    fn skip(&mut self, n: u64) -> Result<(), ProtocolError> {
        let copied = io::copy(&mut self.take(n), &mut io::sink())?;
        if copied < n {
            return Err(ProtocolError::Truncated {
                what: "skipped bytes",
            });
        }
        Ok(())
    }
}

impl<R: Read + ?Sized> Decoder for R {}

fn get_unsigned_varint<R: Read + ?Sized>(
    r: &mut R,
    max_bytes: usize,
) -> Result<u64, ProtocolError> {
    let mut value = 0u64;
    for i in 0..max_bytes {
        let b = r.read_u8()?;
        value |= ((b & 0x7f) as u64) << (7 * i);
        if b & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err(ProtocolError::BadVarint)
}

/// Refuses a wire length that is negative or above `cap`.
pub fn check_len(what: &'static str, len: i64, cap: usize) -> Result<(), ProtocolError> {
    if len < 0 || len as u64 > cap as u64 {
        return Err(ProtocolError::LengthOutOfRange { what, len, cap });
    }
    Ok(())
}

/// Reads exactly `len` bytes into a new vector. The vector grows with the data
/// that arrives (at most 64 KiB reserved ahead), so a length that lies costs
/// no more memory than the bytes actually sent.
pub fn read_exact_vec<R: Read + ?Sized>(
    r: &mut R,
    len: usize,
    what: &'static str,
) -> Result<Vec<u8>, ProtocolError> {
    let mut out = Vec::with_capacity(len.min(64 * 1024));
    let got = r.take(len as u64).read_to_end(&mut out)?;
    if got < len {
        return Err(ProtocolError::Truncated { what });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn varint_examples_from_the_spec() {
        // Zig-zag: 0 -> 0, -1 -> 1, 1 -> 2, -2 -> 3, 63 -> 126, -64 -> 127, 64 -> 128 (two bytes).
        let cases: &[(i32, &[u8])] = &[
            (0, &[0x00]),
            (-1, &[0x01]),
            (1, &[0x02]),
            (-2, &[0x03]),
            (63, &[0x7e]),
            (-64, &[0x7f]),
            (64, &[0x80, 0x01]),
            (300, &[0xd8, 0x04]),
            (i32::MAX, &[0xfe, 0xff, 0xff, 0xff, 0x0f]),
            (i32::MIN, &[0xff, 0xff, 0xff, 0xff, 0x0f]),
        ];
        for (v, bytes) in cases {
            let mut buf = Vec::new();
            buf.put_varint(*v);
            assert_eq!(&buf[..], *bytes, "encoding {v}");
            assert_eq!(varint_len(*v), bytes.len());
            assert_eq!((&bytes[..]).get_varint().unwrap(), *v);
        }
    }

    #[test]
    fn strings_and_bytes_are_length_prefixed() {
        let mut buf = Vec::new();
        buf.put_string("abc");
        buf.put_nullable_string(None);
        buf.put_bytes(b"xy");
        buf.put_nullable_bytes(None);
        assert_eq!(
            buf,
            [0, 3, b'a', b'b', b'c', 0xff, 0xff, 0, 0, 0, 2, b'x', b'y', 0xff, 0xff, 0xff, 0xff]
        );
        let mut r = &buf[..];
        assert_eq!(r.get_string("s").unwrap(), "abc");
        assert_eq!(r.get_nullable_string("s").unwrap(), None);
        assert_eq!(r.get_nullable_bytes("b", 10).unwrap().unwrap(), b"xy");
        assert_eq!(r.get_nullable_bytes("b", 10).unwrap(), None);
    }

    #[test]
    fn lengths_above_the_cap_are_refused_before_allocation() {
        let buf = [0x7f, 0xff, 0xff, 0xff];
        let err = (&buf[..]).get_nullable_bytes("value", 1024).unwrap_err();
        assert!(matches!(
            err,
            ProtocolError::LengthOutOfRange {
                len: 2147483647,
                ..
            }
        ));
    }

    #[test]
    fn truncated_input_is_an_error() {
        let buf = [0, 0, 0, 10, 1, 2];
        let err = (&buf[..]).get_nullable_bytes("value", 1024).unwrap_err();
        assert!(matches!(err, ProtocolError::Truncated { .. }));
        assert!(matches!(
            (&[0x80u8, 0x80][..]).get_varint(),
            Err(ProtocolError::Truncated { .. })
        ));
        let overlong = [0xffu8; 11];
        assert!(matches!(
            (&overlong[..]).get_varlong(),
            Err(ProtocolError::BadVarint)
        ));
    }

    proptest! {
        #[test]
        fn varlong_round_trip(v: i64) {
            let mut buf = Vec::new();
            buf.put_varlong(v);
            prop_assert_eq!(buf.len(), varlong_len(v));
            prop_assert_eq!((&buf[..]).get_varlong().unwrap(), v);
        }

        #[test]
        fn varint_round_trip(v: i32) {
            let mut buf = Vec::new();
            buf.put_varint(v);
            prop_assert_eq!((&buf[..]).get_varint().unwrap(), v);
        }
    }
}
