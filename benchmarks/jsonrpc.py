"""A JSON-RPC client of the Odoo web client's own routes, standard library only.

Used by the load benchmark (benchmarks/bench_load.py) and by the operations tests
(tests/ops/): it logs in through /web/session/authenticate (the session cookie is kept), calls
model methods through /web/dataset/call_kw as the web client does, and downloads from plain
HTTP routes (the XLSX exports).
"""

import http.cookiejar
import itertools
import json
import urllib.error
import urllib.parse
import urllib.request


class RpcError(Exception):
    """An error answer of Odoo (its JSON-RPC "error" member) or an HTTP error."""


class Client:
    _ids = itertools.count(1)

    def __init__(self, url, db, timeout=60):
        self.url = url.rstrip("/")
        self.db = db
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.uid = None

    def jsonrpc(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": next(self._ids),
                           "params": params}).encode()
        request = urllib.request.Request(self.url + path, data=body,
                                         headers={"Content-Type": "application/json"})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                answer = json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise RpcError(f"HTTP {error.code} on {path}") from error
        if answer.get("error"):
            data = answer["error"].get("data") or {}
            raise RpcError(f"{data.get('name', 'error')}: {data.get('message', answer['error'])}")
        return answer.get("result")

    def login(self, login, password):
        result = self.jsonrpc("/web/session/authenticate",
                              {"db": self.db, "login": login, "password": password})
        self.uid = result["uid"]
        return result

    def call(self, model, method, *args, **kwargs):
        return self.jsonrpc(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs})

    def get(self, path, **query):
        """Body of a GET on an HTTP route (e.g. an XLSX export)."""
        url = self.url + path + ("?" + urllib.parse.urlencode(query) if query else "")
        try:
            with self.opener.open(url, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            raise RpcError(f"HTTP {error.code} on {path}") from error
