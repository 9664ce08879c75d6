import Foundation

/// Prints the replicated-append table: every round and the mean.
func printAppendTable(cRates: [Double], cLocal: [Double], engine: [AppendRound], sizes: [Int]) {
    let meanBytes = Double(sizes.reduce(0, +)) / Double(max(1, sizes.count))
    print("")
    print(String(format: "| replicated durable append, %d real entries (mean %.0f B, %d–%d B) | C publish (entries/s) | C publish + local LMDB append (entries/s) | engine commit (entries/s) | engine / C publish | engine / C with its local append | engine end to end (entries/s) | publish share of the engine's commit |",
                 sizes.count, meanBytes, sizes.min() ?? 0, sizes.max() ?? 0))
    print("|---|---|---|---|---|---|---|---|")
    for (i, ((c, l), e)) in zip(zip(cRates, cLocal), engine).enumerated() {
        let order = i % 2 == 0 ? "C, engine, C + LMDB" : "C + LMDB, engine, C"
        print(String(format: "| round %d (%@) | %.0f | %.0f | %.0f | %.2f× | %.2f× | %.0f | %.0f %% |", i + 1, order, c, l,
                     e.commitRate, e.commitRate / c, e.commitRate / l, e.endToEndRate,
                     100 * e.publishSeconds / (e.publishSeconds + e.localSeconds)))
    }
    func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(1, values.count)) }
    let c = mean(cRates)
    let l = mean(cLocal)
    let commit = mean(engine.map(\.commitRate))
    let publish = engine.map(\.publishSeconds).reduce(0, +)
    let local = engine.map(\.localSeconds).reduce(0, +)
    let groups = engine.map(\.groups).reduce(0, +) / UInt64(max(1, engine.count))
    print(String(format: "| mean of %d rounds (%llu groups each) | %.0f | %.0f | %.0f | **%.2f×** | **%.2f×** | %.0f | %.0f %% |", engine.count, groups,
                 c, l, commit, commit / c, commit / l, mean(engine.map(\.endToEndRate)), 100 * publish / (publish + local)))
    print(String(format: "inside the engine's commit: publish-only rate %.0f entries/s; local append (prepare, LMDB write, fsync) %.0f entries/s",
                 Double(sizes.count * engine.count) / publish, Double(sizes.count * engine.count) / local))
}

/// Prints the follower-lag table: a row pair per writer rate.
func printLagTable(_ lags: [LagResult]) {
    print("")
    print("| follower lag at steady load (writer: Ingestor + JetStream; follower: same process, own connection) | p50 | p99 | max |")
    print("|---|---|---|---|")
    for lag in lags {
        let run = String(format: "%.0f actions/s for %.1f s (%d entries)", lag.rate, lag.seconds, lag.count)
        print(String(format: "| %@: ms from the writer's acknowledgement to the follower's local append | %.1f | %.1f | %.1f |",
                     run, quantile(lag.lagMilliseconds, 0.5), quantile(lag.lagMilliseconds, 0.99), lag.lagMilliseconds.max() ?? .nan))
        print(String(format: "| %@: entries behind (acknowledged head − follower head, every 5 ms) | %.0f | %.0f | %.0f |",
                     run, quantile(lag.lagEntries, 0.5), quantile(lag.lagEntries, 0.99), lag.lagEntries.max() ?? .nan))
    }
}

/// Prints the catch-up table.
func printCatchUpTable(count: UInt64, seed: Double, catchUp: Double, inline: Double, allCores: Double, trusted: Double) {
    print("")
    print("| \(count) events | entries/s | fresh follower's catch-up / it |")
    print("|---|---|---|")
    print(String(format: "| seed: JetStreamLog.publish of the ledger's entries in groups of 1 000 | %.0f | |", seed))
    print(String(format: "| fresh follower catch-up (Engine.catchUp: checked, reduced, signatures verified inline, appended with fsync, snapshots) | %.0f | 1.00× |", catchUp))
    print(String(format: "| local replay, signatures verified inline (one thread) | %.0f | %.2f× |", inline, catchUp / inline))
    print(String(format: "| local replay, signatures verified on every core (the default) | %.0f | %.2f× |", allCores, catchUp / allCores))
    print(String(format: "| local replay, signatures trusted | %.0f | %.2f× |", trusted, catchUp / trusted))
}
