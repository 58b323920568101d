#!/usr/bin/env python3
"""Cross-check petri's PE parser against pefile and LIEF.

Input: a JSON file written by the Swift test (StaticCrosscheckTests), one object per PE:
  {"path", "entry_point", "entry_section", "imphash",
   "sections": [{"name", "virtual_address", "virtual_size", "raw_offset", "raw_size",
                 "entropy", "entropy_unpadded"}],
   "imports": [{"dll", "functions": ["Name" | "ord:N"]}]}

What must agree (exit 1 and one line per disagreement otherwise):
  pefile: section names, addresses, sizes, entropy (raw data incl. padding, 2 decimals),
          entry point and its section, imports per DLL in order, imphash, resource tree
          (number of leaves and their total size).
  LIEF:   section names, addresses, sizes, entropy (LIEF leaves out the file-alignment
          padding, so it is compared with petri's `entropy_unpadded`), entry point,
          imports per DLL in order, imphash (LIEF's pefile mode).

Usage: pe_crosscheck.py PETRI.json [--quiet]
"""
import json
import sys

try:
    import lief
    import pefile
except ImportError as e:  # the Swift test turns this into a failure under CI=true
    print(f"missing python module: {e.name} (pip install pefile lief)", file=sys.stderr)
    sys.exit(3)

lief.logging.disable()


def same_entropy(a, b):
    return round(a, 2) == round(b, 2) or abs(a - b) < 1e-9


def pefile_view(path):
    pe = pefile.PE(path, fast_load=True)
    pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"],
                                           pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_RESOURCE"]])
    ep = pe.OPTIONAL_HEADER.AddressOfEntryPoint
    ep_section = pe.get_section_by_rva(ep)
    sections = [{
        "name": s.Name.split(b"\0", 1)[0].decode("utf-8", "replace"),
        "virtual_address": s.VirtualAddress,
        "virtual_size": s.Misc_VirtualSize,
        "raw_offset": s.PointerToRawData,
        "raw_size": s.SizeOfRawData,
        "entropy": s.get_entropy(),
    } for s in pe.sections]
    imports = []
    for entry in getattr(pe, "DIRECTORY_ENTRY_IMPORT", []):
        funcs = []
        for imp in entry.imports:
            if imp.import_by_ordinal:
                funcs.append(f"ord:{imp.ordinal}")
            else:
                funcs.append(imp.name.decode("utf-8", "replace") if imp.name else "?")
        imports.append({"dll": entry.dll.decode("utf-8", "replace"), "functions": funcs})
    imphash = pe.get_imphash() or None
    leaves, total = 0, 0
    for t in getattr(pe, "DIRECTORY_ENTRY_RESOURCE", None).entries if hasattr(pe, "DIRECTORY_ENTRY_RESOURCE") else []:
        for name in getattr(getattr(t, "directory", None), "entries", []):
            for lang in getattr(getattr(name, "directory", None), "entries", []):
                if hasattr(lang, "data"):
                    leaves += 1
                    total += lang.data.struct.Size
    return {
        "resources": [leaves, total],
        "entry_point": ep,
        "entry_section": ep_section.Name.split(b"\0", 1)[0].decode("utf-8", "replace") if ep_section else None,
        "sections": sections,
        "imports": imports,
        "imphash": imphash,
    }


def lief_view(path):
    b = lief.PE.parse(path)
    if b is None:
        return None
    sections = [{
        "name": s.name,
        "virtual_address": s.virtual_address,
        "virtual_size": s.virtual_size,
        "raw_offset": s.pointerto_raw_data,
        "raw_size": s.sizeof_raw_data,
        "entropy": max(s.entropy, 0.0),
    } for s in b.sections]
    imports = []
    for lib in b.imports:
        funcs = [f"ord:{e.ordinal}" if e.is_ordinal else e.name for e in lib.entries]
        imports.append({"dll": lib.name, "functions": funcs})
    imphash = lief.PE.get_imphash(b, lief.PE.IMPHASH_MODE.PEFILE) if b.has_imports else None
    return {
        "entry_point": b.optional_header.addressof_entrypoint,
        "sections": sections,
        "imports": imports,
        "imphash": imphash or None,
    }


def compare(tool, ours, theirs, entropy_key, problems, path):
    def bad(what):
        problems.append(f"{path}: {tool}: {what}")

    if ours["entry_point"] != theirs["entry_point"]:
        bad(f"entry point petri 0x{ours['entry_point']:x} != 0x{theirs['entry_point']:x}")
    if "entry_section" in theirs and ours.get("entry_section") != theirs["entry_section"]:
        bad(f"entry section petri {ours.get('entry_section')!r} != {theirs['entry_section']!r}")
    if len(ours["sections"]) != len(theirs["sections"]):
        bad(f"{len(ours['sections'])} sections != {len(theirs['sections'])}")
    for a, b in zip(ours["sections"], theirs["sections"]):
        for key in ("name", "virtual_address", "virtual_size", "raw_offset", "raw_size"):
            if a[key] != b[key]:
                bad(f"section {a['name']} {key} petri {a[key]!r} != {b[key]!r}")
        if not same_entropy(a[entropy_key], b["entropy"]):
            bad(f"section {a['name']} entropy petri {a[entropy_key]:.4f} != {b['entropy']:.4f}")
    ours_imports = [(i["dll"], i["functions"]) for i in ours["imports"]]
    theirs_imports = [(i["dll"], i["functions"]) for i in theirs["imports"]]
    if ours_imports != theirs_imports:
        for (da, fa), (db, fb) in zip(ours_imports, theirs_imports):
            if da != db or fa != fb:
                bad(f"imports differ at {da} vs {db}: {len(fa)} vs {len(fb)} functions, first difference "
                    f"{next(((x, y) for x, y in zip(fa, fb) if x != y), None)}")
                break
        else:
            bad(f"{len(ours_imports)} import DLLs != {len(theirs_imports)}")
    if "resources" in theirs and "resources" in ours and ours["resources"] != theirs["resources"]:
        bad(f"resources (leaves, total size) petri {ours['resources']} != {theirs['resources']}")
    if ours.get("imphash") != theirs["imphash"]:
        bad(f"imphash petri {ours.get('imphash')} != {theirs['imphash']}")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    quiet = "--quiet" in sys.argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    with open(args[0]) as f:
        files = json.load(f)
    problems = []
    for ours in files:
        path = ours["path"]
        try:
            compare("pefile", ours, pefile_view(path), "entropy", problems, path)
        except pefile.PEFormatError as e:
            problems.append(f"{path}: pefile cannot parse: {e}")
        lv = lief_view(path)
        if lv is None:
            problems.append(f"{path}: LIEF cannot parse")
        else:
            compare("lief", ours, lv, "entropy_unpadded", problems, path)
    for p in problems:
        print(p)
    if not quiet or problems:
        print(f"checked {len(files)} PE files against pefile {pefile.__version__} and LIEF {lief.__version__}: "
              f"{len(problems)} disagreement(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
