// libFuzzer harness: the sandbox profile parser and the behaviour-rule loader over any YAML text.
import Petri

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProfile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ProfileFuzzing.load(data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
