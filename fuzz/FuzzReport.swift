// libFuzzer harness: the report reader (ReportJSON.decode), as `petri report show` and rescore use it
// on files from anywhere; a decoded report is re-encoded and decoded again. Built by fuzz/run-core.sh.
import Foundation
import PetriModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReport(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let d = data == nil ? Data() : Data(bytes: data!, count: size)
    if let r = try? ReportJSON.decode(d), let again = try? ReportJSON.encode(r) {
        _ = try? ReportJSON.decode(again)
    }
    return 0
}
