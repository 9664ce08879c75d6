// fuzz-harness: one harness for every target in FuzzTargets.
//  - tools/fuzz compiles it with -D FUZZING and -sanitize=fuzzer; the target is named by the
//    SPOTTED_FUZZ_TARGET environment variable (abi, envelope, export-line, poison-event).
//  - Built by SwiftPM it replays inputs: `fuzz-harness <target> <file>…` (a corpus, a crash).
import Foundation
import Fuzzing

#if FUZZING
let selected = FuzzTargets.all.first { $0.name == ProcessInfo.processInfo.environment["SPOTTED_FUZZ_TARGET"] }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let selected else {
        FileHandle.standardError.write(Data("set SPOTTED_FUZZ_TARGET to one of: \(FuzzTargets.all.map(\.name))\n".utf8))
        exit(2)
    }
    selected.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
#else
@main
struct Replay {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTargets.all.first(where: { $0.name == name }) else {
            print("usage: fuzz-harness <\(FuzzTargets.all.map(\.name).joined(separator: "|"))> <input file>…")
            exit(2)
        }
        for path in arguments.dropFirst() { target.run([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))) }
    }
}
#endif
