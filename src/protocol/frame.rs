//! Request and response framing: the i32 size prefix and the request header.
//!
//! kafka_rs sends only non-flexible API versions, so every request carries
//! request header v1 (api key, api version, correlation id, client id) and every
//! response starts with response header v0 (the correlation id).
//!
//! Reference: Kafka protocol guide, "Common Request and Response Structure".

use super::error::ProtocolError;
use super::primitives::{Decoder, Encoder};

/// The numeric keys of the APIs kafka_rs speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(i16)]
pub enum ApiKey {
    /// Produce.
    Produce = 0,
    /// Fetch.
    Fetch = 1,
    /// ListOffsets.
    ListOffsets = 2,
    /// Metadata.
    Metadata = 3,
    /// OffsetCommit.
    OffsetCommit = 8,
    /// OffsetFetch.
    OffsetFetch = 9,
    /// FindCoordinator.
    FindCoordinator = 10,
    /// JoinGroup.
    JoinGroup = 11,
    /// Heartbeat.
    Heartbeat = 12,
    /// LeaveGroup.
    LeaveGroup = 13,
    /// SyncGroup.
    SyncGroup = 14,
    /// ApiVersions.
    ApiVersions = 18,
    /// InitProducerId.
    InitProducerId = 22,
}

impl ApiKey {
    /// The protocol guide's name of the API.
    pub fn name(self) -> &'static str {
        match self {
            ApiKey::Produce => "Produce",
            ApiKey::Fetch => "Fetch",
            ApiKey::ListOffsets => "ListOffsets",
            ApiKey::Metadata => "Metadata",
            ApiKey::OffsetCommit => "OffsetCommit",
            ApiKey::OffsetFetch => "OffsetFetch",
            ApiKey::FindCoordinator => "FindCoordinator",
            ApiKey::JoinGroup => "JoinGroup",
            ApiKey::Heartbeat => "Heartbeat",
            ApiKey::LeaveGroup => "LeaveGroup",
            ApiKey::SyncGroup => "SyncGroup",
            ApiKey::ApiVersions => "ApiVersions",
            ApiKey::InitProducerId => "InitProducerId",
        }
    }
}

/// A request body that knows its API and the versions kafka_rs can encode.
pub trait Request {
    /// The API this request belongs to.
    const API_KEY: ApiKey;
    /// Lowest version kafka_rs encodes.
    const MIN_VERSION: i16;
    /// Highest version kafka_rs encodes.
    const MAX_VERSION: i16;
    /// Appends the body at `version` (within MIN..=MAX).
    fn encode_body(&self, version: i16, buf: &mut Vec<u8>);
}

/// Largest response frame accepted. A fetch may legitimately carry one record
/// batch bigger than the fetch size (up to the broker's message.max.bytes), so
/// the cap is generous; bodies are streamed, never allocated at this size.
pub const MAX_RESPONSE_FRAME: usize = 1 << 30;

/// Encodes a whole request frame (size, header v1, body) into `buf`, which is cleared first.
pub fn encode_request<R: Request>(
    req: &R,
    version: i16,
    correlation_id: i32,
    client_id: &str,
    buf: &mut Vec<u8>,
) {
    buf.clear();
    buf.put_i32(0); // size, patched below
    buf.put_i16(R::API_KEY as i16);
    buf.put_i16(version);
    buf.put_i32(correlation_id);
    buf.put_nullable_string(Some(client_id));
    req.encode_body(version, buf);
    let size = (buf.len() - 4) as i32;
    buf[..4].copy_from_slice(&size.to_be_bytes());
}

/// Reads a response's size prefix and checks it against [`MAX_RESPONSE_FRAME`].
pub fn read_response_size<R: std::io::Read>(r: &mut R) -> Result<usize, ProtocolError> {
    let size = r.get_i32()?;
    super::primitives::check_len("response frame", size as i64, MAX_RESPONSE_FRAME)?;
    if size < 4 {
        return Err(ProtocolError::Malformed {
            what: "response frame",
            reason: format!("size {size} is too small for a header"),
        });
    }
    Ok(size as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Empty;
    impl Request for Empty {
        const API_KEY: ApiKey = ApiKey::ApiVersions;
        const MIN_VERSION: i16 = 0;
        const MAX_VERSION: i16 = 0;
        fn encode_body(&self, _: i16, _: &mut Vec<u8>) {}
    }

    #[test]
    fn header_v1_layout() {
        let mut buf = Vec::new();
        encode_request(&Empty, 0, 7, "php", &mut buf);
        assert_eq!(
            buf,
            [0, 0, 0, 13, 0, 18, 0, 0, 0, 0, 0, 7, 0, 3, b'p', b'h', b'p']
        );
    }

    #[test]
    fn oversized_and_undersized_frames_are_refused() {
        assert!(read_response_size(&mut &[0x7fu8, 0xff, 0xff, 0xff][..]).is_err());
        assert!(read_response_size(&mut &[0xffu8, 0xff, 0xff, 0xff][..]).is_err());
        assert!(read_response_size(&mut &[0u8, 0, 0, 2][..]).is_err());
        assert_eq!(read_response_size(&mut &[0u8, 0, 1, 0][..]).unwrap(), 256);
    }
}
