// fuzz-poison-event: tools/fuzz compiles this with -D FUZZING and -sanitize=fuzzer into a libFuzzer target
// for FuzzTargets.poisonEvent; built by SwiftPM, it replays the inputs given as file arguments (a corpus).
import Foundation
import Fuzzing

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.poisonEvent(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
#else
@main
struct Replay {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            FuzzTargets.poisonEvent([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        }
    }
}
#endif
