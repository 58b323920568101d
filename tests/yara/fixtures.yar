// Test-only rules: the markers the harmless fixtures and test programs carry (so a run can prove YARA
// saw them) and the sp-sim family rules the corpus's family test (unpacked-code-matches-family) needs.
// Never shipped in profiles/: loaded by `make corpus` and the test suites through `--yara tests/yara`
// (Profile.yaraDirectories). The shipped technique rules are profiles/yara/techniques.yar.

rule petri_fixture_marker : fixture
{
    meta:
        description = "petri fixture marker string"
        author = "petri"
        severity = 1
    strings:
        $marker = "PETRI_FIXTURE_MARKER"
    condition:
        $marker
}

rule petri_unpacked_marker : fixture family
{
    meta:
        description = "petri test marker that only exists decoded (in memory, a dropped file or an HTTP body)"
        author = "petri"
    strings:
        $marker = "PETRI-UNPACKED-BODY"
    condition:
        $marker
}

// sp-sim (ELF): the body its stub XOR-decodes into RW memory and makes R+X:
// lea eax,[rdi+rdi*2]; add eax,0x5350; ret, then int3 padding (fixtures/packgen.c).
rule sp_sim_unpacked_body : fixture family
{
    meta:
        description = "sp-sim's decoded body (only ever in memory)"
        family = "sp-sim"
    strings:
        $body = { 8D 04 7F 05 50 53 00 00 C3 CC CC CC CC CC CC CC }
    condition:
        $body
}

// sp-sim.exe: the XOR decoder its stub decrypts into VirtualAlloc memory (fixtures/win/sp-sim-body.h,
// body_code XOR 0xA5), in either build: the 22-byte x86-64 one (test rdx,rdx ... mov eax,0x53500001; ret)
// and the 30-byte i386 cdecl one of the 32-bit build (push esi; mov esi,[esp+8] ... pop esi; ret). A
// family's rule covers each of its builds: the decoded code differs by machine.
rule sp_sim_exe_unpacked_decoder : fixture family
{
    meta:
        description = "sp-sim.exe's decoded string-table decoder (only ever in memory)"
        family = "sp-sim"
    strings:
        $decoder64 = { 48 85 D2 74 0B 44 30 01 48 FF C1 48 FF CA 75 F5 B8 01 00 50 53 C3 }
        $decoder32 = { 56 8B 74 24 08 8B 4C 24 0C 8A 44 24 10 85 C9 74 06 30 06 46 49 75 FA B8 01 00 50 53 5E C3 }
    condition:
        any of them
}

rule sp_sim_elf : fixture family
{
    meta:
        description = "sp-sim (ELF) or a copy of it: its C2 and messenger hosts"
        family = "sp-sim"
    strings:
        $h1 = "update.sp-sim.example"
        $h2 = "collect.sp-sim.example"
        $h3 = "api.messenger.example"
    condition:
        uint32(0) == 0x464c457f and all of them
}

rule sp_stage2_stealer : fixture family
{
    meta:
        description = "sp-stage2.exe, the password stealer sp-sim.exe downloads"
        family = "sp-sim"
    strings:
        $s1 = "[stealer] read"
        $s2 = "collect.sp-sim.example"
    condition:
        uint16(0) == 0x5a4d and all of them
}
