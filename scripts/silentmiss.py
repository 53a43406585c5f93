#!/usr/bin/env python3
"""Count silent misses and false alarms of `noticescan extract --format jsonl`.

usage: silentmiss.py TRUTH.jsonl PRED.jsonl [--list]

A document is flagged when its status is not `complete` or one of its
warnings says something "could not be read". Per set it counts:

  false alarms    every true identifier found, yet flagged
  silent misses   a true identifier missing, yet neither flagged nor
                  carrying any warning (a low-confidence note counts)
  unflagged       a true identifier missing and not flagged (a stricter
                  count: only partial or "could not be read" counts)

A document's wrong extra values are not misses. Files without a prediction
line count as silent misses when they hold identifiers. Stdlib only.
"""
import argparse
import json
import os
import sys


def load(path, base=False):
    out = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                r = json.loads(line)
            except ValueError:
                sys.exit('%s:%d: bad JSON' % (path, n))
            out[os.path.basename(r['file']) if base else r['file']] = r
    return out


def values(rec):
    return {(f.get('kind'), f.get('value')) for f in rec.get('findings') or []}


def flagged(rec):
    if rec.get('status', 'failed') != 'complete':
        return True
    return any('could not be read' in w for w in rec.get('warnings') or [])


def main(argv):
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument('truth')
    ap.add_argument('pred')
    ap.add_argument('--list', action='store_true', help='name each false alarm and unflagged miss')
    a = ap.parse_args(argv)
    truth, pred = load(a.truth), load(a.pred, base=True)
    found_all = alarms = missed = silent = unflagged = 0
    lines = []
    for name in sorted(truth):
        t = truth[name]
        p = pred.get(name, {'findings': [], 'status': 'missing'})
        lost = values(t) - values(p)
        what = '%s (%s, %s)' % (name, t.get('format'), t.get('degradation'))
        if not lost:
            found_all += 1
            if flagged(p):
                alarms += 1
                lines.append('false alarm  %s: %s; %s' % (what, p.get('status'), '; '.join(p.get('warnings') or [])))
            continue
        missed += 1
        if flagged(p):
            continue
        unflagged += 1
        kinds = ', '.join(sorted(k for k, _ in lost))
        kind = 'unflagged  '
        if not p.get('warnings'):
            silent += 1
            kind = 'silent miss'
        lines.append('%s  %s: lost %s; warnings: %s' % (kind, what, kinds, '; '.join(p.get('warnings') or []) or 'none'))
    pct = 100.0 * alarms / found_all if found_all else 0.0
    print('%d documents: %d with every identifier found, %d false alarm(s) (%.1f%% of them, %.1f%% of all); '
          '%d missing an identifier: %d flagged, %d unflagged, %d silent' %
          (len(truth), found_all, alarms, pct, 100.0 * alarms / max(1, len(truth)),
           missed, missed - unflagged, unflagged, silent))
    if a.list:
        for ln in lines:
            print('  ' + ln)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
