#!/usr/bin/env python3
"""How the fuzz targets' time grows with the input: each case is run at two sizes, ten times apart,
through the fuzz executable (one input per process), and a case whose time grows much more than
tenfold is flagged. libFuzzer's inputs stay small (-max_len), so a quadratic reader shows here, not
there. Run by `scripts/fuzz --scaling`; usage: scaling.py FUZZER [CASE-SUBSTRING...]."""
import os
import subprocess
import sys
import tempfile
import time

F = sys.argv[1]
env = dict(os.environ, SWIFT_BACKTRACE='enable=no', ASAN_OPTIONS='detect_leaks=0')
work = tempfile.mkdtemp(prefix='pokja-scaling-')


def run(target, data):
    """Seconds for one run of `data` through `target`, whether it finished cleanly, and its error."""
    path = os.path.join(work, 'input')
    with open(path, 'wb') as f:
        f.write(data)
    env['POKJA_FUZZ_TARGET'] = target
    start = time.time()
    result = subprocess.run([F, '-rss_limit_mb=4096', path], env=env, capture_output=True)
    elapsed = time.time() - start
    error = '' if result.returncode == 0 else result.stderr.decode(errors='replace')[-400:]
    return elapsed, result.returncode == 0, error


def cal(body):
    return (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261207T090000Z\r\n" + body
            + b"END:VEVENT\r\nEND:VCALENDAR\r\n")


cases = {
 'content-line fold': ('content-line', lambda n: b"DESCRIPTION:a\r\n"+b" bcdefgh\r\n"*n),
 'content-line params': ('content-line', lambda n: b"X"+b";P=a"*n+b":v\r\n"),
 'content-line escapes': ('content-line', lambda n: b"X:"+b"\\,\\;\\n"*n+b"\r\n"),
 'icalendar props': ('icalendar', lambda n: cal(b"X-A;P=\"q\":v\\,w\r\n"*n)),
 'icalendar nesting': ('icalendar', lambda n: b"BEGIN:A\r\n"*n+b"END:A\r\n"*n),
 'icalendar folded': ('icalendar', lambda n: cal(b"DESCRIPTION:x\r\n"+b" y\r\n"*n)),
 'import-ics events': ('import-ics', lambda n: b"BEGIN:VCALENDAR\r\n"+b"".join(b"BEGIN:VEVENT\r\nUID:u%d\r\nDTSTART;TZID=Asia/Jakarta:20261207T090000\r\nSUMMARY:s\r\nEND:VEVENT\r\n"%i for i in range(n))+b"END:VCALENDAR\r\n"),
 'import-ics overrides': ('import-ics', lambda n: b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u\r\nDTSTART:20261207T090000Z\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\n"+b"".join(b"BEGIN:VEVENT\r\nUID:u\r\nRECURRENCE-ID:2026%02d%02dT090000Z\r\nDTSTART:20261207T100000Z\r\nEND:VEVENT\r\n"%(1+i%12,1+i%28) for i in range(n))+b"END:VCALENDAR\r\n"),
 'import-ics exdates': ('import-ics', lambda n: cal(b"RRULE:FREQ=DAILY\r\nEXDATE:"+b",".join(b"2027%02d%02dT090000Z"%(1+i%12,1+i%28) for i in range(n))+b"\r\n")),
 'itip attendees': ('itip-reply', lambda n: b"BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:u\r\n"+b"ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@b.c\r\n"*n+b"END:VEVENT\r\nEND:VCALENDAR\r\n"),
 'vcard qp': ('vcard', lambda n: b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:a\r\nNOTE;ENCODING=QUOTED-PRINTABLE:"+b"ab=\r\n"*n+b"c\r\nEND:VCARD\r\n"),
 'vcard cards': ('vcard', lambda n: b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:a\r\nTEL:0812\r\nEND:VCARD\r\n"*n),
 'vcard types': ('vcard', lambda n: b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:a\r\nTEL"+b";TYPE=a"*n+b":1\r\nEND:VCARD\r\n"),
 'vcard categories': ('vcard', lambda n: b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:a\r\nCATEGORIES:"+b"a\\,b,"*n+b"\r\nEND:VCARD\r\n"),
 'csv quotes': ('csv-import', lambda n: b"\x00Nama,Catatan\r\nBudi,\""+b"\"\""*n+b"\"\r\n"),
 'csv rows': ('csv-import', lambda n: b"\x00Nama,Email,No HP\r\n"+b"".join(b"Orang %d,o%d@example.org,0812%07d\r\n"%(i,i,i) for i in range(n))),
 'csv columns': ('csv-import', lambda n: b"\x00Nama"+b",x"*n+b"\r\nA"+b",1"*n+b"\r\n"),
 'csv emails': ('csv-import', lambda n: b"\x00Nama,Email\r\nA,\""+b",".join(b"e%d@x.org"%i for i in range(n))+b"\"\r\n"),
 'mail headers': ('mail', lambda n: b"Subject: a\r\n"+b"X-A: b\r\n"*n+b"\r\nbody\r\n"),
 'mail folded': ('mail', lambda n: b"Subject: a\r\n"+b" b\r\n"*n+b"\r\nbody\r\n"),
 'mail parts': ('mail', lambda n: b"Content-Type: multipart/mixed; boundary=b\r\n\r\n"+b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n"*n+b"--b--\r\n"),
 'mail encoded words': ('mail', lambda n: b"Subject: "+b"=?UTF-8?Q?a=C3=A9?= "*n+b"\r\n\r\nx\r\n"),
 'mail addresses': ('mail', lambda n: b"To: "+b", ".join(b"\"N (c) %d\" <a%d@b.c>"%(i,i) for i in range(n))+b"\r\n\r\nx\r\n"),
 'mail nested': ('mail', lambda n: b"".join(b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n"%(i,i) for i in range(n))+b"\r\nx\r\n"),
 'mail qp': ('mail', lambda n: b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"+b"a=\r\n"*n),
 'rrule byday': ('rrule', lambda n: b"FREQ=YEARLY;BYDAY="+b",".join([b"MO",b"1TU",b"-1FR"]*n)),
 'rrule bymonthday': ('rrule', lambda n: b"FREQ=MONTHLY;BYMONTHDAY="+b",".join(str(1+i%31).encode() for i in range(n))),
 'phone digits': ('phone-number', lambda n: b"+62"+b"8"*n),
 'phone words': ('phone-number', lambda n: b"0812 "*n),
 'date-time long': ('date-time', lambda n: b"\x00"+b"2026-12-07 "*n),
 'date-time span': ('date-time', lambda n: b"\x00"+b"1h"*n),
}
only = sys.argv[2:]
flagged = []
print('| Case | Small | Time | Large | Time | Ratio |')
print('|---|---:|---:|---:|---:|---:|')
for name, (target, gen) in cases.items():
    if only and not any(o in name for o in only):
        continue
    small, big = gen(2000), gen(20000)
    a, ok_a, error_a = run(target, small)
    b, ok_b, error_b = run(target, big)
    ratio = b / a
    note = ''
    if not (ok_a and ok_b):
        note = ' FAILED'
        flagged.append(f'{name}: {error_a or error_b}')
    elif b > 0.5 and ratio > 25:
        note = ' superlinear'
        flagged.append(f'{name}: {ratio:.1f} times slower for ten times the input')
    print(f'| {name} | {len(small):,} B | {a * 1000:.0f} ms | {len(big):,} B | {b * 1000:.0f} ms | '
          f'{ratio:.1f}{note} |', flush=True)
for line in flagged:
    print(line, file=sys.stderr)
sys.exit(1 if flagged else 0)
