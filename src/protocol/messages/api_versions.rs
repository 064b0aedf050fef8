//! ApiVersions (key 18): which versions of each API the broker speaks.
//!
//! kafka_rs sends version 0, which every broker since 0.10 answers, and picks
//! for each API the highest version both sides know.
//!
//! Reference: KIP-35 (retrieving protocol version), KIP-511.

use std::io::Read;

use super::MAX_ARRAY;
use crate::protocol::error::{KafkaCode, ProtocolError};
use crate::protocol::frame::{ApiKey, Request};
use crate::protocol::primitives::Decoder;

/// ApiVersions request: no fields at version 0.
#[derive(Debug, Default)]
pub struct ApiVersionsRequest;

impl Request for ApiVersionsRequest {
    const API_KEY: ApiKey = ApiKey::ApiVersions;
    const MIN_VERSION: i16 = 0;
    const MAX_VERSION: i16 = 0;
    fn encode_body(&self, _version: i16, _buf: &mut Vec<u8>) {}
}

/// The version range of one API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiVersionRange {
    /// The API key.
    pub api_key: i16,
    /// Lowest version the broker accepts.
    pub min_version: i16,
    /// Highest version the broker accepts.
    pub max_version: i16,
}

/// ApiVersions response, version 0.
#[derive(Debug, Clone)]
pub struct ApiVersionsResponse {
    /// Top-level error.
    pub error_code: KafkaCode,
    /// One entry per API.
    pub api_keys: Vec<ApiVersionRange>,
}

impl ApiVersionsResponse {
    /// Decodes the body (after the response header).
    pub fn decode<R: Read>(r: &mut R, _version: i16) -> Result<Self, ProtocolError> {
        let error_code = KafkaCode(r.get_i16()?);
        let n = r.get_array_len_or_empty("api_keys", MAX_ARRAY)?;
        let mut api_keys = Vec::with_capacity(n.min(256));
        for _ in 0..n {
            api_keys.push(ApiVersionRange {
                api_key: r.get_i16()?,
                min_version: r.get_i16()?,
                max_version: r.get_i16()?,
            });
        }
        Ok(ApiVersionsResponse {
            error_code,
            api_keys,
        })
    }

    /// The highest version of `api` within `ours` that the broker accepts,
    /// or `None` when the ranges do not meet.
    pub fn negotiate(&self, api: ApiKey, ours: (i16, i16)) -> Option<i16> {
        let theirs = self.api_keys.iter().find(|k| k.api_key == api as i16)?;
        let hi = ours.1.min(theirs.max_version);
        let lo = ours.0.max(theirs.min_version);
        (hi >= lo).then_some(hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_negotiates() {
        // error 0, two entries: Produce 3..=11, Fetch 4..=17 (a Kafka 4.x broker's ranges).
        let bytes = [0, 0, 0, 0, 0, 2, 0, 0, 0, 3, 0, 11, 0, 1, 0, 4, 0, 17];
        let resp = ApiVersionsResponse::decode(&mut &bytes[..], 0).unwrap();
        assert!(resp.error_code.is_ok());
        assert_eq!(resp.negotiate(ApiKey::Produce, (3, 8)), Some(8));
        assert_eq!(resp.negotiate(ApiKey::Fetch, (0, 3)), None);
        assert_eq!(resp.negotiate(ApiKey::Fetch, (0, 11)), Some(11));
        assert_eq!(resp.negotiate(ApiKey::Metadata, (1, 8)), None);
    }
}
