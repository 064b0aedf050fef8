//! Record batch v2 (message format magic 2), the format of Kafka 0.11 and later.
//!
//! ```text
//! baseOffset: int64            batchLength: int32         partitionLeaderEpoch: int32
//! magic: int8 (= 2)            crc: uint32 (CRC-32C of attributes .. end)
//! attributes: int16            lastOffsetDelta: int32     baseTimestamp: int64
//! maxTimestamp: int64          producerId: int64          producerEpoch: int16
//! baseSequence: int32          records: [Record] (count int32, then maybe compressed)
//! ```
//!
//! A record is `length: varint`, then `attributes: int8`, `timestampDelta: varlong`,
//! `offsetDelta: varint`, `key` and `value` (varint length, -1 for null) and
//! headers (varint count of varint-length string key and varint-length value).
//!
//! The producer compresses all records of a batch as one unit; the consumer
//! decompresses them as a stream and hands out one record at a time.
//!
//! Reference: Kafka protocol guide "Record Batch"; KIP-98 (format, control
//! batches), KIP-82 (headers), KIP-32 (timestamps).

use std::io::{BufRead, Read};

use super::compression::{self, Compression};
use super::error::ProtocolError;
use super::primitives::{read_exact_vec, Decoder, Encoder};

/// Bytes of the batch header that precede the records count's end: from
/// baseOffset through the records count.
pub const BATCH_HEADER_LEN: usize = 61;
/// Offset of the CRC-covered region (attributes) from the start of the batch.
const CRC_START: usize = 21;
/// Largest single record the decoder accepts.
pub const MAX_RECORD_BYTES: usize = 512 << 20;

/// attributes bit 3: timestamps are the broker's append time (maxTimestamp).
const ATTR_LOG_APPEND_TIME: i16 = 0x08;
/// attributes bit 4: the batch belongs to a transaction.
const ATTR_TRANSACTIONAL: i16 = 0x10;
/// attributes bit 5: the batch holds a transaction marker, not user data.
const ATTR_CONTROL: i16 = 0x20;

/// A record header (KIP-82).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Header key.
    pub key: String,
    /// Header value; null is allowed.
    pub value: Option<Vec<u8>>,
}

/// A record as the consumer sees it, whatever format it arrived in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Absolute offset in the partition.
    pub offset: i64,
    /// Milliseconds since the epoch (create or log-append time), -1 when unknown (magic 0).
    pub timestamp: i64,
    /// Key, if any.
    pub key: Option<Vec<u8>>,
    /// Value (payload); null for a tombstone.
    pub value: Option<Vec<u8>>,
    /// Headers (empty before magic 2).
    pub headers: Vec<Header>,
    /// Codec the record travelled in.
    pub compression: Compression,
}

/// A record to produce.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProducerRecord {
    /// Key, if any.
    pub key: Option<Vec<u8>>,
    /// Value; null for a tombstone.
    pub value: Option<Vec<u8>>,
    /// Headers.
    pub headers: Vec<Header>,
    /// Create time in milliseconds since the epoch.
    pub timestamp: i64,
}

/// Idempotent-producer fields of a batch (KIP-98); `NONE` when not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProducerState {
    /// Producer id, -1 without idempotence.
    pub producer_id: i64,
    /// Producer epoch, -1 without idempotence.
    pub producer_epoch: i16,
    /// Sequence number of the first record, -1 without idempotence.
    pub base_sequence: i32,
}

impl ProducerState {
    /// A plain, non-idempotent producer.
    pub const NONE: ProducerState = ProducerState {
        producer_id: -1,
        producer_epoch: -1,
        base_sequence: -1,
    };
}

/// Encodes `records` as one batch at base offset 0 (the broker assigns offsets),
/// compressing the records section with `codec`. `scratch` is reused between
/// calls to avoid an allocation per batch.
pub fn encode_batch<'r, I>(
    records: I,
    codec: Compression,
    producer: ProducerState,
    out: &mut Vec<u8>,
    scratch: &mut Vec<u8>,
) -> Result<(), ProtocolError>
where
    I: IntoIterator<Item = &'r ProducerRecord>,
    I::IntoIter: ExactSizeIterator + Clone,
{
    let records = records.into_iter();
    let count = records.len();
    let base_timestamp = records.clone().map(|r| r.timestamp).min().unwrap_or(0);
    let max_timestamp = records.clone().map(|r| r.timestamp).max().unwrap_or(0);

    let start = out.len();
    out.put_i64(0); // baseOffset
    out.put_i32(0); // batchLength, patched below
    out.put_i32(-1); // partitionLeaderEpoch: set by the broker
    out.put_i8(2); // magic
    out.put_u32(0); // crc, patched below
    out.put_i16(codec.id()); // attributes: codec, create time, not transactional
    out.put_i32(count.saturating_sub(1) as i32); // lastOffsetDelta
    out.put_i64(base_timestamp);
    out.put_i64(max_timestamp);
    out.put_i64(producer.producer_id);
    out.put_i16(producer.producer_epoch);
    out.put_i32(producer.base_sequence);
    out.put_i32(count as i32);

    if codec == Compression::None {
        encode_records(records, base_timestamp, out);
    } else {
        scratch.clear();
        encode_records(records, base_timestamp, scratch);
        compression::compress(codec, scratch, out)?;
    }

    let batch_length = (out.len() - start - 12) as i32;
    out[start + 8..start + 12].copy_from_slice(&batch_length.to_be_bytes());
    let crc = crc32c::crc32c(&out[start + CRC_START..]);
    out[start + 17..start + 21].copy_from_slice(&crc.to_be_bytes());
    Ok(())
}

fn encode_records<'r>(
    records: impl Iterator<Item = &'r ProducerRecord>,
    base_timestamp: i64,
    out: &mut Vec<u8>,
) {
    for (i, r) in records.enumerate() {
        // The length prefix is computed up front, so each record is written
        // once, straight into the batch.
        let timestamp_delta = r.timestamp - base_timestamp;
        let headers_len: usize = r
            .headers
            .iter()
            .map(|h| {
                varint_bytes_len(Some(h.key.as_bytes())) + varint_bytes_len(h.value.as_deref())
            })
            .sum();
        let len = 1
            + super::primitives::varlong_len(timestamp_delta)
            + super::primitives::varint_len(i as i32)
            + varint_bytes_len(r.key.as_deref())
            + varint_bytes_len(r.value.as_deref())
            + super::primitives::varint_len(r.headers.len() as i32)
            + headers_len;
        out.reserve(len + 5);
        out.put_varint(len as i32);
        out.put_i8(0); // attributes: unused
        out.put_varlong(timestamp_delta);
        out.put_varint(i as i32);
        put_varint_bytes(out, r.key.as_deref());
        put_varint_bytes(out, r.value.as_deref());
        out.put_varint(r.headers.len() as i32);
        for h in &r.headers {
            put_varint_bytes(out, Some(h.key.as_bytes()));
            put_varint_bytes(out, h.value.as_deref());
        }
    }
}

/// Encoded size of a varint-length-prefixed byte string.
fn varint_bytes_len(v: Option<&[u8]>) -> usize {
    match v {
        Some(b) => super::primitives::varint_len(b.len() as i32) + b.len(),
        None => 1,
    }
}

fn put_varint_bytes(buf: &mut Vec<u8>, v: Option<&[u8]>) {
    match v {
        Some(b) => {
            buf.put_varint(b.len() as i32);
            buf.extend_from_slice(b);
        }
        None => buf.put_varint(-1),
    }
}

/// The fixed fields of a v2 batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchHeader {
    /// Offset of the first record.
    pub base_offset: i64,
    /// Attributes (codec, timestamp type, transactional, control).
    pub attributes: i16,
    /// Offset of the last record minus base offset.
    pub last_offset_delta: i32,
    /// Timestamp of the first record.
    pub base_timestamp: i64,
    /// Largest timestamp in the batch.
    pub max_timestamp: i64,
    /// Producer id, -1 if none.
    pub producer_id: i64,
    /// Number of records.
    pub records_count: i32,
}

impl BatchHeader {
    /// Codec of the records section.
    pub fn compression(&self) -> Result<Compression, ProtocolError> {
        Ok(Compression::from_attributes(self.attributes)?)
    }
    /// True for transaction markers.
    pub fn is_control(&self) -> bool {
        self.attributes & ATTR_CONTROL != 0
    }
    /// True for batches written inside a transaction.
    pub fn is_transactional(&self) -> bool {
        self.attributes & ATTR_TRANSACTIONAL != 0
    }
    /// Offset of the last record.
    pub fn last_offset(&self) -> i64 {
        // Saturating: a corrupt header must not overflow (the batch CRC covers
        // the delta but not the base offset).
        self.base_offset
            .saturating_add(self.last_offset_delta as i64)
    }
}

/// Parses a whole v2 batch held in `batch` (from baseOffset to the end) and
/// checks its CRC-32C before anything in it is trusted.
pub fn parse_batch_header(batch: &[u8]) -> Result<BatchHeader, ProtocolError> {
    let mut r = batch;
    if batch.len() < BATCH_HEADER_LEN {
        return Err(ProtocolError::Truncated {
            what: "record batch header",
        });
    }
    let base_offset = r.get_i64()?;
    let _batch_length = r.get_i32()?;
    let _leader_epoch = r.get_i32()?;
    let magic = r.get_i8()?;
    if magic != 2 {
        return Err(ProtocolError::UnknownMagic {
            magic,
            offset: base_offset,
        });
    }
    let stored = r.get_u32()?;
    let computed = crc32c::crc32c(&batch[CRC_START..]);
    if stored != computed {
        return Err(ProtocolError::BadCrc {
            kind: "CRC-32C",
            offset: base_offset,
            stored,
            computed,
        });
    }
    let attributes = r.get_i16()?;
    let last_offset_delta = r.get_i32()?;
    let base_timestamp = r.get_i64()?;
    let max_timestamp = r.get_i64()?;
    let producer_id = r.get_i64()?;
    let _producer_epoch = r.get_i16()?;
    let _base_sequence = r.get_i32()?;
    let records_count = r.get_i32()?;
    if records_count < 0 {
        return Err(ProtocolError::Malformed {
            what: "record batch",
            reason: format!("negative record count {records_count}"),
        });
    }
    Ok(BatchHeader {
        base_offset,
        attributes,
        last_offset_delta,
        base_timestamp,
        max_timestamp,
        producer_id,
        records_count,
    })
}

/// Reads one record of a v2 batch from `r` (the possibly decompressed records section).
pub fn read_record<R: BufRead>(r: &mut R, h: &BatchHeader) -> Result<Record, ProtocolError> {
    let len = r.get_varint()?;
    super::primitives::check_len("record", len as i64, MAX_RECORD_BYTES)?;
    let mut body = r.take(len as u64);
    let _attributes = body.get_i8()?;
    let timestamp_delta = body.get_varlong()?;
    let offset_delta = body.get_varint()?;
    let key = get_varint_bytes(&mut body, "record key")?;
    let value = get_varint_bytes(&mut body, "record value")?;
    let header_count = body.get_varint()?;
    super::primitives::check_len("record headers", header_count as i64, len as usize)?;
    let mut headers = Vec::with_capacity(header_count as usize);
    for _ in 0..header_count {
        let k = get_varint_bytes(&mut body, "header key")?
            .ok_or(ProtocolError::UnexpectedNull { what: "header key" })?;
        let key =
            String::from_utf8(k).map_err(|_| ProtocolError::InvalidUtf8 { what: "header key" })?;
        let value = get_varint_bytes(&mut body, "header value")?;
        headers.push(Header { key, value });
    }
    if body.limit() != 0 {
        // The record's length and its fields disagree: the batch is corrupt.
        return Err(ProtocolError::Malformed {
            what: "record",
            reason: format!("{} bytes left after the last header", body.limit()),
        });
    }
    let timestamp = if h.attributes & ATTR_LOG_APPEND_TIME != 0 {
        h.max_timestamp
    } else {
        h.base_timestamp.wrapping_add(timestamp_delta)
    };
    Ok(Record {
        offset: h.base_offset.wrapping_add(offset_delta as i64),
        timestamp,
        key,
        value,
        headers,
        compression: Compression::from_attributes(h.attributes)?,
    })
}

fn get_varint_bytes<R: Read>(
    r: &mut R,
    what: &'static str,
) -> Result<Option<Vec<u8>>, ProtocolError> {
    let len = r.get_varint()?;
    if len < 0 {
        return Ok(None);
    }
    super::primitives::check_len(what, len as i64, MAX_RECORD_BYTES)?;
    read_exact_vec(r, len as usize, what).map(Some)
}

/// The type of a control record (transaction marker), from its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlType {
    /// The transaction was aborted.
    Abort,
    /// The transaction was committed.
    Commit,
    /// A marker kafka_rs does not interpret.
    Other(i16),
}

/// Decodes a control record's key: version int16, type int16.
pub fn control_type(record: &Record) -> ControlType {
    let Some(key) = record.key.as_deref() else {
        return ControlType::Other(-1);
    };
    if key.len() < 4 {
        return ControlType::Other(-1);
    }
    match i16::from_be_bytes([key[2], key[3]]) {
        0 => ControlType::Abort,
        1 => ControlType::Commit,
        t => ControlType::Other(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn rec(key: Option<&[u8]>, value: &[u8], ts: i64) -> ProducerRecord {
        ProducerRecord {
            key: key.map(|k| k.to_vec()),
            value: Some(value.to_vec()),
            headers: vec![Header {
                key: "h".into(),
                value: Some(b"v".to_vec()),
            }],
            timestamp: ts,
        }
    }

    /// A batch of one record, checked byte for byte against the layout in the
    /// protocol guide, with the CRC-32C computed independently over the bytes.
    #[test]
    fn golden_single_record_batch() {
        let records = [ProducerRecord {
            key: None,
            value: Some(b"hi".to_vec()),
            headers: vec![],
            timestamp: 1000,
        }];
        let mut out = Vec::new();
        encode_batch(
            &records,
            Compression::None,
            ProducerState::NONE,
            &mut out,
            &mut Vec::new(),
        )
        .unwrap();
        let mut expected: Vec<u8> = vec![
            0, 0, 0, 0, 0, 0, 0, 0, // baseOffset 0
            0, 0, 0, 0x3a, // batchLength 58 = 49 header bytes after it + 9 record bytes
            0xff, 0xff, 0xff, 0xff, // partitionLeaderEpoch -1
            2,    // magic
            0, 0, 0, 0, // crc, filled below
            0, 0, // attributes
            0, 0, 0, 0, // lastOffsetDelta
            0, 0, 0, 0, 0, 0, 0x03, 0xe8, // baseTimestamp 1000
            0, 0, 0, 0, 0, 0, 0x03, 0xe8, // maxTimestamp 1000
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // producerId -1
            0xff, 0xff, // producerEpoch -1
            0xff, 0xff, 0xff, 0xff, // baseSequence -1
            0, 0, 0, 1, // records count
            // record: length 8, attributes 0, tsDelta 0, offsetDelta 0,
            // key null (-1 -> 0x01), value len 2 (0x04) "hi", headers 0
            0x10, 0, 0, 0, 0x01, 0x04, b'h', b'i', 0,
        ];
        let crc = crc32c::crc32c(&expected[21..]);
        expected[17..21].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(out, expected);
    }

    #[test]
    fn round_trip_every_codec() {
        for codec in [
            Compression::None,
            Compression::Gzip,
            Compression::Snappy,
            Compression::Lz4,
            Compression::Zstd,
        ] {
            let records: Vec<_> = (0..50)
                .map(|i| {
                    rec(
                        if i % 2 == 0 { Some(b"k") } else { None },
                        format!("value-{i}").as_bytes(),
                        5000 + i,
                    )
                })
                .collect();
            let mut out = Vec::new();
            encode_batch(
                &records,
                codec,
                ProducerState::NONE,
                &mut out,
                &mut Vec::new(),
            )
            .unwrap();
            let h = parse_batch_header(&out).unwrap();
            assert_eq!(h.records_count, 50);
            assert_eq!(h.compression().unwrap(), codec);
            let section = out[BATCH_HEADER_LEN..].to_vec();
            let mut reader = std::io::BufReader::new(
                compression::decompressor(codec, Cursor::new(section)).unwrap(),
            );
            for (i, want) in records.iter().enumerate() {
                let got = read_record(&mut reader, &h).unwrap();
                assert_eq!(got.offset, i as i64);
                assert_eq!(got.timestamp, want.timestamp);
                assert_eq!(got.key, want.key);
                assert_eq!(got.value, want.value);
                assert_eq!(got.headers, want.headers);
                assert_eq!(got.compression, codec);
            }
        }
    }

    #[test]
    fn a_flipped_bit_fails_the_crc() {
        let mut out = Vec::new();
        encode_batch(
            &[rec(None, b"payload", 1)],
            Compression::None,
            ProducerState::NONE,
            &mut out,
            &mut Vec::new(),
        )
        .unwrap();
        let last = out.len() - 3;
        out[last] ^= 0x01;
        assert!(matches!(
            parse_batch_header(&out),
            Err(ProtocolError::BadCrc {
                kind: "CRC-32C",
                offset: 0,
                ..
            })
        ));
    }

    #[test]
    fn control_record_types() {
        let mut r = Record {
            offset: 0,
            timestamp: 0,
            key: Some(vec![0, 0, 0, 0]),
            value: None,
            headers: vec![],
            compression: Compression::None,
        };
        assert_eq!(control_type(&r), ControlType::Abort);
        r.key = Some(vec![0, 0, 0, 1]);
        assert_eq!(control_type(&r), ControlType::Commit);
    }
}
