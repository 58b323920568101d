import Foundation
import PetriModel
import Testing
@testable import PetriAnalysis

@Suite("Static triage: YARA")
struct StaticYaraTests {
    static func writeRules(_ files: [String: String]) -> String {
        let dir = StaticSupport.tempDir("yara-\(UUID().uuidString.prefix(8))")
        for (name, text) in files { try? text.write(toFile: "\(dir)/\(name)", atomically: true, encoding: .utf8) }
        return dir
    }

    @Test func shippedRulesCompile() throws {
        let rules = try YaraRules.compile(directories: [StaticSupport.path("profiles/yara")])
        #expect(rules.ruleCount >= 5)
        #expect(rules.warnings.isEmpty, "\(rules.warnings)")
    }

    /// The shipped rules are written for techniques: no fixture's host, name or marker (those rules
    /// live in tests/yara, loaded by the tests and `make corpus` through --yara).
    @Test func shippedRulesNameNoFixture() throws {
        let dir = StaticSupport.path("profiles/yara")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yar") || $0.hasSuffix(".yara") }
        #expect(!files.isEmpty)
        for f in files {
            let text = try String(contentsOfFile: dir + "/" + f, encoding: .utf8).lowercased()
            for name in ["sp-sim", "sp_sim", "sp-stage2", ".example", "petri_", "petri-", "fixture"] {
                #expect(!text.contains(name), "\(f) names \(name)")
            }
        }
        #expect(try YaraRules.compile(directories: [StaticSupport.path("tests/yara")]).ruleCount >= 4)
    }

    /// A stealer's harvest list (stores of two kinds) matches; one kind, as a browser or a dotfile
    /// backup of ~/.ssh names, does not.
    @Test func credentialStorePathsNeedTwoKinds() throws {
        let rules = try YaraRules.compile(directories: [StaticSupport.path("profiles/yara")])
        func rulesFor(_ strings: [String]) throws -> [String] {
            try rules.scan(data: Data(("\u{7f}ELF\0" + strings.joined(separator: "\0")).utf8)).map(\.rule)
        }
        // Linux: Firefox + an SSH key; Windows (UTF-16 too): Chrome + FileZilla; Telegram + wallet.
        #expect(try rulesFor(["%s/.mozilla/firefox/%s/logins.json", "%s/.ssh/id_ed25519"]) == ["credential_store_paths"])
        let wide = Data("\\Google\\Chrome\\User Data\\Default\\Login Data".utf16.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] })
            + Data("\0%APPDATA%\\FileZilla\\recentservers.xml".utf8)
        #expect(try rules.scan(data: wide).map(\.rule) == ["credential_store_paths"])
        #expect(try rulesFor(["Telegram Desktop\\tdata", "%APPDATA%\\Exodus\\exodus.wallet"]) == ["credential_store_paths"])
        #expect(try rulesFor(["Skype", "%s/main.db", "%s/.bitcoin/wallet.dat"]) == ["credential_store_paths"])
        // One kind only: a browser's own profile handling, a backup of ~/.ssh, main.db without Skype.
        #expect(try rulesFor(["logins.json", "key4.db", "cookies.sqlite"]).isEmpty)
        #expect(try rulesFor(["%s/.ssh/id_rsa", "%s/.ssh/known_hosts", "metadata"]).isEmpty)
        #expect(try rulesFor(["main.db", "logins.json"]).isEmpty)
    }

    /// A messenger worm: contact list + send call + link; a chat client's contacts without a send
    /// call, or a send call without any contact list, do not match.
    @Test func messengerSpreaderNeedsContactsSendAndLink() throws {
        let rules = try YaraRules.compile(directories: [StaticSupport.path("profiles/yara")])
        func rulesFor(_ strings: [String]) throws -> [String] { try rules.scan(data: Data(strings.joined(separator: "\0").utf8)).map(\.rule) }
        #expect(try rulesFor(["%s/contacts.json", "/v1/chats/%s/messages", "look at this http://%s/p.php"]) == ["messenger_contact_spreader"])
        #expect(try rulesFor(["SEARCH FRIENDS", "CHATMESSAGE %s %s", "https://"]) == ["messenger_contact_spreader"])
        #expect(try rulesFor(["https://api.telegram.org/bot%s/sendMessage", "contacts.db"]) == ["messenger_contact_spreader"])
        #expect(try rulesFor(["%s/contacts.json", "https://example.org/help"]).isEmpty)
        #expect(try rulesFor(["https://api.telegram.org/bot%s/sendMessage?chat_id=%s"]).isEmpty)
    }

    /// Shell history cleared or switched off by builtins: only the script text shows it.
    @Test func shellHistoryBuiltinsInScripts() throws {
        let rules = try YaraRules.compile(directories: [StaticSupport.path("profiles/yara")])
        func rulesFor(_ script: String) throws -> [String] { try rules.scan(data: Data(script.utf8)).map(\.rule) }
        for body in ["history -c", "cat x; history -cw", "set +o history", "unset HISTFILE", "export HISTFILE=/dev/null",
                     "HISTSIZE=0", "export HISTCONTROL=ignoreboth", "history -w /dev/null", "shopt -u histappend"] {
            #expect(try rulesFor("#!/bin/sh\necho start\n\(body)\n") == ["shell_history_builtins"], "\(body)")
        }
        for body in ["history | tail -5", "echo $HISTFILE", "HISTSIZE=5000", "export HISTCONTROL=erasedups", "# history"] {
            #expect(try rulesFor("#!/bin/bash\n\(body)\n").isEmpty, "\(body)")
        }
        // Not a script: a text file that mentions it.
        #expect(try rulesFor("notes: run history -c to clear").isEmpty)
    }

    @Test func matchCarriesRuleTagsMetaAndOffsets() throws {
        let rules = try YaraRules.compile(directories: [StaticSupport.path("profiles/yara"), StaticSupport.path("tests/yara")])
        let data = Data(repeating: 0x41, count: 100) + Data("PETRI_FIXTURE_MARKER".utf8) + Data(repeating: 0, count: 50)
            + Data("PETRI_FIXTURE_MARKER".utf8)
        let matches = try rules.scan(data: data)
        let m = try #require(matches.first { $0.rule == "petri_fixture_marker" })
        #expect(m.tags == ["fixture"])
        #expect(m.meta.contains(YaraMeta(key: "severity", value: "1")))
        #expect(m.meta.contains(YaraMeta(key: "author", value: "petri")))
        #expect(m.strings.map(\.offset) == [100, 170])
        #expect(m.strings.allSatisfy { $0.identifier == "$marker" && $0.length == 20 })
        #expect(try rules.scan(data: Data("nothing here".utf8)).isEmpty)
        #expect(try rules.scan(data: Data()).isEmpty)
    }

    @Test func scanFileAndTriageFacts() throws {
        let rules = try YaraRules.compile(source: "rule canary : exfil { strings: $t = /PETRI-CANARY-[0-9a-f]{4}/ condition: $t }")
        let dir = StaticSupport.tempDir("yara-scan")
        let file = "\(dir)/sample.sh"
        try "#!/bin/sh\necho PETRI-CANARY-beef\n".write(toFile: file, atomically: true, encoding: .utf8)
        let matches = try rules.scan(path: file)
        #expect(matches.map(\.rule) == ["canary"])
        #expect(matches.first?.strings.first?.offset == 15)
        let info = StaticTriage.inspect(path: file, yaraRules: rules)
        #expect(info.facts.contains("yara:canary"))
        #expect(info.yara.first?.object == "sample")
        #expect(info.script?.language == "shell")
    }

    @Test func compileErrorsNameEveryFileAndLine() throws {
        let dir = Self.writeRules([
            "a_good.yar": "rule good { condition: true }\n",
            "b_bad.yar": "rule one { condition: true }\n\nrule two {\n  strings: $a = \"x\"\n  condition: $a and $b }\n",
            "c_bad.yara": "rule three {\n condition: filesize >\n}\n",
        ])
        do {
            _ = try YaraRules.compile(directories: [dir])
            Issue.record("broken rules compiled")
        } catch let error as YaraError {
            guard case .compile(let diags) = error else { Issue.record("wrong error \(error)"); return }
            let errors = diags.filter { !$0.isWarning }
            #expect(errors.contains { $0.file.hasSuffix("b_bad.yar") && $0.line == 5 }, "\(errors)")
            #expect(errors.contains { $0.file.hasSuffix("c_bad.yara") && $0.line == 3 }, "\(errors)")
            #expect(!errors.contains { $0.file.hasSuffix("a_good.yar") })
            #expect(error.description.contains("b_bad.yar:5:"))
        }
    }

    @Test func warningsOfACleanCompileAreReportedOnceWithTheirFile() throws {
        let dir = Self.writeRules([
            "a_fine.yar": "rule fine { strings: $s = \"petri-fine-marker\" condition: $s }\n",
            "b_slow.yar": "rule slow {\n  strings: $a = { 00 }\n  condition: $a\n}\n",
        ])
        let rules = try YaraRules.compile(directories: [dir])
        #expect(rules.ruleCount == 2)
        #expect(rules.warnings.count == 1, "\(rules.warnings)")
        #expect(rules.warnings.allSatisfy { $0.isWarning && $0.file.hasSuffix("b_slow.yar") && $0.line == 2 }, "\(rules.warnings)")
    }

    @Test func duplicateRuleAcrossFilesIsAnError() throws {
        let dir = Self.writeRules(["one.yar": "rule same { condition: true }\n", "two.yar": "\nrule same { condition: false }\n"])
        #expect(throws: YaraError.self) { try YaraRules.compile(directories: [dir]) }
        do { _ = try YaraRules.compile(directories: [dir]) } catch {
            #expect("\(error)".contains("two.yar:2:"), "\(error)")
        }
    }

    @Test func missingDirectoryAndEmptyDirectoryAreErrors() {
        #expect(throws: YaraError.unreadableDirectory("/nonexistent/petri-yara")) {
            try YaraRules.compile(directories: ["/nonexistent/petri-yara"])
        }
        let empty = StaticSupport.tempDir("yara-empty")
        #expect(throws: YaraError.self) { try YaraRules.compile(directories: [empty]) }
    }

    @Test func extraDirectoriesAddRules() throws {
        let extra = Self.writeRules(["team.yar": "rule team_rule : team { meta: level = 3 strings: $s = \"evil\" condition: $s }\n"])
        let rules = try YaraRules.compile(directories: [StaticSupport.path("profiles/yara"), StaticSupport.path("tests/yara"), extra])
        let m = try rules.scan(data: Data("an evil PETRI_FIXTURE_MARKER".utf8))
        #expect(Set(m.map(\.rule)) == ["team_rule", "petri_fixture_marker"])
    }

    @Test func concurrentScansOfOneRuleSet() async throws {
        let rules = try YaraRules.compile(directories: [StaticSupport.path("profiles/yara"), StaticSupport.path("tests/yara")])
        let counts = await withTaskGroup(of: Int.self) { group in
            for i in 0..<16 {
                group.addTask {
                    let d = Data(repeating: UInt8(i), count: 10_000) + Data("PETRI_FIXTURE_MARKER".utf8)
                    return (try? rules.scan(data: d).count) ?? -1
                }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts.allSatisfy { $0 == 1 })
    }
}

@Suite("Static triage: hashes, types, model")
struct StaticIntakeTests {
    @Test func hashesMatchKnownVectors() {
        let h = Data("abc".utf8).withUnsafeBytes { StaticTriage.hashes($0) }
        #expect(h.md5 == "900150983cd24fb0d6963f7d28e17f72")
        #expect(h.sha1 == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(h.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(h.size == 3)
    }

    @Test func ssdeepIsComputedAndComparable() throws {
        var text = ""
        for i in 0..<4000 { text += "line \(i) of some reasonably varied text \(i * 7919 % 1000)\n" }
        let a = Data(text.utf8)
        var b = a
        b.replaceSubrange(50_000..<50_100, with: Data(repeating: 0x21, count: 100))
        let ha = try #require(FuzzyHash.ssdeep(a)), hb = try #require(FuzzyHash.ssdeep(b))
        #expect(ha.split(separator: ":").count == 3)
        #expect(ha != hb)
        #expect((FuzzyHash.compare(ha, hb) ?? 0) > 50)
        #expect(FuzzyHash.compare(ha, FuzzyHash.ssdeep(Data(noise(200_000)))!) == 0)
    }

    @Test func typesByMagicNotExtension() {
        func type(_ bytes: [UInt8]) -> StaticInfo { StaticTriage.inspect(data: Data(bytes), yaraRules: nil) }
        #expect(type([]).fileType == .empty)
        #expect(type(Array("#!/usr/bin/env python3 -u\nprint(1)\n".utf8)).script == ScriptInfo(interpreter: "python3", language: "python", lines: 2))
        #expect(type(Array("#!/bin/bash\necho".utf8)).facts.contains("script:shell"))
        #expect(type([0x1f, 0x8b, 8, 0, 0, 0]).archive?.format == "gzip")
        #expect(type(Array("just some text".utf8)).fileType == .data)
    }

    @Test func zipMembersAreListed() throws {
        guard StaticSupport.require(StaticSupport.which("python3") != nil, "python3") else { return }
        let dir = StaticSupport.tempDir("zip")
        let r = StaticSupport.run("python3", ["-c", """
            import zipfile
            with zipfile.ZipFile('\(dir)/t.zip', 'w') as z:
                z.writestr('a.txt', 'x'); z.writestr('dir/b.exe', 'MZ')
            """])
        #expect(r.status == 0, "\(r.stderr)")
        let info = StaticTriage.inspect(path: "\(dir)/t.zip", yaraRules: nil)
        #expect(info.archive?.entries == ["a.txt", "dir/b.exe"])
    }

    @Test func staticInfoJSONUsesSnakeCaseAndRoundTrips() throws {
        let info = StaticTriage.inspect(data: Data(StaticPETests.upxLike().build().bytes), yaraRules: nil)
        let json = try JSONEncoder().encode(info)
        let text = String(decoding: json, as: UTF8.self)
        for key in ["\"packer_indicators\"", "\"entry_section\"", "\"virtual_size\"", "\"raw_size\"", "\"file_type\"", "\"is_64bit\""] {
            #expect(text.contains(key), "missing \(key)")
        }
        #expect(try JSONDecoder().decode(StaticInfo.self, from: json) == info)
        // Reports written before this section existed still decode.
        let old = try JSONDecoder().decode(StaticInfo.self, from: Data("{\"facts\":[\"packed\"],\"warnings\":[]}".utf8))
        #expect(old.facts == ["packed"] && old.pe == nil && old.yara.isEmpty)
    }

    @Test func renderSummarisesForHumans() {
        let info = StaticTriage.inspect(data: Data(StaticPETests.upxLike().build().bytes), yaraRules: nil)
        let text = StaticTriage.render(info)
        #expect(text.contains("sha256:   \(info.hashes!.sha256)"))
        #expect(text.contains("UPX1"))
        #expect(text.contains("packer:upx"))
        #expect(text.contains("facts:"))
    }

    @Test func fifoAndDirectoryAreNotRead() {
        let dir = StaticSupport.tempDir("fifo")
        let fifo = "\(dir)/pipe"
        unlink(fifo)
        #expect(mkfifo(fifo, 0o600) == 0)
        let info = StaticTriage.inspect(path: fifo, yaraRules: nil)
        #expect(info.fileType == .other && info.warnings.first?.contains("not a regular file") == true)
        #expect(StaticTriage.inspect(path: dir, yaraRules: nil).fileType == .directory)
    }

    @Test func unreadableFileIsAWarningNotACrash() {
        let info = StaticTriage.inspect(path: "/nonexistent/petri/sample", yaraRules: nil)
        #expect(info.fileType == .other)
        #expect(!info.warnings.isEmpty)
    }
}

@Suite("Static triage: ELF")
struct StaticELFTests {
    @Test func gccProgramsAreDescribed() throws {
        guard StaticSupport.require(StaticSupport.elfFixtures != nil, "gcc") else { return }
        let fx = StaticSupport.elfFixtures!
        let dyn = try #require(StaticTriage.inspect(path: fx["dynamic"]!, yaraRules: nil).elf)
        #expect(dyn.elfClass == "ELF64" && dyn.machine == "x86-64" && dyn.endianness == "little")
        #expect(dyn.interpreter == "/lib64/ld-linux-x86-64.so.2")
        #expect(dyn.needed == ["libc.so.6"])
        #expect(!dyn.isStatic && !dyn.stripped)
        #expect(dyn.sections.contains { $0.name == ".text" })

        #expect(dyn.importedSymbols?.contains("puts") == true, "\(dyn.importedSymbols ?? [])")
        let stripped = try #require(StaticTriage.inspect(path: fx["stripped"]!, yaraRules: nil).elf)
        #expect(stripped.stripped && !stripped.isStatic)

        let stat = StaticTriage.inspect(path: fx["static"]!, yaraRules: nil)
        #expect(stat.elf?.isStatic == true && stat.elf?.interpreter == nil && stat.elf?.needed == [])
        #expect(stat.facts.contains("elf:static"))
        #expect(stat.warnings.isEmpty, "\(stat.warnings)")
    }

    @Test func ptraceImportIsFlagged() throws {
        guard StaticSupport.require(StaticSupport.which("gcc") != nil, "gcc") else { return }
        let dir = StaticSupport.tempDir("elf-ptrace")
        try "#include <sys/ptrace.h>\nint main(void) { return ptrace(PTRACE_TRACEME, 0, 0, 0) == -1; }\n"
            .write(toFile: "\(dir)/p.c", atomically: true, encoding: .utf8)
        let r = StaticSupport.run("gcc", ["-O1", "-o", "\(dir)/p", "\(dir)/p.c"])
        #expect(r.status == 0, "\(r.stderr)")
        let info = StaticTriage.inspect(path: "\(dir)/p", yaraRules: nil)
        #expect(info.facts.contains("anti_debug_imports") && info.facts.contains("imports:elf!ptrace"), "\(info.facts)")
    }

    @Test func thirtyTwoBitBigEndianHeaderIsRead() throws {
        // Minimal ELF32 big-endian (MIPS) header, no program or section headers.
        var b = [UInt8](repeating: 0, count: 52)
        b[0...3] = [0x7f, 0x45, 0x4c, 0x46]; b[4] = 1; b[5] = 2; b[6] = 1
        b[16] = 0; b[17] = 2; b[18] = 0; b[19] = 8
        b[24...27] = [0x00, 0x40, 0x01, 0x00]
        let elf = try #require(StaticTriage.inspect(data: Data(b), yaraRules: nil).elf)
        #expect(elf.elfClass == "ELF32" && elf.endianness == "big" && elf.machine == "mips" && elf.type == "executable")
        #expect(elf.entryPoint == 0x40_0100)
    }
}

@Suite("Static triage: shipped packer and fixture rules")
struct StaticShippedRuleTests {
    static let rules = Result { try YaraRules.compile(directories: [StaticSupport.path("profiles/yara"), StaticSupport.path("tests/yara")]) }

    /// An MZ image whose section table names `sections` (8-byte names, as a PE section header holds them).
    static func pe(_ sections: [String]) -> Data {
        var d = Data("MZ".utf8) + Data(repeating: 0, count: 0x3e)
        d += Data("PE\0\0".utf8) + Data(repeating: 0, count: 0xf4)
        for name in sections { d += Data(name.utf8.prefix(8)) + Data(repeating: 0, count: 40 - min(8, name.utf8.count)) }
        return d + Data(repeating: 0x90, count: 512)
    }

    static func matched(_ d: Data) throws -> Set<String> { Set(try rules.get().scan(data: d).map(\.rule)) }

    @Test func eachPackerRuleMatchesItsOwnMarksOnly() throws {
        #expect(try Self.matched(Self.pe([".MPRESS1", ".MPRESS2"])) == ["packer_mpress"])
        #expect(try Self.matched(Self.pe([".aspack", ".adata"])) == ["packer_aspack"])
        #expect(try Self.matched(Self.pe(["UPX0", "UPX1"]) + Data("UPX!".utf8)) == ["packer_upx"])
        #expect(try Self.matched(Self.pe([".nsp0", ".nsp1"])) == ["packer_nspack"])
        #expect(try Self.matched(Self.pe([".vmp0", ".vmp1"])) == ["packer_vmprotect"])
        // Half the marks, or the marks outside an MZ image: no match.
        #expect(try Self.matched(Self.pe([".MPRESS1", ".text"])).isEmpty)
        #expect(try Self.matched(Self.pe([".aspack", ".text"])).isEmpty)
        #expect(try Self.matched(Data(".MPRESS1 .MPRESS2 .aspack .adata".utf8)).isEmpty)
        #expect(try Self.matched(Self.pe([".text", ".rdata", ".data"])).isEmpty)
    }

    @Test func upxOnElfNeedsTheMagic() throws {
        let elf = Data([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]) + Data(repeating: 0, count: 200)
        #expect(try Self.matched(elf + Data("UPX!".utf8)) == ["packer_upx"])
        #expect(try Self.matched(elf + Data("upx".utf8)).isEmpty)
    }

    @Test func spSimBodiesMatchOnlyDecoded() throws {
        // sp-sim's body as fixtures/packgen.c writes it, decoded and XOR-encrypted with its keystream.
        var plain = [UInt8](repeating: 0xcc, count: 16384)
        plain.replaceSubrange(0..<9, with: [0x8d, 0x04, 0x7f, 0x05, 0x50, 0x53, 0x00, 0x00, 0xc3])
        var k: UInt32 = 0x5350 &* 2654435761 | 1
        let encrypted = plain.map { b -> UInt8 in k ^= k << 13; k ^= k >> 17; k ^= k << 5; return b ^ UInt8(k & 0xff) }
        #expect(try Self.matched(Data(plain)) == ["sp_sim_unpacked_body"])
        #expect(try Self.matched(Data(encrypted)).isEmpty)
        let decoder: [UInt8] = [0x48, 0x85, 0xd2, 0x74, 0x0b, 0x44, 0x30, 0x01, 0x48, 0xff, 0xc1, 0x48, 0xff, 0xca, 0x75, 0xf5, 0xb8, 0x01, 0x00, 0x50, 0x53, 0xc3]
        #expect(try Self.matched(Data(decoder) + Data(repeating: 0, count: 4074)) == ["sp_sim_exe_unpacked_decoder"])
        #expect(try Self.matched(Data(decoder.map { $0 ^ 0xa5 })).isEmpty)
    }
}

@Suite("Static triage: payload store")
struct StaticPayloadTests {
    @Test func payloadIsStoredBySha256AndScanned() throws {
        let rules = try YaraRules.compile(directories: [StaticSupport.path("profiles/yara"), StaticSupport.path("tests/yara")])
        let artifacts = StaticSupport.tempDir("payloads-\(UUID().uuidString.prefix(6))")
        let payload = Data("unpacked PETRI_FIXTURE_MARKER code".utf8)
        let stored = try PayloadStore.store(payload, artifactsDirectory: artifacts, rules: rules)
        #expect(stored.path == "\(artifacts)/payloads/\(stored.sha256)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: stored.path)) == payload)
        #expect(stored.matches.map(\.rule) == ["petri_fixture_marker"])
        #expect(stored.matches.first?.object == "payload:\(stored.sha256)")
        let again = try PayloadStore.store(payload, artifactsDirectory: artifacts, rules: nil)
        #expect(again.path == stored.path && again.matches.isEmpty)
    }
}
