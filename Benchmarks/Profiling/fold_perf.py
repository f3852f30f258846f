#!/usr/bin/env python3
# Folds `perf script` stacks: keeps the samples whose stack has a frame matching FILTER, and prints
# the leaf (self) and inclusive shares of the demangled Swift functions (needs swift-demangle).
# usage: perf script -i X | python3 fold_perf.py FILTER_REGEX [TOP]
import sys, re, subprocess, collections
flt = re.compile(sys.argv[1]); top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
samples = []; cur = []
for line in sys.stdin:
    line = line.rstrip('\n')
    if not line.strip():
        if cur: samples.append(cur); cur = []
        continue
    if line.startswith('\t') or line.startswith(' '):
        parts = line.strip().split(None, 1)
        if len(parts) == 2:
            sym = parts[1].rsplit(' (', 1)[0]
            sym = re.sub(r'\+0x[0-9a-f]+$', '', sym)
            cur.append(sym)
if cur: samples.append(cur)
names = set(s for st in samples for s in st)
names = sorted(names)
out = subprocess.run(['swift-demangle', '--simplified', '--compact'], input='\n'.join(names), capture_output=True, text=True).stdout.split('\n')
dem = {n: (out[i] if i < len(out) and out[i] else n) for i, n in enumerate(names)}
def short(s):
    d = dem.get(s, s)
    d = re.sub(r'generic specialization <[^>]*> of ', '', d)
    d = re.sub(r'\(.*', '', d) if len(d) > 140 else d
    return d[:140]
sel = [st for st in samples if any(flt.search(dem.get(f, f)) or flt.search(f) for f in st)]
print(f"samples: {len(samples)} total, {len(sel)} under /{sys.argv[1]}/ ({100*len(sel)/max(1,len(samples)):.1f}%)")
selfc = collections.Counter(short(st[0]) for st in sel)
incl = collections.Counter()
for st in sel:
    for f in set(short(x) for x in st): incl[f] += 1
print("\nself time (leaf function), % of the filtered samples:")
for k, v in selfc.most_common(top): print(f"{100*v/len(sel):6.1f}%  {k}")
print("\ninclusive, % of the filtered samples:")
for k, v in incl.most_common(top + 10): print(f"{100*v/len(sel):6.1f}%  {k}")
