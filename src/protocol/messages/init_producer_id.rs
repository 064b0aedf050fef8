//! InitProducerId (key 22): a producer id and epoch for the idempotent
//! producer, whose batches carry them with per-partition sequence numbers so
//! that the broker drops a batch it has already written (a retry after a lost
//! answer) instead of writing it twice.
//!
//! Versions 0 and 1 (version 2 is flexible). Without a transactional id any
//! broker can answer.
//!
//! Reference: Kafka protocol guide "InitProducerId API"; KIP-98.

use std::io::Read;

use crate::protocol::error::{KafkaCode, ProtocolError};
use crate::protocol::frame::{ApiKey, Request};
use crate::protocol::primitives::{Decoder, Encoder};

/// InitProducerId request for an idempotent (not transactional) producer.
#[derive(Debug, Clone, Default)]
pub struct InitProducerIdRequest;

impl Request for InitProducerIdRequest {
    const API_KEY: ApiKey = ApiKey::InitProducerId;
    const MIN_VERSION: i16 = 0;
    const MAX_VERSION: i16 = 1;

    fn encode_body(&self, _version: i16, buf: &mut Vec<u8>) {
        buf.put_nullable_string(None); // transactional_id
        buf.put_i32(60_000); // transaction_timeout_ms (unused without transactions)
    }
}

/// InitProducerId response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InitProducerIdResponse {
    /// Error, if any.
    pub error_code: KafkaCode,
    /// The producer id.
    pub producer_id: i64,
    /// Its epoch.
    pub producer_epoch: i16,
}

impl InitProducerIdResponse {
    /// Decodes the body (0..=1).
    pub fn decode<R: Read>(r: &mut R, _version: i16) -> Result<Self, ProtocolError> {
        r.get_i32()?; // throttle_time_ms
        Ok(InitProducerIdResponse {
            error_code: KafkaCode(r.get_i16()?),
            producer_id: r.get_i64()?,
            producer_epoch: r.get_i16()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::frame::encode_request;

    #[test]
    fn request_and_response() {
        let mut buf = Vec::new();
        encode_request(&InitProducerIdRequest, 1, 1, "c", &mut buf);
        assert_eq!(&buf[15..], [0xff, 0xff, 0, 0, 0xea, 0x60]);
        let b = [0u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0x01, 0, 3];
        let r = InitProducerIdResponse::decode(&mut &b[..], 1).unwrap();
        assert_eq!((r.producer_id, r.producer_epoch), (4097, 3));
    }
}
