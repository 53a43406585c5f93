#!/usr/bin/env python3
"""Time scanned pages against a base revision, and photo pages against scans.

usage: benchcompare.py [--base REV] [--rounds N] [--scans DIR] [--no-photo]

1. Builds `noticescan` from the working tree and from REV (default
   b9dae1b, the head before photo restoration, HEIC, fax cleaning and the
   no-silent-miss checks) into a temporary directory (`git archive`, so the
   repository's worktrees are left alone).
2. Runs both binaries' `extract --workers 1` on the same scanned files,
   alternately N times (base first in odd rounds, head first in even ones,
   so drift in the machine's load falls on both), and prints each binary's
   CPU and wall seconds per page and the ratio head/base. CPU time is the
   figure to judge on a shared machine; wall time is printed as well.
   Without --scans it generates a scanned set with the head's noticegen
   (pdf_scan and tiff, light to heavy, 150-300 DPI, fixed seed).
3. Runs BenchmarkRecognizePhotoVsScan (ocr/photo_test.go): one notice
   rendered as a 150-DPI scan and photographed on a desk from the same
   page image, read one after the other; prints the CPU per page of each
   and their ratio.

Needs go, git and what `make build` needs. Stdlib only.
"""
import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def go_env():
    env = dict(os.environ)
    flags = env.get('GOFLAGS', '')
    if 'nodynamic' not in flags:
        env['GOFLAGS'] = (flags + ' -tags=nodynamic').strip()
    return env


def build(src, out, env):
    run(['go', 'build', '-o', out, './cmd/noticescan'], cwd=src, env=env)


def timed(cmd):
    """Runs cmd and returns (wall seconds, CPU seconds, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    p = run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, p.stdout


def pages(jsonl):
    n = 0
    for line in jsonl.decode().splitlines():
        if line.strip():
            n += len(json.loads(line).get('pages') or [])
    return n


def main(argv):
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument('--base', default='b9dae1b')
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--scans', help='directory of scanned documents (default: generate 12)')
    ap.add_argument('--no-photo', action='store_true', help='skip the photo-vs-scan benchmark')
    a = ap.parse_args(argv)
    env = go_env()
    tmp = tempfile.mkdtemp(prefix='benchcompare-')
    try:
        base_src = os.path.join(tmp, 'base')
        os.mkdir(base_src)
        archive = subprocess.run(['git', 'archive', a.base], cwd=ROOT, check=True, stdout=subprocess.PIPE).stdout
        run(['tar', '-x', '-C', base_src], input=archive)
        bins = {'base': os.path.join(tmp, 'noticescan-base'), 'head': os.path.join(tmp, 'noticescan-head')}
        print('building base %s and the working tree...' % a.base, flush=True)
        build(base_src, bins['base'], env)
        build(ROOT, bins['head'], env)
        scans = a.scans
        if not scans:
            scans = os.path.join(tmp, 'scans')
            run(['go', 'run', './cmd/noticegen', '-seed', '2718', '-n', '12', '-out', scans,
                 '-formats', 'pdf_scan,tiff', '-degradation', 'light,medium,heavy'],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        files = sorted(os.path.join(scans, f) for f in os.listdir(scans) if not f.endswith('.jsonl'))
        wall = {k: 0.0 for k in bins}
        cpu = {k: 0.0 for k in bins}
        npages = {}
        for r in range(a.rounds):
            order = ['base', 'head'] if r % 2 == 0 else ['head', 'base']
            for k in order:
                w, c, out = timed([bins[k], 'extract', '--format', 'jsonl', '--quiet', '--workers', '1'] + files)
                wall[k] += w
                cpu[k] += c
                npages[k] = pages(out)
                print('round %d %-4s %6.1f s wall %6.1f s CPU' % (r + 1, k, w, c), flush=True)
        if npages['base'] != npages['head']:
            sys.exit('the binaries read %d and %d pages' % (npages['base'], npages['head']))
        n = npages['head'] * a.rounds
        print('\nscanned pages: %d files, %d pages, %d rounds' % (len(files), npages['head'], a.rounds))
        for k in ('base', 'head'):
            print('  %-4s %.3f s CPU/page  %.3f s wall/page' % (k, cpu[k] / n, wall[k] / n))
        print('  head/base: %.3f CPU  %.3f wall' % (cpu['head'] / cpu['base'], wall['head'] / wall['base']))
        if a.no_photo:
            return
        print('\nphoto vs scan of the same notice (BenchmarkRecognizePhotoVsScan):', flush=True)
        out = subprocess.run(['go', 'test', '-run', '^$', '-bench', '^BenchmarkRecognizePhotoVsScan$',
                              '-benchtime', '%dx' % max(a.rounds, 1), './ocr'],
                             cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE).stdout.decode()
        m = {u: float(v) for v, u in re.findall(r'([0-9.e+]+) (scan-cpu-ns/page|photo-cpu-ns/page|photo/scan-cpu)', out)}
        if len(m) < 3:
            sys.exit('no figures in the benchmark output:\n' + out)
        print('  scan  %.3f s CPU/page' % (m['scan-cpu-ns/page'] / 1e9))
        print('  photo %.3f s CPU/page' % (m['photo-cpu-ns/page'] / 1e9))
        print('  photo/scan: %.2f' % m['photo/scan-cpu'])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main(sys.argv[1:])
