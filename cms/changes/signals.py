"""Signals sent for each new change log entry; see the contract in :mod:`cms.changes`."""

from django.dispatch import Signal

#: Sent once per new :class:`~cms.changes.models.Change` when the transaction
#: that recorded it commits (at once outside a transaction). Kwarg: ``change``.
change_recorded = Signal()

#: Sent at once, inside the recording transaction, before it commits. For
#: in-process state that must follow within the transaction (the shared
#: response cache). Kwargs: ``change``, and ``targets``, its
#: :class:`~cms.changes.models.ChangeTarget` rows as just written (so a
#: receiver need not read them back). Anything leaving the process wants
#: :data:`change_recorded` instead, which a rollback never sends.
change_staged = Signal()
