/// Static facts about the sample (PetriAnalysis/Static fills this; see issue "Static triage and YARA").
/// Every section but `facts` and `warnings` is optional so older reports still decode.
public struct StaticInfo: Codable, Sendable, Equatable {
    /// Facts the behaviour engine can match on, e.g. "packed", "packer:upx", "wx_section",
    /// "anti_debug_imports", "imports:kernel32.dll!isdebuggerpresent". Sorted, unique.
    public var facts: [String]
    /// Parse problems (truncated headers, offsets past EOF, loops): the file was still triaged.
    public var warnings: [String]
    public var hashes: StaticHashes?
    /// Type by magic, with detail ("PE32+ executable (console) x86-64").
    public var fileType: FileType?
    public var typeDetail: String?
    public var elf: ElfInfo?
    public var pe: PeInfo?
    public var script: ScriptInfo?
    public var archive: ArchiveInfo?
    /// Why the file looks packed; empty when nothing points that way.
    public var packerIndicators: [PackerIndicator]
    public var yara: [YaraMatch]

    public init(facts: [String] = [], warnings: [String] = [], hashes: StaticHashes? = nil, fileType: FileType? = nil,
                typeDetail: String? = nil, elf: ElfInfo? = nil, pe: PeInfo? = nil, script: ScriptInfo? = nil,
                archive: ArchiveInfo? = nil, packerIndicators: [PackerIndicator] = [], yara: [YaraMatch] = []) {
        self.facts = facts; self.warnings = warnings; self.hashes = hashes; self.fileType = fileType
        self.typeDetail = typeDetail; self.elf = elf; self.pe = pe; self.script = script; self.archive = archive
        self.packerIndicators = packerIndicators; self.yara = yara
    }

    enum CodingKeys: String, CodingKey {
        case facts, warnings, hashes, fileType = "file_type", typeDetail = "type_detail", elf, pe, script, archive
        case packerIndicators = "packer_indicators", yara
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        facts = try c.decodeIfPresent([String].self, forKey: .facts) ?? []
        warnings = try c.decodeIfPresent([String].self, forKey: .warnings) ?? []
        hashes = try c.decodeIfPresent(StaticHashes.self, forKey: .hashes)
        fileType = try c.decodeIfPresent(FileType.self, forKey: .fileType)
        typeDetail = try c.decodeIfPresent(String.self, forKey: .typeDetail)
        elf = try c.decodeIfPresent(ElfInfo.self, forKey: .elf)
        pe = try c.decodeIfPresent(PeInfo.self, forKey: .pe)
        script = try c.decodeIfPresent(ScriptInfo.self, forKey: .script)
        archive = try c.decodeIfPresent(ArchiveInfo.self, forKey: .archive)
        packerIndicators = try c.decodeIfPresent([PackerIndicator].self, forKey: .packerIndicators) ?? []
        yara = try c.decodeIfPresent([YaraMatch].self, forKey: .yara) ?? []
    }
}

public struct StaticHashes: Codable, Sendable, Equatable {
    public var md5: String
    public var sha1: String
    public var sha256: String
    /// ssdeep (libfuzzy) context-triggered piecewise hash; nil when it could not be computed.
    public var ssdeep: String?
    public var size: UInt64
    public init(md5: String, sha1: String, sha256: String, ssdeep: String? = nil, size: UInt64) {
        self.md5 = md5; self.sha1 = sha1; self.sha256 = sha256; self.ssdeep = ssdeep; self.size = size
    }
}

// MARK: ELF

public struct ElfInfo: Codable, Sendable, Equatable {
    /// "ELF32" or "ELF64".
    public var elfClass: String
    public var endianness: String
    public var machine: String
    /// "executable", "shared_object" (includes PIE executables), "relocatable", "core".
    public var type: String
    public var pie: Bool
    public var entryPoint: UInt64
    public var interpreter: String?
    public var needed: [String]
    public var soname: String?
    /// No .symtab section.
    public var stripped: Bool
    /// No PT_INTERP and no PT_DYNAMIC.
    public var isStatic: Bool
    public var sections: [ElfSection]
    public var segments: [ElfSegment]
    /// Undefined symbols of .dynsym (what the file takes from its libraries), capped; nil when
    /// there is no dynamic symbol table.
    public var importedSymbols: [String]?
    /// Entries of the symbol table (.symtab, without the null entry); nil when there is none (stripped).
    public var symbolCount: Int?
    /// Names of the functions the symbol table defines, global ones first, in table order, capped at
    /// 2048 (an unstripped IoT bot names its attack, scanner and killer routines).
    public var functions: [String]?

    public init(elfClass: String, endianness: String, machine: String, type: String, pie: Bool, entryPoint: UInt64,
                interpreter: String? = nil, needed: [String] = [], soname: String? = nil, stripped: Bool, isStatic: Bool,
                sections: [ElfSection] = [], segments: [ElfSegment] = []) {
        self.elfClass = elfClass; self.endianness = endianness; self.machine = machine; self.type = type; self.pie = pie
        self.entryPoint = entryPoint; self.interpreter = interpreter; self.needed = needed; self.soname = soname
        self.stripped = stripped; self.isStatic = isStatic; self.sections = sections; self.segments = segments
    }

    enum CodingKeys: String, CodingKey {
        case elfClass = "class", endianness, machine, type, pie, entryPoint = "entry_point", interpreter, needed, soname
        case stripped, isStatic = "static", sections, segments, importedSymbols = "imported_symbols"
        case symbolCount = "symbol_count", functions
    }
}

public struct ElfSection: Codable, Sendable, Equatable {
    public var name: String
    public var type: UInt32
    public var flags: UInt64
    public var offset: UInt64
    public var size: UInt64
    public var entropy: Double
    public init(name: String, type: UInt32, flags: UInt64, offset: UInt64, size: UInt64, entropy: Double) {
        self.name = name; self.type = type; self.flags = flags; self.offset = offset; self.size = size; self.entropy = entropy
    }
}

public struct ElfSegment: Codable, Sendable, Equatable {
    /// "LOAD", "INTERP", "DYNAMIC", ... or "0x..." for unknown types.
    public var type: String
    /// "rwx" style, "-" for a missing permission.
    public var permissions: String
    public var offset: UInt64
    public var fileSize: UInt64
    public var memorySize: UInt64
    public init(type: String, permissions: String, offset: UInt64, fileSize: UInt64, memorySize: UInt64) {
        self.type = type; self.permissions = permissions; self.offset = offset; self.fileSize = fileSize; self.memorySize = memorySize
    }
    enum CodingKeys: String, CodingKey { case type, permissions, offset, fileSize = "file_size", memorySize = "memory_size" }
}

// MARK: PE

public struct PeInfo: Codable, Sendable, Equatable {
    /// "i386", "x86-64", "arm64", ... or "0x...".
    public var machine: String
    /// PE32+ (64-bit optional header).
    public var is64Bit: Bool
    public var isDll: Bool
    /// "windows_gui", "windows_cui", "native", ... or the number.
    public var subsystem: String
    /// TimeDateStamp (seconds since 1970, often forged or a build hash).
    public var timestamp: UInt32
    public var imageBase: UInt64
    /// AddressOfEntryPoint (an RVA).
    public var entryPoint: UInt32
    /// The section the entry point lies in; nil when it lies in none.
    public var entrySection: String?
    public var characteristics: [String]
    public var dllCharacteristics: [String]
    public var sections: [PeSection]
    public var imports: [PeImportLibrary]
    public var exports: [PeExport]
    /// Bytes after the end of the last section's raw data.
    public var overlayOffset: UInt64?
    public var overlaySize: UInt64
    /// pefile's imphash (md5 of "dll.function,..." in import order); nil without imports.
    public var imphash: String?
    /// Leaves of the resource tree (type / name / language), capped; nil without a resource directory.
    public var resources: [PeResource]?
    /// The CLR header of a .NET assembly; nil for a native image.
    public var dotnet: PeDotNet?

    public init(machine: String, is64Bit: Bool, isDll: Bool, subsystem: String, timestamp: UInt32, imageBase: UInt64,
                entryPoint: UInt32, entrySection: String? = nil, characteristics: [String] = [], dllCharacteristics: [String] = [],
                sections: [PeSection] = [], imports: [PeImportLibrary] = [], exports: [PeExport] = [],
                overlayOffset: UInt64? = nil, overlaySize: UInt64 = 0, imphash: String? = nil) {
        self.machine = machine; self.is64Bit = is64Bit; self.isDll = isDll; self.subsystem = subsystem
        self.timestamp = timestamp; self.imageBase = imageBase; self.entryPoint = entryPoint; self.entrySection = entrySection
        self.characteristics = characteristics; self.dllCharacteristics = dllCharacteristics; self.sections = sections
        self.imports = imports; self.exports = exports; self.overlayOffset = overlayOffset; self.overlaySize = overlaySize
        self.imphash = imphash
    }

    enum CodingKeys: String, CodingKey {
        case machine, is64Bit = "is_64bit", isDll = "is_dll", subsystem, timestamp, imageBase = "image_base"
        case entryPoint = "entry_point", entrySection = "entry_section", characteristics
        case dllCharacteristics = "dll_characteristics", sections, imports, exports
        case overlayOffset = "overlay_offset", overlaySize = "overlay_size", imphash, resources, dotnet
    }
}

/// A .NET assembly's CLR (COR20) header: the image needs a .NET runtime to start.
public struct PeDotNet: Codable, Sendable, Equatable {
    /// "major.minor" of the runtime the header asks for.
    public var runtime: String
    /// COMIMAGE_FLAGS_ILONLY: managed code only (no native entry of its own).
    public var ilOnly: Bool
    public init(runtime: String, ilOnly: Bool) { self.runtime = runtime; self.ilOnly = ilOnly }
    enum CodingKeys: String, CodingKey { case runtime, ilOnly = "il_only" }
}

public struct PeSection: Codable, Sendable, Equatable {
    public var name: String
    public var virtualAddress: UInt32
    public var virtualSize: UInt32
    public var rawOffset: UInt32
    public var rawSize: UInt32
    public var characteristics: UInt32
    /// "r", "w", "x" present or "-", e.g. "r-x".
    public var permissions: String
    /// Shannon entropy in bits per byte (0...8) of the raw data, as pefile computes it.
    public var entropy: Double

    public init(name: String, virtualAddress: UInt32, virtualSize: UInt32, rawOffset: UInt32, rawSize: UInt32,
                characteristics: UInt32, permissions: String, entropy: Double) {
        self.name = name; self.virtualAddress = virtualAddress; self.virtualSize = virtualSize; self.rawOffset = rawOffset
        self.rawSize = rawSize; self.characteristics = characteristics; self.permissions = permissions; self.entropy = entropy
    }

    enum CodingKeys: String, CodingKey {
        case name, virtualAddress = "virtual_address", virtualSize = "virtual_size", rawOffset = "raw_offset"
        case rawSize = "raw_size", characteristics, permissions, entropy
    }
}

public struct PeResource: Codable, Sendable, Equatable {
    /// "RT_ICON", "RT_RCDATA", ... or the number / name as written.
    public var type: String
    public var name: String
    public var language: UInt32
    public var rva: UInt32
    public var size: UInt32
    public var entropy: Double
    /// The data starts with an MZ header: a PE carried inside the PE (droppers do this).
    public var embeddedPE: Bool
    public init(type: String, name: String, language: UInt32, rva: UInt32, size: UInt32, entropy: Double, embeddedPE: Bool) {
        self.type = type; self.name = name; self.language = language; self.rva = rva; self.size = size
        self.entropy = entropy; self.embeddedPE = embeddedPE
    }
    enum CodingKeys: String, CodingKey { case type, name, language, rva, size, entropy, embeddedPE = "embedded_pe" }
}

public struct PeImportLibrary: Codable, Sendable, Equatable {
    public var dll: String
    public var functions: [PeImport]
    public init(dll: String, functions: [PeImport]) { self.dll = dll; self.functions = functions }
}

public struct PeImport: Codable, Sendable, Equatable {
    /// nil for imports by ordinal.
    public var name: String?
    public var ordinal: UInt16?
    /// Why this import is worth a look ("anti_debug", "injection", ...); nil for ordinary ones.
    public var suspicious: String?
    public init(name: String? = nil, ordinal: UInt16? = nil, suspicious: String? = nil) {
        self.name = name; self.ordinal = ordinal; self.suspicious = suspicious
    }
}

public struct PeExport: Codable, Sendable, Equatable {
    public var name: String?
    public var ordinal: UInt32
    public var rva: UInt32
    /// "dll.function" when the export forwards to another DLL.
    public var forwarder: String?
    public init(name: String? = nil, ordinal: UInt32, rva: UInt32, forwarder: String? = nil) {
        self.name = name; self.ordinal = ordinal; self.rva = rva; self.forwarder = forwarder
    }
}

// MARK: scripts, archives, packers, YARA

public struct ScriptInfo: Codable, Sendable, Equatable {
    /// From the shebang line ("/bin/sh", "python3" after /usr/bin/env), nil when there is none.
    public var interpreter: String?
    /// "shell", "python", "perl", "powershell", "batch", "javascript", "vbscript", ... or "unknown".
    public var language: String
    public var lines: Int
    public init(interpreter: String?, language: String, lines: Int) {
        self.interpreter = interpreter; self.language = language; self.lines = lines
    }
}

public struct ArchiveInfo: Codable, Sendable, Equatable {
    /// "zip", "gzip", "tar", "xz", "bzip2", "7z".
    public var format: String
    /// Member names where the format has a cheap directory (zip central directory, tar headers); capped.
    public var entries: [String]
    public var entriesTruncated: Bool
    public init(format: String, entries: [String] = [], entriesTruncated: Bool = false) {
        self.format = format; self.entries = entries; self.entriesTruncated = entriesTruncated
    }
    enum CodingKeys: String, CodingKey { case format, entries, entriesTruncated = "entries_truncated" }
}

public struct PackerIndicator: Codable, Sendable, Equatable {
    /// The fact it raises: "packer:upx", "high_entropy_section", "wx_section", "ep_outside_code", "minimal_imports".
    public var fact: String
    /// Why, for the analyst: "section UPX1 entropy 7.91 over 61% of raw data".
    public var detail: String
    public init(fact: String, detail: String) { self.fact = fact; self.detail = detail }
}

public struct YaraMatch: Codable, Sendable, Equatable {
    public var rule: String
    public var namespace: String
    public var tags: [String]
    /// Meta values as text (integers and booleans rendered); keys in rule order.
    public var meta: [YaraMeta]
    public var strings: [YaraStringMatch]
    /// Which object matched: "sample", a dropped file's path, "payload:<sha256>"; set by the caller.
    public var object: String?

    public init(rule: String, namespace: String = "default", tags: [String] = [], meta: [YaraMeta] = [],
                strings: [YaraStringMatch] = [], object: String? = nil) {
        self.rule = rule; self.namespace = namespace; self.tags = tags; self.meta = meta; self.strings = strings; self.object = object
    }
}

public struct YaraMeta: Codable, Sendable, Equatable {
    public var key: String
    public var value: String
    public init(key: String, value: String) { self.key = key; self.value = value }
}

public struct YaraStringMatch: Codable, Sendable, Equatable {
    public var identifier: String
    public var offset: UInt64
    public var length: UInt32
    public init(identifier: String, offset: UInt64, length: UInt32) {
        self.identifier = identifier; self.offset = offset; self.length = length
    }
}
