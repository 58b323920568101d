// libFuzzer harness: zip and tar directory walkers and the script inspector. Built by fuzz/run.sh.
import PetriModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArchive(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    _ = ArchiveInspector.inspect(bytes, format: "zip archive")
    _ = ArchiveInspector.inspect(bytes, format: "tar archive")
    _ = ScriptInspector.inspect(bytes, interpreter: "/usr/bin/env")
    return 0
}
