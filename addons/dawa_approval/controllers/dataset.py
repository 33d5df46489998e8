import contextlib

from odoo import http
from odoo.http import request

from odoo.addons.web.controllers import dataset

from ..models.dawa_seal_usage import rpc_env


class DataSet(dataset.DataSet):
    """The web client's RPC routes: an action marked ``in_ledger_turn`` (a decision, a
    sealing), called by a button or by ``orm.call``, runs in a turn of its own in the seal
    ledger (``dawa_seal_usage.rpc_env``), as a method marked ``api.readonly`` runs on a
    read-only cursor."""

    @http.route()
    def call_kw(self, model, method, args, kwargs, path=None):
        with self._dawa_call_env(model, method):
            return super().call_kw(model, method, args, kwargs, path=path)

    @http.route()
    def call_button(self, model, method, args, kwargs, path=None):
        with self._dawa_call_env(model, method):
            return super().call_button(model, method, args, kwargs, path=path)

    @contextlib.contextmanager
    def _dawa_call_env(self, model, method):
        """``request.env`` is the environment of the call while the route runs it."""
        outer = request.env
        with rpc_env(outer, model, method) as env:
            request.env = env
            try:
                yield
            finally:
                request.env = outer
