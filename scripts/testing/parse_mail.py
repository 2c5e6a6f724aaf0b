#!/usr/bin/env python3
"""Parses one RFC 5322 message with independent parsers and prints what they saw as JSON.

Usage: parse_mail.py FILE.eml      (or `-` to read the message from stdin)

The message is parsed with Python's standard `email` package (policy=email.policy.default), and a
text/calendar part, if any, with `icalendar`. Tests compare Pokja's output against this, so the parsers
are deliberately not Pokja's own. Exit status 0 with JSON on stdout; 2 with a message on stderr if the
file cannot be read or the calendar cannot be parsed.

JSON keys (absent headers are null; lists may be empty):
  subject          str   decoded Subject (RFC 2047 words decoded)
  from             str   decoded From header, e.g. "Wulan Sari <wulan@example.org>"
  from_addresses   [str] the addr-specs in From, e.g. ["wulan@example.org"]
  to               str   decoded To header
  to_addresses     [str] the addr-specs in To
  cc               str   decoded Cc header
  reply_to         str   decoded Reply-To header
  date             str   the Date header as written
  date_utc         str   Date converted to UTC, "2025-03-04T02:00:00Z" (null if it has no zone or is invalid)
  message_id       str   Message-ID as written, with angle brackets
  mime_version     str   MIME-Version header
  headers          [[name, value]]  every header in order, values decoded
  content_types    [str] content types in walk() order, e.g. ["multipart/mixed", "text/plain", ...]
  parts            [obj] one per walk() entry, same order:
                     content_type  str   e.g. "text/calendar"
                     params        obj   Content-Type parameters, e.g. {"charset": "utf-8",
                                         "method": "REQUEST"} (keys lower-cased)
                     disposition   str   "inline" / "attachment" / null
                     filename      str   or null
                     transfer_encoding str  Content-Transfer-Encoding, lower-cased, or null
                     size          int   decoded body bytes (null for a multipart)
                     sha256        str   hex SHA-256 of the decoded body (null for a multipart)
  texts            [obj] every non-multipart text/* part, in walk() order:
                     content_type  str
                     text          str   the decoded body (transfer encoding and charset undone)
  text_plain       str   the first text/plain body, or null
  text_html        str   the first text/html body, or null
  defects          [str] names of the defects the email parser noticed anywhere (empty = well-formed)
  calendar         obj   null, or from the first text/calendar part:
                     method        str   METHOD, e.g. "REQUEST"
                     event_count   int   number of VEVENTs
                     uid           str   UID of the first VEVENT
                     sequence      int   SEQUENCE (null if absent)
                     summary       str
                     location      str
                     status        str   STATUS, or null
                     organizer     obj   {"address": "mailto:...", "cn": str|null} or null
                     attendees     [obj] {"address": "mailto:...", "cn", "role", "partstat", "rsvp"}
                                         (param values as strings, null when absent)
                     dtstart       str   DTSTART as written ("20250304T090000" or "20250304")
                     dtstart_tzid  str   its TZID parameter, or null
                     dtstart_utc   str   DTSTART in UTC, "2025-03-04T02:00:00Z" (null for a date or a
                                         floating time)
                     dtend_utc     str   the same for DTEND, or null
                     tzids         [str] TZIDs of the VTIMEZONE components
"""

import datetime
import email
import email.policy
import email.utils
import hashlib
import json
import sys


def utc_iso(value):
    if not isinstance(value, datetime.datetime) or value.tzinfo is None:
        return None
    return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def header(message, name):
    value = message.get(name)
    return None if value is None else str(value)


def addresses(message, name):
    value = message.get(name)
    if value is None:
        return []
    try:
        return [address.addr_spec for address in value.addresses]
    except AttributeError:
        return [address for _, address in email.utils.getaddresses([str(value)])]


def param_text(prop, name):
    value = getattr(prop, "params", {}).get(name)
    return None if value is None else str(value)


def raw_ical_value(prop):
    try:
        return prop.to_ical().decode()
    except Exception:
        return str(prop)


def parse_calendar(data):
    import icalendar

    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    result = {
        "method": str(calendar.get("METHOD")) if calendar.get("METHOD") is not None else None,
        "event_count": len(events),
        "uid": None,
        "sequence": None,
        "summary": None,
        "location": None,
        "status": None,
        "organizer": None,
        "attendees": [],
        "dtstart": None,
        "dtstart_tzid": None,
        "dtstart_utc": None,
        "dtend_utc": None,
        "tzids": [str(tz.get("TZID")) for tz in calendar.walk("VTIMEZONE")],
    }
    if not events:
        return result
    event = events[0]
    for key, name in (("uid", "UID"), ("summary", "SUMMARY"), ("location", "LOCATION"),
                      ("status", "STATUS")):
        if event.get(name) is not None:
            result[key] = str(event.get(name))
    if event.get("SEQUENCE") is not None:
        result["sequence"] = int(event.get("SEQUENCE"))
    organizer = event.get("ORGANIZER")
    if organizer is not None:
        result["organizer"] = {"address": str(organizer), "cn": param_text(organizer, "CN")}
    attendees = event.get("ATTENDEE")
    if attendees is not None:
        if not isinstance(attendees, list):
            attendees = [attendees]
        for attendee in attendees:
            result["attendees"].append({
                "address": str(attendee),
                "cn": param_text(attendee, "CN"),
                "role": param_text(attendee, "ROLE"),
                "partstat": param_text(attendee, "PARTSTAT"),
                "rsvp": param_text(attendee, "RSVP"),
            })
    start = event.get("DTSTART")
    if start is not None:
        result["dtstart"] = raw_ical_value(start)
        result["dtstart_tzid"] = param_text(start, "TZID")
        result["dtstart_utc"] = utc_iso(start.dt)
    end = event.get("DTEND")
    if end is not None:
        result["dtend_utc"] = utc_iso(end.dt)
    return result


def parse(raw):
    message = email.message_from_bytes(raw, policy=email.policy.default)
    date_utc = None
    date_header = message.get("Date")
    if date_header is not None:
        try:
            date_utc = utc_iso(date_header.datetime)
        except Exception:
            date_utc = None

    result = {
        "subject": header(message, "Subject"),
        "from": header(message, "From"),
        "from_addresses": addresses(message, "From"),
        "to": header(message, "To"),
        "to_addresses": addresses(message, "To"),
        "cc": header(message, "Cc"),
        "reply_to": header(message, "Reply-To"),
        "date": header(message, "Date"),
        "date_utc": date_utc,
        "message_id": header(message, "Message-ID"),
        "mime_version": header(message, "MIME-Version"),
        "headers": [[name, str(value)] for name, value in message.items()],
        "content_types": [],
        "parts": [],
        "texts": [],
        "text_plain": None,
        "text_html": None,
        "defects": [],
        "calendar": None,
    }
    calendar_bytes = None
    for part in message.walk():
        content_type = part.get_content_type()
        params = {key.lower(): str(value) for key, value in part.get_params(failobj=[])[1:]}
        encoding = part.get("Content-Transfer-Encoding")
        result["content_types"].append(content_type)
        result["parts"].append({
            "content_type": content_type,
            "params": params,
            "disposition": part.get_content_disposition(),
            "filename": part.get_filename(),
            "transfer_encoding": str(encoding).strip().lower() if encoding is not None else None,
            "size": None if part.is_multipart() else len(part.get_payload(decode=True) or b""),
            "sha256": None if part.is_multipart()
            else hashlib.sha256(part.get_payload(decode=True) or b"").hexdigest(),
        })
        result["defects"].extend(type(defect).__name__ for defect in part.defects)
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        text = part.get_content()
        result["texts"].append({"content_type": content_type, "text": text})
        if content_type == "text/plain" and result["text_plain"] is None:
            result["text_plain"] = text
        if content_type == "text/html" and result["text_html"] is None:
            result["text_html"] = text
        if content_type == "text/calendar" and calendar_bytes is None:
            calendar_bytes = part.get_payload(decode=True)
    if calendar_bytes is not None:
        result["calendar"] = parse_calendar(calendar_bytes)
    return result


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: parse_mail.py FILE.eml  (or - for stdin)\n")
        return 2
    try:
        if sys.argv[1] == "-":
            raw = sys.stdin.buffer.read()
        else:
            with open(sys.argv[1], "rb") as handle:
                raw = handle.read()
    except OSError as error:
        sys.stderr.write(f"parse_mail.py: cannot read {sys.argv[1]}: {error}\n")
        return 2
    try:
        result = parse(raw)
    except Exception as error:
        sys.stderr.write(f"parse_mail.py: cannot parse {sys.argv[1]}: {type(error).__name__}: {error}\n")
        return 2
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False, sort_keys=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
