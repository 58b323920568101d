#if os(Linux)
import Foundation
import Petri
import Testing
@testable import PetriSandbox
@testable import PetriWine

/// The timeout's registry save signals the run's own wineserver and nothing else: a process with
/// the same name outside the run's pid namespace is left alone.
@Suite(.serialized) struct WineServerShutdownTests {
    @Test func signalsOnlyTheWineserverInTheRunsPidNamespace() throws {
        let dir = NSTemporaryDirectory() + "petri-wsd-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let decoy = dir + "/wineserver-decoy"  // comm "wineserver-deco"
        try FileManager.default.copyItem(atPath: "/bin/sleep", toPath: decoy)

        // env resets SIGTERM: unshare (and maybe the test runner) ignore it, and children inherit that.
        let outside = Process()
        outside.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        outside.arguments = ["--default-signal=TERM", decoy, "30"]
        try outside.run()
        defer { kill(outside.processIdentifier, SIGKILL); outside.waitUntilExit() }

        // A stand-in for the sandbox init: pid 1 of a new pid namespace with a "wineserver" child.
        let ns = Process()
        ns.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        ns.arguments = ["--pid", "--fork", "--kill-child", "--", "/usr/bin/env", "--default-signal=TERM", "/bin/sh", "-c", "\(decoy) 30 & wait"]
        try ns.run()
        defer { kill(ns.processIdentifier, SIGKILL); ns.waitUntilExit() }
        var initPid: Int32? = nil, inside: Int32? = nil
        for _ in 0..<200 where inside == nil {
            usleep(10_000)
            initPid = GracefulStop.descendants(of: ns.processIdentifier).first
            if let i = initPid { inside = GracefulStop.descendants(of: i).first { GracefulStop.comm($0)?.hasPrefix("wineserver") == true } }
        }
        let pid1 = try #require(initPid)
        let server = try #require(inside)

        let save = GracefulStop(initPid: pid1, now: Sandbox.monotonicNs(), request: WineRunner.timeoutStop)
        #expect(save.signalled == 1)
        var waited = 0
        while save.pending(now: Sandbox.monotonicNs()) && waited < 200 { usleep(10_000); waited += 1 }
        #expect(save.summary.contains("exited"), "\(save.summary)")
        let state = GracefulStop.readSmall("/proc/\(server)/stat")
        #expect(state == nil || state?.contains(") Z ") == true, "the run's server got SIGTERM and is gone: \(state ?? "")")
        #expect(outside.isRunning, "a same-named process outside the run's pid namespace is never signalled")
    }

    @Test func nothingToSaveWhenNoServerRuns() throws {
        let lone = Process()
        lone.executableURL = URL(fileURLWithPath: "/bin/sleep")
        lone.arguments = ["30"]
        try lone.run()
        defer { kill(lone.processIdentifier, SIGKILL); lone.waitUntilExit() }
        let save = GracefulStop(initPid: lone.processIdentifier, now: Sandbox.monotonicNs(), request: WineRunner.timeoutStop)
        #expect(save.signalled == 0)
        #expect(!save.pending(now: Sandbox.monotonicNs()))
        #expect(save.summary == "no wineserver was running, nothing to save")
    }
}
#endif
