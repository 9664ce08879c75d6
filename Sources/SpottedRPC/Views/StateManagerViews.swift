import Ethereum
import SpottedProtocol

/// The StateManager views on one chain, answered from the ledger's histories.
enum StateManagerViews {
    static func history(_ h: History) -> ABIValue {
        .tuple([.uint(h.value), .uint(UInt256(h.blockNumber)), .uint(UInt256(h.timestamp))])
    }

    static func call(_ name: String, _ a: ViewArguments, state: LedgerState, chainId: UInt64)
        throws(CallFailure) -> [ABIValue]?
    {
        let manager = state.stateManager
        func key() throws(CallFailure) -> HistoryKey {
            HistoryKey(chainId: chainId, user: try a.address(0), key: try a.uint256(1))
        }
        do {
            switch name {
            case "getCurrentValue":
                return [.uint(manager.histories[try key()]?.last?.value ?? .zero)]
            case "getHistoryCount": return [.uint(UInt256(UInt64(manager.historyCount(try key()))))]
            case "getHistory":
                return [.array((manager.histories[try key()] ?? []).map(history))]
            case "getHistoryAt":
                guard let index = Int(exactly: try a.uint64(2)) else {
                    throw CallFailure.badArgument(2)
                }
                return [history(try manager.historyAt(try key(), index: index))]
            case "getHistoryAtBlock":
                return [history(try manager.historyAtBlock(try key(), block: try a.uint64(2)))]
            case "getHistoryBetweenBlockNumbers":
                let list = try manager.historyBetween(
                    try key(), from: try a.uint64(2), to: try a.uint64(3))
                return [.array(list.map(history))]
            case "getCurrentValues":
                let user = try a.address(0)
                let values = try a.items(1).map { item -> ABIValue in
                    let k = HistoryKey(chainId: chainId, user: user, key: item.uint ?? .zero)
                    return .uint(manager.histories[k]?.last?.value ?? .zero)
                }
                return [.array(values)]
            case "getUsedKeys":
                let user = try a.address(0)
                let keys = manager.histories.keys.filter {
                    $0.chainId == chainId && $0.user == user
                }
                .map(\.key).sorted().map { ABIValue.uint($0) }
                return [.array(keys)]
            default: return nil
            }
        } catch let error as ProtocolError {
            throw .refused(error)
        } catch let failure as CallFailure {
            throw failure
        } catch {
            throw .notServed(name)
        }
    }
}
