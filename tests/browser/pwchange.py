#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""tests/browser/pwchange.py: a real browser uses postino-pwchange's page.

Debian's headless Chromium, driven through Debian's chromedriver with
Debian's python3-selenium (no npm, no downloaded browser), fills in the
form the way a person would, submits it and reads the page that comes
back: a change that works, a wrong current password, a policy error; a
form posted from a foreign origin and from an opaque one (Origin: null),
both carrying a valid token, are refused; with JavaScript off and an
Italian browser the page, its errors and the live region speak Italian,
and its language switch (a link and a cookie) works.
Each page is saved as a screenshot in OUT_DIR.

Environment: PW_URL (https://127.0.0.1:PORT), OUT_DIR, PW_USER,
PW_CURRENT, PW_NEW; CHROMIUM and CHROMEDRIVER override the binaries.
Prints "ok - ..." / "FAIL - ..." lines and the closing
"pwchange-browser-page: N passed, N failed"; exits 1 on failure.
"""
import html
import json
import os
import shutil
import sys
import tempfile
import threading
import traceback
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

URL = os.environ["PW_URL"].rstrip("/")
OUT = os.environ["OUT_DIR"]
USER = os.environ["PW_USER"]
CURRENT = os.environ["PW_CURRENT"]
NEW = os.environ["PW_NEW"]
TIMEOUT = 30

passed = 0
failed = 0


def replaced(old):
    """A wait condition: the element's document has been replaced by the next one.

    Selenium's staleness_of counts only StaleElementReferenceException. While
    Chromium swaps documents its inspector may instead answer that the node
    "does not belong to the document" (or that there is no such node): the same
    fact, reported a moment earlier, and staleness_of then fails a submit that
    went through. Any other error still fails the wait.
    """
    def gone(_driver):
        try:
            old.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as e:
            if "does not belong to the document" in str(e) or "No node with given id" in str(e):
                return True
            raise
    return gone


def check(desc, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print(f"ok - {desc}", flush=True)
    else:
        failed += 1
        print(f"FAIL - {desc}" + (f"\n  {detail}" if detail != "" else ""), flush=True)


class Browser:
    """One headless Chromium with a fresh profile, and helpers to drive it."""

    def __init__(self, name, lang=None, javascript=True):
        self.profile = tempfile.mkdtemp(prefix=f"postino-chromium-{name}-")
        opts = Options()
        opts.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                    "--window-size=900,1000", f"--user-data-dir={self.profile}"):
            opts.add_argument(arg)
        prefs = {}
        if lang:
            opts.add_argument(f"--lang={lang.split(',')[0]}")
            prefs["intl.accept_languages"] = lang
        if not javascript:
            prefs["profile.managed_default_content_settings.javascript"] = 2
        if prefs:
            opts.add_experimental_option("prefs", prefs)
        opts.accept_insecure_certs = True  # the test CA is not in Chromium's store
        opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
        service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"),
                          log_path=os.path.join(OUT, f"chromedriver-{name}.log"))
        try:
            self.d = webdriver.Chrome(service=service, options=opts)
        except Exception:
            shutil.rmtree(self.profile, ignore_errors=True)
            raise
        self.d.set_page_load_timeout(TIMEOUT)
        self.problems = []

    def close(self):
        try:
            self.d.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)

    def _drain(self):
        """Read the logs so far: CSP reports are kept, the rest dropped."""
        try:
            for e in self.d.get_log("browser"):
                if "Content Security Policy" in e["message"] or "Refused to" in e["message"]:
                    self.problems.append(e["message"])
        except WebDriverException:
            pass
        return self.d.get_log("performance")

    def _status(self):
        """HTTP status of the last document loaded (from the network log)."""
        status = None
        for entry in self._drain():
            msg = json.loads(entry["message"])["message"]
            if msg.get("method") == "Network.responseReceived" and \
                    msg["params"].get("type") == "Document":
                status = msg["params"]["response"]["status"]
        return status

    def get(self, url):
        self._drain()
        self.d.get(url)
        return self._status()

    def submit(self, button="button[type=submit]"):
        """Click the submit button and wait for the next page; its status."""
        self._drain()
        old = self.d.find_element(By.TAG_NAME, "html")
        self.d.find_element(By.CSS_SELECTOR, button).click()
        WebDriverWait(self.d, TIMEOUT).until(replaced(old))
        WebDriverWait(self.d, TIMEOUT).until(
            lambda d: d.find_element(By.TAG_NAME, "body") is not None)
        return self._status()

    def fill(self, fields):
        for fid, val in fields:
            el = self.d.find_element(By.ID, fid)
            el.clear()
            el.send_keys(val)

    def has(self, css):
        return len(self.d.find_elements(By.CSS_SELECTOR, css)) > 0

    def text(self, css):
        els = self.d.find_elements(By.CSS_SELECTOR, css)
        return els[0].text if els else ""

    def attr(self, css, name):
        els = self.d.find_elements(By.CSS_SELECTOR, css)
        return els[0].get_attribute(name) if els else None

    def shot(self, name):
        self.d.save_screenshot(os.path.join(OUT, f"{name}.png"))


def attacker_form(token, fields):
    """An auto-fillable form, as another site would make it, that posts to the page."""
    inputs = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                     for k, v in [("csrf", token)] + fields)
    return (f'<!DOCTYPE html><html><body><form method="post" action="{URL}/">{inputs}'
            f'<button type="submit">Win a prize</button></form></body></html>')


class AttackerSite:
    """A plain-HTTP site on another port of 127.0.0.1 serving one page."""

    def __init__(self, page):
        body = page.encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_change(b):
    """The English page: a change that works, a wrong password, a policy error."""
    status = b.get(f"{URL}/")
    check("the form loads (200)", status == 200, status)
    check("the page has a heading", len(b.text("h1")) > 0)
    for fid, ac in (("user", "username"), ("current", "current-password"),
                    ("new", "new-password"), ("repeat", "new-password")):
        check(f"#{fid} has a label", b.has(f"label[for={fid}]"))
        check(f"#{fid} autocomplete={ac}", b.attr(f"#{fid}", "autocomplete") == ac)
    width = b.d.find_element(By.TAG_NAME, "main").value_of_css_property("max-width")
    check("the stylesheet is applied", width not in ("none", ""), width)
    check("the rules are shown", "characters" in b.text("#rules"))
    csrf = b.d.get_cookie("__Host-postino_csrf")
    check("CSRF cookie set, HttpOnly, Secure, SameSite=Strict",
          csrf is not None and csrf.get("httpOnly") and csrf.get("secure")
          and csrf.get("sameSite") == "Strict", csrf)
    token = b.attr("input[name=csrf]", "value")
    check("the form's token is not the cookie's value",
          csrf is not None and token and token != csrf.get("value"))
    b.shot("1-form")

    # ---- a form from another site, and one from an opaque origin, each
    # carrying a token that is valid for this browser's cookie, are refused
    fields = [("user", USER), ("current", CURRENT), ("new", "Stolen-Token-Pw-9"),
              ("repeat", "Stolen-Token-Pw-9")]
    evil = AttackerSite(attacker_form(token, fields))
    try:
        b.get(evil.url)
        status = b.submit()
        check("a form posted from another origin is refused (403)", status == 403, status)
        check("... and the page says nothing was changed",
              "nothing was changed" in b.text("#result"), b.text("#result"))
    finally:
        evil.close()
    b.get("data:text/html;charset=utf-8," + urllib.parse.quote(attacker_form(token, fields)))
    status = b.submit()
    check("a form posted from a data: page (Origin: null) is refused (403)", status == 403, status)
    b.shot("2-cross-site")

    # ---- a change that works
    b.get(f"{URL}/")
    b.fill([("user", USER), ("current", CURRENT), ("new", NEW), ("repeat", NEW)])
    status = b.submit()
    check("the change is accepted (200)", status == 200, status)
    ok_text = b.text("#result.ok")
    check("the page says the password was changed", "has been changed" in ok_text, ok_text)
    check("the success page shows no form", not b.has("form"))
    b.shot("3-success")

    # ---- the old password is now wrong
    b.get(f"{URL}/")
    b.fill([("user", USER), ("current", CURRENT), ("new", "Another-Fine-Pw-7"),
            ("repeat", "Another-Fine-Pw-7")])
    status = b.submit()
    check("a wrong current password is refused (401)", status == 401, status)
    err = b.text("#result.error")
    check("the page says the password is wrong", "current password is wrong" in err, err)
    check("the user name is kept in the form", b.attr("#user", "value") == USER)
    check("the password fields are empty again", b.attr("#current", "value") == "")
    b.shot("4-wrong-password")

    # ---- a policy error reads clearly too
    b.fill([("current", NEW), ("new", "short"), ("repeat", "short")])
    status = b.submit()
    check("a too-short password is refused (422)", status == 422, status)
    check("the page names the rule", "too short" in b.text("#result"), b.text("#result"))
    b.shot("5-policy")
    check("no CSP violations", not b.problems, "\n  ".join(b.problems))


def test_italian(b):
    """An Italian browser with JavaScript off: the page, its errors and the switch."""
    b.get("data:text/html,<title>static</title><script>document.title='js'</script>")
    check("JavaScript is off in this browser", b.d.title == "static", b.d.title)

    status = b.get(f"{URL}/")
    check("the Italian page loads (200)", status == 200, status)
    check("html lang=it", b.attr("html", "lang") == "it", b.attr("html", "lang"))
    check("the heading is Italian", b.text("h1") == "Cambia la password della posta", b.text("h1"))
    labels = [b.text(f"label[for={f}]") for f in ("user", "current", "new", "repeat")]
    check("the labels are Italian",
          labels == ["Nome utente", "Password attuale", "Nuova password",
                     "Ripeti la nuova password"], labels)
    check("the rules are Italian", "caratteri" in b.text("#rules"), b.text("#rules"))
    check("the button is Italian", b.text("button[type=submit]") == "Cambia password")
    check("the switch offers English", b.has('nav a[hreflang="en"]'))
    b.shot("6-italiano")

    # An account that does not exist: the same answer as a wrong password.
    b.fill([("user", "mario.rossi"), ("current", "Sbagliata-123"), ("new", "Lanterna-Blu-77"),
            ("repeat", "Lanterna-Blu-77")])
    status = b.submit()
    check("a wrong password is refused in Italian (401)", status == 401, status)
    err = b.text("#result")
    check("the page says so in Italian", "password attuale non sono corretti" in err, err)
    check("the notice is an assertive live region",
          b.attr("#result", "role") == "alert" and b.attr("#result", "aria-live") == "assertive")
    check("the current-password field is marked invalid",
          b.attr("#current", "aria-invalid") == "true")
    check("the page is still Italian after the POST", b.attr("html", "lang") == "it")
    b.fill([("current", "Sbagliata-123"), ("new", "corta"), ("repeat", "corta")])
    status = b.submit()
    check("a too-short password is refused in Italian (422)", status == 422, status)
    check("the rule is named in Italian", "troppo corta" in b.text("#result"), b.text("#result"))
    b.shot("7-errore")

    # The switch, without JavaScript: a link, and a cookie that keeps the choice.
    status = b.get(f"{URL}/")
    b.d.find_element(By.CSS_SELECTOR, 'nav a[hreflang="en"]').click()
    WebDriverWait(b.d, TIMEOUT).until(lambda d: d.find_element(By.TAG_NAME, "html")
                                      .get_attribute("lang") == "en")
    check("the switch turns the page English", b.text("label[for=user]") == "User name",
          b.text("label[for=user]"))
    lang = b.d.get_cookie("__Host-postino_lang")
    check("the choice is kept in a cookie", lang is not None and lang.get("value") == "en", lang)
    b.get(f"{URL}/")
    check("the next visit stays English despite the Italian browser",
          b.attr("html", "lang") == "en" and b.text("h1") == "Change your mail password")
    b.shot("8-english")
    b.d.find_element(By.CSS_SELECTOR, 'nav a[hreflang="it"]').click()
    WebDriverWait(b.d, TIMEOUT).until(lambda d: d.find_element(By.TAG_NAME, "html")
                                      .get_attribute("lang") == "it")
    check("and back to Italian", b.text("h1") == "Cambia la password della posta")
    check("no CSP violations", not b.problems, "\n  ".join(b.problems))


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, lang, js, test in (("en", "en-US,en", True, test_change),
                                 ("it", "it-IT,it", False, test_italian)):
        b = None
        try:
            b = Browser(name, lang=lang, javascript=js)
            test(b)
        except Exception:
            check(f"the browser run ({name}) completed", False, traceback.format_exc())
        finally:
            if b is not None:
                b.close()
    print(f"pwchange-browser-page: {passed} passed, {failed} failed", flush=True)
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
