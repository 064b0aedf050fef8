//! Streaming decoder for the `records` field of a Fetch response partition.
//!
//! The field is a sequence of entries, each `offset: int64, length: int32`
//! followed by `length` bytes. The magic byte at the same position in every
//! format (byte 16 of the entry) says whether the entry is a record batch v2 or
//! a legacy message, so one reader serves every format a broker may send.
//!
//! Memory: one entry (one batch, as stored by the broker) is held at a time so
//! that its checksum is verified before any record in it is handed out; the
//! records of a compressed batch are decompressed as a stream, so a batch that
//! inflates to gigabytes still costs one record at a time.
//!
//! Defensive branches, and why they exist:
//! - the last entry may be cut off by the fetch size: that is normal end of
//!   data, and the next fetch starts at the cut record;
//! - a broker returns whole batches, so records before the requested offset
//!   are skipped;
//! - with read_committed isolation, batches of aborted transactions and
//!   control (marker) batches are dropped (KIP-98).
//!
//! Reference: Kafka protocol guide "Record Batch", "Message sets"; KIP-98.

use std::collections::HashSet;
use std::io::{BufReader, Cursor, Read};

use super::compression::{self, Compression};
use super::error::ProtocolError;
use super::message_set::{self, LegacyMessage};
use super::primitives::Decoder;
use super::record_batch::{self, BatchHeader, ControlType, Record, BATCH_HEADER_LEN};

/// An aborted transaction listed in a read_committed Fetch response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AbortedTransaction {
    /// Producer id of the transaction.
    pub producer_id: i64,
    /// First offset of the transaction in this partition.
    pub first_offset: i64,
}

/// Buffer size for reading decompressed record streams.
const DECOMPRESSED_BUF: usize = 64 * 1024;

enum Source {
    Plain(Cursor<Vec<u8>>),
    Compressed(BufReader<Box<dyn Read + Send>>),
}

enum Current {
    Idle,
    Batch {
        header: BatchHeader,
        source: Source,
        left: i32,
    },
    LegacySingle(Option<Record>),
    LegacyInner {
        reader: BufReader<Box<dyn Read + Send>>,
        wrapper: LegacyMessage,
        codec: Compression,
        /// Added to inner offsets: 0 for magic 0, wrapper offset minus the last
        /// relative offset for magic 1.
        shift: i64,
    },
}

/// Pulls records one at a time out of a records section of known length.
pub struct RecordsReader {
    remaining: u64,
    fetch_offset: i64,
    current: Current,
    read_committed: bool,
    aborted: Vec<AbortedTransaction>,
    next_aborted: usize,
    aborted_producers: HashSet<i64>,
    end_offset: Option<i64>,
    cut_off: bool,
}

impl RecordsReader {
    /// A reader for `len` bytes of records. Records before `fetch_offset` are
    /// skipped; `aborted` (read_committed only) lists transactions to drop.
    pub fn new(
        len: u64,
        fetch_offset: i64,
        read_committed: bool,
        mut aborted: Vec<AbortedTransaction>,
    ) -> Self {
        aborted.sort_by_key(|a| a.first_offset);
        RecordsReader {
            remaining: len,
            fetch_offset,
            current: Current::Idle,
            read_committed,
            aborted,
            next_aborted: 0,
            aborted_producers: HashSet::new(),
            end_offset: None,
            cut_off: false,
        }
    }

    /// True when the section ended in an entry cut off by the fetch size.
    pub fn was_cut_off(&self) -> bool {
        self.cut_off
    }

    /// The offset after the last complete entry read so far, skipped ones
    /// (control batches, aborted data) included: where the next fetch starts.
    pub fn end_offset(&self) -> Option<i64> {
        self.end_offset
    }

    /// Bytes of the section not yet read from the source.
    pub fn remaining(&self) -> u64 {
        self.remaining
    }

    /// The next record, or `None` when the section is exhausted (the source is
    /// then positioned just after it).
    pub fn next_record<R: Read>(&mut self, src: &mut R) -> Result<Option<Record>, ProtocolError> {
        loop {
            if let Some(rec) = self.next_from_current()? {
                if rec.offset < self.fetch_offset {
                    continue;
                }
                return Ok(Some(rec));
            }
            if !self.load_entry(src)? {
                return Ok(None);
            }
        }
    }

    fn next_from_current(&mut self) -> Result<Option<Record>, ProtocolError> {
        match &mut self.current {
            Current::Idle => Ok(None),
            Current::Batch {
                header,
                source,
                left,
            } => {
                if *left <= 0 {
                    self.current = Current::Idle;
                    return Ok(None);
                }
                *left -= 1;
                let rec = match source {
                    Source::Plain(c) => record_batch::read_record(c, header),
                    Source::Compressed(r) => record_batch::read_record(r, header),
                }?;
                Ok(Some(rec))
            }
            Current::LegacySingle(rec) => {
                let r = rec.take();
                if r.is_none() {
                    self.current = Current::Idle;
                }
                Ok(r)
            }
            Current::LegacyInner {
                reader,
                wrapper,
                codec,
                shift,
            } => {
                match message_set::read_inner_message(reader)? {
                    None => {
                        self.current = Current::Idle;
                        Ok(None)
                    }
                    Some(inner) => {
                        if inner.compression()? != Compression::None {
                            return Err(ProtocolError::Malformed {
                            what: "message set",
                            reason: format!("compressed message nested in a compressed message at offset {}", wrapper.offset),
                        });
                        }
                        let timestamp = if wrapper.log_append_time() {
                            wrapper.timestamp
                        } else {
                            inner.timestamp
                        };
                        let offset = inner.offset.checked_add(*shift).ok_or_else(|| {
                            ProtocolError::Malformed {
                                what: "message set",
                                reason: format!(
                                    "inner offset {} out of range in the wrapper at offset {}",
                                    inner.offset, wrapper.offset
                                ),
                            }
                        })?;
                        Ok(Some(Record {
                            offset,
                            timestamp,
                            key: inner.key,
                            value: inner.value,
                            headers: Vec::new(),
                            compression: *codec,
                        }))
                    }
                }
            }
        }
    }

    /// Reads the next entry from the source into `current`. Returns false at
    /// the end of the section (including a partial entry cut off by the fetch size).
    fn load_entry<R: Read>(&mut self, src: &mut R) -> Result<bool, ProtocolError> {
        self.current = Current::Idle;
        if self.remaining < 12 {
            self.cut_off = self.remaining > 0;
            self.skip_rest(src)?;
            return Ok(false);
        }
        let mut head = [0u8; 12];
        src.read_exact(&mut head)?;
        self.remaining -= 12;
        let offset = i64::from_be_bytes([
            head[0], head[1], head[2], head[3], head[4], head[5], head[6], head[7],
        ]);
        let len = i32::from_be_bytes([head[8], head[9], head[10], head[11]]);
        if len < 0 {
            return Err(ProtocolError::Malformed {
                what: "records",
                reason: format!("negative entry length {len} at offset {offset}"),
            });
        }
        if len as u64 > self.remaining {
            // Cut off by the fetch size: normal end of data.
            self.cut_off = true;
            self.skip_rest(src)?;
            return Ok(false);
        }
        let mut buf = Vec::with_capacity((len as usize + 12).min(1 << 20));
        buf.extend_from_slice(&head);
        let got = src.take(len as u64).read_to_end(&mut buf)?;
        self.remaining -= got as u64;
        if got < len as usize {
            return Err(ProtocolError::Truncated {
                what: "record batch",
            });
        }
        if buf.len() < 17 {
            return Err(ProtocolError::Malformed {
                what: "records",
                reason: format!("entry of {len} bytes at offset {offset} is too short"),
            });
        }
        match buf[16] as i8 {
            2 => {
                // lastOffsetDelta sits at bytes 23..27 of a v2 batch.
                if buf.len() >= 27 {
                    let delta = i32::from_be_bytes([buf[23], buf[24], buf[25], buf[26]]);
                    self.end_offset = Some(offset.saturating_add(delta as i64).saturating_add(1));
                }
                self.load_batch(buf)
            }
            0 | 1 => {
                // A legacy wrapper's offset is that of its last inner message.
                self.end_offset = Some(offset.saturating_add(1));
                self.load_legacy(offset, buf)
            }
            magic => Err(ProtocolError::UnknownMagic { magic, offset }),
        }?;
        Ok(true)
    }

    fn load_batch(&mut self, buf: Vec<u8>) -> Result<(), ProtocolError> {
        let header = record_batch::parse_batch_header(&buf)?;
        if header.last_offset() < self.fetch_offset {
            return Ok(());
        }
        let codec = header.compression()?;
        let mut cursor = Cursor::new(buf);
        cursor.set_position(BATCH_HEADER_LEN as u64);
        let source = match codec {
            Compression::None => Source::Plain(cursor),
            c => Source::Compressed(BufReader::with_capacity(
                DECOMPRESSED_BUF,
                compression::decompressor(c, cursor)?,
            )),
        };
        let mut current = Current::Batch {
            left: header.records_count,
            header,
            source,
        };
        if header.is_transactional() && self.read_committed {
            while let Some(a) = self.aborted.get(self.next_aborted) {
                if a.first_offset > header.last_offset() {
                    break;
                }
                self.aborted_producers.insert(a.producer_id);
                self.next_aborted += 1;
            }
        }
        if header.is_control() {
            // A transaction marker: ends an aborted transaction, never user data.
            if let Current::Batch { source, .. } = &mut current {
                let marker = match source {
                    Source::Plain(c) => record_batch::read_record(c, &header),
                    Source::Compressed(r) => record_batch::read_record(r, &header),
                };
                if let Ok(rec) = marker {
                    if record_batch::control_type(&rec) == ControlType::Abort {
                        self.aborted_producers.remove(&header.producer_id);
                    }
                }
            }
            return Ok(());
        }
        if header.is_transactional()
            && self.read_committed
            && self.aborted_producers.contains(&header.producer_id)
        {
            return Ok(());
        }
        self.current = current;
        Ok(())
    }

    fn load_legacy(&mut self, offset: i64, buf: Vec<u8>) -> Result<(), ProtocolError> {
        let msg = message_set::parse_message(offset, &buf[12..])?;
        let codec = msg.compression()?;
        if codec == Compression::None {
            self.current = Current::LegacySingle(Some(Record {
                offset,
                timestamp: msg.timestamp,
                key: msg.key,
                value: msg.value,
                headers: Vec::new(),
                compression: Compression::None,
            }));
            return Ok(());
        }
        if offset < self.fetch_offset && msg.magic == 1 {
            // The wrapper carries the last inner offset: nothing in it is wanted.
            return Ok(());
        }
        let value = msg.value.clone().unwrap_or_default();
        let shift = if msg.magic == 1 {
            // First pass: find the last relative offset without keeping the messages.
            let mut last = None;
            let mut pass = compression::decompressor(codec, &value[..])?;
            while let Some(inner) = message_set::read_inner_message(&mut pass)? {
                last = Some(inner.offset);
            }
            offset
                .checked_sub(last.unwrap_or(0))
                .ok_or_else(|| ProtocolError::Malformed {
                    what: "message set",
                    reason: format!(
                        "relative offsets of the wrapper at offset {offset} out of range"
                    ),
                })?
        } else {
            0
        };
        let reader = BufReader::with_capacity(
            DECOMPRESSED_BUF,
            compression::decompressor(codec, Cursor::new(value))?,
        );
        self.current = Current::LegacyInner {
            reader,
            wrapper: LegacyMessage { value: None, ..msg },
            codec,
            shift,
        };
        Ok(())
    }

    fn skip_rest<R: Read>(&mut self, src: &mut R) -> Result<(), ProtocolError> {
        let n = self.remaining;
        self.remaining = 0;
        src.skip(n)
    }
}

/// Builds a records section from whole entries (tests only).
#[cfg(test)]
pub(crate) fn concat_entries(entries: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        out.extend_from_slice(e);
    }
    out
}

/// Builds a legacy compressed wrapper (for tests and fixtures): the inner set
/// compressed with `codec`, wrapped at `offset`.
#[doc(hidden)]
pub fn legacy_wrapper(
    offset: i64,
    magic: i8,
    codec: Compression,
    inner: &[u8],
    timestamp: i64,
) -> Result<Vec<u8>, ProtocolError> {
    let mut compressed = Vec::new();
    compression::compress(codec, inner, &mut compressed)?;
    let mut out = Vec::new();
    message_set::encode_message(
        &mut out,
        offset,
        magic,
        codec.id() as i8,
        timestamp,
        None,
        Some(&compressed),
    );
    Ok(out)
}

impl std::fmt::Debug for RecordsReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordsReader")
            .field("remaining", &self.remaining)
            .field("fetch_offset", &self.fetch_offset)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::message_set::encode_message;
    use crate::protocol::record_batch::{encode_batch, Header, ProducerRecord, ProducerState};

    fn batch(values: &[&str], codec: Compression, base_offset: i64) -> Vec<u8> {
        let recs: Vec<_> = values
            .iter()
            .map(|v| ProducerRecord {
                key: None,
                value: Some(v.as_bytes().to_vec()),
                headers: vec![Header {
                    key: "x".into(),
                    value: None,
                }],
                timestamp: 10,
            })
            .collect();
        let mut out = Vec::new();
        encode_batch(&recs, codec, ProducerState::NONE, &mut out, &mut Vec::new()).unwrap();
        // The broker assigns the base offset; the CRC does not cover it.
        out[..8].copy_from_slice(&base_offset.to_be_bytes());
        out
    }

    fn drain(section: &[u8], fetch_offset: i64) -> Result<Vec<(i64, String)>, ProtocolError> {
        let mut r = RecordsReader::new(section.len() as u64, fetch_offset, true, vec![]);
        let mut src = section;
        let mut out = vec![];
        while let Some(rec) = r.next_record(&mut src)? {
            out.push((
                rec.offset,
                String::from_utf8(rec.value.unwrap_or_default()).unwrap(),
            ));
        }
        assert!(src.is_empty(), "the reader consumes exactly the section");
        Ok(out)
    }

    #[test]
    fn batches_of_every_codec_in_sequence() {
        let section = concat_entries(&[
            batch(&["a", "b"], Compression::None, 0),
            batch(&["c"], Compression::Gzip, 2),
            batch(&["d", "e"], Compression::Snappy, 3),
            batch(&["f"], Compression::Lz4, 5),
            batch(&["g"], Compression::Zstd, 6),
        ]);
        let got = drain(&section, 0).unwrap();
        let want: Vec<_> = "abcdefg"
            .chars()
            .enumerate()
            .map(|(i, c)| (i as i64, c.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn records_before_the_fetch_offset_are_skipped() {
        let section = concat_entries(&[batch(&["a", "b", "c"], Compression::Gzip, 10)]);
        assert_eq!(
            drain(&section, 11).unwrap(),
            vec![(11, "b".into()), (12, "c".into())]
        );
    }

    #[test]
    fn a_batch_cut_by_the_fetch_size_is_end_of_data() {
        let whole = batch(&["a"], Compression::None, 0);
        let mut section = whole.clone();
        section.extend_from_slice(&batch(&["b"], Compression::None, 1)[..20]);
        assert_eq!(drain(&section, 0).unwrap(), vec![(0, "a".into())]);
        // Even a cut inside the 12-byte entry head.
        let mut section = whole;
        section.extend_from_slice(&[0, 0, 0]);
        assert_eq!(drain(&section, 0).unwrap().len(), 1);
    }

    #[test]
    fn legacy_magic0_and_magic1_plain_and_compressed() {
        let mut plain = Vec::new();
        encode_message(&mut plain, 0, 0, 0, -1, None, Some(b"m0"));
        encode_message(&mut plain, 1, 1, 0, 77, Some(b"k"), Some(b"m1"));
        // magic 0 gzip wrapper: inner offsets absolute (2, 3), wrapper offset = last.
        let mut inner0 = Vec::new();
        encode_message(&mut inner0, 2, 0, 0, -1, None, Some(b"g2"));
        encode_message(&mut inner0, 3, 0, 0, -1, None, Some(b"g3"));
        let w0 = legacy_wrapper(3, 0, Compression::Gzip, &inner0, -1).unwrap();
        // magic 1 snappy wrapper: inner offsets relative (0, 1, 2), wrapper at 6.
        let mut inner1 = Vec::new();
        for (i, v) in ["s4", "s5", "s6"].iter().enumerate() {
            encode_message(
                &mut inner1,
                i as i64,
                1,
                0,
                100 + i as i64,
                None,
                Some(v.as_bytes()),
            );
        }
        let w1 = legacy_wrapper(6, 1, Compression::Snappy, &inner1, 500).unwrap();
        let section = concat_entries(&[plain, w0, w1]);
        let got = drain(&section, 0).unwrap();
        let want: Vec<(i64, String)> = vec![
            (0, "m0".into()),
            (1, "m1".into()),
            (2, "g2".into()),
            (3, "g3".into()),
            (4, "s4".into()),
            (5, "s5".into()),
            (6, "s6".into()),
        ];
        assert_eq!(got, want);
        // Starting inside the magic-1 wrapper skips its earlier messages.
        assert_eq!(
            drain(&section, 5).unwrap(),
            vec![(5, "s5".into()), (6, "s6".into())]
        );
    }

    #[test]
    fn corrupt_batch_reports_its_offset() {
        let mut b = batch(&["payload"], Compression::None, 42);
        let n = b.len();
        b[n - 2] ^= 0x40;
        match drain(&b, 0) {
            Err(ProtocolError::BadCrc { offset: 42, .. }) => {}
            other => panic!("expected a CRC error, got {other:?}"),
        }
    }

    #[test]
    fn aborted_transactions_and_markers_are_dropped() {
        let mut txn = batch(&["aborted"], Compression::None, 1);
        let mut marker = batch(&["x"], Compression::None, 2);
        let committed = batch(&["ok"], Compression::None, 3);
        // Make batch 1 transactional for producer 7, and batch 2 its ABORT marker.
        let set_attrs = |b: &mut Vec<u8>, attrs: i16, pid: i64, key: Option<[u8; 4]>| {
            if let Some(k) = key {
                let recs = [ProducerRecord {
                    key: Some(k.to_vec()),
                    value: None,
                    headers: vec![],
                    timestamp: 10,
                }];
                b.clear();
                encode_batch(
                    &recs,
                    Compression::None,
                    ProducerState::NONE,
                    b,
                    &mut Vec::new(),
                )
                .unwrap();
                b[..8].copy_from_slice(&2i64.to_be_bytes());
            }
            b[21..23].copy_from_slice(&attrs.to_be_bytes());
            b[43..51].copy_from_slice(&pid.to_be_bytes());
            let crc = crc32c::crc32c(&b[21..]);
            b[17..21].copy_from_slice(&crc.to_be_bytes());
        };
        set_attrs(&mut txn, 0x10, 7, None);
        set_attrs(&mut marker, 0x30, 7, Some([0, 0, 0, 0]));
        let section = concat_entries(&[
            batch(&["before"], Compression::None, 0),
            txn,
            marker,
            committed,
        ]);
        let mut r = RecordsReader::new(
            section.len() as u64,
            0,
            true,
            vec![AbortedTransaction {
                producer_id: 7,
                first_offset: 1,
            }],
        );
        let mut src = &section[..];
        let mut got = vec![];
        while let Some(rec) = r.next_record(&mut src).unwrap() {
            got.push(rec.offset);
        }
        assert_eq!(got, vec![0, 3]);
    }

    #[test]
    fn random_garbage_never_panics() {
        use proptest::prelude::*;
        proptest!(|(bytes in proptest::collection::vec(any::<u8>(), 0..300))| {
            let _ = drain_lenient(&bytes);
        });
        fn drain_lenient(section: &[u8]) -> Result<(), ProtocolError> {
            let mut r = RecordsReader::new(section.len() as u64, 0, true, vec![]);
            let mut src = section;
            while r.next_record(&mut src)?.is_some() {}
            Ok(())
        }
    }
}

#[cfg(test)]
mod round_trip {
    use super::*;
    use crate::protocol::record_batch::{encode_batch, Header, ProducerRecord, ProducerState};
    use proptest::prelude::*;

    fn codec() -> impl Strategy<Value = Compression> {
        prop_oneof![
            Just(Compression::None),
            Just(Compression::Gzip),
            Just(Compression::Snappy),
            Just(Compression::Lz4),
            Just(Compression::Zstd),
        ]
    }

    fn record() -> impl Strategy<Value = ProducerRecord> {
        (
            proptest::option::of(proptest::collection::vec(any::<u8>(), 0..40)),
            proptest::option::of(proptest::collection::vec(any::<u8>(), 0..300)),
            proptest::collection::vec(
                (
                    "[a-z]{0,8}",
                    proptest::option::of(proptest::collection::vec(any::<u8>(), 0..20)),
                ),
                0..3,
            ),
            0i64..4_000_000_000_000,
        )
            .prop_map(|(key, value, headers, timestamp)| ProducerRecord {
                key,
                value,
                headers: headers
                    .into_iter()
                    .map(|(key, value)| Header { key, value })
                    .collect(),
                timestamp,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Batches of random records in random codecs, one after another as a
        /// broker stores them, come back out of the streaming reader unchanged.
        #[test]
        fn batches_survive_the_streaming_reader(
            batches in proptest::collection::vec((proptest::collection::vec(record(), 1..20), codec()), 1..5),
        ) {
            let mut section = Vec::new();
            let mut base = 0i64;
            let mut want = Vec::new();
            for (records, c) in &batches {
                let mut b = Vec::new();
                encode_batch(records, *c, ProducerState::NONE, &mut b, &mut Vec::new()).unwrap();
                b[..8].copy_from_slice(&base.to_be_bytes());
                section.extend_from_slice(&b);
                for r in records {
                    want.push((base, r.clone(), *c));
                    base += 1;
                }
            }
            let mut reader = RecordsReader::new(section.len() as u64, 0, true, vec![]);
            let mut src = &section[..];
            for (offset, r, c) in want {
                let got = reader.next_record(&mut src).unwrap().unwrap();
                prop_assert_eq!(got.offset, offset);
                prop_assert_eq!(got.key, r.key);
                prop_assert_eq!(got.value, r.value);
                prop_assert_eq!(got.headers, r.headers);
                prop_assert_eq!(got.timestamp, r.timestamp);
                prop_assert_eq!(got.compression, c);
            }
            prop_assert!(reader.next_record(&mut src).unwrap().is_none());
            prop_assert_eq!(reader.end_offset(), Some(base));
        }
    }
}
