// libFuzzer harness: the sandbox profile parser and the behaviour-rule loader over any YAML text.
import CFuzzDriver
import Petri

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ProfileFuzzing.load(data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// The entry point SwiftPM's debug link calls `main` (see CFuzzDriver); a release link uses libFuzzer's.
@_cdecl("FuzzProfile_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    petri_fuzz_main(argc, argv) { data, size in testOneInput(data, size) }
}
