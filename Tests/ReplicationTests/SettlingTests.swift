import SpottedLedger
import Testing

@testable import Replication

/// Which JetStream answers count as a cluster still settling (`JetStreamAPI.settling`), which
/// stream creation and the first info requests wait out: a busy machine's cluster answers 10005 /
/// 10008 / 10023 (and a new stream's replica 10059) for a moment; anything else is the caller's
/// error at once.
@Suite struct SettlingTests {
    @Test(
        "what counts as a settling cluster when creating a stream: 10005, 10008, 10023 and no answer; other refusals do not"
    )
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
        "10059 (stream not found) counts as settling only with the new stream's codes, not with a follower's"
    )
    func info() {
        let missing = ReplicationError.failed(code: 10059, description: "stream not found")
        #expect(JetStreamAPI.settling(missing, JetStreamAPI.transientInfoCodes) != nil)
        #expect(JetStreamAPI.settling(missing, [10008]) == nil)
    }
}
