// Common packers, by the marks their stubs leave. Kept short and byte-level (no modules), so the
// rules also match unpacked payloads and dropped files, not only PE headers.

rule packer_upx : packer
{
    meta:
        description = "UPX packed executable (PE or ELF)"
        attack = "T1027.002"
    strings:
        $magic = "UPX!"
        $s0 = "UPX0"
        $s1 = "UPX1"
        $info = "$Info: This file is packed with the UPX executable packer"
    condition:
        ($magic and ($s0 or $s1 or uint32(0) == 0x464c457f)) or $info
}

rule packer_mpress : packer
{
    meta:
        description = "MPRESS packed PE"
        attack = "T1027.002"
    strings:
        $s1 = ".MPRESS1"
        $s2 = ".MPRESS2"
    condition:
        uint16(0) == 0x5a4d and all of them
}

rule packer_aspack : packer
{
    meta:
        description = "ASPack packed PE"
        attack = "T1027.002"
    strings:
        $s1 = ".aspack"
        $s2 = ".adata"
    condition:
        uint16(0) == 0x5a4d and $s1 and $s2
}

rule packer_themida : packer
{
    meta:
        description = "Themida / WinLicense protected PE"
        attack = "T1027.002"
    strings:
        $s1 = ".themida"
        $s2 = ".winlice"
    condition:
        uint16(0) == 0x5a4d and any of them
}

rule packer_vmprotect : packer
{
    meta:
        description = "VMProtect protected PE"
        attack = "T1027.002"
    strings:
        $s0 = ".vmp0"
        $s1 = ".vmp1"
    condition:
        uint16(0) == 0x5a4d and all of them
}

rule packer_petite : packer
{
    meta:
        description = "Petite packed PE"
        attack = "T1027.002"
    strings:
        $s = ".petite"
    condition:
        uint16(0) == 0x5a4d and $s
}

rule packer_nspack : packer
{
    meta:
        description = "NsPack packed PE"
        attack = "T1027.002"
    strings:
        $s0 = ".nsp0"
        $s1 = ".nsp1"
    condition:
        uint16(0) == 0x5a4d and all of them
}
