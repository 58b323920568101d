#!/usr/bin/env python3
"""Atomic Red Team as an outside yardstick (make eval; not part of CI).

Takes a local checkout of redcanaryco/atomic-red-team (ART=DIR, the folder holding atomics/), turns its
Linux sh/bash tests that declare no prerequisites into script samples, runs each in the sandbox with
`petri analyze`, and writes a per-technique table. Nothing is fetched at run time; the tests themselves are
never committed, only the table.

  art.py select ART_DIR                 print the selection (technique, test number, name)
  art.py run ART_DIR WORK_DIR [--jobs N] [--timeout 20s] [--petri PATH] [--only T1070.003,...]
  art.py table WORK_DIR [--out docs/detection.md]

A case "did something" when it ran a program other than its own shell successfully, changed a file, or
made a network record; the others are counted apart with the reason read from the record.
"""
import argparse, concurrent.futures, glob, json, os, re, subprocess, sys, time

import yaml

ATOMICS_PLACEHOLDER = "/tmp/AtomicRedTeam/atomics"   # ART's own files are not in the guest


def select(art_dir):
    atomics = os.path.join(art_dir, "atomics")
    if not os.path.isdir(atomics):
        sys.exit(f"art.py: {art_dir} has no atomics/ folder (a checkout of redcanaryco/atomic-red-team)")
    cases = []
    for f in sorted(glob.glob(os.path.join(atomics, "T*", "T*.yaml"))):
        with open(f) as fh:
            d = yaml.safe_load(fh)
        tech = d.get("attack_technique")
        for i, t in enumerate(d.get("atomic_tests") or [], start=1):
            if "linux" not in (t.get("supported_platforms") or []):
                continue
            ex = t.get("executor") or {}
            if ex.get("name") not in ("sh", "bash") or not ex.get("command") or t.get("dependencies"):
                continue
            cmd = ex["command"]
            for name, arg in (t.get("input_arguments") or {}).items():
                default = "" if arg.get("default") is None else str(arg["default"])
                cmd = cmd.replace("#{%s}" % name, default)
            cmd = cmd.replace("$PathToAtomicsFolder", ATOMICS_PLACEHOLDER).replace("PathToAtomicsFolder", ATOMICS_PLACEHOLDER)
            cases.append({
                "id": f"{tech}-{i}", "technique": tech, "number": i, "name": t.get("name", ""),
                "shell": ex["name"], "elevation": bool(ex.get("elevation_required")), "command": cmd,
            })
    return cases


def did_something(report):
    procs = report.get("processes") or []
    shell_pid = procs[0]["pid"] if procs else None
    ran = any(p.get("pid") != shell_pid and (p.get("exit") or {}).get("code") == 0 for p in procs)
    changed = bool(report.get("files"))
    net = report.get("network") or {}
    talked = any(net.get(k) for k in ("dns", "http", "tls", "flows", "connections"))
    return ran or changed or talked


def reason_nothing(report):
    outcome = (report.get("run") or {}).get("outcome") or {}
    if outcome.get("kind") not in ("exited", "signaled"):
        return "did not run: " + outcome.get("kind", "?")
    err = (report.get("output") or {}).get("stderr_preview", "")
    if re.search(r"not found|No such file or directory", err):
        missing = re.findall(r"([\w./-]+): (?:command )?not found", err)
        return "missing command: " + ", ".join(sorted(set(missing))[:3]) if missing else "missing file or command"
    if re.search(r"Permission denied|Operation not permitted|must be root|only root", err, re.I):
        return "needs privileges the sandbox does not grant"
    return "no effect recorded"


def techniques_named(report):
    named = set()
    for b in report.get("behaviours") or []:
        for t in (b.get("attack") or []) + (b.get("attack_previous") or []):
            named.add(t)
    return named


def run(args):
    cases = select(args.art)
    if args.only:
        keep = set(args.only.split(","))
        cases = [c for c in cases if c["technique"] in keep or c["id"] in keep]
    os.makedirs(os.path.join(args.work, "samples"), exist_ok=True)
    os.makedirs(os.path.join(args.work, "reports"), exist_ok=True)

    def one(c):
        sample = os.path.join(args.work, "samples", c["id"] + ".sh")
        with open(sample, "w") as fh:
            fh.write(f"#!/bin/{c['shell']}\n{c['command']}\n")
        os.chmod(sample, 0o755)
        report = os.path.join(args.work, "reports", c["id"] + ".json")
        arts = os.path.join(args.work, "artifacts", c["id"])
        t0 = time.time()
        p = subprocess.run([args.petri, "analyze", sample, "--out", report, "--artifacts", arts, "--quiet",
                            "--timeout", args.timeout] + (["--as-root"] if c["elevation"] else []),
                           capture_output=True, text=True)
        return c, p.returncode, time.time() - t0, p.stderr.strip().splitlines()[-1:] if p.stderr.strip() else []

    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for c, rc, secs, err in pool.map(one, cases):
            results.append({**c, "petri_exit": rc, "seconds": round(secs, 2), "petri_error": err})
            print(f"{c['id']:<14} exit {rc} {secs:5.1f}s {c['name'][:60]}", flush=True)
    with open(os.path.join(args.work, "cases.json"), "w") as fh:
        json.dump(results, fh, indent=1)


def table(args):
    with open(os.path.join(args.work, "cases.json")) as fh:
        cases = json.load(fh)
    per = {}
    rows = []
    for c in cases:
        path = os.path.join(args.work, "reports", c["id"] + ".json")
        try:
            with open(path) as fh:
                r = json.load(fh)
        except (OSError, ValueError):
            r = None
        if r is None:
            status, named, reason = "no report", set(), f"petri exit {c['petri_exit']}: {' '.join(c['petri_error'])}"
        else:
            named = techniques_named(r)
            acted = did_something(r)
            status = "ran" if acted else "nothing"
            reason = "" if acted else reason_nothing(r)
        hit = c["technique"] in named
        t = per.setdefault(c["technique"], {"cases": 0, "ran": 0, "hit": 0, "hit_ran": 0})
        t["cases"] += 1
        t["ran"] += status == "ran"
        t["hit"] += hit
        t["hit_ran"] += hit and status == "ran"
        rows.append((c, status, hit, reason, sorted(named)))

    total = len(rows)
    ran = sum(1 for _, s, _, _, _ in rows if s == "ran")
    hit = sum(1 for _, _, h, _, _ in rows if h)
    hit_ran = sum(1 for _, s, h, _, _ in rows if h and s == "ran")
    techs = len(per)
    named_techs = sum(1 for t in per.values() if t["hit"])
    reasons = {}
    for _, s, _, why, _ in rows:
        if s != "ran":
            key = re.sub(r": .*", "", why) if why.startswith("missing command") is False else "missing command"
            reasons[key] = reasons.get(key, 0) + 1

    out = []
    out.append("## Atomic Red Team (Linux sh/bash tests without prerequisites)\n")
    out.append(f"Produced by `make eval ART=<checkout>` (tests/eval/art.py) on {time.strftime('%Y-%m-%d')}.\n")
    out.append(f"- cases: **{total}** in **{techs}** techniques; cases whose commands did something in the sandbox: **{ran}**")
    pct_ran = 100.0 * hit_ran / ran if ran else 0.0
    out.append(f"- exact technique named: **{hit}/{total}** of all cases ({100.0*hit/total:.0f} %), "
               f"**{hit_ran}/{ran}** of the cases that did something (**{pct_ran:.0f} %**)")
    out.append(f"- techniques named at least once: **{named_techs}/{techs}**")
    out.append("- cases that did nothing, by reason: " + ", ".join(f"{k} {v}" for k, v in sorted(reasons.items(), key=lambda kv: -kv[1])))
    out.append("")
    out.append("| technique | cases | did something | named | named when it did something |")
    out.append("|---|---:|---:|---:|---:|")
    for tech in sorted(per):
        t = per[tech]
        out.append(f"| {tech} | {t['cases']} | {t['ran']} | {t['hit']} | {t['hit_ran']} |")
    out.append("")
    out.append("<details><summary>Per case</summary>\n")
    out.append("| case | name | result | named | why nothing |")
    out.append("|---|---|---|---|---|")
    for c, s, h, why, named in rows:
        nm = c["name"].replace("|", "\\|")
        out.append(f"| {c['id']} | {nm} | {s} | {'yes' if h else 'no'} | {why.replace('|', '/')} |")
    out.append("\n</details>\n")
    text = "\n".join(out)
    if args.out:
        begin, end = "<!-- art-eval:begin -->", "<!-- art-eval:end -->"
        old = open(args.out).read() if os.path.exists(args.out) else "# Detection\n\n"
        block = f"{begin}\n{text}\n{end}"
        if begin in old and end in old:
            new = old[:old.index(begin)] + block + old[old.index(end) + len(end):]
        else:
            new = old.rstrip("\n") + "\n\n" + block + "\n"
        with open(args.out + ".tmp", "w") as fh:
            fh.write(new)
        os.replace(args.out + ".tmp", args.out)
    print(text.split("\n| technique")[0])


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("select"); s.add_argument("art")
    r = sub.add_parser("run"); r.add_argument("art"); r.add_argument("work")
    r.add_argument("--jobs", type=int, default=2); r.add_argument("--timeout", default="20s")
    r.add_argument("--petri", default=".build/debug/petri"); r.add_argument("--only")
    t = sub.add_parser("table"); t.add_argument("work"); t.add_argument("--out")
    a = ap.parse_args()
    if a.cmd == "select":
        cs = select(a.art)
        for c in cs:
            print(f"{c['id']:<14} {'root ' if c['elevation'] else '     '}{c['name']}")
        print(f"{len(cs)} cases, {len({c['technique'] for c in cs})} techniques", file=sys.stderr)
    elif a.cmd == "run":
        run(a)
    else:
        table(a)


if __name__ == "__main__":
    main()
