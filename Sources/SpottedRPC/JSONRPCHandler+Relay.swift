import Ethereum
import EventLog
import SpottedLedger
import SpottedProtocol
import Synchronization

/// One bridge delivery the relay submits.
struct PendingDelivery: Sendable {
    let guid: Word
    let action: Action
}

extension JSONRPCHandler {
    /// Most deliveries one relay step submits.
    public static let maxDeliveriesPerRelayStep = 64

    /// The relay step (``Options/relaysBridgeMessages``): delivers every message the Abridge holds
    /// undelivered, oldest sent first, as the bridge would — a `deliverMessage` on its
    /// destination chain from the Abridge that chain's receiver trusts (the replica's, or the
    /// genesis's `mainAbridge` for a verification going to the MainChainVerifier), at that chain's
    /// next block. Deterministic: it delivers what the log says is pending, nothing else. A
    /// delivery the reducers refuse is not tried again by this process (one overtaken by another
    /// entry on its chain is, by the next step). Returns how many were logged.
    @discardableResult
    public func relayBridgeMessages() async -> Int {
        let now = options.clockSeconds()
        let refused = relayRefused.withLock { $0 }
        let pending: [PendingDelivery]
        do {
            pending = try await ingestor.read { [self] engine in
                // Catches the chain heads up to the log.
                _ = try self.view(engine, chainId: engine.state.genesis?.mainChainId ?? 0)
                return Self.pendingDeliveries(
                    engine.state, heads: self.index.withLock { $0.heads }, now: now,
                    skipping: refused)
            }
        } catch {
            return 0
        }
        var logged = 0
        for delivery in pending {
            do {
                _ = try await ingestor.submit(delivery.action)
                logged += 1
            } catch .refused(_, let refusal) where Self.isOvertaken(refusal.error) {
                // Another entry reached that chain's head first: the next step delivers it.
                continue
            } catch .duplicate {
                continue  // a concurrent step logged the same delivery
            } catch {
                _ = relayRefused.withLock { $0.insert(delivery.guid) }
            }
        }
        return logged
    }

    /// The deliveries due in `state`, at most ``maxDeliveriesPerRelayStep``, in sent order; each
    /// chain's blocks advance by one per delivery.
    static func pendingDeliveries(
        _ state: LedgerState, heads: [UInt64: ChainLedgerIndex.ChainHead], now: UInt64,
        skipping refused: Set<Word>
    ) -> [PendingDelivery] {
        guard let genesis = state.genesis else { return [] }
        let messages = state.abridge.messages
            .filter { $0.value.deliveredSequence == nil && !refused.contains($0.key) }
            .sorted { $0.value.sentSequence < $1.value.sentSequence }
            .prefix(maxDeliveriesPerRelayStep)
        var next = heads
        var out = [PendingDelivery]()
        for (guid, message) in messages {
            let chain = message.destinationChainId
            let isMain = chain == genesis.mainChainId
            guard let bridge = isMain ? genesis.mainAbridge : state.replicas[chain]?.abridge
            else { continue }
            let head = next[chain] ?? .init(blockNumber: 0, timestamp: 0)
            var block = head.blockNumber &+ 1
            if isMain, let clock = state.clock {
                // Inside the current epoch, as every main-chain transaction (`blockNumber(for:)`).
                let end = clock.interval(of: state.currentEpoch).end
                block = min(block, max(end &- 1, head.blockNumber))
            }
            let timestamp = max(now, head.timestamp)
            next[chain] = .init(blockNumber: block, timestamp: timestamp)
            let delivery = BridgeDelivery(
                guid: guid, from: message.from, to: message.to, payload: message.payload)
            out.append(
                PendingDelivery(
                    guid: guid,
                    action: Action(
                        .deliverMessage(delivery), chainId: chain, blockNumber: block,
                        timestamp: timestamp, sender: bridge)))
        }
        return out
    }
}
