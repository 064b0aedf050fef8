//! Fetch (key 1): read records from partitions.
//!
//! Versions 0 to 11 (the non-flexible ones that use topic names). Kafka 4.x
//! accepts 4 and up; Kafka 3.9 still accepts 0 to 3 and answers them with
//! legacy message sets converted from the stored batches.
//!
//! The response is not decoded into memory: [`read_response_head`],
//! [`read_topic_head`] and [`read_partition_head`] walk it field by field
//! from the socket, and the records of each partition are then pulled one at a
//! time with [`crate::protocol::records::RecordsReader`].
//!
//! Reference: Kafka protocol guide "Fetch API"; KIP-74 (v3 max_bytes),
//! KIP-98 (v4 isolation), KIP-227 (v7 sessions), KIP-392 (v11 rack).

use std::io::Read;

use super::MAX_ARRAY;
use crate::protocol::error::{KafkaCode, ProtocolError};
use crate::protocol::frame::{ApiKey, Request};
use crate::protocol::primitives::{Decoder, Encoder};
use crate::protocol::records::AbortedTransaction;

/// One partition to fetch.
#[derive(Debug, Clone)]
pub struct FetchPartition {
    /// Partition number.
    pub partition: i32,
    /// First offset wanted.
    pub fetch_offset: i64,
    /// Most bytes to return for this partition (one whole batch is returned even if larger).
    pub partition_max_bytes: i32,
}

/// Partitions of one topic.
#[derive(Debug, Clone)]
pub struct FetchTopic {
    /// Topic name.
    pub topic: String,
    /// Partitions.
    pub partitions: Vec<FetchPartition>,
}

/// Fetch request (no fetch session: every request is a full fetch).
#[derive(Debug, Clone)]
pub struct FetchRequest {
    /// Longest the broker may wait for `min_bytes`.
    pub max_wait_ms: i32,
    /// Least bytes to wait for.
    pub min_bytes: i32,
    /// Most bytes in the whole response (added in version 3).
    pub max_bytes: i32,
    /// 0 read_uncommitted, 1 read_committed (added in version 4).
    pub isolation_level: i8,
    /// What to fetch.
    pub topics: Vec<FetchTopic>,
}

impl Request for FetchRequest {
    const API_KEY: ApiKey = ApiKey::Fetch;
    const MIN_VERSION: i16 = 0;
    const MAX_VERSION: i16 = 11;

    fn encode_body(&self, version: i16, buf: &mut Vec<u8>) {
        buf.put_i32(-1); // replica_id: a consumer
        buf.put_i32(self.max_wait_ms);
        buf.put_i32(self.min_bytes);
        if version >= 3 {
            buf.put_i32(self.max_bytes);
        }
        if version >= 4 {
            buf.put_i8(self.isolation_level);
        }
        if version >= 7 {
            buf.put_i32(0); // session_id: none
            buf.put_i32(-1); // session_epoch: full fetch, no session
        }
        buf.put_array_len(self.topics.len());
        for t in &self.topics {
            buf.put_string(&t.topic);
            buf.put_array_len(t.partitions.len());
            for p in &t.partitions {
                buf.put_i32(p.partition);
                if version >= 9 {
                    buf.put_i32(-1); // current_leader_epoch: unknown
                }
                buf.put_i64(p.fetch_offset);
                if version >= 5 {
                    buf.put_i64(-1); // log_start_offset: only followers send it
                }
                buf.put_i32(p.partition_max_bytes);
            }
        }
        if version >= 7 {
            buf.put_array_len(0); // forgotten_topics_data
        }
        if version >= 11 {
            buf.put_string(""); // rack_id
        }
    }
}

/// Top of a Fetch response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchResponseHead {
    /// Top-level error (added in version 7).
    pub error_code: KafkaCode,
    /// Number of topics that follow.
    pub topics: usize,
}

/// Reads the response up to the topics array's count.
pub fn read_response_head<R: Read>(
    r: &mut R,
    version: i16,
) -> Result<FetchResponseHead, ProtocolError> {
    if version >= 1 {
        r.get_i32()?; // throttle_time_ms
    }
    let mut error_code = KafkaCode::NONE;
    if version >= 7 {
        error_code = KafkaCode(r.get_i16()?);
        r.get_i32()?; // session_id
    }
    let topics = r.get_array_len_or_empty("fetch topics", MAX_ARRAY)?;
    Ok(FetchResponseHead { error_code, topics })
}

/// Reads a topic's name and its partitions count.
pub fn read_topic_head<R: Read>(r: &mut R) -> Result<(String, usize), ProtocolError> {
    let name = r.get_topic_name()?;
    let n = r.get_array_len_or_empty("fetch partitions", MAX_ARRAY)?;
    Ok((name, n))
}

/// A partition's fields before its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchPartitionHead {
    /// Partition number.
    pub partition: i32,
    /// Error, if any.
    pub error_code: KafkaCode,
    /// Offset after the last fully replicated record.
    pub high_watermark: i64,
    /// Offset after the last stable record (added in version 4; -1 before).
    pub last_stable_offset: i64,
    /// Aborted transactions in the range returned (added in version 4).
    pub aborted: Vec<AbortedTransaction>,
    /// Length of the records field that follows; 0 when null.
    pub records_len: u64,
}

/// Reads a partition's head, leaving the source at the start of its records.
pub fn read_partition_head<R: Read>(
    r: &mut R,
    version: i16,
) -> Result<FetchPartitionHead, ProtocolError> {
    let partition = r.get_i32()?;
    let error_code = KafkaCode(r.get_i16()?);
    let high_watermark = r.get_i64()?;
    let mut last_stable_offset = -1;
    let mut aborted = Vec::new();
    if version >= 4 {
        last_stable_offset = r.get_i64()?;
        if version >= 5 {
            r.get_i64()?; // log_start_offset
        }
        let n = r.get_array_len_or_empty("aborted transactions", MAX_ARRAY)?;
        for _ in 0..n {
            aborted.push(AbortedTransaction {
                producer_id: r.get_i64()?,
                first_offset: r.get_i64()?,
            });
        }
    }
    if version >= 11 {
        r.get_i32()?; // preferred_read_replica
    }
    let len = r.get_i32()?;
    Ok(FetchPartitionHead {
        partition,
        error_code,
        high_watermark,
        last_stable_offset,
        aborted,
        records_len: len.max(0) as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::compression::Compression;
    use crate::protocol::frame::encode_request;
    use crate::protocol::record_batch::{encode_batch, ProducerRecord, ProducerState};
    use crate::protocol::records::RecordsReader;

    fn request() -> FetchRequest {
        FetchRequest {
            max_wait_ms: 100,
            min_bytes: 1,
            max_bytes: 1 << 20,
            isolation_level: 1,
            topics: vec![FetchTopic {
                topic: "t".into(),
                partitions: vec![FetchPartition {
                    partition: 0,
                    fetch_offset: 5,
                    partition_max_bytes: 65535,
                }],
            }],
        }
    }

    #[test]
    fn request_v11_and_v0_bytes() {
        let mut buf = Vec::new();
        encode_request(&request(), 11, 1, "c", &mut buf);
        assert_eq!(
            &buf[15..],
            [
                0xff, 0xff, 0xff, 0xff, // replica -1
                0, 0, 0, 100, // max wait
                0, 0, 0, 1, // min bytes
                0, 0x10, 0, 0, // max bytes
                1, // isolation
                0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, // session 0, epoch -1
                0, 0, 0, 1, 0, 1, b't', 0, 0, 0, 1, // topic "t", 1 partition
                0, 0, 0, 0, // partition 0
                0xff, 0xff, 0xff, 0xff, // leader epoch
                0, 0, 0, 0, 0, 0, 0, 5, // fetch offset
                0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // log start
                0, 0, 0xff, 0xff, // partition max bytes
                0, 0, 0, 0, // forgotten topics
                0, 0, // rack ""
            ]
        );
        encode_request(&request(), 0, 1, "c", &mut buf);
        assert_eq!(buf.len(), 15 + 12 + 7 + 4 + 16);
    }

    #[test]
    fn response_v11_streams_records() {
        let mut batch = Vec::new();
        let recs = [ProducerRecord {
            key: None,
            value: Some(b"hello".to_vec()),
            headers: vec![],
            timestamp: 1,
        }];
        encode_batch(
            &recs,
            Compression::Gzip,
            ProducerState::NONE,
            &mut batch,
            &mut Vec::new(),
        )
        .unwrap();
        let mut b: Vec<u8> = Vec::new();
        b.put_i32(0); // throttle
        b.put_i16(0);
        b.put_i32(0);
        b.put_array_len(1);
        b.put_string("t");
        b.put_array_len(1);
        b.put_i32(0);
        b.put_i16(0);
        b.put_i64(1); // hw
        b.put_i64(1); // lso
        b.put_i64(0); // log start
        b.put_array_len(0);
        b.put_i32(-1); // preferred replica
        b.put_bytes(&batch);

        let mut r = &b[..];
        let head = read_response_head(&mut r, 11).unwrap();
        assert_eq!(head.topics, 1);
        assert_eq!(read_topic_head(&mut r).unwrap(), ("t".to_string(), 1));
        let p = read_partition_head(&mut r, 11).unwrap();
        assert_eq!(p.high_watermark, 1);
        assert_eq!(p.records_len, batch.len() as u64);
        let mut records = RecordsReader::new(p.records_len, 0, true, p.aborted);
        let rec = records.next_record(&mut r).unwrap().unwrap();
        assert_eq!(rec.value.as_deref(), Some(&b"hello"[..]));
        assert!(records.next_record(&mut r).unwrap().is_none());
        assert!(r.is_empty());
    }
}

#[cfg(test)]
mod versions {
    use super::*;

    /// Partition heads laid out per version from the protocol guide: v0 has no
    /// throttle time and no last stable offset; v4 adds the LSO and aborted
    /// transactions; v5 the log start offset; v7 the top-level error and
    /// session; v11 the preferred read replica.
    #[test]
    fn heads_of_each_version() {
        for version in [0i16, 1, 4, 5, 7, 11] {
            let mut b: Vec<u8> = Vec::new();
            if version >= 1 {
                b.put_i32(5); // throttle
            }
            if version >= 7 {
                b.put_i16(0);
                b.put_i32(0);
            }
            b.put_array_len(1);
            b.put_string("t");
            b.put_array_len(1);
            b.put_i32(3); // partition
            b.put_i16(1); // OFFSET_OUT_OF_RANGE
            b.put_i64(42); // high watermark
            if version >= 4 {
                b.put_i64(40); // last stable offset
                if version >= 5 {
                    b.put_i64(7); // log start
                }
                b.put_array_len(1);
                b.put_i64(99); // producer id
                b.put_i64(41); // first offset
            }
            if version >= 11 {
                b.put_i32(-1);
            }
            b.put_i32(0); // empty records
            let mut r = &b[..];
            let head = read_response_head(&mut r, version).unwrap();
            assert_eq!(head.topics, 1, "v{version}");
            read_topic_head(&mut r).unwrap();
            let p = read_partition_head(&mut r, version).unwrap();
            assert_eq!(
                (p.partition, p.error_code, p.high_watermark),
                (3, KafkaCode::OFFSET_OUT_OF_RANGE, 42)
            );
            if version >= 4 {
                assert_eq!(p.last_stable_offset, 40);
                assert_eq!(
                    p.aborted,
                    vec![AbortedTransaction {
                        producer_id: 99,
                        first_offset: 41
                    }]
                );
            } else {
                assert_eq!(p.last_stable_offset, -1);
            }
            assert!(r.is_empty(), "v{version}: every field consumed");
        }
    }
}
