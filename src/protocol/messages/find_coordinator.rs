//! FindCoordinator (key 10): which broker coordinates a consumer group.
//!
//! Versions 1 and 2 (Kafka 4.x dropped version 0; version 3 is flexible).
//!
//! Reference: Kafka protocol guide "FindCoordinator API"; KIP-98 (key type).

use std::io::Read;

use crate::protocol::error::{KafkaCode, ProtocolError};
use crate::protocol::frame::{ApiKey, Request};
use crate::protocol::primitives::{Decoder, Encoder};

/// FindCoordinator request for a group.
#[derive(Debug, Clone)]
pub struct FindCoordinatorRequest {
    /// The group id.
    pub key: String,
}

impl Request for FindCoordinatorRequest {
    const API_KEY: ApiKey = ApiKey::FindCoordinator;
    const MIN_VERSION: i16 = 1;
    const MAX_VERSION: i16 = 2;

    fn encode_body(&self, _version: i16, buf: &mut Vec<u8>) {
        buf.put_string(&self.key);
        buf.put_i8(0); // key_type: group
    }
}

/// FindCoordinator response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindCoordinatorResponse {
    /// Error, if any (COORDINATOR_NOT_AVAILABLE while the group topic loads).
    pub error_code: KafkaCode,
    /// The broker's message.
    pub error_message: Option<String>,
    /// Coordinator broker id.
    pub node_id: i32,
    /// Coordinator host.
    pub host: String,
    /// Coordinator port.
    pub port: i32,
}

impl FindCoordinatorResponse {
    /// Decodes the body at `version` (1..=2).
    pub fn decode<R: Read>(r: &mut R, _version: i16) -> Result<Self, ProtocolError> {
        r.get_i32()?; // throttle_time_ms
        Ok(FindCoordinatorResponse {
            error_code: KafkaCode(r.get_i16()?),
            error_message: r.get_nullable_string("error message")?,
            node_id: r.get_i32()?,
            host: r.get_string("coordinator host")?,
            port: r.get_i32()?,
        })
    }

    /// `host:port` of the coordinator.
    pub fn addr(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::frame::encode_request;

    #[test]
    fn request_and_response_v2() {
        let mut buf = Vec::new();
        encode_request(
            &FindCoordinatorRequest { key: "g".into() },
            2,
            1,
            "c",
            &mut buf,
        );
        assert_eq!(&buf[15..], [0, 1, b'g', 0]);
        let mut b: Vec<u8> = Vec::new();
        b.put_i32(0);
        b.put_i16(0);
        b.put_nullable_string(None);
        b.put_i32(1);
        b.put_string("127.0.0.1");
        b.put_i32(9192);
        let resp = FindCoordinatorResponse::decode(&mut &b[..], 2).unwrap();
        assert_eq!(resp.addr(), "127.0.0.1:9192");
    }
}
