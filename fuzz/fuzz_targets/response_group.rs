//! The consumer-group and producer-id responses: FindCoordinator v1-2,
//! JoinGroup v2-5, SyncGroup v0-3, Heartbeat/LeaveGroup v0-3 (error only),
//! InitProducerId v0-1, OffsetCommit v2-7, OffsetFetch v1-5, and the consumer
//! protocol's subscription and assignment blobs that members exchange
//! through the coordinator. The first input byte picks decoder and version.
#![no_main]

use kafka_rs::protocol::messages::consumer_protocol::{decode_assignment, decode_subscription};
use kafka_rs::protocol::messages::find_coordinator::FindCoordinatorResponse;
use kafka_rs::protocol::messages::group::{
    GroupErrorResponse, JoinGroupResponse, SyncGroupResponse,
};
use kafka_rs::protocol::messages::init_producer_id::InitProducerIdResponse;
use kafka_rs::protocol::messages::offsets::{decode_offset_commit, OffsetFetchResponse};
use kafka_rs_fuzz::assert_bounded;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, mut body)) = data.split_first() else {
        return;
    };
    let n = data.len();
    let pick = |lo: i16, hi: i16| lo + (sel / 9) as i16 % (hi - lo + 1);
    match sel % 9 {
        0 => {
            let v = pick(1, 2);
            if let Ok(r) = assert_bounded("FindCoordinator", n, || {
                FindCoordinatorResponse::decode(&mut body, v)
            }) {
                let _ = r.addr();
            }
        }
        1 => {
            let v = pick(2, 5);
            if let Ok(r) =
                assert_bounded("JoinGroup", n, || JoinGroupResponse::decode(&mut body, v))
            {
                // The leader decodes every member's subscription.
                for m in &r.members {
                    let _ = assert_bounded("subscription", m.metadata.len(), || {
                        decode_subscription(&m.metadata)
                    });
                }
            }
        }
        2 => {
            let v = pick(0, 3);
            if let Ok(r) =
                assert_bounded("SyncGroup", n, || SyncGroupResponse::decode(&mut body, v))
            {
                let _ = assert_bounded("assignment", r.assignment.len(), || {
                    decode_assignment(&r.assignment)
                });
            }
        }
        3 => {
            let v = pick(0, 3);
            let _ = assert_bounded("Heartbeat", n, || GroupErrorResponse::decode(&mut body, v));
        }
        4 => {
            let v = pick(0, 1);
            let _ = assert_bounded("InitProducerId", n, || {
                InitProducerIdResponse::decode(&mut body, v)
            });
        }
        5 => {
            let v = pick(2, 7);
            let _ = assert_bounded("OffsetCommit", n, || decode_offset_commit(&mut body, v));
        }
        6 => {
            let v = pick(1, 5);
            let _ = assert_bounded("OffsetFetch", n, || {
                OffsetFetchResponse::decode(&mut body, v)
            });
        }
        7 => {
            let _ = assert_bounded("subscription", n, || decode_subscription(body));
        }
        _ => {
            let _ = assert_bounded("assignment", n, || decode_assignment(body));
        }
    }
});
