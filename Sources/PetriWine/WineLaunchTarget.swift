import PetriModel

/// What Wine starts for a PE sample, decided from its headers before any image or template is built:
/// the program itself, or a DLL through rundll32 with one of its exports. A PE the guest's Wine cannot
/// run is refused with one line (`WineLaunchTarget.Refusal`), never run into a verdict.
public enum WineLaunchTarget: Sendable, Equatable {
    case executable
    /// rundll32 calls `entry` (an export name, or `#ordinal` for an unnamed export); the 32-bit rundll32
    /// (syswow64) for a PE32 DLL.
    case dll(entry: String, is32Bit: Bool)

    /// The one-line reason a PE is not run.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// `--dll-export` value that picks the DLL's first exported function (unless it exports one by that name).
    public static let firstExport = "first"

    /// `name` without i386 stdcall/fastcall decoration: `_F@8` and `@F@8` are `F`.
    static func undecorated(_ name: String) -> String {
        guard let at = name.lastIndex(of: "@"), at != name.startIndex, !name[name.index(after: at)...].isEmpty,
              name[name.index(after: at)...].allSatisfy(\.isASCII), name[name.index(after: at)...].allSatisfy(\.isNumber) else { return name }
        let base = name[..<at]
        return String(base.first == "_" || base.first == "@" ? base.dropFirst() : base)
    }

    /// Import libraries only kernel-mode code links against.
    static let kernelLibraries: Set<String> = ["ntoskrnl.exe", "hal.dll", "ndis.sys", "fltmgr.sys", "wdfldr.sys", "ksecdd.sys", "cng.sys"]

    /// The target for `pe` (the sample `fileName`), or the refusal. `dllExport`: `--dll-export`, an export
    /// name, `#ordinal`, or `first`.
    public static func decide(pe: PeInfo, fileName: String, dllExport: String?) throws(Refusal) -> WineLaunchTarget {
        let name = Printable.line(fileName)
        let kind = pe.is64Bit ? "PE32+" : "PE32"
        guard pe.machine == "i386" || pe.machine == "x86-64" else {
            throw Refusal(description: "\(name) is a \(kind) for \(pe.machine): the guest's Wine runs i386 and x86-64 Windows programs only")
        }
        let kernelImports = pe.imports.map { $0.dll.lowercased() }.filter(kernelLibraries.contains)
        if pe.subsystem == "native" || !kernelImports.isEmpty || pe.dllCharacteristics.contains("wdm_driver") {
            let why = [pe.subsystem == "native" ? "native subsystem" : nil, kernelImports.first.map { "imports \(Printable.line($0))" }]
                .compactMap { $0 }.joined(separator: ", ")
            throw Refusal(description: "\(name) is a kernel driver or native-subsystem image (\(why.isEmpty ? "WDM driver" : why)): petri runs user-mode Windows programs")
        }
        if let clr = pe.dotnet {
            throw Refusal(description: "\(name) is a .NET assembly (CLR \(clr.runtime), \(clr.ilOnly ? "IL only" : "mixed mode")): the guest's Wine has no .NET runtime (no Wine Mono; mscoree is switched off)")
        }
        let callable = pe.exports.filter { $0.forwarder == nil }
        guard pe.isDll else {
            if dllExport != nil { throw Refusal(description: "--dll-export is for DLL samples; \(name) is a \(kind) executable") }
            return .executable
        }
        func listed() -> String {
            let names = callable.prefix(8).map { $0.name.map(Printable.line) ?? "#\($0.ordinal)" }
            return names.joined(separator: ", ") + (callable.count > names.count ? ", ... (\(callable.count))" : "")
        }
        if fileName.contains(",") || fileName.contains("\"") {
            throw Refusal(description: "\(name) is a DLL whose name rundll32 cannot be given (a comma or quote): rename it")
        }
        guard !callable.isEmpty else {
            throw Refusal(description: "\(name) is a DLL with no exported function to call: petri runs a DLL through rundll32 with one of its exports")
        }
        guard let wanted = dllExport else {
            throw Refusal(description: "\(name) is a DLL: name the export rundll32 calls with --dll-export NAME, #ORDINAL or \(firstExport) (it exports \(listed()))")
        }
        // rundll32 reads the entry up to the next blank: a name it cannot be given is not called.
        func checked(_ entry: String) throws(Refusal) -> WineLaunchTarget {
            guard !entry.isEmpty, entry.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f && $0 != "," && $0 != "\"" }) else {
                throw Refusal(description: "\(name): the export \(Printable.line(entry)) cannot be named on rundll32's command line")
            }
            return .dll(entry: entry, is32Bit: !pe.is64Bit)
        }
        if let e = callable.first(where: { $0.name == wanted }), let n = e.name { return try checked(n) }
        // An i386 stdcall export keeps its decoration (RunDll@16, _RunDll@16) unless the DLL was linked
        // to drop it: the plain name picks it, and rundll32 is given the name as exported.
        if let e = callable.first(where: { $0.name.map(Self.undecorated) == wanted }), let n = e.name { return try checked(n) }
        if wanted.hasPrefix("#"), let ordinal = UInt32(wanted.dropFirst()), callable.contains(where: { $0.ordinal == ordinal }) {
            return .dll(entry: "#\(ordinal)", is32Bit: !pe.is64Bit)
        }
        if wanted == firstExport, let e = callable.first { return try checked(e.name ?? "#\(e.ordinal)") }
        throw Refusal(description: "\(name) exports no function \(Printable.line(wanted)) (it exports \(listed()))")
    }
}
