import PetriModel
import PetriSandbox
import PetriWine
import Testing

/// Relay calls' raw hex arguments turned into the fields the rules read (prot, addr, duration_ns).
@Suite struct WineRelayArgumentsTests {
    func relay(_ name: String, _ raw: String, retval: String? = nil) -> Event {
        var args: [String: ArgValue] = ["raw_args": .string(raw), "module": .string("kernel32")]
        if let retval { args["retval"] = .string(retval) }
        return Event(seq: 1, timeNs: 0, pid: 32, tid: 36, image: "sp-sim.exe", kind: .api, name: name, category: .memory,
                     args: args, action: .observed, runner: false)
    }

    @Test func memoryProtectionsAndAddresses() {
        // As WineDebugLogParser records `Call KERNEL32.VirtualAlloc(00000000,00001000,00003000,00000004)` + its Ret line.
        var events = [
            relay("VirtualAlloc", "00000000,00001000,00003000,00000004", retval: "0x0000000001620000"),
            relay("VirtualProtect", "01620000,00001000,00000020,0021fc9c"),
            relay("VirtualAlloc", "00000000,00002000,00003000,00000040", retval: "0x00000000002a0000"),
            relay("VirtualProtectEx", "ffffffffffffffff,140001000,00001000,00000120,0021fc9c"),
            relay("NtProtectVirtualMemory", "ffffffffffffffff,0021fd00,0021fd08,00000002,0021fd10"),
            relay("Sleep", "0000ea60"),
            relay("IsDebuggerPresent", ""),
        ]
        WineRelayArguments.decode(&events)
        #expect(events[0].args["prot"]?.stringValue == "PROT_READ|PROT_WRITE")
        #expect(events[0].args["win_prot"]?.stringValue == "PAGE_READWRITE")
        #expect(events[0].args["addr"]?.stringValue == "0x1620000", "an allocation's address is the one returned")
        #expect(events[1].args["prot"]?.stringValue == "PROT_READ|PROT_EXEC")
        #expect(events[1].args["addr"]?.stringValue == "0x1620000", "the same region, spelled the same")
        #expect(events[2].args["prot"]?.stringValue == "PROT_READ|PROT_WRITE|PROT_EXEC")
        #expect(events[2].args["win_prot"]?.stringValue == "PAGE_EXECUTE_READWRITE")
        #expect(events[3].args["win_prot"]?.stringValue == "PAGE_EXECUTE_READ|PAGE_GUARD")
        #expect(events[3].args["addr"]?.stringValue == "0x140001000")
        #expect(events[4].args["prot"]?.stringValue == "PROT_READ")
        #expect(events[4].args["addr"] == nil, "NtProtectVirtualMemory passes the address by pointer")
        #expect(events[5].args["duration_ns"]?.intValue == 60_000_000_000)
        #expect(events[6].args["prot"] == nil && events[6].args["duration_ns"] == nil)
    }

    @Test func malformedArgumentsAreLeftAlone() {
        var events = [relay("VirtualProtect", "01620000"), relay("VirtualAlloc", "zz,yy,xx,ww"), relay("Sleep", "")]
        WineRelayArguments.decode(&events)
        for e in events { #expect(e.args["prot"] == nil && e.args["duration_ns"] == nil, "\(e.name)") }
    }
}
