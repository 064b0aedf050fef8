//! Errors of the wire layer, and Kafka's numeric error codes with their names.
//!
//! Reference: Kafka protocol guide, "Error Codes".

use std::io;

use super::compression::CompressionError;

/// Everything that can be wrong with bytes read from or written to the wire.
#[derive(Debug, thiserror::Error)]
pub enum ProtocolError {
    /// The input ended in the middle of a field.
    #[error("response truncated while reading {what}")]
    Truncated {
        /// The field being read.
        what: &'static str,
    },
    /// A length or count outside what the decoder accepts.
    #[error("{what} length {len} out of range (limit {cap})")]
    LengthOutOfRange {
        /// The field.
        what: &'static str,
        /// The length read from the wire.
        len: i64,
        /// The largest accepted.
        cap: usize,
    },
    /// A varint longer than its type allows.
    #[error("malformed varint")]
    BadVarint,
    /// A string that is not UTF-8.
    #[error("{what} is not valid UTF-8")]
    InvalidUtf8 {
        /// The field.
        what: &'static str,
    },
    /// A null where the format requires a value.
    #[error("{what} is null")]
    UnexpectedNull {
        /// The field.
        what: &'static str,
    },
    /// A checksum that does not match the data it covers.
    #[error(
        "{kind} mismatch at offset {offset}: stored {stored:#010x}, computed {computed:#010x}"
    )]
    BadCrc {
        /// "CRC-32C" for record batches, "CRC-32" for legacy messages.
        kind: &'static str,
        /// Offset of the batch or message.
        offset: i64,
        /// The checksum carried in the data.
        stored: u32,
        /// The checksum of the bytes received.
        computed: u32,
    },
    /// A message format this decoder does not know.
    #[error("unknown message format magic {magic} at offset {offset}")]
    UnknownMagic {
        /// The magic byte.
        magic: i8,
        /// Offset of the batch or message.
        offset: i64,
    },
    /// Any other violation of the format.
    #[error("malformed {what}: {reason}")]
    Malformed {
        /// The structure being decoded.
        what: &'static str,
        /// What was wrong.
        reason: String,
    },
    /// A compression codec failed.
    #[error(transparent)]
    Compression(#[from] CompressionError),
    /// The byte source failed.
    #[error("{0}")]
    Io(io::Error),
}

impl From<io::Error> for ProtocolError {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            return ProtocolError::Truncated { what: "field" };
        }
        // A decompressor reports corrupt input as InvalidData wrapping its own error.
        if e.kind() == io::ErrorKind::InvalidData
            && e.get_ref()
                .is_some_and(|inner| inner.is::<CompressionError>())
        {
            if let Some(inner) = e.into_inner() {
                if let Ok(c) = inner.downcast::<CompressionError>() {
                    return ProtocolError::Compression(*c);
                }
            }
            return ProtocolError::Malformed {
                what: "compressed data",
                reason: "decompression failed".into(),
            };
        }
        ProtocolError::Io(e)
    }
}

impl ProtocolError {
    /// True when the error is the byte source's own (a socket timeout or reset),
    /// not something wrong with the bytes.
    pub fn is_io(&self) -> bool {
        matches!(self, ProtocolError::Io(_))
    }
}

/// A Kafka error code as it appears in responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KafkaCode(pub i16);

impl KafkaCode {
    /// No error.
    pub const NONE: KafkaCode = KafkaCode(0);
    /// The requested offset is outside the partition's log.
    pub const OFFSET_OUT_OF_RANGE: KafkaCode = KafkaCode(1);
    /// The topic or partition does not exist (yet).
    pub const UNKNOWN_TOPIC_OR_PARTITION: KafkaCode = KafkaCode(3);
    /// The partition has no leader at the moment (often: topic being created).
    pub const LEADER_NOT_AVAILABLE: KafkaCode = KafkaCode(5);
    /// The broker is not the leader for the partition.
    pub const NOT_LEADER_OR_FOLLOWER: KafkaCode = KafkaCode(6);
    /// The request's API version is not supported.
    pub const UNSUPPORTED_VERSION: KafkaCode = KafkaCode(35);

    /// True for "no error".
    pub fn is_ok(self) -> bool {
        self.0 == 0
    }

    /// The protocol guide's name for the code, or "UNKNOWN_ERROR_CODE".
    pub fn name(self) -> &'static str {
        usize::try_from(self.0 + 1)
            .ok()
            .and_then(|i| ERROR_NAMES.get(i))
            .copied()
            .unwrap_or("UNKNOWN_ERROR_CODE")
    }

    /// Errors that a retry after a metadata refresh or a short wait may cure.
    pub fn is_retriable(self) -> bool {
        matches!(
            self.0,
            2 | 3 | 5 | 6 | 7 | 13 | 14 | 15 | 16 | 19 | 20 | 56 | 74 | 75 | 78 | 89 | 108
        )
    }

    /// Errors after which cluster metadata (leaders) should be refreshed.
    pub fn needs_metadata_refresh(self) -> bool {
        matches!(self.0, 3 | 5 | 6 | 56 | 74 | 75 | 108)
    }
}

impl std::fmt::Display for KafkaCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name(), self.0)
    }
}

/// Names of codes -1 ..= 127, indexed by code + 1.
const ERROR_NAMES: &[&str] = &[
    "UNKNOWN_SERVER_ERROR",
    "NONE",
    "OFFSET_OUT_OF_RANGE",
    "CORRUPT_MESSAGE",
    "UNKNOWN_TOPIC_OR_PARTITION",
    "INVALID_FETCH_SIZE",
    "LEADER_NOT_AVAILABLE",
    "NOT_LEADER_OR_FOLLOWER",
    "REQUEST_TIMED_OUT",
    "BROKER_NOT_AVAILABLE",
    "REPLICA_NOT_AVAILABLE",
    "MESSAGE_TOO_LARGE",
    "STALE_CONTROLLER_EPOCH",
    "OFFSET_METADATA_TOO_LARGE",
    "NETWORK_EXCEPTION",
    "COORDINATOR_LOAD_IN_PROGRESS",
    "COORDINATOR_NOT_AVAILABLE",
    "NOT_COORDINATOR",
    "INVALID_TOPIC_EXCEPTION",
    "RECORD_LIST_TOO_LARGE",
    "NOT_ENOUGH_REPLICAS",
    "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
    "INVALID_REQUIRED_ACKS",
    "ILLEGAL_GENERATION",
    "INCONSISTENT_GROUP_PROTOCOL",
    "INVALID_GROUP_ID",
    "UNKNOWN_MEMBER_ID",
    "INVALID_SESSION_TIMEOUT",
    "REBALANCE_IN_PROGRESS",
    "INVALID_COMMIT_OFFSET_SIZE",
    "TOPIC_AUTHORIZATION_FAILED",
    "GROUP_AUTHORIZATION_FAILED",
    "CLUSTER_AUTHORIZATION_FAILED",
    "INVALID_TIMESTAMP",
    "UNSUPPORTED_SASL_MECHANISM",
    "ILLEGAL_SASL_STATE",
    "UNSUPPORTED_VERSION",
    "TOPIC_ALREADY_EXISTS",
    "INVALID_PARTITIONS",
    "INVALID_REPLICATION_FACTOR",
    "INVALID_REPLICA_ASSIGNMENT",
    "INVALID_CONFIG",
    "NOT_CONTROLLER",
    "INVALID_REQUEST",
    "UNSUPPORTED_FOR_MESSAGE_FORMAT",
    "POLICY_VIOLATION",
    "OUT_OF_ORDER_SEQUENCE_NUMBER",
    "DUPLICATE_SEQUENCE_NUMBER",
    "INVALID_PRODUCER_EPOCH",
    "INVALID_TXN_STATE",
    "INVALID_PRODUCER_ID_MAPPING",
    "INVALID_TRANSACTION_TIMEOUT",
    "CONCURRENT_TRANSACTIONS",
    "TRANSACTION_COORDINATOR_FENCED",
    "TRANSACTIONAL_ID_AUTHORIZATION_FAILED",
    "SECURITY_DISABLED",
    "OPERATION_NOT_ATTEMPTED",
    "KAFKA_STORAGE_ERROR",
    "LOG_DIR_NOT_FOUND",
    "SASL_AUTHENTICATION_FAILED",
    "UNKNOWN_PRODUCER_ID",
    "REASSIGNMENT_IN_PROGRESS",
    "DELEGATION_TOKEN_AUTH_DISABLED",
    "DELEGATION_TOKEN_NOT_FOUND",
    "DELEGATION_TOKEN_OWNER_MISMATCH",
    "DELEGATION_TOKEN_REQUEST_NOT_ALLOWED",
    "DELEGATION_TOKEN_AUTHORIZATION_FAILED",
    "DELEGATION_TOKEN_EXPIRED",
    "INVALID_PRINCIPAL_TYPE",
    "NON_EMPTY_GROUP",
    "GROUP_ID_NOT_FOUND",
    "FETCH_SESSION_ID_NOT_FOUND",
    "INVALID_FETCH_SESSION_EPOCH",
    "LISTENER_NOT_FOUND",
    "TOPIC_DELETION_DISABLED",
    "FENCED_LEADER_EPOCH",
    "UNKNOWN_LEADER_EPOCH",
    "UNSUPPORTED_COMPRESSION_TYPE",
    "STALE_BROKER_EPOCH",
    "OFFSET_NOT_AVAILABLE",
    "MEMBER_ID_REQUIRED",
    "PREFERRED_LEADER_NOT_AVAILABLE",
    "GROUP_MAX_SIZE_REACHED",
    "FENCED_INSTANCE_ID",
    "ELIGIBLE_LEADERS_NOT_AVAILABLE",
    "ELECTION_NOT_NEEDED",
    "NO_REASSIGNMENT_IN_PROGRESS",
    "GROUP_SUBSCRIBED_TO_TOPIC",
    "INVALID_RECORD",
    "UNSTABLE_OFFSET_COMMIT",
    "THROTTLING_QUOTA_EXCEEDED",
    "PRODUCER_FENCED",
    "RESOURCE_NOT_FOUND",
    "DUPLICATE_RESOURCE",
    "UNACCEPTABLE_CREDENTIAL",
    "INCONSISTENT_VOTER_SET",
    "INVALID_UPDATE_VERSION",
    "FEATURE_UPDATE_FAILED",
    "PRINCIPAL_DESERIALIZATION_FAILURE",
    "SNAPSHOT_NOT_FOUND",
    "POSITION_OUT_OF_RANGE",
    "UNKNOWN_TOPIC_ID",
    "DUPLICATE_BROKER_REGISTRATION",
    "BROKER_ID_NOT_REGISTERED",
    "INCONSISTENT_TOPIC_ID",
    "INCONSISTENT_CLUSTER_ID",
    "TRANSACTIONAL_ID_NOT_FOUND",
    "FETCH_SESSION_TOPIC_ID_ERROR",
    "INELIGIBLE_REPLICA",
    "NEW_LEADER_ELECTED",
    "OFFSET_MOVED_TO_TIERED_STORAGE",
    "FENCED_MEMBER_EPOCH",
    "UNRELEASED_INSTANCE_ID",
    "UNSUPPORTED_ASSIGNOR",
    "STALE_MEMBER_EPOCH",
    "MISMATCHED_ENDPOINT_TYPE",
    "UNSUPPORTED_ENDPOINT_TYPE",
    "UNKNOWN_CONTROLLER_ID",
    "UNKNOWN_SUBSCRIPTION_ID",
    "TELEMETRY_TOO_LARGE",
    "INVALID_REGISTRATION_REQUEST",
    "TRANSACTION_ABORTABLE",
    "INVALID_RECORD_STATE",
    "SHARE_SESSION_NOT_FOUND",
    "INVALID_SHARE_SESSION_EPOCH",
    "FENCED_STATE_EPOCH",
    "INVALID_VOTER_KEY",
    "DUPLICATE_VOTER",
    "VOTER_NOT_FOUND",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_line_up_with_codes() {
        assert_eq!(KafkaCode(-1).name(), "UNKNOWN_SERVER_ERROR");
        assert_eq!(KafkaCode(0).name(), "NONE");
        assert_eq!(KafkaCode(3).name(), "UNKNOWN_TOPIC_OR_PARTITION");
        assert_eq!(KafkaCode(6).name(), "NOT_LEADER_OR_FOLLOWER");
        assert_eq!(KafkaCode(35).name(), "UNSUPPORTED_VERSION");
        assert_eq!(KafkaCode(58).name(), "SASL_AUTHENTICATION_FAILED");
        assert_eq!(KafkaCode(87).name(), "INVALID_RECORD");
        assert_eq!(KafkaCode(100).name(), "UNKNOWN_TOPIC_ID");
        assert_eq!(KafkaCode(127).name(), "VOTER_NOT_FOUND");
        assert_eq!(KafkaCode(500).name(), "UNKNOWN_ERROR_CODE");
        assert_eq!(KafkaCode(-7).name(), "UNKNOWN_ERROR_CODE");
    }
}
