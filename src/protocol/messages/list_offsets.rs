//! ListOffsets (key 2): the offset at a point in time, or the log's start or end.
//!
//! Versions 1 to 5. Timestamp -2 asks for the earliest offset, -1 for the
//! latest (the next offset to be written), any other value for the first
//! offset whose timestamp is at or after it.
//!
//! Reference: Kafka protocol guide "ListOffsets API"; KIP-79 (timestamps), KIP-98 (isolation).

use std::io::Read;

use super::MAX_ARRAY;
use crate::protocol::error::{KafkaCode, ProtocolError};
use crate::protocol::frame::{ApiKey, Request};
use crate::protocol::primitives::{Decoder, Encoder};

/// Timestamp meaning "the earliest offset".
pub const EARLIEST_TIMESTAMP: i64 = -2;
/// Timestamp meaning "the latest offset".
pub const LATEST_TIMESTAMP: i64 = -1;

/// ListOffsets request for some partitions of one topic.
#[derive(Debug, Clone)]
pub struct ListOffsetsRequest {
    /// 0 read_uncommitted, 1 read_committed (added in version 2).
    pub isolation_level: i8,
    /// Topic name.
    pub topic: String,
    /// (partition, timestamp) pairs.
    pub partitions: Vec<(i32, i64)>,
}

impl Request for ListOffsetsRequest {
    const API_KEY: ApiKey = ApiKey::ListOffsets;
    const MIN_VERSION: i16 = 1;
    const MAX_VERSION: i16 = 5;

    fn encode_body(&self, version: i16, buf: &mut Vec<u8>) {
        buf.put_i32(-1); // replica_id: a client
        if version >= 2 {
            buf.put_i8(self.isolation_level);
        }
        buf.put_array_len(1);
        buf.put_string(&self.topic);
        buf.put_array_len(self.partitions.len());
        for &(partition, timestamp) in &self.partitions {
            buf.put_i32(partition);
            if version >= 4 {
                buf.put_i32(-1); // current_leader_epoch: unknown
            }
            buf.put_i64(timestamp);
        }
    }
}

/// The answer for one partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListOffsetsPartition {
    /// Partition number.
    pub partition: i32,
    /// Error, if any.
    pub error_code: KafkaCode,
    /// Timestamp of the found offset (-1 for earliest/latest).
    pub timestamp: i64,
    /// The offset; -1 when no message is at or after the timestamp.
    pub offset: i64,
}

/// ListOffsets response (flattened over topics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListOffsetsResponse {
    /// (topic, partition answer) pairs.
    pub partitions: Vec<(String, ListOffsetsPartition)>,
}

impl ListOffsetsResponse {
    /// Decodes the body at `version` (1..=5).
    pub fn decode<R: Read>(r: &mut R, version: i16) -> Result<Self, ProtocolError> {
        if version >= 2 {
            r.get_i32()?; // throttle_time_ms
        }
        let nt = r.get_array_len_or_empty("list offsets topics", MAX_ARRAY)?;
        let mut partitions = Vec::new();
        for _ in 0..nt {
            let name = r.get_topic_name()?;
            let np = r.get_array_len_or_empty("list offsets partitions", MAX_ARRAY)?;
            for _ in 0..np {
                let partition = r.get_i32()?;
                let error_code = KafkaCode(r.get_i16()?);
                let timestamp = r.get_i64()?;
                let offset = r.get_i64()?;
                if version >= 4 {
                    r.get_i32()?; // leader_epoch
                }
                partitions.push((
                    name.clone(),
                    ListOffsetsPartition {
                        partition,
                        error_code,
                        timestamp,
                        offset,
                    },
                ));
            }
        }
        Ok(ListOffsetsResponse { partitions })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::frame::encode_request;

    #[test]
    fn request_v5_bytes() {
        let req = ListOffsetsRequest {
            isolation_level: 1,
            topic: "t".into(),
            partitions: vec![(0, EARLIEST_TIMESTAMP)],
        };
        let mut buf = Vec::new();
        encode_request(&req, 5, 1, "c", &mut buf);
        assert_eq!(
            &buf[15..],
            [
                0xff, 0xff, 0xff, 0xff, // replica -1
                1,    // read_committed
                0, 0, 0, 1, 0, 1, b't', // topic
                0, 0, 0, 1, 0, 0, 0, 0, // partition 0
                0xff, 0xff, 0xff, 0xff, // leader epoch -1
                0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, // -2
            ]
        );
    }

    #[test]
    fn response_v5_decodes() {
        let mut b: Vec<u8> = Vec::new();
        b.put_i32(0);
        b.put_array_len(1);
        b.put_string("t");
        b.put_array_len(1);
        b.put_i32(0);
        b.put_i16(0);
        b.put_i64(-1);
        b.put_i64(9_007_199_254_740_993); // above 2^53: must survive exactly
        b.put_i32(0);
        let r = ListOffsetsResponse::decode(&mut &b[..], 5).unwrap();
        assert_eq!(r.partitions[0].1.offset, 9_007_199_254_740_993);
    }
}
