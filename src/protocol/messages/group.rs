//! The classic group membership protocol: JoinGroup (key 11), SyncGroup (14),
//! Heartbeat (12) and LeaveGroup (13), in their non-flexible versions.
//!
//! | API | versions | notes |
//! |---|---|---|
//! | JoinGroup | 2–5 | v4: MEMBER_ID_REQUIRED on a first join; v5: static membership |
//! | SyncGroup | 0–3 | v3: group instance id |
//! | Heartbeat | 0–3 | v3: group instance id |
//! | LeaveGroup | 0–2 | one member per request |
//!
//! Reference: Kafka protocol guide; KIP-62 (rebalance timeout), KIP-394
//! (member id required), KIP-345 (static membership).

use std::io::Read;

use super::MAX_ARRAY;
use crate::protocol::error::{KafkaCode, ProtocolError};
use crate::protocol::frame::{ApiKey, Request};
use crate::protocol::primitives::{Decoder, Encoder};

/// Largest member metadata or assignment accepted.
const MAX_MEMBER_BYTES: usize = 16 << 20;

/// JoinGroup request.
#[derive(Debug, Clone)]
pub struct JoinGroupRequest {
    /// Group id.
    pub group_id: String,
    /// Time without heartbeats after which the member is removed.
    pub session_timeout_ms: i32,
    /// Time the coordinator waits for members to rejoin during a rebalance.
    pub rebalance_timeout_ms: i32,
    /// Empty on the first join; the id the coordinator assigned after.
    pub member_id: String,
    /// "consumer".
    pub protocol_type: String,
    /// (assignor name, subscription metadata), in order of preference.
    pub protocols: Vec<(String, Vec<u8>)>,
}

impl Request for JoinGroupRequest {
    const API_KEY: ApiKey = ApiKey::JoinGroup;
    const MIN_VERSION: i16 = 2;
    const MAX_VERSION: i16 = 5;

    fn encode_body(&self, version: i16, buf: &mut Vec<u8>) {
        buf.put_string(&self.group_id);
        buf.put_i32(self.session_timeout_ms);
        buf.put_i32(self.rebalance_timeout_ms);
        buf.put_string(&self.member_id);
        if version >= 5 {
            buf.put_nullable_string(None); // group_instance_id: dynamic member
        }
        buf.put_string(&self.protocol_type);
        buf.put_array_len(self.protocols.len());
        for (name, metadata) in &self.protocols {
            buf.put_string(name);
            buf.put_bytes(metadata);
        }
    }
}

/// A group member as the leader sees it in the JoinGroup response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinGroupMember {
    /// Member id.
    pub member_id: String,
    /// Its subscription metadata for the chosen protocol.
    pub metadata: Vec<u8>,
}

/// JoinGroup response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinGroupResponse {
    /// Error, if any.
    pub error_code: KafkaCode,
    /// The new generation.
    pub generation_id: i32,
    /// The assignor the group agreed on.
    pub protocol_name: String,
    /// Member id of the leader.
    pub leader: String,
    /// This member's id (also set with MEMBER_ID_REQUIRED).
    pub member_id: String,
    /// All members, sent to the leader only.
    pub members: Vec<JoinGroupMember>,
}

impl JoinGroupResponse {
    /// Decodes the body at `version` (2..=5).
    pub fn decode<R: Read>(r: &mut R, version: i16) -> Result<Self, ProtocolError> {
        r.get_i32()?; // throttle_time_ms
        let error_code = KafkaCode(r.get_i16()?);
        let generation_id = r.get_i32()?;
        let protocol_name = r.get_string("protocol name")?;
        let leader = r.get_string("leader")?;
        let member_id = r.get_string("member id")?;
        let n = r.get_array_len_or_empty("members", MAX_ARRAY)?;
        let mut members = Vec::with_capacity(n.min(1024));
        for _ in 0..n {
            let member_id = r.get_string("member id")?;
            if version >= 5 {
                r.get_nullable_string("group instance id")?;
            }
            let metadata = r
                .get_nullable_bytes("member metadata", MAX_MEMBER_BYTES)?
                .unwrap_or_default();
            members.push(JoinGroupMember {
                member_id,
                metadata,
            });
        }
        Ok(JoinGroupResponse {
            error_code,
            generation_id,
            protocol_name,
            leader,
            member_id,
            members,
        })
    }
}

/// SyncGroup request: the leader sends every member's assignment, the others none.
#[derive(Debug, Clone)]
pub struct SyncGroupRequest {
    /// Group id.
    pub group_id: String,
    /// Generation from JoinGroup.
    pub generation_id: i32,
    /// This member's id.
    pub member_id: String,
    /// (member id, assignment bytes).
    pub assignments: Vec<(String, Vec<u8>)>,
}

impl Request for SyncGroupRequest {
    const API_KEY: ApiKey = ApiKey::SyncGroup;
    const MIN_VERSION: i16 = 0;
    const MAX_VERSION: i16 = 3;

    fn encode_body(&self, version: i16, buf: &mut Vec<u8>) {
        buf.put_string(&self.group_id);
        buf.put_i32(self.generation_id);
        buf.put_string(&self.member_id);
        if version >= 3 {
            buf.put_nullable_string(None);
        }
        buf.put_array_len(self.assignments.len());
        for (member, assignment) in &self.assignments {
            buf.put_string(member);
            buf.put_bytes(assignment);
        }
    }
}

/// SyncGroup response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncGroupResponse {
    /// Error, if any.
    pub error_code: KafkaCode,
    /// This member's assignment.
    pub assignment: Vec<u8>,
}

impl SyncGroupResponse {
    /// Decodes the body at `version` (0..=3).
    pub fn decode<R: Read>(r: &mut R, version: i16) -> Result<Self, ProtocolError> {
        if version >= 1 {
            r.get_i32()?; // throttle_time_ms
        }
        Ok(SyncGroupResponse {
            error_code: KafkaCode(r.get_i16()?),
            assignment: r
                .get_nullable_bytes("assignment", MAX_MEMBER_BYTES)?
                .unwrap_or_default(),
        })
    }
}

/// Heartbeat request.
#[derive(Debug, Clone)]
pub struct HeartbeatRequest {
    /// Group id.
    pub group_id: String,
    /// Current generation.
    pub generation_id: i32,
    /// This member's id.
    pub member_id: String,
}

impl Request for HeartbeatRequest {
    const API_KEY: ApiKey = ApiKey::Heartbeat;
    const MIN_VERSION: i16 = 0;
    const MAX_VERSION: i16 = 3;

    fn encode_body(&self, version: i16, buf: &mut Vec<u8>) {
        buf.put_string(&self.group_id);
        buf.put_i32(self.generation_id);
        buf.put_string(&self.member_id);
        if version >= 3 {
            buf.put_nullable_string(None);
        }
    }
}

/// The answer to Heartbeat or LeaveGroup: just an error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupErrorResponse {
    /// Error, if any (REBALANCE_IN_PROGRESS asks the member to rejoin).
    pub error_code: KafkaCode,
}

impl GroupErrorResponse {
    /// Decodes a Heartbeat (0..=3) or LeaveGroup (0..=2) body.
    pub fn decode<R: Read>(r: &mut R, version: i16) -> Result<Self, ProtocolError> {
        if version >= 1 {
            r.get_i32()?; // throttle_time_ms
        }
        Ok(GroupErrorResponse {
            error_code: KafkaCode(r.get_i16()?),
        })
    }
}

/// LeaveGroup request for one member.
#[derive(Debug, Clone)]
pub struct LeaveGroupRequest {
    /// Group id.
    pub group_id: String,
    /// The leaving member.
    pub member_id: String,
}

impl Request for LeaveGroupRequest {
    const API_KEY: ApiKey = ApiKey::LeaveGroup;
    const MIN_VERSION: i16 = 0;
    const MAX_VERSION: i16 = 2;

    fn encode_body(&self, _version: i16, buf: &mut Vec<u8>) {
        buf.put_string(&self.group_id);
        buf.put_string(&self.member_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::frame::encode_request;

    #[test]
    fn join_v5_bytes_and_response() {
        let req = JoinGroupRequest {
            group_id: "g".into(),
            session_timeout_ms: 30000,
            rebalance_timeout_ms: 60000,
            member_id: String::new(),
            protocol_type: "consumer".into(),
            protocols: vec![("range".into(), vec![7])],
        };
        let mut buf = Vec::new();
        encode_request(&req, 5, 1, "c", &mut buf);
        assert_eq!(
            &buf[15..],
            [
                0, 1, b'g', // group
                0, 0, 0x75, 0x30, // session 30000
                0, 0, 0xea, 0x60, // rebalance 60000
                0, 0, // member id ""
                0xff, 0xff, // instance id null
                0, 8, b'c', b'o', b'n', b's', b'u', b'm', b'e', b'r', // protocol type
                0, 0, 0, 1, 0, 5, b'r', b'a', b'n', b'g', b'e', 0, 0, 0, 1, 7,
            ]
        );
        let mut b: Vec<u8> = Vec::new();
        b.put_i32(0);
        b.put_i16(0);
        b.put_i32(3);
        b.put_string("range");
        b.put_string("m1");
        b.put_string("m1");
        b.put_array_len(1);
        b.put_string("m1");
        b.put_nullable_string(None);
        b.put_bytes(&[1, 2]);
        let mut r = &b[..];
        let resp = JoinGroupResponse::decode(&mut r, 5).unwrap();
        assert_eq!(resp.generation_id, 3);
        assert_eq!(resp.members[0].metadata, vec![1, 2]);
        assert!(r.is_empty());
    }

    #[test]
    fn sync_heartbeat_leave() {
        let mut buf = Vec::new();
        let sync = SyncGroupRequest {
            group_id: "g".into(),
            generation_id: 1,
            member_id: "m".into(),
            assignments: vec![("m".into(), vec![9])],
        };
        encode_request(&sync, 3, 1, "c", &mut buf);
        assert_eq!(
            &buf[15..],
            [
                0, 1, b'g', 0, 0, 0, 1, 0, 1, b'm', 0xff, 0xff, 0, 0, 0, 1, 0, 1, b'm', 0, 0, 0, 1,
                9
            ]
        );
        let resp =
            SyncGroupResponse::decode(&mut &[0u8, 0, 0, 0, 0, 0, 0, 0, 0, 1, 5][..], 1).unwrap();
        assert_eq!(resp.assignment, vec![5]);
        let hb = GroupErrorResponse::decode(&mut &[0u8, 0, 0, 0, 0, 27][..], 1).unwrap();
        assert_eq!(hb.error_code.name(), "REBALANCE_IN_PROGRESS");
        encode_request(
            &LeaveGroupRequest {
                group_id: "g".into(),
                member_id: "m".into(),
            },
            1,
            1,
            "c",
            &mut buf,
        );
        assert_eq!(&buf[15..], [0, 1, b'g', 0, 1, b'm']);
    }
}
