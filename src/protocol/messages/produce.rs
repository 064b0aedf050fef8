//! Produce (key 0): append record batches to partitions.
//!
//! Versions 3 to 8: record batch v2 only (Kafka 4.x accepts nothing older).
//! With acks = 0 the broker sends no response at all.
//!
//! Reference: Kafka protocol guide "Produce API"; KIP-98 (v3), KIP-467 (v8 record errors).

use std::io::Read;

use super::MAX_ARRAY;
use crate::protocol::error::{KafkaCode, ProtocolError};
use crate::protocol::frame::{ApiKey, Request};
use crate::protocol::primitives::{Decoder, Encoder};

/// The records for one partition: an encoded record batch.
#[derive(Debug, Clone)]
pub struct ProducePartition<'a> {
    /// Partition number.
    pub index: i32,
    /// One or more encoded record batches.
    pub records: &'a [u8],
}

/// The partitions of one topic.
#[derive(Debug, Clone)]
pub struct ProduceTopic<'a> {
    /// Topic name.
    pub name: &'a str,
    /// Partitions.
    pub partitions: Vec<ProducePartition<'a>>,
}

/// Produce request.
#[derive(Debug, Clone)]
pub struct ProduceRequest<'a> {
    /// Transactional id (added in version 3); kafka_rs does not use transactions.
    pub transactional_id: Option<&'a str>,
    /// 0: no answer, 1: leader wrote it, -1: all in-sync replicas wrote it.
    pub acks: i16,
    /// How long the broker may wait for replicas.
    pub timeout_ms: i32,
    /// Data per topic.
    pub topics: Vec<ProduceTopic<'a>>,
}

impl Request for ProduceRequest<'_> {
    const API_KEY: ApiKey = ApiKey::Produce;
    const MIN_VERSION: i16 = 3;
    const MAX_VERSION: i16 = 8;

    fn encode_body(&self, _version: i16, buf: &mut Vec<u8>) {
        buf.put_nullable_string(self.transactional_id);
        buf.put_i16(self.acks);
        buf.put_i32(self.timeout_ms);
        buf.put_array_len(self.topics.len());
        for t in &self.topics {
            buf.put_string(t.name);
            buf.put_array_len(t.partitions.len());
            for p in &t.partitions {
                buf.put_i32(p.index);
                buf.put_bytes(p.records);
            }
        }
    }
}

/// The broker's answer for one partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProducePartitionResponse {
    /// Partition number.
    pub index: i32,
    /// Error, if any.
    pub error_code: KafkaCode,
    /// Offset given to the first record.
    pub base_offset: i64,
    /// Append time if the topic uses LogAppendTime, else -1.
    pub log_append_time_ms: i64,
    /// Broker's error message (added in version 8).
    pub error_message: Option<String>,
}

/// The broker's answer for one topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProduceTopicResponse {
    /// Topic name.
    pub name: String,
    /// Per partition.
    pub partitions: Vec<ProducePartitionResponse>,
}

/// Produce response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProduceResponse {
    /// Per topic.
    pub topics: Vec<ProduceTopicResponse>,
}

impl ProduceResponse {
    /// Decodes the body at `version` (3..=8).
    pub fn decode<R: Read>(r: &mut R, version: i16) -> Result<Self, ProtocolError> {
        let nt = r.get_array_len_or_empty("produce topics", MAX_ARRAY)?;
        let mut topics = Vec::with_capacity(nt.min(64));
        for _ in 0..nt {
            let name = r.get_topic_name()?;
            let np = r.get_array_len_or_empty("produce partitions", MAX_ARRAY)?;
            let mut partitions = Vec::with_capacity(np.min(256));
            for _ in 0..np {
                let index = r.get_i32()?;
                let error_code = KafkaCode(r.get_i16()?);
                let base_offset = r.get_i64()?;
                let log_append_time_ms = r.get_i64()?;
                if version >= 5 {
                    r.get_i64()?; // log_start_offset
                }
                let mut error_message = None;
                if version >= 8 {
                    let ne = r.get_array_len_or_empty("record errors", MAX_ARRAY)?;
                    for _ in 0..ne {
                        r.get_i32()?; // batch_index
                        r.get_nullable_string("record error message")?;
                    }
                    error_message = r.get_nullable_string("error message")?;
                }
                partitions.push(ProducePartitionResponse {
                    index,
                    error_code,
                    base_offset,
                    log_append_time_ms,
                    error_message,
                });
            }
            topics.push(ProduceTopicResponse { name, partitions });
        }
        r.get_i32()?; // throttle_time_ms
        Ok(ProduceResponse { topics })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::frame::encode_request;

    #[test]
    fn request_v7_bytes() {
        let req = ProduceRequest {
            transactional_id: None,
            acks: 1,
            timeout_ms: 1000,
            topics: vec![ProduceTopic {
                name: "t",
                partitions: vec![ProducePartition {
                    index: 2,
                    records: &[9, 9],
                }],
            }],
        };
        let mut buf = Vec::new();
        encode_request(&req, 7, 5, "c", &mut buf);
        let body = &buf[15..];
        assert_eq!(
            body,
            [
                0xff, 0xff, // transactional id null
                0, 1, // acks
                0, 0, 0x03, 0xe8, // timeout
                0, 0, 0, 1, 0, 1, b't', // one topic "t"
                0, 0, 0, 1, 0, 0, 0, 2, // one partition, index 2
                0, 0, 0, 2, 9, 9, // records
            ]
        );
        assert_eq!(&buf[4..8], [0, 0, 0, 7]);
    }

    #[test]
    fn response_v8_with_error() {
        let mut b: Vec<u8> = Vec::new();
        b.put_array_len(1);
        b.put_string("t");
        b.put_array_len(1);
        b.put_i32(0);
        b.put_i16(10); // MESSAGE_TOO_LARGE
        b.put_i64(-1);
        b.put_i64(-1);
        b.put_i64(0);
        b.put_array_len(0);
        b.put_nullable_string(Some("too big"));
        b.put_i32(0);
        let resp = ProduceResponse::decode(&mut &b[..], 8).unwrap();
        let p = &resp.topics[0].partitions[0];
        assert_eq!(p.error_code.name(), "MESSAGE_TOO_LARGE");
        assert_eq!(p.error_message.as_deref(), Some("too big"));
        for cut in 0..b.len() {
            assert!(ProduceResponse::decode(&mut &b[..cut], 8).is_err());
        }
    }
}

#[cfg(test)]
mod versions {
    use super::*;

    /// v3/v4 end each partition at log_append_time; v5 adds log_start_offset;
    /// v8 adds record errors and an error message.
    #[test]
    fn responses_of_each_version() {
        for version in 3i16..=8 {
            let mut b: Vec<u8> = Vec::new();
            b.put_array_len(1);
            b.put_string("t");
            b.put_array_len(1);
            b.put_i32(1);
            b.put_i16(0);
            b.put_i64(1234);
            b.put_i64(-1);
            if version >= 5 {
                b.put_i64(0);
            }
            if version >= 8 {
                b.put_array_len(0);
                b.put_nullable_string(None);
            }
            b.put_i32(0);
            let mut r = &b[..];
            let resp = ProduceResponse::decode(&mut r, version).unwrap();
            assert_eq!(resp.topics[0].partitions[0].base_offset, 1234, "v{version}");
            assert!(r.is_empty(), "v{version}: every field consumed");
        }
    }
}
