#!/usr/bin/env python3
"""Writes Sources/Petri/Export/AttackTechniques.swift: name and tactics of every ATT&CK technique id petri's
rules name (profiles/behaviours, profiles/yara, tests/sigma), the ids AttackIDs maps revoked ones to, and
the tactics in the Enterprise matrix's order. Nothing is fetched at run time and nothing fetched is
committed: give it local checkouts.

  techniques.py ART_DIR CTI_DIR [--repo DIR] > Sources/Petri/Export/AttackTechniques.swift

ART_DIR: redcanaryco/atomic-red-team. Its atomics/Indexes/*-index.yaml carry MITRE's STIX technique
  objects of the current release (kill_chain_phases of ATT&CK 19: Defense Evasion split into Stealth and
  Defense Impairment) and atomics/Indexes/Matrices/matrix.md the matrix's tactic order. ART replaces the
  objects' `name` with its own display names ("Bash" for T1059.004), so names do not come from there.
CTI_DIR: mitre/cti (or mitre-attack/attack-stix-data's layout of one object per file), for MITRE's names:
  enterprise-attack/attack-pattern/*.json. An id that the CTI checkout does not have yet (introduced in
  release 19, T1684 and later) is named by the part of ART's display name after "Parent: ".
"""
import argparse, glob, json, os, re, sys

import yaml

TACTIC_NAMES = {
    "reconnaissance": "Reconnaissance", "resource-development": "Resource Development",
    "initial-access": "Initial Access", "execution": "Execution", "persistence": "Persistence",
    "privilege-escalation": "Privilege Escalation", "stealth": "Stealth", "defense-impairment": "Defense Impairment",
    "defense-evasion": "Defense Evasion", "credential-access": "Credential Access", "discovery": "Discovery",
    "lateral-movement": "Lateral Movement", "collection": "Collection", "command-and-control": "Command and Control",
    "exfiltration": "Exfiltration", "impact": "Impact",
}
ID = re.compile(r"\bT1\d{3}(?:\.\d{3})?\b")


def mitre_id(obj):
    for r in obj.get("external_references") or []:
        if r.get("source_name") == "mitre-attack":
            return r.get("external_id")
    return None


def phases(obj):
    return [k["phase_name"] for k in obj.get("kill_chain_phases") or [] if k.get("kill_chain_name") == "mitre-attack"]


def art_techniques(art):
    out = {}
    files = sorted(glob.glob(os.path.join(art, "atomics", "Indexes", "*-index.yaml")))
    if not files:
        sys.exit(f"techniques.py: {art} has no atomics/Indexes/*-index.yaml (a checkout of redcanaryco/atomic-red-team)")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for f in files:
        try:
            with open(f) as fh:
                d = yaml.load(fh, Loader=loader)
        except (OSError, yaml.YAMLError) as e:
            print(f"techniques.py: skipping {f}: {e}", file=sys.stderr)
            continue
        for techniques in (d or {}).values():
            for entry in (techniques or {}).values():
                t = entry.get("technique") or {}
                tid = mitre_id(t)
                if tid and not t.get("revoked") and not t.get("x_mitre_deprecated"):
                    out[tid] = (t.get("name", ""), phases(t))
    return out


def tactic_order(art):
    with open(os.path.join(art, "atomics", "Indexes", "Matrices", "matrix.md")) as fh:
        for line in fh:
            if line.startswith("| ") and "execution" in line:
                return [c.strip() for c in line.strip().strip("|").split("|")]
    sys.exit("techniques.py: no tactic header in matrix.md")


def cti_names(cti):
    names = {}
    files = glob.glob(os.path.join(cti, "enterprise-attack", "attack-pattern", "*.json"))
    if not files:
        sys.exit(f"techniques.py: {cti} has no enterprise-attack/attack-pattern/ (a checkout of mitre/cti)")
    for f in files:
        with open(f) as fh:
            for o in json.load(fh).get("objects", []):
                tid = mitre_id(o)
                if o.get("type") == "attack-pattern" and tid and not o.get("revoked") and not o.get("x_mitre_deprecated"):
                    names[tid] = o["name"]
    return names


def wanted(repo):
    ids = set()
    for pattern in ("profiles/behaviours/*.yaml", "profiles/yara/*.yar", "tests/sigma/*.yml"):
        for f in glob.glob(os.path.join(repo, pattern)):
            with open(f) as fh:
                ids |= set(ID.findall(fh.read().upper()))
    with open(os.path.join(repo, "Sources/PetriModel/AttackIDs.swift")) as fh:
        src = fh.read()
    revoked = dict(re.findall(r'"(T1\d{3}(?:\.\d{3})?)": "(T1\d{3}(?:\.\d{3})?)"', src))
    ids = {revoked.get(i, i) for i in ids} | set(revoked.values())
    return sorted(ids, key=lambda s: [int(x) for x in s[1:].split(".")])


def swift_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("art")
    ap.add_argument("cti")
    ap.add_argument("--repo", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    a = ap.parse_args()
    art, names, order = art_techniques(a.art), cti_names(a.cti), tactic_order(a.art)
    unknown = [t for t in order if t not in TACTIC_NAMES]
    if unknown:
        sys.exit(f"techniques.py: tactics without a display name: {unknown}")
    rows, missing = [], []
    for tid in wanted(a.repo):
        if tid not in art:
            missing.append(tid)
            continue
        art_name, tactics = art[tid]
        name = names.get(tid) or (art_name.split(": ", 1)[1] if "." in tid and ": " in art_name else art_name)
        bad = [t for t in tactics if t not in order]
        if bad:
            sys.exit(f"techniques.py: {tid} has tactics outside the matrix: {bad}")
        rows.append((tid, name, sorted(tactics, key=order.index)))
    if missing:
        sys.exit(f"techniques.py: not in ATT&CK (revoked or unknown): {' '.join(missing)}")
    w = sys.stdout.write
    w("// Generated by tests/attack/techniques.py from MITRE ATT&CK (Enterprise, release `AttackIDs.release`): do not edit.\n")
    w("// Tactics: STIX kill_chain_phases as atomic-red-team's atomics/Indexes carry them; names: mitre/cti.\n\n")
    w("enum AttackTechniques {\n")
    w("    /// Enterprise tactics in the matrix's order: (shortname, name).\n")
    w("    static let tactics: [(id: String, name: String)] = [\n")
    for t in order:
        w(f"        ({swift_string(t)}, {swift_string(TACTIC_NAMES[t])}),\n")
    w("    ]\n\n")
    w("    /// Technique id -> MITRE's name and its tactics (shortnames, in matrix order).\n")
    w("    static let table: [String: (name: String, tactics: [String])] = [\n")
    for tid, name, tactics in rows:
        w(f"        {swift_string(tid)}: ({swift_string(name)}, [{', '.join(swift_string(t) for t in tactics)}]),\n")
    w("    ]\n}\n")


if __name__ == "__main__":
    main()
