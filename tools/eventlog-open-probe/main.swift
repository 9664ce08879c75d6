// eventlog-open-probe <directory> <read-only|read-write|create> [--as-nobody]
//
// Opens the log in <directory> in the given mode and verifies it, in a process of its own, so a
// test can open damaged ledgers whose pre-mapping checks pass without risking its own process:
// prints "ok <entries> <valid|problem: …>" (exit 0) or "error <description>" (exit 1); a signal
// means the open crashed. --as-nobody first drops to uid/gid 65534 (when run as root), so a
// directory without write permission really refuses writes.
import EventLog

#if canImport(Glibc)
    import Glibc
#endif

func say(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
}

let arguments = CommandLine.arguments
let modes: [String: EventLog.OpenMode] = [
    "read-only": .readOnly, "read-write": .readWrite, "create": .create,
]
guard arguments.count >= 3, let mode = modes[arguments[2]] else {
    say("usage: eventlog-open-probe <directory> <read-only|read-write|create> [--as-nobody]")
    exit(2)
}
if arguments.dropFirst(3).contains("--as-nobody") && getuid() == 0 {
    guard setgid(65_534) == 0, setuid(65_534) == 0 else {
        say("error cannot drop to uid 65534")
        exit(3)
    }
}
do {
    let log = try EventLog(directory: arguments[1], options: EventLog.Options(mode: mode))
    let report = try log.verify()
    say("ok \(report.entries) " + (report.problem.map { "problem: \($0)" } ?? "valid"))
} catch {
    say("error \(error)")
    exit(1)
}
