import json
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

from odoo.addons.dawa_approval.controllers.portal import QUERY_LIMITER
from odoo.addons.dawa_approval.tools.ratelimit import RateLimiter

from .test_case_query import CSRF_PATTERN

COOLDOWN_MESSAGE = "Too many login failures"


def _set_cooldown(env, after=5, duration=600):
    params = env["ir.config_parameter"].sudo()
    params.set_param("base.login_cooldown_after", str(after))
    params.set_param("base.login_cooldown_duration", str(duration))


@tagged("post_install", "-at_install")
class TestLoginCooldownSharedByWorkers(HttpCase):
    """What an attacker did against the login with the demo accounts: with five workers the
    first refusal came at the 20th try (each worker counted its own failures), and a login
    of his own account from the same address cleared the failures (40 wrong passwords, none
    refused). The failures are now in the database."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        _set_cooldown(cls.env)
        cls.victim = new_test_user(cls.env, login="test_login_victim", groups="base.group_user")
        cls.attacker = new_test_user(cls.env, login="test_login_attacker",
                                     groups="base.group_user")

    def _login(self, login, password):
        """A login through the web client's endpoint; the error message, or None."""
        with mute_logger("odoo.http", "odoo.addons.base.models.res_users",
                         "odoo.addons.dawa_approval.models.res_users"):
            response = self.url_open("/web/session/authenticate", data=json.dumps({
                "jsonrpc": "2.0", "method": "call", "id": 1, "params": {
                    "db": self.env.cr.dbname, "login": login, "password": password}}),
                headers={"Content-Type": "application/json"})
        error = response.json().get("error")
        return error and error["data"]["message"]

    def _another_worker(self):
        """The next request lands on another worker: Odoo's own counter (in the memory of
        each worker) starts from nothing there."""
        if hasattr(self.registry, "_login_failures"):
            self.registry._login_failures.clear()

    def test_failures_count_across_workers(self):
        for attempt in range(5):
            self._another_worker()
            message = self._login(self.victim.login, f"wrong-{attempt}")
            self.assertNotIn(COOLDOWN_MESSAGE, message or "", attempt)
        self._another_worker()
        # the sixth try is refused, the right password included
        self.assertIn(COOLDOWN_MESSAGE, self._login(self.victim.login, self.victim.login))
        self.assertEqual(self.env["dawa.login.failure"].search(
            [("login", "=", self.victim.login)]).failures, 5)

    def test_own_login_does_not_clear_the_victims_failures(self):
        for attempt in range(4):
            self.assertTrue(self._login(self.victim.login, f"wrong-{attempt}"))
        # the attacker logs in with his own account from the same address...
        self.assertIsNone(self._login(self.attacker.login, self.attacker.login))
        # ...which leaves the victim's failures as they were: the fifth one is the last
        self.assertNotIn(COOLDOWN_MESSAGE, self._login(self.victim.login, "wrong-4"))
        for login in (self.victim.login, self.attacker.login):
            with self.subTest(login=login):
                self.assertIn(COOLDOWN_MESSAGE, self._login(login, login))

    def test_wrong_passwords_over_rpc_count_too(self):
        """/jsonrpc with a password per call (the service API): the same counters."""
        for attempt in range(5):
            with mute_logger("odoo.http", "odoo.addons.dawa_approval.models.res_users"):
                self.url_open("/jsonrpc", data=json.dumps({
                    "jsonrpc": "2.0", "method": "call", "id": 1, "params": {
                        "service": "object", "method": "execute_kw", "args": [
                            self.env.cr.dbname, self.victim.id, f"wrong-{attempt}",
                            "res.partner", "search", [[]]]}}),
                    headers={"Content-Type": "application/json"})
        self.assertIn(COOLDOWN_MESSAGE, self._login(self.victim.login, self.victim.login))

    def test_success_clears_its_own_failures(self):
        for attempt in range(3):
            self._login(self.victim.login, f"wrong-{attempt}")
        self.assertIsNone(self._login(self.victim.login, self.victim.login))
        self.assertFalse(self.env["dawa.login.failure"].search(
            [("login", "=", self.victim.login)]))


@tagged("post_install", "-at_install")
class TestLoginFailureCounts(TransactionCase):
    """The counters per address and per login, as every worker reads them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        _set_cooldown(cls.env)
        cls.Failure = cls.env["dawa.login.failure"]

    def _fail(self, address, login, times=1):
        for _time in range(times):
            self.Failure._record_failure(address, login)

    @freeze_time("2026-03-02 08:00:00")
    def test_per_address_and_per_login(self):
        self._fail("10.0.0.1", "clerk", 4)
        self.assertFalse(self.Failure._is_cooling_down("10.0.0.1", "clerk"))
        self._fail("10.0.0.2", "clerk")
        # five failures of one login, from several addresses: that login waits everywhere
        self.assertTrue(self.Failure._is_cooling_down("10.0.0.3", "clerk"))
        self.assertFalse(self.Failure._is_cooling_down("10.0.0.3", "reviewer"))
        # five failures from one address, of several logins: that address waits
        self._fail("10.0.0.9", "a", 2)
        self._fail("10.0.0.9", "b", 3)
        self.assertTrue(self.Failure._is_cooling_down("10.0.0.9", "reviewer"))
        # a success clears that login's failures from that address only
        self.Failure._forget("10.0.0.9", "b")
        self.assertFalse(self.Failure._is_cooling_down("10.0.0.9", "reviewer"))
        self.Failure._forget("10.0.0.2", "clerk")
        self.assertFalse(self.Failure._is_cooling_down("10.0.0.3", "clerk"))
        self.assertEqual(self.Failure.search([("login", "=", "clerk")]).failures, 4)

    def test_cooldown_ends_and_a_quiet_day_forgets(self):
        with freeze_time("2026-03-02 08:00:00"):
            self._fail("10.0.0.1", "clerk", 5)
            self.assertTrue(self.Failure._is_cooling_down("10.0.0.1", "clerk"))
        with freeze_time("2026-03-02 08:09:59"):
            self.assertTrue(self.Failure._is_cooling_down("10.0.0.1", "clerk"))
        with freeze_time("2026-03-02 08:10:01"):
            self.assertFalse(self.Failure._is_cooling_down("10.0.0.1", "clerk"))
            # each further failure waits ten minutes again
            self._fail("10.0.0.1", "clerk")
            self.assertTrue(self.Failure._is_cooling_down("10.0.0.1", "clerk"))
        with freeze_time("2026-03-03 09:00:00"):
            self._fail("10.0.0.1", "clerk")
            self.assertEqual(self.Failure.search([("login", "=", "clerk")]).failures, 1)
            self.Failure._gc_forgotten_failures()
            self.assertTrue(self.Failure.search([("login", "=", "clerk")]))
        with freeze_time("2026-03-04 09:00:01"):
            self.Failure._gc_forgotten_failures()
            self.assertFalse(self.Failure.search([("login", "=", "clerk")]))

    def test_no_cooldown_when_disabled(self):
        self._fail("10.0.0.1", "clerk", 10)
        with patch.object(type(self.Failure), "_cooldown_policy",
                          return_value=(0, timedelta(minutes=10))):
            self.assertFalse(self.Failure._is_cooling_down("10.0.0.1", "clerk"))
        self.assertTrue(self.Failure._is_cooling_down("10.0.0.1", "clerk"))


@tagged("post_install", "-at_install")
class TestPublicLimitSharedByWorkers(HttpCase):
    """/dawa/query as an attacker tried it with five workers: five wrong codes per minute
    and address in all, not five per worker."""

    def setUp(self):
        super().setUp()
        QUERY_LIMITER.reset()
        self.addCleanup(QUERY_LIMITER.reset)

    def _query(self, csrf):
        return self.url_open("/dawa/query", data={
            "csrf_token": csrf, "number": "DW202603020001", "code": "K7MP3XWA"},
            allow_redirects=False)

    def test_tries_are_counted_in_the_database(self):
        csrf = CSRF_PATTERN.search(self.url_open("/dawa/query").text).group(1)
        for _attempt in range(QUERY_LIMITER.limit):
            self.assertEqual(self._query(csrf).status_code, 400)
            # nothing in this worker's memory: another worker counts the same tries
            self.assertFalse(QUERY_LIMITER._tries)
        other_worker = RateLimiter(QUERY_LIMITER.limit, QUERY_LIMITER.period,
                                   name=QUERY_LIMITER.name)
        self.assertFalse(other_worker._hit_database(self.registry.cursor, "127.0.0.1"))
        self.assertTrue(other_worker._hit_database(self.registry.cursor, "10.0.0.7"))
        self.assertEqual(self._query(csrf).status_code, 429)
        # the other limiters of the address keep their own count
        apply_limiter = RateLimiter(5, 600, name="another form")
        self.assertTrue(apply_limiter._hit_database(self.registry.cursor, "127.0.0.1"))

    def test_tries_leave_the_period(self):
        limiter = RateLimiter(2, 60, name="test period")
        self.assertTrue(limiter._hit_database(self.registry.cursor, "10.0.0.1"))
        self.assertTrue(limiter._hit_database(self.registry.cursor, "10.0.0.1"))
        self.assertFalse(limiter._hit_database(self.registry.cursor, "10.0.0.1"))
        self.env.cr.execute(
            "UPDATE dawa_rate_limit_try SET tried_at = tried_at - interval '61 seconds' "
            "WHERE scope = 'test period'")
        self.assertTrue(limiter._hit_database(self.registry.cursor, "10.0.0.1"))
        self.env["dawa.rate.limit.try"]._gc_old_tries()
        self.assertEqual(self.env["dawa.rate.limit.try"].search_count(
            [("scope", "=", "test period")]), 1)
