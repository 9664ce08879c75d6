import SpottedLedger
import Testing

@testable import Replication

/// Which JetStream answers a stream's creation and first info requests wait out: a cluster still
/// settling on a busy machine answers 10005 / 10008 / 10023 (and a new stream's replica 10059)
/// for a moment; anything else is the caller's error at once.
@Suite struct SettlingTests {
    @Test("a settling cluster's refusals are retried while creating; other refusals are not")
    func creation() {
        let codes = JetStreamAPI.transientCreateCodes
        for code in [10005, 10008, 10023] {
            #expect(
                JetStreamAPI.settling(.failed(code: code, description: "settling"), codes)
                    == "settling")
        }
        #expect(JetStreamAPI.settling(.unavailable("timeout"), codes) == "timeout")
        // 10058: the name is taken with another configuration; 10059: not found; no code at all.
        for error: ReplicationError in [
            .failed(code: 10058, description: "in use"), .failed(code: 10059, description: "x"),
            .failed(code: nil, description: "y"),
            .fenced(expectedLastSequence: 1, streamLastSequence: 2),
        ] {
            #expect(JetStreamAPI.settling(error, codes) == nil)
        }
    }

    @Test(
        "a new stream's info waits out 10059 only when asked: a follower's missing stream fails at once"
    )
    func info() {
        let missing = ReplicationError.failed(code: 10059, description: "stream not found")
        #expect(JetStreamAPI.settling(missing, JetStreamAPI.transientInfoCodes) != nil)
        #expect(JetStreamAPI.settling(missing, [10008]) == nil)
    }
}
