// Named arguments for relay events (`--api-trace full`) whose meaning is in their raw hex arguments:
// memory protections and sleeps. Rules then use one vocabulary for Linux and Windows (`prot` as
// PROT_* flags, `duration_ns`) instead of parsing `raw_args`.
import PetriModel

public enum WineRelayArguments {
    /// Position (0-based) of the protection argument, and of the address when it is passed by value.
    static let memoryCalls: [String: (prot: Int, addr: Int?)] = [
        "VirtualAlloc": (3, nil), "VirtualAllocEx": (4, nil), "NtAllocateVirtualMemory": (5, nil),
        "VirtualProtect": (2, 0), "VirtualProtectEx": (3, 1), "NtProtectVirtualMemory": (3, nil),
    ]

    /// Adds `prot` (PROT_READ|PROT_WRITE|PROT_EXEC), `win_prot` (PAGE_* name) and `addr` (for allocations
    /// the address returned, for VirtualProtect the address passed; hex without leading zeros) to memory
    /// calls, and `duration_ns` to Sleep/SleepEx. Other events are left as they are.
    public static func decode(_ events: inout [Event]) {
        for i in events.indices where events[i].kind == .api {
            let name = events[i].name
            guard name.hasPrefix("Virtual") || name.hasPrefix("Nt") || name.hasPrefix("Sleep"),
                  let raw = events[i].args["raw_args"]?.stringValue else { continue }
            let fields = raw.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if let pos = memoryCalls[name] {
                guard pos.prot < fields.count, let p = UInt32(fields[pos.prot], radix: 16) else { continue }
                events[i].args["win_prot"] = .string(protectionName(p))
                events[i].args[ArgKey.prot] = .string(unixFlags(p))
                if let a = pos.addr, a < fields.count {
                    events[i].args[ArgKey.addr] = .string(normalizedAddress(fields[a]))
                } else if name.contains("Alloc"), let r = events[i].args["retval"]?.stringValue {
                    events[i].args[ArgKey.addr] = .string(normalizedAddress(r))
                }
            } else if name == "Sleep" || name == "SleepEx", let f = fields.first, let ms = UInt32(f, radix: 16) {
                // INFINITE (0xffffffff) stays as the largest value; rules compare with min.
                events[i].args[ArgKey.durationNs] = .int(Int64(ms) * 1_000_000)
            }
        }
    }

    /// `0x00000000002a0000` / `2a0000` -> `0x2a0000`.
    static func normalizedAddress(_ s: String) -> String {
        var h = Substring(s.lowercased())
        if h.hasPrefix("0x") { h = h.dropFirst(2) }
        let trimmed = h.drop { $0 == "0" }
        return "0x" + (trimmed.isEmpty ? "0" : trimmed)
    }

    /// PAGE_* base protection (low byte) plus modifiers, e.g. `PAGE_EXECUTE_READ|PAGE_GUARD`.
    static func protectionName(_ p: UInt32) -> String {
        let base: [UInt32: String] = [0x01: "PAGE_NOACCESS", 0x02: "PAGE_READONLY", 0x04: "PAGE_READWRITE", 0x08: "PAGE_WRITECOPY",
                                      0x10: "PAGE_EXECUTE", 0x20: "PAGE_EXECUTE_READ", 0x40: "PAGE_EXECUTE_READWRITE",
                                      0x80: "PAGE_EXECUTE_WRITECOPY"]
        var names = [base[p & 0xff] ?? "0x" + String(p & 0xff, radix: 16)]
        if p & 0x100 != 0 { names.append("PAGE_GUARD") }
        if p & 0x200 != 0 { names.append("PAGE_NOCACHE") }
        if p & 0x400 != 0 { names.append("PAGE_WRITECOMBINE") }
        return names.joined(separator: "|")
    }

    /// The same protection as mmap/mprotect flags (write-copy counts as writable).
    static func unixFlags(_ p: UInt32) -> String {
        switch p & 0xff {
        case 0x02: return "PROT_READ"
        case 0x04, 0x08: return "PROT_READ|PROT_WRITE"
        case 0x10: return "PROT_EXEC"
        case 0x20: return "PROT_READ|PROT_EXEC"
        case 0x40, 0x80: return "PROT_READ|PROT_WRITE|PROT_EXEC"
        default: return "PROT_NONE"
        }
    }
}
