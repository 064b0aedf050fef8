//! The "consumer" embedded protocol: what members put in JoinGroup metadata
//! (their subscription) and what the leader puts in SyncGroup assignments.
//! These bytes are opaque to the broker; Java, librdkafka and kafka_rs
//! members of one group must agree on them.
//!
//! Subscription v0: `version: int16, topics: [string], user_data: nullable bytes`.
//! Assignment v0: `version: int16, partitions: [topic: string, [int32]], user_data: nullable bytes`.
//! Later versions append fields (owned partitions, generation, rack), which a
//! v0 reader ignores, as the Java client does.
//!
//! Reference: Kafka's ConsumerProtocolSubscription / ConsumerProtocolAssignment
//! schemas; KIP-429 (v1 owned partitions), KIP-792 (v2), KIP-881 (v3).

use std::collections::BTreeMap;

use super::MAX_ARRAY;
use crate::protocol::error::ProtocolError;
use crate::protocol::primitives::{Decoder, Encoder};

/// The protocol type members of a consumer group declare.
pub const PROTOCOL_TYPE: &str = "consumer";

/// Encodes a subscription to `topics`.
pub fn encode_subscription(topics: &[String]) -> Vec<u8> {
    let mut b = Vec::new();
    b.put_i16(0);
    b.put_array_len(topics.len());
    for t in topics {
        b.put_string(t);
    }
    b.put_nullable_bytes(None);
    b
}

/// Decodes a member's subscription (any version): its topics.
pub fn decode_subscription(mut bytes: &[u8]) -> Result<Vec<String>, ProtocolError> {
    let r = &mut bytes;
    let version = r.get_i16()?;
    if version < 0 {
        return Err(ProtocolError::Malformed {
            what: "consumer subscription",
            reason: format!("version {version}"),
        });
    }
    let n = r.get_array_len_or_empty("subscribed topics", MAX_ARRAY)?;
    let mut topics = Vec::with_capacity(n.min(1024));
    for _ in 0..n {
        topics.push(r.get_topic_name()?);
    }
    Ok(topics)
}

/// Encodes an assignment: topic -> partitions.
pub fn encode_assignment(assignment: &BTreeMap<String, Vec<i32>>) -> Vec<u8> {
    let mut b = Vec::new();
    b.put_i16(0);
    b.put_array_len(assignment.len());
    for (topic, partitions) in assignment {
        b.put_string(topic);
        b.put_array_len(partitions.len());
        for p in partitions {
            b.put_i32(*p);
        }
    }
    b.put_nullable_bytes(None);
    b
}

/// Decodes an assignment (any version); empty bytes mean nothing assigned.
pub fn decode_assignment(mut bytes: &[u8]) -> Result<BTreeMap<String, Vec<i32>>, ProtocolError> {
    let mut out = BTreeMap::new();
    if bytes.is_empty() {
        return Ok(out);
    }
    let r = &mut bytes;
    let _version = r.get_i16()?;
    let n = r.get_array_len_or_empty("assigned topics", MAX_ARRAY)?;
    for _ in 0..n {
        let topic = r.get_topic_name()?;
        let np = r.get_array_len_or_empty("assigned partitions", MAX_ARRAY)?;
        let mut parts = Vec::with_capacity(np.min(1024));
        for _ in 0..np {
            parts.push(r.get_i32()?);
        }
        out.insert(topic, parts);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscription_bytes_and_round_trip() {
        let b = encode_subscription(&["ab".to_string()]);
        assert_eq!(
            b,
            [0, 0, 0, 0, 0, 1, 0, 2, b'a', b'b', 0xff, 0xff, 0xff, 0xff]
        );
        assert_eq!(decode_subscription(&b).unwrap(), vec!["ab".to_string()]);
        // A v1 subscription (owned partitions appended) reads the same.
        let mut v1 = b.clone();
        v1[1] = 1;
        v1.extend_from_slice(&[0, 0, 0, 0]);
        assert_eq!(decode_subscription(&v1).unwrap(), vec!["ab".to_string()]);
    }

    #[test]
    fn assignment_round_trip() {
        let mut a = BTreeMap::new();
        a.insert("t".to_string(), vec![0, 2]);
        let b = encode_assignment(&a);
        assert_eq!(
            b,
            [
                0, 0, 0, 0, 0, 1, 0, 1, b't', 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0xff, 0xff, 0xff,
                0xff
            ]
        );
        assert_eq!(decode_assignment(&b).unwrap(), a);
        assert!(decode_assignment(&[]).unwrap().is_empty());
        assert!(decode_assignment(&b[..7]).is_err());
    }
}
