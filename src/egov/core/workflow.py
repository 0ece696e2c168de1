"""One engine for every lifecycle: a domain declares its transitions as a table, the engine performs
them and answers who may take which (decision 0041).

A domain gives:
- its table: one `Transition` per action (the states it starts from, the state it leads to, the
  staff permission and/or the owner who may take it, its label, the input it takes);
- one effect function per action that does more than move the state (`Workflow.action`), which
  checks the action's own rules and sets the object's columns;
- a recorder that writes its event row (the domain keeps its own event table, indexed for its
  statistics), and how to tell whether a staff member's scope holds the object.

`Workflow.perform(obj, action, actor, at, **input)` guarantees, in one transaction:
lock the row (SELECT ... FOR UPDATE) → `may()` (state, then the owner or the permission within the
actor's scope: the one place that decides who may act) → `closed` / `unchanged` refusals → the input
built and cleaned → the effect → status = target → the row saved → the event recorded → `publish`
after commit. A refusal raises `TransitionRefused` (a ValidationError with a code) and, because it is
raised inside that transaction, leaves nothing changed. `Workflow.allowed(obj, actor)` reads the same
table and the same `may()` for pages, queues and the API: what it lists is what `perform()` accepts,
apart from the effect's own rules that need the input (a date, a reason) to decide.
`sources_of(*actions)` and `permissions_of(*actions)` give a queue of the objects waiting for some
actions its states and the permissions that see it; `Transition.moves(from, to)` checks a recorded
event against its row. No page, queue or check restates a row's sources, target or permission.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.utils import timezone

__all__ = ["OWNER", "STAFF", "Change", "Step", "Transition", "TransitionRefused", "Workflow", "refuse"]

# Who takes a transition, as `may()` decides and the effect reads in `step.role`.
OWNER = "owner"
STAFF = "staff"


class TransitionRefused(ValidationError):
    """A transition that the table or the rules do not allow; nothing was changed."""


def refuse(message: str, code: str) -> TransitionRefused:
    return TransitionRefused(message, code=code)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str | None  # None: the state does not change
    permission: str | None  # staff permission ("app.codename"); None: staff may not
    owner: bool  # the user who owns the object (the applicant) may take it
    label: str
    # The action's arguments as a (frozen) dataclass; None: it takes none. A `cleaned()` method, if
    # the class has one, normalises them or refuses before the effect runs.
    input: type | None = None
    # effect(locked obj, input, step) -> Change | None: the action's own rules and columns.
    effect: Callable[[Any, Any, Step], Change | None] | None = None
    # For an action that keeps the state: given the locked object and the input, the refusal when
    # taking it would change nothing (None: it changes something). Without it, sixty identical calls
    # would leave sixty events.
    unchanged: Callable[[Any, Any], str | None] | None = None
    # The refusal when the object's own data closes the action for everybody (a dossier is rated
    # once); `allowed()` leaves such an action out.
    closed: Callable[[Any], TransitionRefused | None] | None = None

    def after(self, from_status: str) -> str:
        """The state the object is in once the transition is taken from `from_status`."""
        return self.target if self.target is not None else from_status

    def moves(self, from_status: str, to_status: str) -> bool:
        """Whether taking it can lead from `from_status` to `to_status`: how a recorded event is
        checked against the table (an integrity check folding a history)."""
        return from_status in self.sources and to_status == self.after(from_status)


@dataclass(frozen=True)
class Step:
    """What the effect and the recorder know about the transition being taken."""

    action: str
    actor: Any
    at: dt.datetime
    role: str  # OWNER or STAFF
    from_status: str


@dataclass
class Change:
    """What an effect did, for the engine to save and the recorder to write."""

    fields: Iterable[str] = ()  # columns the effect set on the object, saved with the status
    note: str = ""
    data: dict = dataclasses.field(default_factory=dict)


class Workflow:
    """The engine over one domain's table. `record(obj, step, change) -> event` writes the domain's
    event (after the object is saved); `in_scope(actor, obj)` says whether a staff member's scope
    holds the object; `publish(event)`, if given, runs after the transaction commits (never for a
    rolled-back one). `noun` names the object in refusals ("hồ sơ"). `owner_field` names the user
    who owns the object (the applicant); None when no user owns it, and then no row may be `owner`."""

    def __init__(
        self,
        model: type[models.Model],
        table: Mapping[str, Transition] | Iterable[Transition],
        *,
        record: Callable[[Any, Step, Change], Any],
        in_scope: Callable[[Any, Any], bool],
        noun: str,
        subject: str = "obj",
        lock_related: tuple[str, ...] = (),
        publish: Callable[[Any], None] | None = None,
        status_field: str = "status",
        owner_field: str | None = "owner_id",
    ):
        rows = table.values() if isinstance(table, Mapping) else table
        self.model, self.table = model, {t.action: t for t in rows}
        self.record, self.in_scope, self.publish = record, in_scope, publish
        self.noun, self.subject, self.lock_related = noun, subject, lock_related
        self.status_field, self.owner_field = status_field, owner_field
        if owner_field is None and any(t.owner for t in self.table.values()):
            raise ImproperlyConfigured(f"{model.__name__}: an owner's transition needs an owner_field")
        self._services: dict[str, Callable[..., Any]] = {}

    # --- who may act ---------------------------------------------------------------------------

    def _who(self, obj, transition: Transition, actor, in_scope: Callable[[], bool]) -> str:
        """OWNER or STAFF, or the code of the refusal: the one decision of who may act, read by
        `may()` and `allowed()`. `in_scope()` is asked last, and only when a permission needs it."""
        if getattr(obj, self.status_field) not in transition.sources:
            return "invalid_state"
        if actor is None or not actor.is_authenticated:
            return "not_authenticated"
        owner_id = getattr(obj, self.owner_field) if self.owner_field else None
        if transition.owner and owner_id is not None and actor.pk == owner_id:
            return OWNER
        if transition.permission and actor.has_perm(transition.permission) and in_scope():
            return STAFF
        return "forbidden"

    def may(self, obj, transition: Transition, actor) -> str:
        """OWNER or STAFF — who takes this transition — or a refusal (TransitionRefused)."""
        who = self._who(obj, transition, actor, lambda: self.in_scope(actor, obj))
        if who in (OWNER, STAFF):
            return who
        if who == "invalid_state":
            state = getattr(obj, f"get_{self.status_field}_display")()
            message = f"Không thể “{transition.label}” khi {self.noun} đang ở trạng thái “{state}”."
        elif who == "not_authenticated":
            message = "Cần đăng nhập để thực hiện thao tác này."
        else:
            message = f"Tài khoản của bạn không có quyền “{transition.label}” đối với {self.noun} này."
        raise refuse(message, who)

    def allowed(self, obj, actor) -> list[str]:
        """The actions `actor` may take on `obj` now, in table order: those `may()` lets through and
        no `closed` rule shuts (the rules of an effect that need its input are checked when the
        action is taken)."""
        in_scope = functools.cache(lambda: self.in_scope(actor, obj))  # one scope question per call
        return [
            action
            for action, transition in self.table.items()
            if self._who(obj, transition, actor, in_scope) in (OWNER, STAFF)
            and not (transition.closed and transition.closed(obj))
        ]

    # --- what the table says about several actions (queues) -------------------------------------

    def sources_of(self, *actions: str) -> frozenset[str]:
        """The states in which one of `actions` can be taken: a queue of "the objects waiting for
        this action" lists these, so it follows the table when a row's sources change."""
        return frozenset().union(*(self.table[action].sources for action in actions))

    def permissions_of(self, *actions: str) -> tuple[str, ...]:
        """The staff permissions that take one of `actions`, in table order, each once (an
        owner-only action has none): who is shown a queue of the objects waiting for them."""
        wanted = set(actions)
        permissions = (t.permission for action, t in self.table.items() if action in wanted and t.permission)
        return tuple(dict.fromkeys(permissions))

    # --- taking an action ----------------------------------------------------------------------

    def lock(self, obj):
        """The object re-read under a row lock. `of=("self",)`: lock its row only; a plain FOR UPDATE
        over the joined rows (`lock_related`) would also lock those and serialise unrelated work."""
        manager = self.model._default_manager
        return manager.select_for_update(of=("self",)).select_related(*self.lock_related).get(pk=obj.pk)

    def perform(self, obj, action: str, actor, at: dt.datetime | None = None, **arguments):
        """Take `action` on `obj` (see the module docstring for the order and the guarantees); returns
        the locked, updated object."""
        transition = self.table[action]
        data = _input(transition, arguments)
        with transaction.atomic():
            locked = self.lock(obj)
            role = self.may(locked, transition, actor)
            if transition.closed is not None and (refusal := transition.closed(locked)) is not None:
                raise refusal
            # Checked under the lock, so identical calls in parallel leave one event.
            if transition.unchanged is not None and (reason := transition.unchanged(locked, data)):
                raise refuse(reason, "unchanged")
            if hasattr(data, "cleaned"):
                data = data.cleaned()
            step = Step(action, actor, at or timezone.now(), role, getattr(locked, self.status_field))
            change = (transition.effect(locked, data, step) if transition.effect else None) or Change()
            setattr(locked, self.status_field, transition.after(step.from_status))
            locked.save(update_fields=sorted({self.status_field, *change.fields}))
            event = self.record(locked, step, change)
            if self.publish is not None:
                transaction.on_commit(functools.partial(self.publish, event))
        return locked

    # --- the domain's services -----------------------------------------------------------------

    def action(self, action: str):
        """Decorator: the function is the action's effect; the name is bound to its service, a
        keyword-only function (subject, actor, the input's fields, at=None) that calls `perform()`."""

        def register(effect):
            self.table[action] = dataclasses.replace(self.table[action], effect=effect)
            service = self.service(action)
            service.__name__, service.__qualname__ = effect.__name__, effect.__qualname__
            service.__module__, service.__doc__ = effect.__module__, effect.__doc__
            self._services[action] = service
            return service

        return register

    def service(self, action: str) -> Callable[..., Any]:
        transition = self.table[action]
        keyword = inspect.Parameter.KEYWORD_ONLY
        parameters = [inspect.Parameter(self.subject, keyword), inspect.Parameter("actor", keyword)]
        for field in dataclasses.fields(transition.input) if transition.input else ():
            default = (
                field.default
                if field.default is not dataclasses.MISSING
                else field.default_factory()
                if field.default_factory is not dataclasses.MISSING
                else inspect.Parameter.empty
            )
            parameters.append(inspect.Parameter(field.name, keyword, default=default, annotation=field.type))
        parameters.append(inspect.Parameter("at", keyword, default=None))
        signature = inspect.Signature(parameters)

        def service(**kwargs):
            signature.bind(**kwargs)  # a TypeError for a missing or unknown argument, as for any call
            obj, actor, at = kwargs.pop(self.subject), kwargs.pop("actor"), kwargs.pop("at", None)
            return self.perform(obj, action, actor, at, **kwargs)

        service.__signature__ = signature
        service.__name__ = str(action)
        return service

    def services(self) -> dict[str, Callable[..., Any]]:
        """Action -> service, for the views and the API that take the action from the URL."""
        return {action: self._services.get(action) or self.service(action) for action in self.table}


def _input(transition: Transition, arguments: dict):
    if transition.input is None:
        if arguments:
            raise TypeError(f"{transition.action} takes no input, got {sorted(arguments)}")
        return None
    return transition.input(**arguments)
