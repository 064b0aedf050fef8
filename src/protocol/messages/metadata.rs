//! Metadata (key 3): brokers, topics, partitions and their leaders.
//!
//! Versions 1 to 8 (the non-flexible ones that brokers from 0.10 to 4.x share).
//!
//! Reference: Kafka protocol guide, "Metadata API"; KIP-204 (allow_auto_topic_creation).

use std::io::Read;

use super::MAX_ARRAY;
use crate::protocol::error::{KafkaCode, ProtocolError};
use crate::protocol::frame::{ApiKey, Request};
use crate::protocol::primitives::{Decoder, Encoder};

/// Metadata request.
#[derive(Debug, Clone, Default)]
pub struct MetadataRequest {
    /// Topics to describe; `None` asks for every topic.
    pub topics: Option<Vec<String>>,
    /// Let the broker create missing topics (added in version 4; earlier versions always may).
    pub allow_auto_topic_creation: bool,
}

impl Request for MetadataRequest {
    const API_KEY: ApiKey = ApiKey::Metadata;
    const MIN_VERSION: i16 = 1;
    const MAX_VERSION: i16 = 8;

    fn encode_body(&self, version: i16, buf: &mut Vec<u8>) {
        match &self.topics {
            // Since version 1, null means all topics and an empty array means none.
            None => buf.put_i32(-1),
            Some(topics) => {
                buf.put_array_len(topics.len());
                for t in topics {
                    buf.put_string(t);
                }
            }
        }
        if version >= 4 {
            buf.put_i8(self.allow_auto_topic_creation as i8);
        }
        if version >= 8 {
            buf.put_i8(0); // include_cluster_authorized_operations
            buf.put_i8(0); // include_topic_authorized_operations
        }
    }
}

/// A broker as the cluster advertises it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataBroker {
    /// The broker's id.
    pub node_id: i32,
    /// Advertised host name.
    pub host: String,
    /// Advertised port.
    pub port: i32,
    /// Rack, if configured (added in version 1).
    pub rack: Option<String>,
}

/// One partition of a topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataPartition {
    /// Partition error.
    pub error_code: KafkaCode,
    /// Partition number.
    pub partition_index: i32,
    /// Leader broker id, -1 when there is none.
    pub leader_id: i32,
    /// Leader epoch (added in version 7).
    pub leader_epoch: Option<i32>,
    /// Replica broker ids.
    pub replica_nodes: Vec<i32>,
    /// In-sync replica broker ids.
    pub isr_nodes: Vec<i32>,
}

/// One topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataTopic {
    /// Topic error.
    pub error_code: KafkaCode,
    /// Topic name.
    pub name: String,
    /// Internal topics such as `__consumer_offsets` (added in version 1).
    pub is_internal: bool,
    /// Partitions.
    pub partitions: Vec<MetadataPartition>,
}

/// Metadata response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataResponse {
    /// Brokers of the cluster.
    pub brokers: Vec<MetadataBroker>,
    /// Cluster id (added in version 2).
    pub cluster_id: Option<String>,
    /// Controller broker id (added in version 1).
    pub controller_id: i32,
    /// Topics described.
    pub topics: Vec<MetadataTopic>,
}

fn get_i32_array<R: Read>(r: &mut R, what: &'static str) -> Result<Vec<i32>, ProtocolError> {
    let n = r.get_array_len_or_empty(what, MAX_ARRAY)?;
    let mut v = Vec::with_capacity(n.min(64));
    for _ in 0..n {
        v.push(r.get_i32()?);
    }
    Ok(v)
}

impl MetadataResponse {
    /// Decodes the body at `version` (1..=8).
    pub fn decode<R: Read>(r: &mut R, version: i16) -> Result<Self, ProtocolError> {
        if version >= 3 {
            r.get_i32()?; // throttle_time_ms
        }
        let n = r.get_array_len_or_empty("brokers", MAX_ARRAY)?;
        let mut brokers = Vec::with_capacity(n.min(64));
        for _ in 0..n {
            brokers.push(MetadataBroker {
                node_id: r.get_i32()?,
                host: r.get_string("broker host")?,
                port: r.get_i32()?,
                rack: r.get_nullable_string("broker rack")?,
            });
        }
        let cluster_id = if version >= 2 {
            r.get_nullable_string("cluster id")?
        } else {
            None
        };
        let controller_id = r.get_i32()?;
        let n = r.get_array_len_or_empty("topics", MAX_ARRAY)?;
        let mut topics = Vec::with_capacity(n.min(1024));
        for _ in 0..n {
            let error_code = KafkaCode(r.get_i16()?);
            let name = r.get_topic_name()?;
            let is_internal = r.get_bool()?;
            let np = r.get_array_len_or_empty("partitions", MAX_ARRAY)?;
            let mut partitions = Vec::with_capacity(np.min(1024));
            for _ in 0..np {
                let error_code = KafkaCode(r.get_i16()?);
                let partition_index = r.get_i32()?;
                let leader_id = r.get_i32()?;
                let leader_epoch = if version >= 7 {
                    Some(r.get_i32()?)
                } else {
                    None
                };
                let replica_nodes = get_i32_array(r, "replica nodes")?;
                let isr_nodes = get_i32_array(r, "isr nodes")?;
                if version >= 5 {
                    get_i32_array(r, "offline replicas")?;
                }
                partitions.push(MetadataPartition {
                    error_code,
                    partition_index,
                    leader_id,
                    leader_epoch,
                    replica_nodes,
                    isr_nodes,
                });
            }
            if version >= 8 {
                r.get_i32()?; // topic_authorized_operations
            }
            partitions.sort_by_key(|p| p.partition_index);
            topics.push(MetadataTopic {
                error_code,
                name,
                is_internal,
                partitions,
            });
        }
        if version >= 8 {
            r.get_i32()?; // cluster_authorized_operations
        }
        Ok(MetadataResponse {
            brokers,
            cluster_id,
            controller_id,
            topics,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::frame::encode_request;

    #[test]
    fn request_v8_bytes() {
        let req = MetadataRequest {
            topics: Some(vec!["t".into()]),
            allow_auto_topic_creation: true,
        };
        let mut buf = Vec::new();
        encode_request(&req, 8, 1, "c", &mut buf);
        // size, key 3, version 8, correlation 1, client "c", [ "t" ], auto-create, two flags
        assert_eq!(
            buf,
            [0, 0, 0, 21, 0, 3, 0, 8, 0, 0, 0, 1, 0, 1, b'c', 0, 0, 0, 1, 0, 1, b't', 1, 0, 0]
        );
        let all = MetadataRequest::default();
        encode_request(&all, 1, 1, "c", &mut buf);
        assert_eq!(&buf[15..], [0xff, 0xff, 0xff, 0xff]);
    }

    #[test]
    fn response_v8_decodes() {
        let mut b: Vec<u8> = Vec::new();
        b.put_i32(0); // throttle
        b.put_array_len(1);
        b.put_i32(1);
        b.put_string("127.0.0.1");
        b.put_i32(9092);
        b.put_nullable_string(None);
        b.put_nullable_string(Some("cid"));
        b.put_i32(1); // controller
        b.put_array_len(1);
        b.put_i16(0);
        b.put_string("events");
        b.put_i8(0);
        b.put_array_len(2);
        for p in [1, 0] {
            b.put_i16(0);
            b.put_i32(p);
            b.put_i32(1); // leader
            b.put_i32(0); // leader epoch
            b.put_array_len(1);
            b.put_i32(1);
            b.put_array_len(1);
            b.put_i32(1);
            b.put_array_len(0);
        }
        b.put_i32(0); // topic ops
        b.put_i32(0); // cluster ops
        let resp = MetadataResponse::decode(&mut &b[..], 8).unwrap();
        assert_eq!(resp.brokers[0].host, "127.0.0.1");
        assert_eq!(resp.brokers[0].port, 9092);
        assert_eq!(resp.cluster_id.as_deref(), Some("cid"));
        assert_eq!(resp.topics[0].name, "events");
        // Partitions come back sorted by index whatever the broker's order.
        assert_eq!(resp.topics[0].partitions[0].partition_index, 0);
        assert_eq!(resp.topics[0].partitions[1].leader_epoch, Some(0));
        // Cut anywhere, the response is an error, not a panic.
        for cut in 0..b.len() {
            assert!(MetadataResponse::decode(&mut &b[..cut], 8).is_err());
        }
    }
}

#[cfg(test)]
mod versions {
    use super::*;

    /// v1 has no throttle time, cluster id, leader epoch or offline replicas.
    #[test]
    fn response_v1() {
        let mut b: Vec<u8> = Vec::new();
        b.put_array_len(1);
        b.put_i32(0);
        b.put_string("h");
        b.put_i32(9092);
        b.put_nullable_string(Some("rack1"));
        b.put_i32(0); // controller
        b.put_array_len(1);
        b.put_i16(0);
        b.put_string("t");
        b.put_i8(1); // internal
        b.put_array_len(1);
        b.put_i16(0);
        b.put_i32(0);
        b.put_i32(0);
        b.put_array_len(0);
        b.put_array_len(0);
        let mut r = &b[..];
        let resp = MetadataResponse::decode(&mut r, 1).unwrap();
        assert_eq!(resp.brokers[0].rack.as_deref(), Some("rack1"));
        assert!(resp.topics[0].is_internal);
        assert_eq!(resp.topics[0].partitions[0].leader_epoch, None);
        assert!(r.is_empty());
    }
}
