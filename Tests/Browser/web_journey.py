#!/usr/bin/env python3
"""The member's and the secretary's journey through `pokja serve` in a real browser.

Debian's chromium, driven by chromedriver through Selenium, against `pokja serve` on 127.0.0.1 and a
real SMTP server (scripts/testing/smtp_server.py, aiosmtpd) that the sign-in links and invitations
are mailed to. Everything runs in a temporary POKJA_HOME and stops at the end.

  python3 Tests/Browser/web_journey.py PATH/TO/pokja

Steps: a member signs in with the link from their mail, searches with a typo (results as they type),
opens a person (tap-to-call link, vCard), subscribes to their calendar feed (checked with the
independent parsers icalendar and recurring-ical-events, and imported by khal), accepts the
invitation from the link in the real invitation mail, opens the plenary's document, reads the national
meeting's proposed invitation list and objects to a person on it; the secretary signs in and sees the
answer.
Exits non-zero with the step that failed.
"""

import datetime as dt
import email
import email.policy
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fail(step, detail=""):
    print(f"web journey: FAILED at {step}: {detail}", file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(64)
    pokja = sys.argv[1]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    home = Path(tempfile.mkdtemp(prefix="pokja-web-"))
    mail_dir = home / "mail"
    mail_dir.mkdir()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, POKJA_HOME=str(home), POKJA_WEB_URL=base, LANG="C.UTF-8",
               POKJA_MAIL_FROM="Sekretariat Pokja <sekretariat@pokja.example.org>",
               SWIFT_BACKTRACE="enable=no")
    processes = []

    def start(args, **kw):
        process = subprocess.Popen(args, env=env, **kw)
        processes.append(process)
        return process

    def run(*args):
        result = subprocess.run([pokja, *args], env=env, capture_output=True, text=True)
        if result.returncode != 0:
            fail("pokja " + " ".join(args), result.stderr.strip() + result.stdout.strip())
        return result.stdout

    driver = None
    from selenium.common.exceptions import WebDriverException
    try:
        smtp = start([sys.executable, str(ROOT / "scripts/testing/smtp_server.py"), "--out", str(mail_dir)],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        ready = smtp.stdout.readline().split()
        if not ready or ready[0] != "READY":
            fail("SMTP server", "did not start")
        env["POKJA_SMTP_URL"] = f"smtp://127.0.0.1:{ready[1]}"

        run("init")
        run("org", "add", "--name", "Kementerian Sosial", "--acronym", "Kemensos", "--kind", "ministry")
        run("org", "add", "--name", "Muslimat NU", "--kind", "ormas")
        run("contact", "add", "--name", "Wulan Sari", "--org", "Kemensos", "--email", "wulan@kemensos.example",
            "--phone", "0812-3456-7890")
        run("contact", "add", "--name", "Siti Aminah", "--org", "Muslimat NU", "--email", "siti@muslimat.example",
            "--phone", "0813-1111-2222")
        run("contact", "add", "--name", "Rina Sekretariat", "--email", "rina@pokja.example")
        day = (dt.date.today() + dt.timedelta(days=3)).isoformat()
        run("room", "add", "--name", "Ruang Rapat Lt 7", "--location", "Gedung Kemensos, lantai 7", "--floor", "7")
        run("meeting", "add", "--title", "Rapat Pleno Tim Pokja", "--start", f"{day}T10:00", "--duration", "2h",
            "--room", "Ruang Rapat Lt 7", "--attendee", "wulan@kemensos.example", "--attendee", "siti@muslimat.example")
        run("meeting", "invite", "1")
        # The national meeting's list under discussion, and a document on the plenary.
        run("meeting", "add", "--title", "Pertemuan Nasional", "--start", f"{day}T13:00", "--duration", "3h")
        run("meeting", "list-draft", "propose", "2", "--contact", "wulan@kemensos.example",
            "--contact", "siti@muslimat.example", "--approver", "rina@pokja.example")
        agenda = home / "agenda rapat.pdf"
        agenda.write_bytes(b"%PDF-1.4 agenda rapat pleno\n" + bytes(range(256)))
        run("doc", "add", str(agenda), "--meeting", "1")
        run("access", "grant", "wulan@kemensos.example")
        run("access", "grant", "rina@pokja.example", "--secretary")

        def mails_to(address):
            found = []
            for path in sorted(mail_dir.glob("*.eml")):
                message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                if address in str(message["To"]):
                    found.append(message)
            return found

        def text_of(message):
            return message.get_body(preferencelist=("plain",)).get_content()

        def link_in(address, pattern):
            for message in mails_to(address):
                match = re.search(pattern, text_of(message))
                if match:
                    return match.group(0)
            fail("mail", f"no link /{pattern}/ in the mail to {address}")

        server = start([pokja, "serve", "--listen", f"127.0.0.1:{port}"], stderr=subprocess.PIPE)
        for _ in range(100):
            try:
                if urllib.request.urlopen(base + "/healthz", timeout=1).read() == b"ok\n":
                    break
            except OSError:
                time.sleep(0.1)
        else:
            fail("pokja serve", "did not answer /healthz")

        options = webdriver.ChromeOptions()
        for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--lang=id-ID", f"--user-data-dir={home / 'chromium'}"]:
            options.add_argument(flag)
        options.binary_location = "/usr/bin/chromium"
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        wait = WebDriverWait(driver, 10)

        # 1. The member signs in with the link from their mail.
        sign_in = link_in("wulan@kemensos.example", re.escape(base) + r"/signin/[A-Za-z0-9_-]+")
        driver.get(sign_in)
        wait.until(EC.element_to_be_clickable((By.ID, "sign-in"))).click()
        wait.until(EC.url_to_be(base + "/directory"))
        cookie = driver.get_cookie("pokja_session")
        if not cookie or not cookie.get("httpOnly") or cookie.get("sameSite") != "Lax":
            fail("session cookie", str(cookie))

        # 2. Search with a typo: results appear as she types (no submit).
        box = driver.find_element(By.ID, "q")
        box.send_keys("muslinat")
        wait.until(EC.text_to_be_present_in_element((By.ID, "results"), "Muslimat NU"))
        if "/directory?q=muslinat" not in driver.current_url:
            fail("results as you type", driver.current_url)

        # 3. Open a person: tap to call in E.164, and the vCard.
        box.clear()
        box.send_keys("siti aminah")
        wait.until(EC.element_to_be_clickable((By.LINK_TEXT, "Siti Aminah"))).click()
        wait.until(EC.presence_of_element_located((By.ID, "vcard")))
        tel = driver.find_element(By.CSS_SELECTOR, "a.tel").get_attribute("href")
        if tel != "tel:+6281311112222":
            fail("tap to call", tel)

        # 4. Subscribe: the feed is valid iCalendar, expands with recurring-ical-events, imports into khal.
        driver.get(base + "/calendar")
        webcal = driver.find_element(By.CSS_SELECTOR, "a.button.primary").get_attribute("href")
        https = driver.find_element(By.CSS_SELECTOR, "input.feed-url").get_attribute("value")
        if not webcal.startswith("webcal://127.0.0.1") or not https.startswith(base + "/feeds/"):
            fail("feed links", f"{webcal} {https}")
        feed = urllib.request.urlopen(https, timeout=5)
        body = feed.read()
        if not feed.headers.get("ETag") or "text/calendar" not in feed.headers.get("Content-Type", ""):
            fail("feed headers", str(feed.headers))
        import icalendar
        import recurring_ical_events
        calendar = icalendar.Calendar.from_ical(body)
        start = dt.date.today()
        events = recurring_ical_events.of(calendar).between(start, start + dt.timedelta(days=30))
        if [str(e["SUMMARY"]) for e in events] != ["Rapat Pleno Tim Pokja"]:
            fail("feed events", str(events))
        ics = home / "feed.ics"
        ics.write_bytes(body)
        khal_dir = home / "khal"
        (khal_dir / "cal").mkdir(parents=True)
        (khal_dir / "config").write_text(
            f"[calendars]\n[[pokja]]\npath = {khal_dir / 'cal'}\ntype = calendar\n"
            "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
            "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n")
        imported = subprocess.run(["khal", "-c", str(khal_dir / "config"), "import", "--batch", str(ics)],
                                  capture_output=True, text=True)
        listed = subprocess.run(["khal", "-c", str(khal_dir / "config"), "list", day, "1d"],
                                capture_output=True, text=True)
        if imported.returncode != 0 or "Rapat Pleno Tim Pokja" not in listed.stdout:
            fail("khal import", imported.stderr + listed.stdout + listed.stderr)

        # 5. Accept from the link in the real invitation mail.
        accept = link_in("wulan@kemensos.example", re.escape(base) + r"/rsvp/[A-Za-z0-9_-]+\?answer=accepted")
        driver.get(accept)
        wait.until(EC.element_to_be_clickable((By.ID, "rsvp-accepted"))).click()
        recorded = wait.until(EC.presence_of_element_located((By.ID, "recorded-answer"))).text
        if recorded != "hadir":
            fail("accept from the invitation", recorded)

        # 5b. The plenary's page lists its document; it opens with her session, byte for byte.
        driver.get(base + "/meetings/1")
        link = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "a.document")))
        if link.text != "agenda rapat.pdf":
            fail("document on the meeting's page", link.text)
        request = urllib.request.Request(
            link.get_attribute("href"),
            headers={"Cookie": "pokja_session=" + driver.get_cookie("pokja_session")["value"]})
        fetched = urllib.request.urlopen(request, timeout=5)
        if fetched.read() != agenda.read_bytes() or "attachment" not in fetched.headers.get(
                "Content-Disposition", ""):
            fail("document download", str(fetched.headers))

        # 5c. She reads the national meeting's proposed list and objects to a person on it.
        driver.get(base + "/meetings/2/list")
        wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "table.people"), "Siti Aminah"))
        driver.find_element(By.ID, "comment-text").send_keys("Muslimat NU sebaiknya mengirim ketua wilayah")
        from selenium.webdriver.support.ui import Select
        Select(driver.find_element(By.ID, "comment-object")).select_by_value("siti@muslimat.example")
        driver.find_element(By.CSS_SELECTOR, "form.comment button[type=submit]").click()
        wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "ul.comments"), "ketua wilayah"))
        listed = json.loads(run("meeting", "list-draft", "show", "2", "--json"))
        comments = listed.get("comments", [])
        if not any(c.get("author") == "Wulan Sari" and c.get("objection") for c in comments):
            fail("comment from the web in list-draft show", json.dumps(comments))

        # 6. The secretary signs in (another browser profile: cookies cleared) and sees the answer.
        driver.delete_all_cookies()
        driver.get(link_in("rina@pokja.example", re.escape(base) + r"/signin/[A-Za-z0-9_-]+"))
        wait.until(EC.element_to_be_clickable((By.ID, "sign-in"))).click()
        wait.until(EC.url_to_be(base + "/directory"))
        driver.get(base + "/meetings/1/replies")
        row = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "tr.ACCEPTED"))).text
        if "Wulan Sari" not in row:
            fail("secretary's view of replies", row)
        shown = run("meeting", "show", "1", "--json")
        if '"ACCEPTED"' not in shown:
            fail("meeting show after the web answer", shown)

        # 7. SIGTERM: the server stops gracefully, exit 0.
        server.send_signal(signal.SIGTERM)
        if server.wait(timeout=15) != 0:
            fail("graceful stop", server.stderr.read().decode())
        print("web journey: passed (sign-in link, typo search as you type, person, feed in icalendar/"
              "recurring-ical-events/khal, accept from the invitation mail, document, list comment, "
              "secretary's view)")
    except WebDriverException as error:
        where = ""
        if driver is not None:
            where = f" at {driver.current_url}: " + driver.find_element(By.TAG_NAME, "body").text[:500]
        fail("browser", f"{type(error).__name__}{where}")
    finally:
        if driver is not None:
            driver.quit()
        for process in processes:
            if process.poll() is None:
                if process.stdin:
                    process.stdin.close()  # the SMTP server ends on end of file
                    try:
                        process.wait(timeout=5)
                        continue
                    except subprocess.TimeoutExpired:
                        pass
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()


if __name__ == "__main__":
    main()
