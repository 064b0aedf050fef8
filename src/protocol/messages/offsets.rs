//! Committed offsets: OffsetCommit (key 8, versions 2–7) and OffsetFetch
//! (key 9, versions 1–5). Kafka 4.x dropped OffsetCommit 0–1 and OffsetFetch 0.
//!
//! Reference: Kafka protocol guide; KIP-211 (v5 retention), KIP-320 (leader epoch).

use std::io::Read;

use super::MAX_ARRAY;
use crate::protocol::error::{KafkaCode, ProtocolError};
use crate::protocol::frame::{ApiKey, Request};
use crate::protocol::primitives::{Decoder, Encoder};

/// OffsetCommit request.
#[derive(Debug, Clone)]
pub struct OffsetCommitRequest {
    /// Group id.
    pub group_id: String,
    /// Generation of the group (-1 outside group management).
    pub generation_id: i32,
    /// Member id ("" outside group management).
    pub member_id: String,
    /// (topic, partition, next offset to consume).
    pub offsets: Vec<(String, i32, i64)>,
}

impl Request for OffsetCommitRequest {
    const API_KEY: ApiKey = ApiKey::OffsetCommit;
    const MIN_VERSION: i16 = 2;
    const MAX_VERSION: i16 = 7;

    fn encode_body(&self, version: i16, buf: &mut Vec<u8>) {
        buf.put_string(&self.group_id);
        buf.put_i32(self.generation_id);
        buf.put_string(&self.member_id);
        if version >= 7 {
            buf.put_nullable_string(None); // group_instance_id
        }
        if version <= 4 {
            buf.put_i64(-1); // retention_time_ms: the broker's default
        }
        let mut topics: Vec<&str> = self.offsets.iter().map(|(t, _, _)| t.as_str()).collect();
        topics.sort_unstable();
        topics.dedup();
        buf.put_array_len(topics.len());
        for topic in topics {
            buf.put_string(topic);
            let parts: Vec<_> = self.offsets.iter().filter(|(t, _, _)| t == topic).collect();
            buf.put_array_len(parts.len());
            for (_, partition, offset) in parts {
                buf.put_i32(*partition);
                buf.put_i64(*offset);
                if version >= 6 {
                    buf.put_i32(-1); // committed_leader_epoch: unknown
                }
                buf.put_nullable_string(Some("")); // committed_metadata
            }
        }
    }
}

/// Per-partition errors of an OffsetCommit, or of an OffsetFetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionOffset {
    /// Topic.
    pub topic: String,
    /// Partition.
    pub partition: i32,
    /// Committed offset (OffsetFetch; -1 when none), or -1 for OffsetCommit.
    pub offset: i64,
    /// Error, if any.
    pub error_code: KafkaCode,
}

/// Decodes an OffsetCommit response body (2..=7).
pub fn decode_offset_commit<R: Read>(
    r: &mut R,
    version: i16,
) -> Result<Vec<PartitionOffset>, ProtocolError> {
    if version >= 3 {
        r.get_i32()?; // throttle_time_ms
    }
    let mut out = Vec::new();
    let nt = r.get_array_len_or_empty("commit topics", MAX_ARRAY)?;
    for _ in 0..nt {
        let topic = r.get_topic_name()?;
        let np = r.get_array_len_or_empty("commit partitions", MAX_ARRAY)?;
        for _ in 0..np {
            out.push(PartitionOffset {
                topic: topic.clone(),
                partition: r.get_i32()?,
                offset: -1,
                error_code: KafkaCode(r.get_i16()?),
            });
        }
    }
    Ok(out)
}

/// OffsetFetch request.
#[derive(Debug, Clone)]
pub struct OffsetFetchRequest {
    /// Group id.
    pub group_id: String,
    /// (topic, partitions).
    pub topics: Vec<(String, Vec<i32>)>,
}

impl Request for OffsetFetchRequest {
    const API_KEY: ApiKey = ApiKey::OffsetFetch;
    const MIN_VERSION: i16 = 1;
    const MAX_VERSION: i16 = 5;

    fn encode_body(&self, _version: i16, buf: &mut Vec<u8>) {
        buf.put_string(&self.group_id);
        buf.put_array_len(self.topics.len());
        for (topic, partitions) in &self.topics {
            buf.put_string(topic);
            buf.put_array_len(partitions.len());
            for p in partitions {
                buf.put_i32(*p);
            }
        }
    }
}

/// OffsetFetch response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetFetchResponse {
    /// Per partition.
    pub partitions: Vec<PartitionOffset>,
    /// Top-level error (added in version 2).
    pub error_code: KafkaCode,
}

impl OffsetFetchResponse {
    /// Decodes the body at `version` (1..=5).
    pub fn decode<R: Read>(r: &mut R, version: i16) -> Result<Self, ProtocolError> {
        if version >= 3 {
            r.get_i32()?; // throttle_time_ms
        }
        let mut partitions = Vec::new();
        let nt = r.get_array_len_or_empty("offset fetch topics", MAX_ARRAY)?;
        for _ in 0..nt {
            let topic = r.get_topic_name()?;
            let np = r.get_array_len_or_empty("offset fetch partitions", MAX_ARRAY)?;
            for _ in 0..np {
                let partition = r.get_i32()?;
                let offset = r.get_i64()?;
                if version >= 5 {
                    r.get_i32()?; // committed_leader_epoch
                }
                r.get_nullable_string("metadata")?;
                let error_code = KafkaCode(r.get_i16()?);
                partitions.push(PartitionOffset {
                    topic: topic.clone(),
                    partition,
                    offset,
                    error_code,
                });
            }
        }
        let error_code = if version >= 2 {
            KafkaCode(r.get_i16()?)
        } else {
            KafkaCode::NONE
        };
        Ok(OffsetFetchResponse {
            partitions,
            error_code,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::frame::encode_request;

    #[test]
    fn commit_v7_and_v2_bytes() {
        let req = OffsetCommitRequest {
            group_id: "g".into(),
            generation_id: 4,
            member_id: "m".into(),
            offsets: vec![("t".into(), 0, 10)],
        };
        let mut buf = Vec::new();
        encode_request(&req, 7, 1, "c", &mut buf);
        assert_eq!(
            &buf[15..],
            [
                0, 1, b'g', 0, 0, 0, 4, 0, 1, b'm', 0xff,
                0xff, // group, generation, member, instance
                0, 0, 0, 1, 0, 1, b't', 0, 0, 0, 1, // topic t, one partition
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, // partition 0, offset 10
                0xff, 0xff, 0xff, 0xff, // leader epoch
                0, 0, // metadata ""
            ]
        );
        encode_request(&req, 2, 1, "c", &mut buf);
        // v2 has the retention time and no instance id or leader epoch.
        assert_eq!(buf.len(), 15 + 10 + 8 + 11 + 12 + 2);
        let resp = decode_offset_commit(
            &mut &[
                0u8, 0, 0, 0, 0, 0, 0, 1, 0, 1, b't', 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
            ][..],
            3,
        )
        .unwrap();
        assert_eq!(resp[0].error_code, KafkaCode::NONE);
    }

    #[test]
    fn fetch_v5_response() {
        let mut b: Vec<u8> = Vec::new();
        b.put_i32(0);
        b.put_array_len(1);
        b.put_string("t");
        b.put_array_len(1);
        b.put_i32(2);
        b.put_i64(-1); // nothing committed
        b.put_i32(-1);
        b.put_nullable_string(Some(""));
        b.put_i16(0);
        b.put_i16(0);
        let mut r = &b[..];
        let resp = OffsetFetchResponse::decode(&mut r, 5).unwrap();
        assert_eq!(resp.partitions[0].offset, -1);
        assert!(r.is_empty());
    }
}
