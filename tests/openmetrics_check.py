#!/usr/bin/env python3
"""Checks an OpenMetrics page with the Prometheus text parser
(python3-prometheus-client): it must parse, every sample line must survive
as its own series (the parser keeps one of two identical label sets, so a
count below the number of sample lines means duplicates), and the lines per
program must add up to the lines read. Usage: openmetrics_check.py FILE"""
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    lines = [l for l in text.splitlines() if l and not l.startswith("#")]
    seen = set()
    total = {}
    n = 0
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            key = (s.name, tuple(sorted(s.labels.items())))
            if key in seen:
                sys.exit("duplicate series: %r" % (key,))
            seen.add(key)
            total[s.name] = total.get(s.name, 0) + s.value
            n += 1
    if n != len(lines):
        sys.exit("%d sample lines but %d distinct series" % (len(lines), n))
    if total.get("smtplog_lines_total", 0) != total.get("smtplog_source_lines_total", 0):
        sys.exit("lines per program %r != lines read %r" % (
            total.get("smtplog_lines_total"), total.get("smtplog_source_lines_total")))
    print("%d series" % n)


main()
